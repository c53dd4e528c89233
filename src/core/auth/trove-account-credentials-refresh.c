/* trove-account-credentials-refresh.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The refresh of an account's OAuth access token, one at a time: in this process through the
 * one credentials object, between processes through the account's refresh lock.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-credentials-private.h"
#include "trove-error.h"
#include "trove-http-client.h"
#include "trove-secret-store.h"
#include "trove-token-save.h"

/* Saving renewed tokens the keyring refused is retried after 1, 2, 4… seconds, up to this. */
#define MAX_SAVE_RETRY_SECONDS 30

/* The single refresh in flight. A run takes the account's lock, stores renewed tokens the
 * keyring refused before, then (when callers wait) takes the token another process stored
 * meanwhile or refreshes, and lets the lock go. */

static void run_start (TroveAccountCredentials *self);
static void run_end (TroveAccountCredentials *self);
static void run_refresh_or_adopt (TroveAccountCredentials *self);

static void
clear_unsaved (TroveAccountCredentials *self)
{
  g_clear_pointer (&self->unsaved, trove_oauth_tokens_free);
  g_clear_pointer (&self->unsaved_base_refresh, g_free);
  g_clear_pointer (&self->unsaved_base_access, g_free);
  self->retry_seconds = 0;
}

static void
finish_waiters (TroveAccountCredentials *self, GError *error /* owned, or NULL for success */)
{
  g_autoptr (GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_clear_pointer (&self->rejected, g_free);

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
}

/* The service refused: only the user can fix it. */
static void
fail_refresh_reconnect (TroveAccountCredentials *self, const char *why)
{
  g_clear_pointer (&self->token, g_free);
  /* Renewed tokens kept in memory are refused too: nothing is left to store. */
  clear_unsaved (self);
  self->after_refresh = FALSE;
  trove_account_set_notice (self->account, NULL);
  trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  finish_waiters (self, trove_account_credentials_reconnect_error (self, why));
  run_end (self);
}

static void
fail_refresh (TroveAccountCredentials *self, GError *error /* owned */)
{
  finish_waiters (self, error);
  run_end (self);
}

static gboolean
save_retry_cb (gpointer user_data)
{
  TroveAccountCredentials *self = user_data;

  g_clear_pointer (&self->save_retry, g_source_unref);
  run_start (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_save_retry (TroveAccountCredentials *self)
{
  if (self->save_retry != NULL || self->unsaved == NULL)
    return;

  self->retry_seconds =
      self->retry_seconds ? MIN (self->retry_seconds * 2, MAX_SAVE_RETRY_SECONDS) : 1;
  self->save_retry = g_timeout_source_new_seconds (self->retry_seconds);
  g_source_set_callback (self->save_retry, save_retry_cb, self, NULL);
  g_source_attach (self->save_retry, NULL);
}

/* What the save of the renewed tokens came to: the run goes on. */
static void
after_save (TroveAccountCredentials *self)
{
  if (self->after_refresh)
    {
      self->after_refresh = FALSE;
      trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_READY);
      finish_waiters (self, NULL);
      run_end (self);
      return;
    }

  run_refresh_or_adopt (self);
}

static void
unsaved_stored (TroveAccountCredentials *self)
{
  g_free (self->token);
  self->token = g_strdup (self->unsaved->access_token);
  self->looked_up = TRUE;
  trove_account_set_access_token_expires (self->account, self->unsaved_expires);
  clear_unsaved (self);
  trove_account_set_notice (self->account, NULL);
}

static void
unsaved_kept (TroveAccountCredentials *self, const GError *error)
{
  g_autofree char *name = trove_account_dup_display_name (self->account);
  g_autofree char *notice = NULL;

  /* The renewed tokens stay in memory and are used; the keyring gets them later. */
  g_free (self->token);
  self->token = g_strdup (self->unsaved->access_token);
  self->looked_up = TRUE;
  trove_account_set_access_token_expires (self->account, self->unsaved_expires);
  notice = g_strdup_printf (
      _ ("Trove could not store the renewed sign-in of “%s” in the keyring (%s) and "
         "keeps it in memory meanwhile, trying again. If Trove quits first, the account "
         "will need reconnecting."),
      name, error->message);
  trove_account_set_notice (self->account, notice);
  g_debug ("Could not store renewed tokens: %s", error->message);
}

/* A sign-in stored newer tokens since these were renewed: they are left unused. The keyring's
 * are read again, with the expiry recorded with the lock. */
static void
unsaved_superseded (TroveAccountCredentials *self)
{
  gint64 expires = trove_refresh_lock_get_expires (self->lock);

  g_debug ("The keyring holds a newer sign-in: renewed tokens kept in memory are dropped");
  clear_unsaved (self);
  g_clear_pointer (&self->token, g_free);
  self->looked_up = FALSE;
  if (expires != 0)
    trove_account_set_access_token_expires (self->account, expires);
  trove_account_set_notice (self->account, NULL);
  /* Waiters of a refresh take the keyring's token, or renew it. */
  self->after_refresh = FALSE;
  run_refresh_or_adopt (self);
}

static void
unsaved_saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  TroveAccountCredentials *self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean refresh_token_saved = FALSE;

  if (trove_token_save_finish (result, &refresh_token_saved, &error) || refresh_token_saved)
    {
      /* The refresh token is stored: nothing is at risk. A stored access token older than
       * the one in use only makes another process refresh again. */
      if (error != NULL)
        g_debug ("Could not store a renewed access token: %s", error->message);
      unsaved_stored (self);
    }
  else
    unsaved_kept (self, error);

  after_save (self);
}

/* Something other than what the renewed tokens replaced, and other than themselves. Nothing
 * stored (an item removed by hand) protects nothing. */
static gboolean
stored_is_newer (const char *stored, const char *base, const char *unsaved)
{
  return stored != NULL && g_strcmp0 (stored, base) != 0 && g_strcmp0 (stored, unsaved) != 0;
}

/* Whether the keyring, as @result read it, still holds no newer sign-in than the renewed
 * tokens replaced; if not, what is kept in memory has been dealt with. */
static gboolean
keyring_still_ours (TroveAccountCredentials *self,
                    GAsyncResult *result,
                    const char *base,
                    const char *renewed)
{
  g_autofree char *stored = NULL;
  g_autoptr (GError) error = NULL;

  stored = trove_secret_store_lookup_finish (result, &error);
  if (error != NULL)
    {
      /* Unknown: write nothing that could be older. */
      unsaved_kept (self, error);
      after_save (self);
      return FALSE;
    }

  if (stored_is_newer (stored, base, renewed))
    {
      unsaved_superseded (self);
      return FALSE;
    }

  return TRUE;
}

static void
checked_access_token_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  TroveAccountCredentials *self = user_data;

  if (!keyring_still_ours (self, result, self->unsaved_base_access, self->unsaved->access_token))
    return;

  trove_token_save_async (self->account, self->lock, self->unsaved->refresh_token,
                          self->unsaved->access_token, self->unsaved_expires, self->cancellable,
                          unsaved_saved_cb, self);
}

