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
parse_range (const char *header, gsize total, gsize *start, gsize *end)
{
  guint64 first = 0, last = total ? total - 1 : 0;
  g_auto (GStrv) bounds = NULL;

  if (!g_str_has_prefix (header, "bytes=") || strchr (header, ',') != NULL)
    return FALSE;

  bounds = g_strsplit (header + strlen ("bytes="), "-", 2);
  if (bounds[0] == NULL || bounds[1] == NULL ||
      !g_ascii_string_to_unsigned (bounds[0], 10, 0, G_MAXUINT64, &first, NULL) ||
      (*bounds[1] != '\0' &&
       !g_ascii_string_to_unsigned (bounds[1], 10, 0, G_MAXUINT64, &last, NULL)))
    return FALSE;

  if (first >= total || last < first)
    return FALSE;

  *start = first;
  *end = MIN (last, total - 1);
  return TRUE;
}

/* Faults of a server or proxy that breaks resumed downloads: a 206 for a Range request that
 * is not the part asked for. TRUE when one fired and answered @msg. */
static gboolean
bad_partial (TsServer *self, SoupServerMessage *msg, const char *path, GBytes *bytes, gsize start)
{
  static const char *const kinds[] = { "wrong-range", "no-content-range", "wrong-total", NULL };
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  TsFault *fault = ts_server_fault_for (self, TS_LISTENER_MEDIA, path, kinds);
  gsize total = g_bytes_get_size (bytes);
  g_autofree char *content_range = NULL;
  g_autoptr (GBytes) slice = NULL;

  if (fault == NULL)
    return FALSE;

  if (g_str_equal (fault->kind, "wrong-range"))
    {
      /* From half the offset asked for, and saying so. */
      gsize from = start / 2;

      content_range =
          g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT, from,
                           total - 1, total);
      slice = g_bytes_new_from_bytes (bytes, from, total - from);
    }
  else if (g_str_equal (fault->kind, "no-content-range"))
    {
      /* The right bytes, but nothing says which. */
      slice = g_bytes_new_from_bytes (bytes, start, total - start);
    }
  else
    {
      /* The right start, but the file is said to be 1000 bytes longer, and they follow. */
      g_autoptr (GByteArray) longer = g_byte_array_new ();
      guint8 filler[1000] = { 0 };

      g_byte_array_append (longer, (const guint8 *) g_bytes_get_data (bytes, NULL) + start,
                           total - start);
      g_byte_array_append (longer, filler, sizeof filler);
      content_range =
          g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT, start,
                           total + sizeof filler - 1, total + sizeof filler);
      slice = g_byte_array_free_to_bytes (g_steal_pointer (&longer));
    }

  if (content_range != NULL)
    soup_message_headers_replace (response, "Content-Range", content_range);
  soup_server_message_set_status (msg, 206, NULL);
  soup_message_body_append_bytes (body, slice);
  return TRUE;
}

void
ts_media_host_handle (TsServer *self, SoupServerMessage *msg, const char *path, GHashTable *query)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *range =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Range");
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

  if (query != NULL && g_hash_table_contains (query, "grant"))
    {
      /* A grant of the download endpoint: once for a GET, any number of times for HEAD. */
      gboolean head = g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_HEAD);
      const char *token = g_hash_table_lookup (query, "grant");
      TsGrant *grant = g_hash_table_lookup (self->grants, token);

      if (grant == NULL || !g_str_equal (grant->media_id, parts[2]) ||
          !g_str_equal (grant->variant, parts[3]) || (grant->head_only && !head))
        {
          ts_respond_text (msg, SOUP_STATUS_FORBIDDEN, "text/plain",
                           "Access denied: grant already used or not valid");
          return;
        }
      if (!head)
        g_hash_table_remove (self->grants, token);
    }
  else if (!ts_server_check_signature (self, parts[2], parts[3], query, &reason))
    {
      ts_respond_text (msg, 403, "text/plain", reason);
      return;
    }
  else if (self->refuse_direct && media->chat->account->service == TS_SERVICE_ONLYFANSAPI)
    {
      /* The URL is valid, but bound to the session's proxy: not an expiry. */
      ts_respond_text (msg, SOUP_STATUS_FORBIDDEN, "text/plain", "Access denied");
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

  if (range != NULL && bad_partial (self, msg, path, bytes, start))
    {
      soup_message_headers_set_content_type (response, content_type, NULL);
      return;
    }

  if (range != NULL)
    {
      g_autofree char *content_range =
          g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT, start,
                           end, total);

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
