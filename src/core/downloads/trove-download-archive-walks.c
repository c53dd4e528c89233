/* trove-download-archive-walks.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The archive's walks over accounts, and when each chat and account was last synced.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "trove-download-archive-private.h"

gboolean
_trove_download_archive_create_walk_tables (TroveDownloadArchive *self, GError **error)
{
  if (sqlite3_exec (self->db,
                    "CREATE TABLE IF NOT EXISTS walks ("
                    "  account TEXT NOT NULL, scope TEXT NOT NULL, started_at INTEGER NOT NULL,"
                    "  PRIMARY KEY (account, scope));"
                    "CREATE TABLE IF NOT EXISTS walk_chats ("
                    "  account TEXT NOT NULL, scope TEXT NOT NULL, chat TEXT NOT NULL,"
                    "  finished_at INTEGER NOT NULL, PRIMARY KEY (account, scope, chat));"
                    "CREATE TABLE IF NOT EXISTS chat_sync ("
                    "  account TEXT NOT NULL, chat TEXT NOT NULL, last_synced_at INTEGER NOT NULL,"
                    "  last_message_at INTEGER NOT NULL, PRIMARY KEY (account, chat));",
                    NULL, NULL, NULL) != SQLITE_OK)
    return _trove_download_archive_fail (self, _ ("be opened"), error);

  return TRUE;
}

/* Runs @sql with its parameters ?1 to ?3 bound to the texts @a, @b, @c and ?4, ?5 to the
 * numbers @d, @e (as far as it has them); returns the first row's first column, or -1 without
 * a row. */
static gint64
walk_statement (TroveDownloadArchive *self,
                const char *sql,
                const char *a,
                const char *b,
                const char *c,
                gint64 d,
                gint64 e)
{
  sqlite3_stmt *statement = NULL;
  gint64 value = -1;
  int step;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &statement, NULL) != SQLITE_OK)
    {
      g_warning ("Download archive: %s", sqlite3_errmsg (self->db));
      return -1;
    }

  sqlite3_bind_text (statement, 1, a, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (statement) >= 2)
    sqlite3_bind_text (statement, 2, b, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (statement) >= 3)
    sqlite3_bind_text (statement, 3, c, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (statement) >= 4)
    sqlite3_bind_int64 (statement, 4, d);
  if (sqlite3_bind_parameter_count (statement) >= 5)
    sqlite3_bind_int64 (statement, 5, e);

  step = sqlite3_step (statement);
  if (step == SQLITE_ROW)
    value = sqlite3_column_int64 (statement, 0);
  else if (step != SQLITE_DONE)
    g_warning ("Download archive: %s", sqlite3_errmsg (self->db));
  sqlite3_finalize (statement);

  return value;
}

gboolean
trove_download_archive_begin_walk (TroveDownloadArchive *self,
                                   const char *account_id,
                                   const char *scope)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), FALSE);

  if (walk_statement (self, "SELECT started_at FROM walks WHERE account = ? AND scope = ?",
                      account_id, scope, NULL, 0, 0) >= 0)
    return TRUE;

  walk_statement (self, "DELETE FROM walk_chats WHERE account = ? AND scope = ?", account_id, scope,
                  NULL, 0, 0);
  walk_statement (self, "INSERT OR REPLACE INTO walks VALUES (?1, ?2, ?4)", account_id, scope, NULL,
                  g_get_real_time () / G_USEC_PER_SEC, 0);
  return FALSE;
}

void
trove_download_archive_end_walk (TroveDownloadArchive *self,
                                 const char *account_id,
                                 const char *scope)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  walk_statement (self, "DELETE FROM walk_chats WHERE account = ? AND scope = ?", account_id, scope,
                  NULL, 0, 0);
  walk_statement (self, "DELETE FROM walks WHERE account = ? AND scope = ?", account_id, scope,
                  NULL, 0, 0);
}

gboolean
trove_download_archive_walk_has_chat (TroveDownloadArchive *self,
                                      const char *account_id,
                                      const char *scope,
                                      const char *chat_id)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), FALSE);

  return walk_statement (self,
                         "SELECT finished_at FROM walk_chats WHERE account = ? AND scope = ? AND "
                         "chat = ?",
                         account_id, scope, chat_id, 0, 0) >= 0;
}

void
trove_download_archive_walk_add_chat (TroveDownloadArchive *self,
                                      const char *account_id,
                                      const char *scope,
                                      const char *chat_id,
                                      gboolean synced,
                                      gint64 last_message_at)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  walk_statement (self, "INSERT OR REPLACE INTO walk_chats VALUES (?, ?, ?, ?)", account_id, scope,
                  chat_id, now, 0);
  if (synced)
    walk_statement (self, "INSERT OR REPLACE INTO chat_sync VALUES (?1, ?2, ?4, ?5)", account_id,
                    chat_id, NULL, now, last_message_at);
}

gboolean
trove_download_archive_get_chat_sync (TroveDownloadArchive *self,
                                      const char *account_id,
                                      const char *chat_id,
                                      gint64 *last_synced_at,
                                      gint64 *last_message_at)
{
  gint64 synced;
  gint64 message;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), FALSE);

  synced =
      walk_statement (self, "SELECT last_synced_at FROM chat_sync WHERE account = ? AND chat = ?",
                      account_id, chat_id, NULL, 0, 0);
  message =
      walk_statement (self, "SELECT last_message_at FROM chat_sync WHERE account = ? AND chat = ?",
                      account_id, chat_id, NULL, 0, 0);
  if (last_synced_at)
    *last_synced_at = MAX (synced, 0);
  if (last_message_at)
    *last_message_at = MAX (message, 0);
  return synced >= 0;
}

gint64
trove_download_archive_get_account_sync (TroveDownloadArchive *self, const char *account_id)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), 0);

  return MAX (walk_statement (self, "SELECT last_message_at FROM account_sync WHERE account = ?",
                              account_id, NULL, NULL, 0, 0),
              0);
}

void
trove_download_archive_set_account_sync (TroveDownloadArchive *self,
                                         const char *account_id,
                                         gint64 last_message_at)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  walk_statement (self, "INSERT OR REPLACE INTO account_sync VALUES (?1, ?4)", account_id, NULL,
                  NULL, last_message_at, 0);
}
