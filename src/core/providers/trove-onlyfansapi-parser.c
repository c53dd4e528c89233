/* trove-onlyfansapi-parser.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-chat.h"
#include "trove-error.h"
#include "trove-json.h"
#include "trove-media-private.h"
#include "trove-onlyfansapi-parser.h"

GPtrArray *
trove_onlyfansapi_parse_accounts (GBytes *body, const char *endpoint, GError **error)
{
  g_autoptr (JsonNode) root = trove_json_parse (body, endpoint, error);
  g_autoptr (GPtrArray) accounts = NULL;
  JsonArray *list = NULL;

  if (root == NULL)
    return NULL;

  /* Either a bare array or {data: [...]}. */
  if (JSON_NODE_HOLDS_ARRAY (root))
    list = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root))
    list = trove_json_require_array (json_node_get_object (root), "data", endpoint, error);
  else
    g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                 _ ("The reply to %s is neither a list nor an object."), endpoint);

  if (list == NULL)
    return NULL;

  accounts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *account;
      g_autofree char *id = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      account = json_node_get_object (node);
      id = trove_json_dup_id (account, "id");
      if (id == NULL)
        continue;

      g_ptr_array_add (accounts,
                       trove_user_new (id, trove_json_get_string (account, "onlyfans_username"),
                                       trove_json_get_string (account, "display_name"),
                                       trove_json_get_string (
                                           trove_json_get_object (account, "onlyfans_user_data"),
                                           "avatar"),
                                       trove_json_get_bool (account, "is_authenticated", FALSE)));
    }

  return g_steal_pointer (&accounts);
}

/* The budget every answer reports: the rate limit and the credit balance after this call. */
static void
read_meta (TrovePage *page, JsonObject *object)
{
  JsonObject *meta = trove_json_get_object (object, "_meta");
  JsonObject *limits = trove_json_get_object (meta, "_rate_limits");
  JsonObject *credits = trove_json_get_object (meta, "_credits");

  if (limits != NULL && trove_json_get_int (limits, "limit_minute", -1) > 0)
    trove_page_set_rate_limit (page, trove_json_get_int (limits, "limit_minute", -1),
                               trove_json_get_int (limits, "remaining_minute", -1));

  if (credits != NULL && trove_json_get_int (credits, "balance", -1) >= 0)
    trove_page_set_credits (page, trove_json_get_int (credits, "balance", -1));
  if (credits != NULL)
    trove_page_set_credits_used (page, trove_json_get_int (credits, "used", 0));
}

TrovePage *
trove_onlyfansapi_parse_chats (GBytes *body, const char *endpoint, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) items = NULL;
  JsonObject *object = trove_json_parse_object (body, endpoint, &root, error);
  JsonArray *data = object ? trove_json_require_array (object, "data", endpoint, error) : NULL;
  const char *next;
  TrovePage *page;

  if (data == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *node = json_array_get_element (data, i);
      JsonObject *chat, *fan;
      g_autofree char *id = NULL;
      g_autoptr (GDateTime) last_message_at = NULL;
      gint64 unread;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      chat = json_node_get_object (node);
      fan = trove_json_get_object (chat, "fan");
      id = trove_json_dup_id (fan, "id");
      if (id == NULL)
        {
          g_debug ("%s: skipped chat %u without a fan id", endpoint, i);
          continue;
        }

      last_message_at =
          trove_json_get_time (trove_json_get_object (chat, "lastMessage"), "createdAt");
      unread = trove_json_get_int (chat, "unreadMessagesCount", 0);
      g_ptr_array_add (items,
                       trove_chat_new (id, trove_json_get_string (fan, "name"),
                                       trove_json_get_string (fan, "username"),
                                       trove_json_get_string (fan, "avatar"), last_message_at,
                                       (guint) CLAMP (unread, 0, G_MAXINT)));
    }

  next = trove_json_get_string (trove_json_get_object (object, "_pagination"), "next_page");
  page = trove_page_new (g_steal_pointer (&items), next && *next ? next : NULL);
  read_meta (page, object);

  return page;
}

static TroveMediaKind
kind_from_type (const char *type)
{
  if (g_strcmp0 (type, "photo") == 0 || g_strcmp0 (type, "gif") == 0)
    return TROVE_MEDIA_KIND_IMAGE;
  if (g_strcmp0 (type, "video") == 0)
    return TROVE_MEDIA_KIND_VIDEO;
  if (g_strcmp0 (type, "audio") == 0)
    return TROVE_MEDIA_KIND_AUDIO;
  return TROVE_MEDIA_KIND_UNKNOWN;
}

/* thumb (small square) fills grid cells, preview (about 960 px) the viewer while the full
 * file loads; OnlyFans has no blurred variant. */
static const struct
{
  const char *name;
  TroveVariant variant;
} file_variants[] = {
  { "thumb", TROVE_VARIANT_GALLERY_THUMBNAIL },
  { "preview", TROVE_VARIANT_THUMBNAIL },
  { "full", TROVE_VARIANT_MAIN },
};

