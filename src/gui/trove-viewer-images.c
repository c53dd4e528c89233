/* trove-viewer-images.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-image-decoder.h"
#include "trove-read-all.h"
#include "trove-viewer-images.h"

gboolean
trove_viewer_has_url (TroveMedia *media, TroveVariant variant)
{
  const TroveMediaVariant *found = trove_media_get_variant (media, variant);

  return found != NULL && found->url != NULL;
}

static void
decoded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GdkTexture *texture;
  GError *error = NULL;

  texture = trove_image_decode_finish (result, &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
image_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = trove_read_all_finish (result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  trove_image_decode_async (bytes, 0, g_task_get_cancellable (task), decoded_cb,
                            g_object_ref (task));
}

static void
image_opened_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GInputStream) stream = NULL;
  GError *error = NULL;

  stream = trove_provider_open_download_finish (TROVE_PROVIDER (object), result, NULL, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  trove_read_all_async (stream, TROVE_VIEWER_MAX_IMAGE_BYTES, G_PRIORITY_DEFAULT,
                        g_task_get_cancellable (task), image_read_cb, g_object_ref (task));
}

void
trove_viewer_load_image_async (TroveProvider *provider,
                               TroveMedia *media,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, trove_viewer_load_image_async);
  trove_provider_open_download_async (provider, media, TROVE_VARIANT_MAIN, 0, G_PRIORITY_DEFAULT,
                                      cancellable, image_opened_cb, g_steal_pointer (&task));
}

GdkTexture *
trove_viewer_load_image_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
thumbnail_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = trove_thumbnail_loader_load_finish (TROVE_THUMBNAIL_LOADER (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  trove_image_decode_async (bytes, 0, g_task_get_cancellable (task), decoded_cb,
                            g_object_ref (task));
}

void
trove_viewer_load_thumbnail_async (TroveThumbnailLoader *loader,
                                   TroveProvider *provider,
                                   TroveMedia *media,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  static const TroveVariant order[] = { TROVE_VARIANT_GALLERY_THUMBNAIL, TROVE_VARIANT_THUMBNAIL,
                                        TROVE_VARIANT_BLURRED };
  g_autoptr (GTask) task = NULL;

  if (callback != NULL)
    {
      task = g_task_new (NULL, cancellable, callback, user_data);
      g_task_set_source_tag (task, trove_viewer_load_thumbnail_async);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (order); i++)
    if (trove_viewer_has_url (media, order[i]))
      {
        trove_thumbnail_loader_load_async (loader, provider, media, order[i], -1, cancellable,
                                           task ? thumbnail_loaded_cb : NULL,
                                           g_steal_pointer (&task));
        return;
      }

  if (task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No thumbnail");
}

GdkTexture *
trove_viewer_load_thumbnail_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
