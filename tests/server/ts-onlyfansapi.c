/* ts-onlyfansapi.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OnlyFansAPI: accounts, chats with absolute next_page links, media grouped in messages
 * with locked items, and the download redirect to the media host.
 */

#include "config.h"

#include "ts-server.h"

#define API_KEY TS_ONLYFANSAPI_KEY

/* OnlyFansAPI's price of its download endpoint: 3 credits per MB, a MB being 1,000,000 bytes,
 * rounded up to whole credits. */
#define CREDITS_FOR(bytes) ((3 * (gint64) (bytes) + 999999) / 1000000)

/* Bills @used credits to @msg and says so, with the balance left, as the service does. */
static void
add_meta (JsonBuilder *builder, TsServer *self, SoupServerMessage *msg, gint64 used)
{
  ts_server_bill (self, msg, used);
  json_builder_set_member_name (builder, "_meta");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "_credits");
  json_builder_begin_object (builder);
  ts_json_int (builder, "used", used);
  ts_json_int (builder, "balance", self->credit_balance);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "_cache");
  json_builder_begin_object (builder);
  ts_json_bool (builder, "is_cached", FALSE);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "_rate_limits");
  json_builder_begin_object (builder);
  ts_json_int (builder, "limit_minute", 1000);
  ts_json_int (builder, "limit_day", 50000);
  ts_json_int (builder, "remaining_minute", 999);
  ts_json_int (builder, "remaining_day", 49985);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
respond_accounts (TsServer *self, SoupServerMessage *msg, GHashTable *query)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  gboolean wrapped = query && g_strcmp0 (g_hash_table_lookup (query, "envelope"), "data") == 0;

  if (wrapped)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "data");
    }
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->dataset->onlyfans->len; i++)
    {
      TsAccount *account = g_ptr_array_index (self->dataset->onlyfans, i);

      json_builder_begin_object (builder);
      ts_json_string (builder, "id", account->id);
      ts_json_string (builder, "display_name", account->name);
      ts_json_string (builder, "onlyfans_username", account->handle);
      ts_json_bool (builder, "is_authenticated", account->authenticated);
      json_builder_set_member_name (builder, "onlyfans_user_data");
      json_builder_begin_object (builder);
      ts_json_string (builder, "id", account->owner_id);
      ts_json_string (builder, "avatar", NULL);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (wrapped)
    json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ts_respond_json (msg, 200, root);
}

static gboolean
number_param (SoupServerMessage *msg,
              GHashTable *query,
              const char *name,
              guint64 fallback,
              guint64 min,
              guint64 max,
              guint64 *value)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;

  *value = fallback;
  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, min, max, value, NULL))
    {
      g_autofree char *message =
          g_strdup_printf ("The %s field must be a number between %" G_GUINT64_FORMAT
                           " and %" G_GUINT64_FORMAT ".",
                           name, min, max);

      ts_respond_error (msg, 422, "validation", message);
      return FALSE;
    }

  return TRUE;
}

