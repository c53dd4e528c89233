/* trove-media.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-media-private.h"
#include "trove-media-urls.h"

/* Sizes arrive from untrusted JSON. */
#define MAX_DIMENSION 100000

/* The strings of one item, kept in one block in this order, the URLs encoded. */
enum
{
  STRING_ID,
  STRING_MESSAGE_ID,
  STRING_NAME,
  STRING_URL, /* one for each variant */
  N_STRINGS = STRING_URL + TROVE_N_VARIANTS
};

struct _TroveMedia
{
  GObject parent_instance;

  /* A list keeps thousands of items for as long as it lives: the id, message id, name and
   * variant URLs share one allocation, which starts with the id; the URLs are kept small
   * (trove-media-urls.c) until someone asks for them. */
  char *id;
  const char *message_id;
  const char *name;
  const guint8 *urls;
  /* Each made when first asked for, its URL decoded after it in the same allocation: a
   * download asks for one variant, a grid cell for two. */
  TroveMediaVariant *variants[TROVE_N_VARIANTS];
  const char *chat_id;   /* interned: every item of a chat has the same */
  const char *sender_id; /* interned: a chat has two senders */
  GDateTime *sent_at;    /* made when first asked for */
  gint64 sent_at_us;     /* since the epoch; the zone it was given in is kept apart */
  gint64 duration_ms;
  int width;
  int height;
  int sent_at_offset; /* seconds east of UTC */
  TroveMediaKind kind : 4;
  guint from_owner : 1;
  guint locked : 1;
  guint has_sent_at : 1;
  int variant_width[TROVE_N_VARIANTS];
  int variant_height[TROVE_N_VARIANTS];
  gint64 variant_size[TROVE_N_VARIANTS];
};

