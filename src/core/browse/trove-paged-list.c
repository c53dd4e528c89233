/* trove-paged-list.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-chat.h"
#include "trove-paged-list-private.h"

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TrovePagedList,
                               trove_paged_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_PROVIDER,
  PROP_ITEM_TYPE,
  PROP_CHAT_ID,
  PROP_SEARCH,
  PROP_KIND,
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
trove_paged_list_get_item (GListModel *model, guint position)
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
set_error (TrovePagedList *self, GError *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_has_more (TrovePagedList *self, gboolean has_more)
{
  if (self->has_more == has_more)
    return;

  self->has_more = has_more;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
}

/* Returns how many items the page added. */
static guint
append_page (TrovePagedList *self, TrovePage *page)
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

void
trove_paged_list_deliver (TrovePagedList *self)
{
  TrovePageRequest *request = g_queue_peek_head (&self->requests);
  TrovePageRequest *next;

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
      trove_paged_list_drop_requests (self);
    }
  else
    {
      GError *error = NULL;
      guint n_new = append_page (self, request->page);

      /* Keep what was listed, stop, and say why. */
      if (!trove_page_walk_take (self->walk, request->token, n_new, self->items->len,
                                 self->next_token, &error))
        {
          g_clear_pointer (&self->next_token, g_free);
          set_error (self, error);
        }
      set_has_more (self, self->next_token != NULL);

      /* A page read ahead from an early hint that the page itself contradicts. */
      if (next != NULL && g_strcmp0 (next->token, self->next_token) != 0)
        trove_paged_list_drop_requests (self);

      if (g_queue_is_empty (&self->requests))
        trove_paged_list_read_ahead (self, self->next_token);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_object_thaw_notify (G_OBJECT (self));

  trove_page_request_free (request);
}

static gboolean
deliver_cb (gpointer user_data)
{
  TrovePagedList *self = user_data;

  self->deliver_id = 0;
  trove_paged_list_deliver (self);

  return G_SOURCE_REMOVE;
}

/* Whether the list knows what to list: a provider and, for media, a chat. */
static gboolean
is_configured (TrovePagedList *self)
{
  return self->provider != NULL &&
         (self->listing != TROVE_PAGED_LIST_MEDIA || self->chat_id != NULL);
}

void
trove_paged_list_load_more (TrovePagedList *self)
{
  TrovePageRequest *request;

  g_return_if_fail (TROVE_IS_PAGED_LIST (self));

  if (self->loading || !self->has_more || !is_configured (self))
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
      trove_paged_list_drop_requests (self);
      request = NULL;
    }

  if (request == NULL)
    trove_paged_list_request_page (self, self->next_token);
  else if (request->done)
    /* Read ahead and already here: delivered from the main loop, as a fetched page would be; at
     * default priority, as the view waits for it: an idle would starve behind slow frames. */
    self->deliver_id = g_idle_add_full (G_PRIORITY_DEFAULT, deliver_cb, self, NULL);
  else
    trove_paged_list_read_ahead_from_hint (self);
}

