/* trove-download-batch.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

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

/* Properties total (jobs), done (saved), failed, paused (every unfinished job is paused) and
 * finished (no job is left to run: done, failed or cancelled). */
guint trove_download_batch_get_total (TroveDownloadBatch *self);
guint trove_download_batch_get_done (TroveDownloadBatch *self);
guint trove_download_batch_get_failed (TroveDownloadBatch *self);
gboolean trove_download_batch_get_paused (TroveDownloadBatch *self);
gboolean trove_download_batch_get_finished (TroveDownloadBatch *self);

void trove_download_batch_pause (TroveDownloadBatch *self);
void trove_download_batch_resume (TroveDownloadBatch *self);
void trove_download_batch_cancel (TroveDownloadBatch *self);

G_END_DECLS
