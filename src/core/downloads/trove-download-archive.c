/* trove-download-archive.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/xattr.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "trove-download-archive-private.h"
#include "trove-error.h"
#include "trove-part-owner.h"

G_DEFINE_FINAL_TYPE (TroveDownloadArchive, trove_download_archive, G_TYPE_OBJECT)

static void
trove_download_archive_finalize (GObject *object)
{
  TroveDownloadArchive *self = TROVE_DOWNLOAD_ARCHIVE (object);

  /* A connection with statements left open does not close. */
  for (guint i = 0; i < N_STATEMENTS; i++)
    g_clear_pointer (&self->statements[i], sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);

  G_OBJECT_CLASS (trove_download_archive_parent_class)->finalize (object);
}

static void
trove_download_archive_class_init (TroveDownloadArchiveClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trove_download_archive_finalize;
}

static void
trove_download_archive_init (TroveDownloadArchive *self)
{
}

gboolean
_trove_download_archive_fail (TroveDownloadArchive *self, const char *what, GError **error)
{
  g_set_error (error, G_IO_ERROR,
               self->db && sqlite3_errcode (self->db) == SQLITE_FULL ? G_IO_ERROR_NO_SPACE
                                                                     : G_IO_ERROR_FAILED,
               _ ("The download archive could not %s: %s"), what,
               self->db ? sqlite3_errmsg (self->db) : "");
  return FALSE;
}

sqlite3_stmt *
_trove_download_archive_statement (TroveDownloadArchive *self, Statement which, const char *sql)
{
  if (self->statements[which] == NULL &&
      sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &self->statements[which],
                          NULL) != SQLITE_OK)
    return NULL;

  return self->statements[which];
}

void
_trove_download_archive_statement_done (sqlite3_stmt *statement)
{
  sqlite3_reset (statement);
  sqlite3_clear_bindings (statement);
}

TroveDownloadArchive *
trove_download_archive_new (const char *path, GError **error)
{
  g_autoptr (TroveDownloadArchive) self = g_object_new (TROVE_TYPE_DOWNLOAD_ARCHIVE, NULL);
  g_autofree char *default_path = NULL;
  g_autofree char *dir = NULL;

  if (path == NULL)
    path = default_path =
        g_build_filename (g_get_user_data_dir (), "trove", "archive.sqlite3", NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), _ ("Could not create %s: %s"),
                   dir, g_strerror (errno));
      return NULL;
    }

  if (sqlite3_open (path, &self->db) != SQLITE_OK ||
      sqlite3_busy_timeout (self->db, 5000) != SQLITE_OK ||
      sqlite3_exec (
          self->db,
          "PRAGMA journal_mode=WAL;"
          /* No fsync per record, only at checkpoints: a crash of the process loses
           * nothing, a power loss at most the last records, and never the archive's
           * consistency. That is safe here: each file is fsynced before its rename, so
           * a lost record's file is whole, and a lost last record is re-adopted from its
           * pending row (the record commits before the row's removal, so both go). */
          "PRAGMA synchronous=NORMAL;"
          "CREATE TABLE IF NOT EXISTS downloads ("
          "  account TEXT NOT NULL, media TEXT NOT NULL, path TEXT NOT NULL,"
          "  size INTEGER NOT NULL, sha256 TEXT NOT NULL, downloaded_at INTEGER NOT NULL,"
          "  PRIMARY KEY (account, media));"
          "CREATE TABLE IF NOT EXISTS pending ("
          "  account TEXT NOT NULL, media TEXT NOT NULL, message TEXT, chat TEXT NOT NULL,"
          "  kind INTEGER NOT NULL, name TEXT, sent_at INTEGER NOT NULL, destination TEXT NOT NULL,"
          "  added INTEGER NOT NULL, PRIMARY KEY (account, media));"
          "CREATE TABLE IF NOT EXISTS account_sync ("
          "  account TEXT NOT NULL PRIMARY KEY, last_message_at INTEGER NOT NULL);",
          NULL, NULL, NULL) != SQLITE_OK)
    {
      _trove_download_archive_fail (self, _ ("be opened"), error);
      return NULL;
    }
  if (!_trove_download_archive_create_places (self) ||
      !_trove_download_archive_create_pending_links (self) ||
      !_trove_download_archive_create_pending_batches (self))
    {
      _trove_download_archive_fail (self, _ ("be opened"), error);
      return NULL;
    }

  if (!_trove_download_archive_create_walk_tables (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
trove_download_archive_record (TroveDownloadArchive *self,
                               const char *account_id,
                               const char *media_id,
                               const char *path,
                               gint64 size,
                               const char *sha256,
                               GError **error)
{
  sqlite3_stmt *statement = NULL;
  gboolean ok;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), FALSE);

  statement = _trove_download_archive_statement (
      self, STATEMENT_RECORD, "INSERT OR REPLACE INTO downloads VALUES (?, ?, ?, ?, ?, ?)");
  if (statement == NULL)
    return _trove_download_archive_fail (self, _ ("record a download"), error);

  sqlite3_bind_text (statement, 1, account_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, media_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 3, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 4, size);
  sqlite3_bind_text (statement, 5, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 6, g_get_real_time () / G_USEC_PER_SEC);
  ok = sqlite3_step (statement) == SQLITE_DONE;
  if (!ok)
    _trove_download_archive_fail (self, _ ("record a download"), error);
  _trove_download_archive_statement_done (statement);

  return ok;
}

