/* bench-paged-list.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages a 10,000-item chat through TrovePagedList and, in the same run, fetches the same
 * pages with a bare keep-alive client that parses nothing. Prints the time per page of both,
 * their ratio and heap bytes per item kept (target: within 1.3x, under 2 KB an item).
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

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

int
main (int argc,
      char *argv[])
{
  g_autofree char *dataset = g_strdup_printf ("size=%d", ITEMS);
  const char *args[] = { "--dataset", dataset, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveTestServerProcess) server = NULL;
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (SoupSession) bare = soup_session_new ();
  g_autoptr (GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (TroveBench) bench = trove_bench_new ("bench-paged-list");
  g_autofree char *chat = NULL;
  double list_ms[RUNS], bare_ms[RUNS], per_item[RUNS];
  /* Processor time over all runs, ms: where the time of a page goes on a machine this small. */
  double list_cpu = 0, list_server_cpu = 0, bare_cpu = 0, bare_server_cpu = 0, floor_ms, bare_mean_ms = 0;
  guint pages = 0, all_pages = 0;

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);
  provider = trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  chat = trove_test_dataset_chat_id (server, "fanvue", 0);

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr (TrovePagedList) list = NULL;
      g_autoptr (JsonArray) requests = NULL;
      gsize heap_before;
      gint64 start;
      double seconds, cpu, server_cpu;

      trove_test_server_process_reset (server);
      malloc_trim (0);
      heap_before = heap_in_use ();
      cpu = trove_test_cpu_ms ("self");
      server_cpu = trove_test_cpu_ms (trove_test_server_process_get_pid (server));
      start = g_get_monotonic_time ();
      list = trove_paged_list_new_for_media (provider, chat, TROVE_MEDIA_KIND_UNKNOWN);
      trove_test_load_all (list, 120);
      seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      list_cpu += trove_test_cpu_ms ("self") - cpu;
      list_server_cpu += trove_test_cpu_ms (trove_test_server_process_get_pid (server)) - server_cpu;
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, ITEMS);
      per_item[run] = (double) (heap_in_use () - heap_before) / ITEMS;

      requests = trove_test_server_process_get_requests (server);
      pages = json_array_get_length (requests);
      list_ms[run] = seconds * 1000 / pages;

      /* The same requests, replayed by a client that only reads the bytes. */
      g_ptr_array_set_size (urls, 0);
      for (guint i = 0; i < pages; i++)
        {
          JsonObject *request = json_array_get_object_element (requests, i);

          g_ptr_array_add (urls, g_strdup_printf ("%s%s?%s", trove_test_server_process_get_api_url (server),
                                                  json_object_get_string_member (request, "path"),
                                                  json_object_get_string_member (request, "query")));
        }

      cpu = trove_test_cpu_ms ("self");
      server_cpu = trove_test_cpu_ms (trove_test_server_process_get_pid (server));
      start = g_get_monotonic_time ();
      for (guint i = 0; i < urls->len; i++)
        {
          g_autoptr (SoupMessage) message = soup_message_new (SOUP_METHOD_GET, g_ptr_array_index (urls, i));
          g_autoptr (GBytes) body = NULL;

          soup_message_headers_append (soup_message_get_request_headers (message), "Authorization", "Bearer fv_test_creator");
          soup_message_headers_append (soup_message_get_request_headers (message), "X-Fanvue-API-Version", TROVE_FANVUE_API_VERSION);
          body = soup_session_send_and_read (bare, message, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (soup_message_get_status (message), ==, 200);
        }
      bare_ms[run] = (g_get_monotonic_time () - start) / 1000.0 / urls->len;
      bare_cpu += trove_test_cpu_ms ("self") - cpu;
      bare_server_cpu += trove_test_cpu_ms (trove_test_server_process_get_pid (server)) - server_cpu;
      all_pages += pages;
    }

  g_print ("paging a %d-item chat: %u pages of 50, %d runs\n", ITEMS, pages, RUNS);
  g_print ("processor time a page: paged list %.2f ms + test server %.2f ms; bare fetch %.2f ms + test server %.2f ms\n",
           list_cpu / all_pages, list_server_cpu / all_pages, bare_cpu / all_pages, bare_server_cpu / all_pages);
  /* The server and the client share the machine: even kept busy without a gap, its cores cannot
   * page faster than their processor time allows. */
  floor_ms = (list_cpu + list_server_cpu) / all_pages / g_get_num_processors ();
  for (guint run = 0; run < RUNS; run++)
    bare_mean_ms += bare_ms[run] / RUNS;
  g_print ("on %u cores never idle, a page through the list takes at least %.2f ms: %.2fx the bare fetch's mean\n",
           g_get_num_processors (), floor_ms, floor_ms / bare_mean_ms);
  trove_bench_add (bench, "paging through TrovePagedList", "ms/page", list_ms, RUNS,
                   "bare keep-alive fetch, no parsing", bare_ms, RUNS, TROVE_BENCH_AT_MOST, 1.3);
  trove_bench_add (bench, "heap per item kept", "bytes", per_item, RUNS, NULL, NULL, 0, TROVE_BENCH_AT_MOST, 2048);
  trove_bench_finish (bench);

  return 0;
}
