/* test-server-contract.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * trove-test-server keeps its contract (README.md): shapes, paging, cursors, validation,
 * faults, the media host, and no crash on garbage.
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libsoup/soup.h>

#include "trove-test-server-process.h"

#define API_VERSION "2025-06-26"

static TroveTestServerProcess *server;
static SoupSession *session;
static JsonObject *dataset;

typedef struct
{
  guint status;
  GBytes *body;
  SoupMessage *message;
} Response;

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_object (&response->message);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

static Response
request (const char *method, const char *url, const char *token, const char *range)
{
  Response response = { 0 };
  g_autoptr (GError) error = NULL;
  SoupMessageHeaders *headers;

  response.message = soup_message_new (method, url);
  g_assert_nonnull (response.message);
  soup_message_add_flags (response.message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (response.message);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_append (headers, "Authorization", value);
    }
  soup_message_headers_append (headers, "X-Fanvue-API-Version", API_VERSION);
  if (range != NULL)
    soup_message_headers_append (headers, "Range", range);

  response.body = soup_session_send_and_read (session, response.message, NULL, &error);
  g_assert_no_error (error);
  response.status = soup_message_get_status (response.message);
  return response;
}

static JsonNode *
json_of (Response *response)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text =
      g_strndup (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body));
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static char *
api (const char *path)
{
  return g_strconcat (trove_test_server_process_get_api_url (server), path, NULL);
}

static const char *
first_chat (const char *service)
{
  JsonObject *account =
      g_str_equal (service, "fanvue")
          ? json_object_get_object_member (dataset, "fanvue")
          : json_array_get_object_element (json_object_get_array_member (dataset, "onlyfansapi"),
                                           0);

  return json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (account, "chats"), 0), "id");
}

static guint
first_chat_count (void)
{
  JsonObject *fanvue = json_object_get_object_member (dataset, "fanvue");

  return json_object_get_int_member (
      json_array_get_object_element (json_object_get_array_member (fanvue, "chats"), 0),
      "media_count");
}

/* Every item exactly once, newest first, whatever the page size; the cursor round-trips. */
static void
test_fanvue_media_paging (void)
{
  guint sizes[] = { 1, 7, 20, 50 };
  gboolean cursor_has_specials = FALSE;

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autofree char *cursor = NULL;
      g_autofree char *previous = NULL;
      guint total = 0;

      do
        {
          g_autofree char *chat_path = g_strdup_printf ("/chats/%s/media", first_chat ("fanvue"));
          g_autofree char *limit = g_strdup_printf ("%u", sizes[s]);
          g_autofree char *query = cursor
                                       ? soup_form_encode ("limit", limit, "cursor", cursor, NULL)
                                       : soup_form_encode ("limit", limit, NULL);
          g_autofree char *path = g_strconcat (chat_path, "?", query, NULL);
          g_autofree char *url = api (path);
          g_auto (Response) response = request ("GET", url, "fv_test_creator", NULL);
          g_autoptr (JsonNode) root = NULL;
          JsonObject *object;
          JsonArray *data;

          g_assert_cmpuint (response.status, ==, 200);
          root = json_of (&response);
          object = json_node_get_object (root);
          data = json_object_get_array_member (object, "data");
          g_assert_cmpuint (json_array_get_length (data), <=, sizes[s]);

          for (guint i = 0; i < json_array_get_length (data); i++)
            {
              JsonObject *item = json_array_get_object_element (data, i);
              const char *sent = json_object_get_string_member (item, "sentAt");

              g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (item, "uuid")));
              g_assert_true (json_object_has_member (item, "messageUuid"));
              g_assert_true (json_object_has_member (item, "ownerUuid"));
              g_assert_true (json_object_has_member (item, "variants"));
              g_assert_true (
                  g_hash_table_add (seen, g_strdup (json_object_get_string_member (item, "uuid"))));
              if (previous != NULL)
                g_assert_cmpint (strcmp (previous, sent), >=, 0);
              g_free (previous);
              previous = g_strdup (sent);
              total++;
            }

          g_clear_pointer (&cursor, g_free);
          if (!json_object_get_null_member (object, "nextCursor"))
            {
              cursor = g_strdup (json_object_get_string_member (object, "nextCursor"));
              cursor_has_specials |= strpbrk (cursor, "+/=") != NULL;
            }
        }
      while (cursor != NULL);

      g_assert_cmpuint (total, ==, first_chat_count ());
    }

  g_assert_true (cursor_has_specials);
}

