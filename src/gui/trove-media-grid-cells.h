/* trove-media-grid-cells.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-provider.h"
#include "trove-thumbnail-loader.h"

G_BEGIN_DECLS

/* Where a grid cell is against the viewport. */
typedef enum
{
  TROVE_CELL_UNPLACED,  /* not laid out yet */
  TROVE_CELL_ON_SCREEN, /* at least partly in view */
  TROVE_CELL_NEAR,      /* within a screen of it */
  TROVE_CELL_FAR,       /* further off */
} TroveCellPlace;

/* The TroveMediaCells of @view that show an item now (GtkGridView holds one child per bound
 * item), held: the thumbnail loader may bind or unbind cells while the caller walks them. */
GPtrArray *trove_media_grid_cells_bound (GtkGridView *view);

TroveCellPlace trove_media_grid_cells_place (GtkWidget *cell, GtkScrolledWindow *scrolled);

/* One pass of the lazy thumbnail queue: cells on screen ask for their thumbnails first, then
 * those within a screen either way; bound cells further off (GtkGridView binds about thirty
 * rows) let theirs go, decoded pixels too, until they come near. Once many pixels were let go
 * and the passes rest a second, the freed heap pages go back to the system. */
void trove_media_grid_cells_load_thumbnails (GtkGridView *view,
                                             GtkScrolledWindow *scrolled,
                                             TroveThumbnailLoader *loader,
                                             TroveProvider *provider);

G_END_DECLS
