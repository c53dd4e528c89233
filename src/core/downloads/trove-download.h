/* trove-download.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-download-archive.h"
#include "trove-provider.h"

G_BEGIN_DECLS

typedef enum
{
  TROVE_DOWNLOAD_QUEUED,
  TROVE_DOWNLOAD_RUNNING,
  TROVE_DOWNLOAD_PAUSED,
  TROVE_DOWNLOAD_WAITING_FOR_RATE_LIMIT,
  TROVE_DOWNLOAD_DONE,
  TROVE_DOWNLOAD_FAILED,
  TROVE_DOWNLOAD_CANCELLED,
} TroveDownloadState;

#define TROVE_TYPE_DOWNLOAD_STATE (trove_download_state_get_type ())
#define TROVE_TYPE_DOWNLOAD (trove_download_get_type ())

GType trove_download_state_get_type (void);

/* One file: streamed to "<final>.part", resumed with Range, checked against the announced
 * size and type, renamed into place only when whole, dated and recorded. Expired links are
 * resolved again through the provider; 429, 5xx, cuts and stalls are retried. */
G_DECLARE_FINAL_TYPE (TroveDownload, trove_download, TROVE, DOWNLOAD, GObject)

TroveDownload *trove_download_new (TroveProvider *provider,
                                   const char *account_id,
                                   TroveMedia *media,
                                   GFile *destination,
                                   TroveDownloadArchive *archive);

TroveMedia *trove_download_get_media (TroveDownload *self);
const char *trove_download_get_account_id (TroveDownload *self);
TroveDownloadState trove_download_get_state (TroveDownload *self);
gint64 trove_download_get_bytes_done (TroveDownload *self);
gint64 trove_download_get_bytes_total (TroveDownload *self); /* -1 while unknown */
double trove_download_get_speed (TroveDownload *self);       /* bytes per second */
const GError *trove_download_get_error (TroveDownload *self);
/* Where the file is (once done) or will be. */
GFile *trove_download_get_destination (TroveDownload *self);

/* Options, before start. */
void trove_download_set_file_times (TroveDownload *self, gboolean set_file_times);
void trove_download_set_provenance (TroveDownload *self, gboolean write_provenance);
void trove_download_set_backoff_base_ms (TroveDownload *self, guint base_ms);

/* Starts or resumes a queued or paused job (the queue calls this). */
void trove_download_start (TroveDownload *self);
/* Stops, keeping the .part file to resume from. */
void trove_download_pause (TroveDownload *self);
/* A paused job goes back in line. */
void trove_download_resume (TroveDownload *self);
void trove_download_cancel (TroveDownload *self);
/* A failed or cancelled job goes back to the queue. */
void trove_download_retry (TroveDownload *self);

/* Holds one of the queue's places: transferring, or waiting to. A job saving its file (the
 * "saving" property: flush, checksum, rename) no longer does. */
gboolean trove_download_is_active (TroveDownload *self);
gboolean trove_download_is_finished (TroveDownload *self);

gboolean trove_download_is_saving (TroveDownload *self);
/* Failed because the file host refuses the item's link and paid downloads are not allowed for
 * the account (the error is TROVE_ERROR_PAYMENT_REQUIRED): a retry after allowing them
 * fetches it through the paid endpoint. */
gboolean trove_download_needs_paid_download (TroveDownload *self);
/* Whether the job goes (or went) through the paid endpoint. */
gboolean trove_download_is_paid (TroveDownload *self);
/* Done by linking (or copying) a file of the same item already there, not by a download. */
gboolean trove_download_get_deduplicated (TroveDownload *self);
/* Another destination for a job that has not started or has stopped (queue use). */
void trove_download_set_destination (TroveDownload *self, GFile *destination);

G_END_DECLS
