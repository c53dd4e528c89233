/* trove-media-grid-cells.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h> /* says whether this is glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "trove-media-cell.h"
#include "trove-media-grid-cells.h"

GPtrArray *
trove_media_grid_cells_bound (GtkGridView *view)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (GTK_IS_GRID_VIEW (view), cells);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *cell = gtk_widget_get_first_child (child);

      if (TROVE_IS_MEDIA_CELL (cell) &&
          trove_media_cell_get_media (TROVE_MEDIA_CELL (cell)) != NULL)
        g_ptr_array_add (cells, g_object_ref (cell));
    }

  return cells;
}

/* Pixels let go since memory was last given back, and how long the passes rest before. */
#define TRIM_AFTER_BYTES (16 * 1024 * 1024)
#define TRIM_DELAY_S 1

static gsize dropped_bytes;
static guint trim_id;

static gboolean
trim_cb (gpointer user_data)
{
  trim_id = 0;
  dropped_bytes = 0;
  /* glibc keeps freed pages (the decoder threads' arenas most of all) resident until asked. */
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

TroveCellPlace
trove_media_grid_cells_place (GtkWidget *cell, GtkScrolledWindow *scrolled)
{
  double viewport = gtk_adjustment_get_page_size (gtk_scrolled_window_get_vadjustment (scrolled));
  graphene_rect_t bounds;
  double top, bottom;

  if (!gtk_widget_get_mapped (cell) ||
      !gtk_widget_compute_bounds (cell, GTK_WIDGET (scrolled), &bounds))
    return TROVE_CELL_UNPLACED;

  top = bounds.origin.y;
  bottom = top + bounds.size.height;

  if (bottom > 0 && top < viewport)
    return TROVE_CELL_ON_SCREEN;
  if (bottom > -viewport && top < 2 * viewport)
    return TROVE_CELL_NEAR;
  return TROVE_CELL_FAR;
}

void
trove_media_grid_cells_load_thumbnails (GtkGridView *view,
                                        GtkScrolledWindow *scrolled,
                                        TroveThumbnailLoader *loader,
                                        TroveProvider *provider)
{
  g_autoptr (GPtrArray) cells = trove_media_grid_cells_bound (view);

  for (guint i = 0; i < cells->len; i++)
    {
      TroveMediaCell *cell = g_ptr_array_index (cells, i);
      TroveMediaViewItem *item = trove_media_cell_get_item (cell);
      int pixel_size =
          trove_media_cell_get_size (cell) * gtk_widget_get_scale_factor (GTK_WIDGET (cell));
      GdkTexture *thumbnail;

      /* Unbound by an earlier cell's request. */
      if (trove_media_view_item_get_media (item) == NULL)
        continue;

      switch (trove_media_grid_cells_place (GTK_WIDGET (cell), scrolled))
        {
        case TROVE_CELL_ON_SCREEN:
          trove_media_view_item_load_thumbnail (item, loader, provider, 0, pixel_size);
          break;
        case TROVE_CELL_NEAR:
          trove_media_view_item_load_thumbnail (item, loader, provider, 1, pixel_size);
          break;
        case TROVE_CELL_FAR:
          /* The grid keeps far more cells bound than it shows: their pixels would be most of
           * the memory a long scroll leaves behind. Coming near decodes them again from the
           * loader's caches, without a request. */
          thumbnail = trove_media_view_item_get_thumbnail (item);
          if (thumbnail != NULL)
            dropped_bytes +=
                (gsize) gdk_texture_get_width (thumbnail) * gdk_texture_get_height (thumbnail) * 4;
          trove_media_view_item_drop_thumbnail (item);
          break;
        case TROVE_CELL_UNPLACED:
        default:
          break;
        }
    }

  if (dropped_bytes >= TRIM_AFTER_BYTES)
    {
      g_clear_handle_id (&trim_id, g_source_remove);
      trim_id = g_timeout_add_seconds (TRIM_DELAY_S, trim_cb, NULL);
    }
}