void
trove_paged_list_cancel (TrovePagedList *self)
{
  g_return_if_fail (TROVE_IS_PAGED_LIST (self));

  if (trove_paged_list_stop_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Drops every item and any page still in flight; has-more says whether there is anything to
 * list. Nothing is fetched until load_more(). */
static void
clear (TrovePagedList *self)
{
  guint old_n;

  g_object_freeze_notify (G_OBJECT (self));

  if (trove_paged_list_stop_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  old_n = self->items->len;
  g_hash_table_remove_all (self->ids);
  g_ptr_array_set_size (self->items, 0);
  g_clear_pointer (&self->next_token, g_free);
  trove_page_walk_reset (self->walk);
  set_error (self, NULL);
  set_has_more (self, is_configured (self));

  if (old_n > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
trove_paged_list_reload (TrovePagedList *self)
{
  g_return_if_fail (TROVE_IS_PAGED_LIST (self));

  clear (self);
  trove_paged_list_load_more (self);
}

static void
set_provider (TrovePagedList *self, TroveProvider *provider)
{
  if (self->provider == provider)
    return;

  g_clear_signal_handler (&self->next_page_known_id, self->provider);
  g_set_object (&self->provider, provider);
  if (provider != NULL)
    self->next_page_known_id =
        g_signal_connect (provider, "next-page-known",
                          G_CALLBACK (trove_paged_list_next_page_known_cb), self);

  clear (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

static void
set_string (TrovePagedList *self, char **field, const char *value, guint prop_id)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
      clear (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
    }
}

static void
set_kind (TrovePagedList *self, TroveMediaKind kind)
{
  if (self->kind == kind)
    return;

  self->kind = kind;
  clear (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

static void
trove_paged_list_dispose (GObject *object)
{
  TrovePagedList *self = TROVE_PAGED_LIST (object);

  trove_paged_list_stop_loading (self);
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
trove_paged_list_constructed (GObject *object)
{
  TrovePagedList *self = TROVE_PAGED_LIST (object);

  G_OBJECT_CLASS (trove_paged_list_parent_class)->constructed (object);

  if (self->item_type == TROVE_TYPE_USER)
    self->listing = TROVE_PAGED_LIST_CREATORS;
  else if (self->item_type == TROVE_TYPE_CHAT)
    self->listing = TROVE_PAGED_LIST_CHATS;
  else
    {
      if (self->item_type != TROVE_TYPE_MEDIA && self->item_type != G_TYPE_OBJECT)
        g_critical ("TrovePagedList lists TroveUser, TroveChat or TroveMedia, not %s",
                    g_type_name (self->item_type));
      self->listing = TROVE_PAGED_LIST_MEDIA;
      self->item_type = TROVE_TYPE_MEDIA;
    }

  self->has_more = is_configured (self);
}

static void
trove_paged_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
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

    case PROP_CHAT_ID:
      g_value_set_string (value, self->chat_id);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
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
trove_paged_list_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  TrovePagedList *self = TROVE_PAGED_LIST (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      set_provider (self, g_value_get_object (value));
      break;

    case PROP_ITEM_TYPE:
      self->item_type = g_value_get_gtype (value);
      break;

    case PROP_CHAT_ID:
      set_string (self, &self->chat_id, g_value_get_string (value), PROP_CHAT_ID);
      break;

    case PROP_SEARCH:
      set_string (self, &self->search, g_value_get_string (value), PROP_SEARCH);
      break;

    case PROP_KIND:
      set_kind (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_paged_list_class_init (TrovePagedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = trove_paged_list_constructed;
  object_class->dispose = trove_paged_list_dispose;
  object_class->finalize = trove_paged_list_finalize;
  object_class->get_property = trove_paged_list_get_property;
  object_class->set_property = trove_paged_list_set_property;

  properties[PROP_PROVIDER] =
      g_param_spec_object ("provider", NULL, NULL, TROVE_TYPE_PROVIDER,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] =
      g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHAT_ID] =
      g_param_spec_string ("chat-id", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
      g_param_spec_string ("search", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
      g_param_spec_enum ("kind", NULL, NULL, TROVE_TYPE_MEDIA_KIND, TROVE_MEDIA_KIND_UNKNOWN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
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
}

TrovePagedList *
trove_paged_list_new_for_creators (TroveProvider *provider)
{
  g_return_val_if_fail (TROVE_IS_PROVIDER (provider), NULL);

  return g_object_new (TROVE_TYPE_PAGED_LIST, "item-type", TROVE_TYPE_USER, "provider", provider,
                       NULL);
}

TrovePagedList *
trove_paged_list_new_for_chats (TroveProvider *provider, const char *search)
{
  g_return_val_if_fail (TROVE_IS_PROVIDER (provider), NULL);

  return g_object_new (TROVE_TYPE_PAGED_LIST, "item-type", TROVE_TYPE_CHAT, "provider", provider,
                       "search", search, NULL);
}

TrovePagedList *
trove_paged_list_new_for_media (TroveProvider *provider, const char *chat_id, TroveMediaKind kind)
{
  g_return_val_if_fail (TROVE_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (chat_id != NULL, NULL);

  return g_object_new (TROVE_TYPE_PAGED_LIST, "item-type", TROVE_TYPE_MEDIA, "provider", provider,
                       "chat-id", chat_id, "kind", kind, NULL);
}

TroveProvider *
trove_paged_list_get_provider (TrovePagedList *self)
{
  g_return_val_if_fail (TROVE_IS_PAGED_LIST (self), NULL);

  return self->provider;
}

const char *
trove_paged_list_get_chat_id (TrovePagedList *self)
{
  g_return_val_if_fail (TROVE_IS_PAGED_LIST (self), NULL);

  return self->chat_id;
}

const char *
trove_paged_list_get_search (TrovePagedList *self)
{
  g_return_val_if_fail (TROVE_IS_PAGED_LIST (self), NULL);

  return self->search;
}

TroveMediaKind
trove_paged_list_get_kind (TrovePagedList *self)
{
  g_return_val_if_fail (TROVE_IS_PAGED_LIST (self), TROVE_MEDIA_KIND_UNKNOWN);

  return self->kind;
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