static void
test_validation (void)
{
  struct
  {
    const char *path;
    const char *token;
    guint status;
  } cases[] = {
    { "/chats", NULL, 401 },
    { "/chats", "wrong", 401 },
    { "/chats?size=51", "fv_test_creator", 400 },
    { "/chats?page=0", "fv_test_creator", 400 },
    { "/chats/not-a-uuid/media", "fv_test_creator", 400 },
    { "/chats/00000000-0000-4000-8000-000000000000/media", "fv_test_creator", 404 },
    { "/creators", "fv_test_creator", 403 },
    { "/creators", "fv_test_agency", 200 },
    { "/api/accounts", "wrong", 401 },
    { "/api/acct_demo_stale/chats", "ofapi_test_key", 401 },
    { "/nowhere/at/all", "fv_test_creator", 404 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = api (cases[i].path);
      g_auto (Response) response = request ("GET", url, cases[i].token, NULL);
      g_autoptr (JsonNode) body = NULL;

      if (response.status != cases[i].status)
        g_error ("%s: %u, expected %u", cases[i].path, response.status, cases[i].status);
      body = json_of (&response);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (body) || JSON_NODE_HOLDS_ARRAY (body));
    }

  /* No version header: 400; a retired one: 410 with nextVersion. */
  {
    g_autofree char *url = api ("/chats");
    g_autoptr (SoupMessage) message = soup_message_new ("GET", url);
    g_autoptr (GBytes) body = NULL;

    soup_message_headers_append (soup_message_get_request_headers (message), "Authorization",
                                 "Bearer fv_test_creator");
    body = soup_session_send_and_read (session, message, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (message), ==, 400);

    g_clear_object (&message);
    message = soup_message_new ("GET", url);
    soup_message_headers_append (soup_message_get_request_headers (message), "Authorization",
                                 "Bearer fv_test_creator");
    soup_message_headers_append (soup_message_get_request_headers (message), "X-Fanvue-API-Version",
                                 "2020-01-01");
    g_bytes_unref (body);
    body = soup_session_send_and_read (session, message, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (message), ==, 410);
    g_assert_nonnull (
        g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "nextVersion"));
  }
}

static void
test_onlyfansapi_shapes (void)
{
  g_autofree char *accounts_url = api ("/api/accounts");
  g_autofree char *wrapped_url = api ("/api/accounts?envelope=data");
  g_autofree char *media_path =
      g_strdup_printf ("/api/acct_demo_main/chats/%s/media?limit=100", first_chat ("onlyfansapi"));
  g_autofree char *media_url = api (media_path);
  g_auto (Response) bare = request ("GET", accounts_url, "ofapi_test_key", NULL);
  g_auto (Response) wrapped = request ("GET", wrapped_url, "ofapi_test_key", NULL);
  g_auto (Response) media = request ("GET", media_url, "ofapi_test_key", NULL);
  g_autoptr (JsonNode) bare_root = json_of (&bare);
  g_autoptr (JsonNode) wrapped_root = json_of (&wrapped);
  g_autoptr (JsonNode) media_root = json_of (&media);
  JsonObject *data = json_object_get_object_member (json_node_get_object (media_root), "data");
  JsonArray *list = json_object_get_array_member (data, "list");
  guint media_count = 0, locked = 0, multi = 0;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (bare_root));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (bare_root)), ==, 3);
  g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (json_node_get_object (wrapped_root), "data")),
                    ==, 3);

  g_assert_true (json_object_has_member (data, "hasMore"));
  g_assert_true (json_object_has_member (json_node_get_object (media_root), "_meta"));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonArray *items =
          json_object_get_array_member (json_array_get_object_element (list, i), "media");

      multi += json_array_get_length (items) > 1;
      for (guint j = 0; j < json_array_get_length (items); j++)
        {
          JsonObject *item = json_array_get_object_element (items, j);
          JsonObject *full =
              json_object_get_object_member (json_object_get_object_member (item, "files"), "full");

          media_count++;
          if (!json_object_get_boolean_member (item, "canView"))
            {
              locked++;
              g_assert_true (json_object_get_null_member (full, "url"));
            }
        }
    }

  g_assert_cmpuint (multi, >, 0);
  g_assert_cmpuint (locked, >, 0);
  g_assert_cmpuint (media_count, >, json_array_get_length (list));
}

