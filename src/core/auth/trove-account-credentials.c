/* trove-account-credentials.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include "trove-account-credentials.h"
#include "trove-error.h"
#include "trove-http-client.h"
#include "trove-secret-store.h"

/* How long a refresh waits for another process's refresh of the same account. */
#define LOCK_TIMEOUT_SECONDS 90
#define LOCK_POLL_MS 20
/* Saving renewed tokens the keyring refused is retried after 1, 2, 4… seconds, up to this. */
#define MAX_SAVE_RETRY_SECONDS 30

/* The per-account lock that orders refreshes between processes; see refresh_lock_acquire_async(). */
typedef struct
{
  int fd; /* -1: no lock file could be used, only this process is ordered */
} RefreshLock;

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
  gboolean running;    /* a refresh or a save holds or awaits the account's lock */
  char *rejected;      /* the token the waiters want replaced (refused, or expiring) */
  char *refresh_token; /* meanwhile */
  RefreshLock *lock;

  /* Renewed tokens the keyring has not taken yet: the only valid refresh token may be here. */
  TroveOAuthTokens *unsaved;
  gint64 unsaved_expires;
  guint retry_seconds;
  GSource *save_retry;
  gboolean after_refresh; /* the run refreshed: its waiters get the new token */
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
expires_soon_at (gint64 expires)
{
  return expires != 0 &&
         g_get_real_time () / G_USEC_PER_SEC + TROVE_ACCOUNT_CREDENTIALS_REFRESH_MARGIN_SECONDS >= expires;
}

static gboolean
expires_soon (TroveAccountCredentials *self)
{
  return expires_soon_at (trove_account_get_access_token_expires (self->account));
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

/* The per-account lock between processes: a file under $XDG_RUNTIME_DIR (or the user cache
 * folder) held with flock() while a refresh or a save runs. It also records when the stored
 * access token expires: another process may not see this one's settings yet (dconf and the
 * keyfile backend tell others later). The kernel drops the lock with the process. */

static char *
lock_path (const char *account_id)
{
  g_autofree char *name = g_strdup_printf ("refresh-%s.lock", account_id);

  return g_build_filename (g_get_user_runtime_dir (), BASE_APPLICATION_ID, name, NULL);
}

static void
refresh_lock_free (RefreshLock *lock)
{
  /* Closing the descriptor releases the lock. */
  if (lock->fd >= 0)
    close (lock->fd);
  g_free (lock);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RefreshLock, refresh_lock_free)

/* 0 when nothing is recorded. */
static gint64
refresh_lock_get_expires (RefreshLock *lock)
{
  char text[32] = { 0 };
  ssize_t length;
  gint64 expires;

  if (lock == NULL || lock->fd < 0)
    return 0;

  length = pread (lock->fd, text, sizeof text - 1, 0);
  if (length <= 0)
    return 0;
  text[length] = '\0';
  if (!g_ascii_string_to_signed (g_strstrip (text), 10, 0, G_MAXINT64, &expires, NULL))
    return 0;

  return expires;
}

static void
refresh_lock_set_expires (RefreshLock *lock,
                          gint64 expires)
{
  g_autofree char *text = NULL;

  if (lock == NULL || lock->fd < 0)
    return;

  text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", MAX (expires, 0));
  if (ftruncate (lock->fd, 0) != 0 || pwrite (lock->fd, text, strlen (text), 0) != (ssize_t) strlen (text))
    g_debug ("Could not record the token expiry in the lock file: %s", g_strerror (errno));
}

typedef struct
{
  int fd;
  gint64 deadline;
} Acquire;

static void
acquire_free (Acquire *acquire)
{
  if (acquire->fd >= 0)
    close (acquire->fd);
  g_free (acquire);
}

static gboolean
try_lock_cb (gpointer user_data)
{
  GTask *task = user_data;
  Acquire *acquire = g_task_get_task_data (task);
  RefreshLock *lock;
  GSource *source;

  if (flock (acquire->fd, LOCK_EX | LOCK_NB) == 0)
    {
      lock = g_new0 (RefreshLock, 1);
      lock->fd = acquire->fd;
      acquire->fd = -1;
      g_task_return_pointer (task, lock, (GDestroyNotify) refresh_lock_free);
      return G_SOURCE_REMOVE;
    }

  if (errno != EWOULDBLOCK && errno != EINTR)
    {
      /* No locking on this file system: order this process at least. */
      g_debug ("Could not lock the refresh lock file: %s", g_strerror (errno));
      lock = g_new0 (RefreshLock, 1);
      lock->fd = -1;
      g_task_return_pointer (task, lock, (GDestroyNotify) refresh_lock_free);
      return G_SOURCE_REMOVE;
    }

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  if (g_get_monotonic_time () > acquire->deadline)
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_NETWORK,
                               _ ("Another Trove program has been renewing this account’s sign-in for too long. Try again."));
      return G_SOURCE_REMOVE;
    }

  source = g_timeout_source_new (LOCK_POLL_MS);
  g_task_attach_source (task, source, try_lock_cb);
  g_source_unref (source);
  return G_SOURCE_REMOVE;
}