char *
_trove_download_archive_column_text (sqlite3_stmt *statement, int column)
{
  const char *text = (const char *) sqlite3_column_text (statement, column);

  return text ? g_strdup (text) : NULL;
}

sqlite3_stmt *
_trove_download_archive_prepare_for_item (TroveDownloadArchive *self,
                                          Statement which,
                                          const char *sql,
                                          const char *account_id,
                                          const char *media_id)
{
  sqlite3_stmt *statement = _trove_download_archive_statement (self, which, sql);

  if (statement == NULL)
    return NULL;

  sqlite3_bind_text (statement, 1, account_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, media_id, -1, SQLITE_TRANSIENT);
  return statement;
}

char *
trove_download_archive_lookup (TroveDownloadArchive *self,
                               const char *account_id,
                               const char *media_id)
{
  sqlite3_stmt *statement = NULL;
  g_autofree char *path = NULL;
  gint64 size = -1;
  GStatBuf buf;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), NULL);

  statement = _trove_download_archive_prepare_for_item (self, STATEMENT_LOOKUP,
                                                        "SELECT path, size FROM downloads WHERE "
                                                        "account = ? AND media = ?",
                                                        account_id, media_id);
  if (statement == NULL)
    return NULL;

  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      path = _trove_download_archive_column_text (statement, 0);
      size = sqlite3_column_int64 (statement, 1);
    }
  _trove_download_archive_statement_done (statement);

  /* The archive alone is not proof: the file must still be there, whole. */
  if (path == NULL || g_stat (path, &buf) != 0 || buf.st_size != size)
    return NULL;

  return g_steal_pointer (&path);
}

guint
_trove_download_archive_count (TroveDownloadArchive *self, const char *account_id)
{
  sqlite3_stmt *statement = NULL;
  guint count = 0;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), 0);

  if ((statement = _trove_download_archive_statement (
           self, STATEMENT_COUNT, "SELECT COUNT(*) FROM downloads WHERE account = ?")) == NULL)
    return 0;

  sqlite3_bind_text (statement, 1, account_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int (statement, 0);
  _trove_download_archive_statement_done (statement);

  return count;
}

void
trove_download_pending_free (TroveDownloadPending *pending)
{
  g_free (pending->account_id);
  g_free (pending->media_id);
  g_free (pending->message_id);
  g_free (pending->chat_id);
  g_free (pending->name);
  g_free (pending->destination);
  g_free (pending->chat_name);
  g_free (pending);
}