static char *
first_media_url (const char *variant)
{
  g_autofree char *path =
      g_strdup_printf ("/chats/%s/media?limit=10&mediaType=image", first_chat ("fanvue"));
  g_autofree char *url = api (path);
  g_auto (Response) response = request ("GET", url, "fv_test_creator", NULL);
  g_autoptr (JsonNode) root = json_of (&response);
  JsonObject *item =
      json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                   "data"),
                                     0);
  JsonArray *variants = json_object_get_array_member (item, "variants");

  for (guint i = 0; i < json_array_get_length (variants); i++)
    {
      JsonObject *v = json_array_get_object_element (variants, i);

      if (g_str_equal (json_object_get_string_member (v, "variantType"), variant))
        {
          g_object_set_data_full (G_OBJECT (session), "media-id",
                                  g_strdup (json_object_get_string_member (item, "uuid")), g_free);
          return g_strdup (json_object_get_string_member (v, "url"));
        }
    }

  g_assert_not_reached ();
}

static void
test_media_host (void)
{
  g_autofree char *url = first_media_url ("thumbnail");
  g_autoptr (GBytes) expected =
      trove_test_server_process_get_content (server,
                                             g_object_get_data (G_OBJECT (session), "media-id"),
                                             "thumbnail");
  g_auto (Response) whole = request ("GET", url, NULL, NULL);
  g_auto (Response) part = request ("GET", url, NULL, "bytes=10-19");
  g_auto (Response) head = request ("HEAD", url, NULL, NULL);
  g_auto (Response) beyond = request ("GET", url, NULL, "bytes=99999999-");
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (whole.status, ==, 200);
  g_assert_true (g_bytes_equal (whole.body, expected));
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, whole.body, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_cmpint (gdk_pixbuf_get_width (gdk_pixbuf_loader_get_pixbuf (loader)), >, 0);

  g_assert_cmpuint (part.status, ==, 206);
  g_assert_cmpmem (g_bytes_get_data (part.body, NULL), g_bytes_get_size (part.body),
                   (const guint8 *) g_bytes_get_data (expected, NULL) + 10, 10);
  g_assert_cmpuint (head.status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (head.body), ==, 0);
  g_assert_cmpint (soup_message_headers_get_content_length (
                       soup_message_get_response_headers (head.message)),
                   ==, g_bytes_get_size (expected));
  g_assert_cmpuint (beyond.status, ==, 416);

  trove_test_server_process_expire_urls (server);
  {
    g_auto (Response) expired = request ("GET", url, NULL, NULL);

    g_assert_cmpuint (expired.status, ==, 403);
  }
}

