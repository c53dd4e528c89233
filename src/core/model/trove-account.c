/* trove-account.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "trove-account.h"
#include "trove-error.h"
#include "trove-url.h"

struct _TroveAccount
{
  GObject parent_instance;

  char *id;
  GSettingsBackend *backend;
  GSettings *settings;
  TroveAccountState state;
  char *notice;
};

G_DEFINE_FINAL_TYPE (TroveAccount, trove_account, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TroveAccountKind,
                    trove_account_kind,
                    G_DEFINE_ENUM_VALUE (TROVE_ACCOUNT_KIND_FANVUE, "fanvue"),
                    G_DEFINE_ENUM_VALUE (TROVE_ACCOUNT_KIND_FANVUE_AGENCY, "fanvue-agency"),
                    G_DEFINE_ENUM_VALUE (TROVE_ACCOUNT_KIND_ONLYFANSAPI, "onlyfansapi"))

G_DEFINE_ENUM_TYPE (TroveAuthMethod,
                    trove_auth_method,
                    G_DEFINE_ENUM_VALUE (TROVE_AUTH_METHOD_API_KEY, "api-key"),
                    G_DEFINE_ENUM_VALUE (TROVE_AUTH_METHOD_OAUTH, "oauth"),
                    G_DEFINE_ENUM_VALUE (TROVE_AUTH_METHOD_ACCESS_TOKEN, "access-token"))

G_DEFINE_ENUM_TYPE (TroveAccountState,
                    trove_account_state,
                    G_DEFINE_ENUM_VALUE (TROVE_ACCOUNT_STATE_READY, "ready"),
                    G_DEFINE_ENUM_VALUE (TROVE_ACCOUNT_STATE_NEEDS_RECONNECT, "needs-reconnect"),
                    G_DEFINE_ENUM_VALUE (TROVE_ACCOUNT_STATE_CHECKING, "checking"))

/* The properties from PROP_KIND to PROP_AVATAR_URL are named like their settings keys. */
enum
{
  PROP_0,
  PROP_ID,
  PROP_BACKEND,
  PROP_STATE,
  PROP_NOTICE,
  PROP_KIND,
  PROP_DISPLAY_NAME,
  PROP_API_BASE_URL,
  PROP_AUTH_BASE_URL,
  PROP_CREATOR_UUID,
  PROP_ONLYFANS_ACCOUNT_ID,
  PROP_AUTH_METHOD,
  PROP_CLIENT_ID,
  PROP_REDIRECT_URI,
  PROP_ACCESS_TOKEN_EXPIRES,
  PROP_AVATAR_URL,
  PROP_ALLOW_PAID_DOWNLOADS,
  PROP_PAID_DOWNLOADS_ASKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
trove_account_kind_to_string (TroveAccountKind kind)
{
  GEnumClass *klass = g_type_class_ref (TROVE_TYPE_ACCOUNT_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  g_type_class_unref (klass);
  return value ? value->value_nick : NULL;
}

gboolean
trove_account_kind_from_string (const char *text, TroveAccountKind *kind)
{
  GEnumClass *klass = g_type_class_ref (TROVE_TYPE_ACCOUNT_KIND);
  GEnumValue *value = text ? g_enum_get_value_by_nick (klass, text) : NULL;

  g_type_class_unref (klass);
  if (value == NULL)
    return FALSE;

  *kind = value->value;
  return TRUE;
}

const char *
trove_account_kind_describe (TroveAccountKind kind)
{
  switch (kind)
    {
    case TROVE_ACCOUNT_KIND_FANVUE:
      return _ ("Fanvue");
    case TROVE_ACCOUNT_KIND_FANVUE_AGENCY:
      return _ ("Fanvue agency");
    case TROVE_ACCOUNT_KIND_ONLYFANSAPI:
    default:
      return _ ("OnlyFansAPI");
    }
}

static gboolean
is_settings_property (guint prop_id)
{
  return prop_id >= PROP_KIND && prop_id <= PROP_PAID_DOWNLOADS_ASKED;
}

static void
settings_changed_cb (TroveAccount *self, const char *key)
{
  if (g_str_equal (key, "needs-reconnect"))
    {
      TroveAccountState state = g_settings_get_boolean (self->settings, key)
                                    ? TROVE_ACCOUNT_STATE_NEEDS_RECONNECT
                                    : TROVE_ACCOUNT_STATE_READY;

      if (self->state != state && self->state != TROVE_ACCOUNT_STATE_CHECKING)
        {
          self->state = state;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
        }
      return;
    }

  for (guint i = PROP_KIND; i <= PROP_PAID_DOWNLOADS_ASKED; i++)
    if (g_str_equal (g_param_spec_get_name (properties[i]), key))
      {
        g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
        /* The shown name falls back on the kind. */
        if (i == PROP_KIND)
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
        return;
      }
}

static void
trove_account_constructed (GObject *object)
{
  TroveAccount *self = TROVE_ACCOUNT (object);
  g_autofree char *path = NULL;

  G_OBJECT_CLASS (trove_account_parent_class)->constructed (object);

  g_assert (self->id != NULL);

  path = g_strdup_printf ("/io/github/trove/Trove/accounts/%s/", self->id);
  if (self->backend != NULL)
    self->settings =
        g_settings_new_with_backend_and_path (BASE_APPLICATION_ID ".Account", self->backend, path);
  else
    self->settings = g_settings_new_with_path (BASE_APPLICATION_ID ".Account", path);

  self->state = g_settings_get_boolean (self->settings, "needs-reconnect")
                    ? TROVE_ACCOUNT_STATE_NEEDS_RECONNECT
                    : TROVE_ACCOUNT_STATE_READY;
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
trove_account_finalize (GObject *object)
{
  TroveAccount *self = TROVE_ACCOUNT (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->backend);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->notice, g_free);

  G_OBJECT_CLASS (trove_account_parent_class)->finalize (object);
}

static void
trove_account_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveAccount *self = TROVE_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_BACKEND:
      g_value_set_object (value, self->backend);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;

    case PROP_KIND:
    case PROP_AUTH_METHOD:
      g_value_set_enum (value, g_settings_get_enum (self->settings, pspec->name));
      break;

    case PROP_ACCESS_TOKEN_EXPIRES:
      g_value_set_int64 (value, g_settings_get_int64 (self->settings, pspec->name));
      break;

    case PROP_ALLOW_PAID_DOWNLOADS:
    case PROP_PAID_DOWNLOADS_ASKED:
      g_value_set_boolean (value, g_settings_get_boolean (self->settings, pspec->name));
      break;

    case PROP_DISPLAY_NAME:
    case PROP_API_BASE_URL:
    case PROP_AUTH_BASE_URL:
    case PROP_CREATOR_UUID:
    case PROP_ONLYFANS_ACCOUNT_ID:
    case PROP_CLIENT_ID:
    case PROP_REDIRECT_URI:
    case PROP_AVATAR_URL:
      g_value_take_string (value, g_settings_get_string (self->settings, pspec->name));
      break;

    case N_PROPS:
    case PROP_0:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Writes only real changes; the key's "changed" signal notifies. */
static void
trove_account_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TroveAccount *self = TROVE_ACCOUNT (object);

  if (is_settings_property (prop_id))
    {
      g_autoptr (GVariant) current = g_settings_get_value (self->settings, pspec->name);
      g_autoptr (GVariant) wanted = NULL;

      if (G_VALUE_HOLDS_ENUM (value))
        {
          if (g_settings_get_enum (self->settings, pspec->name) != g_value_get_enum (value))
            g_settings_set_enum (self->settings, pspec->name, g_value_get_enum (value));
          return;
        }

      if (G_VALUE_HOLDS_INT64 (value))
        wanted = g_variant_ref_sink (g_variant_new_int64 (g_value_get_int64 (value)));
      else if (G_VALUE_HOLDS_BOOLEAN (value))
        wanted = g_variant_ref_sink (g_variant_new_boolean (g_value_get_boolean (value)));
      else
        wanted = g_variant_ref_sink (
            g_variant_new_string (g_value_get_string (value) ? g_value_get_string (value) : ""));

      if (!g_variant_equal (current, wanted))
        g_settings_set_value (self->settings, pspec->name, wanted);
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_BACKEND:
      self->backend = g_value_dup_object (value);
      break;

    case PROP_STATE:
      trove_account_set_state (self, g_value_get_enum (value));
      break;

    case PROP_NOTICE:
      trove_account_set_notice (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_account_class_init (TroveAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = trove_account_constructed;
  object_class->finalize = trove_account_finalize;
  object_class->get_property = trove_account_get_property;
  object_class->set_property = trove_account_set_property;

  properties[PROP_ID] =
      g_param_spec_string ("id", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BACKEND] =
      g_param_spec_object ("backend", NULL, NULL, G_TYPE_SETTINGS_BACKEND,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, TROVE_TYPE_ACCOUNT_STATE,
                                              TROVE_ACCOUNT_STATE_READY, flags);
  properties[PROP_NOTICE] = g_param_spec_string ("notice", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, TROVE_TYPE_ACCOUNT_KIND,
                                             TROVE_ACCOUNT_KIND_FANVUE, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, "", flags);
  properties[PROP_API_BASE_URL] = g_param_spec_string ("api-base-url", NULL, NULL, "", flags);
  properties[PROP_AUTH_BASE_URL] = g_param_spec_string ("auth-base-url", NULL, NULL, "", flags);
  properties[PROP_CREATOR_UUID] = g_param_spec_string ("creator-uuid", NULL, NULL, "", flags);
  properties[PROP_ONLYFANS_ACCOUNT_ID] =
      g_param_spec_string ("onlyfans-account-id", NULL, NULL, "", flags);
  properties[PROP_AUTH_METHOD] =
      g_param_spec_enum ("auth-method", NULL, NULL, TROVE_TYPE_AUTH_METHOD,
                         TROVE_AUTH_METHOD_API_KEY, flags);
  properties[PROP_CLIENT_ID] = g_param_spec_string ("client-id", NULL, NULL, "", flags);
  properties[PROP_REDIRECT_URI] = g_param_spec_string ("redirect-uri", NULL, NULL, "", flags);
  properties[PROP_ACCESS_TOKEN_EXPIRES] =
      g_param_spec_int64 ("access-token-expires", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_AVATAR_URL] = g_param_spec_string ("avatar-url", NULL, NULL, "", flags);
  properties[PROP_ALLOW_PAID_DOWNLOADS] =
      g_param_spec_boolean ("allow-paid-downloads", NULL, NULL, FALSE, flags);
  properties[PROP_PAID_DOWNLOADS_ASKED] =
      g_param_spec_boolean ("paid-downloads-asked", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_account_init (TroveAccount *self)
{
}

TroveAccount *
trove_account_new (const char *id)
{
  return trove_account_new_with_backend (id, NULL);
}

TroveAccount *
trove_account_new_with_backend (const char *id, GSettingsBackend *backend)
{
  g_return_val_if_fail (id != NULL && *id != '\0' && strchr (id, '/') == NULL, NULL);
  g_return_val_if_fail (backend == NULL || G_IS_SETTINGS_BACKEND (backend), NULL);

  return g_object_new (TROVE_TYPE_ACCOUNT, "id", id, "backend", backend, NULL);
}

const char *
trove_account_get_id (TroveAccount *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), NULL);

  return self->id;
}

GSettings *
trove_account_get_settings (TroveAccount *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), NULL);

  return self->settings;
}

TroveAccountKind
trove_account_get_kind (TroveAccount *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), TROVE_ACCOUNT_KIND_FANVUE);

