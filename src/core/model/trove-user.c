/* trove-user.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-user.h"

struct _TroveUser
{
  GObject parent_instance;

  char *id;
  char *handle;
  char *display_name;
  char *avatar_url;
  gboolean authenticated;
};

G_DEFINE_FINAL_TYPE (TroveUser, trove_user, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_HANDLE,
  PROP_DISPLAY_NAME,
  PROP_AVATAR_URL,
  PROP_AUTHENTICATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
trove_user_finalize (GObject *object)
{
  TroveUser *self = TROVE_USER (object);

  g_free (self->id);
  g_free (self->handle);
  g_free (self->display_name);
  g_free (self->avatar_url);

  G_OBJECT_CLASS (trove_user_parent_class)->finalize (object);
}

static void
trove_user_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveUser *self = TROVE_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_HANDLE:
      g_value_set_string (value, self->handle);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_AVATAR_URL:
      g_value_set_string (value, self->avatar_url);
      break;

    case PROP_AUTHENTICATED:
      g_value_set_boolean (value, self->authenticated);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_user_class_init (TroveUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trove_user_finalize;
  object_class->get_property = trove_user_get_property;

  properties[PROP_ID] =
      g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HANDLE] =
      g_param_spec_string ("handle", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AVATAR_URL] = g_param_spec_string ("avatar-url", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTHENTICATED] = g_param_spec_boolean ("authenticated", NULL, NULL, TRUE,
                                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_user_init (TroveUser *self)
{
}

TroveUser *
trove_user_new (const char *id,
                const char *handle,
                const char *display_name,
                const char *avatar_url,
                gboolean authenticated)
{
  TroveUser *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (TROVE_TYPE_USER, NULL);
  self->id = g_strdup (id);
  self->handle = g_strdup (handle);
  self->display_name = g_strdup (display_name);
  self->avatar_url = g_strdup (avatar_url);
  self->authenticated = authenticated;

  return self;
}

const char *
trove_user_get_id (TroveUser *self)
{
  g_return_val_if_fail (TROVE_IS_USER (self), NULL);
  return self->id;
}

const char *
trove_user_get_handle (TroveUser *self)
{
  g_return_val_if_fail (TROVE_IS_USER (self), NULL);
  return self->handle;
}

const char *
trove_user_get_display_name (TroveUser *self)
{
  g_return_val_if_fail (TROVE_IS_USER (self), NULL);
  return self->display_name;
}

const char *
trove_user_get_avatar_url (TroveUser *self)
{
  g_return_val_if_fail (TROVE_IS_USER (self), NULL);
  return self->avatar_url;
}

gboolean
trove_user_get_authenticated (TroveUser *self)
{
  g_return_val_if_fail (TROVE_IS_USER (self), FALSE);
  return self->authenticated;
}
