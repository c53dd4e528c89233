/* trove-fanvue-parser.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-chat.h"
#include "trove-error.h"
#include "trove-fanvue-parser.h"
#include "trove-json.h"
#include "trove-media-private.h"

/* The next page number while pagination.hasMore says there is one. */
static char *
next_page_token (JsonObject *pagination, guint page)
{
  if (!trove_json_get_bool (pagination, "hasMore", FALSE) || page >= G_MAXINT)
    return NULL;

  return g_strdup_printf ("%u", page + 1);
}

char *
trove_fanvue_peek_next_page (GBytes *body, guint page)
{
  g_autoptr (JsonNode) pagination = trove_json_peek_member (body, "pagination");

  if (pagination == NULL || !JSON_NODE_HOLDS_OBJECT (pagination))
    return NULL;

  return next_page_token (json_node_get_object (pagination), page);
}

char *
trove_fanvue_peek_next_cursor (GBytes *body)
{
  g_autoptr (JsonNode) cursor = trove_json_peek_member (body, "nextCursor");
  const char *text =
      cursor && JSON_NODE_HOLDS_VALUE (cursor) && json_node_get_value_type (cursor) == G_TYPE_STRING
          ? json_node_get_string (cursor)
          : NULL;

  return text && *text ? g_strdup (text) : NULL;
}

static TroveUser *
user_from_object (JsonObject *object, gboolean authenticated)
{
  g_autofree char *uuid = trove_json_dup_id (object, "uuid");

  if (uuid == NULL)
    return NULL;

  return trove_user_new (uuid, trove_json_get_string (object, "handle"),
                         trove_json_get_string (object, "displayName"),
                         trove_json_get_string (object, "avatarUrl"), authenticated);
}

TroveUser *
trove_fanvue_parse_user (GBytes *body, const char *endpoint, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object = trove_json_parse_object (body, endpoint, &root, error);
  TroveUser *user;

  if (object == NULL)
    return NULL;

  user = user_from_object (object, TRUE);
  if (user == NULL)
    g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                 _ ("The reply to %s does not say who is signed in (no “uuid”)."), endpoint);

  return user;
}

TrovePage *
trove_fanvue_parse_creators (GBytes *body, const char *endpoint, guint page, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autofree char *next = NULL;
  JsonObject *object = trove_json_parse_object (body, endpoint, &root, error);
  JsonArray *data = object ? trove_json_require_array (object, "data", endpoint, error) : NULL;

  if (data == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *node = json_array_get_element (data, i);
      TroveUser *user = JSON_NODE_HOLDS_OBJECT (node)
                            ? user_from_object (json_node_get_object (node), TRUE)
                            : NULL;

      if (user != NULL)
        g_ptr_array_add (items, user);
      else
        g_debug ("%s: skipped creator %u without a uuid", endpoint, i);
    }

  next = next_page_token (trove_json_get_object (object, "pagination"), page);
  return trove_page_new (g_steal_pointer (&items), next);
}

static TroveChat *
chat_from_object (JsonObject *object)
{
  JsonObject *user = trove_json_get_object (object, "user");
  g_autofree char *uuid = trove_json_dup_id (user, "uuid");
  g_autoptr (GDateTime) last_message_at = NULL;
  const char *name;
  gint64 unread;

  if (uuid == NULL)
    return NULL;

  name = trove_json_get_string (user, "nickname");
  if (name == NULL || *name == '\0')
    name = trove_json_get_string (user, "displayName");

  last_message_at = trove_json_get_time (object, "lastMessageAt");
  unread = trove_json_get_int (object, "unreadMessagesCount", 0);

  return trove_chat_new (uuid, name, trove_json_get_string (user, "handle"),
                         trove_json_get_string (user, "avatarUrl"), last_message_at,
                         (guint) CLAMP (unread, 0, G_MAXINT));
}

TrovePage *
trove_fanvue_parse_chats (GBytes *body, const char *endpoint, guint page, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autofree char *next = NULL;
  JsonObject *object = trove_json_parse_object (body, endpoint, &root, error);
  JsonArray *data = object ? trove_json_require_array (object, "data", endpoint, error) : NULL;

  if (data == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *node = json_array_get_element (data, i);
      TroveChat *chat =
          JSON_NODE_HOLDS_OBJECT (node) ? chat_from_object (json_node_get_object (node)) : NULL;

      if (chat != NULL)
        g_ptr_array_add (items, chat);
      else
        g_debug ("%s: skipped chat %u without a user uuid", endpoint, i);
    }

  next = next_page_token (trove_json_get_object (object, "pagination"), page);
  return trove_page_new (g_steal_pointer (&items), next);
}

