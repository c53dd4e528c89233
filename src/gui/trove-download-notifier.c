/* trove-download-notifier.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-download-notifier.h"

struct _TroveDownloadNotifier
{
  GObject parent_instance;

  GtkApplication *application; /* weak: the application owns us */
  TroveDownloadQueue *queue;
  gboolean in_batch;
  /* Jobs done and failed in the queue when the batch began. */
  guint done_before;
  guint failed_before;
};

G_DEFINE_FINAL_TYPE (TroveDownloadNotifier, trove_download_notifier, G_TYPE_OBJECT)

static void
count_finished (TroveDownloadQueue *queue, guint *done, guint *failed)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (queue));

  *done = *failed = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveDownload) download = g_list_model_get_item (G_LIST_MODEL (queue), i);
      TroveDownloadState state = trove_download_get_state (download);

      *done += state == TROVE_DOWNLOAD_DONE;
      *failed += state == TROVE_DOWNLOAD_FAILED;
    }
}

static gboolean
has_focus (TroveDownloadNotifier *self)
{
  GtkWindow *window = gtk_application_get_active_window (self->application);

  return window != NULL && gtk_window_is_active (window);
}

static void
batch_over (TroveDownloadNotifier *self)
{
  g_autoptr (GNotification) notification = NULL;
  g_autofree char *body = NULL;
  guint done, failed;

  count_finished (self->queue, &done, &failed);
  /* Jobs cleared or retried meanwhile can make the counts go down. */
  done = done > self->done_before ? done - self->done_before : 0;
  failed = failed > self->failed_before ? failed - self->failed_before : 0;

  if ((done == 0 && failed == 0) || has_focus (self) ||
      !g_application_get_is_registered (G_APPLICATION (self->application)))
    return;

  if (failed == 0)
    {
      notification = g_notification_new (_ ("Downloads Finished"));
      body = g_strdup_printf (ngettext ("%u file downloaded", "%u files downloaded", done), done);
    }
  else
    {
      notification = g_notification_new (_ ("Downloads Need Attention"));
      body =
          g_strdup_printf (ngettext ("%u downloaded, %u failed: open Downloads to retry",
                                     "%u downloaded, %u failed: open Downloads to retry", failed),
                           done, failed);
    }
  g_notification_set_body (notification, body);
  g_application_send_notification (G_APPLICATION (self->application), "downloads", notification);
}

static void
pending_changed_cb (TroveDownloadNotifier *self)
{
  gboolean pending = trove_download_queue_get_pending (self->queue) > 0;

  if (pending && !self->in_batch)
    count_finished (self->queue, &self->done_before, &self->failed_before);
  else if (!pending && self->in_batch)
    batch_over (self);
  self->in_batch = pending;
}

static void
trove_download_notifier_dispose (GObject *object)
{
  TroveDownloadNotifier *self = TROVE_DOWNLOAD_NOTIFIER (object);

  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (trove_download_notifier_parent_class)->dispose (object);
}

static void
trove_download_notifier_class_init (TroveDownloadNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = trove_download_notifier_dispose;
}

static void
trove_download_notifier_init (TroveDownloadNotifier *self)
{
}

TroveDownloadNotifier *
trove_download_notifier_new (GtkApplication *application, TroveDownloadQueue *queue)
{
  TroveDownloadNotifier *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_QUEUE (queue), NULL);

  self = g_object_new (TROVE_TYPE_DOWNLOAD_NOTIFIER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->queue = g_object_ref (queue);
  g_signal_connect_swapped (queue, "notify::pending", G_CALLBACK (pending_changed_cb), self);
  pending_changed_cb (self);

  return self;
}
