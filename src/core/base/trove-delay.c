/* trove-delay.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-delay.h"

#define BACKOFF_MAX_MS 30000

static gboolean
delay_elapsed_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);

  return G_SOURCE_REMOVE;
}

/* The child source only wakes the timeout up; delay_elapsed_cb tells the two apart. */
static gboolean
cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  return G_SOURCE_REMOVE;
}

void
trove_delay_async (guint ms,
                   GCancellable *cancellable,
                   GAsyncReadyCallback callback,
                   gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GSource) source = g_timeout_source_new (ms);

  g_task_set_source_tag (task, trove_delay_async);

  if (cancellable != NULL)
    {
      g_autoptr (GSource) cancel_source = g_cancellable_source_new (cancellable);

      g_source_set_callback (cancel_source, G_SOURCE_FUNC (cancelled_cb), NULL, NULL);
      g_source_add_child_source (source, cancel_source);
    }

  g_task_attach_source (task, source, delay_elapsed_cb);
}

gboolean
trove_delay_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
trove_delay_backoff_ms (guint base_ms, guint attempt)
{
  guint ceiling = base_ms << MIN (attempt, 6);

  ceiling = MIN (ceiling, BACKOFF_MAX_MS);

  /* "Equal jitter": half fixed, half random, so retries from many clients spread out. */
  return ceiling / 2 + g_random_int_range (0, ceiling / 2 + 1);
}
