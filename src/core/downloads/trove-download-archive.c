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

/* The statements every call would otherwise compile again (about as long as running them);
 * shared, like the connection, by the one thread that uses the archive. */
typedef enum
{
  STATEMENT_RECORD,
  STATEMENT_LOOKUP,
  STATEMENT_COUNT,
  STATEMENT_ADD_PENDING,
  STATEMENT_REMOVE_PENDING,
  STATEMENT_LIST_PENDING,
  STATEMENT_PENDING_DESTINATION,
  STATEMENT_ADD_PLACE,
  STATEMENT_LOOKUP_PLACE,
  STATEMENT_LOOKUP_IN_CHAT,
  STATEMENT_LIST_CHATS,
  STATEMENT_COUNT_CHATS,
  STATEMENT_LIST_OTHER_CHATS,
  STATEMENT_LIST_PLACES,
  N_STATEMENTS
} Statement;

struct _TroveDownloadArchive
{
  GObject parent_instance;

  sqlite3 *db;
  sqlite3_stmt *statements[N_STATEMENTS];
};

G_DEFINE_FINAL_TYPE (TroveDownloadArchive, trove_download_archive, G_TYPE_OBJECT)

/* The places block, at the end of this file. */
static gboolean create_places (TroveDownloadArchive *self);

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

static gboolean
fail (TroveDownloadArchive *self,
      const char *what,
      GError **error)
{
  g_set_error (error, G_IO_ERROR, self->db && sqlite3_errcode (self->db) == SQLITE_FULL ? G_IO_ERROR_NO_SPACE : G_IO_ERROR_FAILED,
               _ ("The download archive could not %s: %s"),
               what, self->db ? sqlite3_errmsg (self->db) : "");
  return FALSE;
}

static gboolean create_walk_tables (TroveDownloadArchive *self, GError **error);

/* @which, compiled on first use and kept; NULL if SQLite refuses it. Give it back with
 * statement_done() so that it holds no read snapshot or write lock between calls. */
static sqlite3_stmt *
cached_statement (TroveDownloadArchive *self,
                  Statement which,
                  const char *sql)
{
  if (self->statements[which] == NULL &&
      sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &self->statements[which], NULL) != SQLITE_OK)
    return NULL;

  return self->statements[which];
}

static void
statement_done (sqlite3_stmt *statement)
{
  sqlite3_reset (statement);
  sqlite3_clear_bindings (statement);
}

TroveDownloadArchive *
trove_download_archive_new (const char *path,
                            GError **error)
{
  g_autoptr (TroveDownloadArchive) self = g_object_new (TROVE_TYPE_DOWNLOAD_ARCHIVE, NULL);
  g_autofree char *default_path = NULL;
  g_autofree char *dir = NULL;

  if (path == NULL)
    path = default_path = g_build_filename (g_get_user_data_dir (), "trove", "archive.sqlite3", NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), _ ("Could not create %s: %s"), dir, g_strerror (errno));
      return NULL;
    }

  if (sqlite3_open (path, &self->db) != SQLITE_OK ||
      sqlite3_busy_timeout (self->db, 5000) != SQLITE_OK ||
      sqlite3_exec (self->db,
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
      fail (self, _ ("be opened"), error);
      return NULL;
    }
  if (!create_places (self))
    {
      fail (self, _ ("be opened"), error);
      return NULL;
    }

  if (!create_walk_tables (self, error))
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

  statement = cached_statement (self, STATEMENT_RECORD, "INSERT OR REPLACE INTO downloads VALUES (?, ?, ?, ?, ?, ?)");
  if (statement == NULL)
    return fail (self, _ ("record a download"), error);

  sqlite3_bind_text (statement, 1, account_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 2, media_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 3, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 4, size);
  sqlite3_bind_text (statement, 5, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 6, g_get_real_time () / G_USEC_PER_SEC);
  ok = sqlite3_step (statement) == SQLITE_DONE;
  if (!ok)
    fail (self, _ ("record a download"), error);
  statement_done (statement);

  return ok;
}

static char *
column_text (sqlite3_stmt *statement,
             int column)
{
  const char *text = (const char *) sqlite3_column_text (statement, column);

  return text ? g_strdup (text) : NULL;
}