G_DEFINE_FINAL_TYPE (TroveMedia, trove_media, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TroveMediaKind,
                    trove_media_kind,
                    G_DEFINE_ENUM_VALUE (TROVE_MEDIA_KIND_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (TROVE_MEDIA_KIND_IMAGE, "image"),
                    G_DEFINE_ENUM_VALUE (TROVE_MEDIA_KIND_VIDEO, "video"),
                    G_DEFINE_ENUM_VALUE (TROVE_MEDIA_KIND_AUDIO, "audio"),
                    G_DEFINE_ENUM_VALUE (TROVE_MEDIA_KIND_DOCUMENT, "document"))

G_DEFINE_ENUM_TYPE (TroveVariant,
                    trove_variant,
                    G_DEFINE_ENUM_VALUE (TROVE_VARIANT_THUMBNAIL, "thumbnail"),
                    G_DEFINE_ENUM_VALUE (TROVE_VARIANT_GALLERY_THUMBNAIL, "thumbnail_gallery"),
                    G_DEFINE_ENUM_VALUE (TROVE_VARIANT_MAIN, "main"),
                    G_DEFINE_ENUM_VALUE (TROVE_VARIANT_BLURRED, "blurred"))

enum
{
  PROP_0,
  PROP_ID,
  PROP_MESSAGE_ID,
  PROP_CHAT_ID,
  PROP_KIND,
  PROP_NAME,
  PROP_SENT_AT,
  PROP_SENDER_ID,
  PROP_FROM_OWNER,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_DURATION_MS,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every item of a page is looked up: a table, not the enum class. */
static const char *const kind_nicks[] = {
  [TROVE_MEDIA_KIND_UNKNOWN] = "unknown",   [TROVE_MEDIA_KIND_IMAGE] = "image",
  [TROVE_MEDIA_KIND_VIDEO] = "video",       [TROVE_MEDIA_KIND_AUDIO] = "audio",
  [TROVE_MEDIA_KIND_DOCUMENT] = "document",
};

const char *
trove_media_kind_to_string (TroveMediaKind kind)
{
  return (guint) kind < G_N_ELEMENTS (kind_nicks) ? kind_nicks[kind] : "unknown";
}

gboolean
trove_media_kind_from_string (const char *str, TroveMediaKind *kind)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kind_nicks); i++)
    if (strcmp (str, kind_nicks[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }

  return FALSE;
}

static void
clear_variants (TroveMedia *self)
{
  for (guint i = 0; i < TROVE_N_VARIANTS; i++)
    g_clear_pointer (&self->variants[i], g_free);
}

static void
trove_media_finalize (GObject *object)
{
  TroveMedia *self = TROVE_MEDIA (object);

  g_free (self->id);
  g_clear_pointer (&self->sent_at, g_date_time_unref);
  clear_variants (self);

  G_OBJECT_CLASS (trove_media_parent_class)->finalize (object);
}

static void
trove_media_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveMedia *self = TROVE_MEDIA (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_MESSAGE_ID:
      g_value_set_string (value, self->message_id);
      break;

    case PROP_CHAT_ID:
      g_value_set_string (value, self->chat_id);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SENT_AT:
      g_value_set_boxed (value, trove_media_get_sent_at (self));
      break;

    case PROP_SENDER_ID:
      g_value_set_string (value, self->sender_id);
      break;

    case PROP_FROM_OWNER:
      g_value_set_boolean (value, self->from_owner);
      break;

    case PROP_WIDTH:
      g_value_set_int (value, self->width);
      break;

    case PROP_HEIGHT:
      g_value_set_int (value, self->height);
      break;

    case PROP_DURATION_MS:
      g_value_set_int64 (value, self->duration_ms);
      break;

    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_media_class_init (TroveMediaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = trove_media_finalize;
  object_class->get_property = trove_media_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_MESSAGE_ID] = g_param_spec_string ("message-id", NULL, NULL, NULL, flags);
  properties[PROP_CHAT_ID] = g_param_spec_string ("chat-id", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, TROVE_TYPE_MEDIA_KIND,
                                             TROVE_MEDIA_KIND_UNKNOWN, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SENT_AT] = g_param_spec_boxed ("sent-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_SENDER_ID] = g_param_spec_string ("sender-id", NULL, NULL, NULL, flags);
  properties[PROP_FROM_OWNER] = g_param_spec_boolean ("from-owner", NULL, NULL, FALSE, flags);
  properties[PROP_WIDTH] = g_param_spec_int ("width", NULL, NULL, 0, MAX_DIMENSION, 0, flags);
  properties[PROP_HEIGHT] = g_param_spec_int ("height", NULL, NULL, 0, MAX_DIMENSION, 0, flags);
  properties[PROP_DURATION_MS] =
      g_param_spec_int64 ("duration-ms", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LOCKED] = g_param_spec_boolean ("locked", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_media_init (TroveMedia *self)
{
}

/* Copies @strings (any may be NULL, or point into the block being replaced) into one new block. */
static void
set_strings (TroveMedia *self, const char *const strings[N_STRINGS])
{
  const char **slots[STRING_URL] = { NULL, &self->message_id, &self->name };
  gsize lengths[STRING_URL];
  gsize total = 0, bound = trove_media_urls_bound (strings + STRING_URL, TROVE_N_VARIANTS), encoded;
  guint8 stack[2048];
  g_autofree guint8 *heap = bound > sizeof stack ? g_malloc (bound) : NULL;
  guint8 *urls = heap ? heap : stack;
  char *old = self->id;
  char *p;

  for (guint i = 0; i < STRING_URL; i++)
    {
      lengths[i] = strings[i] ? strlen (strings[i]) + 1 : 0;
      total += lengths[i];
    }
  encoded =
      trove_media_urls_encode (urls, strings[STRING_ID], strings + STRING_URL, TROVE_N_VARIANTS);

  p = self->id = g_malloc (total + encoded);
  for (guint i = 0; i < STRING_URL; i++)
    {
      const char *copy = strings[i] ? memcpy (p, strings[i], lengths[i]) : NULL;

      if (slots[i] != NULL)
        *slots[i] = copy;
      p += lengths[i];
    }
  self->urls = memcpy (p, urls, encoded);
  g_free (old);
}

/* The strings the item holds now, in block order; free the URLs with free_urls(). */
static void
get_strings (TroveMedia *self, const char *strings[N_STRINGS])
{
  strings[STRING_ID] = self->id;
  strings[STRING_MESSAGE_ID] = self->message_id;
  strings[STRING_NAME] = self->name;
  trove_media_urls_decode (self->urls, self->id, (char **) strings + STRING_URL, TROVE_N_VARIANTS);
}

static void
free_urls (const char *strings[N_STRINGS])
{
  for (guint i = 0; i < TROVE_N_VARIANTS; i++)
    g_free ((char *) strings[STRING_URL + i]);
}

static const char *
intern (const char *text)
{
  return text ? g_intern_string (text) : NULL;
}

static void
set_variant_size (TroveMedia *self, TroveVariant variant, int width, int height, gint64 size)
{
  self->variant_width[variant] = CLAMP (width, 0, MAX_DIMENSION);
  self->variant_height[variant] = CLAMP (height, 0, MAX_DIMENSION);
  self->variant_size[variant] = MAX (size, 0);
}

TroveMedia *
trove_media_new_from_fields (const TroveMediaFields *fields)
{
  const char *strings[N_STRINGS];
  TroveMedia *self;

  g_return_val_if_fail (fields->id != NULL, NULL);

  self = g_object_new (TROVE_TYPE_MEDIA, NULL);
  strings[STRING_ID] = fields->id;
  strings[STRING_MESSAGE_ID] = fields->message_id;
  strings[STRING_NAME] = fields->name;
  for (guint i = 0; i < TROVE_N_VARIANTS; i++)
    {
      strings[STRING_URL + i] = fields->variants[i].url;
      set_variant_size (self, i, fields->variants[i].width, fields->variants[i].height,
                        fields->variants[i].size);
    }
  set_strings (self, strings);

  self->chat_id = intern (fields->chat_id);
  self->kind = fields->kind;
  trove_media_set_sender (self, fields->sender_id, fields->from_owner);
  if (fields->has_sent_at)
    {
      self->has_sent_at = TRUE;
      self->sent_at_us = fields->sent_at_us;
      self->sent_at_offset = fields->sent_at_offset;
    }
  trove_media_set_dimensions (self, fields->width, fields->height);
  trove_media_set_duration_ms (self, fields->duration_ms);
  self->locked = !!fields->locked;

  return self;
}

gboolean
trove_media_time_from_iso8601 (const char *text, gint64 *us, int *offset)
{
  g_autoptr (GTimeZone) utc = NULL;
  g_autoptr (GDateTime) time = NULL;

  if (text == NULL)
    return FALSE;

  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    return FALSE;

  *us = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  *offset = (int) (g_date_time_get_utc_offset (time) / G_TIME_SPAN_SECOND);
  return TRUE;
}

TroveMedia *
trove_media_new (const char *id, const char *message_id, const char *chat_id, TroveMediaKind kind)
{
  TroveMediaFields fields = { 0 };

  g_return_val_if_fail (id != NULL, NULL);

  fields.id = id;
  fields.message_id = message_id;
  fields.chat_id = chat_id;
  fields.kind = kind;

  return trove_media_new_from_fields (&fields);
}

void
trove_media_set_name (TroveMedia *self, const char *name)
{
  const char *strings[N_STRINGS];

  get_strings (self, strings);
  strings[STRING_NAME] = name;
  set_strings (self, strings);
  free_urls (strings);
}

void
trove_media_set_sent_at (TroveMedia *self, GDateTime *sent_at)
{
  g_clear_pointer (&self->sent_at, g_date_time_unref);
  self->has_sent_at = sent_at != NULL;
  if (sent_at != NULL)
    {
      self->sent_at = g_date_time_ref (sent_at);
      self->sent_at_us =
          g_date_time_to_unix (sent_at) * G_USEC_PER_SEC + g_date_time_get_microsecond (sent_at);
      self->sent_at_offset = (int) (g_date_time_get_utc_offset (sent_at) / G_TIME_SPAN_SECOND);
    }
}

void
trove_media_set_sender (TroveMedia *self, const char *sender_id, gboolean from_owner)
{
  self->sender_id = intern (sender_id);
  self->from_owner = !!from_owner;
}

void
trove_media_set_dimensions (TroveMedia *self, int width, int height)
{
  self->width = CLAMP (width, 0, MAX_DIMENSION);
  self->height = CLAMP (height, 0, MAX_DIMENSION);
}

void
trove_media_set_duration_ms (TroveMedia *self, gint64 duration_ms)
{
  self->duration_ms = MAX (duration_ms, 0);
}

void
trove_media_set_locked (TroveMedia *self, gboolean locked)
{
  self->locked = !!locked;
}

void
trove_media_set_variant (TroveMedia *self,
                         TroveVariant variant,
                         const char *url,
                         int width,
                         int height,
                         gint64 size)
{
  const char *strings[N_STRINGS];

  g_return_if_fail (variant < TROVE_N_VARIANTS);

  get_strings (self, strings);
  g_free ((char *) strings[STRING_URL + variant]);
  strings[STRING_URL + variant] = url;
  set_strings (self, strings);
  strings[STRING_URL + variant] = NULL;
  free_urls (strings);
  set_variant_size (self, variant, width, height, size);
  /* Only a parser sets variants, before anyone else has the item. */
  clear_variants (self);
}

const char *
trove_media_get_id (TroveMedia *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA (self), NULL);
  return self->id;
}

const char *
trove_media_get_message_id (TroveMedia *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA (self), NULL);
  return self->message_id;
}

const char *
trove_media_get_chat_id (TroveMedia *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA (self), NULL);
  return self->chat_id;
}

TroveMediaKind
trove_media_get_kind (TroveMedia *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA (self), TROVE_MEDIA_KIND_UNKNOWN);
  return self->kind;
}

