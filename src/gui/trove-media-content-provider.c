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
  GPtrArray *items;
};

G_DEFINE_FINAL_TYPE (TroveMediaContentProvider,
                     trove_media_content_provider,
                     GDK_TYPE_CONTENT_PROVIDER)

static GdkContentFormats *
trove_media_content_provider_ref_formats (GdkContentProvider *provider)
{
  return gdk_content_formats_new ((const char *[]){ "text/uri-list", NULL }, 1);
}

/* One drop: the file of each item as it becomes known, and how many are still downloading. */
typedef struct
{
  GOutputStream *stream;
  GPtrArray *paths; /* one per item, NULL when it has no file */
  guint waiting;
  GError *error; /* the first item that failed */
  char *uri_list;
} Drop;

static void
drop_free (Drop *drop)
{
  g_clear_object (&drop->stream);
  g_ptr_array_unref (drop->paths);
  g_clear_error (&drop->error);
  g_free (drop->uri_list);
  g_free (drop);
}

/* A download the drop waits for, and the item it delivers. */
typedef struct
{
  GTask *task;
  guint index;
} DropWait;

static void
written_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Writes the files that exist; fails only when there is none, so that one locked or failed
 * item does not cost the user the others. */
static void
finish_drop (GTask *task)
{
  Drop *drop = g_task_get_task_data (task);
  g_autoptr (GString) list = g_string_new (NULL);

  for (guint i = 0; i < drop->paths->len; i++)
    {
      const char *path = g_ptr_array_index (drop->paths, i);
      g_autoptr (GFile) file = NULL;
      g_autofree char *uri = NULL;

      if (path == NULL)
        continue;
      file = g_file_new_for_path (path);
      uri = g_file_get_uri (file);
      g_string_append_printf (list, "%s\r\n", uri);
    }

  if (list->len == 0)
    {
      if (drop->error != NULL)
        g_task_return_error (task, g_steal_pointer (&drop->error));
      else
        g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_PERMISSION,
                                 _ ("These items are locked: the fan has not unlocked them."));
      g_object_unref (task);
      return;
    }

  drop->uri_list = g_string_free (g_steal_pointer (&list), FALSE);
  g_output_stream_write_all_async (drop->stream, drop->uri_list, strlen (drop->uri_list),
                                   g_task_get_priority (task), g_task_get_cancellable (task),
                                   written_cb, task);
}

static void
download_state_cb (TroveDownload *download, GParamSpec *pspec, DropWait *wait)
{
  GTask *task = wait->task;
  Drop *drop = g_task_get_task_data (task);

  if (!trove_download_is_finished (download))
    return;

  if (trove_download_get_state (download) == TROVE_DOWNLOAD_DONE)
    g_ptr_array_index (drop->paths, wait->index) =
        g_file_get_path (trove_download_get_destination (download));
  else if (drop->error == NULL)
    drop->error =
        g_error_new (TROVE_ERROR, TROVE_ERROR_NETWORK, _ ("The file could not be downloaded: %s"),
                     trove_download_get_error (download)
                         ? trove_download_get_error (download)->message
                         : _ ("cancelled"));

  /* Frees @wait once this emission is over. */
  g_signal_handlers_disconnect_by_func (download, download_state_cb, wait);
  if (--drop->waiting == 0)
    finish_drop (task);
}

static void
drop_wait_free (gpointer data, GClosure *closure)
{
  g_free (data);
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
  g_autoptr (GPtrArray) downloads = g_ptr_array_new ();
  g_autoptr (GPtrArray) waits = g_ptr_array_new ();
  Drop *drop;

  g_task_set_source_tag (task, trove_media_content_provider_write_mime_type_async);
  g_task_set_priority (task, io_priority);

  if (!g_str_equal (mime_type, "text/uri-list"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Cannot provide %s",
                               mime_type);
      g_object_unref (task);
      return;
    }

  drop = g_new0 (Drop, 1);
  drop->stream = g_object_ref (stream);
  drop->paths = g_ptr_array_new_full (self->items->len, g_free);
  g_ptr_array_set_size (drop->paths, self->items->len);
  g_task_set_task_data (task, drop, (GDestroyNotify) drop_free);

  /* Already in the folder: drop those files. The others download first, through the queue. */
  for (guint i = 0; i < self->items->len; i++)
    {
      TroveMedia *media = g_ptr_array_index (self->items, i);
      char *already = NULL;
      TroveDownload *download;
      DropWait *wait;

      if (trove_media_get_locked (media))
        continue;

      download = trove_download_queue_add (self->queue, self->provider, self->account_id,
                                           self->account_name, self->chat_name, media, &already);
      if (download == NULL)
        {
          g_ptr_array_index (drop->paths, i) = already;
          continue;
        }

      wait = g_new0 (DropWait, 1);
      wait->task = task;
      wait->index = i;
      drop->waiting++;
      g_ptr_array_add (downloads, download);
      g_ptr_array_add (waits, wait);
    }

  if (drop->waiting == 0)
    {
      finish_drop (task);
      return;
    }

  for (guint i = 0; i < downloads->len; i++)
    g_signal_connect_data (g_ptr_array_index (downloads, i), "notify::state",
                           G_CALLBACK (download_state_cb), g_ptr_array_index (waits, i),
                           drop_wait_free, 0);
  /* A job may be over already (one that failed at once). */
  for (guint i = 0; i < downloads->len; i++)
    download_state_cb (g_ptr_array_index (downloads, i), NULL, g_ptr_array_index (waits, i));
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
  g_ptr_array_unref (self->items);
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
                                  GPtrArray *items)
{
  TroveMediaContentProvider *self;

  g_return_val_if_fail (items != NULL && items->len > 0, NULL);

  self = g_object_new (TROVE_TYPE_MEDIA_CONTENT_PROVIDER, NULL);

  self->queue = g_object_ref (queue);
  self->provider = g_object_ref (provider);
  self->account_id = g_strdup (account_id);
  self->account_name = g_strdup (account_name);
  self->chat_name = g_strdup (chat_name);
  self->items = g_ptr_array_new_full (items->len, g_object_unref);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (items, i)));

  return GDK_CONTENT_PROVIDER (self);
}
