/* trove-account-context.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-account-budget.h"
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
  /* account id -> Entry */
  GHashTable *entries;
};

/* What the context keeps for one account id. The credentials object lives as long as the
 * context, across providers: a download may still hold the provider made before a settings
 * change, and its refreshes must be the same ones as the new provider's. */
typedef struct
{
  TroveAccount *account;
  TroveCredentials *credentials;
  TroveProvider *provider;
  char *connection; /* the settings @provider was made from */
} Entry;

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->provider);
  g_clear_object (&entry->credentials);
  g_clear_object (&entry->account);
  g_clear_pointer (&entry->connection, g_free);
  g_free (entry);
}

G_DEFINE_FINAL_TYPE (TroveAccountContext, trove_account_context, G_TYPE_OBJECT)

static void
trove_account_context_finalize (GObject *object)
{
  TroveAccountContext *self = TROVE_ACCOUNT_CONTEXT (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);
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
  self->entries =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) entry_free);
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
    g_once_init_leave (&default_context,
                       (gsize) trove_account_context_new (trove_http_client_get_default ()));

  return (TroveAccountContext *) default_context;
}

TroveHttpClient *
trove_account_context_get_http_client (TroveAccountContext *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_CONTEXT (self), NULL);

  return self->http_client;
}

/* The settings a provider is made from, as one string to compare. */
static char *
describe_connection (TroveAccount *account)
{
  g_autofree char *api = NULL;
  g_autofree char *creator = NULL;
  g_autofree char *onlyfans = NULL;
  TroveAccountKind kind;
  TroveAuthMethod method;

  g_object_get (account, "kind", &kind, "api-base-url", &api, "creator-uuid", &creator,
                "onlyfans-account-id", &onlyfans, "auth-method", &method, NULL);

  return g_strdup_printf ("%d\n%s\n%s\n%s\n%d", kind, api, creator, onlyfans, method);
}

static TroveProvider *
create_provider (TroveAccountContext *self, TroveAccount *account, TroveCredentials *credentials)
{
  g_autofree char *api = trove_account_dup_api_base_url (account);
  g_autofree char *creator = NULL;
  g_autofree char *onlyfans = NULL;

  switch (trove_account_get_kind (account))
    {
    case TROVE_ACCOUNT_KIND_FANVUE_AGENCY:
      g_object_get (account, "creator-uuid", &creator, NULL);
      return trove_fanvue_agency_provider_new (self->http_client, api, credentials,
                                               *creator ? creator : NULL);

    case TROVE_ACCOUNT_KIND_ONLYFANSAPI:
      {
        TroveProvider *provider;

        g_object_get (account, "onlyfans-account-id", &onlyfans, NULL);
        provider = trove_onlyfansapi_provider_new (self->http_client, api, credentials, onlyfans);
        /* Not part of the connection: the same provider follows the setting as it changes. */
        g_object_bind_property (account, "allow-paid-downloads", provider, "allow-paid-downloads",
                                G_BINDING_SYNC_CREATE);
        return provider;
      }

    case TROVE_ACCOUNT_KIND_FANVUE:
    default:
      return trove_fanvue_provider_new (self->http_client, api, credentials);
    }
}

/* The credit balance is known from the last run until the first call tells it again; the rate
 * limit is not, as its window will have moved. */
static void
watch_budget (TroveProvider *provider, const char *account_id)
{
  TroveRateGovernor *governor = trove_provider_get_rate_governor (provider);
  TroveAccountBudget budget;

  if (trove_account_budget_load (account_id, &budget) && budget.credits >= 0)
    trove_rate_governor_set_credits (governor, budget.credits);
  trove_account_budget_watch (governor, account_id);
}

TroveProvider *
trove_account_context_get_provider (TroveAccountContext *self, TroveAccount *account)
{
  g_autofree char *connection = NULL;
  const char *id;
  Entry *entry;

  g_return_val_if_fail (TROVE_IS_ACCOUNT_CONTEXT (self), NULL);
  g_return_val_if_fail (TROVE_IS_ACCOUNT (account), NULL);

  id = trove_account_get_id (account);
  entry = g_hash_table_lookup (self->entries, id);
  /* Another object for the same id (another settings backend, or an account removed and
   * added again) starts afresh. */
  if (entry == NULL || entry->account != account)
    {
      entry = g_new0 (Entry, 1);
      entry->account = g_object_ref (account);
      entry->credentials =
          trove_account_credentials_new_with_session (account, trove_http_client_get_session (
                                                                   self->http_client));
      g_hash_table_replace (self->entries, g_strdup (id), entry);
    }

  connection = describe_connection (account);
  if (entry->provider == NULL || g_strcmp0 (entry->connection, connection) != 0)
    {
      g_clear_object (&entry->provider);
      entry->provider = create_provider (self, account, entry->credentials);
      watch_budget (entry->provider, id);
      g_free (entry->connection);
      entry->connection = g_steal_pointer (&connection);
    }

  return g_object_ref (entry->provider);
}

void
trove_account_context_forget_removed (TroveAccountContext *self, TroveAccountStore *accounts)
{
  GHashTableIter iter;
  const char *id;

  g_return_if_fail (TROVE_IS_ACCOUNT_CONTEXT (self));
  g_return_if_fail (TROVE_IS_ACCOUNT_STORE (accounts));

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    {
      /* find () also takes display names: only the same id counts. */
      TroveAccount *found = trove_account_store_find (accounts, id);

      if (found == NULL || g_strcmp0 (trove_account_get_id (found), id) != 0)
        g_hash_table_iter_remove (&iter);
    }
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
    api = kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? TROVE_ONLYFANSAPI_DEFAULT_API_URL
                                                 : TROVE_FANVUE_DEFAULT_API_URL;
  credentials = trove_static_credentials_new (token ? token : "");

  switch (kind)
    {
    case TROVE_ACCOUNT_KIND_FANVUE_AGENCY:
      return trove_fanvue_agency_provider_new (self->http_client, api, credentials, creator_uuid);

    case TROVE_ACCOUNT_KIND_ONLYFANSAPI:
      return trove_onlyfansapi_provider_new (self->http_client, api, credentials,
                                             onlyfans_account_id);

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
