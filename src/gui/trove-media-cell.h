/* trove-media-cell.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-media.h"
#include "trove-media-view-item.h"

G_BEGIN_DECLS

#define TROVE_TYPE_MEDIA_CELL (trove_media_cell_get_type ())

/* One square of the media grid: the thumbnail, the kind, the duration, and locked /
 * downloaded badges of the TroveMediaViewItem it follows. */
G_DECLARE_FINAL_TYPE (TroveMediaCell, trove_media_cell, TROVE, MEDIA_CELL, GtkWidget)

GtkWidget *trove_media_cell_new (void);

/* The cell shows its item and follows it as it changes. */
TroveMediaViewItem *trove_media_cell_get_item (TroveMediaCell *self);
void trove_media_cell_set_item (TroveMediaCell *self, TroveMediaViewItem *item);
TroveMedia *trove_media_cell_get_media (TroveMediaCell *self);

int trove_media_cell_get_size (TroveMediaCell *self);
void trove_media_cell_set_size (TroveMediaCell *self, int size);

/* Whether the thumbnail is on screen (not only on its way). */
gboolean trove_media_cell_shows_thumbnail (TroveMediaCell *self);

/* "Video, 0:45, from fan, 15 January 2024" */
char *trove_media_describe (TroveMedia *media);
/* "0:45", "1:02:03" */
char *trove_format_duration (gint64 duration_ms);

G_END_DECLS
