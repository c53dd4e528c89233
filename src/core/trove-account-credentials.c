/* trove-account-credentials.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-credentials.h"
#include "trove-error.h"
#include "trove-secret-store.h"

struct _TroveAccountCredentials
{
  GObject parent_instance;

  TroveAccount *account;
  char *token; /* after the first lookup */
};

static void credentials_iface_init (TroveCredentialsInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TroveAccountCredentials, trove_account_credentials, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (TROVE_TYPE_CREDENTIALS, credentials_iface_init))

const char *
trove_account_credentials_secret_kind (TroveAccount *account)
{
  return trove_account_get_kind (account) == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? TROVE_SECRET_API_KEY
                                                                            : TROVE_SECRET_ACCESS_TOKEN;
}

static void
looked_up_cb (GObject *object,
              GAsyncResult *result,
              gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  TroveAccountCredentials *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = trove_secret_store_lookup_finish (result, &error);
  g_autofree char *name = NULL;

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (secret == NULL)
    {
      name = trove_account_dup_display_name (self->account);
      trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION,
                               _ ("The keyring holds no key or token for “%s”. Reconnect the account."), name);
      return;
    }

  g_free (self->token);
  self->token = g_strdup (secret);
  g_task_return_pointer (task, g_steal_pointer (&secret), g_free);
}

static void
trove_account_credentials_get_token_async (TroveCredentials *credentials,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data)
{
  TroveAccountCredentials *self = TROVE_ACCOUNT_CREDENTIALS (credentials);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *override = g_getenv ("TROVE_TOKEN");

  g_task_set_source_tag (task, trove_account_credentials_get_token_async);

  if (override != NULL && *override != '\0')
    {
      g_task_return_pointer (task, g_strdup (override), g_free);
      return;
    }

  if (self->token != NULL)
    {
      g_task_return_pointer (task, g_strdup (self->token), g_free);
      return;
    }

  trove_secret_store_lookup_async (trove_account_get_id (self->account),
                                   trove_account_credentials_secret_kind (self->account),
                                   cancellable, looked_up_cb, g_steal_pointer (&task));
}

static char *
trove_account_credentials_token_finish (TroveCredentials *credentials,
                                        GAsyncResult *result,
                                        GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* API keys and pasted tokens cannot be renewed here: the account needs the user. */
static void
trove_account_credentials_refresh_async (TroveCredentials *credentials,
                                         const char *rejected_token,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  TroveAccountCredentials *self = TROVE_ACCOUNT_CREDENTIALS (credentials);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *name = trove_account_dup_display_name (self->account);

  g_task_set_source_tag (task, trove_account_credentials_refresh_async);

  /* Someone stored a new token since this one was sent. */
  if (self->token != NULL && g_strcmp0 (self->token, rejected_token) != 0)
    {
      g_task_return_pointer (task, g_strdup (self->token), g_free);
      return;
    }

  g_clear_pointer (&self->token, g_free);
  trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION,
                           _ ("The service rejected the token of “%s”. Reconnect the account."), name);
}

static void
credentials_iface_init (TroveCredentialsInterface *iface)
{
  iface->get_token_async = trove_account_credentials_get_token_async;
  iface->get_token_finish = trove_account_credentials_token_finish;
  iface->refresh_async = trove_account_credentials_refresh_async;
  iface->refresh_finish = trove_account_credentials_token_finish;
}

static void
trove_account_credentials_finalize (GObject *object)
{
  TroveAccountCredentials *self = TROVE_ACCOUNT_CREDENTIALS (object);

  g_clear_object (&self->account);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (trove_account_credentials_parent_class)->finalize (object);
}

static void
trove_account_credentials_class_init (TroveAccountCredentialsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trove_account_credentials_finalize;
}

static void
trove_account_credentials_init (TroveAccountCredentials *self)
{
}

TroveCredentials *
trove_account_credentials_new (TroveAccount *account)
{
  TroveAccountCredentials *self = g_object_new (TROVE_TYPE_ACCOUNT_CREDENTIALS, NULL);

  self->account = g_object_ref (account);

  return TROVE_CREDENTIALS (self);
}
