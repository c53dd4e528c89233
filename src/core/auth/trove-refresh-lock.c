/* trove-refresh-lock.c
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
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "trove-error.h"
#include "trove-refresh-lock.h"

/* How long taking the lock waits for another process's refresh of the same account. */
#define LOCK_TIMEOUT_SECONDS 90
#define LOCK_POLL_MS 20

struct _TroveRefreshLock
{
  int fd; /* -1: no lock file could be used, only this process is ordered */
};

static char *
lock_path (const char *account_id)
{
  g_autofree char *name = g_strdup_printf ("refresh-%s.lock", account_id);

  return g_build_filename (g_get_user_runtime_dir (), BASE_APPLICATION_ID, name, NULL);
}

void
trove_refresh_lock_free (TroveRefreshLock *lock)
{
  /* Closing the descriptor releases the lock. */
  if (lock->fd >= 0)
    close (lock->fd);
  g_free (lock);
}

gint64
trove_refresh_lock_get_expires (TroveRefreshLock *lock)
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

void
trove_refresh_lock_set_expires (TroveRefreshLock *lock, gint64 expires)
{
  g_autofree char *text = NULL;

  if (lock == NULL || lock->fd < 0)
    return;

  text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", MAX (expires, 0));
  if (ftruncate (lock->fd, 0) != 0 ||
      pwrite (lock->fd, text, strlen (text), 0) != (ssize_t) strlen (text))
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
  TroveRefreshLock *lock;
  GSource *source;

  if (flock (acquire->fd, LOCK_EX | LOCK_NB) == 0)
    {
      lock = g_new0 (TroveRefreshLock, 1);
      lock->fd = acquire->fd;
      acquire->fd = -1;
      g_task_return_pointer (task, lock, (GDestroyNotify) trove_refresh_lock_free);
      return G_SOURCE_REMOVE;
    }

  if (errno != EWOULDBLOCK && errno != EINTR)
    {
      /* No locking on this file system: order this process at least. */
      g_debug ("Could not lock the refresh lock file: %s", g_strerror (errno));
      lock = g_new0 (TroveRefreshLock, 1);
      lock->fd = -1;
      g_task_return_pointer (task, lock, (GDestroyNotify) trove_refresh_lock_free);
      return G_SOURCE_REMOVE;
    }

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  if (g_get_monotonic_time () > acquire->deadline)
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_NETWORK,
                               _ ("Another Trove program has been renewing this account’s sign-in "
                                  "for too long. Try again."));
      return G_SOURCE_REMOVE;
    }

  source = g_timeout_source_new (LOCK_POLL_MS);
  g_task_attach_source (task, source, try_lock_cb);
  g_source_unref (source);
  return G_SOURCE_REMOVE;
}

void
trove_refresh_lock_acquire_async (const char *account_id,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *path = lock_path (account_id);
  g_autofree char *dir = g_path_get_dirname (path);
  Acquire *acquire;

  g_task_set_source_tag (task, trove_refresh_lock_acquire_async);

  acquire = g_new0 (Acquire, 1);
  acquire->deadline = g_get_monotonic_time () + LOCK_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  acquire->fd = -1;
  g_task_set_task_data (task, acquire, (GDestroyNotify) acquire_free);

  if (g_mkdir_with_parents (dir, 0700) == 0)
    acquire->fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (acquire->fd < 0)
    {
      TroveRefreshLock *lock = g_new0 (TroveRefreshLock, 1);

      g_debug ("Could not open the refresh lock file %s: %s", path, g_strerror (errno));
      lock->fd = -1;
      g_task_return_pointer (task, lock, (GDestroyNotify) trove_refresh_lock_free);
      return;
    }

  try_lock_cb (task);
}

TroveRefreshLock *
trove_refresh_lock_acquire_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
