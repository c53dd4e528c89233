/* trove-media-view-item.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-image-decoder.h"
#include "trove-media-view-item.h"

/* Thumbnails kept after their item let them go: about 100 KB each. */
#define RECENTLY_DROPPED 8

struct _TroveMediaViewItem
{
  GObject parent_instance;

  TroveMedia *media;
  guint position;
  gboolean downloaded;
  TroveThumbnailState thumbnail_state;
  GdkTexture *thumbnail;
  GCancellable *cancellable; /* the thumbnail on its way, if any */
};

G_DEFINE_FINAL_TYPE (TroveMediaViewItem, trove_media_view_item, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TroveThumbnailState,
                    trove_thumbnail_state,
                    G_DEFINE_ENUM_VALUE (TROVE_THUMBNAIL_STATE_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (TROVE_THUMBNAIL_STATE_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (TROVE_THUMBNAIL_STATE_SHOWN, "shown"),
                    G_DEFINE_ENUM_VALUE (TROVE_THUMBNAIL_STATE_UNAVAILABLE, "unavailable"))

enum
{
  PROP_0,
  PROP_MEDIA,
  PROP_POSITION,
  PROP_DOWNLOADED,
  PROP_THUMBNAIL_STATE,
  PROP_THUMBNAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The items alive now, for the viewer to find what a cell shows. */
static GHashTable *live_items;

typedef struct
{
  TroveMedia *media;
  GdkTexture *texture;
} Dropped;

static void
dropped_free (Dropped *dropped)
{
  g_object_unref (dropped->media);
  g_object_unref (dropped->texture);
  g_free (dropped);
}

/* The most recently dropped thumbnails, newest first. */
static GQueue recent = G_QUEUE_INIT;

/* An item that lets its thumbnail go (rebound, resized) keeps the last few alive a while
 * longer: a click can rebind the very cell it then activates, and the viewer wants that
 * thumbnail. */
static void
keep_for_a_while (TroveMedia *media, GdkTexture *texture)
{
  Dropped *dropped = g_new (Dropped, 1);

  dropped->media = g_object_ref (media);
  dropped->texture = g_object_ref (texture);
  g_queue_push_head (&recent, dropped);
  while (recent.length > RECENTLY_DROPPED)
    dropped_free (g_queue_pop_tail (&recent));
}

GdkTexture *
trove_media_view_item_lookup_thumbnail (TroveMedia *media)
{
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (TROVE_IS_MEDIA (media), NULL);

  if (live_items != NULL)
    {
      g_hash_table_iter_init (&iter, live_items);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          TroveMediaViewItem *item = key;

          if (item->media == media && item->thumbnail != NULL)
            return g_object_ref (item->thumbnail);
        }
    }

  for (GList *l = recent.head; l != NULL; l = l->next)
    {
      Dropped *dropped = l->data;

      if (dropped->media == media)
        return g_object_ref (dropped->texture);
    }

  return NULL;
}

static void
set_thumbnail (TroveMediaViewItem *self, TroveThumbnailState state, GdkTexture *texture)
{
  gboolean thumbnail_changed, state_changed;

  if (self->thumbnail != NULL && self->thumbnail != texture && self->media != NULL)
    keep_for_a_while (self->media, self->thumbnail);

  /* Both first, then tell: what a cell does when told can rebind this very item (a new
   * page moves it), which must find the item consistent and leave it as it made it. */
  thumbnail_changed = g_set_object (&self->thumbnail, texture);
  state_changed = self->thumbnail_state != state;
  self->thumbnail_state = state;

  if (thumbnail_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);
  if (state_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL_STATE]);
}

void
trove_media_view_item_cancel_thumbnail (TroveMediaViewItem *self)
{
  g_return_if_fail (TROVE_IS_MEDIA_VIEW_ITEM (self));

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_thumbnail (self, self->thumbnail ? TROVE_THUMBNAIL_STATE_SHOWN : TROVE_THUMBNAIL_STATE_NONE,
                 self->thumbnail);
}

void
trove_media_view_item_drop_thumbnail (TroveMediaViewItem *self)
{
  g_return_if_fail (TROVE_IS_MEDIA_VIEW_ITEM (self));

  trove_media_view_item_cancel_thumbnail (self);
  set_thumbnail (self, TROVE_THUMBNAIL_STATE_NONE, NULL);
}

static void
decoded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveMediaViewItem) self = user_data;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;

  texture = trove_image_decode_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (texture == NULL)
    {
      g_debug ("Thumbnail of %s: %s", trove_media_get_id (self->media), error->message);
      set_thumbnail (self, TROVE_THUMBNAIL_STATE_UNAVAILABLE, NULL);
      return;
    }

  set_thumbnail (self, TROVE_THUMBNAIL_STATE_SHOWN, texture);
}

