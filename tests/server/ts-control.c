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
respond_requests (TsServer *self,
                  SoupServerMessage *msg)
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
respond_faults (TsServer *self,
                SoupServerMessage *msg)
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

static char *
request_body (SoupServerMessage *msg)
{
  g_autoptr (GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  return g_strstrip (g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
}

gboolean
ts_control_handle (TsServer *self,
                   SoupServerMessage *msg,
                   const char *path,
                   GHashTable *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean post = g_str_equal (method, SOUP_METHOD_POST);
  g_auto (GStrv) parts = NULL;

  if (!g_str_has_prefix (path, "/__control/"))
    return FALSE;

  parts = g_strsplit (path + strlen ("/__control/"), "/", -1);

  if (g_str_equal (path, "/__control/dataset"))
    {
      g_autoptr (JsonNode) root = ts_dataset_describe (self->dataset);

      ts_respond_json (msg, 200, root);
    }
  else if (g_str_equal (path, "/__control/requests"))
    respond_requests (self, msg);
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
  else if (post && g_strv_length (parts) == 3 && g_str_equal (parts[0], "chats") && g_str_equal (parts[2], "add-media"))
    {
      TsChat *chat = g_hash_table_lookup (self->dataset->chats_by_id, parts[1]);
      const char *count_text = query ? g_hash_table_lookup (query, "count") : NULL;
      guint64 count = 1;

      if (chat == NULL || (count_text && !g_ascii_string_to_unsigned (count_text, 10, 1, 100000, &count, NULL)))
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
      g_autoptr (GBytes) bytes = media ? ts_content_get (self->content, media, parts[2], &content_type) : NULL;

      if (bytes == NULL)
        ts_respond_text (msg, 404, "text/plain", "No such content");
      else
        {
          soup_server_message_set_status (msg, 200, NULL);
          soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg), content_type, NULL);
          soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
        }
    }
  else
    ts_respond_error (msg, 404, "not_found", "No such control endpoint");

  return TRUE;
}
