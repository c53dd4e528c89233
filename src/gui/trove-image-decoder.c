/* trove-image-decoder.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-error.h"
#include "trove-image-decoder.h"

/* Small writes let the header (and its claimed size) arrive before any pixel is decoded. */
#define WRITE_CHUNK_BYTES 4096

typedef struct
{
  GBytes *bytes;
  int max_size;
  gboolean too_large;
} DecodeData;

static void
decode_data_free (DecodeData *data)
{
  g_bytes_unref (data->bytes);
  g_free (data);
}

static void
size_prepared_cb (GdkPixbufLoader *loader, int width, int height, gpointer user_data)
{
  DecodeData *data = user_data;
  double scale;

  if (width <= 0 || height <= 0 || width > TROVE_IMAGE_MAX_DIMENSION ||
      height > TROVE_IMAGE_MAX_DIMENSION)
    {
      data->too_large = TRUE;
      /* Zero makes the loader give up before it allocates the claimed size; 1 x 1 would have it
       * allocate it, then scale gigapixels down on close (6.5 s for 40000 x 40000 here). */
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  if (data->max_size <= 0 || (width <= data->max_size && height <= data->max_size))
    return;

  scale = (double) data->max_size / MAX (width, height);
  gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale)),
                              MAX (1, (int) (height * scale)));
}

static void
decode_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  DecodeData *data = task_data;
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr (GError) error = NULL;
  const guint8 *bytes;
  gsize size, done = 0;
  GdkPixbuf *pixbuf;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), data);

  bytes = g_bytes_get_data (data->bytes, &size);
  while (done < size && !data->too_large)
    {
      gsize chunk = MIN (WRITE_CHUNK_BYTES, size - done);

      if (g_task_return_error_if_cancelled (task))
        {
          gdk_pixbuf_loader_close (loader, NULL);
          return;
        }

      if (!gdk_pixbuf_loader_write (loader, bytes + done, chunk, &error))
        break;
      done += chunk;
    }

  if (data->too_large)
    {
      gdk_pixbuf_loader_close (loader, NULL);
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                               _ ("The image is larger than %d pixels across."),
                               TROVE_IMAGE_MAX_DIMENSION);
      return;
    }

  /* A loader that failed mid-write still wants closing; its second error adds nothing. */
  if (error != NULL)
    gdk_pixbuf_loader_close (loader, NULL);
  else
    gdk_pixbuf_loader_close (loader, &error);

  if (error != NULL)
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                               _ ("The image could not be decoded: %s"), error->message);
      return;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                               _ ("The image could not be decoded."));
      return;
    }

  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

void
trove_image_decode_async (GBytes *bytes,
                          int max_size,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  DecodeData *data;

  g_return_if_fail (bytes != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_image_decode_async);
  /* A view waits for this: below the frame clock's priority it would never return while
   * anything animates on slow (software GL) frames. */
  g_task_set_priority (task, G_PRIORITY_DEFAULT);

  data = g_new0 (DecodeData, 1);
  data->bytes = g_bytes_ref (bytes);
  data->max_size = max_size;
  g_task_set_task_data (task, data, (GDestroyNotify) decode_data_free);

  g_task_run_in_thread (task, decode_thread);
}

GdkTexture *
trove_image_decode_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
