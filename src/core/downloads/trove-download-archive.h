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
G_DECLARE_FINAL_TYPE (TroveDownloadArchive,
                      trove_download_archive,
                      TROVE,
                      DOWNLOAD_ARCHIVE,
                      GObject)

/* @path NULL: the default, $XDG_DATA_HOME/trove/archive.sqlite3. */
TroveDownloadArchive *trove_download_archive_new (const char *path, GError **error);

gboolean trove_download_archive_record (TroveDownloadArchive *self,
                                        const char *account_id,
                                        const char *media_id,
                                        const char *path,
                                        gint64 size,
                                        const char *sha256,
                                        GError **error);

/* The recorded path, when the archive has the item AND the file is still there with that size. */
char *trove_download_archive_lookup (TroveDownloadArchive *self,
                                     const char *account_id,
                                     const char *media_id);

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
  char *chat_name; /* a link's only: the chat's name, to record its place under */
} TroveDownloadPending;

void trove_download_pending_free (TroveDownloadPending *pending);

void trove_download_archive_add_pending (TroveDownloadArchive *self,
                                         const char *account_id,
                                         const char *media_id,
                                         const char *message_id,
                                         const char *chat_id,
                                         int kind,
                                         const char *name,
                                         gint64 sent_at,
                                         const char *destination);
void trove_download_archive_remove_pending (TroveDownloadArchive *self,
                                            const char *account_id,
                                            const char *media_id);
/* A run that was stopped between renaming a finished download and recording it (killed,
 * power lost) left it at the pending row's destination, with its .part gone: records it and
 * returns its path, or NULL when that is not what happened. */
char *trove_download_archive_adopt_renamed (TroveDownloadArchive *self,
                                            const char *account_id,
                                            const char *media_id);
/* TroveDownloadPending items, oldest first. */
GPtrArray *trove_download_archive_list_pending (TroveDownloadArchive *self);

/* Places still to be filled by a link to the item's file (one row per chat), so that a restart
 * links them; @row's chat_id and destination are required. */
void trove_download_archive_add_pending_link (TroveDownloadArchive *self,
                                              const TroveDownloadPending *row);
void trove_download_archive_remove_pending_link (TroveDownloadArchive *self,
                                                 const char *account_id,
                                                 const char *media_id,
                                                 const char *chat_id);
/* TroveDownloadPending items with their chat_name, oldest first. */
GPtrArray *trove_download_archive_list_pending_links (TroveDownloadArchive *self);

/* Batches of downloads started as one and not finished (every chat of an account), each with
 * its walk over the chats under @scope (see below), so that a restart shows them again. */
typedef struct
{
  char *account_id;
  char *scope;
  char *title;
  gboolean paused; /* paused by the user */
  guint done;      /* its jobs done so far, over every session */
} TroveDownloadPendingBatch;

void trove_download_pending_batch_free (TroveDownloadPendingBatch *batch);

void trove_download_archive_add_pending_batch (TroveDownloadArchive *self,
                                               const char *account_id,
                                               const char *scope,
                                               const char *title);
void trove_download_archive_set_pending_batch_paused (TroveDownloadArchive *self,
                                                      const char *account_id,
                                                      const char *scope,
                                                      gboolean paused);
/* One more of the batch's jobs is done. */
void trove_download_archive_count_pending_batch_done (TroveDownloadArchive *self,
                                                      const char *account_id,
                                                      const char *scope);
void trove_download_archive_remove_pending_batch (TroveDownloadArchive *self,
                                                  const char *account_id,
                                                  const char *scope);
/* TroveDownloadPendingBatch items, oldest first. */
GPtrArray *trove_download_archive_list_pending_batches (TroveDownloadArchive *self);

/* Places: every file an item is kept in, one per chat it was sent in (a mass message's media is
 * in many chats: one download, the other places links to it, or copies where links are
 * refused). */
/* @chat_name: the chat's name as the user knows it (the fan's), for showing; NULL: none. */
gboolean trove_download_archive_add_place (TroveDownloadArchive *self,
                                           const char *account_id,
                                           const char *media_id,
                                           const char *chat_id,
                                           const char *chat_name,
                                           const char *path,
                                           GError **error);
