/* trove-media-content-provider.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-error.h"
#include "trove-media-content-provider.h"

struct _TroveMediaContentProvider
{
  GdkContentProvider parent_instance;

  TroveDownloadQueue *queue;
  TroveProvider *provider;
  char *account_id;
  char *account_name;
  char *chat_name;
  TroveMedia *media;
};

G_DEFINE_FINAL_TYPE (TroveMediaContentProvider, trove_media_content_provider, GDK_TYPE_CONTENT_PROVIDER)

static GdkContentFormats *
trove_media_content_provider_ref_formats (GdkContentProvider *provider)
{
  return gdk_content_formats_new ((const char *[]){ "text/uri-list", NULL }, 1);
}

static void
written_cb (GObject *object,
            GAsyncResult *result,
            gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
write_uri (GTask *task,
           GOutputStream *stream,
           const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  char *line = g_strconcat (uri, "\r\n", NULL);

  g_object_set_data_full (G_OBJECT (task), "line", line, g_free);
  g_output_stream_write_all_async (stream, line, strlen (line), g_task_get_priority (task),
                                   g_task_get_cancellable (task), written_cb, task);
}

static void
download_state_cb (TroveDownload *download,
                   GParamSpec *pspec,
                   GTask *task)
{
  TroveDownloadState state = trove_download_get_state (download);
  GOutputStream *stream = g_object_get_data (G_OBJECT (task), "stream");
  g_autofree char *path = NULL;

  if (!trove_download_is_finished (download))
    return;

  g_signal_handlers_disconnect_by_func (download, download_state_cb, task);

  if (state != TROVE_DOWNLOAD_DONE)
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_NETWORK, _ ("The file could not be downloaded: %s"),
                               trove_download_get_error (download) ? trove_download_get_error (download)->message : _ ("cancelled"));
      g_object_unref (task);
      return;
    }

  path = g_file_get_path (trove_download_get_destination (download));
  write_uri (task, stream, path);
}

static void
trove_media_content_provider_write_mime_type_async (GdkContentProvider *content,
                                                    const char *mime_type,
                                                    GOutputStream *stream,
                                                    int io_priority,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data)
{
  TroveMediaContentProvider *self = TROVE_MEDIA_CONTENT_PROVIDER (content);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *already = NULL;
  TroveDownload *download;

  g_task_set_source_tag (task, trove_media_content_provider_write_mime_type_async);
  g_task_set_priority (task, io_priority);
  g_object_set_data_full (G_OBJECT (task), "stream", g_object_ref (stream), g_object_unref);

  if (!g_str_equal (mime_type, "text/uri-list"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Cannot provide %s", mime_type);
      g_object_unref (task);
      return;
    }

  if (trove_media_get_locked (self->media))
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_PERMISSION, _ ("This item is locked: the fan has not unlocked it."));
      g_object_unref (task);
      return;
    }

  /* Already in the folder: drop that file. Otherwise download it first, through the queue. */
  download = trove_download_queue_add (self->queue, self->provider, self->account_id, self->account_name,
                                       self->chat_name, self->media, &already);
  if (download == NULL)
    {
      write_uri (task, stream, already);
      return;
    }

  g_signal_connect (download, "notify::state", G_CALLBACK (download_state_cb), task);
  download_state_cb (download, NULL, task);
}

static gboolean
trove_media_content_provider_write_mime_type_finish (GdkContentProvider *content,
                                                     GAsyncResult *result,
                                                     GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
trove_media_content_provider_finalize (GObject *object)
{
  TroveMediaContentProvider *self = TROVE_MEDIA_CONTENT_PROVIDER (object);

  g_clear_object (&self->queue);
  g_clear_object (&self->provider);
  g_clear_object (&self->media);
  g_free (self->account_id);
  g_free (self->account_name);
  g_free (self->chat_name);

  G_OBJECT_CLASS (trove_media_content_provider_parent_class)->finalize (object);
}

static void
trove_media_content_provider_class_init (TroveMediaContentProviderClass *klass)
{
  GdkContentProviderClass *provider_class = GDK_CONTENT_PROVIDER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = trove_media_content_provider_finalize;
  provider_class->ref_formats = trove_media_content_provider_ref_formats;
  provider_class->write_mime_type_async = trove_media_content_provider_write_mime_type_async;
  provider_class->write_mime_type_finish = trove_media_content_provider_write_mime_type_finish;
}

static void
trove_media_content_provider_init (TroveMediaContentProvider *self)
{
}

GdkContentProvider *
trove_media_content_provider_new (TroveDownloadQueue *queue,
                                  TroveProvider *provider,
                                  const char *account_id,
                                  const char *account_name,
                                  const char *chat_name,
                                  TroveMedia *media)
{
  TroveMediaContentProvider *self = g_object_new (TROVE_TYPE_MEDIA_CONTENT_PROVIDER, NULL);

  self->queue = g_object_ref (queue);
  self->provider = g_object_ref (provider);
  self->account_id = g_strdup (account_id);
  self->account_name = g_strdup (account_name);
  self->chat_name = g_strdup (chat_name);
  self->media = g_object_ref (media);

  return GDK_CONTENT_PROVIDER (self);
}
