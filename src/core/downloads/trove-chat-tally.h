/* trove-chat-tally.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-download-queue.h"

G_BEGIN_DECLS

/* A chat's media reconciled with the disk: what the server lists, what is downloaded (the
 * archive says so and the file is still there, whole), what is missing, what failed. */
typedef struct
{
  guint listed;
  gboolean complete; /* the whole chat is listed, not just its first pages */
  guint downloaded;
  guint locked;  /* not downloadable until the fan unlocks them */
  guint missing; /* neither downloaded nor locked; includes the failed */
  guint failed;  /* their last download in the queue failed */
} TroveChatTally;

/* Counts @items (TroveMedia) of @account_id against @archive and @queue (may be NULL). */
void trove_chat_tally_count (TroveChatTally *tally,
                             GListModel *items,
                             gboolean complete,
                             const char *account_id,
                             TroveDownloadArchive *archive,
                             TroveDownloadQueue *queue);

/* "120 on server · 30 downloaded · 90 missing · 2 failed" (and the locked), for a status line. */
char *trove_chat_tally_describe (const TroveChatTally *tally);

G_END_DECLS