/* The item's file in @chat_id, when recorded and still there with the item's size. */
char *trove_download_archive_lookup_place (TroveDownloadArchive *self,
                                           const char *account_id,
                                           const char *media_id,
                                           const char *chat_id);
/* The item's file for @chat_id, as far as a chat's downloads go: its place there, or, for an
 * item recorded with no place at all (an archive older than places), its download; NULL when
 * the chat still lacks it (a download for other chats only is linked in, not fetched). */
char *trove_download_archive_lookup_in_chat (TroveDownloadArchive *self,
                                             const char *account_id,
                                             const char *media_id,
                                             const char *chat_id);
/* For each of @n_items items of chat @chat_id (@media_ids), whether it is downloaded and has
 * its place in that chat, both files still there with the item's size: what
 * trove_download_archive_lookup() and trove_download_archive_lookup_place() would both find.
 * A page of items at once, in one read transaction; @in_place_flags gets a flag per item. */
void trove_download_archive_find_in_place (TroveDownloadArchive *self,
                                           const char *account_id,
                                           const char *chat_id,
                                           const char *const *media_ids,
                                           guint n_items,
                                           gboolean *in_place_flags);
/* The chats the archive knows the item in, sorted; never NULL. */
GStrv trove_download_archive_list_chats (TroveDownloadArchive *self,
                                         const char *account_id,
                                         const char *media_id);
guint trove_download_archive_count_chats (TroveDownloadArchive *self,
                                          const char *account_id,
                                          const char *media_id);
/* The names of the chats other than @except_chat_id the archive knows the item in (the chat
 * id where no name was recorded), sorted; never NULL. */
GStrv trove_download_archive_list_other_chats (TroveDownloadArchive *self,
                                               const char *account_id,
                                               const char *media_id,
                                               const char *except_chat_id);
/* Every recorded place of the item (paths, whether still there or not); never NULL. */
GStrv trove_download_archive_list_places (TroveDownloadArchive *self,
                                          const char *account_id,
                                          const char *media_id);
/* The file of another item of @account_id with the same bytes (@sha256 and @size), still there
 * with that size; NULL when there is none. */
char *trove_download_archive_find_same_bytes (TroveDownloadArchive *self,
                                              const char *account_id,
                                              const char *media_id,
                                              const char *sha256,
                                              gint64 size);

G_END_DECLS

/* The walk over an account's chats (TroveAccountWalk): what a walk that was stopped had
 * finished, and when each chat was last synced in full. @scope names what a walk lists ("" for
 * everything); times are unix seconds. */

/* Begins a walk of @account_id and @scope, or takes up the one not ended: returns TRUE when
 * resuming. */
gboolean trove_download_archive_begin_walk (TroveDownloadArchive *self,
                                            const char *account_id,
                                            const char *scope);
/* Ends the walk: its finished chats are forgotten (their sync times stay). */
void trove_download_archive_end_walk (TroveDownloadArchive *self,
                                      const char *account_id,
                                      const char *scope);
/* Whether the walk not yet ended finished @chat_id. */
gboolean trove_download_archive_walk_has_chat (TroveDownloadArchive *self,
                                               const char *account_id,
                                               const char *scope,
                                               const char *chat_id);
/* Records @chat_id as finished by the current walk; when @synced, also that the chat was synced
 * in full now, its last message then being @last_message_at (0: unknown). */
void trove_download_archive_walk_add_chat (TroveDownloadArchive *self,
                                           const char *account_id,
                                           const char *scope,
                                           const char *chat_id,
                                           gboolean synced,
                                           gint64 last_message_at);
/* When @chat_id was last synced in full and its last message then; FALSE (both 0) if never. */
gboolean trove_download_archive_get_chat_sync (TroveDownloadArchive *self,
                                               const char *account_id,
                                               const char *chat_id,
                                               gint64 *last_synced_at,
                                               gint64 *last_message_at);

/* Sync: the newest last-message time of the last sync that finished every chat it visited (0:
 * none), so that every chat whose last message is no newer was synced since. */
gint64 trove_download_archive_get_account_sync (TroveDownloadArchive *self, const char *account_id);
void trove_download_archive_set_account_sync (TroveDownloadArchive *self,
                                              const char *account_id,
                                              gint64 last_message_at);
