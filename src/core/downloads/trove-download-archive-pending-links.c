/* trove-download-archive-pending-links.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The archive's places still to be filled by a link (the same media in another chat), so that
 * a restart takes them up again like the downloads of the pending table.
 */

#include "config.h"

#include <sqlite3.h>

#include "trove-download-archive-private.h"

gboolean
_trove_download_archive_create_pending_links (TroveDownloadArchive *self)
{
  return sqlite3_exec (self->db,
                       "CREATE TABLE IF NOT EXISTS pending_links ("
                       "  account TEXT NOT NULL, media TEXT NOT NULL, chat TEXT NOT NULL,"
                       "  chat_name TEXT, message TEXT, kind INTEGER NOT NULL, name TEXT,"
                       "  sent_at INTEGER NOT NULL, destination TEXT NOT NULL,"
                       "  added INTEGER NOT NULL, PRIMARY KEY (account, media, chat));",
                       NULL, NULL, NULL) == SQLITE_OK;
}

/* Losing a row costs only a link made when the chat is downloaded again: failures are logged,
 * not raised. */
static void
run_link_statement (TroveDownloadArchive *self,
                    const char *sql,
                    const TroveDownloadPending *row,
                    gboolean all_columns)
{
  sqlite3_stmt *statement = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &statement, NULL) != SQLITE_OK)
    {
      g_warning ("Could not remember a link: %s", sqlite3_errmsg (self->db));
      return;
    }

  sqlite3_bind_text (statement, 1, row->account_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, row->media_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 3, row->chat_id, -1, SQLITE_TRANSIENT);
  if (all_columns)
    {
      sqlite3_bind_text (statement, 4, row->chat_name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (statement, 5, row->message_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (statement, 6, row->kind);
      sqlite3_bind_text (statement, 7, row->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (statement, 8, row->sent_at);
      sqlite3_bind_text (statement, 9, row->destination, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (statement, 10, g_get_real_time ());
    }
  if (sqlite3_step (statement) != SQLITE_DONE)
    g_warning ("Could not remember a link: %s", sqlite3_errmsg (self->db));
  sqlite3_finalize (statement);
}

void
trove_download_archive_add_pending_link (TroveDownloadArchive *self,
                                         const TroveDownloadPending *row)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));
  g_return_if_fail (row != NULL && row->chat_id != NULL && row->destination != NULL);

  run_link_statement (self,
                      "INSERT OR REPLACE INTO pending_links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      row, TRUE);
}

void
trove_download_archive_remove_pending_link (TroveDownloadArchive *self,
                                            const char *account_id,
                                            const char *media_id,
                                            const char *chat_id)
{
  TroveDownloadPending row = {
    .account_id = (char *) account_id,
    .media_id = (char *) media_id,
    .chat_id = (char *) chat_id,
  };

  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  run_link_statement (self,
                      "DELETE FROM pending_links WHERE account = ? AND media = ? AND chat = ?",
                      &row, FALSE);
}

GPtrArray *
trove_download_archive_list_pending_links (TroveDownloadArchive *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) trove_download_pending_free);
  sqlite3_stmt *statement = NULL;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), list);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT account, media, message, chat, kind, name, sent_at, destination, "
                          "chat_name FROM pending_links ORDER BY added",
                          -1, &statement, NULL) != SQLITE_OK)
    return list;

  while (sqlite3_step (statement) == SQLITE_ROW)
    g_ptr_array_add (list, _trove_download_archive_read_pending (statement));
  sqlite3_finalize (statement);

  return list;
}
