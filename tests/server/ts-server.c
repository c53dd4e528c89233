/* ts-server.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The two listeners, the request log, fault injection and latency, and what every route
 * shares: responses and signed media URLs.
 */

#include "config.h"

#include "ts-server.h"

void
ts_fault_free (TsFault *fault)
{
  g_free (fault->kind);
  g_free (fault->spec);
  g_free (fault->path);
  g_free (fault->message);
  g_free (fault->location);
  g_rand_free (fault->rand);
  g_free (fault);
}

TsFault *
ts_fault_parse (const char *spec, GError **error)
{
  static const char *const kinds[] = { "latency",       "429",
                                       "5xx",           "cut",
                                       "stall",         "expire",
                                       "malformed",     "content-type",
                                       "repeat-cursor", "empty-more",
                                       "hostile-names", "redirect",
                                       "wrong-range",   "no-content-range",
                                       "wrong-total",   "corrupt",
                                       "oversize",      NULL };
  g_autofree char *kind = NULL;
  g_auto (GStrv) pairs = NULL;
  const char *colon = strchr (spec, ':');
  TsFault *fault;
  guint seed = 1;

  kind = colon ? g_strndup (spec, colon - spec) : g_strdup (spec);
  if (!g_strv_contains (kinds, kind))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "Unknown fault kind “%s”",
                   kind);
      return NULL;
    }

  fault = g_new0 (TsFault, 1);
  fault->kind = g_steal_pointer (&kind);
  fault->spec = g_strdup (spec);
  fault->retry_after = 1;
  fault->status = 503;
  fault->probability = 1.0;
  fault->listener = -1;
  fault->bytes = -1;

  pairs = colon ? g_strsplit (colon + 1, ",", -1) : g_new0 (char *, 1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto (GStrv) kv = g_strsplit (pairs[i], "=", 2);
      guint64 number = 0;
      gboolean numeric;

      if (kv[0] == NULL || kv[1] == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "Bad fault parameter “%s”",
                       pairs[i]);
          ts_fault_free (fault);
          return NULL;
        }

      numeric = g_ascii_string_to_unsigned (kv[1], 10, 0, G_MAXUINT, &number, NULL);

      if (g_str_equal (kv[0], "p"))
        fault->probability = g_ascii_strtod (kv[1], NULL);
      else if (g_str_equal (kv[0], "path"))
        fault->path = g_strdup (kv[1]);
      else if (g_str_equal (kv[0], "message") &&
               (fault->message = g_uri_unescape_string (kv[1], NULL)) != NULL)
        ;
      else if (g_str_equal (kv[0], "location") &&
               (fault->location = g_uri_unescape_string (kv[1], NULL)) != NULL)
        ;
      else if (g_str_equal (kv[0], "server") &&
               (g_str_equal (kv[1], "api") || g_str_equal (kv[1], "media")))
        fault->listener = g_str_equal (kv[1], "api") ? TS_LISTENER_API : TS_LISTENER_MEDIA;
      else if (numeric && g_str_equal (kv[0], "ms"))
        fault->ms = number;
      else if (numeric && g_str_equal (kv[0], "retry-after"))
        fault->retry_after = number;
      else if (numeric && g_str_equal (kv[0], "status"))
        fault->status = number;
      else if (numeric && g_str_equal (kv[0], "nth"))
        fault->nth = number;
      else if (numeric && g_str_equal (kv[0], "count"))
        fault->count = number;
      else if (numeric && g_str_equal (kv[0], "bytes"))
        fault->bytes = number;
      else if (numeric && g_str_equal (kv[0], "seed"))
        seed = number;
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "Bad fault parameter “%s”",
                       pairs[i]);
          ts_fault_free (fault);
          return NULL;
        }
    }

  fault->rand = g_rand_new_with_seed (seed);
  return fault;
}

