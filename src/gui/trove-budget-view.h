/* trove-budget-view.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-rate-governor.h"

G_BEGIN_DECLS

#define TROVE_TYPE_BUDGET_VIEW (trove_budget_view_get_type ())

/* What the current account may still spend, as its service last said: the Fanvue rate limit,
 * the OnlyFansAPI credit balance, and a countdown while requests wait for the rate limit. It
 * sits in the account menu; the lines it has nothing to say for are hidden. */
G_DECLARE_FINAL_TYPE (TroveBudgetView, trove_budget_view, TROVE, BUDGET_VIEW, GtkBox)

GtkWidget *trove_budget_view_new (void);
/* Property governor: the account's; NULL shows nothing. Construct property pacing-only: only
 * the countdown, for a bar over the grid. */
void trove_budget_view_set_governor (TroveBudgetView *self, TroveRateGovernor *governor);

/* "Waiting 12 s for the rate limit" for a wait until @until_us (g_get_real_time ()); NULL
 * when it is over. */
char *trove_budget_view_describe_wait (gint64 until_us);

G_END_DECLS
