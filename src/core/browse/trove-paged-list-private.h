/* trove-paged-list-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-page-walk.h"
#include "trove-paged-list.h"

G_BEGIN_DECLS

/* What the paged list's files share: the model and its state (trove-paged-list.c), the pages in
 * flight (trove-paged-list-pages.c) and load_all (trove-paged-list-load-all.c). */

typedef enum
{
  TROVE_PAGED_LIST_CREATORS,
  TROVE_PAGED_LIST_CHATS,
  TROVE_PAGED_LIST_MEDIA,
} TrovePagedListListing;

struct _TrovePagedList
{
  GObject parent_instance;

  TroveProvider *provider;
  TrovePagedListListing listing;
  GType item_type;
  char *chat_id; /* media */
  char *search;  /* chats */
  TroveMediaKind kind;

  GPtrArray *items;
  GHashTable *ids; /* borrowed from the items */
  char *next_token;
  TrovePageWalk *walk; /* stops a service that pages in circles */
  gboolean has_more;
  gboolean loading; /* load_more() was called and its page is not delivered yet */
  GQueue requests;  /* TrovePageRequest, in page order: the head is the next page to deliver */
  guint deliver_id;
  gulong next_page_known_id;
  guint stops; /* how many times a page in flight was dropped: load_all tells a cancel apart */
  guint no_read_ahead; /* walks running that may stop at any page: no page is read ahead */
  GError *error;
};

/* A page asked of the provider: the one load_more() waits for, or the one after it, read ahead.
 * Never more than one page beyond what was asked for. Its cancellable is the list's own: it
 * names the request, and dropping the request (reload, cancel, reconfiguring, dispose) cancels
 * it. */
typedef struct
{
  GCancellable *cancellable;
  char *token;
  char *next_hint; /* the next page's token, told before this page was parsed */
  gboolean done;
  TrovePage *page;
  GError *error;
} TrovePageRequest;

/* trove-paged-list-pages.c */
void trove_page_request_free (TrovePageRequest *request);
void trove_paged_list_request_page (TrovePagedList *self, const char *token);
void trove_paged_list_read_ahead (TrovePagedList *self, const char *token);
void trove_paged_list_read_ahead_from_hint (TrovePagedList *self);
void trove_paged_list_drop_requests (TrovePagedList *self);
gboolean trove_paged_list_stop_loading (TrovePagedList *self);
void trove_paged_list_next_page_known_cb (TroveProvider *provider,
                                          GCancellable *cancellable,
                                          const char *next_token,
                                          TrovePagedList *self);

/* trove-paged-list.c: hands the head request's page (or error) to the list, when load_more()
 * asked for it. */
void trove_paged_list_deliver (TrovePagedList *self);

G_END_DECLS
