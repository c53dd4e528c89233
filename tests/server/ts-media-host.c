/* ts-media-host.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The media host: signed, expiring URLs; Range and HEAD.
 */

#include "config.h"

#include "ts-server.h"

/* "bytes=N-" or "bytes=N-M" against @total; FALSE when unsatisfiable or malformed. */
static gboolean
parse_range (const char *header,
             gsize total,
             gsize *start,
             gsize *end)
{
  guint64 first = 0, last = total ? total - 1 : 0;
  g_auto (GStrv) bounds = NULL;

  if (!g_str_has_prefix (header, "bytes=") || strchr (header, ',') != NULL)
    return FALSE;

  bounds = g_strsplit (header + strlen ("bytes="), "-", 2);
  if (bounds[0] == NULL || bounds[1] == NULL ||
      !g_ascii_string_to_unsigned (bounds[0], 10, 0, G_MAXUINT64, &first, NULL) ||
      (*bounds[1] != '\0' && !g_ascii_string_to_unsigned (bounds[1], 10, 0, G_MAXUINT64, &last, NULL)))
    return FALSE;

  if (first >= total || last < first)
    return FALSE;

  *start = first;
  *end = MIN (last, total - 1);
  return TRUE;
}

void
ts_media_host_handle (TsServer *self,
                      SoupServerMessage *msg,
                      const char *path,
                      GHashTable *query)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *range = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Range");
  const char *content_type = NULL;
  const char *reason = NULL;
  g_autoptr (GBytes) bytes = NULL;
  TsMedia *media;
  gsize total, start = 0, end;

  /* "", "m", id, variant */
  if (g_strv_length (parts) != 4 || !g_str_equal (parts[1], "m"))
    {
      ts_respond_text (msg, 404, "text/plain", "Not found");
      return;
    }

  media = g_hash_table_lookup (self->dataset->media_by_id, parts[2]);
  if (media == NULL || media->locked)
    {
      ts_respond_text (msg, 404, "text/plain", "Not found");
      return;
    }

  if (!ts_server_check_signature (self, parts[2], parts[3], query, &reason))
    {
      ts_respond_text (msg, 403, "text/plain", reason);
      return;
    }

  bytes = ts_content_get (self->content, media, parts[3], &content_type);
  if (bytes == NULL)
    {
      ts_respond_text (msg, 404, "text/plain", "No such variant");
      return;
    }

  total = g_bytes_get_size (bytes);
  end = total - 1;
  soup_message_headers_replace (response, "Accept-Ranges", "bytes");

  if (range != NULL && !parse_range (range, total, &start, &end))
    {
      g_autofree char *unsatisfied = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, total);

      soup_message_headers_replace (response, "Content-Range", unsatisfied);
      ts_respond_text (msg, 416, "text/plain", "Range not satisfiable");
      return;
    }

  if (range != NULL)
    {
      g_autofree char *content_range = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT,
                                                        start, end, total);

      soup_message_headers_replace (response, "Content-Range", content_range);
      soup_server_message_set_status (msg, 206, NULL);
    }
  else
    soup_server_message_set_status (msg, 200, NULL);

  soup_message_headers_set_content_type (response, content_type, NULL);

  /* libsoup sends no body for HEAD, but the length of this one. */
  {
    g_autoptr (GBytes) slice = g_bytes_new_from_bytes (bytes, start, end - start + 1);

    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), slice);
  }
}