/* Takes the account's lock, waiting (on the main context, polling) while another process or
 * object holds it. */
static void
refresh_lock_acquire_async (const char *account_id,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *path = lock_path (account_id);
  g_autofree char *dir = g_path_get_dirname (path);
  Acquire *acquire;

  g_task_set_source_tag (task, refresh_lock_acquire_async);

  acquire = g_new0 (Acquire, 1);
  acquire->deadline = g_get_monotonic_time () + LOCK_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  acquire->fd = -1;
  g_task_set_task_data (task, acquire, (GDestroyNotify) acquire_free);

  if (g_mkdir_with_parents (dir, 0700) == 0)
    acquire->fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (acquire->fd < 0)
    {
      RefreshLock *lock = g_new0 (RefreshLock, 1);

      g_debug ("Could not open the refresh lock file %s: %s", path, g_strerror (errno));
      lock->fd = -1;
      g_task_return_pointer (task, lock, (GDestroyNotify) refresh_lock_free);
      return;
    }

  try_lock_cb (task);
}

static RefreshLock *
refresh_lock_acquire_finish (GAsyncResult *result,
                             GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* One credentials object per account id in a process, so that its refreshes are one. */

G_LOCK_DEFINE_STATIC (registry);
static GHashTable *registry; /* account id -> GWeakRef to TroveAccountCredentials */

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static TroveAccountCredentials *
registry_lookup (const char *account_id)
{
  TroveAccountCredentials *found = NULL;
  GWeakRef *ref;

  G_LOCK (registry);
  ref = registry ? g_hash_table_lookup (registry, account_id) : NULL;
  if (ref != NULL)
    found = g_weak_ref_get (ref);
  G_UNLOCK (registry);

  return found;
}

/* Saving tokens */

typedef struct
{
  TroveAccount *account;
  char *refresh_token;
  char *access_token;
  gint64 expires;
  RefreshLock *lock; /* owned when the save took it itself */
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
    g_clear_pointer (&save->lock, refresh_lock_free);
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

  refresh_lock_set_expires (save->lock, save->expires);
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

      trove_secret_store_save_async (trove_account_get_id (save->account), TROVE_SECRET_REFRESH_TOKEN, label,
                                     save->refresh_token, g_task_get_cancellable (task), refresh_token_saved_cb, task);
    }
  else
    save_access_token (task);
}

static GTask *
save_tokens_task_new (TroveAccount *account,
                      const char *refresh_token,
                      const char *access_token,
                      gint64 expires,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  GTask *task = g_task_new (account, cancellable, callback, user_data);
  SaveTokens *save;

  g_task_set_source_tag (task, trove_account_credentials_save_tokens_async);

  save = g_new0 (SaveTokens, 1);
  save->account = g_object_ref (account);
  save->refresh_token = g_strdup (refresh_token);
  save->access_token = g_strdup (access_token);
  save->expires = expires;
  g_task_set_task_data (task, save, (GDestroyNotify) save_tokens_free);

  return task;
}