/* The faults that fire on this request, by kind. */
TsFault *
ts_server_fault_for (TsServer *self,
                     TsListener listener,
                     const char *path,
                     const char *const *kinds)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      TsFault *fault = g_ptr_array_index (self->faults, i);

      if (!g_strv_contains (kinds, fault->kind))
        continue;
      if (fault->listener >= 0 && fault->listener != (int) listener)
        continue;
      /* Faults about media links only make sense on the media host. */
      if (fault->listener < 0 && listener == TS_LISTENER_API &&
          (g_str_equal (fault->kind, "expire") || g_str_equal (fault->kind, "content-type") ||
           g_str_equal (fault->kind, "corrupt") || g_str_equal (fault->kind, "oversize")))
        continue;
      if (fault->listener < 0 && listener == TS_LISTENER_MEDIA &&
          g_str_equal (fault->kind, "malformed"))
        continue;
      if (fault->path != NULL && strstr (path, fault->path) == NULL)
        continue;
      if (g_str_has_prefix (path, "/__control"))
        continue;

      fault->matched++;
      if (fault->nth > 0 && fault->matched != fault->nth)
        continue;
      if (fault->count > 0 && fault->fired >= fault->count)
        continue;
      if (fault->probability < 1.0 && g_rand_double (fault->rand) >= fault->probability)
        continue;

      fault->fired++;
      return fault;
    }

  return NULL;
}

/* A name as a hostile service would send it: terminal escapes around it (OSC retitle, BEL,
 * clear screen, C1 CSI, DEL). */
char *
ts_hostile_name (gboolean hostile, const char *name)
{
  if (name == NULL || !hostile)
    return g_strdup (name);

  return g_strconcat ("\033]0;pwned\007\033[2J", name, "\302\2331m\177", NULL);
}

/* Faults the routes ask for themselves (paging, hostile names): they change what a page says. */
TsFault *
ts_server_paging_fault (TsServer *self, SoupServerMessage *msg, const char *kind)
{
  const char *const kinds[] = { kind, NULL };

  return ts_server_fault_for (self, TS_LISTENER_API,
                              g_uri_get_path (soup_server_message_get_uri (msg)), kinds);
}

