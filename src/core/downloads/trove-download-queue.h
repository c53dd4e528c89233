/* trove-download-queue.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-download.h"

G_BEGIN_DECLS

#define TROVE_TYPE_DOWNLOAD_QUEUE (trove_download_queue_get_type ())

/* A GListModel of TroveDownload jobs: at most max-concurrent run, the rest wait in order. */
G_DECLARE_FINAL_TYPE (TroveDownloadQueue, trove_download_queue, TROVE, DOWNLOAD_QUEUE, GObject)

TroveDownloadQueue *trove_download_queue_new (GFile *folder,
                                              const char *filename_template,
                                              TroveDownloadArchive *archive);

void trove_download_queue_set_max_concurrent (TroveDownloadQueue *self, guint max_concurrent);
guint trove_download_queue_get_max_concurrent (TroveDownloadQueue *self);
/* Applied to the jobs added afterwards. */
void trove_download_queue_set_file_times (TroveDownloadQueue *self, gboolean set_file_times);
void trove_download_queue_set_provenance (TroveDownloadQueue *self, gboolean write_provenance);

/* Queues @media, or returns NULL with *@already_at set when the archive says it is already
 * downloaded and the file is still there. */
TroveDownload *trove_download_queue_add (TroveDownloadQueue *self,
                                         TroveProvider *provider,
                                         const char *account_id,
                                         const char *account_name,
                                         const char *chat_name,
                                         TroveMedia *media,
                                         char **already_at);

/* The provider of an account, to take up the downloads a previous run left unfinished. */
typedef TroveProvider *(*TroveProviderForAccount) (const char *account_id, gpointer user_data);

/* Queues again what the archive says was left unfinished (each resumes from its .part). */
guint trove_download_queue_restore (TroveDownloadQueue *self,
                                    TroveProviderForAccount provider_for,
                                    gpointer user_data);

void trove_download_queue_move_to_front (TroveDownloadQueue *self, TroveDownload *download);
/* Drops finished jobs from the list. */
void trove_download_queue_clear_finished (TroveDownloadQueue *self);
void trove_download_queue_cancel_all (TroveDownloadQueue *self);

/* The folder downloads are saved in. */
GFile *trove_download_queue_get_folder (TroveDownloadQueue *self);

/* Jobs not finished yet. */
guint trove_download_queue_get_pending (TroveDownloadQueue *self);

/* Each media stored once: trove_download_queue_add() gives the same item's place in another
 * chat a job that links to the item's file (downloaded before, or by a job of the queue, which
 * it waits for) instead of downloading it again; trove_download_get_deduplicated() tells such
 * jobs. Jobs done that way, so far. */
guint trove_download_queue_get_deduplicated (TroveDownloadQueue *self);
/* The "warning" property: why places were copied instead of linked (the folder refuses hard
 * links), set once, the first time; NULL before. */
const char *trove_download_queue_get_warning (TroveDownloadQueue *self);

G_END_DECLS