static gint64
expiry_of (const TroveOAuthTokens *tokens)
{
  return tokens->expires_in > 0 ? g_get_real_time () / G_USEC_PER_SEC + tokens->expires_in : 0;
}

static void
save_lock_acquired_cb (GObject *object,
                       GAsyncResult *result,
                       gpointer user_data)
{
  GTask *task = user_data;
  SaveTokens *save = g_task_get_task_data (task);
  GError *error = NULL;

  save->lock = refresh_lock_acquire_finish (result, &error);
  if (save->lock == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  save_tokens_start (task);
}

static void adopt_signed_in_tokens (TroveAccount *account, const char *access_token);

static void
signed_in_tokens_saved_cb (GObject *object,
                           GAsyncResult *result,
                           gpointer user_data)
{
  g_autoptr (GTask) outer = user_data;
  SaveTokens *save = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  adopt_signed_in_tokens (save->account, save->access_token);
  g_task_return_boolean (outer, TRUE);
}

void
trove_account_credentials_save_tokens_async (TroveAccount *account,
                                             const TroveOAuthTokens *tokens,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data)
{
  GTask *outer;
  GTask *task;
  SaveTokens *save;

  g_return_if_fail (TROVE_IS_ACCOUNT (account));
  g_return_if_fail (tokens != NULL && tokens->access_token != NULL);

  outer = g_task_new (account, cancellable, callback, user_data);
  g_task_set_source_tag (outer, trove_account_credentials_save_tokens_async);

  /* Under the account's lock: no refresh elsewhere reads half of a sign-in. */
  task = save_tokens_task_new (account, tokens->refresh_token, tokens->access_token, expiry_of (tokens), cancellable,
                               signed_in_tokens_saved_cb, outer);
  save = g_task_get_task_data (task);
  save->own_lock = TRUE;
  refresh_lock_acquire_async (trove_account_get_id (account), cancellable, save_lock_acquired_cb, task);
}

gboolean
trove_account_credentials_save_tokens_finish (GAsyncResult *result,
                                              GError **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, trove_account_credentials_save_tokens_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The single refresh in flight. A run takes the account's lock, stores renewed tokens the
 * keyring refused before, then (when callers wait) takes the token another process stored
 * meanwhile or refreshes, and lets the lock go. */

static void run_start (TroveAccountCredentials *self);
static void run_end (TroveAccountCredentials *self);
static void run_refresh_or_adopt (TroveAccountCredentials *self);

static void
finish_waiters (TroveAccountCredentials *self,
                GError *error /* owned, or NULL for success */)
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
fail_refresh_reconnect (TroveAccountCredentials *self,
                        const char *why)
{
  g_clear_pointer (&self->token, g_free);
  /* Renewed tokens kept in memory are refused too: nothing is left to store. */
  g_clear_pointer (&self->unsaved, trove_oauth_tokens_free);
  self->after_refresh = FALSE;
  trove_account_set_notice (self->account, NULL);
  trove_account_set_state (self->account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  finish_waiters (self, reconnect_error (self, why));
  run_end (self);
}

static void
fail_refresh (TroveAccountCredentials *self,
              GError *error /* owned */)
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

  self->retry_seconds = self->retry_seconds ? MIN (self->retry_seconds * 2, MAX_SAVE_RETRY_SECONDS) : 1;
  self->save_retry = g_timeout_source_new_seconds (self->retry_seconds);
  g_source_set_callback (self->save_retry, save_retry_cb, self, NULL);
  g_source_attach (self->save_retry, NULL);
}

static void
unsaved_saved_cb (GObject *object,
                  GAsyncResult *result,
                  gpointer user_data)
{
  TroveAccountCredentials *self = user_data;
  SaveTokens *save = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (trove_account_credentials_save_tokens_finish (result, &error) || save->refresh_token_saved)
    {
      /* The refresh token is stored: nothing is at risk. A stored access token older than
       * the one in use only makes another process refresh again. */
      if (error != NULL)
        g_debug ("Could not store a renewed access token: %s", error->message);
      g_free (self->token);
      self->token = g_strdup (self->unsaved->access_token);
      self->looked_up = TRUE;
      trove_account_set_access_token_expires (self->account, self->unsaved_expires);
      g_clear_pointer (&self->unsaved, trove_oauth_tokens_free);
      self->retry_seconds = 0;
      trove_account_set_notice (self->account, NULL);
    }
  else
    {
      g_autofree char *name = trove_account_dup_display_name (self->account);
      g_autofree char *notice = NULL;

      /* The renewed tokens stay in memory and are used; the keyring gets them later. */
      g_free (self->token);
      self->token = g_strdup (self->unsaved->access_token);
      self->looked_up = TRUE;
      trove_account_set_access_token_expires (self->account, self->unsaved_expires);
      notice = g_strdup_printf (_ ("Trove could not store the renewed sign-in of “%s” in the keyring (%s) and "
                                   "keeps it in memory meanwhile, trying again. If Trove quits first, the account "
                                   "will need reconnecting."),
                                name, error->message);
      trove_account_set_notice (self->account, notice);
      g_debug ("Could not store renewed tokens: %s", error->message);
    }

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
save_unsaved (TroveAccountCredentials *self)
{
  g_autoptr (GTask) task = NULL;
  SaveTokens *save;

  task = save_tokens_task_new (self->account, self->unsaved->refresh_token, self->unsaved->access_token,
                               self->unsaved_expires, self->cancellable, unsaved_saved_cb, self);
  save = g_task_get_task_data (task);
  save->lock = self->lock;
  save_tokens_start (g_steal_pointer (&task));
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
  g_clear_pointer (&self->refresh_token, g_free);
  g_clear_pointer (&self->unsaved, trove_oauth_tokens_free);
  self->unsaved = g_steal_pointer (&tokens);
  self->unsaved_expires = expiry_of (self->unsaved);
  self->after_refresh = TRUE;
  save_unsaved (self);
}

static void
send_refresh (TroveAccountCredentials *self,
              const char *client_secret)
{
  g_autofree char *client_id = g_settings_get_string (trove_account_get_settings (self->account), "client-id");
  g_autofree char *auth_base = NULL;
  SoupSession *session;

  if (client_secret == NULL || *client_id == '\0')
    {
      fail_refresh_reconnect (self, _ ("The keyring holds no client secret for this sign-in."));
      return;
    }

  auth_base = trove_account_dup_auth_base_url (self->account);
  session = self->session ? self->session : trove_http_client_get_session (trove_http_client_get_default ());
  trove_oauth_refresh_async (session, auth_base, client_id, client_secret, self->refresh_token, self->cancellable,
                             refreshed_cb, self);
}

static void
client_secret_looked_up_cb (GObject *object,
                            GAsyncResult *result,
                            gpointer user_data)
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
refresh_token_looked_up_cb (GObject *object,
                            GAsyncResult *result,
                            gpointer user_data)
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
stored_access_token_looked_up_cb (GObject *object,
                                  GAsyncResult *result,
                                  gpointer user_data)
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
  expires = refresh_lock_get_expires (self->lock);
  if (expires == 0)
    expires = trove_account_get_access_token_expires (self->account);
  if (stored != NULL && g_strcmp0 (stored, self->rejected) != 0 && !expires_soon_at (expires))
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

  if (self->unsaved != NULL && self->token != NULL && g_strcmp0 (self->token, self->rejected) != 0 &&
      !expires_soon_at (self->unsaved_expires))
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
      trove_secret_store_lookup_async (trove_account_get_id (self->account), TROVE_SECRET_CLIENT_SECRET,
                                       self->cancellable, client_secret_looked_up_cb, self);
      return;
    }

  trove_secret_store_lookup_async (trove_account_get_id (self->account), TROVE_SECRET_ACCESS_TOKEN,
                                   self->cancellable, stored_access_token_looked_up_cb, self);
}

static void
run_lock_acquired_cb (GObject *object,
                      GAsyncResult *result,
                      gpointer user_data)
{
  TroveAccountCredentials *self = user_data;
  GError *error = NULL;

  self->lock = refresh_lock_acquire_finish (result, &error);
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
  if (self->save_retry != NULL)
    g_source_destroy (self->save_retry);
  g_clear_pointer (&self->save_retry, g_source_unref);
  refresh_lock_acquire_async (trove_account_get_id (self->account), self->cancellable, run_lock_acquired_cb, self);
}

static void
run_end (TroveAccountCredentials *self)
{
  g_clear_pointer (&self->lock, refresh_lock_free);
  g_clear_pointer (&self->refresh_token, g_free);
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

/* Joins the refresh in flight, or starts one. */
static void
join_refresh (TroveAccountCredentials *self,
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

/* A sign-in stored new tokens: this process's credentials of the account take them. */
static void
adopt_signed_in_tokens (TroveAccount *account,
                        const char *access_token)
{
  g_autoptr (TroveAccountCredentials) self = registry_lookup (trove_account_get_id (account));

  if (self == NULL)
    return;

  g_free (self->token);
  self->token = g_strdup (access_token);
  self->looked_up = TRUE;
  g_clear_pointer (&self->unsaved, trove_oauth_tokens_free);
  self->retry_seconds = 0;
  trove_account_set_notice (self->account, NULL);
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
      join_refresh (self, task, self->token);
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
      g_task_return_error (task, reconnect_error (self, _ ("The service refused the key or token.")));
      return;
    }

  join_refresh (self, g_steal_pointer (&task), rejected_token);
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
  if (self->waiters->len == 0 && !self->running)
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
  if (self->save_retry != NULL)
    g_source_destroy (self->save_retry);
  g_clear_pointer (&self->save_retry, g_source_unref);

  G_OBJECT_CLASS (trove_account_credentials_parent_class)->dispose (object);
}

static void
trove_account_credentials_finalize (GObject *object)
{
  TroveAccountCredentials *self = TROVE_ACCOUNT_CREDENTIALS (object);

  if (self->unsaved != NULL)
    g_warning ("Renewed tokens of an account were never stored in the keyring: it will need reconnecting");

  G_LOCK (registry);
  if (registry != NULL && self->account != NULL)
    {
      GWeakRef *ref = g_hash_table_lookup (registry, trove_account_get_id (self->account));
      gpointer current = ref ? g_weak_ref_get (ref) : NULL;

      /* Another object may have taken the id meanwhile. */
      if (ref != NULL && current == NULL)
        g_hash_table_remove (registry, trove_account_get_id (self->account));
      else if (current != NULL)
        g_object_unref (current);
    }
  G_UNLOCK (registry);

  g_clear_object (&self->account);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->refresh_token, g_free);
  g_clear_pointer (&self->rejected, g_free);
  g_clear_pointer (&self->unsaved, trove_oauth_tokens_free);

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

  GWeakRef *ref;

  g_return_val_if_fail (TROVE_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);

  self = registry_lookup (trove_account_get_id (account));
  if (self != NULL)
    {
      if (self->session == NULL && session != NULL)
        self->session = g_object_ref (session);
      return TROVE_CREDENTIALS (self);
    }

  self = g_object_new (TROVE_TYPE_ACCOUNT_CREDENTIALS, NULL);
  self->account = g_object_ref (account);
  self->session = session ? g_object_ref (session) : NULL;
  g_signal_connect_object (account, "notify::auth-method", G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::kind", G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  G_LOCK (registry);
  if (registry == NULL)
    registry = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) weak_ref_free);
  g_hash_table_replace (registry, g_strdup (trove_account_get_id (account)), ref);
  G_UNLOCK (registry);

  return TROVE_CREDENTIALS (self);
}