  return g_settings_get_enum (self->settings, "kind");
}

void
trove_account_set_kind (TroveAccount *self, TroveAccountKind kind)
{
  g_return_if_fail (TROVE_IS_ACCOUNT (self));

  g_object_set (self, "kind", kind, NULL);
}

TroveAuthMethod
trove_account_get_auth_method (TroveAccount *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), TROVE_AUTH_METHOD_API_KEY);

  return g_settings_get_enum (self->settings, "auth-method");
}

void
trove_account_set_auth_method (TroveAccount *self, TroveAuthMethod method)
{
  g_return_if_fail (TROVE_IS_ACCOUNT (self));

  g_object_set (self, "auth-method", method, NULL);
}

char *
trove_account_dup_display_name (TroveAccount *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), NULL);

  name = g_settings_get_string (self->settings, "display-name");
  if (*name == '\0')
    return g_strdup (trove_account_kind_describe (trove_account_get_kind (self)));

  return g_steal_pointer (&name);
}

void
trove_account_set_display_name (TroveAccount *self, const char *display_name)
{
  g_return_if_fail (TROVE_IS_ACCOUNT (self));

  g_object_set (self, "display-name", display_name, NULL);
}

char *
trove_account_dup_api_base_url (TroveAccount *self)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), NULL);

  url = g_settings_get_string (self->settings, "api-base-url");
  if (*url != '\0')
    return g_steal_pointer (&url);

  return g_strdup (trove_account_get_kind (self) == TROVE_ACCOUNT_KIND_ONLYFANSAPI
                       ? TROVE_ONLYFANSAPI_DEFAULT_API_URL
                       : TROVE_FANVUE_DEFAULT_API_URL);
}

