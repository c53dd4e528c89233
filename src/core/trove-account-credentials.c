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
#include "trove-http-client.h"
#include "trove-secret-store.h"

struct _TroveAccountCredentials
{
  GObject parent_instance;

  TroveAccount *account;
  SoupSession *session; /* NULL: the default HTTP client's */
  char *token;          /* after the first lookup */
  gboolean looked_up;

  /* The refresh in flight, shared by every caller that needs it. */
  GPtrArray *waiters; /* GTask */
  GCancellable *cancellable;
  char *refresh_token;
};

static void credentials_iface_init (TroveCredentialsInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TroveAccountCredentials, trove_account_credentials, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (TROVE_TYPE_CREDENTIALS, credentials_iface_init))

const char *
trove_account_credentials_secret_kind (TroveAccount *account)
{
  return trove_account_get_kind (account) == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? TROVE_SECRET_API_KEY
                                                                            : TROVE_SECRET_ACCESS_TOKEN;
}

/* trove-cli's TROVE_TOKEN, for the one account it was run for; nothing reads the environment. */
static char *override_account_id;
static char *override_token;

void
trove_account_credentials_set_token_override (const char *account_id,
                                              const char *token)
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
  if (override_token == NULL || g_strcmp0 (override_account_id, trove_account_get_id (self->account)) != 0)
    return NULL;

  return override_token;
}

static gboolean
is_oauth (TroveAccountCredentials *self)
{
  return trove_account_get_kind (self->account) != TROVE_ACCOUNT_KIND_ONLYFANSAPI &&
         trove_account_get_auth_method (self->account) == TROVE_AUTH_METHOD_OAUTH;
}

static gboolean
expires_soon (TroveAccountCredentials *self)
{
  gint64 expires = trove_account_get_access_token_expires (self->account);

  return expires != 0 &&
         g_get_real_time () / G_USEC_PER_SEC + TROVE_ACCOUNT_CREDENTIALS_REFRESH_MARGIN_SECONDS >= expires;
}

static gboolean
expired (TroveAccountCredentials *self)
{
  gint64 expires = trove_account_get_access_token_expires (self->account);

  return expires != 0 && g_get_real_time () / G_USEC_PER_SEC >= expires;
}

static GError *
reconnect_error (TroveAccountCredentials *self,
                 const char *why)
{
  g_autofree char *name = trove_account_dup_display_name (self->account);

  return g_error_new (TROVE_ERROR, TROVE_ERROR_AUTHENTICATION, _ ("%s Reconnect this account (“%s”)."), why, name);
}

/* Saving tokens */

typedef struct
{
  TroveAccount *account;
  char *access_token;
  gint64 expires;
} SaveTokens;

static void
save_tokens_free (SaveTokens *save)
{
  g_clear_object (&save->account);
  g_free (save->access_token);
  g_free (save);
}

static char *
secret_label (TroveAccount *account,
              const char *what)
{
  g_autofree char *name = trove_account_dup_display_name (account);

  /* Translators: a keyring item, such as "Trove: My account (refresh token)" */
  return g_strdup_printf (_ ("Trove: %s (%s)"), name, what);
}

