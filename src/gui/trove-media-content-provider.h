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

/* What dragged media items offer: a file list (text/uri-list). A drop target that asks for it
 * gets the downloaded files; those not downloaded yet go through the queue first, and the list
 * is written once every one of them is complete. */
G_DECLARE_FINAL_TYPE (TroveMediaContentProvider,
                      trove_media_content_provider,
                      TROVE,
                      MEDIA_CONTENT_PROVIDER,
                      GdkContentProvider)

/* @items: TroveMedia, at least one. */
GdkContentProvider *trove_media_content_provider_new (TroveDownloadQueue *queue,
                                                      TroveProvider *provider,
                                                      const char *account_id,
                                                      const char *account_name,
                                                      const char *chat_name,
                                                      GPtrArray *items);

G_END_DECLS
