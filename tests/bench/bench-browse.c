/* bench-browse.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window on a 10,000-item chat served with 50 ms of latency: time from launch to the first
 * screenful of thumbnails, thumbnail requests per item shown while scrolling end to end, and
 * resident memory afterwards (targets: under 1.0 s, at most 1.0, at most 150 MB on cairo); time
 * from activating a photo to its full image painted (under 1.0 s); the longest the main loop stalls
 * through all of it, as the lateness of a high-priority 10 ms timer (under 100 ms); frames drawn
 * in 5 s of rest at the end (none). Each run is a new window with empty thumbnail caches.
 *
 * Everything runs twice, in a process per renderer: GTK's default (GL; Mesa's llvmpipe under
 * Xvfb, slow frames as in a virtual machine), written as bench-browse-gl, and cairo, written as
 * bench-browse. A renderer is chosen once per process, hence the two processes. A third
 * process (cairo) scrolls the chat list of a 5,000-chat account end to end and writes its
 * resident memory as bench-browse-chats (at most 150 MB, the grid's bound).
 */

#include "config.h"

#include "trove-application.h"
#include "trove-bench.h"
#include "trove-fanvue-provider.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"
#include "trove-viewer.h"
#include "trove-window-private.h"

#define ITEMS 10000
#define CHATS 5000
#define RUNS 3
#define STALL_TICK_MS 10
#define REST_S 5

typedef struct
{
  double first_screenful_s;
  double requests_per_item;
  double resident_mb;
  double photo_s;
  double longest_stall_ms;
  double rest_frames;
} Figures;

/* A high-priority 10 ms timer: how late it runs is how long the main loop was busy elsewhere. */
typedef struct
{
  gint64 last;
  gint64 longest;
} Stall;

static gboolean
stall_tick_cb (gpointer user_data)
{
  Stall *stall = user_data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last != 0)
    stall->longest = MAX (stall->longest, now - stall->last - STALL_TICK_MS * 1000);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

static void
count_frame_cb (GdkFrameClock *clock, guint *frames)
{
  (*frames)++;
}

/* GTK 4.8's grid warns "ran out of items" when its adjustment moves before a layout measured
 * the rows that the last scroll or a new page made (frames come late on a loaded machine): the
 * next scroll waits for a frame after either. */
typedef struct
{
  gboolean changed;
} Layout;

static void
model_grew_cb (GListModel *list, guint position, guint removed, guint added, Layout *layout)
{
  layout->changed = TRUE;
}

static void
laid_out_cb (GdkFrameClock *clock, Layout *layout)
{
  layout->changed = FALSE;
}

