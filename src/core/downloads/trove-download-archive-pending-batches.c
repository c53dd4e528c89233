/* trove-download-archive-pending-batches.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The archive's batches not finished (the window's Download Everything), so that a restart
 * shows them again and their walk goes on where it stopped.
 */

#include "config.h"

#include <sqlite3.h>

#include "trove-download-archive-private.h"

gboolean
_trove_download_archive_create_pending_batches (TroveDownloadArchive *self)
{
  return sqlite3_exec (self->db,
                       "CREATE TABLE IF NOT EXISTS pending_batches ("
                       "  account TEXT NOT NULL, scope TEXT NOT NULL, title TEXT NOT NULL,"
                       "  paused INTEGER NOT NULL, started_at INTEGER NOT NULL, done INTEGER NOT "
                       "NULL,"
                       "  PRIMARY KEY (account, scope));",
                       NULL, NULL, NULL) == SQLITE_OK;
}

/* Runs @sql, ?1 to ?3 bound to @account_id, @scope, @title and ?4 to @number (as far as it has
 * them). Losing a row costs only the batch's entry after a restart: failures are logged. */
static void
run_batch_statement (TroveDownloadArchive *self,
                     const char *sql,
                     const char *account_id,
                     const char *scope,
                     const char *title,
                     gint64 number)
{
  sqlite3_stmt *statement = NULL;
  int n;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &statement, NULL) != SQLITE_OK)
    {
      g_warning ("Could not remember a batch: %s", sqlite3_errmsg (self->db));
      return;
    }

  n = sqlite3_bind_parameter_count (statement);
  sqlite3_bind_text (statement, 1, account_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, scope, -1, SQLITE_TRANSIENT);
  if (n >= 3)
    sqlite3_bind_text (statement, 3, title, -1, SQLITE_TRANSIENT);
  if (n >= 4)
    sqlite3_bind_int64 (statement, 4, number);
  if (sqlite3_step (statement) != SQLITE_DONE)
    g_warning ("Could not remember a batch: %s", sqlite3_errmsg (self->db));
  sqlite3_finalize (statement);
}

void
trove_download_pending_batch_free (TroveDownloadPendingBatch *batch)
{
  g_free (batch->account_id);
  g_free (batch->scope);
  g_free (batch->title);
  g_free (batch);
}

void
trove_download_archive_add_pending_batch (TroveDownloadArchive *self,
                                          const char *account_id,
                                          const char *scope,
                                          const char *title)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));
  g_return_if_fail (account_id != NULL && scope != NULL && title != NULL);

  run_batch_statement (self, "INSERT OR REPLACE INTO pending_batches VALUES (?1, ?2, ?3, 0, ?4, 0)",
                       account_id, scope, title, g_get_real_time () / G_USEC_PER_SEC);
}

void
trove_download_archive_set_pending_batch_paused (TroveDownloadArchive *self,
                                                 const char *account_id,
                                                 const char *scope,
                                                 gboolean paused)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  run_batch_statement (self,
                       "UPDATE pending_batches SET paused = ?4 WHERE account = ?1 AND scope = ?2",
                       account_id, scope, NULL, paused ? 1 : 0);
}

void
trove_download_archive_count_pending_batch_done (TroveDownloadArchive *self,
                                                 const char *account_id,
                                                 const char *scope)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  run_batch_statement (self,
                       "UPDATE pending_batches SET done = done + 1 WHERE account = ?1 AND scope = "
                       "?2",
                       account_id, scope, NULL, 0);
}

void
trove_download_archive_remove_pending_batch (TroveDownloadArchive *self,
                                             const char *account_id,
                                             const char *scope)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  run_batch_statement (self, "DELETE FROM pending_batches WHERE account = ? AND scope = ?",
                       account_id, scope, NULL, 0);
}

GPtrArray *
trove_download_archive_list_pending_batches (TroveDownloadArchive *self)
{
  GPtrArray *list =
      g_ptr_array_new_with_free_func ((GDestroyNotify) trove_download_pending_batch_free);
  sqlite3_stmt *statement = NULL;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), list);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT account, scope, title, paused, done FROM pending_batches "
                          "ORDER BY started_at",
                          -1, &statement, NULL) != SQLITE_OK)
    return list;

  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      TroveDownloadPendingBatch *batch = g_new0 (TroveDownloadPendingBatch, 1);

      batch->account_id = _trove_download_archive_column_text (statement, 0);
      batch->scope = _trove_download_archive_column_text (statement, 1);
      batch->title = _trove_download_archive_column_text (statement, 2);
      batch->paused = sqlite3_column_int (statement, 3) != 0;
      batch->done = sqlite3_column_int (statement, 4);
      g_ptr_array_add (list, batch);
    }
  sqlite3_finalize (statement);

  return list;
}
