/* trove-chat-download.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-download-queue.h"

G_BEGIN_DECLS

/* What downloading several items of a chat comes to. */
typedef struct
{
  guint listed;     /* every item looked at */
  guint downloaded; /* already downloaded (or, once queued, already in the queue) */
  guint locked;     /* not downloadable until the fan unlocks them */
  guint wanted;     /* neither: to be queued, or queued */
} TroveChatDownload;

/* Counts @items (TroveMedia) of @account_id against @archive (may be NULL), before asking;
 * returns the wanted items, in order. */
GPtrArray *trove_chat_download_plan (TroveChatDownload *count,
                                     GListModel *items,
                                     const char *account_id,
                                     TroveDownloadArchive *archive);

/* Queues every unlocked item of @items (TroveMedia) in @queue and counts what happened. */
void trove_chat_download_queue (TroveChatDownload *count,
                                TroveDownloadQueue *queue,
                                TroveProvider *provider,
                                const char *account_id,
                                const char *account_name,
                                const char *chat_name,
                                GPtrArray *items);

G_END_DECLS
