/* trove-media-cell.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-media.h"
#include "trove-thumbnail-loader.h"

G_BEGIN_DECLS

#define TROVE_TYPE_MEDIA_CELL (trove_media_cell_get_type ())

/* One square of the media grid: the thumbnail (fetched only when asked), the kind, the
 * duration, and locked / downloaded badges. */
G_DECLARE_FINAL_TYPE (TroveMediaCell, trove_media_cell, TROVE, MEDIA_CELL, GtkWidget)

GtkWidget *trove_media_cell_new (void);

TroveMedia *trove_media_cell_get_item (TroveMediaCell *self);
void trove_media_cell_set_item (TroveMediaCell *self, TroveMedia *item);

int trove_media_cell_get_size (TroveMediaCell *self);
void trove_media_cell_set_size (TroveMediaCell *self, int size);

gboolean trove_media_cell_get_downloaded (TroveMediaCell *self);
void trove_media_cell_set_downloaded (TroveMediaCell *self, gboolean downloaded);

/* Whether the thumbnail is shown or on its way. */
gboolean trove_media_cell_has_thumbnail (TroveMediaCell *self);
void trove_media_cell_load_thumbnail (TroveMediaCell *self,
                                      TroveThumbnailLoader *loader,
                                      TroveProvider *provider,
                                      int priority);
void trove_media_cell_cancel_thumbnail (TroveMediaCell *self);
/* Whether the thumbnail is on screen (not only on its way). */
gboolean trove_media_cell_shows_thumbnail (TroveMediaCell *self);

/* The thumbnail a cell shows for @media now, or NULL: what a viewer can show at once. */
GdkTexture *trove_media_cell_lookup_thumbnail (TroveMedia *media);

/* "Video, 0:45, from fan, 15 January 2024" */
char *trove_media_describe (TroveMedia *media);
/* "0:45", "1:02:03" */
char *trove_format_duration (gint64 duration_ms);

G_END_DECLS
