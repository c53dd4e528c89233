/* trove-paged-list.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-chat.h"
#include "trove-page-walk.h"
#include "trove-paged-list.h"

typedef enum
{
  LISTING_CREATORS,
  LISTING_CHATS,
  LISTING_MEDIA,
} Listing;

struct _TrovePagedList
{
  GObject parent_instance;

  TroveProvider *provider;
  Listing listing;
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
  GQueue requests;  /* PageRequest, in page order: the head is the next page to deliver */
  guint deliver_id;
  gulong next_page_known_id;
  GError *error;
};

/* A page asked of the provider: the one load_more() waits for, or the one after it, read ahead.
 * Never more than one page beyond what was asked for. */
typedef struct
{
  GCancellable *cancellable;
  char *token;
  char *next_hint; /* the next page's token, told before this page was parsed */
  gboolean done;
  TrovePage *page;
  GError *error;
} PageRequest;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TrovePagedList, trove_paged_list, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_PROVIDER,
  PROP_ITEM_TYPE,
  PROP_LOADING,
  PROP_HAS_MORE,
  PROP_ERROR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
trove_paged_list_get_item_type (GListModel *model)
{
  return TROVE_PAGED_LIST (model)->item_type;
}

static guint
trove_paged_list_get_n_items (GListModel *model)
{
  return TROVE_PAGED_LIST (model)->items->len;
}

static gpointer
trove_paged_list_get_item (GListModel *model,
                           guint position)
{
  TrovePagedList *self = TROVE_PAGED_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = trove_paged_list_get_item_type;
  iface->get_n_items = trove_paged_list_get_n_items;
  iface->get_item = trove_paged_list_get_item;
}

static const char *
item_id (gpointer item)
{
  if (TROVE_IS_MEDIA (item))
    return trove_media_get_id (item);
  if (TROVE_IS_CHAT (item))
    return trove_chat_get_id (item);
  if (TROVE_IS_USER (item))
    return trove_user_get_id (item);
  return NULL;
}

static void
set_error (TrovePagedList *self,
           GError *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_has_more (TrovePagedList *self,
              gboolean has_more)
{
  if (self->has_more == has_more)
    return;

  self->has_more = has_more;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
}

static void
page_request_free (PageRequest *request)
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
static gboolean
stop_loading (TrovePagedList *self)
{
  gboolean was_loading = self->loading;

  g_queue_clear_full (&self->requests, (GDestroyNotify) page_request_free);
  g_clear_handle_id (&self->deliver_id, g_source_remove);
  self->loading = FALSE;

  return was_loading;
}

/* Returns how many items the page added. */
static guint
append_page (TrovePagedList *self,
             TrovePage *page)
{
  GPtrArray *items = trove_page_get_items (page);
  guint old_n = self->items->len;

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);
      const char *id = item_id (item);

      /* The key must stay the kept item's own string: g_hash_table_add() would replace it. */
      if (!G_TYPE_CHECK_INSTANCE_TYPE (item, self->item_type) || id == NULL ||
          g_hash_table_contains (self->ids, id))
        continue;

      g_hash_table_add (self->ids, (gpointer) id);
      g_ptr_array_add (self->items, g_object_ref (item));
    }

  g_free (self->next_token);
  self->next_token = g_strdup (trove_page_get_next_token (page));

  if (self->items->len > old_n)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->items->len - old_n);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  return self->items->len - old_n;
}

static void page_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data);

/* The list is its owner's: a page in flight does not keep it alive, disposing it cancels them. */
static GWeakRef *
weak_ref_new (TrovePagedList *self)
{
  GWeakRef *weak = g_new (GWeakRef, 1);

  g_weak_ref_init (weak, self);
  return weak;
}

static void
weak_ref_free (GWeakRef *weak)
{
  g_weak_ref_clear (weak);
  g_free (weak);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GWeakRef, weak_ref_free)

