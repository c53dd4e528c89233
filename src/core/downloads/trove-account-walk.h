/* trove-account-walk.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-chat.h"
#include "trove-download-archive.h"
#include "trove-provider.h"

G_BEGIN_DECLS

#define TROVE_TYPE_ACCOUNT_WALK (trove_account_walk_get_type ())

/* A walk over every chat of an account (for an agency provider, every chat of its creator): lists
 * the chats, then each chat's media, a few chats at a time, and hands each chat's media to the
 * caller ("chat-listed"). A chat whose listing fails is reported ("chat-failed") and skipped; the
 * others go on.
 *
 * With an archive the walk is resumable: each chat the caller has finished with is recorded (per
 * account and scope, see below), and a walk that did not reach the end (cancelled, killed, the
 * chat list failed) is taken up again by the next walk of the same account and scope, which
 * skips the chats already finished instead of listing them again. A walk that reaches the end of
 * the chat list, failures or not, is closed: the next one starts from the beginning.
 *
 * Without an archive nothing is recorded or skipped (a listing to print, say).
 *
 * A sync walk (the sync property, with an archive) lists what is new since the last one: the
 * chat list, ordered by last message, is walked only down to the chats no newer than the last
 * complete sync; a chat whose last message did not move since it was last synced is not listed
 * ("unchanged"); inside a chat synced before, the newest-first listing stops at the first item
 * the archive has in this chat from before that sync ("known"). A chat with downloads left
 * unfinished in the archive is listed in full. With the full property a sync walk lists every
 * chat and every page (repair). A sync walk is not resumed: its finished chats are recorded as
 * synced, a chat gone from the service (TROVE_ERROR_NOT_FOUND) too, and once every chat it
 * visited was finished, with nothing failed or cut short, the walk records the newest last
 * message it saw as the account's sync (trove_download_archive_get_account_sync()). */
G_DECLARE_FINAL_TYPE (TroveAccountWalk, trove_account_walk, TROVE, ACCOUNT_WALK, GObject)

/* Properties: provider, account-id, archive (may be NULL) (construct-only); sync, full (see
 * above; a sync walk lists every kind, without since); kind
 * (TROVE_MEDIA_KIND_UNKNOWN: every kind), since (media older than it are not listed: the walk
 * stops each newest-first listing there), max-chats-in-flight (how many chats are listed at
 * once, default 3).
 *
 * Signals:
 *   chat-listed (TroveChat *chat, GPtrArray *media): @media (TroveMedia, newest first, already
 *     filtered by kind and since) of @chat. Return TRUE when the chat is handled in full (it is
 *     recorded as finished at once), FALSE when the caller finishes it later with
 *     trove_account_walk_chat_finished() (after its downloads end, say). A chat never finished
 *     is listed again by a resumed walk.
 *   chat-failed (TroveChat *chat, GError *error): the chat's listing failed; it is skipped.
 *   chat-skipped (TroveChat *chat): a resumed walk skips @chat, finished before.
 *   chat-incomplete (TroveChat *chat, GError *incomplete): after chat-listed, the service cut
 *     the listing of @chat short (TROVE_ERROR_INCOMPLETE: it paged in circles); what it listed
 *     was handed over, and the chat is never recorded as finished.
 *
 * The scope of a walk is its kind and since: a walk of images only does not resume as, nor
 * close, a walk of everything. Only a walk of everything (no kind, no since) updates each chat's
 * last-synced time (trove_download_archive_get_chat_sync()). */

TroveAccountWalk *trove_account_walk_new (TroveProvider *provider,
                                          const char *account_id,
                                          TroveDownloadArchive *archive);

TroveProvider *trove_account_walk_get_provider (TroveAccountWalk *self);
const char *trove_account_walk_get_account_id (TroveAccountWalk *self);
TroveDownloadArchive *trove_account_walk_get_archive (TroveAccountWalk *self);

void trove_account_walk_set_kind (TroveAccountWalk *self, TroveMediaKind kind);
TroveMediaKind trove_account_walk_get_kind (TroveAccountWalk *self);
void trove_account_walk_set_since (TroveAccountWalk *self, GDateTime *since);
GDateTime *trove_account_walk_get_since (TroveAccountWalk *self);
void trove_account_walk_set_sync (TroveAccountWalk *self, gboolean sync);
gboolean trove_account_walk_get_sync (TroveAccountWalk *self);
void trove_account_walk_set_full (TroveAccountWalk *self, gboolean full);
gboolean trove_account_walk_get_full (TroveAccountWalk *self);
void trove_account_walk_set_max_chats_in_flight (TroveAccountWalk *self, guint max);
/* The name the archive keeps this walk's progress under, instead of the one its kind and since
 * make (NULL): a walk kept apart from the others of the account (the window's Download
 * Everything from trove-cli's --all-chats). Set before running. */
void trove_account_walk_set_scope (TroveAccountWalk *self, const char *scope);
guint trove_account_walk_get_max_chats_in_flight (TroveAccountWalk *self);

/* Records @chat as finished (see chat-listed). May be called after the walk ended. */
void trove_account_walk_chat_finished (TroveAccountWalk *self, TroveChat *chat);

/* The counts so far (or of the walk that ended). */
typedef struct
{
  guint chats;      /* chats the chat list gave (a sync walk: down to the last sync's) */
  guint listed;     /* chats whose media were listed and handed over */
  guint skipped;    /* finished by an earlier, interrupted walk */
  guint failed;     /* chats whose listing failed */
  guint items;      /* media handed over */
  gboolean resumed; /* this walk took up an interrupted one */
  guint unchanged;  /* sync: chats not listed, nothing new since they were synced */
  guint known;      /* sync: listings stopped at an item the archive has */
  guint incomplete; /* chats whose listing the service cut short */
} TroveAccountWalkCounts;

void trove_account_walk_get_counts (TroveAccountWalk *self, TroveAccountWalkCounts *counts);

/* Walks every chat. Fails only when the chat list itself fails or @cancellable is cancelled
 * (G_IO_ERROR_CANCELLED); failed chats are reported by chat-failed and counted, and the walk
 * still succeeds. A chat list the service cut short (TROVE_ERROR_INCOMPLETE) is walked as far
 * as it went and finish() sets @incomplete. One walk at a time per object. */
void trove_account_walk_run_async (TroveAccountWalk *self,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean trove_account_walk_run_finish (TroveAccountWalk *self,
                                        GAsyncResult *result,
                                        GError **incomplete,
                                        GError **error);

G_END_DECLS