static gboolean
variant_from_string (const char *text, TroveVariant *variant)
{
  static const struct
  {
    const char *name;
    TroveVariant variant;
  } names[] = {
    { "main", TROVE_VARIANT_MAIN },
    { "thumbnail", TROVE_VARIANT_THUMBNAIL },
    { "thumbnail_gallery", TROVE_VARIANT_GALLERY_THUMBNAIL },
    { "blurred", TROVE_VARIANT_BLURRED },
  };

  for (gsize i = 0; text != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text, names[i].name))
      {
        *variant = names[i].variant;
        return TRUE;
      }

  return FALSE;
}

/* An id as trove_json_dup_id() reads it, without copying it: a number is written to @buffer. */
static const char *
peek_id (JsonObject *object, const char *name, char buffer[G_ASCII_DTOSTR_BUF_SIZE])
{
  JsonNode *node = json_object_get_member (object, name);
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      text = json_node_get_string (node);
      return text && *text ? text : NULL;
    }

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_snprintf (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%" G_GINT64_FORMAT, json_node_get_int (node));
      return buffer;
    }

  return NULL;
}

static TroveMedia *
media_from_object (JsonObject *object, const char *chat_id)
{
  char uuid_buffer[G_ASCII_DTOSTR_BUF_SIZE], message_buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char owner_buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *uuid = peek_id (object, "uuid", uuid_buffer);
  const char *message_uuid = peek_id (object, "messageUuid", message_buffer);
  const char *owner = peek_id (object, "ownerUuid", owner_buffer);
  JsonArray *variants = trove_json_get_array (object, "variants");
  TroveMediaFields fields = { 0 };

  if (uuid == NULL)
    return NULL;

  fields.id = uuid;
  fields.message_id = message_uuid;
  fields.chat_id = chat_id;
  fields.name = trove_json_get_string (object, "name");

  /* Unknown kinds are shown as such, not refused. */
  trove_media_kind_from_string (trove_json_get_string (object, "mediaType"), &fields.kind);

  fields.has_sent_at = trove_media_time_from_iso8601 (trove_json_get_string (object, "sentAt"),
                                                      &fields.sent_at_us, &fields.sent_at_offset) ||
                       trove_media_time_from_iso8601 (trove_json_get_string (object, "created_at"),
                                                      &fields.sent_at_us, &fields.sent_at_offset);

  /* The chat is named after the fan: anyone else who sent it is the account owner. */
  fields.sender_id = owner;
  fields.from_owner = owner != NULL && g_strcmp0 (owner, chat_id) != 0;

  for (guint i = 0; variants != NULL && i < json_array_get_length (variants); i++)
    {
      JsonNode *node = json_array_get_element (variants, i);
      JsonObject *variant_object;
      TroveVariant variant;
      int w, h;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      variant_object = json_node_get_object (node);
      if (!variant_from_string (trove_json_get_string (variant_object, "variantType"), &variant))
        continue;

      w = (int) CLAMP (trove_json_get_int (variant_object, "width", 0), 0, G_MAXINT);
      h = (int) CLAMP (trove_json_get_int (variant_object, "height", 0), 0, G_MAXINT);
      fields.variants[variant].url = trove_json_get_string (variant_object, "url");
      fields.variants[variant].width = w;
      fields.variants[variant].height = h;
      fields.variants[variant].size = 0;

      if (variant == TROVE_VARIANT_MAIN || fields.width == 0)
        {
          fields.width = w;
          fields.height = h;
        }
      fields.duration_ms =
          MAX (fields.duration_ms, trove_json_get_int (variant_object, "lengthMs", 0));
    }

  return trove_media_new_from_fields (&fields);
}

TrovePage *
trove_fanvue_parse_media (GBytes *body, const char *endpoint, const char *chat_id, GError **error)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *object = trove_json_parse_object (body, endpoint, &root, error);
  JsonArray *data = object ? trove_json_require_array (object, "data", endpoint, error) : NULL;
  const char *next;

  if (data == NULL)
    return NULL;

  next = trove_json_get_string (object, "nextCursor");

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *node = json_array_get_element (data, i);
      TroveMedia *media = JSON_NODE_HOLDS_OBJECT (node)
                              ? media_from_object (json_node_get_object (node), chat_id)
                              : NULL;

      /* g_hash_table_add() would replace the key of an equal one: look first. */
      if (media == NULL || g_hash_table_contains (seen, trove_media_get_id (media)))
        {
          g_debug ("%s: skipped media %u (no uuid, or a duplicate)", endpoint, i);
          g_clear_object (&media);
          continue;
        }

      g_hash_table_add (seen, (char *) trove_media_get_id (media));
      g_ptr_array_add (items, media);
    }

  return trove_page_new (g_steal_pointer (&items), next && *next ? next : NULL);
}