static void
request_page (TrovePagedList *self,
              const char *token)
{
  PageRequest *request = g_new0 (PageRequest, 1);

  request->cancellable = g_cancellable_new ();
  request->token = g_strdup (token);
  g_queue_push_tail (&self->requests, request);

  switch (self->listing)
    {
    case LISTING_CREATORS:
      trove_provider_list_creators_async (self->provider, token, request->cancellable,
                                          page_loaded_cb, weak_ref_new (self));
      break;

    case LISTING_CHATS:
      trove_provider_list_chats_async (self->provider, self->search, token, request->cancellable,
                                       page_loaded_cb, weak_ref_new (self));
      break;

    case LISTING_MEDIA:
      trove_provider_list_media_async (self->provider, self->chat_id, self->kind, token,
                                       request->cancellable, page_loaded_cb, weak_ref_new (self));
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Reading ahead costs one request nobody may need: only where requests are free and the
 * account's rate budget is not running low. */
static void
read_ahead (TrovePagedList *self,
            const char *token)
{
  PageRequest *wanted = g_queue_peek_head (&self->requests);

  /* A page pointing at itself or back at one already taken is never fetched again. */
  if (trove_page_walk_seen (self->walk, token) || (wanted != NULL && g_strcmp0 (wanted->token, token) == 0))
    return;

  if (token != NULL && !trove_provider_bills_requests (self->provider) &&
      trove_rate_governor_get_delay_ms (trove_provider_get_rate_governor (self->provider)) == 0)
    request_page (self, token);
}

/* While the page asked for is still parsed, the one after it is already fetched. */
static void
read_ahead_from_hint (TrovePagedList *self)
{
  PageRequest *wanted = g_queue_peek_head (&self->requests);

  if (self->loading && g_queue_get_length (&self->requests) == 1 && !wanted->done)
    read_ahead (self, wanted->next_hint);
}

/* Hands the head request's page (or error) to the list, when load_more() asked for it. */
static void
deliver (TrovePagedList *self)
{
  PageRequest *request = g_queue_peek_head (&self->requests);
  PageRequest *next;

  if (!self->loading || request == NULL || !request->done)
    return;

  g_queue_pop_head (&self->requests);
  next = g_queue_peek_head (&self->requests);
  self->loading = FALSE;

  g_object_freeze_notify (G_OBJECT (self));

  if (request->page == NULL)
    {
      set_error (self, g_steal_pointer (&request->error));
      /* Read ahead on a hint from a page that failed. */
      g_queue_clear_full (&self->requests, (GDestroyNotify) page_request_free);
    }
  else
    {
      GError *error = NULL;
      guint n_new = append_page (self, request->page);

      /* Keep what was listed, stop, and say why. */
      if (!trove_page_walk_take (self->walk, request->token, n_new, self->items->len, self->next_token, &error))
        {
          g_clear_pointer (&self->next_token, g_free);
          set_error (self, error);
        }
      set_has_more (self, self->next_token != NULL);

      /* A page read ahead from an early hint that the page itself contradicts. */
      if (next != NULL && g_strcmp0 (next->token, self->next_token) != 0)
        g_queue_clear_full (&self->requests, (GDestroyNotify) page_request_free);

      if (g_queue_is_empty (&self->requests))
        read_ahead (self, self->next_token);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_object_thaw_notify (G_OBJECT (self));

  page_request_free (request);
}

static gboolean
deliver_cb (gpointer user_data)
{
  TrovePagedList *self = user_data;

  self->deliver_id = 0;
  deliver (self);

  return G_SOURCE_REMOVE;
}

static PageRequest *
find_request (TrovePagedList *self,
              GCancellable *cancellable)
{
  for (GList *l = self->requests.head; l != NULL; l = l->next)
    {
      PageRequest *request = l->data;

      if (request->cancellable == cancellable)
        return request;
    }

  return NULL;
}

static void
page_loaded_cb (GObject *object,
                GAsyncResult *result,
                gpointer user_data)
{
  g_autoptr (GWeakRef) weak = user_data;
  g_autoptr (TrovePagedList) self = g_weak_ref_get (weak);
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page = trove_provider_list_finish (TROVE_PROVIDER (object), result, &error);
  PageRequest *request = self ? find_request (self, g_task_get_cancellable (G_TASK (result))) : NULL;

  /* Cancelled by reload, cancel or dispose: whoever cancelled already dropped the request. */
  if (request == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  request->done = TRUE;
  request->page = g_steal_pointer (&page);
  request->error = g_steal_pointer (&error);

  deliver (self);
}

/* The provider read the next page's token before parsing this one: fetch that page meanwhile. */
static void
next_page_known_cb (TroveProvider *provider,
                    GCancellable *cancellable,
                    const char *next_token,
                    TrovePagedList *self)
{
  PageRequest *request = find_request (self, cancellable);

  if (request == NULL)
    return;

  g_free (request->next_hint);
  request->next_hint = g_strdup (next_token);
  read_ahead_from_hint (self);
}

void
trove_paged_list_load_more (TrovePagedList *self)
{
  PageRequest *request;

  g_return_if_fail (TROVE_IS_PAGED_LIST (self));

  if (self->loading || !self->has_more)
    return;

  self->loading = TRUE;

  g_object_freeze_notify (G_OBJECT (self));
  set_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_object_thaw_notify (G_OBJECT (self));

  /* A page read ahead that failed is asked again rather than reported. */
  request = g_queue_peek_head (&self->requests);
  if (request != NULL && request->done && request->page == NULL)
    {
      g_queue_clear_full (&self->requests, (GDestroyNotify) page_request_free);
      request = NULL;
    }

  if (request == NULL)
    request_page (self, self->next_token);
  else if (request->done)
    /* Read ahead and already here: delivered from the main loop, as a fetched page would be; at
     * default priority, as the view waits for it: an idle would starve behind slow frames. */
    self->deliver_id = g_idle_add_full (G_PRIORITY_DEFAULT, deliver_cb, self, NULL);
  else
    read_ahead_from_hint (self);
}

void
trove_paged_list_cancel (TrovePagedList *self)
{
  g_return_if_fail (TROVE_IS_PAGED_LIST (self));

  if (stop_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
trove_paged_list_reload (TrovePagedList *self)
{
  guint old_n;

  g_return_if_fail (TROVE_IS_PAGED_LIST (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (stop_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  old_n = self->items->len;
  g_hash_table_remove_all (self->ids);
  g_ptr_array_set_size (self->items, 0);
  g_clear_pointer (&self->next_token, g_free);
  trove_page_walk_reset (self->walk);
  set_error (self, NULL);
  set_has_more (self, TRUE);

  if (old_n > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  g_object_thaw_notify (G_OBJECT (self));

  trove_paged_list_load_more (self);
}

static void
trove_paged_list_dispose (GObject *object)
{
  TrovePagedList *self = TROVE_PAGED_LIST (object);

  stop_loading (self);
  g_clear_signal_handler (&self->next_page_known_id, self->provider);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (trove_paged_list_parent_class)->dispose (object);
}

static void
trove_paged_list_finalize (GObject *object)
{
  TrovePagedList *self = TROVE_PAGED_LIST (object);

  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->next_token, g_free);
  g_clear_pointer (&self->walk, trove_page_walk_free);
  g_clear_pointer (&self->chat_id, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (trove_paged_list_parent_class)->finalize (object);
}

static void
trove_paged_list_get_property (GObject *object,
                               guint prop_id,
                               GValue *value,
                               GParamSpec *pspec)
{
  TrovePagedList *self = TROVE_PAGED_LIST (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->item_type);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->has_more);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_paged_list_class_init (TrovePagedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = trove_paged_list_dispose;
  object_class->finalize = trove_paged_list_finalize;
  object_class->get_property = trove_paged_list_get_property;

  properties[PROP_PROVIDER] =
      g_param_spec_object ("provider", NULL, NULL, TROVE_TYPE_PROVIDER,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] =
      g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
      g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_MORE] =
      g_param_spec_boolean ("has-more", NULL, NULL, TRUE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
      g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
      g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_paged_list_init (TrovePagedList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->walk = trove_page_walk_new ();
  self->has_more = TRUE;
}

static TrovePagedList *
paged_list_new (TroveProvider *provider,
                Listing listing,
                GType item_type)
{
  TrovePagedList *self = g_object_new (TROVE_TYPE_PAGED_LIST, NULL);

  self->provider = g_object_ref (provider);
  self->listing = listing;
  self->item_type = item_type;
  self->next_page_known_id = g_signal_connect (provider, "next-page-known", G_CALLBACK (next_page_known_cb), self);

  return self;
}

TrovePagedList *
trove_paged_list_new_for_creators (TroveProvider *provider)
{
  g_return_val_if_fail (TROVE_IS_PROVIDER (provider), NULL);

  return paged_list_new (provider, LISTING_CREATORS, TROVE_TYPE_USER);
}

TrovePagedList *
trove_paged_list_new_for_chats (TroveProvider *provider,
                                const char *search)
{
  TrovePagedList *self;

  g_return_val_if_fail (TROVE_IS_PROVIDER (provider), NULL);

  self = paged_list_new (provider, LISTING_CHATS, TROVE_TYPE_CHAT);
  self->search = g_strdup (search);

  return self;
}

TrovePagedList *
trove_paged_list_new_for_media (TroveProvider *provider,
                                const char *chat_id,
                                TroveMediaKind kind)
{
  TrovePagedList *self;

  g_return_val_if_fail (TROVE_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (chat_id != NULL, NULL);

  self = paged_list_new (provider, LISTING_MEDIA, TROVE_TYPE_MEDIA);
  self->chat_id = g_strdup (chat_id);
  self->kind = kind;

  return self;
}

TroveProvider *
trove_paged_list_get_provider (TrovePagedList *self)
{
  g_return_val_if_fail (TROVE_IS_PAGED_LIST (self), NULL);

  return self->provider;
}

gboolean
trove_paged_list_get_loading (TrovePagedList *self)
{
  g_return_val_if_fail (TROVE_IS_PAGED_LIST (self), FALSE);

  return self->loading;
}

gboolean
trove_paged_list_get_has_more (TrovePagedList *self)
{
  g_return_val_if_fail (TROVE_IS_PAGED_LIST (self), FALSE);

  return self->has_more;
}

const GError *
trove_paged_list_get_error (TrovePagedList *self)
{
  g_return_val_if_fail (TROVE_IS_PAGED_LIST (self), NULL);

  return self->error;
}