static void
respond_chats (TsServer *self, SoupServerMessage *msg, TsAccount *account, GHashTable *query)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  guint64 limit, offset;
  const char *order = query ? g_hash_table_lookup (query, "order") : NULL;
  g_autofree char *order_param = g_strconcat (order ? "&order=" : "", order ? order : "", NULL);
  g_autoptr (GPtrArray) chats = g_ptr_array_new ();

  TsFault *empty;
  gboolean repeat, hostile;

  if (!number_param (msg, query, "limit", 10, 1, 100, &limit) ||
      !number_param (msg, query, "offset", 0, 0, G_MAXINT, &offset))
    return;
  /* Unowned: the account keeps its chats. */
  g_ptr_array_extend (chats, account->chats, NULL, NULL);
  if (order != NULL && !g_str_equal (order, "recent") && !g_str_equal (order, "old"))
    {
      ts_respond_error (msg, 422, "validation", "The selected order is invalid.");
      return;
    }
  /* recent, the service's default; the older data sets keep their order unless asked. */
  if (order != NULL || self->dataset->archive)
    {
      g_ptr_array_sort (chats, ts_chat_compare_recent);
      if (g_strcmp0 (order, "old") == 0)
        for (guint i = 0; i < chats->len / 2; i++)
          {
            gpointer swap = chats->pdata[i];

            chats->pdata[i] = chats->pdata[chats->len - 1 - i];
            chats->pdata[chats->len - 1 - i] = swap;
          }
    }
  repeat = ts_server_paging_fault (self, msg, "repeat-cursor") != NULL;
  empty = ts_server_paging_fault (self, msg, "empty-more");
  hostile = ts_server_paging_fault (self, msg, "hostile-names") != NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint64 i = offset; empty == NULL && i < chats->len && i < offset + limit; i++)
    {
      TsChat *chat = g_ptr_array_index (chats, i);
      g_autofree char *name = ts_hostile_name (hostile, chat->name);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "fan");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, g_ascii_strtoll (chat->id, NULL, 10));
      ts_json_string (builder, "username", chat->handle);
      ts_json_string (builder, "name", name);
      ts_json_string (builder, "avatar", NULL);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "lastMessage");
      json_builder_begin_object (builder);
      if (ts_chat_last_message_at (chat) > 0)
        ts_json_time (builder, "createdAt", ts_chat_last_message_at (chat), FALSE);
      json_builder_end_object (builder);
      ts_json_int (builder, "unreadMessagesCount", chat->unread);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "_pagination");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "next_page");
  if (empty != NULL)
    {
      /* Nothing, and a link never given before to where this page started. */
      g_autofree char *next =
          g_strdup_printf ("%s/api/%s/chats?limit=%" G_GUINT64_FORMAT "&offset=%" G_GUINT64_FORMAT
                           "&skip_users=none&attempt=%u%s",
                           self->api_url, account->id, limit, offset, empty->fired, order_param);

      json_builder_add_string_value (builder, next);
    }
  else if (repeat)
    {
      /* The very page just served, again. */
      g_autofree char *next =
          g_strdup_printf ("%s/api/%s/chats?limit=%" G_GUINT64_FORMAT "&offset=%" G_GUINT64_FORMAT
                           "&skip_users=none%s",
                           self->api_url, account->id, limit, offset, order_param);

      json_builder_add_string_value (builder, next);
    }
  else if (offset + limit < account->chats->len)
    {
      g_autofree char *next =
          g_strdup_printf ("%s/api/%s/chats?limit=%" G_GUINT64_FORMAT "&offset=%" G_GUINT64_FORMAT
                           "&skip_users=none%s",
                           self->api_url, account->id, limit, offset + limit, order_param);

      json_builder_add_string_value (builder, next);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  add_meta (builder, self, msg, 1);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ts_respond_json (msg, 200, root);
}

static const char *
media_type (TsKind kind)
{
  switch (kind)
    {
    case TS_KIND_VIDEO:
      return "video";
    case TS_KIND_AUDIO:
      return "audio";
    case TS_KIND_IMAGE:
    case TS_KIND_DOCUMENT:
    default:
      return "photo";
    }
}

static void
add_file (JsonBuilder *builder,
          TsServer *self,
          TsMedia *media,
          const char *name,
          const char *variant)
{
  g_autofree char *url = media->locked ? NULL : ts_server_media_url (self, media, variant);
  int width, height;

  ts_content_variant_size (media, variant, &width, &height);
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  ts_json_string (builder, "url", url);
  ts_json_int (builder, "width", width);
  ts_json_int (builder, "height", height);
  /* The archive set says the size of the full file (credit estimates); 0 is the service's
   * "unknown". */
  ts_json_int (builder, "size",
               g_str_equal (variant, "main") ? ts_content_main_size (self->content, media) : 0);
  json_builder_end_object (builder);
}

static gboolean
kind_matches (TsKind kind, const char *type)
{
  return type == NULL || (g_str_equal (type, "photos") && kind == TS_KIND_IMAGE) ||
         (g_str_equal (type, "videos") && kind == TS_KIND_VIDEO) ||
         (g_str_equal (type, "audios") && kind == TS_KIND_AUDIO);
}

static gboolean
message_matches (TsMessage *message, const char *type)
{
  for (guint i = 0; i < message->media->len; i++)
    if (kind_matches (((TsMedia *) g_ptr_array_index (message->media, i))->kind, type))
      return TRUE;

  return FALSE;
}