/* When a message was sent, as trove_media_time_from_iso8601() gives it. */
typedef struct
{
  gboolean known;
  gint64 us;
  int offset;
} MessageTime;

static TroveMedia *
media_from_object (JsonObject *object,
                   const char *message_id,
                   const char *sender_id,
                   const MessageTime *message_time,
                   const char *chat_id)
{
  g_autofree char *id = trove_json_dup_id (object, "id");
  JsonObject *files = trove_json_get_object (object, "files");
  TroveMediaFields fields = { 0 };

  if (id == NULL)
    return NULL;

  fields.id = id;
  fields.message_id = message_id;
  fields.chat_id = chat_id;
  fields.kind = kind_from_type (trove_json_get_string (object, "type"));

  fields.has_sent_at = trove_media_time_from_iso8601 (trove_json_get_string (object, "createdAt"),
                                                      &fields.sent_at_us, &fields.sent_at_offset);
  if (!fields.has_sent_at && message_time->known)
    {
      fields.has_sent_at = TRUE;
      fields.sent_at_us = message_time->us;
      fields.sent_at_offset = message_time->offset;
    }

  fields.sender_id = sender_id;
  fields.from_owner = sender_id != NULL && g_strcmp0 (sender_id, chat_id) != 0;
  fields.duration_ms =
      CLAMP (trove_json_get_int (object, "duration", 0), 0, G_MAXINT64 / 1000) * 1000;

  for (gsize i = 0; i < G_N_ELEMENTS (file_variants); i++)
    {
      JsonObject *file = trove_json_get_object (files, file_variants[i].name);
      TroveVariant variant = file_variants[i].variant;
      int width = (int) CLAMP (trove_json_get_int (file, "width", 0), 0, G_MAXINT);
      int height = (int) CLAMP (trove_json_get_int (file, "height", 0), 0, G_MAXINT);

      if (file == NULL)
        continue;

      fields.variants[variant].url = trove_json_get_string (file, "url");
      fields.variants[variant].width = width;
      fields.variants[variant].height = height;
      fields.variants[variant].size = trove_json_get_int (file, "size", 0);
      if (variant == TROVE_VARIANT_MAIN)
        {
          fields.width = width;
          fields.height = height;
        }
    }

  /* Locked and protected media come without a URL: an item that cannot be opened, not an error. */
  fields.locked = !trove_json_get_bool (object, "canView", TRUE) ||
                  fields.variants[TROVE_VARIANT_MAIN].url == NULL;

  return trove_media_new_from_fields (&fields);
}

TrovePage *
trove_onlyfansapi_parse_media (GBytes *body,
                               const char *endpoint,
                               const char *chat_id,
                               guint offset,
                               GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *next = NULL;
  JsonObject *object = trove_json_parse_object (body, endpoint, &root, error);
  JsonObject *data = trove_json_get_object (object, "data");
  JsonArray *list;
  TrovePage *page;

  if (object == NULL)
    return NULL;

  list = trove_json_require_array (data, "list", endpoint, error);
  if (list == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *message;
      JsonArray *media_list;
      g_autofree char *message_id = NULL;
      g_autofree char *sender_id = NULL;
      MessageTime message_time = { FALSE };

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      message = json_node_get_object (node);
      message_id = trove_json_dup_id (message, "id");
      sender_id = trove_json_dup_id (trove_json_get_object (message, "fromUser"), "id");
      message_time.known =
          trove_media_time_from_iso8601 (trove_json_get_string (message, "createdAt"),
                                         &message_time.us, &message_time.offset);
      media_list = trove_json_get_array (message, "media");

      /* A message carries several media: each is an item of its own. */
      for (guint j = 0; media_list != NULL && j < json_array_get_length (media_list); j++)
        {
          JsonNode *media_node = json_array_get_element (media_list, j);
          TroveMedia *media = NULL;

          if (JSON_NODE_HOLDS_OBJECT (media_node))
            media = media_from_object (json_node_get_object (media_node), message_id, sender_id,
                                       &message_time, chat_id);

          /* g_hash_table_add() would replace the key of an equal one: look first. */
          if (media == NULL || g_hash_table_contains (seen, trove_media_get_id (media)))
            {
              g_clear_object (&media);
              continue;
            }

          g_hash_table_add (seen, (char *) trove_media_get_id (media));
          g_ptr_array_add (items, media);
        }
    }

  if (trove_json_get_bool (data, "hasMore", FALSE) && json_array_get_length (list) > 0 &&
      (guint64) offset + json_array_get_length (list) < G_MAXINT)
    next = g_strdup_printf ("%u", offset + json_array_get_length (list));

  page = trove_page_new (g_steal_pointer (&items), next);
  read_meta (page, object);

  return page;
}