void
ts_respond_json (SoupServerMessage *msg, guint status, JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  /* set_response() appends to a body already set: a fault's page must replace it. */
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

void
ts_respond_text (SoupServerMessage *msg, guint status, const char *content_type, const char *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

void
ts_respond_error (SoupServerMessage *msg, guint status, const char *error, const char *message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  if (message != NULL)
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  ts_respond_json (msg, status, node);
}

void
ts_json_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
ts_json_int (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
ts_json_bool (JsonBuilder *builder, const char *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
ts_json_time (JsonBuilder *builder, const char *name, gint64 unix_time, gboolean zulu)
{
  g_autoptr (GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (unix_time <= 0)
    {
      ts_json_string (builder, name, NULL);
      return;
    }

  time = g_date_time_new_from_unix_utc (unix_time);
  text = g_date_time_format (time, zulu ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S+00:00");
  ts_json_string (builder, name, text);
}

void
ts_server_bill (TsServer *self, SoupServerMessage *msg, gint64 credits)
{
  JsonObject *entry = g_object_get_data (G_OBJECT (msg), "ts-log");

  self->credit_balance -= credits;
  if (entry != NULL)
    json_object_set_int_member (entry, "credits",
                                json_object_get_int_member (entry, "credits") + credits);
}

void
ts_grant_free (TsGrant *grant)
{
  g_free (grant->media_id);
  g_free (grant->variant);
  g_free (grant);
}

char *
ts_server_grant (TsServer *self, TsMedia *media, const char *variant, gboolean head_only)
{
  TsGrant *grant = g_new0 (TsGrant, 1);
  g_autofree char *seed = g_strdup_printf ("grant/%" G_GUINT64_FORMAT, ++self->next_grant);
  char *token = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) self->sign_key,
                                           strlen (self->sign_key), seed, -1);

  grant->media_id = g_strdup (media->id);
  grant->variant = g_strdup (variant);
  grant->head_only = head_only;
  g_hash_table_insert (self->grants, token, grant);

  return g_strdup_printf ("%s/m/%s/%s?grant=%s", self->media_url, media->id, variant, token);
}

/* What tests count requests by: the route's pattern, and the media a media-host request is for. */
static char *
route_of (const char *method, const char *path, char **media_id)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);
  const char *pattern = path;

  *media_id = NULL;
  /* parts[0] is the empty text before the first slash. */
  if (n == 4 && g_str_equal (parts[1], "m"))
    {
      *media_id = g_strdup (parts[2]);
      pattern = "/m/{media}/{variant}";
    }
  else if (n == 4 && g_str_equal (parts[1], "chats") && g_str_equal (parts[3], "media"))
    pattern = "/chats/{chat}/media";
  else if (n == 4 && g_str_equal (parts[1], "creators") && g_str_equal (parts[3], "chats"))
    pattern = "/creators/{creator}/chats";
  else if (n == 6 && g_str_equal (parts[1], "creators") && g_str_equal (parts[3], "chats") &&
           g_str_equal (parts[5], "media"))
    pattern = "/creators/{creator}/chats/{chat}/media";
  else if (n == 4 && g_str_equal (parts[1], "api") && g_str_equal (parts[3], "chats"))
    pattern = "/api/{account}/chats";
  else if (n == 6 && g_str_equal (parts[1], "api") && g_str_equal (parts[3], "chats") &&
           g_str_equal (parts[5], "media"))
    pattern = "/api/{account}/chats/{chat}/media";
  else if (n >= 6 && g_str_equal (parts[1], "api") && g_str_equal (parts[3], "media") &&
           g_str_equal (parts[4], "download"))
    pattern = "/api/{account}/media/download/{cdnUrl}";

  return g_strconcat (method, " ", pattern, NULL);
}

const char *
ts_request_bearer (SoupServerMessage *msg)
{
  const char *value =
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (value == NULL || !g_str_has_prefix (value, "Bearer "))
    return NULL;

  return value + strlen ("Bearer ");
}

static char *
signature (TsServer *self,
           const char *media_id,
           const char *variant,
           const char *generation,
           const char *expires)
{
  g_autofree char *text = g_strdup_printf ("%s/%s/%s/%s", media_id, variant, generation, expires);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) self->sign_key,
                                    strlen (self->sign_key), text, -1);
}

char *
ts_server_media_url (TsServer *self, TsMedia *media, const char *variant)
{
  g_autofree char *generation = g_strdup_printf ("%u", self->url_generation);
  g_autofree char *expires =
      g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC + self->url_ttl);
  g_autofree char *sig = signature (self, media->id, variant, generation, expires);

  return g_strdup_printf ("%s/m/%s/%s?g=%s&exp=%s&sig=%s", self->media_url, media->id, variant,
                          generation, expires, sig);
}

gboolean
ts_server_check_signature (TsServer *self,
                           const char *media_id,
                           const char *variant,
                           GHashTable *query,
                           const char **reason)
{
  const char *generation = query ? g_hash_table_lookup (query, "g") : NULL;
  const char *expires = query ? g_hash_table_lookup (query, "exp") : NULL;
  const char *sig = query ? g_hash_table_lookup (query, "sig") : NULL;
  g_autofree char *expected = NULL;

  if (generation == NULL || expires == NULL || sig == NULL)
    {
      *reason = "unsigned";
      return FALSE;
    }

  expected = signature (self, media_id, variant, generation, expires);
  if (!g_str_equal (expected, sig))
    {
      *reason = "bad signature";
      return FALSE;
    }

  if (g_ascii_strtoll (expires, NULL, 10) < g_get_real_time () / G_USEC_PER_SEC ||
      g_ascii_strtoull (generation, NULL, 10) != self->url_generation)
    {
      *reason = "expired";
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  TsServer *server;
  TsListener listener;
  SoupServerMessage *msg;
  char *path;
  GHashTable *query;
  TsFault *after;  /* cut, stall, malformed or content-type: applied to the response */
  gulong finished; /* the client went away while the response was delayed */
  gboolean gone;
} Pending;

static void
pending_free (Pending *pending)
{
  g_clear_signal_handler (&pending->finished, pending->msg);
  g_object_unref (pending->msg);
  g_free (pending->path);
  g_clear_pointer (&pending->query, g_hash_table_unref);
  g_free (pending);
}

static void
finished_cb (SoupServerMessage *msg, TsServer *self)
{
  JsonObject *entry = g_object_get_data (G_OBJECT (msg), "ts-log");
  TsListener listener = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (msg), "ts-listener"));

  /* A cut response is finished by hand before the connection goes. */
  if (entry == NULL)
    return;

  json_object_set_int_member (entry, "status", soup_server_message_get_status (msg));
  if (self->in_flight[listener] > 0)
    self->in_flight[listener]--;
  g_object_set_data (G_OBJECT (msg), "ts-log", NULL);
}

