/* trove-paged-list.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-provider.h"

G_BEGIN_DECLS

#define TROVE_TYPE_PAGED_LIST (trove_paged_list_get_type ())

/* A GListModel filled page by page from a provider listing, after GtkDirectoryList: it adds a
 * page only when asked (load_more), emits one items-changed per page and de-duplicates by id.
 * Where the provider's requests are free, it fetches the one page after the last one asked for
 * ahead of time, started before the page asked for is even parsed.
 *
 * A service that pages in circles (a next-page token already followed, or more than
 * TROVE_PAGE_WALK_MAX_EMPTY_PAGES pages in a row with nothing new) ends the listing: the items
 * stay, has-more turns FALSE and error holds TROVE_ERROR_INCOMPLETE saying where it stopped. */
G_DECLARE_FINAL_TYPE (TrovePagedList, trove_paged_list, TROVE, PAGED_LIST, GObject)

TrovePagedList *trove_paged_list_new_for_creators (TroveProvider *provider);
TrovePagedList *trove_paged_list_new_for_chats (TroveProvider *provider,
                                                const char *search);
/* @kind TROVE_MEDIA_KIND_UNKNOWN lists every kind. */
TrovePagedList *trove_paged_list_new_for_media (TroveProvider *provider,
                                                const char *chat_id,
                                                TroveMediaKind kind);

TroveProvider *trove_paged_list_get_provider (TrovePagedList *self);
gboolean trove_paged_list_get_loading (TrovePagedList *self);
gboolean trove_paged_list_get_has_more (TrovePagedList *self);
const GError *trove_paged_list_get_error (TrovePagedList *self);

/* Fetches the next page; does nothing while a page loads or after the last one. */
void trove_paged_list_load_more (TrovePagedList *self);
/* Drops every item and any page still in flight, and loads the first page again. */
void trove_paged_list_reload (TrovePagedList *self);
/* Stops the page in flight; load_more continues from where the list stands. */
void trove_paged_list_cancel (TrovePagedList *self);

G_END_DECLS
