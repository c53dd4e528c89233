/* trove-media-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-media.h"

G_BEGIN_DECLS

/* For parsers only: a TroveMedia is filled in before anyone else sees it, then never changes. */
void trove_media_set_name (TroveMedia *self, const char *name);
void trove_media_set_sent_at (TroveMedia *self, GDateTime *sent_at);
void trove_media_set_sender (TroveMedia *self, const char *sender_id, gboolean from_owner);
void trove_media_set_dimensions (TroveMedia *self, int width, int height);
void trove_media_set_duration_ms (TroveMedia *self, gint64 duration_ms);
void trove_media_set_locked (TroveMedia *self, gboolean locked);
void trove_media_set_variant (TroveMedia *self,
                              TroveVariant variant,
                              const char *url,
                              int width,
                              int height,
                              gint64 size);

G_END_DECLS