/* Sends the response's headers and half its body, then drops the connection. */
static void
cut_response (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr (GIOStream) stream = NULL;
  g_autoptr (GString) head = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  GOutputStream *out;
  gsize length = g_bytes_get_size (bytes);

  g_string_append_printf (head, "HTTP/1.1 %u Cut\r\n", soup_server_message_get_status (msg));
  soup_message_headers_iter_init (&iter, soup_server_message_get_response_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Content-Length") != 0)
      g_string_append_printf (head, "%s: %s\r\n", name, value);
  g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                          length);

  stream = soup_server_message_steal_connection (msg);
  out = g_io_stream_get_output_stream (stream);
  g_output_stream_write_all (out, head->str, head->len, NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), length / 2, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

/* A stalled connection: held open, silent, until the client closes it or the hold ends. */
typedef struct
{
  GIOStream *stream;
  GCancellable *cancellable;
  guint hold_id;
  guint8 byte;
} Stall;

static void
stall_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Stall *stall = user_data;

  g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);
  g_clear_handle_id (&stall->hold_id, g_source_remove);
  g_io_stream_close (stall->stream, NULL, NULL);
  g_object_unref (stall->stream);
  g_object_unref (stall->cancellable);
  g_free (stall);
}

static gboolean
stall_hold_over_cb (gpointer user_data)
{
  Stall *stall = user_data;

  /* stall_read_cb closes and frees. */
  stall->hold_id = 0;
  g_cancellable_cancel (stall->cancellable);
  return G_SOURCE_REMOVE;
}

/* Sends the response's headers and the first @fault->bytes of its body (half when not
 * given), then nothing more: the client must notice the silence by itself. */
static void
stall_response (SoupServerMessage *msg, TsFault *fault)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr (GString) head = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  GOutputStream *out;
  gsize length = g_bytes_get_size (bytes);
  gsize sent = fault->bytes >= 0 ? MIN ((gsize) fault->bytes, length) : length / 2;
  Stall *stall = g_new0 (Stall, 1);

  g_string_append_printf (head, "HTTP/1.1 %u Stall\r\n", soup_server_message_get_status (msg));
  soup_message_headers_iter_init (&iter, soup_server_message_get_response_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Content-Length") != 0)
      g_string_append_printf (head, "%s: %s\r\n", name, value);
  g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", length);

  stall->stream = soup_server_message_steal_connection (msg);
  stall->cancellable = g_cancellable_new ();
  out = g_io_stream_get_output_stream (stall->stream);
  g_output_stream_write_all (out, head->str, head->len, NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), sent, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);

  stall->hold_id = g_timeout_add (fault->ms > 0 ? fault->ms : 120000, stall_hold_over_cb, stall);
  g_input_stream_read_async (g_io_stream_get_input_stream (stall->stream), &stall->byte, 1,
                             G_PRIORITY_DEFAULT, stall->cancellable, stall_read_cb, stall);
}

/* A successful response keeps its status and type, but its body is bytes that no decoder
 * reads: a file damaged at the source. */
static void
corrupt_response (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  GString *junk;

  if (soup_server_message_get_status (msg) >= 300 || content_type == NULL)
    return;

  junk = g_string_new (NULL);
  while (junk->len < 16384)
    g_string_append (junk, "This is not the file you asked for. ");

  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, junk->str, junk->len);
  g_string_free (junk, FALSE);
}

