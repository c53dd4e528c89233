/* trove-account-credentials.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-credentials-private.h"
#include "trove-error.h"
#include "trove-secret-store.h"
#include "trove-token-save.h"

static void credentials_iface_init (TroveCredentialsInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TroveAccountCredentials,
                               trove_account_credentials,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TROVE_TYPE_CREDENTIALS,
                                                      credentials_iface_init))

const char *
trove_account_credentials_secret_kind (TroveAccount *account)
{
  return trove_account_get_kind (account) == TROVE_ACCOUNT_KIND_ONLYFANSAPI
             ? TROVE_SECRET_API_KEY
             : TROVE_SECRET_ACCESS_TOKEN;
}

/* trove-cli's TROVE_TOKEN, for the one account it was run for; nothing reads the environment. */
static char *override_account_id;
static char *override_token;

void
trove_account_credentials_set_token_override (const char *account_id, const char *token)
{
  g_clear_pointer (&override_account_id, g_free);
  g_clear_pointer (&override_token, g_free);

  if (account_id != NULL && token != NULL && *token != '\0')
    {
      override_account_id = g_strdup (account_id);
      override_token = g_strdup (token);
    }
}

static const char *
token_override (TroveAccountCredentials *self)
{
  if (override_token == NULL ||
      g_strcmp0 (override_account_id, trove_account_get_id (self->account)) != 0)
    return NULL;

  return override_token;
}
static gboolean
is_oauth (TroveAccountCredentials *self)
{
  return trove_account_get_kind (self->account) != TROVE_ACCOUNT_KIND_ONLYFANSAPI &&
         trove_account_get_auth_method (self->account) == TROVE_AUTH_METHOD_OAUTH;
}

gboolean
trove_account_credentials_expires_soon_at (gint64 expires)
{
  return expires != 0 &&
         g_get_real_time () / G_USEC_PER_SEC + TROVE_ACCOUNT_CREDENTIALS_REFRESH_MARGIN_SECONDS >=
             expires;
}

static gboolean
expires_soon (TroveAccountCredentials *self)
{
  return trove_account_credentials_expires_soon_at (
      trove_account_get_access_token_expires (self->account));
}

static gboolean
expired (TroveAccountCredentials *self)
{
  gint64 expires = trove_account_get_access_token_expires (self->account);

  return expires != 0 && g_get_real_time () / G_USEC_PER_SEC >= expires;
}

GError *
trove_account_credentials_reconnect_error (TroveAccountCredentials *self, const char *why)
{
  g_autofree char *name = trove_account_dup_display_name (self->account);

  return g_error_new (TROVE_ERROR, TROVE_ERROR_AUTHENTICATION,
                      _ ("%s Reconnect this account (“%s”)."), why, name);
}

static void
tokens_saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (!trove_token_save_finish (result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
trove_account_credentials_save_tokens_async (TroveAccount *account,
                                             const TroveOAuthTokens *tokens,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data)
{
  GTask *task;

  g_return_if_fail (TROVE_IS_ACCOUNT (account));
  g_return_if_fail (tokens != NULL && tokens->access_token != NULL);

  task = g_task_new (account, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_account_credentials_save_tokens_async);

  /* Under the account's lock: no refresh elsewhere reads half of a sign-in. The account's
   * credentials see the new expiry and read the keyring again. */
  trove_token_save_async (account, NULL, tokens->refresh_token, tokens->access_token,
                          trove_token_save_expiry_of (tokens), cancellable, tokens_saved_cb, task);
}

gboolean
trove_account_credentials_save_tokens_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result,
                                                  trove_account_credentials_save_tokens_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Getting the token */

static void
hand_out (TroveAccountCredentials *self, GTask *task /* owned */)
{
  if (self->token == NULL)
    {
      g_autoptr (GTask) owned = task;

      trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
      g_task_return_error (owned,
                           trove_account_credentials_reconnect_error (
                               self, _ ("The keyring holds no key or token for this account.")));
      return;
    }

  if (is_oauth (self) && expires_soon (self))
    {
      trove_account_credentials_join_refresh (self, task, self->token);
      return;
    }

  if (trove_account_get_auth_method (self->account) == TROVE_AUTH_METHOD_ACCESS_TOKEN &&
      expired (self))
    {
      g_autoptr (GTask) owned = task;

      trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
      g_task_return_error (owned, trove_account_credentials_reconnect_error (
                                      self, _ ("The pasted access token has expired.")));
      return;
    }

  g_task_return_pointer (task, g_strdup (self->token), g_free);
  g_object_unref (task);
}

static void
looked_up_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  TroveAccountCredentials *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *secret = trove_secret_store_lookup_finish (result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* Another lookup or a refresh may have finished first: theirs is as new. */
  if (!self->looked_up || self->token == NULL)
    {
      g_free (self->token);
      self->token = g_steal_pointer (&secret);
      self->looked_up = TRUE;
    }
  g_free (secret);

  hand_out (self, task);
}

static void
trove_account_credentials_get_token_async (TroveCredentials *credentials,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data)
{
  TroveAccountCredentials *self = TROVE_ACCOUNT_CREDENTIALS (credentials);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, trove_account_credentials_get_token_async);

  if (token_override (self) != NULL)
    {
      g_task_return_pointer (task, g_strdup (token_override (self)), g_free);
      g_object_unref (task);
      return;
    }

  if (self->looked_up && self->token != NULL)
    {
      hand_out (self, task);
      return;
    }

  trove_secret_store_lookup_async (trove_account_get_id (self->account),
                                   trove_account_credentials_secret_kind (self->account),
                                   cancellable, looked_up_cb, task);
}

static char *
trove_account_credentials_token_finish (TroveCredentials *credentials,
                                        GAsyncResult *result,
                                        GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
trove_account_credentials_refresh_async (TroveCredentials *credentials,
                                         const char *rejected_token,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  TroveAccountCredentials *self = TROVE_ACCOUNT_CREDENTIALS (credentials);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, trove_account_credentials_refresh_async);

  if (token_override (self) != NULL)
    {
      if (g_strcmp0 (token_override (self), rejected_token) != 0)
        g_task_return_pointer (task, g_strdup (token_override (self)), g_free);
      else
        g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION,
                                 _ ("The service refused the token in TROVE_TOKEN."));
      return;
    }

  /* Someone renewed it since this one was sent. */
  if (self->token != NULL && g_strcmp0 (self->token, rejected_token) != 0)
    {
      g_task_return_pointer (task, g_strdup (self->token), g_free);
      return;
    }

  if (!is_oauth (self))
    {
      g_clear_pointer (&self->token, g_free);
      self->looked_up = FALSE;
      trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
      g_task_return_error (task, trove_account_credentials_reconnect_error (
                                     self, _ ("The service refused the key or token.")));
      return;
    }

  trove_account_credentials_join_refresh (self, g_steal_pointer (&task), rejected_token);
}

