/* trove-cache-row.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TROVE_TYPE_CACHE_ROW (trove_cache_row_get_type ())

/* The thumbnail cache: how much it holds, and its Clear button (the "prefs.clear-cache" action).
 * Measuring and clearing run in a worker thread; "busy" is TRUE meanwhile. */
G_DECLARE_FINAL_TYPE (TroveCacheRow, trove_cache_row, TROVE, CACHE_ROW, AdwActionRow)

/* The folder shown (by default the thumbnail cache); measures it again. */
void trove_cache_row_set_directory (TroveCacheRow *self, GFile *directory);
gboolean trove_cache_row_get_busy (TroveCacheRow *self);

G_END_DECLS
