/* trove-account-budget.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-rate-governor.h"

G_BEGIN_DECLS

/* The last budget figures a service reported for an account (-1 where unknown), kept in
 * $XDG_STATE_HOME/trove/budget/<account id>.json: they are observations, not settings, change
 * with every call, and must outlive the process so that `trove-cli accounts list` can tell them. */
typedef struct
{
  gint64 limit;
  gint64 remaining;
  gint64 reset_at; /* unix seconds */
  gint64 credits;
  gint64 updated_at; /* unix seconds */
} TroveAccountBudget;

/* FALSE (and @budget all -1) when nothing was recorded for @account_id. */
gboolean trove_account_budget_load (const char *account_id, TroveAccountBudget *budget);
/* Records @governor's figures for @account_id now and whenever they change, for as long as
 * @governor lives. */
void trove_account_budget_watch (TroveRateGovernor *governor, const char *account_id);

G_END_DECLS
