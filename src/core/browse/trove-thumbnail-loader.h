/* trove-thumbnail-loader.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-provider.h"

G_BEGIN_DECLS

#define TROVE_TYPE_THUMBNAIL_LOADER (trove_thumbnail_loader_get_type ())

/* Fetches thumbnails (encoded bytes) through a bounded queue: a few at once, one fetch per
 * item however many ask, cancelled requests dropped before they start, lower priority values
 * first. Keeps recent results in memory and everything on disk, keyed by media id and variant
 * because the signed URLs change every time. */
G_DECLARE_FINAL_TYPE (TroveThumbnailLoader,
                      trove_thumbnail_loader,
                      TROVE,
                      THUMBNAIL_LOADER,
                      GObject)

/* Thumbnails larger than this are refused: the data is untrusted. */
#define TROVE_THUMBNAIL_MAX_BYTES (8 * 1024 * 1024)

/* @cache_dir NULL: no disk cache. */
TroveThumbnailLoader *
trove_thumbnail_loader_new (const char *cache_dir, guint max_in_flight, gsize memory_budget);

/* Properties: in-flight, queued, fetched (network fetches since creation). */
guint trove_thumbnail_loader_get_in_flight (TroveThumbnailLoader *self);
guint trove_thumbnail_loader_get_queued (TroveThumbnailLoader *self);
guint trove_thumbnail_loader_get_fetched (TroveThumbnailLoader *self);

void trove_thumbnail_loader_load_async (TroveThumbnailLoader *self,
                                        TroveProvider *provider,
                                        TroveMedia *media,
                                        TroveVariant variant,
                                        int priority,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
GBytes *trove_thumbnail_loader_load_finish (TroveThumbnailLoader *self,
                                            GAsyncResult *result,
                                            GError **error);

/* Forgets a cached thumbnail that turned out not to decode. */
void trove_thumbnail_loader_forget (TroveThumbnailLoader *self,
                                    TroveProvider *provider,
                                    TroveMedia *media,
                                    TroveVariant variant);

G_END_DECLS
