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

/* Properties: item-type (construct-only: TROVE_TYPE_USER lists an agency's creators,
 * TROVE_TYPE_CHAT chats, TROVE_TYPE_MEDIA a chat's media), provider, chat-id (media), search
 * (chats), kind (media; TROVE_MEDIA_KIND_UNKNOWN lists every kind). Changing provider, chat-id,
 * search or kind drops the items and any page in flight; the next load_more() lists anew.
 * Without a provider (or, for media, a chat) the list is empty and has no more. The
 * constructors below are shorthands for g_object_new(). */
TrovePagedList *trove_paged_list_new_for_creators (TroveProvider *provider);
TrovePagedList *trove_paged_list_new_for_chats (TroveProvider *provider, const char *search);
/* @kind TROVE_MEDIA_KIND_UNKNOWN lists every kind. */
TrovePagedList *
trove_paged_list_new_for_media (TroveProvider *provider, const char *chat_id, TroveMediaKind kind);

TroveProvider *trove_paged_list_get_provider (TrovePagedList *self);
const char *trove_paged_list_get_chat_id (TrovePagedList *self);
const char *trove_paged_list_get_search (TrovePagedList *self);
TroveMediaKind trove_paged_list_get_kind (TrovePagedList *self);
gboolean trove_paged_list_get_loading (TrovePagedList *self);
gboolean trove_paged_list_get_has_more (TrovePagedList *self);
const GError *trove_paged_list_get_error (TrovePagedList *self);

/* Fetches the next page; does nothing while a page loads or after the last one. */
void trove_paged_list_load_more (TrovePagedList *self);
/* Drops every item and any page still in flight, and loads the first page again. */
void trove_paged_list_reload (TrovePagedList *self);
/* Stops the page in flight; load_more continues from where the list stands. */
void trove_paged_list_cancel (TrovePagedList *self);

/* Loads pages until the list has no more, or, for a media listing (newest first), until its last
 * item is older than @stop_before (may be NULL). A page already loading is waited for. A
 * listing the service cut short (TROVE_ERROR_INCOMPLETE) still succeeds, with its items kept:
 * finish() then sets @incomplete to say why. A failed page fails the walk with its error;
 * cancelling @cancellable, or cancel(), reload() or reconfiguring the list meanwhile, fails it
 * with G_IO_ERROR_CANCELLED. */
void trove_paged_list_load_all_async (TrovePagedList *self,
                                      GDateTime *stop_before,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
/* Whether a walk stops after the page that added the items from @position on. */
typedef gboolean (*TrovePagedListStopFunc) (TrovePagedList *self,
                                            guint position,
                                            gpointer user_data);

/* Like load_all, but asks @stop after each page (even one that ends the listing, or that the
 * service cut short: a stop there is no shortfall) and ends the walk when it says so. A walk
 * that may stop at any page reads no page ahead while it runs. finish() is load_all's. */
void trove_paged_list_load_until_async (TrovePagedList *self,
                                        TrovePagedListStopFunc stop,
                                        gpointer stop_data,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gboolean trove_paged_list_load_all_finish (TrovePagedList *self,
                                           GAsyncResult *result,
                                           GError **incomplete,
                                           GError **error);

G_END_DECLS
