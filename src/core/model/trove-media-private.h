/* trove-media-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-media.h"

G_BEGIN_DECLS

/* Everything a parser read about one item; strings are copied, absent ones NULL. */
typedef struct
{
  const char *id;
  const char *message_id;
  const char *chat_id;
  const char *name;
  const char *sender_id;
  gboolean from_owner;
  gboolean locked;
  TroveMediaKind kind;
  gboolean has_sent_at;
  gint64 sent_at_us;  /* since the epoch */
  int sent_at_offset; /* seconds east of UTC the time was given in */
  int width;
  int height;
  gint64 duration_ms;
  struct
  {
    const char *url;
    int width;
    int height;
    gint64 size;
  } variants[TROVE_N_VARIANTS];
} TroveMediaFields;

/* For parsers: fills the item in one go, without the setters' copies and GDateTime. */
TroveMedia *trove_media_new_from_fields (const TroveMediaFields *fields);

/* An ISO 8601 time as a parser keeps it for trove_media_new_from_fields(). */
gboolean trove_media_time_from_iso8601 (const char *text, gint64 *us, int *offset);

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
