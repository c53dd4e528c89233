/* trove-viewer-images.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-provider.h"
#include "trove-thumbnail-loader.h"

G_BEGIN_DECLS

/* A full image bigger than this is not read: the viewer says so instead. */
#define TROVE_VIEWER_MAX_IMAGE_BYTES (64 * 1024 * 1024)

gboolean trove_viewer_has_url (TroveMedia *media, TroveVariant variant);

/* Fetches @media's main file and decodes it at full size. Fails with
 * G_IO_ERROR_MESSAGE_TOO_LARGE past TROVE_VIEWER_MAX_IMAGE_BYTES. */
void trove_viewer_load_image_async (TroveProvider *provider,
                                    TroveMedia *media,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
GdkTexture *trove_viewer_load_image_finish (GAsyncResult *result, GError **error);

/* Fetches the thumbnail the grid chose for @media (so that the loader's cache answers for
 * what the grid showed) and decodes it; G_IO_ERROR_NOT_FOUND when @media has none. With no
 * @callback it only warms the loader's cache. */
void trove_viewer_load_thumbnail_async (TroveThumbnailLoader *loader,
                                        TroveProvider *provider,
                                        TroveMedia *media,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
GdkTexture *trove_viewer_load_thumbnail_finish (GAsyncResult *result, GError **error);

G_END_DECLS
