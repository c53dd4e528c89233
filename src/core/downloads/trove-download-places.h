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
void trove_download_places_add (TroveDownloadPlaces *self,
                                TroveDownload *job,
                                const char *source_path,
                                TroveDownload *source_job);
/* Whether @job fills its place from another file (and must not be started as a download). */
gboolean trove_download_places_has (TroveDownloadPlaces *self, TroveDownload *job);
/* For a queued @job that has: links it when its source is there. FALSE when the source will
 * never be (its download failed or was cancelled): the job is then an ordinary download. */
gboolean trove_download_places_start (TroveDownloadPlaces *self, TroveDownload *job);
void trove_download_places_forget (TroveDownloadPlaces *self, TroveDownload *job);

/* The job of @jobs for the item's place in @chat_id. */
TroveDownload *trove_download_places_find_job (GPtrArray *jobs,
                                               const char *account_id,
                                               const char *media_id,
                                               const char *chat_id);
/* The job of @jobs that downloads the item (in whichever chat), unless it failed or was
 * cancelled. */
TroveDownload *trove_download_places_find_download (TroveDownloadPlaces *self,
                                                    GPtrArray *jobs,
                                                    const char *account_id,
                                                    const char *media_id);

/* For an item the archive has at @known: its place in @media's chat when filled already (the
 * place recorded, or @wanted is that very file), recorded; NULL when a link must fill it. */
char *trove_download_places_filled (TroveDownloadArchive *archive,
                                    TroveMedia *media,
                                    const char *account_id,
                                    const char *chat_name,
                                    GFile *wanted,
                                    const char *known);
/* Records the place of a job done. */
void trove_download_places_record (TroveDownloadArchive *archive,
                                   TroveDownload *job,
                                   const char *chat_name);
/* The disk is full, or the file-size limit (RLIMIT_FSIZE, which GIO does not name) met. */
gboolean trove_download_places_disk_full (const GError *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TroveDownloadPlaces, trove_download_places_free)

G_END_DECLS
