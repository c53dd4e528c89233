/* trove-chat.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-chat.h"

struct _TroveChat
{
  GObject parent_instance;

  char *id;
  char *display_name;
  char *handle;
  char *avatar_url;
  GDateTime *last_message_at;
  guint unread_count;
};

G_DEFINE_FINAL_TYPE (TroveChat, trove_chat, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_HANDLE,
  PROP_AVATAR_URL,
  PROP_LAST_MESSAGE_AT,
  PROP_UNREAD_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
trove_chat_finalize (GObject *object)
{
  TroveChat *self = TROVE_CHAT (object);

  g_free (self->id);
  g_free (self->display_name);
  g_free (self->handle);
  g_free (self->avatar_url);
  g_clear_pointer (&self->last_message_at, g_date_time_unref);

  G_OBJECT_CLASS (trove_chat_parent_class)->finalize (object);
}

static void
trove_chat_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveChat *self = TROVE_CHAT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_HANDLE:
      g_value_set_string (value, self->handle);
      break;

    case PROP_AVATAR_URL:
      g_value_set_string (value, self->avatar_url);
      break;

    case PROP_LAST_MESSAGE_AT:
      g_value_set_boxed (value, self->last_message_at);
      break;

    case PROP_UNREAD_COUNT:
      g_value_set_uint (value, self->unread_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_chat_class_init (TroveChatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trove_chat_finalize;
  object_class->get_property = trove_chat_get_property;

  properties[PROP_ID] =
      g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HANDLE] =
      g_param_spec_string ("handle", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVATAR_URL] = g_param_spec_string ("avatar-url", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_MESSAGE_AT] =
      g_param_spec_boxed ("last-message-at", NULL, NULL, G_TYPE_DATE_TIME,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNREAD_COUNT] = g_param_spec_uint ("unread-count", NULL, NULL, 0, G_MAXUINT, 0,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_chat_init (TroveChat *self)
{
}

TroveChat *
trove_chat_new (const char *id,
                const char *display_name,
                const char *handle,
                const char *avatar_url,
                GDateTime *last_message_at,
                guint unread_count)
{
  TroveChat *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (TROVE_TYPE_CHAT, NULL);
  self->id = g_strdup (id);
  self->display_name = g_strdup (display_name);
  self->handle = g_strdup (handle);
  self->avatar_url = g_strdup (avatar_url);
  self->last_message_at = last_message_at ? g_date_time_ref (last_message_at) : NULL;
  self->unread_count = unread_count;

  return self;
}

const char *
trove_chat_get_id (TroveChat *self)
{
  g_return_val_if_fail (TROVE_IS_CHAT (self), NULL);
  return self->id;
}

const char *
trove_chat_get_display_name (TroveChat *self)
{
  g_return_val_if_fail (TROVE_IS_CHAT (self), NULL);
  return self->display_name;
}

const char *
trove_chat_get_handle (TroveChat *self)
{
  g_return_val_if_fail (TROVE_IS_CHAT (self), NULL);
  return self->handle;
}

const char *
trove_chat_get_avatar_url (TroveChat *self)
{
  g_return_val_if_fail (TROVE_IS_CHAT (self), NULL);
  return self->avatar_url;
}

GDateTime *
trove_chat_get_last_message_at (TroveChat *self)
{
  g_return_val_if_fail (TROVE_IS_CHAT (self), NULL);
  return self->last_message_at;
}

guint
trove_chat_get_unread_count (TroveChat *self)
{
  g_return_val_if_fail (TROVE_IS_CHAT (self), 0);
  return self->unread_count;
}