/* Losing a pending row costs only a resume after a restart: failures are logged, not raised. */
void
trove_download_archive_add_pending (TroveDownloadArchive *self,
                                    const char *account_id,
                                    const char *media_id,
                                    const char *message_id,
                                    const char *chat_id,
                                    int kind,
                                    const char *name,
                                    gint64 sent_at,
                                    const char *destination)
{
  sqlite3_stmt *statement = NULL;

  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  if ((statement = _trove_download_archive_statement (self, STATEMENT_ADD_PENDING,
                                                      "INSERT OR REPLACE INTO pending VALUES (?, "
                                                      "?, ?, ?, ?, ?, ?, ?, ?)")) == NULL)
    {
      g_warning ("Could not remember a download: %s", sqlite3_errmsg (self->db));
      return;
    }

  sqlite3_bind_text (statement, 1, account_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, media_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 3, message_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 4, chat_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (statement, 5, kind);
  sqlite3_bind_text (statement, 6, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 7, sent_at);
  sqlite3_bind_text (statement, 8, destination, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 9, g_get_real_time ());
  if (sqlite3_step (statement) != SQLITE_DONE)
    g_warning ("Could not remember a download: %s", sqlite3_errmsg (self->db));
  _trove_download_archive_statement_done (statement);
}

void
trove_download_archive_remove_pending (TroveDownloadArchive *self,
                                       const char *account_id,
                                       const char *media_id)
{
  sqlite3_stmt *statement;

  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  statement = _trove_download_archive_prepare_for_item (self, STATEMENT_REMOVE_PENDING,
                                                        "DELETE FROM pending WHERE account = ? AND "
                                                        "media = ?",
                                                        account_id, media_id);
  if (statement == NULL)
    return;

  sqlite3_step (statement);
  _trove_download_archive_statement_done (statement);
}

TroveDownloadPending *
_trove_download_archive_read_pending (sqlite3_stmt *statement)
{
  TroveDownloadPending *pending = g_new0 (TroveDownloadPending, 1);

  pending->account_id = _trove_download_archive_column_text (statement, 0);
  pending->media_id = _trove_download_archive_column_text (statement, 1);
  pending->message_id = _trove_download_archive_column_text (statement, 2);
  pending->chat_id = _trove_download_archive_column_text (statement, 3);
  pending->kind = sqlite3_column_int (statement, 4);
  pending->name = _trove_download_archive_column_text (statement, 5);
  pending->sent_at = sqlite3_column_int64 (statement, 6);
  pending->destination = _trove_download_archive_column_text (statement, 7);
  if (sqlite3_column_count (statement) > 8)
    pending->chat_name = _trove_download_archive_column_text (statement, 8);
  return pending;
}

GPtrArray *
trove_download_archive_list_pending (TroveDownloadArchive *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) trove_download_pending_free);
  sqlite3_stmt *statement = NULL;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), list);

  statement =
      _trove_download_archive_statement (self, STATEMENT_LIST_PENDING,
                                         "SELECT account, media, message, chat, kind, name, "
                                         "sent_at, destination FROM pending ORDER BY added");
  if (statement == NULL)
    return list;

  while (sqlite3_step (statement) == SQLITE_ROW)
    g_ptr_array_add (list, _trove_download_archive_read_pending (statement));
  _trove_download_archive_statement_done (statement);

  return list;
}

/* Places: where each item is kept, one row per file (its download, and the links in the other
 * chats it was sent in). */

static char *
file_sha256 (const char *path, gint64 *size)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) input = g_file_read (file, NULL, NULL);
  g_autofree guchar *buffer = g_malloc (256 * 1024);
  gssize n;

  if (input == NULL)
    return NULL;

  *size = 0;
  while ((n = g_input_stream_read (G_INPUT_STREAM (input), buffer, 256 * 1024, NULL, NULL)) > 0)
    {
      g_checksum_update (checksum, buffer, n);
      *size += n;
    }

  return n == 0 ? g_strdup (g_checksum_get_string (checksum)) : NULL;
}

/* Whether the file at @path, if it says which item it holds (the download records it on the
 * .part, and the rename keeps it), holds this one. */
static gboolean
owned_by (const char *path, const char *account_id, const char *media_id)
{
  g_autofree char *key = trove_download_owner_key (account_id, media_id);
  char value[512];
  ssize_t n = lgetxattr (path, TROVE_DOWNLOAD_OWNER_XATTR, value, sizeof value);

  return n < 0 || ((gsize) n == strlen (key) && memcmp (value, key, n) == 0);
}

char *
trove_download_archive_adopt_renamed (TroveDownloadArchive *self,
                                      const char *account_id,
                                      const char *media_id)
{
  sqlite3_stmt *statement = NULL;
  g_autofree char *destination = NULL;
  g_autofree char *part = NULL;
  g_autofree char *sha256 = NULL;
  gint64 size = 0;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), NULL);

  statement = _trove_download_archive_prepare_for_item (self, STATEMENT_PENDING_DESTINATION,
                                                        "SELECT destination FROM pending WHERE "
                                                        "account = ? AND media = ?",
                                                        account_id, media_id);
  if (statement == NULL)
    return NULL;

  if (sqlite3_step (statement) == SQLITE_ROW)
    destination = _trove_download_archive_column_text (statement, 0);
  _trove_download_archive_statement_done (statement);

  /* The destination was free when the download took it; only its own rename fills it and
   * empties the .part. */
  if (destination == NULL || !g_file_test (destination, G_FILE_TEST_IS_REGULAR))
    return NULL;
  part = g_strconcat (destination, ".part", NULL);
  if (g_file_test (part, G_FILE_TEST_EXISTS) || !owned_by (destination, account_id, media_id) ||
      (sha256 = file_sha256 (destination, &size)) == NULL)
    return NULL;

  if (!trove_download_archive_record (self, account_id, media_id, destination, size, sha256, NULL))
    return NULL;
  trove_download_archive_remove_pending (self, account_id, media_id);

  return g_steal_pointer (&destination);
}

/* The walk over an account's chats. walks: one row per walk not ended; walk_chats: the chats
 * it finished; chat_sync: when each chat was last synced in full, and its last message then. */
