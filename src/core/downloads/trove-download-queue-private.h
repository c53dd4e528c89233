/* trove-download-queue-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-download-link.h"
#include "trove-download-places.h"
#include "trove-download-queue.h"

G_BEGIN_DECLS

/* The queue's state, shared by trove-download-queue.c and trove-download-queue-restore.c. */
struct _TroveDownloadQueue
{
  GObject parent_instance;

  GFile *folder;
  char *template_text;
  TroveDownloadArchive *archive;
  GPtrArray *jobs; /* TroveDownload */
  guint max_concurrent;
  gboolean set_file_times;
  gboolean write_provenance;
  guint backoff_base_ms;
  GHashTable *claimed;         /* destination paths of unfinished jobs */
  GHashTable *claims;          /* TroveDownload → the path it claimed in claimed */
  GHashTable *chat_names;      /* TroveDownload → the chat's name it was added with */
  TroveDownloadPlaces *places; /* jobs that link instead of downloading */
  gboolean stopping;           /* failing the jobs left after the disk filled */
};

/* Appends a job for @media at @destination; @source_path or @source_job: the job links to that
 * file instead of downloading. @chat_name: the chat's name, its place is recorded under. */
TroveDownload *_trove_download_queue_append_job (TroveDownloadQueue *self,
                                                 TroveProvider *provider,
                                                 const char *account_id,
                                                 TroveMedia *media,
                                                 GFile *destination,
                                                 const char *source_path,
                                                 TroveDownload *source_job,
                                                 const char *chat_name);
/* Where the item already is: recorded in the archive, or renamed to its final name by a run
 * that stopped before it could record it (then recorded now). */
char *_trove_download_queue_finished_at (TroveDownloadQueue *self,
                                         const char *account_id,
                                         const char *media_id);

/* For tests: the first delay before a retry, for the jobs added afterwards. */
void _trove_download_queue_set_backoff_base_ms (TroveDownloadQueue *self, guint base_ms);

/* For tests: what makes hard links (link(2) by default), for the jobs linked afterwards. */
void _trove_download_queue_set_link_func (TroveDownloadQueue *self, TroveLinkFunc link_func);

G_END_DECLS
