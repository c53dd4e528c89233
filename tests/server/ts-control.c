/* ts-control.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /__control: what tests use to inspect and steer the server.
 */

#include "config.h"

#include "ts-server.h"

static void
respond_requests (TsServer *self, SoupServerMessage *msg)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->log->len; i++)
    {
      JsonNode *node = json_node_init_object (json_node_alloc (), g_ptr_array_index (self->log, i));

      json_builder_add_value (builder, node);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "max_in_flight");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "api");
  json_builder_add_int_value (builder, self->max_in_flight[TS_LISTENER_API]);
  json_builder_set_member_name (builder, "media");
  json_builder_add_int_value (builder, self->max_in_flight[TS_LISTENER_MEDIA]);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ts_respond_json (msg, 200, root);
}

/* How often each fault matched a request and fired: tests check that a fault did happen
 * even where the request log cannot tell (a cut or malformed body is logged as a 200). */
static void
respond_faults (TsServer *self, SoupServerMessage *msg)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "faults");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->faults->len; i++)
    {
      TsFault *fault = g_ptr_array_index (self->faults, i);

      json_builder_begin_object (builder);
      ts_json_string (builder, "spec", fault->spec);
      ts_json_string (builder, "kind", fault->kind);
      ts_json_int (builder, "matched", fault->matched);
      ts_json_int (builder, "fired", fault->fired);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ts_respond_json (msg, 200, root);
}

/* What tests count, from the request log since the last reset: requests per route, bytes the
 * media host served per media id, credits billed. */
static void
respond_stats (TsServer *self, SoupServerMessage *msg)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GHashTable) routes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) media_bytes =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (GHashTable) media_requests = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 billed = 0, total_bytes = 0;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < self->log->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (self->log, i);
      const char *route = json_object_get_string_member (entry, "route");
      const char *media_id = json_object_get_string_member (entry, "media_id");

      g_hash_table_insert (routes, (char *) route,
                           GUINT_TO_POINTER (
                               GPOINTER_TO_UINT (g_hash_table_lookup (routes, route)) + 1));
      billed += json_object_get_int_member (entry, "credits");
      if (media_id != NULL)
        {
          gint64 *sum = g_hash_table_lookup (media_bytes, media_id);

          if (sum == NULL)
            g_hash_table_insert (media_bytes, (char *) media_id, (sum = g_new0 (gint64, 1)));
          *sum += json_object_get_int_member (entry, "bytes");
          total_bytes += json_object_get_int_member (entry, "bytes");
          g_hash_table_insert (media_requests, (char *) media_id,
                               GUINT_TO_POINTER (
                                   GPOINTER_TO_UINT (
                                       g_hash_table_lookup (media_requests, media_id)) +
                                   1));
        }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_add_int_value (builder, self->log->len);
  json_builder_set_member_name (builder, "routes");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, routes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    ts_json_int (builder, key, GPOINTER_TO_UINT (value));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "media_bytes");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, media_bytes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    ts_json_int (builder, key, *(gint64 *) value);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "media_requests");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, media_requests);
  while (g_hash_table_iter_next (&iter, &key, &value))
    ts_json_int (builder, key, GPOINTER_TO_UINT (value));
  json_builder_end_object (builder);
  ts_json_int (builder, "media_bytes_total", total_bytes);
  json_builder_set_member_name (builder, "credits");
  json_builder_begin_object (builder);
  ts_json_int (builder, "billed", billed);
  ts_json_int (builder, "balance", self->credit_balance);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ts_respond_json (msg, 200, root);
}

