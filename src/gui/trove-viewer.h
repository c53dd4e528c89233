/* trove-viewer.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-paged-list.h"
#include "trove-thumbnail-loader.h"

G_BEGIN_DECLS

#define TROVE_TYPE_VIEWER (trove_viewer_get_type ())

/* One item at a time over the window: images scaled to fit or at 100% (the grid's thumbnail
 * first), video and audio played with their controls (one stream at a time, released when
 * the item is left), previous/next across page boundaries, an info panel. Emits `closed`. */
G_DECLARE_FINAL_TYPE (TroveViewer, trove_viewer, TROVE, VIEWER, GtkWidget)

/* Shows item @position of @items (the grid's shown items), paging @source when stepping past
 * the end. */
void trove_viewer_show (TroveViewer *self,
                        GListModel *items,
                        TrovePagedList *source,
                        guint position,
                        TroveThumbnailLoader *loader);

guint trove_viewer_get_position (TroveViewer *self);
TroveMedia *trove_viewer_get_item (TroveViewer *self);

/* "image" (the full image, or its thumbnail until it comes), "video", "audio", "message"
 * (locked, no preview, cannot be shown or played) or "loading" (nothing to show yet) */
const char *trove_viewer_get_visible_page (TroveViewer *self);

void trove_viewer_next (TroveViewer *self);
void trove_viewer_previous (TroveViewer *self);
/* Stops playback and drops the item. */
void trove_viewer_close (TroveViewer *self);

G_END_DECLS