/* A statement about one item, @sql's two parameters bound to it; NULL if SQLite refuses it. */
static sqlite3_stmt *
prepare_for_item (TroveDownloadArchive *self,
                  Statement which,
                  const char *sql,
                  const char *account_id,
                  const char *media_id)
{
  sqlite3_stmt *statement = cached_statement (self, which, sql);

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

  statement = prepare_for_item (self, STATEMENT_LOOKUP, "SELECT path, size FROM downloads WHERE account = ? AND media = ?",
                                account_id, media_id);
  if (statement == NULL)
    return NULL;

  if (sqlite3_step (statement) == SQLITE_ROW)
    {
      path = column_text (statement, 0);
      size = sqlite3_column_int64 (statement, 1);
    }
  statement_done (statement);

  /* The archive alone is not proof: the file must still be there, whole. */
  if (path == NULL || g_stat (path, &buf) != 0 || buf.st_size != size)
    return NULL;

  return g_steal_pointer (&path);
}

guint
_trove_download_archive_count (TroveDownloadArchive *self,
                               const char *account_id)
{
  sqlite3_stmt *statement = NULL;
  guint count = 0;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), 0);

  if ((statement = cached_statement (self, STATEMENT_COUNT, "SELECT COUNT(*) FROM downloads WHERE account = ?")) == NULL)
    return 0;

  sqlite3_bind_text (statement, 1, account_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int (statement, 0);
  statement_done (statement);

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

  if ((statement = cached_statement (self, STATEMENT_ADD_PENDING, "INSERT OR REPLACE INTO pending VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) == NULL)
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
  statement_done (statement);
}

void
trove_download_archive_remove_pending (TroveDownloadArchive *self,
                                       const char *account_id,
                                       const char *media_id)
{
  sqlite3_stmt *statement;

  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  statement = prepare_for_item (self, STATEMENT_REMOVE_PENDING, "DELETE FROM pending WHERE account = ? AND media = ?", account_id, media_id);
  if (statement == NULL)
    return;

  sqlite3_step (statement);
  statement_done (statement);
}

GPtrArray *
trove_download_archive_list_pending (TroveDownloadArchive *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) trove_download_pending_free);
  sqlite3_stmt *statement = NULL;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), list);

  statement = cached_statement (self, STATEMENT_LIST_PENDING,
                                "SELECT account, media, message, chat, kind, name, sent_at, destination FROM pending ORDER BY added");
  if (statement == NULL)
    return list;

  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      TroveDownloadPending *pending = g_new0 (TroveDownloadPending, 1);

      pending->account_id = column_text (statement, 0);
      pending->media_id = column_text (statement, 1);
      pending->message_id = column_text (statement, 2);
      pending->chat_id = column_text (statement, 3);
      pending->kind = sqlite3_column_int (statement, 4);
      pending->name = column_text (statement, 5);
      pending->sent_at = sqlite3_column_int64 (statement, 6);
      pending->destination = column_text (statement, 7);
      g_ptr_array_add (list, pending);
    }
  statement_done (statement);

  return list;
}

/* Places: where each item is kept, one row per file (its download, and the links in the other
 * chats it was sent in). */

static gboolean
create_places (TroveDownloadArchive *self)
{
  return sqlite3_exec (self->db,
                       "CREATE TABLE IF NOT EXISTS places ("
                       "  account TEXT NOT NULL, media TEXT NOT NULL, chat TEXT NOT NULL, chat_name TEXT, path TEXT NOT NULL,"
                       "  PRIMARY KEY (account, path));"
                       "CREATE INDEX IF NOT EXISTS places_by_media ON places (account, media);"
                       "CREATE INDEX IF NOT EXISTS downloads_by_sha256 ON downloads (account, sha256);",
                       NULL, NULL, NULL) == SQLITE_OK;
}

gboolean
trove_download_archive_add_place (TroveDownloadArchive *self,
                                  const char *account_id,
                                  const char *media_id,
                                  const char *chat_id,
                                  const char *chat_name,
                                  const char *path,
                                  GError **error)
{
  sqlite3_stmt *statement;
  gboolean ok;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), FALSE);

  statement = prepare_for_item (self, STATEMENT_ADD_PLACE, "INSERT OR REPLACE INTO places VALUES (?, ?, ?, ?, ?)", account_id, media_id);
  if (statement == NULL)
    return fail (self, _ ("record a download"), error);

  sqlite3_bind_text (statement, 3, chat_id ? chat_id : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 4, chat_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 5, path, -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (statement) == SQLITE_DONE;
  statement_done (statement);

  return ok ? TRUE : fail (self, _ ("record a download"), error);
}

