/* trove-download-archive.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TROVE_TYPE_DOWNLOAD_ARCHIVE (trove_download_archive_get_type ())

/* What was downloaded where (SQLite in the user data dir): (account, media id) → path, size,
 * SHA-256, time. Shared by the app and trove-cli. Calls are short, local and synchronous. */
G_DECLARE_FINAL_TYPE (TroveDownloadArchive, trove_download_archive, TROVE, DOWNLOAD_ARCHIVE, GObject)

/* @path NULL: the default, $XDG_DATA_HOME/trove/archive.sqlite3. */
TroveDownloadArchive *trove_download_archive_new (const char *path, GError **error);

gboolean trove_download_archive_record (TroveDownloadArchive *self, const char *account_id, const char *media_id, const char *path, gint64 size, const char *sha256, GError **error);

/* The recorded path, when the archive has the item AND the file is still there with that size. */
char *trove_download_archive_lookup (TroveDownloadArchive *self, const char *account_id, const char *media_id);

/* Downloads not finished yet, so that a restart takes them up again. */
typedef struct
{
  char *account_id;
  char *media_id;
  char *message_id;
  char *chat_id;
  int kind;
  char *name;
  gint64 sent_at; /* unix seconds, 0: unknown */
  char *destination;
} TroveDownloadPending;

void trove_download_pending_free (TroveDownloadPending *pending);

void trove_download_archive_add_pending (TroveDownloadArchive *self, const char *account_id, const char *media_id, const char *message_id, const char *chat_id, int kind, const char *name, gint64 sent_at, const char *destination);
void trove_download_archive_remove_pending (TroveDownloadArchive *self, const char *account_id, const char *media_id);
/* A run that was stopped between renaming a finished download and recording it (killed,
 * power lost) left it at the pending row's destination, with its .part gone: records it and
 * returns its path, or NULL when that is not what happened. */
char *trove_download_archive_adopt_renamed (TroveDownloadArchive *self, const char *account_id, const char *media_id);
/* TroveDownloadPending items, oldest first. */
GPtrArray *trove_download_archive_list_pending (TroveDownloadArchive *self);

/* Sync: the chat's last-message time (unix seconds) when a sync last finished it completely;
 * FALSE when no sync ever did. */
gboolean trove_download_archive_get_chat_sync (TroveDownloadArchive *self, const char *account_id, const char *chat_id, gint64 *last_message_at);
gboolean trove_download_archive_set_chat_sync (TroveDownloadArchive *self, const char *account_id, const char *chat_id, gint64 last_message_at, GError **error);
/* The newest last-message time of the last sync that finished every chat it visited (0: none):
 * every chat whose last message is no newer was synced since. */
gint64 trove_download_archive_get_account_sync (TroveDownloadArchive *self, const char *account_id);
gboolean trove_download_archive_set_account_sync (TroveDownloadArchive *self, const char *account_id, gint64 last_message_at, GError **error);

G_END_DECLS