static GtkWidget *
find_descendant (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The viewer shows @media's full image (as wide as the photo, not its thumbnail). */
static gboolean
full_image_shown (GtkWidget *viewer, TroveMedia *media)
{
  const TroveMediaVariant *main_variant = trove_media_get_variant (media, TROVE_VARIANT_MAIN);
  GtkWidget *picture = find_descendant (viewer, GTK_TYPE_PICTURE);
  GdkPaintable *paintable = picture ? gtk_picture_get_paintable (GTK_PICTURE (picture)) : NULL;

  return g_strcmp0 (trove_viewer_get_visible_page (TROVE_VIEWER (viewer)), "image") == 0 &&
         paintable != NULL && main_variant != NULL &&
         gdk_paintable_get_intrinsic_width (paintable) == main_variant->width;
}

/* Activates the first photo on screen as a click would; returns the seconds until its full
 * image was painted. */
static double
open_photo (TroveWindow *window, TroveMediaGrid *grid)
{
  g_autoptr (GHashTable) on_screen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *shown = G_LIST_MODEL (trove_media_grid_get_selection (grid));
  GtkWidget *viewer = _trove_window_get_viewer (window);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_autoptr (TroveMedia) photo = NULL;
  guint position = 0, frames = 0;
  gulong id;
  gint64 start;

  trove_media_grid_count_on_screen (grid, NULL, on_screen);
  for (guint i = 0; i < g_list_model_get_n_items (shown) && photo == NULL; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (shown, i);

      if (trove_media_get_kind (media) == TROVE_MEDIA_KIND_IMAGE &&
          g_hash_table_contains (on_screen, trove_media_get_id (media)))
        {
          photo = g_steal_pointer (&media);
          position = i;
        }
    }
  g_assert_nonnull (photo);

  start = g_get_monotonic_time ();
  g_signal_emit_by_name (trove_media_grid_get_view (grid), "activate", position);
  while (!full_image_shown (viewer, photo))
    g_main_context_iteration (NULL, TRUE);

  /* Painted: the next frame has drawn it. */
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame_cb), &frames);
  while (frames == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* Every on-screen item that has a picture shows it. */
static gboolean
screenful_painted (TroveMediaGrid *grid, GHashTable *kinds)
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
remember_kinds (GListModel *list, GHashTable *kinds)
{
  for (guint i = g_hash_table_size (kinds); i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (list, i);

      g_hash_table_insert (kinds, g_strdup (trove_media_get_id (media)),
                           GINT_TO_POINTER (trove_media_get_kind (media)));
    }
}

/* One launch: a new window on the chat, until its first screenful is painted, then a scroll
 * from end to end. */
static void
browse_once (TroveApplication *app,
             TroveTestServerProcess *server,
             TroveProvider *provider,
             TroveChat *chat,
             const char *renderer,
             Figures *figures)
{
  g_autoptr (GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (JsonArray) requests = NULL;
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "trove", NULL);
  TroveWindow *window;
  TroveMediaGrid *grid;
  TrovePagedList *list;
  GtkAdjustment *adjustment;
  GdkFrameClock *clock;
  Stall stall = { 0 };
  guint stall_id;
  gint64 start;
  guint media_requests = 0, frames = 0;
  gulong frames_id, grew_id, laid_out_id;
  Layout layout = { 0 };

  trove_test_remove_tree (cache);
  trove_test_server_process_reset (server);

  stall_id = g_timeout_add_full (G_PRIORITY_HIGH, STALL_TICK_MS, stall_tick_cb, &stall, NULL);
  start = g_get_monotonic_time ();
  window = trove_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_present (GTK_WINDOW (window));
  _trove_window_set_provider (window, provider, "Benchmark", NULL);
  _trove_window_open_chat (window, chat);
  grid = _trove_window_get_media_grid (window);
  list = trove_media_grid_get_model (grid);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (trove_media_grid_get_view (grid)));

  while (TRUE)
    {
      remember_kinds (G_LIST_MODEL (list), kinds);
      if (g_list_model_get_n_items (G_LIST_MODEL (list)) > 0 && screenful_painted (grid, kinds))
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  figures->first_screenful_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  /* The renderer asked for is the one drawing (GTK falls back to cairo without a word). */
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))), ==,
                   g_str_equal (renderer, "gl") ? "GskGLRenderer" : "GskCairoRenderer");

  figures->photo_s = open_photo (window, grid);
  gtk_widget_activate_action (_trove_window_get_viewer (window), "viewer.close", NULL);
  g_assert_cmpstr (_trove_window_get_visible_page (window), ==, "browse");
  /* A person scrolls a frame later at the soonest. */
  trove_test_spin (100);

  /* Scroll end to end a screen at a time, as a user holding Page Down would. */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  grew_id = g_signal_connect (list, "items-changed", G_CALLBACK (model_grew_cb), &layout);
  laid_out_id = g_signal_connect (clock, "after-paint", G_CALLBACK (laid_out_cb), &layout);
  while (trove_paged_list_get_has_more (list) ||
         gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) <
             gtk_adjustment_get_upper (adjustment) - 1)
    {
      while (layout.changed)
        g_main_context_iteration (NULL, TRUE);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                                gtk_adjustment_get_page_size (adjustment));
      layout.changed = TRUE;
      trove_test_spin (60);
      remember_kinds (G_LIST_MODEL (list), kinds);
      trove_media_grid_count_on_screen (grid, NULL, shown);
    }
  g_signal_handler_disconnect (list, grew_id);
  g_signal_handler_disconnect (clock, laid_out_id);
  trove_test_spin (500);
  trove_media_grid_count_on_screen (grid, NULL, shown);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, ITEMS);
  g_source_remove (stall_id);
  figures->longest_stall_ms = stall.longest / 1000.0;

  /* At rest: GTK hides the scroll bars 2 to 2.5 s after the last scroll and fades them over
   * 1 s; then nothing should move. */
  trove_test_spin (4500);
  frames_id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame_cb), &frames);
  trove_test_spin (REST_S * 1000);
  g_signal_handler_disconnect (clock, frames_id);
  figures->rest_frames = frames;

  requests = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    media_requests +=
        g_strcmp0 (json_object_get_string_member (json_array_get_object_element (requests, i),
                                                  "server"),
                   "media") == 0;
  figures->requests_per_item =
      g_hash_table_size (shown) ? media_requests / (double) g_hash_table_size (shown) : 0.0;
  figures->resident_mb = trove_test_status_kib ("VmRSS:") / 1024.0;

  gtk_window_destroy (GTK_WINDOW (window));
  trove_test_spin (200);
}

