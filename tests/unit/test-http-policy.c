/* test-http-policy.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTTP policy as the server sees it: stalls noticed, retries that wait longer each time and
 * honour Retry-After, requests paced under a lowered rate limit. Gaps are measured on the
 * server's request log, with generous bounds: these test behaviour, not speed.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "trove-download-private.h"
#include "trove-error.h"
#include "trove-fanvue-provider.h"
#include "trove-http-client-private.h"
#include "trove-http-client.h"
#include "trove-media.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

static TroveTestServerProcess *server;

static TroveProvider *
fanvue_on (TroveTestServerProcess *on, TroveHttpClient *client)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");

  return trove_fanvue_provider_new (client, trove_test_server_process_get_api_url (on),
                                    credentials);
}

/* The requests of the log that went to @listener ("api" or "media"), in order. */
static GPtrArray *
requests_to (JsonArray *requests, const char *listener)
{
  GPtrArray *picked = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (g_strcmp0 (json_object_get_string_member (request, "server"), listener) == 0)
        g_ptr_array_add (picked, request);
    }

  return picked;
}

static gint64
gap_ms (GPtrArray *requests, guint i)
{
  return json_object_get_int_member (g_ptr_array_index (requests, i + 1), "time_ms") -
         json_object_get_int_member (g_ptr_array_index (requests, i), "time_ms");
}

static gint64
status_of (GPtrArray *requests, guint i)
{
  return json_object_get_int_member (g_ptr_array_index (requests, i), "status");
}

static const char *
range_of (GPtrArray *requests, guint i)
{
  JsonObject *request = g_ptr_array_index (requests, i);

  return json_object_get_null_member (request, "range")
             ? NULL
             : json_object_get_string_member (request, "range");
}

/* A document of the data set (the largest items: 200 KiB), with fresh links. */
static TroveMedia *
find_document (TroveProvider *provider)
{
  for (guint c = 0;; c++)
    {
      g_autofree char *chat = trove_test_dataset_chat_id (server, "fanvue", c);
      g_autoptr (TrovePage) page = NULL;
      g_autoptr (GError) error = NULL;

      page = trove_test_list_media (provider, chat, TROVE_MEDIA_KIND_DOCUMENT, NULL, &error);
      g_assert_no_error (error);
      if (trove_page_get_items (page)->len > 0)
        return g_object_ref (g_ptr_array_index (trove_page_get_items (page), 0));
    }
}

typedef struct
{
  char *folder;
  TroveHttpClient *client;
  TroveProvider *provider;
  TroveMedia *media;
  TroveDownload *download;
  GString *states;
} DownloadFixture;

static void
state_changed_cb (TroveDownload *download, GParamSpec *pspec, GString *states)
{
  g_autoptr (GEnumClass) enum_class = g_type_class_ref (TROVE_TYPE_DOWNLOAD_STATE);

  g_string_append_printf (states, " %s",
                          g_enum_get_value (enum_class, trove_download_get_state (download))
                              ->value_nick);
}

static void
download_set_up (DownloadFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) destination = NULL;
  g_autofree char *path = NULL;

  fixture->folder = g_dir_make_tmp ("trove-http-policy-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->client = trove_http_client_new ();
  fixture->provider = fanvue_on (server, fixture->client);
  fixture->media = find_document (fixture->provider);

  path = g_build_filename (fixture->folder, "document.pdf", NULL);
  destination = g_file_new_for_path (path);
  fixture->download =
      trove_download_new (fixture->provider, "acct", fixture->media, destination, NULL);
  fixture->states = g_string_new (NULL);
  g_signal_connect (fixture->download, "notify::state", G_CALLBACK (state_changed_cb),
                    fixture->states);

  trove_test_server_process_reset (server);
}

static void
download_tear_down (DownloadFixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->download);
  g_object_unref (fixture->media);
  g_object_unref (fixture->provider);
  g_object_unref (fixture->client);
  g_string_free (fixture->states, TRUE);
  trove_test_remove_tree (fixture->folder);
  g_free (fixture->folder);
}

/* Runs the download to its end (or fails the test after @timeout_s) and checks the file is
 * whole: the very bytes the server holds, and no .part left. */
static void
run_download_whole (DownloadFixture *fixture, guint timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;
  g_autoptr (GBytes) expected =
      trove_test_server_process_get_content (server, trove_media_get_id (fixture->media), "main");
  g_autofree char *path = g_file_get_path (trove_download_get_destination (fixture->download));
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  trove_download_start (fixture->download);
  while (!trove_download_is_finished (fixture->download))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  if (trove_download_get_state (fixture->download) != TROVE_DOWNLOAD_DONE)
    g_error ("The download ended%s: %s", fixture->states->str,
             trove_download_get_error (fixture->download)
                 ? trove_download_get_error (fixture->download)->message
                 : "");

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                   g_bytes_get_size (expected));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

