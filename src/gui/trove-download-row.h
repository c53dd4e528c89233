/* trove-download-row.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-download.h"

G_BEGIN_DECLS

#define TROVE_TYPE_DOWNLOAD_ROW (trove_download_row_get_type ())

/* One job in the downloads popover: name, progress, speed and time left, and its actions. */
G_DECLARE_FINAL_TYPE (TroveDownloadRow, trove_download_row, TROVE, DOWNLOAD_ROW, GtkWidget)

TroveDownload *trove_download_row_get_download (TroveDownloadRow *self);
void trove_download_row_set_download (TroveDownloadRow *self, TroveDownload *download);

/* "2.1 MB of 8.0 MB — 1.2 MB/s, 5 seconds left", "Waiting: too many requests", ... */
char *trove_download_describe (TroveDownload *download);

G_END_DECLS
