/* trove-media-content-provider.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-download-queue.h"

G_BEGIN_DECLS

#define TROVE_TYPE_MEDIA_CONTENT_PROVIDER (trove_media_content_provider_get_type ())

/* What a media item offers when dragged: a file list (text/uri-list). A drop target that asks
 * for it gets the downloaded file, downloaded through the queue first when it is not yet. */
G_DECLARE_FINAL_TYPE (TroveMediaContentProvider, trove_media_content_provider, TROVE, MEDIA_CONTENT_PROVIDER, GdkContentProvider)

GdkContentProvider *trove_media_content_provider_new (TroveDownloadQueue *queue,
                                                      TroveProvider *provider,
                                                      const char *account_id,
                                                      const char *account_name,
                                                      const char *chat_name,
                                                      TroveMedia *media);

G_END_DECLS
