/* bench-browse.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window on a 10,000-item chat served with 50 ms of latency: time from launch to the first
 * screenful of thumbnails, thumbnail requests per item shown while scrolling end to end, and
 * resident memory afterwards (targets: under 1.0 s, at most 1.0, under 300 MB). Each run is a
 * new window with empty thumbnail caches.
 */

#include "config.h"

#include "trove-application.h"
#include "trove-bench.h"
#include "trove-fanvue-provider.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"
#include "trove-window.h"

#define ITEMS 10000
#define RUNS 3

/* Every on-screen item that has a picture shows it. */
static gboolean
screenful_painted (TroveMediaGrid *grid,
                   GHashTable *kinds)
{
  g_autoptr (GHashTable) on_screen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint shown = 0, pictures = 0;
  guint visible = trove_media_grid_count_on_screen (grid, &shown, on_screen);
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, on_screen);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      TroveMediaKind kind = GPOINTER_TO_INT (g_hash_table_lookup (kinds, id));

      pictures += kind == TROVE_MEDIA_KIND_IMAGE || kind == TROVE_MEDIA_KIND_VIDEO;
    }

  return visible > 0 && shown >= pictures;
}

static void
remember_kinds (GListModel *list,
                GHashTable *kinds)
{
  for (guint i = g_hash_table_size (kinds); i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (list, i);

      g_hash_table_insert (kinds, g_strdup (trove_media_get_id (media)), GINT_TO_POINTER (trove_media_get_kind (media)));
    }
}

/* One launch: a new window on the chat, until its first screenful is painted, then a scroll
 * from end to end. */
static void
browse_once (TroveApplication *app,
             TroveTestServerProcess *server,
             TroveProvider *provider,
             TroveChat *chat,
             double *first_screenful_s,
             double *requests_per_item,
             double *resident_mb)
{
  g_autoptr (GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (JsonArray) requests = NULL;
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "trove", NULL);
  TroveWindow *window;
  TroveMediaGrid *grid;
  TrovePagedList *list;
  GtkAdjustment *adjustment;
  gint64 start;
  guint media_requests = 0;

  trove_test_remove_tree (cache);
  trove_test_server_process_reset (server);

  start = g_get_monotonic_time ();
  window = trove_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_present (GTK_WINDOW (window));
  trove_window_set_provider (window, provider, "Benchmark", NULL);
  trove_window_open_chat (window, chat);
  grid = trove_window_get_media_grid (window);
  list = trove_media_grid_get_model (grid);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (trove_media_grid_get_view (grid)));

  while (TRUE)
    {
      remember_kinds (G_LIST_MODEL (list), kinds);
      if (g_list_model_get_n_items (G_LIST_MODEL (list)) > 0 && screenful_painted (grid, kinds))
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  *first_screenful_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  /* Scroll end to end a screen at a time, as a user holding Page Down would. */
  while (trove_paged_list_get_has_more (list) || gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) < gtk_adjustment_get_upper (adjustment) - 1)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment));
      trove_test_spin (60);
      remember_kinds (G_LIST_MODEL (list), kinds);
      trove_media_grid_count_on_screen (grid, NULL, shown);
    }
  trove_test_spin (500);
  trove_media_grid_count_on_screen (grid, NULL, shown);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, ITEMS);

  requests = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    media_requests += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (requests, i), "server"), "media") == 0;
  *requests_per_item = g_hash_table_size (shown) ? media_requests / (double) g_hash_table_size (shown) : 0.0;
  *resident_mb = trove_test_status_kib ("VmRSS:") / 1024.0;

  gtk_window_destroy (GTK_WINDOW (window));
  trove_test_spin (200);
}

int
main (int argc,
      char *argv[])
{
  g_autofree char *dataset = g_strdup_printf ("size=%d", ITEMS);
  const char *args[] = { "--dataset", dataset, "--latency", "50", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveTestServerProcess) server = NULL;
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (TroveApplication) app = NULL;
  g_autoptr (TroveChat) chat = NULL;
  g_autoptr (TroveBench) bench = NULL;
  g_autofree char *chat_id = NULL;
  double first_screenful_s[RUNS], requests_per_item[RUNS], resident_mb[RUNS];

  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  bench = trove_bench_new ("bench-browse");

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);
  chat_id = trove_test_dataset_chat_id (server, "fanvue", 0);
  provider = trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  chat = trove_chat_new (chat_id, "Benchmark", "bench", NULL, NULL, 0);

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  for (guint run = 0; run < RUNS; run++)
    browse_once (app, server, provider, chat, &first_screenful_s[run], &requests_per_item[run], &resident_mb[run]);

  g_print ("browsing a %d-item chat at 50 ms latency, 1024x768, %d launches\n", ITEMS, RUNS);
  trove_bench_add (bench, "launch to first screenful of thumbnails", "s", first_screenful_s, RUNS, NULL, NULL, 0,
                   TROVE_BENCH_AT_MOST, 1.0);
  trove_bench_add (bench, "thumbnail requests per item shown", "requests", requests_per_item, RUNS, NULL, NULL, 0,
                   TROVE_BENCH_AT_MOST, 1.0);
  trove_bench_add (bench, "resident memory after scrolling 10,000 items", "MB", resident_mb, RUNS, NULL, NULL, 0,
                   TROVE_BENCH_AT_MOST, 300);
  trove_bench_finish (bench);

  return 0;
}