/* The media host sends the headers and 64 KiB, then nothing: the download notices within its
 * stall timeout (not the session's 30 s I/O timeout), and resumes from the bytes it has. */
static void
test_stall_download (DownloadFixture *fixture, gconstpointer data)
{
  g_autoptr (JsonArray) log = NULL;
  g_autoptr (GPtrArray) media = NULL;

  /* A timeout in seconds fires on GLib's whole-second ticks: 2 s waits between 1 and 2 s. */
  _trove_download_set_stall_timeout (fixture->download, 2);
  trove_download_set_backoff_base_ms (fixture->download, 10);
  trove_test_server_process_add_fault (server, "stall:server=media,bytes=65536,count=1");

  run_download_whole (fixture, 60);

  log = trove_test_server_process_get_requests (server);
  media = requests_to (log, "media");
  g_assert_cmpuint (media->len, ==, 2);
  g_assert_null (range_of (media, 0));
  g_assert_cmpint (status_of (media, 0), ==, 200);
  g_assert_cmpstr (range_of (media, 1), ==, "bytes=65536-");
  g_assert_cmpint (status_of (media, 1), ==, 206);
  g_test_message ("stall noticed and retried after %" G_GINT64_FORMAT " ms", gap_ms (media, 0));
  g_assert_cmpint (gap_ms (media, 0), >=, 900);
  g_assert_cmpint (gap_ms (media, 0), <, 10000);
}

typedef struct
{
  TrovePagedList *list;
  gboolean idle;
} LoadResult;

static void
loading_changed_cb (TrovePagedList *list, GParamSpec *pspec, gboolean *idle)
{
  *idle = !trove_paged_list_get_loading (list);
}

/* One load_more to its end; returns how long it took, in ms. */
static gint64
load_once (TrovePagedList *list)
{
  gint64 start = g_get_monotonic_time ();
  gboolean idle = FALSE;
  gulong handler =
      g_signal_connect (list, "notify::loading", G_CALLBACK (loading_changed_cb), &idle);

  trove_paged_list_load_more (list);
  trove_test_wait_for (&idle, 60);
  g_signal_handler_disconnect (list, handler);

  return (g_get_monotonic_time () - start) / 1000;
}

/* Trove's session gives up on a silent connection; tests shorten the wait. */
static TroveHttpClient *
client_with_io_timeout (guint seconds)
{
  TroveHttpClient *client = trove_http_client_new ();
  guint timeout = 0;

  g_object_get (trove_http_client_get_session (trove_http_client_get_default ()), "timeout",
                &timeout, NULL);
  g_assert_cmpuint (timeout, >, 0);
  g_assert_cmpuint (timeout, <=, 60);

  g_object_set (trove_http_client_get_session (client), "timeout", seconds, NULL);
  _trove_http_client_set_backoff_base_ms (client, 10);
  return client;
}

/* The API sends the headers and a few bytes of a page, then nothing: the listing ends in a
 * network error instead of loading for ever, and the user's Retry loads the page. */
static void
test_stall_api_body (void)
{
  g_autoptr (TroveHttpClient) client = client_with_io_timeout (2);
  g_autoptr (TroveProvider) provider = fanvue_on (server, client);
  g_autoptr (TrovePagedList) list = trove_paged_list_new_for_chats (provider, NULL);
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);
  JsonObject *account = json_object_get_object_member (dataset, "fanvue");
  gint64 took;

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "stall:server=api,path=/chats,bytes=20,count=1");

  took = load_once (list);
  g_test_message ("stalled page failed after %" G_GINT64_FORMAT " ms", took);
  g_assert_error ((GError *) trove_paged_list_get_error (list), TROVE_ERROR, TROVE_ERROR_NETWORK);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpint (took, >=, 1500);
  g_assert_cmpint (took, <, 20000);

  /* Retry, as the error's button does. */
  load_once (list);
  trove_test_load_all (list, 60);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    json_array_get_length (json_object_get_array_member (account, "chats")));
}

/* The API accepts the request and answers nothing at all: the request is given up and sent
 * again, and the listing succeeds without the user doing anything. */
