/* trove-download-batch.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-chat.h"
#include "trove-download-archive.h"
#include "trove-download.h"

G_BEGIN_DECLS

#define TROVE_TYPE_DOWNLOAD_BATCH (trove_download_batch_get_type ())

/* Jobs of the queue that the user started as one (every chat of an account) and pauses,
 * resumes and cancels as one. Each job is counted once, however often it is added. */
G_DECLARE_FINAL_TYPE (TroveDownloadBatch, trove_download_batch, TROVE, DOWNLOAD_BATCH, GObject)

/* Property title (construct-only), e.g. "Everything from Mira Solberg". */
TroveDownloadBatch *trove_download_batch_new (const char *title);
const char *trove_download_batch_get_title (TroveDownloadBatch *self);

void trove_download_batch_add (TroveDownloadBatch *self, TroveDownload *job);
/* @media_id is to be added: contains() answers TRUE for its job already, so that a list that
 * leaves the batch's jobs out never shows it in between. */
void trove_download_batch_plan (TroveDownloadBatch *self, const char *media_id);
/* Whatever was planned and not added will not be. */
void trove_download_batch_forget_plan (TroveDownloadBatch *self);
/* @job was added, or its media planned. */
gboolean trove_download_batch_contains (TroveDownloadBatch *self, TroveDownload *job);

/* Kept across restarts: the batch is recorded in @archive (a pending batch, and a walk over
 * the account's chats under @scope) until every chat handed over with add_chat() has all its
 * jobs done and set_listed() said no chat is left; each chat is recorded finished once its
 * jobs are all done, so that a run taken up again lists only the others. A chat with a failed
 * job stays unfinished, as trove-cli's walk leaves it, for the next run to try again. Pausing
 * and resuming are recorded; cancelling forgets the batch for good. @anew: a batch just
 * started (what an earlier one of @account_id and @scope had finished is forgotten), else one
 * taken up again. */
void trove_download_batch_keep (TroveDownloadBatch *self,
                                TroveDownloadArchive *archive,
                                const char *account_id,
                                const char *scope,
                                gboolean anew);
/* A batch taken up again: @done jobs were done by the sessions before (the archive's count),
 * counted in total and done. */
void trove_download_batch_set_done_before (TroveDownloadBatch *self, guint done);
/* @jobs (TroveDownload, added already) are every job of @chat's items not yet downloaded. */
void trove_download_batch_add_chat (TroveDownloadBatch *self, TroveChat *chat, GPtrArray *jobs);
/* Every chat was handed over. */
void trove_download_batch_set_listed (TroveDownloadBatch *self);
/* Property cancelled: cancel() was called. */
gboolean trove_download_batch_get_cancelled (TroveDownloadBatch *self);

/* Properties total (jobs), done (saved), failed, paused (pause() was called and not resume(),
 * or every unfinished job is paused) and finished (no job is left to run: done, failed or
 * cancelled; for a kept batch, only once every chat was handed over). */
guint trove_download_batch_get_total (TroveDownloadBatch *self);
guint trove_download_batch_get_done (TroveDownloadBatch *self);
guint trove_download_batch_get_failed (TroveDownloadBatch *self);
gboolean trove_download_batch_get_paused (TroveDownloadBatch *self);
gboolean trove_download_batch_get_finished (TroveDownloadBatch *self);

/* Jobs added to a paused batch are paused. */
void trove_download_batch_pause (TroveDownloadBatch *self);
void trove_download_batch_resume (TroveDownloadBatch *self);
void trove_download_batch_cancel (TroveDownloadBatch *self);

G_END_DECLS