static void
test_faults (void)
{
  g_autofree char *url = api ("/chats");

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "429:nth=2,retry-after=7");
  {
    g_auto (Response) first = request ("GET", url, "fv_test_creator", NULL);
    g_auto (Response) second = request ("GET", url, "fv_test_creator", NULL);
    g_auto (Response) third = request ("GET", url, "fv_test_creator", NULL);

    g_assert_cmpuint (first.status, ==, 200);
    g_assert_cmpuint (second.status, ==, 429);
    g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (
                                                       second.message),
                                                   "Retry-After"),
                     ==, "7");
    g_assert_cmpuint (third.status, ==, 200);
  }

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "5xx:status=502,count=2");
  {
    g_auto (Response) a = request ("GET", url, "fv_test_creator", NULL);
    g_auto (Response) b = request ("GET", url, "fv_test_creator", NULL);
    g_auto (Response) c = request ("GET", url, "fv_test_creator", NULL);

    g_assert_cmpuint (a.status, ==, 502);
    g_assert_cmpuint (b.status, ==, 502);
    g_assert_cmpuint (c.status, ==, 200);
  }

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "malformed:nth=1");
  {
    g_auto (Response) bad = request ("GET", url, "fv_test_creator", NULL);
    g_autofree char *text =
        g_strndup (g_bytes_get_data (bad.body, NULL), g_bytes_get_size (bad.body));

    g_assert_cmpuint (bad.status, ==, 200);
    g_assert_null (json_from_string (text, NULL));
  }

  /* A cut body ends short of its Content-Length. */
  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "cut:nth=1");
  {
    g_autoptr (SoupMessage) message = soup_message_new ("GET", url);
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) body = NULL;

    soup_message_headers_append (soup_message_get_request_headers (message), "Authorization",
                                 "Bearer fv_test_creator");
    soup_message_headers_append (soup_message_get_request_headers (message), "X-Fanvue-API-Version",
                                 API_VERSION);
    body = soup_session_send_and_read (session, message, NULL, &error);
    g_assert_true (body == NULL || (gint64) g_bytes_get_size (body) <
                                       soup_message_headers_get_content_length (
                                           soup_message_get_response_headers (message)));
  }

  /* Media faults: an error page instead of the file, and a refused (expired) link. */
  trove_test_server_process_reset (server);
  {
    g_autofree char *media = first_media_url ("main");

    trove_test_server_process_add_fault (server, "content-type:nth=1");
    trove_test_server_process_add_fault (server, "expire:nth=2");
    {
      g_auto (Response) page = request ("GET", media, NULL, NULL);
      g_auto (Response) expired = request ("GET", media, NULL, NULL);
      g_auto (Response) fine = request ("GET", media, NULL, NULL);

      g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (
                                                                  page.message),
                                                              NULL),
                       ==, "text/html");
      g_assert_cmpuint (expired.status, ==, 403);
      g_assert_cmpuint (fine.status, ==, 200);
    }
  }

  trove_test_server_process_reset (server);
}

/* Garbage never crashes the server: each gets an answer, and the server still works. */
static void
test_garbage (void)
{
  g_autoptr (GString) huge = g_string_new ("/chats?size=");
  const char *paths[] = {
    "/chats/%ff%fe/media",
    "/%00",
    "/creators/..%2F..%2Fetc/chats",
    "/api/%C3%28/chats",
    "/api//chats//media",
    "/chats?page=99999999999999999999",
    "/chats/7c9e6679-7425-40de-944b-e07fc1f90ae7/media?cursor=%%%",
    "/m/../../etc/passwd",
    "/__control/chats/x/add-media?count=-1",
  };

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (huge, '9');

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *url = api (paths[i]);
      g_autoptr (SoupMessage) message = soup_message_new ("GET", url);
      g_autoptr (GBytes) body = NULL;

      if (message == NULL)
        continue;
      soup_message_headers_append (soup_message_get_request_headers (message), "Authorization",
                                   "Bearer fv_test_creator");
      soup_message_headers_append (soup_message_get_request_headers (message),
                                   "X-Fanvue-API-Version", API_VERSION);
      body = soup_session_send_and_read (session, message, NULL, NULL);
      g_assert_cmpuint (soup_message_get_status (message), >=, 400);
    }

  /* A request line this long is refused by libsoup itself, by closing the connection. */
  {
    g_autofree char *url = api (huge->str);
    g_autoptr (SoupMessage) message = soup_message_new ("GET", url);
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) body = soup_session_send_and_read (session, message, NULL, &error);

    g_assert_true (body == NULL || soup_message_get_status (message) >= 400);
  }

  {
    g_autofree char *url = api ("/users/me");
    g_auto (Response) response = request ("GET", url, "fv_test_creator", NULL);

    g_assert_cmpuint (response.status, ==, 200);
  }
}

int
main (int argc, char *argv[])
{
  const char *args[] = { "--dataset", "demo", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);
  session = soup_session_new ();
  dataset = trove_test_server_process_get_dataset (server);

  g_test_add_func ("/server/fanvue-media-paging", test_fanvue_media_paging);
  g_test_add_func ("/server/validation", test_validation);
  g_test_add_func ("/server/onlyfansapi-shapes", test_onlyfansapi_shapes);
  g_test_add_func ("/server/media-host", test_media_host);
  g_test_add_func ("/server/faults", test_faults);
  g_test_add_func ("/server/garbage", test_garbage);

  status = g_test_run ();

  json_object_unref (dataset);
  g_object_unref (session);
  trove_test_server_process_free (server);
  return status;
}