const char *
trove_media_get_name (TroveMedia *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA (self), NULL);
  return self->name;
}

GDateTime *
trove_media_get_sent_at (TroveMedia *self)
{
  GDateTime *sent_at;
  g_autoptr (GTimeZone) zone = NULL;
  g_autoptr (GDateTime) whole = NULL;
  g_autoptr (GDateTime) utc = NULL;

  g_return_val_if_fail (TROVE_IS_MEDIA (self), NULL);

  sent_at = g_atomic_pointer_get (&self->sent_at);
  if (sent_at != NULL || !self->has_sent_at)
    return sent_at;

  /* Made on first use and kept: most listed items are never shown with their date. Two threads
   * may race to make it; the loser's copy is dropped. */
  zone = self->sent_at_offset == 0 ? g_time_zone_new_utc ()
                                   : g_time_zone_new_offset (self->sent_at_offset);
  whole = g_date_time_new_from_unix_utc (self->sent_at_us / G_USEC_PER_SEC);
  utc = whole ? g_date_time_add (whole, self->sent_at_us % G_USEC_PER_SEC) : NULL;
  sent_at = utc ? g_date_time_to_timezone (utc, zone) : NULL;
  if (sent_at == NULL)
    return NULL;

  if (!g_atomic_pointer_compare_and_exchange (&self->sent_at, NULL, sent_at))
    {
      g_date_time_unref (sent_at);
      sent_at = g_atomic_pointer_get (&self->sent_at);
    }

  return sent_at;
}

