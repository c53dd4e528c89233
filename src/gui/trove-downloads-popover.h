/* trove-downloads-popover.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-download-batch.h"
#include "trove-download-queue.h"

G_BEGIN_DECLS

#define TROVE_TYPE_DOWNLOADS_POPOVER (trove_downloads_popover_get_type ())

/* The downloads of every window, one row each, with Open Folder and Clear Finished (the
 * window's win.open-download-folder and win.clear-downloads). */
G_DECLARE_FINAL_TYPE (TroveDownloadsPopover,
                      trove_downloads_popover,
                      TROVE,
                      DOWNLOADS_POPOVER,
                      GtkPopover)

void trove_downloads_popover_set_downloads (TroveDownloadsPopover *self,
                                            TroveDownloadQueue *downloads);

/* Shows @batch as one row above the list, which then leaves its jobs out. */
void trove_downloads_popover_add_batch (TroveDownloadsPopover *self, TroveDownloadBatch *batch);

G_END_DECLS