/* POST /__control/add-media?chats=N[&count=K][&shared=1][&account=fanvue|agency|onlyfansapi]. */
static void
respond_add_media (TsServer *self, SoupServerMessage *msg, GHashTable *query)
{
  const char *names[] = { "fanvue", "agency", "onlyfansapi" };
  TsAccount *accounts[] = { self->dataset->creator,
                            g_ptr_array_index (self->dataset->agency_creators, 0),
                            g_ptr_array_index (self->dataset->onlyfans, 0) };
  const char *chats_text = query ? g_hash_table_lookup (query, "chats") : NULL;
  const char *count_text = query ? g_hash_table_lookup (query, "count") : NULL;
  const char *account_text = query ? g_hash_table_lookup (query, "account") : NULL;
  gboolean shared = query && g_strcmp0 (g_hash_table_lookup (query, "shared"), "1") == 0;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  guint64 chats = 0, count = 1;

  if (chats_text == NULL ||
      !g_ascii_string_to_unsigned (chats_text, 10, 1, 1000000, &chats, NULL) ||
      (count_text && !g_ascii_string_to_unsigned (count_text, 10, 1, 1000, &count, NULL)) ||
      (account_text && !g_str_equal (account_text, "fanvue") &&
       !g_str_equal (account_text, "agency") && !g_str_equal (account_text, "onlyfansapi")))
    {
      ts_respond_error (msg, 400, "bad_request",
                        "chats=N (1 or more), count=K (1-1000), account=fanvue|agency|onlyfansapi");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "chats");
  json_builder_begin_object (builder);
  for (guint a = 0; a < G_N_ELEMENTS (names); a++)
    {
      g_autoptr (GPtrArray) changed = g_ptr_array_new ();

      if (account_text && !g_str_equal (account_text, names[a]))
        continue;
      ts_archive_add_media (self->dataset, accounts[a], chats, count, shared, changed);
      json_builder_set_member_name (builder, names[a]);
      json_builder_begin_array (builder);
      for (guint i = 0; i < changed->len; i++)
        json_builder_add_string_value (builder, changed->pdata[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ts_respond_json (msg, 200, root);
}

static char *
request_body (SoupServerMessage *msg)
{
  g_autoptr (GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  return g_strstrip (g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
}

gboolean
ts_control_handle (TsServer *self, SoupServerMessage *msg, const char *path, GHashTable *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean post = g_str_equal (method, SOUP_METHOD_POST);
  g_auto (GStrv) parts = NULL;

  if (!g_str_has_prefix (path, "/__control/"))
    return FALSE;

  parts = g_strsplit (path + strlen ("/__control/"), "/", -1);

  if (g_str_equal (path, "/__control/dataset"))
    {
      g_autoptr (JsonNode) root = ts_dataset_describe (self->dataset, self->content);

      ts_respond_json (msg, 200, root);
    }
  else if (g_str_equal (path, "/__control/requests"))
    respond_requests (self, msg);
  else if (g_str_equal (path, "/__control/stats"))
    respond_stats (self, msg);
  else if (post && g_str_equal (path, "/__control/add-media"))
    respond_add_media (self, msg, query);
  else if (post && g_str_equal (path, "/__control/refuse-direct"))
    {
      self->refuse_direct = !(query && g_strcmp0 (g_hash_table_lookup (query, "on"), "0") == 0);
      ts_respond_text (msg, 200, "application/json", "{}");
    }
  else if (post && g_str_equal (path, "/__control/reset"))
    {
      g_ptr_array_set_size (self->log, 0);
      g_ptr_array_set_size (self->faults, 0);
      memset (self->max_in_flight, 0, sizeof self->max_in_flight);
      g_hash_table_remove_all (self->rate_windows);
      ts_respond_text (msg, 200, "application/json", "{}");
    }
  else if (g_str_equal (path, "/__control/faults") && g_str_equal (method, SOUP_METHOD_GET))
    respond_faults (self, msg);
  else if (g_str_equal (path, "/__control/faults") && g_str_equal (method, SOUP_METHOD_DELETE))
    {
      g_ptr_array_set_size (self->faults, 0);
      ts_respond_text (msg, 200, "application/json", "{}");
    }
  else if (post && g_str_equal (path, "/__control/faults"))
    {
      g_autofree char *spec = request_body (msg);
      g_autoptr (GError) error = NULL;
      TsFault *fault = ts_fault_parse (spec, &error);

      if (fault == NULL)
        ts_respond_error (msg, 400, "bad_fault", error->message);
      else
        {
          g_ptr_array_add (self->faults, fault);
          ts_respond_text (msg, 200, "application/json", "{}");
        }
    }
  else if (post && g_str_equal (path, "/__control/expire-urls"))
    {
      self->url_generation++;
      ts_respond_text (msg, 200, "application/json", "{}");
    }
  else if (post && g_str_equal (path, "/__control/expire-tokens"))
    {
      ts_oauth_expire_tokens (self);
      ts_respond_text (msg, 200, "application/json", "{}");
    }
  else if (post && g_strv_length (parts) == 3 && g_str_equal (parts[0], "chats") &&
           g_str_equal (parts[2], "add-media"))
    {
      TsChat *chat = g_hash_table_lookup (self->dataset->chats_by_id, parts[1]);
      const char *count_text = query ? g_hash_table_lookup (query, "count") : NULL;
      guint64 count = 1;

      if (chat == NULL ||
          (count_text && !g_ascii_string_to_unsigned (count_text, 10, 1, 100000, &count, NULL)))
        ts_respond_error (msg, 404, "not_found", "No such chat, or a bad count");
      else
        {
          ts_dataset_add_media (self->dataset, chat, count);
          ts_respond_text (msg, 200, "application/json", "{}");
        }
    }
  else if (g_strv_length (parts) == 3 && g_str_equal (parts[0], "content"))
    {
      TsMedia *media = g_hash_table_lookup (self->dataset->media_by_id, parts[1]);
      const char *content_type = NULL;
      g_autoptr (GBytes) bytes =
          media ? ts_content_get (self->content, media, parts[2], &content_type) : NULL;

      if (bytes == NULL)
        ts_respond_text (msg, 404, "text/plain", "No such content");
      else
        {
          soup_server_message_set_status (msg, 200, NULL);
          soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                                 content_type, NULL);
          soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
        }
    }
  else
    ts_respond_error (msg, 404, "not_found", "No such control endpoint");

  return TRUE;
}
