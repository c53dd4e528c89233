/* trove-download-notifier.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-download-queue.h"

G_BEGIN_DECLS

#define TROVE_TYPE_DOWNLOAD_NOTIFIER (trove_download_notifier_get_type ())

/* Tells the desktop when a batch of downloads is over (all done, or some failed) while none of
 * the application's windows has the focus: the user who looked away learns it finished. */
G_DECLARE_FINAL_TYPE (TroveDownloadNotifier,
                      trove_download_notifier,
                      TROVE,
                      DOWNLOAD_NOTIFIER,
                      GObject)

TroveDownloadNotifier *trove_download_notifier_new (GtkApplication *application,
                                                    TroveDownloadQueue *queue);

G_END_DECLS
