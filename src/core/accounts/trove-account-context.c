/* trove-account-context.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-account-context.h"
#include "trove-account-credentials.h"
#include "trove-fanvue-agency-provider.h"
#include "trove-fanvue-provider.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-static-credentials.h"

struct _TroveAccountContext
{
  GObject parent_instance;

  TroveHttpClient *http_client;
  /* account id -> TroveProvider */
  GHashTable *providers;
};

G_DEFINE_FINAL_TYPE (TroveAccountContext, trove_account_context, G_TYPE_OBJECT)

static void
trove_account_context_finalize (GObject *object)
{
  TroveAccountContext *self = TROVE_ACCOUNT_CONTEXT (object);

  g_clear_pointer (&self->providers, g_hash_table_unref);
  g_clear_object (&self->http_client);

  G_OBJECT_CLASS (trove_account_context_parent_class)->finalize (object);
}

static void
trove_account_context_class_init (TroveAccountContextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trove_account_context_finalize;
}

static void
trove_account_context_init (TroveAccountContext *self)
{
  self->providers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

TroveAccountContext *
trove_account_context_new (TroveHttpClient *http_client)
{
  TroveAccountContext *self;

  g_return_val_if_fail (TROVE_IS_HTTP_CLIENT (http_client), NULL);

  self = g_object_new (TROVE_TYPE_ACCOUNT_CONTEXT, NULL);
  self->http_client = g_object_ref (http_client);

  return self;
}

TroveAccountContext *
trove_account_context_get_default (void)
{
  static gsize default_context;

  if (g_once_init_enter (&default_context))
    g_once_init_leave (&default_context, (gsize) trove_account_context_new (trove_http_client_get_default ()));

  return (TroveAccountContext *) default_context;
}

TroveHttpClient *
trove_account_context_get_http_client (TroveAccountContext *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_CONTEXT (self), NULL);

  return self->http_client;
}

static TroveProvider *
create_provider (TroveAccountContext *self,
                 TroveAccount *account)
{
  g_autoptr (TroveCredentials) credentials = NULL;
  g_autofree char *api = trove_account_dup_api_base_url (account);
  g_autofree char *creator = NULL;
  g_autofree char *onlyfans = NULL;

  credentials = trove_account_credentials_new_with_session (account, trove_http_client_get_session (self->http_client));

  switch (trove_account_get_kind (account))
    {
    case TROVE_ACCOUNT_KIND_FANVUE_AGENCY:
      g_object_get (account, "creator-uuid", &creator, NULL);
      return trove_fanvue_agency_provider_new (self->http_client, api, credentials, *creator ? creator : NULL);

    case TROVE_ACCOUNT_KIND_ONLYFANSAPI:
      g_object_get (account, "onlyfans-account-id", &onlyfans, NULL);
      return trove_onlyfansapi_provider_new (self->http_client, api, credentials, onlyfans);

    case TROVE_ACCOUNT_KIND_FANVUE:
    default:
      return trove_fanvue_provider_new (self->http_client, api, credentials);
    }
}

TroveProvider *
trove_account_context_get_provider (TroveAccountContext *self,
                                    TroveAccount *account)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_CONTEXT (self), NULL);
  g_return_val_if_fail (TROVE_IS_ACCOUNT (account), NULL);

  return create_provider (self, account);
}

TroveProvider *
trove_account_context_create_trial_provider (TroveAccountContext *self,
                                             TroveAccountKind kind,
                                             const char *api_base_url,
                                             const char *token,
                                             const char *creator_uuid,
                                             const char *onlyfans_account_id)
{
  g_autoptr (TroveCredentials) credentials = NULL;
  const char *api = api_base_url;

  g_return_val_if_fail (TROVE_IS_ACCOUNT_CONTEXT (self), NULL);

  if (api == NULL || *api == '\0')
    api = kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? TROVE_ONLYFANSAPI_DEFAULT_API_URL : TROVE_FANVUE_DEFAULT_API_URL;
  credentials = trove_static_credentials_new (token ? token : "");

  switch (kind)
    {
    case TROVE_ACCOUNT_KIND_FANVUE_AGENCY:
      return trove_fanvue_agency_provider_new (self->http_client, api, credentials, creator_uuid);

    case TROVE_ACCOUNT_KIND_ONLYFANSAPI:
      return trove_onlyfansapi_provider_new (self->http_client, api, credentials, onlyfans_account_id);

    case TROVE_ACCOUNT_KIND_FANVUE:
    default:
      return trove_fanvue_provider_new (self->http_client, api, credentials);
    }
}

GFile *
trove_account_context_dup_download_folder (TroveAccountContext *self)
{
  g_autoptr (GSettings) settings = NULL;
  g_autofree char *folder = NULL;
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  g_return_val_if_fail (TROVE_IS_ACCOUNT_CONTEXT (self), NULL);

  settings = g_settings_new (BASE_APPLICATION_ID);
  folder = g_settings_get_string (settings, "download-folder");
  if (*folder != '\0')
    return g_file_new_for_path (folder);

  return g_file_new_build_filename (downloads ? downloads : g_get_home_dir (), "Trove", NULL);
}
