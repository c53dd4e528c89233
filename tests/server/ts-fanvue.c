/* ts-fanvue.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Fanvue API as its vendor documents it (tests/vendor/ holds their documents), creator and
 * agency routes.
 */

#include "config.h"

#include "ts-server.h"

#define API_VERSION "2025-06-26"

enum
{
  SCOPE_NONE,
  SCOPE_CREATOR,
  SCOPE_AGENCY,
};

/* Counts the request against the token's window; FALSE (and a 429) when over the limit. */
static gboolean
rate_limit (TsServer *self, SoupServerMessage *msg, const char *token)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 *window = g_hash_table_lookup (self->rate_windows, token);
  g_autofree char *limit = NULL;
  g_autofree char *remaining = NULL;
  g_autofree char *reset = NULL;

  if (window == NULL)
    {
      window = g_new0 (gint64, 2);
      g_hash_table_insert (self->rate_windows, g_strdup (token), window);
    }
  if (now - window[0] >= self->rate_window)
    {
      window[0] = now;
      window[1] = 0;
    }
  window[1]++;

  limit = g_strdup_printf ("%u", self->rate_limit);
  remaining = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (0, (gint64) self->rate_limit - window[1]));
  reset = g_strdup_printf ("%" G_GINT64_FORMAT, window[0] + self->rate_window);
  soup_message_headers_replace (headers, "X-RateLimit-Limit", limit);
  soup_message_headers_replace (headers, "X-RateLimit-Remaining", remaining);
  soup_message_headers_replace (headers, "X-RateLimit-Reset", reset);

  if (window[1] <= self->rate_limit)
    return TRUE;

  {
    g_autofree char *wait =
        g_strdup_printf ("%" G_GINT64_FORMAT, MAX (1, window[0] + self->rate_window - now));

    soup_message_headers_replace (headers, "Retry-After", wait);
    ts_respond_error (msg, 429, "Rate limit exceeded", NULL);
  }
  return FALSE;
}

static int
token_scope (TsServer *self, const char *token)
{
  if (token == NULL)
    return SCOPE_NONE;
  if (g_str_equal (token, "fv_test_creator"))
    return SCOPE_CREATOR;
  if (g_str_equal (token, "fv_test_agency"))
    return SCOPE_AGENCY;
  return ts_oauth_token_scope (self, token);
}

static void
add_user (JsonBuilder *builder, const char *uuid, const char *handle, const char *name)
{
  json_builder_begin_object (builder);
  ts_json_string (builder, "uuid", uuid);
  ts_json_string (builder, "handle", handle);
  ts_json_string (builder, "displayName", name);
  ts_json_string (builder, "nickname", NULL);
  ts_json_string (builder, "avatarUrl", NULL);
}

static void
respond_users_me (SoupServerMessage *msg, TsAccount *account)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  add_user (builder, account->id, account->handle, account->name);
  json_builder_set_member_name (builder, "isCreator");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  ts_respond_json (msg, 200, root);
}

/* page and size as /chats and /creators take them; FALSE after answering 400. */
static gboolean
page_params (SoupServerMessage *msg, GHashTable *query, guint64 *page, guint64 *size)
{
  const char *page_text = query ? g_hash_table_lookup (query, "page") : NULL;
  const char *size_text = query ? g_hash_table_lookup (query, "size") : NULL;

  *page = 1;
  *size = 15;
  if ((page_text && !g_ascii_string_to_unsigned (page_text, 10, 1, G_MAXINT, page, NULL)) ||
      (size_text && !g_ascii_string_to_unsigned (size_text, 10, 1, 50, size, NULL)))
    {
      ts_respond_error (msg, 400, "Bad Request", "page must be >= 1 and size between 1 and 50");
      return FALSE;
    }

  return TRUE;
}

static void
end_paged (JsonBuilder *builder, guint64 page, guint64 size, gboolean has_more)
{
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "pagination");
  json_builder_begin_object (builder);
  ts_json_int (builder, "page", page);
  ts_json_int (builder, "size", size);
  json_builder_set_member_name (builder, "hasMore");
  json_builder_add_boolean_value (builder, has_more);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
