/* test-providers.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-chat.h"
#include "trove-error.h"
#include "trove-fanvue-agency-provider.h"
#include "trove-fanvue-provider.h"
#include "trove-http-client-private.h"
#include "trove-http-client.h"
#include "trove-media.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

static TroveTestServerProcess *server;
static TroveHttpClient *client;

static TroveProvider *
fanvue (const char *token)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new (token);

  return trove_fanvue_provider_new (client, trove_test_server_process_get_api_url (server),
                                    credentials);
}

static TroveProvider *
agency (const char *token)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new (token);
  g_autofree char *creator = trove_test_dataset_creator_id (server);

  return trove_fanvue_agency_provider_new (client, trove_test_server_process_get_api_url (server),
                                           credentials, creator);
}

static TroveProvider *
onlyfansapi (const char *account)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("ofapi_test_key");

  return trove_onlyfansapi_provider_new (client,
                                         trove_test_server_process_get_onlyfansapi_url (server),
                                         credentials, account);
}

static JsonObject *
last_request (void)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
  guint n = json_array_get_length (requests);

  g_assert_cmpuint (n, >, 0);
  return json_object_ref (json_array_get_object_element (requests, n - 1));
}

static void
test_fanvue_kind_filter (void)
{
  g_autoptr (TroveProvider) provider = fanvue ("fv_test_creator");
  g_autofree char *chat = trove_test_dataset_chat_id (server, "fanvue", 0);
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (JsonObject) request = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *items;

  trove_test_server_process_reset (server);
  page = trove_test_list_media (provider, chat, TROVE_MEDIA_KIND_VIDEO, NULL, &error);
  g_assert_no_error (error);

  items = trove_page_get_items (page);
  g_assert_cmpuint (items->len, >, 0);
  for (guint i = 0; i < items->len; i++)
    g_assert_cmpint (trove_media_get_kind (g_ptr_array_index (items, i)), ==,
                     TROVE_MEDIA_KIND_VIDEO);

  request = last_request ();
  g_assert_nonnull (strstr (json_object_get_string_member (request, "query"), "mediaType=video"));
  g_assert_cmpstr (json_object_get_string_member (request, "api_version"), ==,
                   TROVE_FANVUE_API_VERSION);
}

static void
test_agency_paths (void)
{
  g_autoptr (TroveProvider) provider = agency ("fv_test_agency");
  g_autofree char *creator = trove_test_dataset_creator_id (server);
  g_autofree char *prefix = g_strdup_printf ("/creators/%s/chats", creator);
  g_autoptr (TrovePage) chats = NULL;
  g_autoptr (TrovePage) media = NULL;
  g_autoptr (JsonObject) request = NULL;
  g_autoptr (GError) error = NULL;
  const char *chat_id;

  trove_test_server_process_reset (server);
  chats = trove_test_list_chats (provider, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trove_page_get_items (chats)->len, >, 0);
  request = last_request ();
  g_assert_cmpstr (json_object_get_string_member (request, "path"), ==, prefix);

  chat_id = trove_chat_get_id (g_ptr_array_index (trove_page_get_items (chats), 0));
  media = trove_test_list_media (provider, chat_id, TROVE_MEDIA_KIND_IMAGE, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&request, json_object_unref);
  request = last_request ();
  g_assert_true (g_str_has_prefix (json_object_get_string_member (request, "path"), prefix));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (request, "path"), "/media"));
  g_assert_nonnull (strstr (json_object_get_string_member (request, "query"), "mediaType=image"));
}

static void
test_onlyfansapi_media (void)
{
  g_autoptr (TroveProvider) provider = onlyfansapi ("acct_demo_main");
  g_autofree char *chat = trove_test_dataset_chat_id (server, "onlyfansapi", 0);
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat, TROVE_MEDIA_KIND_UNKNOWN);
  g_autoptr (GHashTable) messages = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (JsonArray) requests = NULL;
  guint locked = 0, n;

  trove_test_server_process_reset (server);
  trove_test_load_all (list, 60);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_hash_table_add (messages, (char *) trove_media_get_message_id (media));
      if (trove_media_get_locked (media))
        {
          locked++;
          g_assert_null (trove_media_get_variant (media, TROVE_VARIANT_MAIN)->url);
        }
    }

  /* Messages carry several media each; locked media are items, not errors. */
  g_assert_cmpuint (n, ==, trove_test_dataset_media_count (server, "onlyfansapi", 0));
  g_assert_cmpuint (g_hash_table_size (messages), <, n);
  g_assert_cmpuint (locked, >, 0);

  requests = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      g_assert_nonnull (strstr (json_object_get_string_member (request, "query"), "limit=50"));
      g_assert_nonnull (strstr (json_object_get_string_member (request, "query"), "offset="));
    }
}