static void
checked_refresh_token_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  TroveAccountCredentials *self = user_data;

  if (!keyring_still_ours (self, result, self->unsaved_base_refresh, self->unsaved->refresh_token))
    return;

  trove_secret_store_lookup_async (trove_account_get_id (self->account), TROVE_SECRET_ACCESS_TOKEN,
                                   self->cancellable, checked_access_token_cb, self);
}

/* Under the lock: the keyring is read first, and the renewed tokens are written only over what
 * they replaced. */
static void
save_unsaved (TroveAccountCredentials *self)
{
  trove_secret_store_lookup_async (trove_account_get_id (self->account), TROVE_SECRET_REFRESH_TOKEN,
                                   self->cancellable, checked_refresh_token_cb, self);
}

static void
refreshed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  TroveAccountCredentials *self = user_data;
  g_autoptr (TroveOAuthTokens) tokens = NULL;
  GError *error = NULL;

  tokens = trove_oauth_refresh_finish (result, &error);
  if (tokens == NULL)
    {
      if (g_error_matches (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION))
        {
          g_error_free (error);
          fail_refresh_reconnect (self, _ ("The sign-in server refused to renew the sign-in."));
        }
      else
        fail_refresh (self, error);
      return;
    }

  /* The old refresh token is spent: from here the new one lives in memory until stored,
   * and the new access token is handed out only after the attempt to store them. */
  if (tokens->refresh_token == NULL && self->refresh_token != NULL)
    tokens->refresh_token = g_strdup (self->refresh_token);
  if (self->unsaved == NULL)
    {
      /* Renewed from the keyring's refresh token (read under this lock): what it held. */
      g_free (self->unsaved_base_refresh);
      self->unsaved_base_refresh = g_strdup (self->refresh_token);
      g_free (self->unsaved_base_access);
      self->unsaved_base_access = g_strdup (self->stored_access);
    }
  g_clear_pointer (&self->refresh_token, g_free);
  g_clear_pointer (&self->unsaved, trove_oauth_tokens_free);
  self->unsaved = g_steal_pointer (&tokens);
  self->unsaved_expires = trove_token_save_expiry_of (self->unsaved);
  self->after_refresh = TRUE;
  save_unsaved (self);
}

static void
send_refresh (TroveAccountCredentials *self, const char *client_secret)
{
  g_autofree char *client_id = NULL;
  g_autofree char *auth_base = NULL;
  SoupSession *session;

  g_object_get (self->account, "client-id", &client_id, NULL);
  if (client_secret == NULL || *client_id == '\0')
    {
      fail_refresh_reconnect (self, _ ("The keyring holds no client secret for this sign-in."));
      return;
    }

  auth_base = trove_account_dup_auth_base_url (self->account);
  session = self->session ? self->session
                          : trove_http_client_get_session (trove_http_client_get_default ());
  trove_oauth_refresh_async (session, auth_base, client_id, client_secret, self->refresh_token,
                             self->cancellable, refreshed_cb, self);
}

static void
client_secret_looked_up_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  TroveAccountCredentials *self = user_data;
  g_autofree char *client_secret = NULL;
  GError *error = NULL;

  client_secret = trove_secret_store_lookup_finish (result, &error);
  if (error != NULL)
    {
      fail_refresh (self, error);
      return;
    }

  send_refresh (self, client_secret);
}

