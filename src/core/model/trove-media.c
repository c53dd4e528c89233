/* trove-media.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-media-private.h"

/* Sizes arrive from untrusted JSON. */
#define MAX_DIMENSION 100000

struct _TroveMedia
{
  GObject parent_instance;

  char *id;
  char *message_id;
  char *chat_id;
  char *name;
  char *sender_id;
  GDateTime *sent_at;
  gint64 duration_ms;
  int width;
  int height;
  TroveMediaKind kind : 4;
  guint from_owner : 1;
  guint locked : 1;
  TroveMediaVariant variants[TROVE_N_VARIANTS];
};

G_DEFINE_FINAL_TYPE (TroveMedia, trove_media, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TroveMediaKind, trove_media_kind, G_DEFINE_ENUM_VALUE (TROVE_MEDIA_KIND_UNKNOWN, "unknown"), G_DEFINE_ENUM_VALUE (TROVE_MEDIA_KIND_IMAGE, "image"), G_DEFINE_ENUM_VALUE (TROVE_MEDIA_KIND_VIDEO, "video"), G_DEFINE_ENUM_VALUE (TROVE_MEDIA_KIND_AUDIO, "audio"), G_DEFINE_ENUM_VALUE (TROVE_MEDIA_KIND_DOCUMENT, "document"))

G_DEFINE_ENUM_TYPE (TroveVariant, trove_variant, G_DEFINE_ENUM_VALUE (TROVE_VARIANT_THUMBNAIL, "thumbnail"), G_DEFINE_ENUM_VALUE (TROVE_VARIANT_GALLERY_THUMBNAIL, "thumbnail_gallery"), G_DEFINE_ENUM_VALUE (TROVE_VARIANT_MAIN, "main"), G_DEFINE_ENUM_VALUE (TROVE_VARIANT_BLURRED, "blurred"))

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

const char *
trove_media_kind_to_string (TroveMediaKind kind)
{
  GEnumClass *klass = g_type_class_ref (TROVE_TYPE_MEDIA_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  g_type_class_unref (klass);
  return value ? value->value_nick : "unknown";
}

gboolean
trove_media_kind_from_string (const char *str,
                              TroveMediaKind *kind)
{
  GEnumClass *klass;
  GEnumValue *value;

  if (str == NULL)
    return FALSE;

  klass = g_type_class_ref (TROVE_TYPE_MEDIA_KIND);
  value = g_enum_get_value_by_nick (klass, str);
  g_type_class_unref (klass);

  if (value == NULL)
    return FALSE;

  *kind = value->value;
  return TRUE;
}

static void
trove_media_finalize (GObject *object)
{
  TroveMedia *self = TROVE_MEDIA (object);

  g_free (self->id);
  g_free (self->message_id);
  g_free (self->chat_id);
  g_free (self->name);
  g_free (self->sender_id);
  g_clear_pointer (&self->sent_at, g_date_time_unref);
  for (guint i = 0; i < TROVE_N_VARIANTS; i++)
    g_free (self->variants[i].url);

  G_OBJECT_CLASS (trove_media_parent_class)->finalize (object);
}

static void
trove_media_get_property (GObject *object,
                          guint prop_id,
                          GValue *value,
                          GParamSpec *pspec)
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
      g_value_set_boxed (value, self->sent_at);
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
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, TROVE_TYPE_MEDIA_KIND, TROVE_MEDIA_KIND_UNKNOWN, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SENT_AT] = g_param_spec_boxed ("sent-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_SENDER_ID] = g_param_spec_string ("sender-id", NULL, NULL, NULL, flags);
  properties[PROP_FROM_OWNER] = g_param_spec_boolean ("from-owner", NULL, NULL, FALSE, flags);
  properties[PROP_WIDTH] = g_param_spec_int ("width", NULL, NULL, 0, MAX_DIMENSION, 0, flags);
  properties[PROP_HEIGHT] = g_param_spec_int ("height", NULL, NULL, 0, MAX_DIMENSION, 0, flags);
  properties[PROP_DURATION_MS] = g_param_spec_int64 ("duration-ms", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LOCKED] = g_param_spec_boolean ("locked", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_media_init (TroveMedia *self)
{
}

TroveMedia *
trove_media_new (const char *id,
                 const char *message_id,
                 const char *chat_id,
                 TroveMediaKind kind)
{
  TroveMedia *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (TROVE_TYPE_MEDIA, NULL);
  self->id = g_strdup (id);
  self->message_id = g_strdup (message_id);
  self->chat_id = g_strdup (chat_id);
  self->kind = kind;

  return self;
}

void
trove_media_set_name (TroveMedia *self,
                      const char *name)
{
  g_free (self->name);
  self->name = g_strdup (name);
}

void
trove_media_set_sent_at (TroveMedia *self,
                         GDateTime *sent_at)
{
  g_clear_pointer (&self->sent_at, g_date_time_unref);
  self->sent_at = sent_at ? g_date_time_ref (sent_at) : NULL;
}

void
trove_media_set_sender (TroveMedia *self,
                        const char *sender_id,
                        gboolean from_owner)
{
  g_free (self->sender_id);
  self->sender_id = g_strdup (sender_id);
  self->from_owner = !!from_owner;
}

void
trove_media_set_dimensions (TroveMedia *self,
                            int width,
                            int height)
{
  self->width = CLAMP (width, 0, MAX_DIMENSION);
  self->height = CLAMP (height, 0, MAX_DIMENSION);
}

void
trove_media_set_duration_ms (TroveMedia *self,
                             gint64 duration_ms)
{
  self->duration_ms = MAX (duration_ms, 0);
}

void
trove_media_set_locked (TroveMedia *self,
                        gboolean locked)
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
  TroveMediaVariant *slot;

  g_return_if_fail (variant < TROVE_N_VARIANTS);

  slot = &self->variants[variant];
  g_free (slot->url);
  slot->url = g_strdup (url);
  slot->width = CLAMP (width, 0, MAX_DIMENSION);
  slot->height = CLAMP (height, 0, MAX_DIMENSION);
  slot->size = MAX (size, 0);
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
  g_return_val_if_fail (TROVE_IS_MEDIA (self), NULL);
  return self->sent_at;
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
trove_media_get_variant (TroveMedia *self,
                         TroveVariant variant)
{
  g_return_val_if_fail (TROVE_IS_MEDIA (self), NULL);
  g_return_val_if_fail (variant < TROVE_N_VARIANTS, NULL);

  return &self->variants[variant];
}
