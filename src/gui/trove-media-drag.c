/* trove-media-drag.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-media-drag.h"

/* The cell as it looks, with the number of items dragged in a badge when there are several. */
static GdkPaintable *
drag_icon_new (GtkWidget *cell, guint count)
{
  g_autoptr (GdkPaintable) look = gtk_widget_paintable_new (cell);
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (PangoLayout) layout = NULL;
  g_autofree char *text = NULL;
  int width = gtk_widget_get_width (cell);
  int height = gtk_widget_get_height (cell);
  int text_width, text_height;
  float badge_width, badge_height;
  graphene_rect_t badge;
  GskRoundedRect rounded;

  if (count < 2)
    return g_steal_pointer (&look);

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (look, GDK_SNAPSHOT (snapshot), width, height);

  text = g_strdup_printf ("%u", count);
  layout = gtk_widget_create_pango_layout (cell, text);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  badge_height = text_height + 6;
  badge_width = MAX (badge_height, text_width + 14);
  badge = GRAPHENE_RECT_INIT (width - badge_width - 4, 4, badge_width, badge_height);
  gsk_rounded_rect_init_from_rect (&rounded, &badge, badge_height / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA){ 0.21f, 0.52f, 0.89f, 1.0f }, &badge);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (badge.origin.x + (badge_width - text_width) / 2,
                                                badge.origin.y + 3));
  gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA){ 1.0f, 1.0f, 1.0f, 1.0f });

  return gtk_snapshot_free_to_paintable (g_steal_pointer (&snapshot),
                                         &GRAPHENE_SIZE_INIT (width, height));
}

/* A selected cell drags the whole selection; any other cell, its own item. Locked items,
 * which have no file, stay behind. */
typedef struct
{
  GtkSelectionModel *selection;
  TroveMediaDragFunc content;
  gpointer user_data;
} Drag;

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source, double x, double y, Drag *drag)
{
  TroveMediaCell *cell =
      TROVE_MEDIA_CELL (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source)));
  TroveMediaViewItem *view_item = trove_media_cell_get_item (cell);
  TroveMedia *media = trove_media_cell_get_media (cell);
  GtkSelectionModel *selection = drag->selection;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GdkPaintable) icon = NULL;

  if (media == NULL)
    return NULL;

  if (gtk_selection_model_is_selected (selection, trove_media_view_item_get_position (view_item)))
    {
      g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (selection);
      GtkBitsetIter iter;
      guint position;

      for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
           more = gtk_bitset_iter_next (&iter, &position))
        {
          g_autoptr (TroveMedia) item = g_list_model_get_item (G_LIST_MODEL (selection), position);

          if (!trove_media_get_locked (item))
            g_ptr_array_add (items, g_steal_pointer (&item));
        }
    }
  else if (!trove_media_get_locked (media))
    g_ptr_array_add (items, g_object_ref (media));

  if (items->len == 0)
    return NULL;

  icon = drag_icon_new (GTK_WIDGET (cell), items->len);
  gtk_drag_source_set_icon (source, icon, (int) x, (int) y);

  return drag->content (items, drag->user_data);
}

void
trove_media_drag_attach (TroveMediaCell *cell,
                         GtkSelectionModel *selection,
                         TroveMediaDragFunc content,
                         gpointer user_data)
{
  GtkDragSource *source = gtk_drag_source_new ();
  Drag *drag = g_new (Drag, 1);

  g_return_if_fail (TROVE_IS_MEDIA_CELL (cell));

  drag->selection = selection;
  drag->content = content;
  drag->user_data = user_data;

  /* Dragged into a file manager, an item becomes its file. */
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect_data (source, "prepare", G_CALLBACK (drag_prepare_cb), drag,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_widget_add_controller (GTK_WIDGET (cell), GTK_EVENT_CONTROLLER (source));
}