static void
test_stall_api_before_headers (void)
{
  g_autoptr (TroveHttpClient) client = client_with_io_timeout (2);
  g_autoptr (TroveProvider) provider = fanvue_on (server, client);
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) log = NULL;
  g_autoptr (GPtrArray) api = NULL;

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "latency:ms=30000,path=/chats,count=1");

  page = trove_test_list_chats (provider, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trove_page_get_items (page)->len, >, 0);

  log = trove_test_server_process_get_requests (server);
  api = requests_to (log, "api");
  g_assert_cmpuint (api->len, ==, 2);
  g_test_message ("silent request given up after %" G_GINT64_FORMAT " ms", gap_ms (api, 0));
  g_assert_cmpint (gap_ms (api, 0), >=, 1500);
  g_assert_cmpint (gap_ms (api, 0), <, 20000);
}

/* Each gap between tries is at least half its backoff ceiling (base << try, "equal jitter"),
 * none is much shorter than the one before (timers and a loaded machine add noise), and the last is
 * several times the first (a constant backoff keeps them all within a factor of 2). */
static void
assert_gaps_grow (GPtrArray *requests, guint base_ms)
{
  g_assert_cmpuint (requests->len, >=, 4);

  for (guint i = 0; i + 1 < requests->len; i++)
    {
      gint64 floor_ms = (gint64) (base_ms << i) / 2 - 20;

      g_test_message ("gap %u: %" G_GINT64_FORMAT " ms (at least %" G_GINT64_FORMAT ")", i,
                      gap_ms (requests, i), floor_ms);
      g_assert_cmpint (gap_ms (requests, i), >=, floor_ms);
      if (i > 0)
        g_assert_cmpint (4 * gap_ms (requests, i) + 200, >=, 3 * gap_ms (requests, i - 1));
    }

  g_assert_cmpint (2 * gap_ms (requests, requests->len - 2), >=, 5 * gap_ms (requests, 0));
}

static void
test_backoff_api_grows (void)
{
  g_autoptr (TroveHttpClient) client = trove_http_client_new ();
  g_autoptr (TroveProvider) provider = fanvue_on (server, client);
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) log = NULL;
  g_autoptr (GPtrArray) api = NULL;

  _trove_http_client_set_backoff_base_ms (client, 200);
  trove_test_server_process_reset (server);
  /* Five failures, within the client's five retries. */
  trove_test_server_process_add_fault (server, "5xx:status=503,path=/chats,count=5");

  page = trove_test_list_chats (provider, NULL, &error);
  g_assert_no_error (error);

  log = trove_test_server_process_get_requests (server);
  api = requests_to (log, "api");
  g_assert_cmpuint (api->len, ==, 6);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (status_of (api, i), ==, 503);
  g_assert_cmpint (status_of (api, 5), ==, 200);
  assert_gaps_grow (api, 200);
}

/* A 429 asks for two seconds: the retry waits them, though the backoff alone would not. */
static void
test_backoff_api_retry_after (void)
{
  g_autoptr (TroveHttpClient) client = trove_http_client_new ();
  g_autoptr (TroveProvider) provider = fanvue_on (server, client);
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) log = NULL;
  g_autoptr (GPtrArray) api = NULL;

  _trove_http_client_set_backoff_base_ms (client, 10);
  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "429:retry-after=2,path=/chats,count=2");

  page = trove_test_list_chats (provider, NULL, &error);
  g_assert_no_error (error);

  log = trove_test_server_process_get_requests (server);
  api = requests_to (log, "api");
  g_assert_cmpuint (api->len, ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      g_test_message ("gap %u: %" G_GINT64_FORMAT " ms", i, gap_ms (api, i));
      g_assert_cmpint (status_of (api, i), ==, 429);
      g_assert_cmpint (gap_ms (api, i), >=, 1950);
    }
  g_assert_cmpint (status_of (api, 2), ==, 200);
}

static void
test_backoff_download_grows (DownloadFixture *fixture, gconstpointer data)
{
  g_autoptr (JsonArray) log = NULL;
  g_autoptr (GPtrArray) media = NULL;

  trove_download_set_backoff_base_ms (fixture->download, 200);
  trove_test_server_process_add_fault (server, "5xx:status=503,server=media,count=4");

  run_download_whole (fixture, 60);

  log = trove_test_server_process_get_requests (server);
  media = requests_to (log, "media");
  g_assert_cmpuint (media->len, ==, 5);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (status_of (media, i), ==, 503);
  g_assert_cmpint (status_of (media, 4), ==, 200);
  assert_gaps_grow (media, 200);
}

