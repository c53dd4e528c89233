/* trove-read-all.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-read-all.h"

#define CHUNK_BYTES (64 * 1024)

typedef struct
{
  GInputStream *stream;
  GByteArray *body;
  gsize max_bytes;
  int io_priority;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->stream);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_free (data);
}

static void
chunk_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  g_autoptr (GBytes) chunk = NULL;
  g_autoptr (GError) error = NULL;
  gsize size;

  chunk = g_input_stream_read_bytes_finish (data->stream, result, &error);
  if (chunk == NULL)
    {
      g_input_stream_close (data->stream, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      g_input_stream_close (data->stream, NULL, NULL);
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&data->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (data->body->len + size > data->max_bytes)
    {
      g_input_stream_close (data->stream, NULL, NULL);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                               "More than %" G_GSIZE_FORMAT " bytes", data->max_bytes);
      return;
    }

  g_byte_array_append (data->body, g_bytes_get_data (chunk, NULL), size);
  g_input_stream_read_bytes_async (data->stream, CHUNK_BYTES, data->io_priority,
                                   g_task_get_cancellable (task), chunk_read_cb,
                                   g_object_ref (task));
}

void
trove_read_all_async (GInputStream *stream,
                      gsize max_bytes,
                      int io_priority,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (G_IS_INPUT_STREAM (stream));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_read_all_async);

  data = g_new0 (ReadData, 1);
  data->stream = g_object_ref (stream);
  data->body = g_byte_array_new ();
  data->max_bytes = max_bytes;
  data->io_priority = io_priority;
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);

  g_input_stream_read_bytes_async (stream, CHUNK_BYTES, io_priority, cancellable, chunk_read_cb,
                                   g_steal_pointer (&task));
}

GBytes *
trove_read_all_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
