/* trove-media-cell.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-accessible-util.h"
#include "trove-image-decoder.h"
#include "trove-media-cell.h"

#define DEFAULT_SIZE 160
/* Thumbnails kept after their cell let them go: about 100 KB each. */
#define RECENTLY_DROPPED 8

struct _TroveMediaCell
{
  GtkWidget parent_instance;

  GtkWidget *overlay;
  GtkStack *stack;
  GtkImage *placeholder_image;
  GtkPicture *picture;
  GtkImage *kind_icon;
  GtkImage *downloaded_icon;
  GtkImage *locked_icon;
  GtkLabel *duration_label;

  TroveMedia *item;
  int size;
  gboolean downloaded;
  gboolean has_thumbnail;
  GCancellable *cancellable; /* the thumbnail on its way, if any */
};

G_DEFINE_FINAL_TYPE (TroveMediaCell, trove_media_cell, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_ITEM,
  PROP_SIZE,
  PROP_DOWNLOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
kind_icon_name (TroveMediaKind kind)
{
  switch (kind)
    {
    case TROVE_MEDIA_KIND_IMAGE:
      return "image-x-generic-symbolic";
    case TROVE_MEDIA_KIND_VIDEO:
      return "video-x-generic-symbolic";
    case TROVE_MEDIA_KIND_AUDIO:
      return "audio-x-generic-symbolic";
    case TROVE_MEDIA_KIND_DOCUMENT:
      return "x-office-document-symbolic";
    case TROVE_MEDIA_KIND_UNKNOWN:
    default:
      return "text-x-generic-symbolic";
    }
}

static const char *
kind_label (TroveMediaKind kind)
{
  switch (kind)
    {
    case TROVE_MEDIA_KIND_IMAGE:
      return _ ("Photo");
    case TROVE_MEDIA_KIND_VIDEO:
      return _ ("Video");
    case TROVE_MEDIA_KIND_AUDIO:
      return _ ("Audio");
    case TROVE_MEDIA_KIND_DOCUMENT:
      return _ ("File");
    case TROVE_MEDIA_KIND_UNKNOWN:
    default:
      return _ ("Item");
    }
}

char *
trove_format_duration (gint64 duration_ms)
{
  gint64 seconds = MAX (duration_ms, 0) / 1000;

  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));

  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

char *
trove_media_describe (TroveMedia *media)
{
  GString *text = g_string_new (kind_label (trove_media_get_kind (media)));
  GDateTime *sent_at = trove_media_get_sent_at (media);

  if (trove_media_get_duration_ms (media) > 0)
    {
      g_autofree char *duration = trove_format_duration (trove_media_get_duration_ms (media));

      g_string_append_printf (text, ", %s", duration);
    }

  g_string_append_printf (text, ", %s", trove_media_get_from_owner (media) ? _ ("from me") : _ ("from fan"));

  if (sent_at != NULL)
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (sent_at);
      /* Translators: a date as in "15 January 2024" */
      g_autofree char *date = g_date_time_format (local, _ ("%-d %B %Y"));

      g_string_append_printf (text, ", %s", date);
    }

  if (trove_media_get_locked (media))
    g_string_append_printf (text, ", %s", _ ("locked"));

  return g_string_free (text, FALSE);
}

void
trove_media_cell_cancel_thumbnail (TroveMediaCell *self)
{
  g_return_if_fail (TROVE_IS_MEDIA_CELL (self));

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      /* Stopped before it showed: asked for again when the cell comes near once more. */
      self->has_thumbnail = gtk_picture_get_paintable (self->picture) != NULL;
    }
}

/* A cell that lets its thumbnail go (rebound, resized) keeps the last few alive a while longer:
 * a click can rebind the very cell it then activates, and the viewer wants that thumbnail. */
static void
keep_for_a_while (GdkPaintable *paintable)
{
  static GQueue recent = G_QUEUE_INIT;

  if (!GDK_IS_TEXTURE (paintable))
    return;

  g_queue_push_head (&recent, g_object_ref (paintable));
  while (recent.length > RECENTLY_DROPPED)
    g_object_unref (g_queue_pop_tail (&recent));
}

static void
show_placeholder (TroveMediaCell *self)
{
  self->has_thumbnail = FALSE;
  keep_for_a_while (gtk_picture_get_paintable (self->picture));
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_stack_set_visible_child_name (self->stack, "placeholder");
}

