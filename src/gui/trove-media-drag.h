/* trove-media-drag.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-media-cell.h"

G_BEGIN_DECLS

/* What dragged items offer (see TroveMediaContentProvider); @items holds TroveMedia. */
typedef GdkContentProvider *(*TroveMediaDragFunc) (GPtrArray *items, gpointer user_data);

/* Lets @cell be dragged out of its grid: a selected cell (in @selection, which outlives the
 * cell) drags the whole selection, any other cell its own item, under an icon that looks like
 * the cell and counts the items; @content says what they offer. Locked items, which have no
 * file, stay behind. */
void trove_media_drag_attach (TroveMediaCell *cell,
                              GtkSelectionModel *selection,
                              TroveMediaDragFunc content,
                              gpointer user_data);

G_END_DECLS