static void
test_onlyfansapi_kind_filter (void)
{
  g_autoptr (TroveProvider) provider = onlyfansapi ("acct_demo_main");
  g_autofree char *chat = trove_test_dataset_chat_id (server, "onlyfansapi", 0);
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (JsonObject) request = NULL;
  g_autoptr (GError) error = NULL;

  trove_test_server_process_reset (server);
  page = trove_test_list_media (provider, chat, TROVE_MEDIA_KIND_IMAGE, NULL, &error);
  g_assert_no_error (error);
  request = last_request ();
  g_assert_nonnull (strstr (json_object_get_string_member (request, "query"), "type=photos"));
}

static void
test_onlyfansapi_foreign_next_page (void)
{
  g_autoptr (TroveProvider) provider = onlyfansapi ("acct_demo_main");
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;

  trove_test_server_process_reset (server);
  page = trove_test_list_chats (provider,
                                "https://elsewhere.invalid/api/acct_demo_main/chats?offset=50",
                                &error);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL);
  g_assert_null (page);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 0);
}

static void
test_rate_limit_waited_out (void)
{
  g_autoptr (TroveProvider) provider = fanvue ("fv_test_creator");
  g_autofree char *chat = trove_test_dataset_chat_id (server, "fanvue", 0);
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat, TROVE_MEDIA_KIND_UNKNOWN);
  g_autoptr (JsonArray) requests = NULL;
  guint throttled = 0;

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "429:retry-after=1,nth=2");
  trove_test_load_all (list, 60);

  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    trove_test_dataset_media_count (server, "fanvue", 0));

  requests = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    throttled +=
        json_object_get_int_member (json_array_get_object_element (requests, i), "status") == 429;
  g_assert_cmpuint (throttled, ==, 1);
}

static void
test_server_errors_exhaust_retries (void)
{
  g_autoptr (TroveProvider) provider = fanvue ("fv_test_creator");
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "5xx:status=503");
  page = trove_test_list_chats (provider, NULL, &error);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "/chats"));
  /* The first try and five retries. */
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 6);
}

static void
assert_chats_fail (TroveProvider *provider, const char *fault, int code)
{
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;

  trove_test_server_process_reset (server);
  if (fault != NULL)
    trove_test_server_process_add_fault (server, fault);
  page = trove_test_list_chats (provider, NULL, &error);
  g_assert_error (error, TROVE_ERROR, code);
  g_assert_null (page);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
test_status_codes (void)
{
  g_autoptr (TroveProvider) bad_token = fanvue ("not-a-token");
  g_autoptr (TroveProvider) creator = fanvue ("fv_test_creator");
  g_autoptr (TroveProvider) agency_with_creator_token = agency ("fv_test_creator");
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;

  assert_chats_fail (bad_token, NULL, TROVE_ERROR_AUTHENTICATION);
  assert_chats_fail (agency_with_creator_token, NULL, TROVE_ERROR_PERMISSION);
  assert_chats_fail (creator, "5xx:status=410", TROVE_ERROR_API_VERSION);
  assert_chats_fail (creator, "malformed", TROVE_ERROR_PROTOCOL);

  trove_test_server_process_reset (server);
  page = trove_test_list_media (creator, "00000000-0000-4000-8000-000000000000",
                                TROVE_MEDIA_KIND_UNKNOWN, NULL, &error);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_NOT_FOUND);
}

