/* trove-media-cell.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-accessible-util.h"
#include "trove-media-cell.h"

#define DEFAULT_SIZE 160

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

  TroveMediaViewItem *item;
  GSignalGroup *item_signals;
  int size;
};

G_DEFINE_FINAL_TYPE (TroveMediaCell, trove_media_cell, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_ITEM,
  PROP_SIZE,
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

  g_string_append_printf (text, ", %s",
                          trove_media_get_from_owner (media) ? _ ("from me") : _ ("from fan"));

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

static void
update_thumbnail (TroveMediaCell *self)
{
  GdkTexture *thumbnail = self->item ? trove_media_view_item_get_thumbnail (self->item) : NULL;

  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (thumbnail));
  gtk_stack_set_visible_child_name (self->stack, thumbnail ? "picture" : "placeholder");
}

static void
update_downloaded (TroveMediaCell *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->downloaded_icon),
                          self->item && trove_media_view_item_get_downloaded (self->item));
}

static void
update_media (TroveMediaCell *self)
{
  TroveMedia *media = trove_media_cell_get_media (self);
  TroveMediaKind kind;
  g_autofree char *description = NULL;
  g_autofree char *accessible_name = NULL;
  gboolean timed;

  update_thumbnail (self);

  if (media == NULL)
    return;

  kind = trove_media_get_kind (media);
  gtk_image_set_from_icon_name (self->placeholder_image, kind_icon_name (kind));
  gtk_image_set_from_icon_name (self->kind_icon, kind_icon_name (kind));
  gtk_widget_set_visible (GTK_WIDGET (self->locked_icon), trove_media_get_locked (media));

  timed = (kind == TROVE_MEDIA_KIND_VIDEO || kind == TROVE_MEDIA_KIND_AUDIO) &&
          trove_media_get_duration_ms (media) > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->duration_label), timed);
  if (timed)
    {
      g_autofree char *duration = trove_format_duration (trove_media_get_duration_ms (media));

      gtk_label_set_label (self->duration_label, duration);
    }

  /* The name first: a screen reader tells items apart before it tells their kind. */
  description = trove_media_describe (media);
  if (trove_media_get_name (media) != NULL && *trove_media_get_name (media) != '\0')
    accessible_name = g_strdup_printf ("%s, %s", trove_media_get_name (media), description);
  else
    accessible_name = g_strdup (description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  trove_accessible_label_list_item (GTK_WIDGET (self), accessible_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), trove_media_get_name (media));
}

TroveMediaViewItem *
trove_media_cell_get_item (TroveMediaCell *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_CELL (self), NULL);

  return self->item;
}

void
trove_media_cell_set_item (TroveMediaCell *self, TroveMediaViewItem *item)
{
  g_return_if_fail (TROVE_IS_MEDIA_CELL (self));
  g_return_if_fail (item == NULL || TROVE_IS_MEDIA_VIEW_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  g_signal_group_set_target (self->item_signals, item);
  update_media (self);
  update_downloaded (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

TroveMedia *
trove_media_cell_get_media (TroveMediaCell *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_CELL (self), NULL);

  return self->item ? trove_media_view_item_get_media (self->item) : NULL;
}

gboolean
trove_media_cell_shows_thumbnail (TroveMediaCell *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_CELL (self), FALSE);

  return gtk_picture_get_paintable (self->picture) != NULL;
}

int
trove_media_cell_get_size (TroveMediaCell *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_CELL (self), DEFAULT_SIZE);

  return self->size;
}

void
trove_media_cell_set_size (TroveMediaCell *self, int size)
{
  g_return_if_fail (TROVE_IS_MEDIA_CELL (self));

  if (self->size == size)
    return;

  self->size = size;
  gtk_widget_set_size_request (GTK_WIDGET (self), size, size);

  /* A bigger cell deserves a sharper thumbnail: decode again when asked. */
  if (self->item != NULL)
    trove_media_view_item_drop_thumbnail (self->item);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

static void
trove_media_cell_dispose (GObject *object)
{
  TroveMediaCell *self = TROVE_MEDIA_CELL (object);

  if (self->item_signals != NULL)
    g_signal_group_set_target (self->item_signals, NULL);
  g_clear_object (&self->item_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_MEDIA_CELL);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (trove_media_cell_parent_class)->dispose (object);
}

static void
trove_media_cell_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
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
      g_param_spec_object ("item", NULL, NULL, TROVE_TYPE_MEDIA_VIEW_ITEM,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
      g_param_spec_int ("size", NULL, NULL, 32, 1024, DEFAULT_SIZE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-media-cell.ui");
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

  /* The cell follows its item: whatever changes there shows here. */
  self->item_signals = g_signal_group_new (TROVE_TYPE_MEDIA_VIEW_ITEM);
  g_signal_group_connect_object (self->item_signals, "notify::media", G_CALLBACK (update_media),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->item_signals, "notify::thumbnail",
                                 G_CALLBACK (update_thumbnail), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->item_signals, "notify::downloaded",
                                 G_CALLBACK (update_downloaded), self, G_CONNECT_SWAPPED);
}

GtkWidget *
trove_media_cell_new (void)
{
  return g_object_new (TROVE_TYPE_MEDIA_CELL, NULL);
}
