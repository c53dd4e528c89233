/* trove-media-grid.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-media-drag.h"
#include "trove-paged-list.h"
#include "trove-thumbnail-loader.h"

G_BEGIN_DECLS

typedef enum
{
  TROVE_SENDER_FILTER_ALL,
  TROVE_SENDER_FILTER_FAN,
  TROVE_SENDER_FILTER_ME,
} TroveSenderFilter;

#define TROVE_TYPE_SENDER_FILTER (trove_sender_filter_get_type ())
GType trove_sender_filter_get_type (void);

#define TROVE_TYPE_MEDIA_GRID (trove_media_grid_get_type ())

/* A chat's media as a grid of thumbnails over a TrovePagedList: loads the next page when the
 * user is within a screen of the end, fetches thumbnails for what is on screen first, and
 * shows loading, empty and error states. */
G_DECLARE_FINAL_TYPE (TroveMediaGrid, trove_media_grid, TROVE, MEDIA_GRID, GtkWidget)

GtkWidget *trove_media_grid_new (void);

void trove_media_grid_set_loader (TroveMediaGrid *self, TroveThumbnailLoader *loader);

TrovePagedList *trove_media_grid_get_model (TroveMediaGrid *self);
/* Shows @model (loading its first page if it has none), scrolled to show item @first_visible. */
void trove_media_grid_set_model (TroveMediaGrid *self, TrovePagedList *model, guint first_visible);
/* The position of the first item on screen, to come back to. */
guint trove_media_grid_get_first_visible (TroveMediaGrid *self);

void trove_media_grid_set_sender_filter (TroveMediaGrid *self, TroveSenderFilter filter);
void trove_media_grid_set_cell_size (TroveMediaGrid *self, int size);
int trove_media_grid_get_cell_size (TroveMediaGrid *self);

/* The items as shown (filtered), and which are selected. */
GtkSelectionModel *trove_media_grid_get_selection (TroveMediaGrid *self);
GtkGridView *trove_media_grid_get_view (TroveMediaGrid *self);
void trove_media_grid_set_selection_mode (TroveMediaGrid *self, gboolean selection_mode);

/* What dragged items offer (see TroveMediaContentProvider). */
void
trove_media_grid_set_drag_func (TroveMediaGrid *self, TroveMediaDragFunc func, gpointer user_data);

/* The items on screen now (in @on_screen, when not NULL, their ids) and how many of them
 * show their thumbnail already. */
guint trove_media_grid_count_on_screen (TroveMediaGrid *self,
                                        guint *with_thumbnail,
                                        GHashTable *on_screen);

/* Whether an item is in the download archive (its cell shows a badge). */
typedef gboolean (*TroveMediaDownloadedFunc) (TroveMedia *media, gpointer user_data);
void trove_media_grid_set_downloaded_func (TroveMediaGrid *self,
                                           TroveMediaDownloadedFunc func,
                                           gpointer user_data);
/* Asks again for the cells on hand, after downloads finished. */
void trove_media_grid_refresh_downloaded (TroveMediaGrid *self);

/* "grid", "loading", "empty" or "error": what the grid shows. */
const char *trove_media_grid_get_visible_page (TroveMediaGrid *self);

/* Brings the item at @position (in the shown items) into view and focuses it. */
void trove_media_grid_scroll_to (TroveMediaGrid *self, guint position);

G_END_DECLS