static void
test_backoff_download_retry_after (DownloadFixture *fixture, gconstpointer data)
{
  g_autoptr (JsonArray) log = NULL;
  g_autoptr (GPtrArray) media = NULL;

  trove_download_set_backoff_base_ms (fixture->download, 10);
  trove_test_server_process_add_fault (server, "429:retry-after=2,server=media,count=1");

  run_download_whole (fixture, 60);

  log = trove_test_server_process_get_requests (server);
  media = requests_to (log, "media");
  g_assert_cmpuint (media->len, ==, 2);
  g_assert_cmpint (status_of (media, 0), ==, 429);
  g_test_message ("waited %" G_GINT64_FORMAT " ms", gap_ms (media, 0));
  g_assert_cmpint (gap_ms (media, 0), >=, 1950);
  /* The queue shows why it waits. */
  g_assert_nonnull (strstr (fixture->states->str, "waiting-for-rate-limit"));
}

#define PACED_LIMIT 8
#define PACED_WINDOW_S 2
#define PACED_MEDIA 1000

/* A server that allows 8 requests per 2-second window, and a chat whose listing takes 20 pages:
 * the rate governor spaces the requests out so that none is refused. */
static void
test_pacing_lowered_rate_limit (void)
{
  g_autofree char *limit = g_strdup_printf ("%d", PACED_LIMIT);
  g_autofree char *window = g_strdup_printf ("%d", PACED_WINDOW_S);
  g_autofree char *dataset = g_strdup_printf ("size=%d", PACED_MEDIA);
  const char *args[] = {
    "--dataset", dataset, "--rate-limit", limit, "--rate-window", window, NULL
  };
  g_autoptr (TroveTestServerProcess) paced = NULL;
  g_autoptr (TroveHttpClient) client = trove_http_client_new ();
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (TrovePagedList) list = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) log = NULL;
  g_autofree char *chat = NULL;
  gint64 longest = 0, span;
  guint windows;

  paced = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);
  provider = fanvue_on (paced, client);
  chat = trove_test_dataset_chat_id (paced, "fanvue", 0);
  list = trove_paged_list_new_for_media (provider, chat, TROVE_MEDIA_KIND_UNKNOWN);

  trove_test_load_all (list, 60);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, PACED_MEDIA);

  log = trove_test_server_process_get_requests (paced);
  g_assert_cmpuint (json_array_get_length (log), >, 2 * PACED_LIMIT);
  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *request = json_array_get_object_element (log, i);

      g_assert_cmpint (json_object_get_int_member (request, "status"), ==, 200);
      if (i > 0)
        longest = MAX (longest,
                       json_object_get_int_member (request, "time_ms") -
                           json_object_get_int_member (json_array_get_object_element (log, i - 1),
                                                       "time_ms"));
    }

  /* No window held more than the limit: the requests spread over as many windows as needed
   * (the first may be up to a second short: windows start on whole seconds). */
  windows = (json_array_get_length (log) + PACED_LIMIT - 1) / PACED_LIMIT;
  span =
      json_object_get_int_member (json_array_get_object_element (log,
                                                                 json_array_get_length (log) - 1),
                                  "time_ms") -
      json_object_get_int_member (json_array_get_object_element (log, 0), "time_ms");
  g_test_message ("%u requests in %" G_GINT64_FORMAT " ms, longest gap %" G_GINT64_FORMAT " ms",
                  json_array_get_length (log), span, longest);
  g_assert_cmpint (span, >=, (gint64) (windows - 1) * PACED_WINDOW_S * 1000 - 1000);
  g_assert_cmpint (longest, >=, PACED_WINDOW_S * 1000 / 4);
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

  g_test_add ("/http-policy/stall/download", DownloadFixture, NULL, download_set_up,
              test_stall_download, download_tear_down);
  g_test_add_func ("/http-policy/stall/api-body", test_stall_api_body);
  g_test_add_func ("/http-policy/stall/api-before-headers", test_stall_api_before_headers);
  g_test_add_func ("/http-policy/backoff/api-grows", test_backoff_api_grows);
  g_test_add_func ("/http-policy/backoff/api-retry-after", test_backoff_api_retry_after);
  g_test_add ("/http-policy/backoff/download-grows", DownloadFixture, NULL, download_set_up,
              test_backoff_download_grows, download_tear_down);
  g_test_add ("/http-policy/backoff/download-retry-after", DownloadFixture, NULL, download_set_up,
              test_backoff_download_retry_after, download_tear_down);
  g_test_add_func ("/http-policy/pacing/lowered-rate-limit", test_pacing_lowered_rate_limit);

  status = g_test_run ();
  trove_test_server_process_free (server);

  return status;
}
