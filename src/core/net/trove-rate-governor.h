/* trove-rate-governor.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define TROVE_TYPE_RATE_GOVERNOR (trove_rate_governor_get_type ())

/* One account's request budget, learned from rate-limit headers and bodies: spaces requests
 * out before the limit is hit instead of running into 429s, and says so while it makes a
 * request wait. It also holds the credit balance of services that bill each call. */
G_DECLARE_FINAL_TYPE (TroveRateGovernor, trove_rate_governor, TROVE, RATE_GOVERNOR, GObject)

TroveRateGovernor *trove_rate_governor_new (void);

/* Properties limit, remaining (-1 while unknown) and reset-at (unix seconds). */
gint64 trove_rate_governor_get_limit (TroveRateGovernor *self);
gint64 trove_rate_governor_get_remaining (TroveRateGovernor *self);
gint64 trove_rate_governor_get_reset_at (TroveRateGovernor *self);
/* Property credits: the balance the service last reported (-1 while unknown). */
gint64 trove_rate_governor_get_credits (TroveRateGovernor *self);
void trove_rate_governor_set_credits (TroveRateGovernor *self, gint64 credits);
/* Property credits-used: the credits the calls of this process cost, summed. Answers that
 * overlap may arrive in any order, so the difference of two balances can be off; this is not. */
gint64 trove_rate_governor_get_credits_used (TroveRateGovernor *self);
void trove_rate_governor_add_credits_used (TroveRateGovernor *self, gint64 used);
/* Property waiting-until: while a request waits for the budget (pacing or a 429's back-off),
 * when the longest such wait ends, in g_get_real_time () microseconds; 0 while none waits. */
gint64 trove_rate_governor_get_waiting_until (TroveRateGovernor *self);
/* A request starts waiting @ms for the budget; each begin is paired with one end. */
void trove_rate_governor_begin_wait (TroveRateGovernor *self, guint ms);
void trove_rate_governor_end_wait (TroveRateGovernor *self);

/* Milliseconds to wait before the next request may go out (0 = now). */
guint trove_rate_governor_get_delay_ms (TroveRateGovernor *self);
void trove_rate_governor_note_request (TroveRateGovernor *self);
void trove_rate_governor_update_from_headers (TroveRateGovernor *self, SoupMessageHeaders *headers);
void trove_rate_governor_update (TroveRateGovernor *self,
                                 gint64 limit,
                                 gint64 remaining,
                                 gint64 reset_at);
/* A 429 asked for @seconds of silence. */
void trove_rate_governor_back_off (TroveRateGovernor *self, guint seconds);

G_END_DECLS
