/* ts-content.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ts-dataset.h"

G_BEGIN_DECLS

/* The bytes of every variant, a pure function of (media, variant): real JPEGs, a real WebM
 * video, a real WAV, and document blobs of @blob_size bytes. */
TsContent *
ts_content_new (const char *video_path, gsize blob_size, gsize cache_budget, GError **error);
void ts_content_free (TsContent *self);

/* NULL when @media has no such variant. */
GBytes *
ts_content_get (TsContent *self, TsMedia *media, const char *variant, const char **content_type);

/* The variant's pixel size as the API reports it (0 when not an image). */
void ts_content_variant_size (TsMedia *media, const char *variant, int *width, int *height);

/* The length of the main variant, known without making it, for media with a content_key
 * (the archive data set); 0 otherwise. */
gint64 ts_content_main_size (TsContent *self, TsMedia *media);

G_END_DECLS