static GQuark
thumbnail_quark (void)
{
  return g_quark_from_static_string ("trove-media-cell-thumbnail");
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* Weakly: the texture lives only as long as a cell shows it. */
static void
remember_thumbnail (TroveMedia *media,
                    GdkTexture *texture)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, texture);
  g_object_set_qdata_full (G_OBJECT (media), thumbnail_quark (), ref, (GDestroyNotify) weak_ref_free);
}

GdkTexture *
trove_media_cell_lookup_thumbnail (TroveMedia *media)
{
  GWeakRef *ref;

  g_return_val_if_fail (TROVE_IS_MEDIA (media), NULL);

  ref = g_object_get_qdata (G_OBJECT (media), thumbnail_quark ());
  return ref != NULL ? g_weak_ref_get (ref) : NULL;
}

static void
decoded_cb (GObject *object,
            GAsyncResult *result,
            gpointer user_data)
{
  g_autoptr (TroveMediaCell) self = user_data;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;

  texture = trove_image_decode_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (texture == NULL)
    {
      g_debug ("Thumbnail of %s: %s", trove_media_get_id (self->item), error->message);
      return;
    }

  remember_thumbnail (self->item, texture);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->stack, "picture");
}

static void
loaded_cb (GObject *object,
           GAsyncResult *result,
           gpointer user_data)
{
  g_autoptr (TroveMediaCell) self = user_data;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  bytes = trove_thumbnail_loader_load_finish (TROVE_THUMBNAIL_LOADER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (bytes == NULL)
    {
      /* The placeholder stays: a missing thumbnail is no reason to hide the item. */
      g_debug ("Thumbnail of %s: %s", trove_media_get_id (self->item), error->message);
      g_clear_object (&self->cancellable);
      return;
    }

  trove_image_decode_async (bytes, self->size * gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                            self->cancellable, decoded_cb, g_object_ref (self));
}

/* The smallest variant that shows the item; locked items only have their blurred one. */
static gboolean
choose_variant (TroveMedia *media,
                TroveVariant *variant)
{
  static const TroveVariant unlocked[] = { TROVE_VARIANT_GALLERY_THUMBNAIL, TROVE_VARIANT_THUMBNAIL, TROVE_VARIANT_BLURRED };
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

gboolean
trove_media_cell_shows_thumbnail (TroveMediaCell *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_CELL (self), FALSE);

  return gtk_picture_get_paintable (self->picture) != NULL;
}

gboolean
trove_media_cell_has_thumbnail (TroveMediaCell *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_CELL (self), FALSE);

  return self->has_thumbnail;
}

void
trove_media_cell_load_thumbnail (TroveMediaCell *self,
                                 TroveThumbnailLoader *loader,
                                 TroveProvider *provider,
                                 int priority)
{
  TroveVariant variant;

  g_return_if_fail (TROVE_IS_MEDIA_CELL (self));

  if (self->item == NULL || self->has_thumbnail)
    return;

  self->has_thumbnail = TRUE;
  if (!choose_variant (self->item, &variant))
    return;

  self->cancellable = g_cancellable_new ();
  trove_thumbnail_loader_load_async (loader, provider, self->item, variant, priority,
                                     self->cancellable, loaded_cb, g_object_ref (self));
}

static void
update_item (TroveMediaCell *self)
{
  TroveMediaKind kind;
  g_autofree char *description = NULL;
  g_autofree char *accessible_name = NULL;
  gboolean timed;

  trove_media_cell_cancel_thumbnail (self);
  show_placeholder (self);

  if (self->item == NULL)
    return;

  kind = trove_media_get_kind (self->item);
  gtk_image_set_from_icon_name (self->placeholder_image, kind_icon_name (kind));
  gtk_image_set_from_icon_name (self->kind_icon, kind_icon_name (kind));
  gtk_widget_set_visible (GTK_WIDGET (self->locked_icon), trove_media_get_locked (self->item));

  timed = (kind == TROVE_MEDIA_KIND_VIDEO || kind == TROVE_MEDIA_KIND_AUDIO) &&
          trove_media_get_duration_ms (self->item) > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->duration_label), timed);
  if (timed)
    {
      g_autofree char *duration = trove_format_duration (trove_media_get_duration_ms (self->item));

      gtk_label_set_label (self->duration_label, duration);
    }

  /* The name first: a screen reader tells items apart before it tells their kind. */
  description = trove_media_describe (self->item);
  if (trove_media_get_name (self->item) != NULL && *trove_media_get_name (self->item) != '\0')
    accessible_name = g_strdup_printf ("%s, %s", trove_media_get_name (self->item), description);
  else
    accessible_name = g_strdup (description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  trove_accessible_label_list_item (GTK_WIDGET (self), accessible_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), trove_media_get_name (self->item));
}