static void
respond_media (TsServer *self,
               SoupServerMessage *msg,
               TsAccount *account,
               TsChat *chat,
               GHashTable *query)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  const char *type = query ? g_hash_table_lookup (query, "type") : NULL;
  guint64 limit, offset;
  guint skipped = 0, emitted = 0, index;
  const char *last_id = NULL;
  gboolean empty;

  if (type != NULL && *type == '\0')
    type = NULL;
  if (type && !g_str_equal (type, "photos") && !g_str_equal (type, "videos") &&
      !g_str_equal (type, "audios"))
    {
      ts_respond_error (msg, 422, "validation", "The selected type is invalid.");
      return;
    }
  if (!number_param (msg, query, "limit", 20, 1, 100, &limit) ||
      !number_param (msg, query, "offset", 0, 0, G_MAXINT, &offset))
    return;
  if (ts_server_paging_fault (self, msg, "repeat-cursor"))
    offset = 0;
  empty = ts_server_paging_fault (self, msg, "empty-more") != NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "list");
  json_builder_begin_array (builder);

  /* offset and limit count messages of the (filtered) list. */
  for (index = 0; !empty && index < chat->messages->len && emitted < limit; index++)
    {
      TsMessage *message = g_ptr_array_index (chat->messages, index);

      if (!message_matches (message, type))
        continue;
      if (skipped < offset)
        {
          skipped++;
          continue;
        }

      json_builder_begin_object (builder);
      ts_json_string (builder, "responseType", "message");
      ts_json_string (builder, "text", "");
      ts_json_bool (builder, "isFree", TRUE);
      ts_json_int (builder, "price", 0);
      json_builder_set_member_name (builder, "media");
      json_builder_begin_array (builder);
      for (guint m = 0; m < message->media->len; m++)
        {
          TsMedia *media = g_ptr_array_index (message->media, m);

          if (!kind_matches (media->kind, type))
            continue;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, g_ascii_strtoll (media->id, NULL, 10));
          ts_json_string (builder, "type", media_type (media->kind));
          ts_json_bool (builder, "canView", !media->locked);
          ts_json_bool (builder, "isReady", TRUE);
          ts_json_time (builder, "createdAt", media->sent_at, FALSE);
          ts_json_int (builder, "duration", media->duration_ms / 1000);
          json_builder_set_member_name (builder, "files");
          json_builder_begin_object (builder);
          add_file (builder, self, media, "full", "main");
          if (media->kind != TS_KIND_AUDIO)
            {
              add_file (builder, self, media, "thumb", "thumbnail_gallery");
              add_file (builder, self, media, "preview", "thumbnail");
              add_file (builder, self, media, "squarePreview", "thumbnail_gallery");
            }
          json_builder_end_object (builder);
          json_builder_set_member_name (builder, "videoSources");
          json_builder_begin_object (builder);
          ts_json_string (builder, "240", NULL);
          ts_json_string (builder, "720", NULL);
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "fromUser");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, g_ascii_strtoll (message->from_owner ? account->owner_id
                                                                                : chat->id,
                                                            NULL, 10));
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, g_ascii_strtoll (message->id, NULL, 10));
      ts_json_time (builder, "createdAt", message->sent_at, FALSE);
      json_builder_end_object (builder);

      emitted++;
      last_id = message->id;
    }

  while (index < chat->messages->len &&
         !message_matches (g_ptr_array_index (chat->messages, index), type))
    index++;

  json_builder_end_array (builder);
  ts_json_bool (builder, "hasMore", empty || index < chat->messages->len);
  ts_json_string (builder, "nextLastId", last_id);
  json_builder_end_object (builder);
  add_meta (builder, self, msg, 1);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ts_respond_json (msg, 200, root);
}

/* The bytes of a "bytes=N-" or "bytes=N-M" range of @total, or @total. */
static gsize
range_length (const char *range, gsize total)
{
  guint64 first = 0, last = total ? total - 1 : 0;
  g_auto (GStrv) bounds = NULL;

  if (range == NULL || !g_str_has_prefix (range, "bytes=") || strchr (range, ',') != NULL)
    return total;
  bounds = g_strsplit (range + strlen ("bytes="), "-", 2);
  if (bounds[0] == NULL || bounds[1] == NULL ||
      !g_ascii_string_to_unsigned (bounds[0], 10, 0, G_MAXUINT64, &first, NULL) ||
      (*bounds[1] != '\0' &&
       !g_ascii_string_to_unsigned (bounds[1], 10, 0, G_MAXUINT64, &last, NULL)) ||
      first >= total || last < first)
    return total;

  return MIN (last, total - 1) - first + 1;
}

/* OnlyFansAPI fetches the CDN URL for the client: 302 to the media host with a one-time grant,
 * billed 3 credits per MB of what was asked for (the Range, or the whole file). */