const char *
trove_media_get_sender_id (TroveMedia *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA (self), NULL);
  return self->sender_id;
}

gboolean
trove_media_get_from_owner (TroveMedia *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA (self), FALSE);
  return self->from_owner;
}

int
trove_media_get_width (TroveMedia *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA (self), 0);
  return self->width;
}

int
trove_media_get_height (TroveMedia *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA (self), 0);
  return self->height;
}

gint64
trove_media_get_duration_ms (TroveMedia *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA (self), 0);
  return self->duration_ms;
}

gboolean
trove_media_get_locked (TroveMedia *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA (self), FALSE);
  return self->locked;
}

const TroveMediaVariant *
trove_media_get_variant (TroveMedia *self, TroveVariant variant)
{
  TroveMediaVariant *found;

  g_return_val_if_fail (TROVE_IS_MEDIA (self), NULL);
  g_return_val_if_fail (variant < TROVE_N_VARIANTS, NULL);

  found = g_atomic_pointer_get (&self->variants[variant]);
  if (found == NULL)
    {
      char *urls[TROVE_N_VARIANTS];
      gsize length;

      trove_media_urls_decode (self->urls, self->id, urls, variant + 1);
      length = urls[variant] ? strlen (urls[variant]) + 1 : 0;
      found = g_malloc0 (sizeof (TroveMediaVariant) + length);
      if (urls[variant] != NULL)
        found->url = memcpy ((char *) (found + 1), urls[variant], length);
      found->width = self->variant_width[variant];
      found->height = self->variant_height[variant];
      found->size = self->variant_size[variant];
      for (guint i = 0; i <= variant; i++)
        g_free (urls[i]);

      /* Two threads may race to make it; the loser's copy is dropped. */
      if (!g_atomic_pointer_compare_and_exchange (&self->variants[variant], NULL, found))
        {
          g_free (found);
          found = g_atomic_pointer_get (&self->variants[variant]);
        }
    }

  return found;
}
