/* trove-page-walk.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Pages in a row that may bring nothing new before a walk stops (filtered listings can have a
 * few); the next such page ends the walk. */
#define TROVE_PAGE_WALK_MAX_EMPTY_PAGES 2

/* Guards one walk through a paged listing against a service that breaks its own paging: a
 * next-page token that was already followed, or pages that say "more" and add nothing new. */
typedef struct _TrovePageWalk TrovePageWalk;

TrovePageWalk *trove_page_walk_new (void);
void trove_page_walk_free (TrovePageWalk *self);
/* Forgets the walk: the next page is a first page again. */
void trove_page_walk_reset (TrovePageWalk *self);
/* Whether the page of @token was already taken in this walk (NULL, the first page, never is). */
gboolean trove_page_walk_seen (TrovePageWalk *self, const char *token);
/* Takes the page asked for with @token (NULL: the first), which added @n_new items to the
 * @n_total listed so far and names @next_token as the next (NULL: the end). Returns FALSE with
 * TROVE_ERROR_INCOMPLETE when the walk must stop here although the service says there is more. */
gboolean trove_page_walk_take (TrovePageWalk *self,
                               const char *token,
                               guint n_new,
                               guint n_total,
                               const char *next_token,
                               GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrovePageWalk, trove_page_walk_free)

G_END_DECLS