respond_chats (TsServer *self, SoupServerMessage *msg, TsAccount *account, GHashTable *query)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) matching = g_ptr_array_new ();
  static const char *const sorts[] = { "most_recent_messages", "online_now",
                                       "most_unanswered_chats", NULL };
  const char *search = query ? g_hash_table_lookup (query, "search") : NULL;
  const char *sort = query ? g_hash_table_lookup (query, "sortBy") : NULL;
  guint64 page, size;
  gboolean empty, hostile;

  if (!page_params (msg, query, &page, &size))
    return;
  if (sort != NULL && !g_strv_contains (sorts, sort))
    {
      ts_respond_error (msg, 400, "Bad Request",
                        "sortBy must be most_recent_messages, online_now or most_unanswered_chats");
      return;
    }
  if (ts_server_paging_fault (self, msg, "repeat-cursor"))
    page = 1;
  empty = ts_server_paging_fault (self, msg, "empty-more") != NULL;
  hostile = ts_server_paging_fault (self, msg, "hostile-names") != NULL;

  if (search != NULL && g_utf8_strlen (search, -1) > 100)
    {
      ts_respond_error (msg, 400, "Bad Request", "search is at most 100 characters");
      return;
    }

  for (guint i = 0; i < account->chats->len; i++)
    {
      TsChat *chat = g_ptr_array_index (account->chats, i);
      g_autofree char *name = g_utf8_casefold (chat->name, -1);
      g_autofree char *wanted = search ? g_utf8_casefold (search, -1) : NULL;

      if (wanted == NULL || strstr (name, wanted) || strstr (chat->handle, search))
        g_ptr_array_add (matching, chat);
    }

  /* The service's default order; the older data sets keep theirs unless asked. */
  if (g_strcmp0 (sort, "most_recent_messages") == 0 || (sort == NULL && self->dataset->archive))
    g_ptr_array_sort (matching, ts_chat_compare_recent);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint64 i = (page - 1) * size; !empty && i < matching->len && i < page * size; i++)
    {
      TsChat *chat = g_ptr_array_index (matching, i);
      gint64 last = ts_chat_last_message_at (chat);

      g_autofree char *name = ts_hostile_name (hostile, chat->name);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "user");
      add_user (builder, chat->id, chat->handle, name);
      json_builder_end_object (builder);
      ts_json_time (builder, "lastMessageAt", last, TRUE);
      ts_json_int (builder, "unreadMessagesCount", chat->unread);
      json_builder_set_member_name (builder, "isRead");
      json_builder_add_boolean_value (builder, chat->unread == 0);
      json_builder_set_member_name (builder, "isMuted");
      json_builder_add_boolean_value (builder, FALSE);
      ts_json_string (builder, "lastMessage", NULL);
      json_builder_end_object (builder);
    }
  end_paged (builder, page, size, empty || page * size < matching->len);

  root = json_builder_get_root (builder);
  ts_respond_json (msg, 200, root);
}

static void
respond_creators (SoupServerMessage *msg, TsDataset *dataset, GHashTable *query)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  guint64 page, size;

  if (!page_params (msg, query, &page, &size))
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint64 i = (page - 1) * size; i < dataset->agency_creators->len && i < page * size; i++)
    {
      TsAccount *creator = g_ptr_array_index (dataset->agency_creators, i);

      add_user (builder, creator->id, creator->handle, creator->name);
      json_builder_end_object (builder);
    }
  end_paged (builder, page, size, page * size < dataset->agency_creators->len);

  root = json_builder_get_root (builder);
  ts_respond_json (msg, 200, root);
}

static void
add_variant (JsonBuilder *builder, TsServer *self, TsMedia *media, const char *variant)
{
  g_autofree char *url = ts_server_media_url (self, media, variant);
  int width, height;

  ts_content_variant_size (media, variant, &width, &height);

  json_builder_begin_object (builder);
  ts_json_string (builder, "variantType", variant);
  ts_json_int (builder, "displayPosition", 0);
  ts_json_string (builder, "url", url);
  json_builder_set_member_name (builder, "width");
  width ? json_builder_add_int_value (builder, width) : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "height");
  height ? json_builder_add_int_value (builder, height) : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "lengthMs");
  media->duration_ms &&g_str_equal (variant, "main")
      ? json_builder_add_int_value (builder, media->duration_ms)
      : json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/* Opaque cursors: base64 with +, / and = in them, as the real ones have. */