/* The chat list of a 5,000-chat account, scrolled end to end a screen at a time in a new
 * window; returns the resident memory afterwards, in MB. */
static double
browse_chats_once (TroveApplication *app, TroveProvider *provider)
{
  TroveWindow *window = trove_window_new (GTK_APPLICATION (app));
  GtkWidget *list_view;
  GListModel *chats;
  GtkAdjustment *adjustment;
  double resident_mb;

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_present (GTK_WINDOW (window));
  _trove_window_set_provider (window, provider, "Benchmark", NULL);
  list_view = find_descendant (GTK_WIDGET (window->chat_sidebar), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list_view);
  chats = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));

  while (g_list_model_get_n_items (chats) < CHATS ||
         gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) <
             gtk_adjustment_get_upper (adjustment) - 1)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                                gtk_adjustment_get_page_size (adjustment));
      trove_test_spin (30);
    }
  trove_test_spin (500);
  g_assert_cmpuint (g_list_model_get_n_items (chats), ==, CHATS);
  resident_mb = trove_test_status_kib ("VmRSS:") / 1024.0;

  gtk_window_destroy (GTK_WINDOW (window));
  trove_test_spin (200);

  return resident_mb;
}

static int
chats_main (int argc, char *argv[])
{
  g_autofree char *dataset = g_strdup_printf ("archive=%d,1,0", CHATS);
  const char *args[] = { "--dataset", dataset, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveTestServerProcess) server = NULL;
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (TroveApplication) app = NULL;
  g_autoptr (TroveBench) bench = trove_bench_new ("bench-browse-chats");
  double resident_mb[RUNS];

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);
  provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  for (guint run = 0; run < RUNS; run++)
    resident_mb[run] = browse_chats_once (app, provider);

  g_print ("the chat list of a %d-chat account scrolled end to end, 1024x768, %d launches, "
           "renderer cairo\n",
           CHATS, RUNS);
  trove_bench_add (bench, "resident memory after scrolling a 5,000-chat list", "MB", resident_mb,
                   RUNS, NULL, NULL, 0, TROVE_BENCH_AT_MOST, 150);
  trove_bench_finish (bench);

  return 0;
}

/* Each renderer in a process of its own, the default (GL) first; the figures of both reach the
 * table. */
static int
run_each_renderer (const char *program)
{
  static const char *const renderers[] = { "gl", "cairo", "chats" };
  int status = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (renderers); i++)
    {
      g_autoptr (GSubprocessLauncher) launcher =
          g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
      g_autoptr (GSubprocess) child = NULL;
      g_autoptr (GError) error = NULL;

      g_subprocess_launcher_setenv (launcher, "GSK_RENDERER",
                                    g_str_equal (renderers[i], "gl") ? "gl" : "cairo", TRUE);
      g_subprocess_launcher_setenv (launcher, "TROVE_BENCH_RENDERER", renderers[i], TRUE);
      child = g_subprocess_launcher_spawn (launcher, &error, program, NULL);
      if (child == NULL || !g_subprocess_wait_check (child, NULL, &error))
        {
          g_printerr ("bench-browse on %s: %s\n", renderers[i], error->message);
          status = 1;
        }
    }

  return status;
}