/* Fanvue answers 403 naming the scope the app was not given (here: an agency listing with a
 * creator's token, which lacks read:creator): the message says which box to tick. */
static void
test_fanvue_missing_scope (void)
{
  g_autoptr (TroveProvider) agency_with_creator_token = agency ("fv_test_creator");
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;

  trove_test_server_process_reset (server);
  page = trove_test_list_chats (agency_with_creator_token, NULL, &error);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, "Tick read:creator in your Fanvue app, then sign in again.");
}

/* The ways a service can name the missing scope, and texts that name none. */
static void
test_missing_scope_text (void)
{
  const struct
  {
    const char *text;
    const char *scope;
  } cases[] = {
    { "Forbidden: missing scope read:creator", "read:creator" },
    { "insufficient_scope: read:chat is required.", "read:chat" },
    { "The token lacks the scope 'offline_access'", "offline_access" },
    { "Missing scopes: openid, read:self", "read:self" },
    { "Forbidden: missing scope", NULL },
    { "Forbidden: you may not read this chat", NULL },
    { "Forbidden: read:chat", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *scope = trove_error_missing_scope (cases[i].text);

      g_assert_cmpstr (scope, ==, cases[i].scope);
    }
}

/* The first unlocked item of @kind in chat 0 of @service. */
static TroveMedia *
first_unlocked (TroveProvider *provider, const char *service, TroveMediaKind kind)
{
  g_autofree char *chat = trove_test_dataset_chat_id (server, service, 0);
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;

  page = trove_test_list_media (provider, chat, kind, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < trove_page_get_items (page)->len; i++)
    if (!trove_media_get_locked (g_ptr_array_index (trove_page_get_items (page), i)))
      return g_object_ref (g_ptr_array_index (trove_page_get_items (page), i));
  g_assert_not_reached ();
}

/* What the download engine and the thumbnail loader do for an item of each service
 * (trove_provider_open_download_async, resumed from an offset): the bytes are the item's,
 * and no request for them carries the Authorization header. */
static void
test_downloads_never_send_credentials (void)
{
  TroveProvider *providers[] = { onlyfansapi ("acct_demo_main"), fanvue ("fv_test_creator") };
  const char *services[] = { "onlyfansapi", "fanvue" };

  for (guint p = 0; p < G_N_ELEMENTS (providers); p++)
    {
      g_autoptr (TroveMedia) media =
          first_unlocked (providers[p], services[p], TROVE_MEDIA_KIND_IMAGE);
      g_autoptr (GBytes) expected =
          trove_test_server_process_get_content (server, trove_media_get_id (media), "main");
      g_autoptr (GBytes) body = NULL;
      g_autoptr (JsonArray) requests = NULL;
      g_autoptr (GError) error = NULL;
      gsize offset = g_bytes_get_size (expected) / 3;
      g_autoptr (GAsyncResult) result = NULL;
      g_autoptr (GInputStream) stream = NULL;
      g_autoptr (SoupMessage) message = NULL;

      trove_test_server_process_reset (server);
      trove_provider_open_download_async (providers[p], media, TROVE_VARIANT_MAIN, offset,
                                          G_PRIORITY_DEFAULT, NULL, trove_test_async_cb, &result);
      stream =
          trove_provider_open_download_finish (providers[p], trove_test_wait_async (&result, 30),
                                               &message, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_PARTIAL_CONTENT);
      {
        g_autoptr (GOutputStream) sink = g_memory_output_stream_new_resizable ();

        g_output_stream_splice (sink, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
        g_assert_no_error (error);
        body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
      }
      g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                       (const char *) g_bytes_get_data (expected, NULL) + offset,
                       g_bytes_get_size (expected) - offset);

      requests = trove_test_server_process_get_requests (server);
      g_assert_cmpuint (json_array_get_length (requests), >=, 1);
      for (guint i = 0; i < json_array_get_length (requests); i++)
        g_assert_false (json_object_get_boolean_member (json_array_get_object_element (requests, i),
                                                        "authorization"));
      g_object_unref (providers[p]);
    }
}

/* The HTTP client, sent a request to OnlyFansAPI's /media/download/ (which redirects to the
 * file host), gives the key to the API host and never to the host it redirects to. */
static void
test_redirect_drops_credentials (void)
{
  g_autoptr (TroveProvider) provider = onlyfansapi ("acct_demo_main");
  g_autofree char *chat = trove_test_dataset_chat_id (server, "onlyfansapi", 0);
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) requests = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("ofapi_test_key");
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  TroveMedia *unlocked = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (SoupMessage) sent = NULL;
  guint media_requests = 0;

  page = trove_test_list_media (provider, chat, TROVE_MEDIA_KIND_IMAGE, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < trove_page_get_items (page)->len && unlocked == NULL; i++)
    if (!trove_media_get_locked (g_ptr_array_index (trove_page_get_items (page), i)))
      unlocked = g_ptr_array_index (trove_page_get_items (page), i);
  g_assert_nonnull (unlocked);

  trove_test_server_process_reset (server);
  escaped = g_uri_escape_string (trove_media_get_variant (unlocked, TROVE_VARIANT_MAIN)->url, NULL,
                                 FALSE);
  url = g_strdup_printf ("%s/api/acct_demo_main/media/download/%s",
                         trove_test_server_process_get_onlyfansapi_url (server), escaped);
  message = soup_message_new (SOUP_METHOD_GET, url);
  trove_http_client_send_async (client, message,
                                trove_test_server_process_get_onlyfansapi_url (server), credentials,
                                NULL, 0, G_PRIORITY_DEFAULT, NULL, trove_test_async_cb, &result);
  stream =
      trove_http_client_send_finish (client, trove_test_wait_async (&result, 30), &sent, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stream);
  g_assert_cmpuint (soup_message_get_status (sent), ==, SOUP_STATUS_OK);

  requests = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      gboolean media_host =
          g_strcmp0 (json_object_get_string_member (request, "server"), "media") == 0;

      /* The API host got the key; the host it redirected to did not. */
      g_assert_cmpint (json_object_get_boolean_member (request, "authorization"), ==, !media_host);
      media_requests += media_host;
    }
  g_assert_cmpuint (media_requests, ==, 1);
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
  client = trove_http_client_new ();
  /* Real backoff, shortened: the retry budget is what is tested, not its patience. */
  _trove_http_client_set_backoff_base_ms (client, 10);

  g_test_add_func ("/providers/fanvue/kind-filter", test_fanvue_kind_filter);
  g_test_add_func ("/providers/fanvue-agency/paths", test_agency_paths);
  g_test_add_func ("/providers/onlyfansapi/media", test_onlyfansapi_media);
  g_test_add_func ("/providers/onlyfansapi/kind-filter", test_onlyfansapi_kind_filter);
  g_test_add_func ("/providers/onlyfansapi/foreign-next-page", test_onlyfansapi_foreign_next_page);
  g_test_add_func ("/providers/http/rate-limit-waited-out", test_rate_limit_waited_out);
  g_test_add_func ("/providers/http/server-errors-exhaust-retries",
                   test_server_errors_exhaust_retries);
  g_test_add_func ("/providers/http/status-codes", test_status_codes);
  g_test_add_func ("/providers/fanvue/missing-scope", test_fanvue_missing_scope);
  g_test_add_func ("/providers/fanvue/missing-scope-text", test_missing_scope_text);
  g_test_add_func ("/providers/downloads-never-send-credentials",
                   test_downloads_never_send_credentials);
  g_test_add_func ("/providers/http/redirect-drops-credentials", test_redirect_drops_credentials);

  status = g_test_run ();
  g_object_unref (client);
  trove_test_server_process_free (server);

  return status;
}