typedef struct
{
  TroveMediaViewItem *self;
  int pixel_size;
} Load;

static void
loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Load *load = user_data;
  g_autoptr (TroveMediaViewItem) self = load->self;
  int pixel_size = load->pixel_size;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  g_free (load);
  bytes = trove_thumbnail_loader_load_finish (TROVE_THUMBNAIL_LOADER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (bytes == NULL)
    {
      /* The placeholder stays: a missing thumbnail is no reason to hide the item. */
      g_debug ("Thumbnail of %s: %s", trove_media_get_id (self->media), error->message);
      g_clear_object (&self->cancellable);
      set_thumbnail (self, TROVE_THUMBNAIL_STATE_UNAVAILABLE, NULL);
      return;
    }

  trove_image_decode_async (bytes, pixel_size, self->cancellable, decoded_cb, g_object_ref (self));
}

/* The smallest variant that shows the item; locked items only have their blurred one. */
static gboolean
choose_variant (TroveMedia *media, TroveVariant *variant)
{
  static const TroveVariant unlocked[] = { TROVE_VARIANT_GALLERY_THUMBNAIL, TROVE_VARIANT_THUMBNAIL,
                                           TROVE_VARIANT_BLURRED };
  static const TroveVariant locked[] = { TROVE_VARIANT_BLURRED };
  gboolean is_locked = trove_media_get_locked (media);
  const TroveVariant *order = is_locked ? locked : unlocked;
  gsize n = is_locked ? G_N_ELEMENTS (locked) : G_N_ELEMENTS (unlocked);

  for (gsize i = 0; i < n; i++)
    {
      const TroveMediaVariant *found = trove_media_get_variant (media, order[i]);

      if (found != NULL && found->url != NULL)
        {
          *variant = order[i];
          return TRUE;
        }
    }

  /* Images without thumbnails show their main variant, scaled. */
  if (!is_locked && trove_media_get_kind (media) == TROVE_MEDIA_KIND_IMAGE)
    {
      const TroveMediaVariant *main_variant = trove_media_get_variant (media, TROVE_VARIANT_MAIN);

      if (main_variant != NULL && main_variant->url != NULL)
        {
          *variant = TROVE_VARIANT_MAIN;
          return TRUE;
        }
    }

  return FALSE;
}

void
trove_media_view_item_load_thumbnail (TroveMediaViewItem *self,
                                      TroveThumbnailLoader *loader,
                                      TroveProvider *provider,
                                      int priority,
                                      int pixel_size)
{
  TroveVariant variant;
  Load *load;

  g_return_if_fail (TROVE_IS_MEDIA_VIEW_ITEM (self));

  if (self->media == NULL || self->thumbnail_state != TROVE_THUMBNAIL_STATE_NONE)
    return;

  if (!choose_variant (self->media, &variant))
    {
      set_thumbnail (self, TROVE_THUMBNAIL_STATE_UNAVAILABLE, NULL);
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_thumbnail (self, TROVE_THUMBNAIL_STATE_LOADING, NULL);
  load = g_new (Load, 1);
  load->self = g_object_ref (self);
  load->pixel_size = pixel_size;
  trove_thumbnail_loader_load_async (loader, provider, self->media, variant, priority,
                                     self->cancellable, loaded_cb, load);
}

TroveThumbnailState
trove_media_view_item_get_thumbnail_state (TroveMediaViewItem *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_VIEW_ITEM (self), TROVE_THUMBNAIL_STATE_NONE);

  return self->thumbnail_state;
}

GdkTexture *
trove_media_view_item_get_thumbnail (TroveMediaViewItem *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_VIEW_ITEM (self), NULL);

  return self->thumbnail;
}

TroveMedia *
trove_media_view_item_get_media (TroveMediaViewItem *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_VIEW_ITEM (self), NULL);

  return self->media;
}