static void
credentials_iface_init (TroveCredentialsInterface *iface)
{
  iface->get_token_async = trove_account_credentials_get_token_async;
  iface->get_token_finish = trove_account_credentials_token_finish;
  iface->refresh_async = trove_account_credentials_refresh_async;
  iface->refresh_finish = trove_account_credentials_token_finish;
}

/* Signed in again (a new expiry), or switched method: read the keyring afresh. A refresh in
 * flight reads it anyway. Renewed tokens only in memory are not dropped here: the pending save
 * runs now, and finds out under the lock whether the keyring holds newer ones. */
static void
account_changed_cb (TroveAccountCredentials *self)
{
  if (self->waiters->len > 0 || self->running)
    return;

  if (self->unsaved != NULL)
    {
      trove_account_credentials_save_unsaved_now (self);
      return;
    }

  g_clear_pointer (&self->token, g_free);
  self->looked_up = FALSE;
}

static void
trove_account_credentials_dispose (GObject *object)
{
  TroveAccountCredentials *self = TROVE_ACCOUNT_CREDENTIALS (object);

  g_cancellable_cancel (self->cancellable);
  trove_account_credentials_cancel_save_retry (self);

  G_OBJECT_CLASS (trove_account_credentials_parent_class)->dispose (object);
}

static void
trove_account_credentials_finalize (GObject *object)
{
  TroveAccountCredentials *self = TROVE_ACCOUNT_CREDENTIALS (object);

  if (self->unsaved != NULL)
    g_warning (
        "Renewed tokens of an account were never stored in the keyring: it will need reconnecting");

  g_clear_object (&self->account);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->refresh_token, g_free);
  g_clear_pointer (&self->rejected, g_free);
  g_clear_pointer (&self->unsaved, trove_oauth_tokens_free);
  g_clear_pointer (&self->unsaved_base_refresh, g_free);
  g_clear_pointer (&self->unsaved_base_access, g_free);
  g_clear_pointer (&self->stored_access, g_free);

  G_OBJECT_CLASS (trove_account_credentials_parent_class)->finalize (object);
}

static void
trove_account_credentials_class_init (TroveAccountCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = trove_account_credentials_dispose;
  object_class->finalize = trove_account_credentials_finalize;
}

static void
trove_account_credentials_init (TroveAccountCredentials *self)
{
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

TroveCredentials *
trove_account_credentials_new_with_session (TroveAccount *account, SoupSession *session)
{
  TroveAccountCredentials *self;

  g_return_val_if_fail (TROVE_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);

  self = g_object_new (TROVE_TYPE_ACCOUNT_CREDENTIALS, NULL);
  self->account = g_object_ref (account);
  self->session = session ? g_object_ref (session) : NULL;
  g_signal_connect_object (account, "notify::auth-method", G_CALLBACK (account_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::kind", G_CALLBACK (account_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::access-token-expires", G_CALLBACK (account_changed_cb),
                           self, G_CONNECT_SWAPPED);

  return TROVE_CREDENTIALS (self);
}