char *
trove_account_dup_auth_base_url (TroveAccount *self)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), NULL);

  url = g_settings_get_string (self->settings, "auth-base-url");
  if (*url != '\0')
    return g_steal_pointer (&url);

  return g_strdup (TROVE_FANVUE_DEFAULT_AUTH_URL);
}

gint64
trove_account_get_access_token_expires (TroveAccount *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), 0);

  return g_settings_get_int64 (self->settings, "access-token-expires");
}

void
trove_account_set_access_token_expires (TroveAccount *self, gint64 expires)
{
  g_return_if_fail (TROVE_IS_ACCOUNT (self));

  g_object_set (self, "access-token-expires", MAX (expires, 0), NULL);
}

TroveAccountState
trove_account_get_state (TroveAccount *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), TROVE_ACCOUNT_STATE_READY);

  return self->state;
}

void
trove_account_set_state (TroveAccount *self, TroveAccountState state)
{
  g_return_if_fail (TROVE_IS_ACCOUNT (self));

  if (self->state == state)
    return;

  self->state = state;
  if (state != TROVE_ACCOUNT_STATE_CHECKING &&
      g_settings_get_boolean (self->settings, "needs-reconnect") !=
          (state == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT))
    g_settings_set_boolean (self->settings, "needs-reconnect",
                            state == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
trove_account_get_notice (TroveAccount *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), NULL);

  return self->notice;
}

void
trove_account_set_notice (TroveAccount *self, const char *notice)
{
  g_return_if_fail (TROVE_IS_ACCOUNT (self));

  if (g_strcmp0 (self->notice, notice) == 0)
    return;

  g_free (self->notice);
  self->notice = g_strdup (notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

void
trove_account_reset (TroveAccount *self)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  g_return_if_fail (TROVE_IS_ACCOUNT (self));

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (self->settings, keys[i]);
}

gboolean
trove_account_check_base_url (const char *url, GError **error)
{
  return trove_url_check_base (url, _ ("The base URL"), error);
}

gboolean
trove_account_check_creator_uuid (const char *text, GError **error)
{
  if (text != NULL && g_uuid_string_is_valid (text))
    return TRUE;

  g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                       _ ("The creator UUID looks like 7c9e6679-7425-40de-944b-e07fc1f90ae7."));
  return FALSE;
}

gboolean
trove_account_check_onlyfans_account_id (const char *text, GError **error)
{
  if (text != NULL && g_str_has_prefix (text, "acct_"))
    return TRUE;

  g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                       _ ("The OnlyFansAPI account id starts with acct_."));
  return FALSE;
}