static void
refresh_token_looked_up_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  TroveAccountCredentials *self = user_data;
  GError *error = NULL;

  g_clear_pointer (&self->refresh_token, g_free);
  self->refresh_token = trove_secret_store_lookup_finish (result, &error);
  if (error != NULL)
    {
      fail_refresh (self, error);
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

static void
stored_access_token_looked_up_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  TroveAccountCredentials *self = user_data;
  g_autofree char *stored = NULL;
  GError *error = NULL;
  gint64 expires;

  stored = trove_secret_store_lookup_finish (result, &error);
  if (error != NULL)
    {
      fail_refresh (self, error);
      return;
    }

  /* Another process (or a sign-in) stored another token than the waiters' one, and it
   * lasts: take it. Refreshing would rotate the refresh token for nothing. Its expiry is the
   * one recorded with the lock: this process's settings may not know it yet. */
  expires = trove_refresh_lock_get_expires (self->lock);
  if (expires == 0)
    expires = trove_account_get_access_token_expires (self->account);
  if (stored != NULL && g_strcmp0 (stored, self->rejected) != 0 &&
      !trove_account_credentials_expires_soon_at (expires))
    {
      g_free (self->token);
      self->token = g_steal_pointer (&stored);
      self->looked_up = TRUE;
      trove_account_set_access_token_expires (self->account, expires);
      trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_READY);
      finish_waiters (self, NULL);
      run_end (self);
      return;
    }

  g_free (self->stored_access);
  self->stored_access = g_steal_pointer (&stored);

  /* Read under the lock: the newest refresh token, whoever stored it. */
  trove_secret_store_lookup_async (trove_account_get_id (self->account), TROVE_SECRET_REFRESH_TOKEN,
                                   self->cancellable, refresh_token_looked_up_cb, self);
}

static void
run_refresh_or_adopt (TroveAccountCredentials *self)
{
  if (self->waiters->len == 0)
    {
      run_end (self);
      return;
    }

  if (self->unsaved != NULL && self->token != NULL &&
      g_strcmp0 (self->token, self->rejected) != 0 &&
      !trove_account_credentials_expires_soon_at (self->unsaved_expires))
    {
      /* Renewed in this run (or a run before) and still good. */
      trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_READY);
      finish_waiters (self, NULL);
      run_end (self);
      return;
    }

  if (self->unsaved != NULL)
    {
      /* The keyring holds a spent refresh token: the valid one is in memory. */
      g_free (self->refresh_token);
      self->refresh_token = g_strdup (self->unsaved->refresh_token);
      trove_secret_store_lookup_async (trove_account_get_id (self->account),
                                       TROVE_SECRET_CLIENT_SECRET, self->cancellable,
                                       client_secret_looked_up_cb, self);
      return;
    }

  trove_secret_store_lookup_async (trove_account_get_id (self->account), TROVE_SECRET_ACCESS_TOKEN,
                                   self->cancellable, stored_access_token_looked_up_cb, self);
}

static void
run_lock_acquired_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  TroveAccountCredentials *self = user_data;
  GError *error = NULL;

  self->lock = trove_refresh_lock_acquire_finish (result, &error);
  if (self->lock == NULL)
    {
      fail_refresh (self, error);
      return;
    }

  if (self->unsaved != NULL)
    save_unsaved (self);
  else
    run_refresh_or_adopt (self);
}

static void
run_start (TroveAccountCredentials *self)
{
  if (self->running)
    return;

  self->running = TRUE;
  g_object_ref (self);
  trove_account_credentials_cancel_save_retry (self);
  trove_refresh_lock_acquire_async (trove_account_get_id (self->account), self->cancellable,
                                    run_lock_acquired_cb, self);
}

static void
run_end (TroveAccountCredentials *self)
{
  g_clear_pointer (&self->lock, trove_refresh_lock_free);
  g_clear_pointer (&self->refresh_token, g_free);
  g_clear_pointer (&self->stored_access, g_free);
  self->running = FALSE;

  if (!g_cancellable_is_cancelled (self->cancellable))
    {
      schedule_save_retry (self);
      /* Callers that came after the run had answered its own. */
      if (self->waiters->len > 0)
        run_start (self);
    }

  g_object_unref (self);
}

void
trove_account_credentials_join_refresh (TroveAccountCredentials *self,
                                        GTask *task /* owned */,
                                        const char *rejected)
{
  if (self->waiters->len == 0)
    {
      g_free (self->rejected);
      self->rejected = g_strdup (rejected);
    }
  g_ptr_array_add (self->waiters, task);
  run_start (self);
}

void
trove_account_credentials_save_unsaved_now (TroveAccountCredentials *self)
{
  if (self->unsaved != NULL)
    run_start (self);
}

void
trove_account_credentials_cancel_save_retry (TroveAccountCredentials *self)
{
  if (self->save_retry != NULL)
    g_source_destroy (self->save_retry);
  g_clear_pointer (&self->save_retry, g_source_unref);
}