/* The first column of every row of @statement (then given back). */
static GStrv
collect_texts (sqlite3_stmt *statement)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  if (statement == NULL)
    return g_strv_builder_end (builder);
  while (sqlite3_step (statement) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (statement, 0));
  statement_done (statement);

  return g_strv_builder_end (builder);
}

/* @path when it holds @size bytes. */
static char *
whole_or_null (char *path,
               gint64 size)
{
  GStatBuf buf;

  if (path != NULL && g_stat (path, &buf) == 0 && S_ISREG (buf.st_mode) && buf.st_size == size)
    return path;
  g_free (path);
  return NULL;
}

char *
trove_download_archive_lookup_place (TroveDownloadArchive *self,
                                     const char *account_id,
                                     const char *media_id,
                                     const char *chat_id)
{
  sqlite3_stmt *statement;
  char *path = NULL;
  gint64 size = -1;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), NULL);

  statement = prepare_for_item (self, STATEMENT_LOOKUP_PLACE,
                                "SELECT places.path, downloads.size FROM places JOIN downloads USING (account, media)"
                                " WHERE account = ? AND media = ? AND chat = ?",
                                account_id, media_id);
  if (statement == NULL)
    return NULL;

  sqlite3_bind_text (statement, 3, chat_id ? chat_id : "", -1, SQLITE_TRANSIENT);
  while (path == NULL && sqlite3_step (statement) == SQLITE_ROW)
    {
      size = sqlite3_column_int64 (statement, 1);
      path = whole_or_null (column_text (statement, 0), size);
    }
  statement_done (statement);

  return path;
}

char *
trove_download_archive_lookup_in_chat (TroveDownloadArchive *self,
                                       const char *account_id,
                                       const char *media_id,
                                       const char *chat_id)
{
  g_auto (GStrv) places = NULL;
  char *path = trove_download_archive_lookup_place (self, account_id, media_id, chat_id);

  if (path != NULL)
    return path;
  places = trove_download_archive_list_places (self, account_id, media_id);
  return places[0] == NULL ? trove_download_archive_lookup (self, account_id, media_id) : NULL;
}

GStrv
trove_download_archive_list_chats (TroveDownloadArchive *self,
                                   const char *account_id,
                                   const char *media_id)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), NULL);

  return collect_texts (prepare_for_item (self, STATEMENT_LOOKUP_IN_CHAT,
                                          "SELECT DISTINCT chat FROM places WHERE account = ? AND media = ? AND chat != ''"
                                          " ORDER BY chat",
                                          account_id, media_id));
}

guint
trove_download_archive_count_chats (TroveDownloadArchive *self,
                                    const char *account_id,
                                    const char *media_id)
{
  sqlite3_stmt *statement;
  guint count = 0;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), 0);

  statement = prepare_for_item (self, STATEMENT_LIST_CHATS,
                                "SELECT COUNT(DISTINCT chat) FROM places WHERE account = ? AND media = ? AND chat != ''",
                                account_id, media_id);
  if (statement == NULL)
    return 0;
  if (sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int (statement, 0);
  statement_done (statement);

  return count;
}

GStrv
trove_download_archive_list_other_chats (TroveDownloadArchive *self,
                                         const char *account_id,
                                         const char *media_id,
                                         const char *except_chat_id)
{
  sqlite3_stmt *statement;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), NULL);

  statement = prepare_for_item (self, STATEMENT_COUNT_CHATS,
                                "SELECT COALESCE (MAX (chat_name), chat) AS name FROM places"
                                " WHERE account = ? AND media = ? AND chat != '' AND chat != ? GROUP BY chat ORDER BY name",
                                account_id, media_id);
  if (statement != NULL)
    sqlite3_bind_text (statement, 3, except_chat_id ? except_chat_id : "", -1, SQLITE_TRANSIENT);
  return collect_texts (statement);
}

GStrv
trove_download_archive_list_places (TroveDownloadArchive *self,
                                    const char *account_id,
                                    const char *media_id)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), NULL);

  return collect_texts (prepare_for_item (self, STATEMENT_LIST_OTHER_CHATS, "SELECT path FROM places WHERE account = ? AND media = ? ORDER BY path",
                                          account_id, media_id));
}