int
main (int argc, char *argv[])
{
  g_autofree char *dataset = g_strdup_printf ("size=%d", ITEMS);
  const char *args[] = { "--dataset", dataset, "--latency", "50", NULL };
  const char *renderer = g_getenv ("TROVE_BENCH_RENDERER");
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveTestServerProcess) server = NULL;
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (TroveApplication) app = NULL;
  g_autoptr (TroveChat) chat = NULL;
  g_autoptr (TroveBench) bench = NULL;
  g_autofree char *chat_id = NULL;
  Figures figures[RUNS];
  double first_screenful_s[RUNS], requests_per_item[RUNS], resident_mb[RUNS], photo_s[RUNS],
      longest_stall_ms[RUNS], rest_frames[RUNS];

  if (renderer == NULL)
    return run_each_renderer (argv[0]);

  g_assert_true (g_str_equal (renderer, "gl") || g_str_equal (renderer, "cairo") ||
                 g_str_equal (renderer, "chats"));
  /* As the app's main () does. */
  trove_application_prepare_environment ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  if (g_str_equal (renderer, "chats"))
    return chats_main (argc, argv);
  bench = trove_bench_new (g_str_equal (renderer, "gl") ? "bench-browse-gl" : "bench-browse");

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);
  chat_id = trove_test_dataset_chat_id (server, "fanvue", 0);
  provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  chat = trove_chat_new (chat_id, "Benchmark", "bench", NULL, NULL, 0);

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  for (guint run = 0; run < RUNS; run++)
    {
      browse_once (app, server, provider, chat, renderer, &figures[run]);
      first_screenful_s[run] = figures[run].first_screenful_s;
      requests_per_item[run] = figures[run].requests_per_item;
      resident_mb[run] = figures[run].resident_mb;
      photo_s[run] = figures[run].photo_s;
      longest_stall_ms[run] = figures[run].longest_stall_ms;
      rest_frames[run] = figures[run].rest_frames;
    }

  g_print ("browsing a %d-item chat at 50 ms latency, 1024x768, %d launches, renderer %s\n", ITEMS,
           RUNS, g_str_equal (renderer, "gl") ? "GL (default)" : "cairo");
  trove_bench_add (bench, "launch to first screenful of thumbnails", "s", first_screenful_s, RUNS,
                   NULL, NULL, 0, TROVE_BENCH_AT_MOST, 1.0);
  trove_bench_add (bench, "thumbnail requests per item shown", "requests", requests_per_item, RUNS,
                   NULL, NULL, 0, TROVE_BENCH_AT_MOST, 1.0);
  /* Held on cairo; GL under Xvfb is Mesa's llvmpipe, which keeps its textures in the process. */
  trove_bench_add (bench, "resident memory after scrolling 10,000 items", "MB", resident_mb, RUNS,
                   NULL, NULL, 0,
                   g_str_equal (renderer, "gl") ? TROVE_BENCH_SHOWN : TROVE_BENCH_AT_MOST, 150);
  trove_bench_add (bench, "activating a photo to its full image painted", "s", photo_s, RUNS, NULL,
                   NULL, 0, TROVE_BENCH_AT_MOST, 1.0);
  trove_bench_add (bench, "longest main-loop stall (chat, 10,000-item scroll, viewer)", "ms",
                   longest_stall_ms, RUNS, NULL, NULL, 0, TROVE_BENCH_AT_MOST, 100);
  trove_bench_add (bench, "frames drawn in 5 s of rest", "frames", rest_frames, RUNS, NULL, NULL, 0,
                   TROVE_BENCH_AT_MOST, 0);
  trove_bench_finish (bench);

  return 0;
}