static char *
encode_cursor_salted (guint offset, guint8 salt)
{
  guint8 raw[10] = { 0xfb, 0xef, 0xbe, 0xff, 0xff, 0xff };
  guint32 be = GUINT32_TO_BE (offset);

  raw[4] ^= salt;
  memcpy (raw + 6, &be, 4);
  return g_base64_encode (raw, sizeof raw);
}

static char *
encode_cursor (guint offset)
{
  return encode_cursor_salted (offset, 0);
}

static gboolean
decode_cursor (const char *cursor, guint *offset)
{
  gsize length = 0;
  g_autofree guint8 *raw = g_base64_decode (cursor, &length);
  guint32 be;

  if (raw == NULL || length != 10 || raw[0] != 0xfb || raw[5] != 0xff)
    return FALSE;

  memcpy (&be, raw + 6, 4);
  *offset = GUINT32_FROM_BE (be);
  return TRUE;
}

static void
respond_media (TsServer *self,
               SoupServerMessage *msg,
               TsAccount *account,
               TsChat *chat,
               GHashTable *query)
{
  static const char *const kinds[] = { "image", "video", "audio", "document", NULL };
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  const char *limit_text = query ? g_hash_table_lookup (query, "limit") : NULL;
  const char *cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;
  const char *type = query ? g_hash_table_lookup (query, "mediaType") : NULL;
  guint64 limit = 20;
  guint offset = 0, index, emitted = 0;
  TsFault *empty;
  gboolean hostile;

  if (limit_text && !g_ascii_string_to_unsigned (limit_text, 10, 1, 50, &limit, NULL))
    {
      ts_respond_error (msg, 400, "Bad Request", "limit must be between 1 and 50");
      return;
    }
  if (cursor && !decode_cursor (cursor, &offset))
    {
      ts_respond_error (msg, 400, "Bad Request", "invalid cursor");
      return;
    }
  if (type && !g_strv_contains (kinds, type))
    {
      ts_respond_error (msg, 400, "Bad Request",
                        "mediaType must be image, video, audio or document");
      return;
    }
  if (ts_server_paging_fault (self, msg, "repeat-cursor"))
    offset = 0;
  empty = ts_server_paging_fault (self, msg, "empty-more");
  hostile = ts_server_paging_fault (self, msg, "hostile-names") != NULL;
  if (empty != NULL)
    {
      /* Nothing, and a cursor never seen before that points where this page started. */
      g_autofree char *next = encode_cursor_salted (offset, 1 + empty->fired % 255);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "data");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      ts_json_string (builder, "nextCursor", next);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      ts_respond_json (msg, 200, root);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);

  /* The cursor is the index in the chat, so filtered pages stay full. */
  for (index = offset; index < chat->media->len && emitted < limit; index++)
    {
      TsMedia *media = g_ptr_array_index (chat->media, index);
      g_autofree char *name = NULL;

      if (type && !g_str_equal (type, ts_kind_to_string (media->kind)))
        continue;

      json_builder_begin_object (builder);
      ts_json_string (builder, "uuid", media->id);
      ts_json_string (builder, "messageUuid", media->message_id);
      ts_json_string (builder, "mediaType", ts_kind_to_string (media->kind));
      ts_json_time (builder, "created_at", media->sent_at - 5, TRUE);
      ts_json_time (builder, "sentAt", media->sent_at, TRUE);
      ts_json_string (builder, "ownerUuid", media->from_owner ? account->owner_id : chat->id);
      name = ts_hostile_name (hostile, media->name);
      ts_json_string (builder, "name", name);
      json_builder_set_member_name (builder, "variants");
      json_builder_begin_array (builder);
      add_variant (builder, self, media, "main");
      if (media->kind == TS_KIND_IMAGE || media->kind == TS_KIND_VIDEO)
        {
          add_variant (builder, self, media, "thumbnail");
          add_variant (builder, self, media, "thumbnail_gallery");
          add_variant (builder, self, media, "blurred");
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      emitted++;
    }

  /* Skip filtered-out items so that the last page says so. */
  while (type && index < chat->media->len &&
         !g_str_equal (type, ts_kind_to_string (
                                 ((TsMedia *) g_ptr_array_index (chat->media, index))->kind)))
    index++;

  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "nextCursor");
  if (index < chat->media->len)
    {
      g_autofree char *next = encode_cursor (index);

      json_builder_add_string_value (builder, next);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ts_respond_json (msg, 200, root);
}

