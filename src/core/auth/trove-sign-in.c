/* trove-sign-in.c
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
#include "trove-sign-in.h"

struct _TroveSignIn
{
  GObject parent_instance;

  char *auth_base_url;
  char *client_id;
  char *client_secret;
  char *redirect_uri;
  char *verifier;
  char *state;
  char *authorize_url;
  guint timeout_seconds;

  GTask *waiting; /* the wait in progress */
  GSource *cancelled;
  TroveOAuthTokens *tokens;
};

G_DEFINE_FINAL_TYPE (TroveSignIn, trove_sign_in, G_TYPE_OBJECT)

static void
trove_sign_in_finalize (GObject *object)
{
  TroveSignIn *self = TROVE_SIGN_IN (object);

  g_free (self->auth_base_url);
  g_free (self->client_id);
  g_free (self->client_secret);
  g_free (self->redirect_uri);
  g_free (self->verifier);
  g_free (self->state);
  g_free (self->authorize_url);
  g_clear_pointer (&self->tokens, trove_oauth_tokens_free);

  G_OBJECT_CLASS (trove_sign_in_parent_class)->finalize (object);
}

static void
trove_sign_in_class_init (TroveSignInClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trove_sign_in_finalize;
}

static void
trove_sign_in_init (TroveSignIn *self)
{
}

TroveSignIn *
trove_sign_in_new (TroveAccountKind kind,
                   const char *auth_base_url,
                   const char *client_id,
                   const char *client_secret,
                   const char *redirect_uri,
                   GError **error)
{
  g_autoptr (TroveSignIn) self = g_object_new (TROVE_TYPE_SIGN_IN, NULL);
  g_autofree char *challenge = NULL;

  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (client_secret != NULL, NULL);

  self->auth_base_url =
      g_strdup (auth_base_url && *auth_base_url ? auth_base_url : TROVE_FANVUE_DEFAULT_AUTH_URL);
  if (!trove_account_check_base_url (self->auth_base_url, error))
    return NULL;

  self->verifier = trove_oauth_new_verifier (error);
  if (self->verifier == NULL)
    return NULL;
  self->state = trove_oauth_new_state (error);
  if (self->state == NULL)
    return NULL;

  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret);
  self->redirect_uri = g_strdup (redirect_uri ? redirect_uri : "");
  challenge = trove_oauth_compute_challenge (self->verifier);
  self->authorize_url =
      trove_oauth_build_authorize_url (self->auth_base_url, client_id, self->redirect_uri,
                                       kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY
                                           ? TROVE_OAUTH_AGENCY_SCOPE
                                           : TROVE_OAUTH_SCOPE,
                                       self->state, challenge);

  return g_steal_pointer (&self);
}

const char *
trove_sign_in_get_authorize_url (TroveSignIn *self)
{
  g_return_val_if_fail (TROVE_IS_SIGN_IN (self), NULL);

  return self->authorize_url;
}

gboolean
trove_sign_in_get_catches_redirect (TroveSignIn *self)
{
  g_return_val_if_fail (TROVE_IS_SIGN_IN (self), FALSE);

  return trove_oauth_redirect_is_loopback (self->redirect_uri, NULL);
}

void
trove_sign_in_set_timeout (TroveSignIn *self, guint seconds)
{
  g_return_if_fail (TROVE_IS_SIGN_IN (self));

  self->timeout_seconds = seconds;
}

/* Hands the wait its result once; the sign-in then waits for nothing. */
static void
wait_return (TroveSignIn *self, GError *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->waiting);

  if (self->cancelled != NULL)
    g_source_destroy (self->cancelled);
  g_clear_pointer (&self->cancelled, g_source_unref);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
exchanged_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveSignIn) self = user_data;
  GError *error = NULL;
  TroveOAuthTokens *tokens = trove_oauth_exchange_code_finish (result, &error);

  if (tokens != NULL)
    {
      g_clear_pointer (&self->tokens, trove_oauth_tokens_free);
      self->tokens = tokens;
    }
  wait_return (self, error);
}

