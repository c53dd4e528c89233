/* trove-tally-bar.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-download-queue.h"
#include "trove-paged-list.h"

G_BEGIN_DECLS

#define TROVE_TYPE_TALLY_BAR (trove_tally_bar_get_type ())

/* The bar under the grid: the shown chat against the disk ("120 on server · 30 downloaded · …")
 * and a Download Missing button. Hidden while the chat lists nothing. */
G_DECLARE_FINAL_TYPE (TroveTallyBar, trove_tally_bar, TROVE, TALLY_BAR, GtkWidget)

/* Counts @list (NULL: hides) from now on, as it pages in. */
void trove_tally_bar_follow (TroveTallyBar *self, TrovePagedList *list);
/* Whose downloads count, and where they are recorded. */
void trove_tally_bar_set_account_id (TroveTallyBar *self, const char *account_id);
void trove_tally_bar_set_downloads (TroveTallyBar *self, TroveDownloadQueue *downloads);
/* Counts again soon: downloads have changed. */
void trove_tally_bar_schedule (TroveTallyBar *self);
/* The tally as the bar states it; NULL while it is hidden. */
const char *trove_tally_bar_get_text (TroveTallyBar *self);

G_END_DECLS