static void
access_token_saved_cb (GObject *object,
                       GAsyncResult *result,
                       gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SaveTokens *save = g_task_get_task_data (task);
  GError *error = NULL;

  if (!trove_secret_store_save_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  trove_account_set_access_token_expires (save->account, save->expires);
  g_task_return_boolean (task, TRUE);
}

static void
save_access_token (GTask *task)
{
  SaveTokens *save = g_task_get_task_data (task);
  g_autofree char *label = secret_label (save->account, _ ("access token"));

  trove_secret_store_save_async (trove_account_get_id (save->account), TROVE_SECRET_ACCESS_TOKEN, label,
                                 save->access_token, g_task_get_cancellable (task), access_token_saved_cb, task);
}

static void
refresh_token_saved_cb (GObject *object,
                        GAsyncResult *result,
                        gpointer user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!trove_secret_store_save_finish (result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  save_access_token (task);
}

void
trove_account_credentials_save_tokens_async (TroveAccount *account,
                                             const TroveOAuthTokens *tokens,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data)
{
  GTask *task;
  SaveTokens *save;

  g_return_if_fail (TROVE_IS_ACCOUNT (account));
  g_return_if_fail (tokens != NULL && tokens->access_token != NULL);

  task = g_task_new (account, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_account_credentials_save_tokens_async);

  save = g_new0 (SaveTokens, 1);
  save->account = g_object_ref (account);
  save->access_token = g_strdup (tokens->access_token);
  save->expires = tokens->expires_in > 0 ? g_get_real_time () / G_USEC_PER_SEC + tokens->expires_in : 0;
  g_task_set_task_data (task, save, (GDestroyNotify) save_tokens_free);

  if (tokens->refresh_token != NULL)
    {
      g_autofree char *label = secret_label (account, _ ("refresh token"));

      trove_secret_store_save_async (trove_account_get_id (account), TROVE_SECRET_REFRESH_TOKEN, label,
                                     tokens->refresh_token, cancellable, refresh_token_saved_cb, task);
    }
  else
    save_access_token (task);
}

gboolean
trove_account_credentials_save_tokens_finish (GAsyncResult *result,
                                              GError **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, trove_account_credentials_save_tokens_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The single refresh in flight */

static void
finish_refresh (TroveAccountCredentials *self,
                GError *error /* owned, or NULL for success */)
{
  g_autoptr (GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_clear_pointer (&self->refresh_token, g_free);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (g_task_return_error_if_cancelled (task))
        continue;
      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_strdup (self->token), g_free);
    }

  g_clear_error (&error);
  g_object_unref (self);
}

/* The service refused: only the user can fix it. */
static void
fail_refresh_reconnect (TroveAccountCredentials *self,
                        const char *why)
{
  g_clear_pointer (&self->token, g_free);
  trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  finish_refresh (self, reconnect_error (self, why));
}

static void
refreshed_tokens_saved_cb (GObject *object,
                           GAsyncResult *result,
                           gpointer user_data)
{
  TroveAccountCredentials *self = user_data;
  g_autofree char *access_token = g_steal_pointer (&self->refresh_token); /* the new access token, meanwhile */
  GError *error = NULL;

  if (!trove_account_credentials_save_tokens_finish (result, &error))
    {
      finish_refresh (self, error);
      return;
    }

  g_free (self->token);
  self->token = g_steal_pointer (&access_token);
  trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_READY);
  finish_refresh (self, NULL);
}

static void
refreshed_cb (GObject *object,
              GAsyncResult *result,
              gpointer user_data)
{
  TroveAccountCredentials *self = user_data;
  g_autoptr (TroveOAuthTokens) tokens = NULL;
  GError *error = NULL;

  tokens = trove_oauth_refresh_finish (result, &error);
  if (tokens == NULL)
    {
      if (g_error_matches (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION))
        {
          fail_refresh_reconnect (self, _ ("The sign-in server refused to renew the sign-in."));
          g_error_free (error);
        }
      else
        finish_refresh (self, error);
      return;
    }

  /* Kept until the rotated refresh token is stored: only then is the new one handed out. */
  g_free (self->refresh_token);
  self->refresh_token = g_strdup (tokens->access_token);
  trove_account_credentials_save_tokens_async (self->account, tokens, self->cancellable, refreshed_tokens_saved_cb,
                                               self);
}

static void
client_secret_looked_up_cb (GObject *object,
                            GAsyncResult *result,
                            gpointer user_data)
{
  TroveAccountCredentials *self = user_data;
  g_autofree char *client_secret = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *auth_base = NULL;
  GError *error = NULL;
  SoupSession *session;

  client_secret = trove_secret_store_lookup_finish (result, &error);
  if (error != NULL)
    {
      finish_refresh (self, error);
      return;
    }

  client_id = g_settings_get_string (trove_account_get_settings (self->account), "client-id");
  if (client_secret == NULL || *client_id == '\0')
    {
      fail_refresh_reconnect (self, _ ("The keyring holds no client secret for this sign-in."));
      return;
    }

  auth_base = trove_account_dup_auth_base_url (self->account);
  session = self->session ? self->session : trove_http_client_get_session (trove_http_client_get_default ());
  trove_oauth_refresh_async (session, auth_base, client_id, client_secret, self->refresh_token, self->cancellable,
                             refreshed_cb, self);
  g_clear_pointer (&self->refresh_token, g_free);
}

static void
refresh_token_looked_up_cb (GObject *object,
                            GAsyncResult *result,
                            gpointer user_data)
{
  TroveAccountCredentials *self = user_data;
  GError *error = NULL;

  self->refresh_token = trove_secret_store_lookup_finish (result, &error);
  if (error != NULL)
    {
      finish_refresh (self, error);
      return;
    }

  if (self->refresh_token == NULL)
    {
      fail_refresh_reconnect (self, _ ("The keyring holds no refresh token for this sign-in."));
      return;
    }

  trove_secret_store_lookup_async (trove_account_get_id (self->account), TROVE_SECRET_CLIENT_SECRET,
                                   self->cancellable, client_secret_looked_up_cb, self);
}

/* Joins the refresh in flight, or starts one. */
static void
join_refresh (TroveAccountCredentials *self,
              GTask *task /* owned */)
{
  g_ptr_array_add (self->waiters, task);
  if (self->waiters->len > 1)
    return;

  trove_secret_store_lookup_async (trove_account_get_id (self->account), TROVE_SECRET_REFRESH_TOKEN,
                                   self->cancellable, refresh_token_looked_up_cb, g_object_ref (self));
}

/* Getting the token */

static void
hand_out (TroveAccountCredentials *self,
          GTask *task /* owned */)
{
  if (self->token == NULL)
    {
      g_autoptr (GTask) owned = task;

      trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
      g_task_return_error (owned, reconnect_error (self, _ ("The keyring holds no key or token for this account.")));
      return;
    }

  if (is_oauth (self) && expires_soon (self))
    {
      join_refresh (self, task);
      return;
    }

  if (trove_account_get_auth_method (self->account) == TROVE_AUTH_METHOD_ACCESS_TOKEN && expired (self))
    {
      g_autoptr (GTask) owned = task;

      trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
      g_task_return_error (owned, reconnect_error (self, _ ("The pasted access token has expired.")));
      return;
    }

  g_task_return_pointer (task, g_strdup (self->token), g_free);
  g_object_unref (task);
}

static void
looked_up_cb (GObject *object,
              GAsyncResult *result,
              gpointer user_data)
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
  if (!self->looked_up)
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

  if (self->looked_up)
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
      g_task_return_error (task, reconnect_error (self, _ ("The service refused the key or token.")));
      return;
    }

  join_refresh (self, g_steal_pointer (&task));
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
account_changed_cb (TroveAccountCredentials *self)
{
  /* Signed in again, or switched method: read the keyring afresh. */
  if (self->waiters->len == 0)
    {
      g_clear_pointer (&self->token, g_free);
      self->looked_up = FALSE;
    }
}

static void
trove_account_credentials_dispose (GObject *object)
{
  TroveAccountCredentials *self = TROVE_ACCOUNT_CREDENTIALS (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (trove_account_credentials_parent_class)->dispose (object);
}

static void
trove_account_credentials_finalize (GObject *object)
{
  TroveAccountCredentials *self = TROVE_ACCOUNT_CREDENTIALS (object);

  g_clear_object (&self->account);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->refresh_token, g_free);

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
trove_account_credentials_new (TroveAccount *account)
{
  return trove_account_credentials_new_with_session (account, NULL);
}

TroveCredentials *
trove_account_credentials_new_with_session (TroveAccount *account,
                                            SoupSession *session)
{
  TroveAccountCredentials *self;

  g_return_val_if_fail (TROVE_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);

  self = g_object_new (TROVE_TYPE_ACCOUNT_CREDENTIALS, NULL);
  self->account = g_object_ref (account);
  self->session = session ? g_object_ref (session) : NULL;
  g_signal_connect_object (account, "notify::auth-method", G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::kind", G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);

  return TROVE_CREDENTIALS (self);
}