static void
respond_download (TsServer *self, SoupServerMessage *msg, TsAccount *account, const char *encoded)
{
  g_autofree char *target = g_uri_unescape_string (encoded, NULL);
  GUri *uri = soup_server_message_get_uri (msg);
  gboolean head = g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_HEAD);
  const char *range =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Range");
  g_autoptr (GUri) cdn = NULL;
  g_autoptr (GHashTable) cdn_query = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *location = NULL;
  g_auto (GStrv) parts = NULL;
  const char *content_type = NULL;
  const char *reason = NULL;
  TsMedia *media = NULL;
  gint64 credits;

  /* The CDN URL may arrive escaped whole, or with its query as ours. */
  if (target != NULL && strchr (target, '?') == NULL && g_uri_get_query (uri) != NULL)
    {
      char *joined = g_strconcat (target, "?", g_uri_get_query (uri), NULL);

      g_free (target);
      target = joined;
    }

  if (target == NULL || !g_str_has_prefix (target, self->media_url) ||
      (cdn = g_uri_parse (target, G_URI_FLAGS_NONE, NULL)) == NULL)
    {
      ts_respond_error (msg, 404, "not_found", "Unknown media URL");
      return;
    }

  /* "", "m", id, variant */
  parts = g_strsplit (g_uri_get_path (cdn), "/", -1);
  if (g_strv_length (parts) == 4 && g_str_equal (parts[1], "m"))
    media = g_hash_table_lookup (self->dataset->media_by_id, parts[2]);
  if (media == NULL || media->locked || media->chat->account != account)
    {
      ts_respond_error (msg, 404, "not_found", "Unknown media URL");
      return;
    }

  cdn_query = g_uri_get_query (cdn) ? soup_form_decode (g_uri_get_query (cdn)) : NULL;
  if (!ts_server_check_signature (self, parts[2], parts[3], cdn_query, &reason))
    {
      ts_respond_error (msg, 422, "validation", "The CDN URL is not valid or has expired.");
      return;
    }

  bytes = ts_content_get (self->content, media, parts[3], &content_type);
  if (bytes == NULL)
    {
      ts_respond_error (msg, 404, "not_found", "Unknown media URL");
      return;
    }

  credits = head ? 0 : CREDITS_FOR (range_length (range, g_bytes_get_size (bytes)));
  location = ts_server_grant (self, media, parts[3], head);

  json_builder_begin_object (builder);
  add_meta (builder, self, msg, credits);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  ts_respond_json (msg, SOUP_STATUS_FOUND, root);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                location);
}

gboolean
ts_onlyfansapi_handle (TsServer *self, SoupServerMessage *msg, const char *path, GHashTable *query)
{
  g_auto (GStrv) parts = NULL;
  const char *token = ts_request_bearer (msg);
  TsAccount *account;
  TsChat *chat;

  if (!g_str_has_prefix (path, "/api/"))
    return FALSE;

  if (g_strcmp0 (token, API_KEY) != 0)
    {
      ts_respond_error (msg, 401, "Unauthenticated.", "Unauthenticated.");
      return TRUE;
    }

  if (g_str_equal (path, "/api/accounts"))
    {
      respond_accounts (self, msg, query);
      return TRUE;
    }

  parts = g_strsplit (path + strlen ("/api/"), "/", 4);
  account = parts[0] ? ts_dataset_find_onlyfans (self->dataset, parts[0]) : NULL;
  if (account == NULL || parts[1] == NULL)
    {
      ts_respond_error (msg, 404, "not_found", "Account not found");
      return TRUE;
    }

  if (g_str_equal (parts[1], "media") && g_strcmp0 (parts[2], "download") == 0 && parts[3] != NULL)
    {
      respond_download (self, msg, account,
                        path + strlen ("/api/") + strlen (parts[0]) + strlen ("/media/download/"));
      return TRUE;
    }

  if (!account->authenticated)
    {
      ts_respond_error (msg, 401, "account_not_authenticated",
                        "This OnlyFans account needs to be reconnected in the OnlyFansAPI "
                        "console.");
      return TRUE;
    }

  if (!g_str_equal (parts[1], "chats"))
    {
      ts_respond_error (msg, 404, "not_found", "No such endpoint");
      return TRUE;
    }

  if (parts[2] == NULL)
    {
      respond_chats (self, msg, account, query);
      return TRUE;
    }

  chat = ts_dataset_find_chat (self->dataset, account, parts[2]);
  if (chat == NULL || chat->gone || g_strcmp0 (parts[3], "media") != 0)
    {
      ts_respond_error (msg, 404, "not_found", "Chat not found");
      return TRUE;
    }

  respond_media (self, msg, account, chat, query);
  return TRUE;
}
