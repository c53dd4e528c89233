/* trove-media-view-item.h
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

typedef enum
{
  TROVE_THUMBNAIL_STATE_NONE,        /* not asked for yet */
  TROVE_THUMBNAIL_STATE_LOADING,     /* on its way */
  TROVE_THUMBNAIL_STATE_SHOWN,       /* in "thumbnail" */
  TROVE_THUMBNAIL_STATE_UNAVAILABLE, /* asked for, and there is none */
} TroveThumbnailState;

#define TROVE_TYPE_THUMBNAIL_STATE (trove_thumbnail_state_get_type ())
GType trove_thumbnail_state_get_type (void);

#define TROVE_TYPE_MEDIA_VIEW_ITEM (trove_media_view_item_get_type ())

/* What one grid cell shows of an item: the TroveMedia, its position in the shown items,
 * whether it is downloaded and its thumbnail. The cell follows it; the grid fills it. */
G_DECLARE_FINAL_TYPE (TroveMediaViewItem, trove_media_view_item, TROVE, MEDIA_VIEW_ITEM, GObject)

TroveMediaViewItem *trove_media_view_item_new (void);

TroveMedia *trove_media_view_item_get_media (TroveMediaViewItem *self);
/* A new item drops the thumbnail of the old one. */
void trove_media_view_item_set_media (TroveMediaViewItem *self, TroveMedia *media);

guint trove_media_view_item_get_position (TroveMediaViewItem *self);
void trove_media_view_item_set_position (TroveMediaViewItem *self, guint position);

gboolean trove_media_view_item_get_downloaded (TroveMediaViewItem *self);
void trove_media_view_item_set_downloaded (TroveMediaViewItem *self, gboolean downloaded);

TroveThumbnailState trove_media_view_item_get_thumbnail_state (TroveMediaViewItem *self);
GdkTexture *trove_media_view_item_get_thumbnail (TroveMediaViewItem *self);
/* Fetches the thumbnail and decodes it at @pixel_size, unless it was asked for already. */
void trove_media_view_item_load_thumbnail (TroveMediaViewItem *self,
                                           TroveThumbnailLoader *loader,
                                           TroveProvider *provider,
                                           int priority,
                                           int pixel_size);
/* Stops a thumbnail on its way: it is asked for again when the cell comes near once more. */
void trove_media_view_item_cancel_thumbnail (TroveMediaViewItem *self);
/* Lets the thumbnail go too (a cell of another size wants another one). */
void trove_media_view_item_drop_thumbnail (TroveMediaViewItem *self);

/* The thumbnail a cell shows (or showed a moment ago) for @media, or NULL: what a viewer can
 * show at once. */
GdkTexture *trove_media_view_item_lookup_thumbnail (TroveMedia *media);

G_END_DECLS