static guint32
crc32_of (const guint8 *data, gsize length)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }

  return ~crc;
}

static void
append_png_chunk (GByteArray *png, const char *type, const guint8 *data, gsize length)
{
  g_autofree guint8 *typed = g_malloc (4 + length);
  guint32 be_length = GUINT32_TO_BE ((guint32) length), crc;

  memcpy (typed, type, 4);
  if (length > 0)
    memcpy (typed + 4, data, length);
  crc = GUINT32_TO_BE (crc32_of (typed, 4 + length));

  g_byte_array_append (png, (guint8 *) &be_length, 4);
  g_byte_array_append (png, typed, 4 + length);
  g_byte_array_append (png, (guint8 *) &crc, 4);
}

/* A successful response becomes the start of a PNG that claims 40000 x 40000 pixels: 8 KiB
 * that would take 6 GB to decode. */
static void
oversize_response (SoupServerMessage *msg)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 header[13] = { 0 };
  guint32 side = GUINT32_TO_BE (40000);
  g_autofree guint8 *pixels = g_malloc0 (8000);
  GByteArray *png;

  if (soup_server_message_get_status (msg) >= 300)
    return;

  memcpy (header, &side, 4);
  memcpy (header + 4, &side, 4);
  header[8] = 8; /* bit depth */
  header[9] = 6; /* RGBA */
  /* The start of a zlib stream, then nothing much: decoders stop at the header. */
  pixels[0] = 0x78;
  pixels[1] = 0x9c;

  png = g_byte_array_new ();
  g_byte_array_append (png, signature, sizeof signature);
  append_png_chunk (png, "IHDR", header, sizeof header);
  append_png_chunk (png, "IDAT", pixels, 8000);

  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY, (const char *) png->data,
                                    png->len);
  g_byte_array_unref (png);
}

/* FALSE when the connection was cut or stalled: the message is no longer the server's to send. */
static gboolean
process (Pending *pending)
{
  TsServer *self = pending->server;
  SoupServerMessage *msg = pending->msg;
  TsFault *after = pending->after;

  if (pending->listener == TS_LISTENER_MEDIA)
    {
      JsonObject *entry = g_object_get_data (G_OBJECT (msg), "ts-log");
      guint status;
      gsize length;

      ts_media_host_handle (self, msg, pending->path, pending->query);
      status = soup_server_message_get_status (msg);
      length = soup_server_message_get_response_body (msg)->length;
      /* The bytes of media the host served (none for HEAD or a refusal), as far as they went. */
      if (entry != NULL && (status == SOUP_STATUS_OK || status == SOUP_STATUS_PARTIAL_CONTENT) &&
          !g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_HEAD))
        {
          if (after != NULL && g_str_equal (after->kind, "cut"))
            length /= 2;
          else if (after != NULL && g_str_equal (after->kind, "stall"))
            length = after->bytes >= 0 ? MIN ((gsize) after->bytes, length) : length / 2;
          json_object_set_int_member (entry, "bytes", length);
        }
    }
  else if (!ts_control_handle (self, msg, pending->path, pending->query) &&
           !ts_oauth_handle (self, msg, pending->path, pending->query) &&
           !ts_onlyfansapi_handle (self, msg, pending->path, pending->query) &&
           !ts_fanvue_handle (self, msg, pending->path, pending->query))
    ts_respond_error (msg, 404, "not_found", "No such endpoint");

  /* A page of its own, not a part of the file that was asked for. */
  if (after != NULL &&
      (g_str_equal (after->kind, "malformed") || g_str_equal (after->kind, "content-type") ||
       g_str_equal (after->kind, "corrupt") || g_str_equal (after->kind, "oversize")))
    soup_message_headers_remove (soup_server_message_get_response_headers (msg), "Content-Range");

  if (after != NULL && g_str_equal (after->kind, "corrupt"))
    corrupt_response (msg);
  else if (after != NULL && g_str_equal (after->kind, "oversize"))
    oversize_response (msg);
  else if (after != NULL && g_str_equal (after->kind, "malformed"))
    ts_respond_text (msg, 200, "application/json", "{\"data\":[{\"uuid\":\"trunc");
  else if (after != NULL && g_str_equal (after->kind, "content-type"))
    ts_respond_text (msg, 200, "text/html",
                     "<!DOCTYPE html><html><body><h1>Error</h1><p>Something went "
                     "wrong.</p></body></html>");
  else if (after != NULL && g_str_equal (after->kind, "cut") &&
           soup_server_message_get_status (msg) < 300)
    {
      /* The log sees it as sent: the client sees a short body. */
      finished_cb (msg, self);
      cut_response (msg);
      return FALSE;
    }
  else if (after != NULL && g_str_equal (after->kind, "stall") &&
           soup_server_message_get_status (msg) < 300)
    {
      finished_cb (msg, self);
      stall_response (msg, after);
      return FALSE;
    }

  return TRUE;
}