static void
exchange (TroveSignIn *self, const char *code)
{
  trove_oauth_exchange_code_async (trove_http_client_get_session (trove_http_client_get_default ()),
                                   self->auth_base_url, self->client_id, self->client_secret, code,
                                   self->redirect_uri, self->verifier,
                                   g_task_get_cancellable (self->waiting), exchanged_cb,
                                   g_object_ref (self));
}

static void
caught_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveSignIn) self = user_data;
  GError *error = NULL;
  g_autofree char *code = trove_oauth_catch_redirect_finish (result, &error);

  if (code == NULL)
    {
      wait_return (self, error);
      return;
    }

  if (self->waiting != NULL)
    exchange (self, code);
}

/* Waiting for a pasted address: only the cancellable ends it otherwise. */
static gboolean
paste_cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  TroveSignIn *self = user_data;

  wait_return (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          _ ("Operation was cancelled")));

  return G_SOURCE_REMOVE;
}

void
trove_sign_in_wait_async (TroveSignIn *self,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (TROVE_IS_SIGN_IN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_sign_in_wait_async);

  if (self->waiting != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _ ("This sign-in is already waiting."));
      return;
    }

  self->waiting = g_steal_pointer (&task);

  if (trove_sign_in_get_catches_redirect (self))
    {
      trove_oauth_catch_redirect_async (self->redirect_uri, self->state, self->timeout_seconds,
                                        cancellable, caught_cb, g_object_ref (self));
      return;
    }

  if (cancellable != NULL)
    {
      /* The source holds the sign-in alive, and goes with the wait's result. */
      self->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancelled, G_SOURCE_FUNC (paste_cancelled_cb),
                             g_object_ref (self), g_object_unref);
      g_source_attach (self->cancelled, g_task_get_context (self->waiting));
    }
}

gboolean
trove_sign_in_wait_finish (TroveSignIn *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
trove_sign_in_take_landed_uri (TroveSignIn *self, const char *uri, GError **error)
{
  g_autofree char *code = NULL;

  g_return_val_if_fail (TROVE_IS_SIGN_IN (self), FALSE);

  /* A code is exchanged once: the same address again does nothing. */
  if (self->waiting == NULL || self->state == NULL || trove_sign_in_get_catches_redirect (self))
    return FALSE;

  if (!trove_oauth_parse_redirect (uri, self->redirect_uri, self->state, &code, error))
    return FALSE;

  g_clear_pointer (&self->state, g_free);
  if (self->cancelled != NULL)
    g_source_destroy (self->cancelled);
  g_clear_pointer (&self->cancelled, g_source_unref);
  exchange (self, code);

  return TRUE;
}

/* Saving */

static void
tokens_saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  TroveAccount *account = g_task_get_task_data (task);
  GError *error = NULL;

  if (!trove_account_credentials_save_tokens_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  trove_account_set_state (account, TROVE_ACCOUNT_STATE_READY);
  g_task_return_boolean (task, TRUE);
}

static void
client_secret_saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  TroveSignIn *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!trove_secret_store_save_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  trove_account_credentials_save_tokens_async (g_task_get_task_data (task), self->tokens,
                                               g_task_get_cancellable (task), tokens_saved_cb,
                                               g_object_ref (task));
}

void
trove_sign_in_save_async (TroveSignIn *self,
                          TroveAccount *account,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (TROVE_IS_SIGN_IN (self));
  g_return_if_fail (TROVE_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_sign_in_save_async);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);

  if (self->tokens == NULL)
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                               _ ("The sign-in has not finished yet."));
      return;
    }

  g_object_set (account, "client-id", self->client_id, "redirect-uri", self->redirect_uri, NULL);
  trove_account_set_auth_method (account, TROVE_AUTH_METHOD_OAUTH);
  trove_secret_store_save_async (trove_account_get_id (account), TROVE_SECRET_CLIENT_SECRET,
                                 "Trove client secret", self->client_secret, cancellable,
                                 client_secret_saved_cb, g_steal_pointer (&task));
}

gboolean
trove_sign_in_save_finish (TroveSignIn *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