static void
respond_chat_routes (TsServer *self,
                     SoupServerMessage *msg,
                     TsAccount *account,
                     char **parts,
                     GHashTable *query)
{
  TsChat *chat;

  /* parts: "chats" [uuid "media"] */
  if (parts[1] == NULL)
    {
      respond_chats (self, msg, account, query);
      return;
    }

  if (parts[2] == NULL || !g_str_equal (parts[2], "media") || parts[3] != NULL)
    {
      ts_respond_error (msg, 404, "not_found", "No such endpoint");
      return;
    }

  if (!g_uuid_string_is_valid (parts[1]))
    {
      ts_respond_error (msg, 400, "Bad Request", "userUuid must be a UUID");
      return;
    }

  chat = ts_dataset_find_chat (self->dataset, account, parts[1]);
  if (chat == NULL || chat->gone)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (builder);
      ts_json_string (builder, "message", "Conversation not found");
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      ts_respond_json (msg, 404, root);
      return;
    }

  respond_media (self, msg, account, chat, query);
}

gboolean
ts_fanvue_handle (TsServer *self, SoupServerMessage *msg, const char *path, GHashTable *query)
{
  const char *version = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "X-Fanvue-API-Version");
  const char *token = ts_request_bearer (msg);
  g_auto (GStrv) parts = NULL;
  int scope;

  if (!g_str_has_prefix (path, "/users/") && !g_str_has_prefix (path, "/chats") &&
      !g_str_has_prefix (path, "/creators"))
    return FALSE;

  if (version == NULL)
    {
      ts_respond_error (msg, 400, "Bad Request", "The X-Fanvue-API-Version header is required");
      return TRUE;
    }
  if (!g_str_equal (version, API_VERSION))
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (builder);
      ts_json_string (builder, "error", "Gone");
      ts_json_string (builder, "message", "This API version has been retired");
      ts_json_string (builder, "nextVersion", API_VERSION);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      ts_respond_json (msg, 410, root);
      return TRUE;
    }

  scope = token_scope (self, token);
  if (scope == SCOPE_NONE)
    {
      ts_respond_error (msg, 401, "Unauthorized", NULL);
      return TRUE;
    }

  if (!rate_limit (self, msg, token))
    return TRUE;

  if (!g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_GET))
    {
      ts_respond_error (msg, 405, "Method Not Allowed", NULL);
      return TRUE;
    }

  parts = g_strsplit (path + 1, "/", -1);

  if (g_str_equal (path, "/users/me"))
    {
      respond_users_me (msg, scope == SCOPE_AGENCY
                                 ? g_ptr_array_index (self->dataset->agency_creators, 0)
                                 : self->dataset->creator);
      return TRUE;
    }

  if (g_str_equal (parts[0], "chats"))
    {
      respond_chat_routes (self, msg, self->dataset->creator, parts, query);
      return TRUE;
    }

  if (g_str_equal (parts[0], "creators"))
    {
      TsAccount *creator;

      if (scope != SCOPE_AGENCY)
        {
          ts_respond_error (msg, 403, "Forbidden: missing scope read:creator", NULL);
          return TRUE;
        }

      if (parts[1] == NULL)
        {
          respond_creators (msg, self->dataset, query);
          return TRUE;
        }

      if (!g_uuid_string_is_valid (parts[1]))
        {
          ts_respond_error (msg, 400, "Bad Request", "creatorUserUuid must be a UUID");
          return TRUE;
        }

      creator = ts_dataset_find_agency_creator (self->dataset, parts[1]);
      if (creator == NULL || parts[2] == NULL || !g_str_equal (parts[2], "chats"))
        {
          ts_respond_error (msg, 404, "not_found", "No such creator");
          return TRUE;
        }

      respond_chat_routes (self, msg, creator, parts + 2, query);
      return TRUE;
    }

  ts_respond_error (msg, 404, "not_found", "No such endpoint");
  return TRUE;
}