char *
trove_download_archive_find_same_bytes (TroveDownloadArchive *self,
                                        const char *account_id,
                                        const char *media_id,
                                        const char *sha256,
                                        gint64 size)
{
  sqlite3_stmt *statement;
  char *path = NULL;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), NULL);

  statement = prepare_for_item (self, STATEMENT_LIST_PLACES,
                                "SELECT path FROM downloads WHERE account = ? AND media != ? AND sha256 = ? AND size = ?"
                                " ORDER BY downloaded_at",
                                account_id, media_id);
  if (statement == NULL)
    return NULL;

  sqlite3_bind_text (statement, 3, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 4, size);
  while (path == NULL && sqlite3_step (statement) == SQLITE_ROW)
    path = whole_or_null (column_text (statement, 0), size);
  statement_done (statement);

  return path;
}

static char *
file_sha256 (const char *path,
             gint64 *size)
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
owned_by (const char *path,
          const char *account_id,
          const char *media_id)
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

  statement = prepare_for_item (self, STATEMENT_PENDING_DESTINATION, "SELECT destination FROM pending WHERE account = ? AND media = ?",
                                account_id, media_id);
  if (statement == NULL)
    return NULL;

  if (sqlite3_step (statement) == SQLITE_ROW)
    destination = column_text (statement, 0);
  statement_done (statement);

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

static gboolean
create_walk_tables (TroveDownloadArchive *self,
                    GError **error)
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
    return fail (self, _ ("be opened"), error);

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

  walk_statement (self, "DELETE FROM walk_chats WHERE account = ? AND scope = ?",
                  account_id, scope, NULL, 0, 0);
  walk_statement (self, "INSERT OR REPLACE INTO walks VALUES (?1, ?2, ?4)",
                  account_id, scope, NULL, g_get_real_time () / G_USEC_PER_SEC, 0);
  return FALSE;
}

void
trove_download_archive_end_walk (TroveDownloadArchive *self,
                                 const char *account_id,
                                 const char *scope)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  walk_statement (self, "DELETE FROM walk_chats WHERE account = ? AND scope = ?",
                  account_id, scope, NULL, 0, 0);
  walk_statement (self, "DELETE FROM walks WHERE account = ? AND scope = ?",
                  account_id, scope, NULL, 0, 0);
}

gboolean
trove_download_archive_walk_has_chat (TroveDownloadArchive *self,
                                      const char *account_id,
                                      const char *scope,
                                      const char *chat_id)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), FALSE);

  return walk_statement (self,
                         "SELECT finished_at FROM walk_chats WHERE account = ? AND scope = ? AND chat = ?",
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

  walk_statement (self, "INSERT OR REPLACE INTO walk_chats VALUES (?, ?, ?, ?)",
                  account_id, scope, chat_id, now, 0);
  if (synced)
    walk_statement (self, "INSERT OR REPLACE INTO chat_sync VALUES (?1, ?2, ?4, ?5)",
                    account_id, chat_id, NULL, now, last_message_at);
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

  synced = walk_statement (self, "SELECT last_synced_at FROM chat_sync WHERE account = ? AND chat = ?",
                           account_id, chat_id, NULL, 0, 0);
  message = walk_statement (self, "SELECT last_message_at FROM chat_sync WHERE account = ? AND chat = ?",
                            account_id, chat_id, NULL, 0, 0);
  if (last_synced_at)
    *last_synced_at = MAX (synced, 0);
  if (last_message_at)
    *last_message_at = MAX (message, 0);
  return synced >= 0;
}

gint64
trove_download_archive_get_account_sync (TroveDownloadArchive *self,
                                         const char *account_id)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), 0);

  return MAX (walk_statement (self, "SELECT last_message_at FROM account_sync WHERE account = ?", account_id, NULL, NULL, 0, 0), 0);
}

void
trove_download_archive_set_account_sync (TroveDownloadArchive *self,
                                         const char *account_id,
                                         gint64 last_message_at)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  walk_statement (self, "INSERT OR REPLACE INTO account_sync VALUES (?1, ?4)", account_id, NULL, NULL, last_message_at, 0);
}
