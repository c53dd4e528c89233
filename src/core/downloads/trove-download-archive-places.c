/* trove-download-archive-places.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The archive's places: every chat folder an item was saved or linked into.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "trove-download-archive-private.h"

gboolean
_trove_download_archive_create_places (TroveDownloadArchive *self)
{
  return sqlite3_exec (self->db,
                       "CREATE TABLE IF NOT EXISTS places ("
                       "  account TEXT NOT NULL, media TEXT NOT NULL, chat TEXT NOT NULL, "
                       "chat_name TEXT, path TEXT NOT NULL,"
                       "  PRIMARY KEY (account, path));"
                       /* With the path, so that an item's places come sorted from the index
                        * instead of a walk over every place of the account. */
                       "DROP INDEX IF EXISTS places_by_media;"
                       "CREATE INDEX IF NOT EXISTS places_by_media_path ON places (account, media, "
                       "path);"
                       "CREATE INDEX IF NOT EXISTS downloads_by_sha256 ON downloads (account, "
                       "sha256);",
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

  statement = _trove_download_archive_prepare_for_item (self, STATEMENT_ADD_PLACE,
                                                        "INSERT OR REPLACE INTO places VALUES (?, "
                                                        "?, ?, ?, ?)",
                                                        account_id, media_id);
  if (statement == NULL)
    return _trove_download_archive_fail (self, _ ("record a download"), error);

  sqlite3_bind_text (statement, 3, chat_id ? chat_id : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 4, chat_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (statement, 5, path, -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (statement) == SQLITE_DONE;
  _trove_download_archive_statement_done (statement);

  return ok ? TRUE : _trove_download_archive_fail (self, _ ("record a download"), error);
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
  _trove_download_archive_statement_done (statement);

  return g_strv_builder_end (builder);
}

/* @path when it holds @size bytes. */
static char *
whole_or_null (char *path, gint64 size)
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

  statement =
      _trove_download_archive_prepare_for_item (self, STATEMENT_LOOKUP_PLACE,
                                                "SELECT places.path, downloads.size FROM places "
                                                "JOIN downloads USING (account, media)"
                                                " WHERE account = ? AND media = ? AND chat = ?",
                                                account_id, media_id);
  if (statement == NULL)
    return NULL;

  sqlite3_bind_text (statement, 3, chat_id ? chat_id : "", -1, SQLITE_TRANSIENT);
  while (path == NULL && sqlite3_step (statement) == SQLITE_ROW)
    {
      size = sqlite3_column_int64 (statement, 1);
      path = whole_or_null (_trove_download_archive_column_text (statement, 0), size);
    }
  _trove_download_archive_statement_done (statement);

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

/* Whether the item's download and one of its places in the chat are there whole: a stat of
 * each file, one when they are the same. */
static gboolean
in_place (sqlite3_stmt *statement)
{
  gboolean found = FALSE;

  while (!found && sqlite3_step (statement) == SQLITE_ROW)
    {
      const char *download = (const char *) sqlite3_column_text (statement, 0);
      gint64 size = sqlite3_column_int64 (statement, 1);
      const char *place = (const char *) sqlite3_column_text (statement, 2);
      GStatBuf buf;

      if (g_stat (place, &buf) != 0 || !S_ISREG (buf.st_mode) || buf.st_size != size)
        continue;
      found =
          g_str_equal (download, place) || (g_stat (download, &buf) == 0 && buf.st_size == size);
    }

  return found;
}

void
trove_download_archive_find_in_place (TroveDownloadArchive *self,
                                      const char *account_id,
                                      const char *chat_id,
                                      const char *const *media_ids,
                                      guint n_items,
                                      gboolean *in_place_flags)
{
  gboolean transaction;

  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self));

  for (guint i = 0; i < n_items; i++)
    in_place_flags[i] = FALSE;
  if (n_items == 0)
    return;

  /* One read snapshot for the page: each statement outside a transaction takes and drops its
   * own, which cost as much as the lookup itself. */
  transaction = sqlite3_get_autocommit (self->db) &&
                sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  for (guint i = 0; i < n_items; i++)
    {
      sqlite3_stmt *statement = _trove_download_archive_prepare_for_item (
          self, STATEMENT_FIND_IN_PLACE,
          "SELECT downloads.path, downloads.size, places.path FROM downloads"
          " JOIN places USING (account, media) WHERE account = ? AND media = ? AND chat = ?",
          account_id, media_ids[i]);

      if (statement == NULL)
        break;
      sqlite3_bind_text (statement, 3, chat_id ? chat_id : "", -1, SQLITE_STATIC);
      in_place_flags[i] = in_place (statement);
      _trove_download_archive_statement_done (statement);
    }
  if (transaction)
    sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
}

GStrv
trove_download_archive_list_chats (TroveDownloadArchive *self,
                                   const char *account_id,
                                   const char *media_id)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (self), NULL);

  return collect_texts (
      _trove_download_archive_prepare_for_item (self, STATEMENT_LOOKUP_IN_CHAT,
                                                "SELECT DISTINCT chat FROM places WHERE account = "
                                                "? AND media = ? AND chat != ''"
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

  statement =
      _trove_download_archive_prepare_for_item (self, STATEMENT_LIST_CHATS,
                                                "SELECT COUNT(DISTINCT chat) FROM places WHERE "
                                                "account = ? AND media = ? AND chat != ''",
                                                account_id, media_id);
  if (statement == NULL)
    return 0;
  if (sqlite3_step (statement) == SQLITE_ROW)
    count = sqlite3_column_int (statement, 0);
  _trove_download_archive_statement_done (statement);

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

  statement = _trove_download_archive_prepare_for_item (
      self, STATEMENT_COUNT_CHATS,
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

  return collect_texts (
      _trove_download_archive_prepare_for_item (self, STATEMENT_LIST_OTHER_CHATS,
                                                "SELECT path FROM places WHERE account = ? AND "
                                                "media = ? ORDER BY path",
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

  statement =
      _trove_download_archive_prepare_for_item (self, STATEMENT_LIST_PLACES,
                                                "SELECT path FROM downloads WHERE account = ? AND "
                                                "media != ? AND sha256 = ? AND size = ?"
                                                " ORDER BY downloaded_at",
                                                account_id, media_id);
  if (statement == NULL)
    return NULL;

  sqlite3_bind_text (statement, 3, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (statement, 4, size);
  while (path == NULL && sqlite3_step (statement) == SQLITE_ROW)
    path = whole_or_null (_trove_download_archive_column_text (statement, 0), size);
  _trove_download_archive_statement_done (statement);

  return path;
}
