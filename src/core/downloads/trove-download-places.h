/* trove-download-places.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-download-link.h"
#include "trove-download.h"

G_BEGIN_DECLS

/* The queue's jobs that fill a place from a file already there instead of downloading: the
 * same item in another chat, linked to the file of its download (waiting for that download
 * when it is still under way). */
typedef struct _TroveDownloadPlaces TroveDownloadPlaces;

/* @owner gets "warning" notified the first time links are refused. */
TroveDownloadPlaces *trove_download_places_new (GObject *owner);
void trove_download_places_free (TroveDownloadPlaces *self);

void trove_download_places_set_link_func (TroveDownloadPlaces *self, TroveLinkFunc link_func);
/* Why a place was copied instead of linked, the first time it was; NULL before. */
const char *trove_download_places_get_warning (TroveDownloadPlaces *self);

/* @job fills its place from the file at @source_path, or from @source_job's once it is done. */
void trove_download_places_add (TroveDownloadPlaces *self, TroveDownload *job, const char *source_path, TroveDownload *source_job);
/* Whether @job fills its place from another file (and must not be started as a download). */
gboolean trove_download_places_has (TroveDownloadPlaces *self, TroveDownload *job);
/* For a queued @job that has: links it when its source is there. FALSE when the source will
 * never be (its download failed or was cancelled): the job is then an ordinary download. */
gboolean trove_download_places_start (TroveDownloadPlaces *self, TroveDownload *job);
void trove_download_places_forget (TroveDownloadPlaces *self, TroveDownload *job);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TroveDownloadPlaces, trove_download_places_free)

G_END_DECLS
