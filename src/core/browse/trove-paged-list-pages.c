/* trove-paged-list-pages.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The paged list's pages in flight: asking the provider for them, reading one ahead, and
 * matching each answer to the request it answers. */

#include "config.h"

#include "trove-paged-list-private.h"

void
trove_page_request_free (TrovePageRequest *request)
{
  g_cancellable_cancel (request->cancellable);
  g_object_unref (request->cancellable);
  g_free (request->token);
  g_free (request->next_hint);
  g_clear_pointer (&request->page, trove_page_unref);
  g_clear_error (&request->error);
  g_free (request);
}

/* Forgets every page in flight or read ahead: their callbacks see G_IO_ERROR_CANCELLED and drop
 * them. Returns whether the list was loading. */
gboolean
trove_paged_list_stop_loading (TrovePagedList *self)
{
  gboolean was_loading = self->loading;

  trove_paged_list_drop_requests (self);
  g_clear_handle_id (&self->deliver_id, g_source_remove);
  self->loading = FALSE;
  if (was_loading)
    self->stops++;

  return was_loading;
}

static void page_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data);

/* What a page in flight carries back: the list, weakly (it is its owner's: a page in flight
 * does not keep it alive), and the cancellable that names the request. */
typedef struct
{
  GWeakRef list;
  GCancellable *cancellable;
} PageCall;

static PageCall *
page_call_new (TrovePagedList *self, TrovePageRequest *request)
{
  PageCall *call = g_new0 (PageCall, 1);

  g_weak_ref_init (&call->list, self);
  call->cancellable = g_object_ref (request->cancellable);
  return call;
}

static void
page_call_free (PageCall *call)
{
  g_weak_ref_clear (&call->list);
  g_object_unref (call->cancellable);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageCall, page_call_free)

void
trove_paged_list_request_page (TrovePagedList *self, const char *token)
{
  TrovePageRequest *request = g_new0 (TrovePageRequest, 1);

  request->cancellable = g_cancellable_new ();
  request->token = g_strdup (token);
  g_queue_push_tail (&self->requests, request);

  switch (self->listing)
    {
    case TROVE_PAGED_LIST_CREATORS:
      trove_provider_list_creators_async (self->provider, token, request->cancellable,
                                          page_loaded_cb, page_call_new (self, request));
      break;

    case TROVE_PAGED_LIST_CHATS:
      trove_provider_list_chats_async (self->provider, self->search, token, request->cancellable,
                                       page_loaded_cb, page_call_new (self, request));
      break;

    case TROVE_PAGED_LIST_MEDIA:
      trove_provider_list_media_async (self->provider, self->chat_id, self->kind, token,
                                       request->cancellable, page_loaded_cb,
                                       page_call_new (self, request));
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Reading ahead costs one request nobody may need: only where requests are free and the
 * account's rate budget is not running low. */
void
trove_paged_list_read_ahead (TrovePagedList *self, const char *token)
{
  TrovePageRequest *wanted = g_queue_peek_head (&self->requests);

  /* A page pointing at itself or back at one already taken is never fetched again. */
  if (self->no_read_ahead > 0 || trove_page_walk_seen (self->walk, token) ||
      (wanted != NULL && g_strcmp0 (wanted->token, token) == 0))
    return;

  if (token != NULL && !trove_provider_bills_requests (self->provider) &&
      trove_rate_governor_get_delay_ms (trove_provider_get_rate_governor (self->provider)) == 0)
    trove_paged_list_request_page (self, token);
}

/* While the page asked for is still parsed, the one after it is already fetched. */
void
trove_paged_list_read_ahead_from_hint (TrovePagedList *self)
{
  TrovePageRequest *wanted = g_queue_peek_head (&self->requests);

  if (self->loading && g_queue_get_length (&self->requests) == 1 && !wanted->done)
    trove_paged_list_read_ahead (self, wanted->next_hint);
}

static TrovePageRequest *
find_request (TrovePagedList *self, GCancellable *cancellable)
{
  for (GList *l = self->requests.head; l != NULL; l = l->next)
    {
      TrovePageRequest *request = l->data;

      if (request->cancellable == cancellable)
        return request;
    }

  return NULL;
}

static void
page_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (PageCall) call = user_data;
  g_autoptr (TrovePagedList) self = g_weak_ref_get (&call->list);
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page = trove_provider_list_finish (TROVE_PROVIDER (object), result, &error);
  TrovePageRequest *request = self ? find_request (self, call->cancellable) : NULL;

  /* Cancelled by reload, cancel or dispose: whoever cancelled already dropped the request. */
  if (request == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  request->done = TRUE;
  request->page = g_steal_pointer (&page);
  request->error = g_steal_pointer (&error);

  trove_paged_list_deliver (self);
}

/* The provider read the next page's token before parsing this one: fetch that page meanwhile. */
void
trove_paged_list_next_page_known_cb (TroveProvider *provider,
                                     GCancellable *cancellable,
                                     const char *next_token,
                                     TrovePagedList *self)
{
  TrovePageRequest *request = find_request (self, cancellable);

  if (request == NULL)
    return;

  g_free (request->next_hint);
  request->next_hint = g_strdup (next_token);
  trove_paged_list_read_ahead_from_hint (self);
}

void
trove_paged_list_drop_requests (TrovePagedList *self)
{
  g_queue_clear_full (&self->requests, (GDestroyNotify) trove_page_request_free);
}