TroveMedia *
trove_media_cell_get_item (TroveMediaCell *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_CELL (self), NULL);

  return self->item;
}

void
trove_media_cell_set_item (TroveMediaCell *self,
                           TroveMedia *item)
{
  g_return_if_fail (TROVE_IS_MEDIA_CELL (self));
  g_return_if_fail (item == NULL || TROVE_IS_MEDIA (item));

  if (!g_set_object (&self->item, item))
    return;

  update_item (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

int
trove_media_cell_get_size (TroveMediaCell *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_CELL (self), DEFAULT_SIZE);

  return self->size;
}

void
trove_media_cell_set_size (TroveMediaCell *self,
                           int size)
{
  g_return_if_fail (TROVE_IS_MEDIA_CELL (self));

  if (self->size == size)
    return;

  self->size = size;
  gtk_widget_set_size_request (GTK_WIDGET (self), size, size);

  /* A bigger cell deserves a sharper thumbnail: decode again when asked. */
  trove_media_cell_cancel_thumbnail (self);
  show_placeholder (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

gboolean
trove_media_cell_get_downloaded (TroveMediaCell *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_CELL (self), FALSE);

  return self->downloaded;
}

void
trove_media_cell_set_downloaded (TroveMediaCell *self,
                                 gboolean downloaded)
{
  g_return_if_fail (TROVE_IS_MEDIA_CELL (self));

  downloaded = !!downloaded;
  if (self->downloaded == downloaded)
    return;

  self->downloaded = downloaded;
  gtk_widget_set_visible (GTK_WIDGET (self->downloaded_icon), downloaded);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOADED]);
}

static void
trove_media_cell_dispose (GObject *object)
{
  TroveMediaCell *self = TROVE_MEDIA_CELL (object);

  trove_media_cell_cancel_thumbnail (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_MEDIA_CELL);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (trove_media_cell_parent_class)->dispose (object);
}

static void
trove_media_cell_get_property (GObject *object,
                               guint prop_id,
                               GValue *value,
                               GParamSpec *pspec)
{
  TroveMediaCell *self = TROVE_MEDIA_CELL (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    case PROP_SIZE:
      g_value_set_int (value, self->size);
      break;

    case PROP_DOWNLOADED:
      g_value_set_boolean (value, self->downloaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_media_cell_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  TroveMediaCell *self = TROVE_MEDIA_CELL (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      trove_media_cell_set_item (self, g_value_get_object (value));
      break;

    case PROP_SIZE:
      trove_media_cell_set_size (self, g_value_get_int (value));
      break;

    case PROP_DOWNLOADED:
      trove_media_cell_set_downloaded (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_media_cell_class_init (TroveMediaCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_media_cell_dispose;
  object_class->get_property = trove_media_cell_get_property;
  object_class->set_property = trove_media_cell_set_property;

  properties[PROP_ITEM] =
      g_param_spec_object ("item", NULL, NULL, TROVE_TYPE_MEDIA,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
      g_param_spec_int ("size", NULL, NULL, 32, 1024, DEFAULT_SIZE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOWNLOADED] =
      g_param_spec_boolean ("downloaded", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trove/Trove/trove-media-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveMediaCell, overlay);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaCell, stack);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaCell, placeholder_image);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaCell, picture);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaCell, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaCell, downloaded_icon);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaCell, locked_icon);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaCell, duration_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trove-media-cell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
trove_media_cell_init (TroveMediaCell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Square cells, whatever width the grid gives its columns. */
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);

  self->size = DEFAULT_SIZE;
  gtk_widget_set_size_request (GTK_WIDGET (self), self->size, self->size);
}

GtkWidget *
trove_media_cell_new (void)
{
  return g_object_new (TROVE_TYPE_MEDIA_CELL, NULL);
}
