/* trove-account-sync.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-download-queue.h"

G_BEGIN_DECLS

#define TROVE_TYPE_ACCOUNT_SYNC (trove_account_sync_get_type ())

/* Downloads what is new in every chat of one account into a queue, through a sync walk of the
 * account (TroveAccountWalk, see its sync property): the chat list down to the last complete
 * sync, only chats whose last message moved since they were synced, inside one the media newest
 * first until the first item the archive has. A full sync visits every chat and every page
 * (repair). A chat is marked synced only once its listing and all its downloads succeeded, so a
 * failed one is visited again next time.
 *
 * Signals: chat-failed (TroveChat *chat, GError *error): its listing failed, the others go on;
 * chat-incomplete (TroveChat *chat, GError *incomplete): the service cut its listing short (it
 * paged in circles): what it listed is downloaded, the chat is visited again next time;
 * download-finished (TroveDownload *job): a job it queued ended, done or failed. */
G_DECLARE_FINAL_TYPE (TroveAccountSync, trove_account_sync, TROVE, ACCOUNT_SYNC, GObject)

TroveAccountSync *trove_account_sync_new (TroveProvider *provider,
                                          const char *account_id,
                                          const char *account_name,
                                          TroveDownloadArchive *archive,
                                          TroveDownloadQueue *queue,
                                          gboolean full);

typedef struct
{
  guint chats_listed;     /* chats the chat-list walk saw */
  guint chats_visited;    /* chats whose media were listed */
  guint chats_failed;     /* of those, the ones whose listing failed */
  guint chats_incomplete; /* of those, the ones whose listing the service cut short */
  guint downloaded;       /* jobs that finished by downloading */
  guint deduplicated;     /* jobs that finished by linking a file of the same media already there */
  guint failed;           /* jobs that failed */
  guint skipped;          /* already in the archive, or queued for another chat */
  guint locked;           /* not downloadable */
} TroveAccountSyncCounts;

const TroveAccountSyncCounts *trove_account_sync_get_counts (TroveAccountSync *self);

/* Fails only for the chat list itself (or when cancelled); failed chats and downloads are
 * counted and signalled, and make the next sync visit those chats again. A chat list the service
 * cut short (TROVE_ERROR_INCOMPLETE) is synced as far as it went and finish() sets @incomplete.
 * Returns once every download it queued ended. */
void trove_account_sync_run_async (TroveAccountSync *self,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean trove_account_sync_run_finish (TroveAccountSync *self,
                                        GAsyncResult *result,
                                        GError **incomplete,
                                        GError **error);

G_END_DECLS
