/* bench-paged-list.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages a 10,000-item chat through TrovePagedList and, in the same run, measures the floor of
 * that work: json-glib parsing the very same page bodies and nothing else. Prints the list's
 * processor time a page against that parse (target: at most 1.3x), the heap kept per item
 * (at most 512 bytes), and, at 50 ms of latency, the time to page the chat through the list
 * against a bare keep-alive client that only reads the bytes (at most 1.05x: the read-ahead
 * should hide the parse).
 */

#include "config.h"

#include <malloc.h>

#include "trove-bench.h"
#include "trove-fanvue-provider.h"
#include "trove-paged-list.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

#define ITEMS 10000
#define RUNS 5
#define LATENCY_RUNS 3

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

typedef struct
{
  TroveTestServerProcess *server;
  TroveProvider *provider;
  char *chat;
} Chat;

static void
chat_open (Chat *chat, const char *latency)
{
  g_autofree char *dataset = g_strdup_printf ("size=%d", ITEMS);
  const char *args[] = { "--dataset", dataset, latency ? "--latency" : NULL, latency, NULL };
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (GError) error = NULL;

  chat->server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);
  chat->provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (chat->server),
                                 credentials);
  chat->chat = trove_test_dataset_chat_id (chat->server, "fanvue", 0);
}

static void
chat_close (Chat *chat)
{
  g_clear_object (&chat->provider);
  g_clear_pointer (&chat->server, trove_test_server_process_free);
  g_clear_pointer (&chat->chat, g_free);
}

/* Pages the whole chat through a new list; the list, and the requests it made. */
static TrovePagedList *
page_through_list (Chat *chat, JsonArray **requests)
{
  TrovePagedList *list;

  trove_test_server_process_reset (chat->server);
  list = trove_paged_list_new_for_media (chat->provider, chat->chat, TROVE_MEDIA_KIND_UNKNOWN);
  trove_test_load_all (list, 300);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, ITEMS);
  *requests = trove_test_server_process_get_requests (chat->server);

  return list;
}

/* Replays @requests with a client that only reads the bytes; the bodies. */
static GPtrArray *
fetch_bare (Chat *chat, SoupSession *session, JsonArray *requests)
{
  GPtrArray *bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      g_autofree char *url =
          g_strdup_printf ("%s%s?%s", trove_test_server_process_get_api_url (chat->server),
                           json_object_get_string_member (request, "path"),
                           json_object_get_string_member (request, "query"));
      g_autoptr (SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);
      g_autoptr (GError) error = NULL;
      GBytes *body;

      soup_message_headers_append (soup_message_get_request_headers (message), "Authorization",
                                   "Bearer fv_test_creator");
      soup_message_headers_append (soup_message_get_request_headers (message),
                                   "X-Fanvue-API-Version", TROVE_FANVUE_API_VERSION);
      body = soup_session_send_and_read (session, message, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
      g_ptr_array_add (bodies, body);
    }

  return bodies;
}

/* Processor time, ms, json-glib takes to parse @bodies, with nothing else done. */
static double
parse_alone_ms (GPtrArray *bodies)
{
  double start = trove_test_cpu_ms ("self");

  for (guint i = 0; i < bodies->len; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new_immutable ();
      g_autoptr (GError) error = NULL;
      gsize size;
      const char *data = g_bytes_get_data (g_ptr_array_index (bodies, i), &size);

      json_parser_load_from_data (parser, data, size, &error);
      g_assert_no_error (error);
    }

  return trove_test_cpu_ms ("self") - start;
}

int
main (int argc, char *argv[])
{
  g_autoptr (SoupSession) bare = soup_session_new ();
  g_autoptr (TroveBench) bench = trove_bench_new ("bench-paged-list");
  Chat local = { 0 }, remote = { 0 };
  double list_cpu[RUNS], parse_cpu[RUNS], per_item[RUNS], list_wall[RUNS], bare_wall[RUNS];
  double list_latency[LATENCY_RUNS], bare_latency[LATENCY_RUNS];
  guint pages = 0;

  chat_open (&local, NULL);
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr (TrovePagedList) list = NULL;
      g_autoptr (JsonArray) requests = NULL;
      g_autoptr (GPtrArray) bodies = NULL;
      gsize heap_before;
      double cpu;
      gint64 start;

      malloc_trim (0);
      heap_before = heap_in_use ();
      cpu = trove_test_cpu_ms ("self");
      start = g_get_monotonic_time ();
      list = page_through_list (&local, &requests);
      list_wall[run] = (g_get_monotonic_time () - start) / 1000.0;
      list_cpu[run] = trove_test_cpu_ms ("self") - cpu;
      per_item[run] = (double) (heap_in_use () - heap_before) / ITEMS;
      pages = json_array_get_length (requests);

      start = g_get_monotonic_time ();
      bodies = fetch_bare (&local, bare, requests);
      bare_wall[run] = (g_get_monotonic_time () - start) / 1000.0;
      parse_cpu[run] = parse_alone_ms (bodies);

      list_cpu[run] /= pages;
      parse_cpu[run] /= pages;
      list_wall[run] /= pages;
      bare_wall[run] /= pages;
    }
  chat_close (&local);

  /* With a real network between them, the list should fetch the next page while it parses. */
  chat_open (&remote, "50");
  for (guint run = 0; run < LATENCY_RUNS; run++)
    {
      g_autoptr (TrovePagedList) list = NULL;
      g_autoptr (JsonArray) requests = NULL;
      g_autoptr (GPtrArray) bodies = NULL;
      gint64 start = g_get_monotonic_time ();

      list = page_through_list (&remote, &requests);
      list_latency[run] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      start = g_get_monotonic_time ();
      bodies = fetch_bare (&remote, bare, requests);
      bare_latency[run] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    }
  chat_close (&remote);

  g_print ("paging a %d-item chat: %u pages of 50, %d runs (%d at 50 ms latency)\n", ITEMS, pages,
           RUNS, LATENCY_RUNS);
  /* Beside the test server on two cores the wall clock mostly measures the server: printed, not
   * held. */
  for (guint run = 0; run < RUNS; run++)
    g_print ("run %u without latency: %.2f ms a page through the list, %.2f ms bare\n", run + 1,
             list_wall[run], bare_wall[run]);
  trove_bench_add (bench, "processor time a page through TrovePagedList", "ms", list_cpu, RUNS,
                   "json-glib parsing the same page alone", parse_cpu, RUNS, TROVE_BENCH_AT_MOST,
                   1.3);
  trove_bench_add (bench, "heap per item kept", "bytes", per_item, RUNS, NULL, NULL, 0,
                   TROVE_BENCH_AT_MOST, 512);
  trove_bench_add (bench, "paging a 10,000-item chat at 50 ms latency", "s", list_latency,
                   LATENCY_RUNS, "bare keep-alive fetch of the same pages", bare_latency,
                   LATENCY_RUNS, TROVE_BENCH_AT_MOST, 1.05);
  trove_bench_finish (bench);

  return 0;
}
