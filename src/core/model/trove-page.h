/* trove-page.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TROVE_TYPE_PAGE (trove_page_get_type ())

/* One page of a listing: its items and the opaque token of the next page. */
typedef struct _TrovePage TrovePage;

GType trove_page_get_type (void);

TrovePage *trove_page_new (GPtrArray *items, const char *next_token);
TrovePage *trove_page_ref (TrovePage *self);
void trove_page_unref (TrovePage *self);

GPtrArray *trove_page_get_items (TrovePage *self);
const char *trove_page_get_next_token (TrovePage *self);

/* The rate-limit budget a response body reported (OnlyFansAPI `_meta._rate_limits`). */
void trove_page_set_rate_limit (TrovePage *self, gint64 limit, gint64 remaining);
gboolean trove_page_get_rate_limit (TrovePage *self, gint64 *limit, gint64 *remaining);
/* The credit balance a response body reported (OnlyFansAPI `_meta._credits.balance`); -1 when
 * it said none. */
void trove_page_set_credits (TrovePage *self, gint64 balance);
gint64 trove_page_get_credits (TrovePage *self);
/* The credits this call cost (`_meta._credits.used`); 0 when it said none. */
void trove_page_set_credits_used (TrovePage *self, gint64 used);
gint64 trove_page_get_credits_used (TrovePage *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrovePage, trove_page_unref)

G_END_DECLS
