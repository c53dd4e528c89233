/* trove-account.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-credentials.h"
#include "trove-account.h"
#include "trove-error.h"
#include "trove-fanvue-agency-provider.h"
#include "trove-fanvue-provider.h"
#include "trove-onlyfansapi-provider.h"

struct _TroveAccount
{
  GObject parent_instance;

  char *id;
  GSettings *settings;
  TroveAccountState state;
};

G_DEFINE_FINAL_TYPE (TroveAccount, trove_account, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TroveAccountKind, trove_account_kind, G_DEFINE_ENUM_VALUE (TROVE_ACCOUNT_KIND_FANVUE, "fanvue"), G_DEFINE_ENUM_VALUE (TROVE_ACCOUNT_KIND_FANVUE_AGENCY, "fanvue-agency"), G_DEFINE_ENUM_VALUE (TROVE_ACCOUNT_KIND_ONLYFANSAPI, "onlyfansapi"))

G_DEFINE_ENUM_TYPE (TroveAccountState, trove_account_state, G_DEFINE_ENUM_VALUE (TROVE_ACCOUNT_STATE_READY, "ready"), G_DEFINE_ENUM_VALUE (TROVE_ACCOUNT_STATE_NEEDS_RECONNECT, "needs-reconnect"), G_DEFINE_ENUM_VALUE (TROVE_ACCOUNT_STATE_CHECKING, "checking"))

enum
{
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_STATE,
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
trove_account_kind_from_string (const char *text,
                                TroveAccountKind *kind)
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

static void
display_name_changed_cb (TroveAccount *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

static void
trove_account_finalize (GObject *object)
{
  TroveAccount *self = TROVE_ACCOUNT (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (trove_account_parent_class)->finalize (object);
}

static void
trove_account_get_property (GObject *object,
                            guint prop_id,
                            GValue *value,
                            GParamSpec *pspec)
{
  TroveAccount *self = TROVE_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_DISPLAY_NAME:
      g_value_take_string (value, trove_account_dup_display_name (self));
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_account_class_init (TroveAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trove_account_finalize;
  object_class->get_property = trove_account_get_property;

  properties[PROP_ID] =
      g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
      g_param_spec_string ("display-name", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
      g_param_spec_enum ("state", NULL, NULL, TROVE_TYPE_ACCOUNT_STATE, TROVE_ACCOUNT_STATE_READY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_account_init (TroveAccount *self)
{
}

TroveAccount *
trove_account_new (const char *id)
{
  TroveAccount *self;
  g_autofree char *path = NULL;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  self = g_object_new (TROVE_TYPE_ACCOUNT, NULL);
  self->id = g_strdup (id);
  path = g_strdup_printf ("/io/github/trove/Trove/accounts/%s/", id);
  self->settings = g_settings_new_with_path (BASE_APPLICATION_ID ".Account", path);
  g_signal_connect_object (self->settings, "changed::display-name", G_CALLBACK (display_name_changed_cb),
                           self, G_CONNECT_SWAPPED);

  return self;
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

char *
trove_account_dup_api_base_url (TroveAccount *self)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), NULL);

  url = g_settings_get_string (self->settings, "api-base-url");
  if (*url != '\0')
    return g_steal_pointer (&url);

  return g_strdup (trove_account_get_kind (self) == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? TROVE_ONLYFANSAPI_DEFAULT_API_URL
                                                                                   : TROVE_FANVUE_DEFAULT_API_URL);
}

TroveAccountState
trove_account_get_state (TroveAccount *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), TROVE_ACCOUNT_STATE_READY);

  return self->state;
}

void
trove_account_set_state (TroveAccount *self,
                         TroveAccountState state)
{
  g_return_if_fail (TROVE_IS_ACCOUNT (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

TroveProvider *
trove_account_create_provider (TroveAccount *self,
                               TroveHttpClient *http_client)
{
  g_autoptr (TroveCredentials) credentials = NULL;
  g_autofree char *api = NULL;
  g_autofree char *creator = NULL;
  g_autofree char *onlyfans = NULL;

  g_return_val_if_fail (TROVE_IS_ACCOUNT (self), NULL);

  credentials = trove_account_credentials_new (self);
  api = trove_account_dup_api_base_url (self);

  switch (trove_account_get_kind (self))
    {
    case TROVE_ACCOUNT_KIND_FANVUE_AGENCY:
      creator = g_settings_get_string (self->settings, "creator-uuid");
      return trove_fanvue_agency_provider_new (http_client, api, credentials, *creator ? creator : NULL);

    case TROVE_ACCOUNT_KIND_ONLYFANSAPI:
      onlyfans = g_settings_get_string (self->settings, "onlyfans-account-id");
      return trove_onlyfansapi_provider_new (http_client, api, credentials, onlyfans);

    case TROVE_ACCOUNT_KIND_FANVUE:
    default:
      return trove_fanvue_provider_new (http_client, api, credentials);
    }
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
trove_account_check_base_url (const char *url,
                              GError **error)
{
  g_autoptr (GUri) uri = NULL;
  const char *scheme;

  uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0))
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                   _ ("“%s” is not a web address (it should look like https://api.example.com)."), url ? url : "");
      return FALSE;
    }

  if (g_str_equal (scheme, "http") && !is_loopback (g_uri_get_host (uri)))
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                   _ ("“%s” must use https:// (only loopback addresses may use http://)."), url);
      return FALSE;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                   _ ("“%s” must be a plain base address, without a query, fragment or user name."), url);
      return FALSE;
    }

  return TRUE;
}
