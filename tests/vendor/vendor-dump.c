/* vendor-dump.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Parses one chat-media body with Trove's own parser and prints what landed where, as JSON, so
 * that check-vendor-examples.py can hold it against the vendor's example. */

#include "config.h"

#include <json-glib/json-glib.h>

#include "trove-fanvue-parser.h"
#include "trove-media.h"
#include "trove-onlyfansapi-parser.h"

#define CHAT_ID "vendor-example-chat"

static const char *const variant_names[TROVE_N_VARIANTS] = {
  [TROVE_VARIANT_THUMBNAIL] = "thumbnail",
  [TROVE_VARIANT_GALLERY_THUMBNAIL] = "thumbnail_gallery",
  [TROVE_VARIANT_MAIN] = "main",
  [TROVE_VARIANT_BLURRED] = "blurred",
};

static void
add_media (JsonBuilder *builder, TroveMedia *media)
{
  GDateTime *sent_at = trove_media_get_sent_at (media);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, trove_media_get_id (media));
  json_builder_set_member_name (builder, "message_id");
  json_builder_add_string_value (builder, trove_media_get_message_id (media));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder,
                                 trove_media_kind_to_string (trove_media_get_kind (media)));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, trove_media_get_name (media));
  json_builder_set_member_name (builder, "sent_at_unix");
  if (sent_at != NULL)
    json_builder_add_int_value (builder, g_date_time_to_unix (sent_at));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "sender_id");
  json_builder_add_string_value (builder, trove_media_get_sender_id (media));
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, trove_media_get_width (media));
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, trove_media_get_height (media));
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, trove_media_get_duration_ms (media));
  json_builder_set_member_name (builder, "locked");
  json_builder_add_boolean_value (builder, trove_media_get_locked (media));

  json_builder_set_member_name (builder, "variants");
  json_builder_begin_object (builder);
  for (guint v = 0; v < TROVE_N_VARIANTS; v++)
    {
      const TroveMediaVariant *variant = trove_media_get_variant (media, v);

      if (variant == NULL || (variant->url == NULL && variant->width == 0 && variant->size == 0))
        continue;
      json_builder_set_member_name (builder, variant_names[v]);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, variant->url);
      json_builder_set_member_name (builder, "width");
      json_builder_add_int_value (builder, variant->width);
      json_builder_set_member_name (builder, "height");
      json_builder_add_int_value (builder, variant->height);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, variant->size);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  gsize length;
  gint64 limit, remaining;

  if (argc != 3 || !g_file_get_contents (argv[2], &contents, &length, &error))
    {
      g_printerr ("usage: vendor-dump fanvue|onlyfansapi FILE%s%s\n", error ? ": " : "",
                  error ? error->message : "");
      return 2;
    }
  body = g_bytes_new_take (g_steal_pointer (&contents), length);

  if (g_str_equal (argv[1], "fanvue"))
    page = trove_fanvue_parse_media (body, "vendor example", CHAT_ID, &error);
  else
    page = trove_onlyfansapi_parse_media (body, "vendor example", CHAT_ID, 0, &error);
  if (page == NULL)
    {
      g_printerr ("vendor-dump: %s\n", error->message);
      return 1;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "next_token");
  json_builder_add_string_value (builder, trove_page_get_next_token (page));
  if (trove_page_get_rate_limit (page, &limit, &remaining))
    {
      json_builder_set_member_name (builder, "rate_limit");
      json_builder_add_int_value (builder, limit);
      json_builder_set_member_name (builder, "rate_remaining");
      json_builder_add_int_value (builder, remaining);
    }
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < trove_page_get_items (page)->len; i++)
    add_media (builder, g_ptr_array_index (trove_page_get_items (page), i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
  return 0;
}
