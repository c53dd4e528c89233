/* trove-image-decoder.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Images larger than this in either dimension are refused before decoding: the data is
 * untrusted and a few bytes of PNG can claim gigapixels. */
#define TROVE_IMAGE_MAX_DIMENSION 16384

/* Decodes @bytes in a worker thread at low priority, scaled down to fit @max_size pixels
 * (0 = natural size). */
void trove_image_decode_async (GBytes *bytes,
                               int max_size,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
GdkTexture *trove_image_decode_finish (GAsyncResult *result, GError **error);

G_END_DECLS