void
trove_media_view_item_set_media (TroveMediaViewItem *self, TroveMedia *media)
{
  g_return_if_fail (TROVE_IS_MEDIA_VIEW_ITEM (self));
  g_return_if_fail (media == NULL || TROVE_IS_MEDIA (media));

  if (self->media == media)
    return;

  trove_media_view_item_drop_thumbnail (self);
  g_set_object (&self->media, media);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA]);
}

guint
trove_media_view_item_get_position (TroveMediaViewItem *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_VIEW_ITEM (self), 0);

  return self->position;
}

void
trove_media_view_item_set_position (TroveMediaViewItem *self, guint position)
{
  g_return_if_fail (TROVE_IS_MEDIA_VIEW_ITEM (self));

  if (self->position == position)
    return;

  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

gboolean
trove_media_view_item_get_downloaded (TroveMediaViewItem *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_VIEW_ITEM (self), FALSE);

  return self->downloaded;
}

void
trove_media_view_item_set_downloaded (TroveMediaViewItem *self, gboolean downloaded)
{
  g_return_if_fail (TROVE_IS_MEDIA_VIEW_ITEM (self));

  downloaded = !!downloaded;
  if (self->downloaded == downloaded)
    return;

  self->downloaded = downloaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOADED]);
}

static void
trove_media_view_item_dispose (GObject *object)
{
  TroveMediaViewItem *self = TROVE_MEDIA_VIEW_ITEM (object);

  trove_media_view_item_cancel_thumbnail (self);
  if (self->thumbnail != NULL && self->media != NULL)
    keep_for_a_while (self->media, self->thumbnail);
  g_clear_object (&self->thumbnail);
  g_clear_object (&self->media);

  G_OBJECT_CLASS (trove_media_view_item_parent_class)->dispose (object);
}

static void
trove_media_view_item_finalize (GObject *object)
{
  g_hash_table_remove (live_items, object);

  G_OBJECT_CLASS (trove_media_view_item_parent_class)->finalize (object);
}

static void
trove_media_view_item_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  TroveMediaViewItem *self = TROVE_MEDIA_VIEW_ITEM (object);

  switch (prop_id)
    {
    case PROP_MEDIA:
      g_value_set_object (value, self->media);
      break;

    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    case PROP_DOWNLOADED:
      g_value_set_boolean (value, self->downloaded);
      break;

    case PROP_THUMBNAIL_STATE:
      g_value_set_enum (value, self->thumbnail_state);
      break;

    case PROP_THUMBNAIL:
      g_value_set_object (value, self->thumbnail);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_media_view_item_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  TroveMediaViewItem *self = TROVE_MEDIA_VIEW_ITEM (object);

  switch (prop_id)
    {
    case PROP_MEDIA:
      trove_media_view_item_set_media (self, g_value_get_object (value));
      break;

    case PROP_POSITION:
      trove_media_view_item_set_position (self, g_value_get_uint (value));
      break;

    case PROP_DOWNLOADED:
      trove_media_view_item_set_downloaded (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_media_view_item_class_init (TroveMediaViewItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = trove_media_view_item_dispose;
  object_class->finalize = trove_media_view_item_finalize;
  object_class->get_property = trove_media_view_item_get_property;
  object_class->set_property = trove_media_view_item_set_property;

  properties[PROP_MEDIA] =
      g_param_spec_object ("media", NULL, NULL, TROVE_TYPE_MEDIA,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
      g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOWNLOADED] =
      g_param_spec_boolean ("downloaded", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_THUMBNAIL_STATE] =
      g_param_spec_enum ("thumbnail-state", NULL, NULL, TROVE_TYPE_THUMBNAIL_STATE,
                         TROVE_THUMBNAIL_STATE_NONE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_THUMBNAIL] = g_param_spec_object ("thumbnail", NULL, NULL, GDK_TYPE_TEXTURE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_media_view_item_init (TroveMediaViewItem *self)
{
  if (live_items == NULL)
    live_items = g_hash_table_new (NULL, NULL);
  g_hash_table_add (live_items, self);
}

TroveMediaViewItem *
trove_media_view_item_new (void)
{
  return g_object_new (TROVE_TYPE_MEDIA_VIEW_ITEM, NULL);
}
