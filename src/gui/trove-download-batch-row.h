/* trove-download-batch-row.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-download-batch.h"

G_BEGIN_DECLS

#define TROVE_TYPE_DOWNLOAD_BATCH_ROW (trove_download_batch_row_get_type ())

/* One row in the downloads popover for a whole batch ("Everything from Mira Solberg: 1,204 of
 * 5,310"), with its progress and buttons that pause, resume and cancel all of it. */
G_DECLARE_FINAL_TYPE (TroveDownloadBatchRow,
                      trove_download_batch_row,
                      TROVE,
                      DOWNLOAD_BATCH_ROW,
                      GtkBox)

GtkWidget *trove_download_batch_row_new (TroveDownloadBatch *batch);
TroveDownloadBatch *trove_download_batch_row_get_batch (TroveDownloadBatchRow *self);

G_END_DECLS
