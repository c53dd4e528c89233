/* trove-paged-list-load-all.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Paging a list to its end (or to a date) for whoever needs the whole listing at once. */

#include "config.h"

#include "trove-error.h"
#include "trove-paged-list-private.h"

typedef struct
{
  GDateTime *stop_before;
  TrovePagedListStopFunc stop;
  gpointer stop_data;
  guint position; /* where the page asked for adds its items */
  GError *incomplete;
  guint stops; /* the list's count of dropped pages when this walk asked for its page */
  gulong loading_id;
  GSource *cancelled_source;
} LoadAll;

static void
load_all_free (LoadAll *load)
{
  g_clear_pointer (&load->stop_before, g_date_time_unref);
  g_clear_error (&load->incomplete);
  g_free (load);
}

/* A newest-first media listing has passed @stop_before once its last item is older. */
static gboolean
passed_stop_before (TrovePagedList *self, GDateTime *stop_before)
{
  g_autoptr (TroveMedia) last = NULL;
  GDateTime *sent_at;

  if (stop_before == NULL || self->listing != TROVE_PAGED_LIST_MEDIA || self->items->len == 0)
    return FALSE;

  last = g_object_ref (g_ptr_array_index (self->items, self->items->len - 1));
  sent_at = trove_media_get_sent_at (last);

  return sent_at != NULL && g_date_time_compare (sent_at, stop_before) < 0;
}

/* Takes the task's reference. */
static void
load_all_return (GTask *task, GError *error)
{
  LoadAll *load = g_task_get_task_data (task);
  TrovePagedList *self = g_task_get_source_object (task);

  g_clear_signal_handler (&load->loading_id, self);
  if (load->stop != NULL)
    {
      self->no_read_ahead--;
      load->stop = NULL;
    }
  if (load->cancelled_source != NULL)
    {
      g_source_destroy (load->cancelled_source);
      g_clear_pointer (&load->cancelled_source, g_source_unref);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);

  g_object_unref (task);
}

/* Asks for the next page, or ends the walk. @after_page: the list just finished a page this
 * walk asked for (or one it found in flight). */
static void
load_all_step (GTask *task, gboolean after_page)
{
  LoadAll *load = g_task_get_task_data (task);
  TrovePagedList *self = g_task_get_source_object (task);
  const GError *error = self->error;

  if (after_page && self->stops != load->stops)
    {
      load_all_return (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                  "The listing was stopped"));
      return;
    }

  if (after_page && load->stop != NULL && self->items->len > load->position &&
      load->stop (self, load->position, load->stop_data))
    {
      load_all_return (task, NULL);
      return;
    }

  /* A listing cut short is kept: the walk succeeds and says why it stopped. */
  if (g_error_matches (error, TROVE_ERROR, TROVE_ERROR_INCOMPLETE))
    {
      g_clear_error (&load->incomplete);
      load->incomplete = g_error_copy (error);
    }
  else if (after_page && error != NULL)
    {
      load_all_return (task, g_error_copy (error));
      return;
    }

  if (!self->has_more || passed_stop_before (self, load->stop_before))
    {
      load_all_return (task, NULL);
      return;
    }

  load->stops = self->stops;
  load->position = self->items->len;
  trove_paged_list_load_more (self);
  if (!self->loading)
    load_all_return (task, NULL);
}

static void
loading_cb (TrovePagedList *self, GParamSpec *pspec, GTask *task)
{
  if (!self->loading)
    load_all_step (task, TRUE);
}

static gboolean
cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  TrovePagedList *self = g_task_get_source_object (task);

  /* The page in flight is dropped: loading_cb then ends the walk. */
  if (self->loading)
    trove_paged_list_cancel (self);
  else
    load_all_return (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));

  return G_SOURCE_REMOVE;
}

static void
load_all_start (GTask *task, LoadAll *load)
{
  TrovePagedList *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  load->stops = self->stops;
  load->position = self->items->len;
  g_task_set_task_data (task, load, (GDestroyNotify) load_all_free);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  load->loading_id = g_signal_connect (self, "notify::loading", G_CALLBACK (loading_cb), task);
  if (cancellable != NULL)
    {
      load->cancelled_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (load->cancelled_source, G_SOURCE_FUNC (cancelled_cb), task, NULL);
      g_source_attach (load->cancelled_source, g_task_get_context (task));
    }

  if (load->stop != NULL)
    self->no_read_ahead++;

  /* A page already in flight (asked for by a view) is waited for, not asked again. */
  if (!self->loading)
    load_all_step (task, FALSE);
}

void
trove_paged_list_load_all_async (TrovePagedList *self,
                                 GDateTime *stop_before,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  GTask *task;
  LoadAll *load;

  g_return_if_fail (TROVE_IS_PAGED_LIST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_paged_list_load_all_async);

  load = g_new0 (LoadAll, 1);
  load->stop_before = stop_before ? g_date_time_ref (stop_before) : NULL;
  load_all_start (task, load);
}

void
trove_paged_list_load_until_async (TrovePagedList *self,
                                   TrovePagedListStopFunc stop,
                                   gpointer stop_data,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  GTask *task;
  LoadAll *load;

  g_return_if_fail (TROVE_IS_PAGED_LIST (self));
  g_return_if_fail (stop != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_paged_list_load_all_async);

  load = g_new0 (LoadAll, 1);
  load->stop = stop;
  load->stop_data = stop_data;
  load_all_start (task, load);
}

gboolean
trove_paged_list_load_all_finish (TrovePagedList *self,
                                  GAsyncResult *result,
                                  GError **incomplete,
                                  GError **error)
{
  LoadAll *load;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  load = g_task_get_task_data (G_TASK (result));
  if (load->incomplete != NULL)
    g_propagate_error (incomplete, g_error_copy (load->incomplete));

  return TRUE;
}
