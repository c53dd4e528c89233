/* trove-media.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  TROVE_MEDIA_KIND_UNKNOWN, /* as a listing filter: every kind */
  TROVE_MEDIA_KIND_IMAGE,
  TROVE_MEDIA_KIND_VIDEO,
  TROVE_MEDIA_KIND_AUDIO,
  TROVE_MEDIA_KIND_DOCUMENT,
} TroveMediaKind;

typedef enum
{
  TROVE_VARIANT_THUMBNAIL,
  TROVE_VARIANT_GALLERY_THUMBNAIL,
  TROVE_VARIANT_MAIN,
  TROVE_VARIANT_BLURRED,
  TROVE_N_VARIANTS,
} TroveVariant;

/* One variant of a media item. Absent values are NULL or 0. */
typedef struct
{
  char *url; /* signed and short-lived; NULL for locked items */
  int width;
  int height;
  gint64 size; /* bytes */
} TroveMediaVariant;

#define TROVE_TYPE_MEDIA_KIND (trove_media_kind_get_type ())
#define TROVE_TYPE_VARIANT (trove_variant_get_type ())
#define TROVE_TYPE_MEDIA (trove_media_get_type ())

GType trove_media_kind_get_type (void);
GType trove_variant_get_type (void);

G_DECLARE_FINAL_TYPE (TroveMedia, trove_media, TROVE, MEDIA, GObject)

const char *trove_media_kind_to_string (TroveMediaKind kind); /* "image", ... */
gboolean trove_media_kind_from_string (const char *str, TroveMediaKind *kind);

TroveMedia *
trove_media_new (const char *id, const char *message_id, const char *chat_id, TroveMediaKind kind);

const char *trove_media_get_id (TroveMedia *self);
const char *trove_media_get_message_id (TroveMedia *self);
const char *trove_media_get_chat_id (TroveMedia *self);
TroveMediaKind trove_media_get_kind (TroveMedia *self);
const char *trove_media_get_name (TroveMedia *self);
GDateTime *trove_media_get_sent_at (TroveMedia *self);
const char *trove_media_get_sender_id (TroveMedia *self);
gboolean trove_media_get_from_owner (TroveMedia *self);
int trove_media_get_width (TroveMedia *self);
int trove_media_get_height (TroveMedia *self);
gint64 trove_media_get_duration_ms (TroveMedia *self);
gboolean trove_media_get_locked (TroveMedia *self);
const TroveMediaVariant *trove_media_get_variant (TroveMedia *self, TroveVariant variant);

G_END_DECLS
