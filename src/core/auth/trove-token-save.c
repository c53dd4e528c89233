/* trove-token-save.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-secret-store.h"
#include "trove-token-save.h"

typedef struct
{
  TroveAccount *account;
  char *refresh_token;
  char *access_token;
  gint64 expires;
  TroveRefreshLock *lock; /* owned when the save took it itself */
  gboolean own_lock;
  gboolean refresh_token_saved;
} SaveTokens;

static void
save_tokens_free (SaveTokens *save)
{
  g_clear_object (&save->account);
  g_free (save->refresh_token);
  g_free (save->access_token);
  if (save->own_lock)
    g_clear_pointer (&save->lock, trove_refresh_lock_free);
  g_free (save);
}

static char *
secret_label (TroveAccount *account, const char *what)
{
  g_autofree char *name = trove_account_dup_display_name (account);

  /* Translators: a keyring item, such as "Trove: My account (refresh token)" */
  return g_strdup_printf (_ ("Trove: %s (%s)"), name, what);
}

static void
access_token_saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SaveTokens *save = g_task_get_task_data (task);
  GError *error = NULL;

  if (!trove_secret_store_save_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  trove_refresh_lock_set_expires (save->lock, save->expires);
  trove_account_set_access_token_expires (save->account, save->expires);
  g_task_return_boolean (task, TRUE);
}

static void
save_access_token (GTask *task)
{
  SaveTokens *save = g_task_get_task_data (task);
  g_autofree char *label = secret_label (save->account, _ ("access token"));

  trove_secret_store_save_async (trove_account_get_id (save->account), TROVE_SECRET_ACCESS_TOKEN,
                                 label, save->access_token, g_task_get_cancellable (task),
                                 access_token_saved_cb, task);
}

static void
refresh_token_saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  SaveTokens *save = g_task_get_task_data (task);
  GError *error = NULL;

  if (!trove_secret_store_save_finish (result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  save->refresh_token_saved = TRUE;
  save_access_token (task);
}

/* The refresh token first, then the access token, then its expiry. */
static void
save_tokens_start (GTask *task)
{
  SaveTokens *save = g_task_get_task_data (task);

  if (save->refresh_token != NULL)
    {
      g_autofree char *label = secret_label (save->account, _ ("refresh token"));

      trove_secret_store_save_async (trove_account_get_id (save->account),
                                     TROVE_SECRET_REFRESH_TOKEN, label, save->refresh_token,
                                     g_task_get_cancellable (task), refresh_token_saved_cb, task);
    }
  else
    save_access_token (task);
}

static GTask *
save_task_new (TroveAccount *account,
               const char *refresh_token,
               const char *access_token,
               gint64 expires,
               GCancellable *cancellable,
               GAsyncReadyCallback callback,
               gpointer user_data)
{
  GTask *task = g_task_new (account, cancellable, callback, user_data);
  SaveTokens *save;

  g_task_set_source_tag (task, trove_token_save_async);

  save = g_new0 (SaveTokens, 1);
  save->account = g_object_ref (account);
  save->refresh_token = g_strdup (refresh_token);
  save->access_token = g_strdup (access_token);
  save->expires = expires;
  g_task_set_task_data (task, save, (GDestroyNotify) save_tokens_free);

  return task;
}

gint64
trove_token_save_expiry_of (const TroveOAuthTokens *tokens)
{
  return tokens->expires_in > 0 ? g_get_real_time () / G_USEC_PER_SEC + tokens->expires_in : 0;
}

static void
lock_acquired_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  SaveTokens *save = g_task_get_task_data (task);
  GError *error = NULL;

  save->lock = trove_refresh_lock_acquire_finish (result, &error);
  if (save->lock == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  save_tokens_start (task);
}

void
trove_token_save_async (TroveAccount *account,
                        TroveRefreshLock *lock,
                        const char *refresh_token,
                        const char *access_token,
                        gint64 expires,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  GTask *task;
  SaveTokens *save;

  g_return_if_fail (TROVE_IS_ACCOUNT (account));
  g_return_if_fail (access_token != NULL);

  task = save_task_new (account, refresh_token, access_token, expires, cancellable, callback,
                        user_data);
  save = g_task_get_task_data (task);
  if (lock != NULL)
    {
      save->lock = lock;
      save_tokens_start (task);
      return;
    }

  save->own_lock = TRUE;
  trove_refresh_lock_acquire_async (trove_account_get_id (account), cancellable, lock_acquired_cb,
                                    task);
}

gboolean
trove_token_save_finish (GAsyncResult *result, gboolean *out_refresh_token_saved, GError **error)
{
  SaveTokens *save;

  g_return_val_if_fail (g_async_result_is_tagged (result, trove_token_save_async), FALSE);

  save = g_task_get_task_data (G_TASK (result));
  if (out_refresh_token_saved != NULL)
    *out_refresh_token_saved = save->refresh_token_saved;

  return g_task_propagate_boolean (G_TASK (result), error);
}