static void
pending_gone_cb (Pending *pending)
{
  pending->gone = TRUE;
}

static gboolean
delayed_cb (gpointer user_data)
{
  Pending *pending = user_data;

  /* Unpausing a message whose connection is gone (cut, or closed by the client meanwhile)
   * is a critical in libsoup. */
  if (!pending->gone && process (pending))
    soup_server_message_unpause (pending->msg);
  pending_free (pending);

  return G_SOURCE_REMOVE;
}

static void
handle (TsServer *self,
        SoupServerMessage *msg,
        const char *path,
        GHashTable *query,
        TsListener listener)
{
  static const char *const before_kinds[] = { "429", "5xx", "expire", "redirect", NULL };
  static const char *const after_kinds[] = { "cut",     "stall",    "malformed", "content-type",
                                             "corrupt", "oversize", NULL };
  static const char *const latency_kinds[] = { "latency", NULL };
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  JsonObject *entry = json_object_new ();
  GUri *uri = soup_server_message_get_uri (msg);
  const char *api_version = soup_message_headers_get_one (headers, "X-Fanvue-API-Version");
  const char *range = soup_message_headers_get_one (headers, "Range");
  TsFault *fault, *latency;
  Pending *pending;
  guint delay;

  json_object_set_int_member (entry, "seq", ++self->next_seq);
  /* When it arrived, on the system's monotonic clock: tests measure the gaps. */
  json_object_set_int_member (entry, "time_ms", g_get_monotonic_time () / 1000);
  json_object_set_string_member (entry, "server", listener == TS_LISTENER_API ? "api" : "media");
  json_object_set_string_member (entry, "method", soup_server_message_get_method (msg));
  json_object_set_string_member (entry, "path", path);
  json_object_set_string_member (entry, "query",
                                 g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  json_object_set_boolean_member (entry, "authorization",
                                  soup_message_headers_get_one (headers, "Authorization") != NULL);
  {
    const char *authorization = soup_message_headers_get_one (headers, "Authorization");
    g_autofree char *media_id = NULL;
    g_autofree char *route = route_of (soup_server_message_get_method (msg), path, &media_id);

    /* Wherever the OnlyFansAPI key came in: tests assert it never reaches the media host. */
    json_object_set_boolean_member (entry, "api_key",
                                    (authorization && strstr (authorization, TS_ONLYFANSAPI_KEY)) ||
                                        (g_uri_get_query (uri) &&
                                         strstr (g_uri_get_query (uri), TS_ONLYFANSAPI_KEY)));
    json_object_set_string_member (entry, "route", route);
    if (media_id && listener == TS_LISTENER_MEDIA)
      json_object_set_string_member (entry, "media_id", media_id);
    else
      json_object_set_null_member (entry, "media_id");
    json_object_set_int_member (entry, "bytes", 0);
    json_object_set_int_member (entry, "credits", 0);
  }
  if (api_version)
    json_object_set_string_member (entry, "api_version", api_version);
  else
    json_object_set_null_member (entry, "api_version");
  if (range)
    json_object_set_string_member (entry, "range", range);
  else
    json_object_set_null_member (entry, "range");
  json_object_set_int_member (entry, "status", 0);

  /* The control interface is not part of what tests observe. */
  if (!g_str_has_prefix (path, "/__control"))
    {
      g_ptr_array_add (self->log, json_object_ref (entry));
      g_object_set_data_full (G_OBJECT (msg), "ts-log", entry, (GDestroyNotify) json_object_unref);
      g_object_set_data (G_OBJECT (msg), "ts-listener", GUINT_TO_POINTER (listener));
      self->in_flight[listener]++;
      self->max_in_flight[listener] =
          MAX (self->max_in_flight[listener], self->in_flight[listener]);
      g_signal_connect (msg, "finished", G_CALLBACK (finished_cb), self);
    }
  else
    json_object_unref (entry);

  fault = ts_server_fault_for (self, listener, path, before_kinds);
  if (fault != NULL && g_str_equal (fault->kind, "429"))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", fault->retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                    seconds);
      ts_respond_error (msg, 429, "Too many requests", NULL);
      return;
    }
  if (fault != NULL && g_str_equal (fault->kind, "5xx"))
    {
      ts_respond_error (msg, fault->status, "Server error",
                        fault->message ? fault->message : "Injected failure");
      return;
    }
  if (fault != NULL && g_str_equal (fault->kind, "redirect"))
    {
      soup_server_message_set_redirect (msg, 302,
                                        fault->location ? fault->location
                                                        : "http://insecure.invalid/");
      return;
    }
  if (fault != NULL && g_str_equal (fault->kind, "expire"))
    {
      ts_respond_text (msg, 403, "text/plain", "Request has expired");
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->server = self;
  pending->listener = listener;
  pending->msg = g_object_ref (msg);
  pending->path = g_strdup (path);
  pending->query = query ? g_hash_table_ref (query) : NULL;
  pending->after = ts_server_fault_for (self, listener, path, after_kinds);

  latency = ts_server_fault_for (self, listener, path, latency_kinds);
  delay = latency ? latency->ms : 0;
  if (self->latency_ms > 0 && !g_str_has_prefix (path, "/__control"))
    delay += self->latency_ms + (self->latency_jitter_ms
                                     ? g_rand_int_range (self->rand, 0, self->latency_jitter_ms + 1)
                                     : 0);

  if (delay == 0)
    {
      process (pending);
      pending_free (pending);
      return;
    }

  soup_server_message_pause (msg);
  pending->finished =
      g_signal_connect_swapped (msg, "finished", G_CALLBACK (pending_gone_cb), pending);
  g_timeout_add (delay, delayed_cb, pending);
}

static void
api_handler (SoupServer *server,
             SoupServerMessage *msg,
             const char *path,
             GHashTable *query,
             gpointer user_data)
{
  handle (user_data, msg, path, query, TS_LISTENER_API);
}

static void
media_handler (SoupServer *server,
               SoupServerMessage *msg,
               const char *path,
               GHashTable *query,
               gpointer user_data)
{
  handle (user_data, msg, path, query, TS_LISTENER_MEDIA);
}

static char *
listen_on (SoupServer *server, guint port, GError **error)
{
  GSList *uris;
  char *url;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  if (!soup_server_listen (server, address, 0, error))
    return NULL;

  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* No trailing slash: clients append paths. */
  if (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  return url;
}

void
ts_server_listen (TsServer *self, guint api_port, guint media_port, GError **error)
{
  self->api = soup_server_new ("server-header", "trove-test-server ", NULL);
  self->media = soup_server_new ("server-header", "trove-test-media ", NULL);
  soup_server_add_handler (self->api, NULL, api_handler, self, NULL);
  soup_server_add_handler (self->media, NULL, media_handler, self, NULL);

  self->api_url = listen_on (self->api, api_port, error);
  if (self->api_url == NULL)
    return;
  self->media_url = listen_on (self->media, media_port, error);
}
