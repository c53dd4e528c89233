/* test-browse.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window against the test server: chats, the grid and its paging, filters, lazy
 * thumbnails, the viewer, and the error states.
 */

#include "config.h"

#include "trove-application.h"
#include "trove-fanvue-provider.h"
#include "trove-http-client-private.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"
#include "trove-test-widgets.h"
#include "trove-viewer.h"
#include "trove-window-private.h"

static TroveApplication *app;
static TroveTestServerProcess *server;

static TroveProvider *
provider_with_token (const char *token)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new (token);

  return trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server),
                                    credentials);
}

static gboolean
loaded (TrovePagedList *list)
{
  return list != NULL && !trove_paged_list_get_loading (list);
}

/* GTK falls back to cairo without a word when GL cannot be used: the run on the default
 * renderer must really draw with GL. */
static void
assert_renderer (GtkWidget *window)
{
  const char *wanted = g_getenv ("GSK_RENDERER");
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  g_assert_nonnull (renderer);
  if (g_strcmp0 (wanted, "gl") == 0)
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskGLRenderer");
  else if (g_strcmp0 (wanted, "cairo") == 0)
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskCairoRenderer");
}

static TroveWindow *
open_window_sized (TroveProvider *provider, int width, int height)
{
  TroveWindow *window = g_object_ref (trove_window_new (GTK_APPLICATION (app)));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  assert_renderer (GTK_WIDGET (window));
  _trove_window_set_provider (window, provider, "Test", NULL);
  return window;
}

static TroveWindow *
open_window (TroveProvider *provider)
{
  return open_window_sized (provider, 1024, 700);
}

/* The first @type under @widget, outside popovers (the downloads popover has a list too). */
static GtkWidget *
find_descendant (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  if (GTK_IS_POPOVER (widget))
    return NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Chooses the chat with id @chat_id in the sidebar, as a click on its row does. */
static void
activate_chat_row (TroveWindow *window, const char *chat_id)
{
  GtkListView *chats = GTK_LIST_VIEW (find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW));
  GListModel *rows;
  guint position = G_MAXUINT;

  g_assert_nonnull (chats);
  rows = G_LIST_MODEL (gtk_list_view_get_model (chats));
  TROVE_TEST_WAIT_UNTIL (g_list_model_get_n_items (rows) > 0);
  for (guint i = 0; i < g_list_model_get_n_items (rows) && position == G_MAXUINT; i++)
    {
      g_autoptr (TroveChat) chat = g_list_model_get_item (rows, i);

      if (g_strcmp0 (trove_chat_get_id (chat), chat_id) == 0)
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);

  g_signal_emit_by_name (chats, "activate", position);
}

static void
count_frame_cb (GdkFrameClock *clock, guint *frames)
{
  (*frames)++;
}

/* The frames @widget's window goes through in @ms milliseconds, painted or not. */
static guint
count_frames (GtkWidget *widget, guint ms)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint frames = 0;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame_cb), &frames);
  trove_test_spin (ms);
  g_signal_handler_disconnect (clock, id);
  return frames;
}

/* Every item on screen that has a picture (images, videos) shows its thumbnail. */
static gboolean
screenful_painted (TroveMediaGrid *grid)
{
  g_autoptr (GHashTable) on_screen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *shown = G_LIST_MODEL (trove_media_grid_get_selection (grid));
  guint with_thumbnail = 0, pictures = 0;
  guint visible = trove_media_grid_count_on_screen (grid, &with_thumbnail, on_screen);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (shown, i);
      TroveMediaKind kind = trove_media_get_kind (media);

      if (g_hash_table_contains (on_screen, trove_media_get_id (media)) &&
          (kind == TROVE_MEDIA_KIND_IMAGE || kind == TROVE_MEDIA_KIND_VIDEO) &&
          !trove_media_get_locked (media))
        pictures++;
    }

  return visible > 0 && pictures > 0 && with_thumbnail >= pictures;
}

static void
close_window (TroveWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static TroveChat *
chat_at (TroveProvider *provider, guint index)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page = trove_test_list_chats (provider, NULL, &error);

  g_assert_no_error (error);
  return g_object_ref (g_ptr_array_index (trove_page_get_items (page), index));
}

static void
test_grid_pages_to_the_end (void)
{
  g_autoptr (TroveProvider) provider = provider_with_token ("fv_test_creator");
  g_autoptr (TroveChat) chat = chat_at (provider, 0);
  TroveWindow *window = open_window (provider);
  TroveMediaGrid *grid = _trove_window_get_media_grid (window);
  GtkGridView *view = trove_media_grid_get_view (grid);
  guint expected = trove_test_dataset_media_count (server, "fanvue", 0);
  g_autofree char *tally = NULL;
  TrovePagedList *list;

  _trove_window_open_chat (window, chat);
  list = trove_media_grid_get_model (grid);
  TROVE_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (list)) > 0 && loaded (list));
  g_assert_cmpstr (trove_media_grid_get_visible_page (grid), ==, "grid");

  /* Scrolling to the end loads the next page, until there is none. */
  while (trove_paged_list_get_has_more (list))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
      GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));

      /* Once the new rows are laid out, as a user would see them. */
      trove_test_spin (300);
      TROVE_TEST_WAIT_UNTIL (gtk_adjustment_get_page_size (adjustment) > 0);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      TROVE_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (list)) > n ||
                             !trove_paged_list_get_has_more (list));
      TROVE_TEST_WAIT_UNTIL (loaded (list));
    }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (view))), ==,
                    expected);

  /* The bar under the grid counts the whole chat, nothing downloaded yet. */
  tally =
      g_strdup_printf ("%u on server · 0 downloaded · %u missing · 0 failed", expected, expected);
  TROVE_TEST_WAIT_UNTIL (g_strcmp0 (_trove_window_get_tally (window), tally) == 0);

  close_window (window);
}

/* Coming back to a chat finds it where it was left. */
static void
test_scroll_position_restored (void)
{
  g_autoptr (TroveProvider) provider = provider_with_token ("fv_test_creator");
  g_autoptr (TroveChat) first = chat_at (provider, 0);
  g_autoptr (TroveChat) second = chat_at (provider, 1);
  TroveWindow *window = open_window (provider);
  TroveMediaGrid *grid = _trove_window_get_media_grid (window);
  GtkAdjustment *adjustment =
      gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (trove_media_grid_get_view (grid)));
  guint position;

  _trove_window_open_chat (window, first);
  TROVE_TEST_WAIT_UNTIL (
      loaded (trove_media_grid_get_model (grid)) && gtk_adjustment_get_page_size (adjustment) > 0 &&
      gtk_adjustment_get_upper (adjustment) > 2 * gtk_adjustment_get_page_size (adjustment));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_page_size (adjustment));
  trove_test_spin (300);
  position = trove_media_grid_get_first_visible (grid);
  g_assert_cmpuint (position, >, 0);

  _trove_window_open_chat (window, second);
  TROVE_TEST_WAIT_UNTIL (loaded (trove_media_grid_get_model (grid)));
  trove_test_spin (300);
  g_assert_cmpuint (trove_media_grid_get_first_visible (grid), ==, 0);

  /* Back: the same items on screen (to the row). */
  _trove_window_open_chat (window, first);
  trove_test_spin (500);
  g_assert_cmpuint (trove_media_grid_get_first_visible (grid), >, 0);
  g_assert_cmpuint (ABS ((int) trove_media_grid_get_first_visible (grid) - (int) position), <, 12);

  close_window (window);
}

static void
test_filters (void)
{
  g_autoptr (TroveProvider) provider = provider_with_token ("fv_test_creator");
  g_autoptr (TroveChat) chat = chat_at (provider, 1);
  TroveWindow *window = open_window (provider);
  TroveMediaGrid *grid = _trove_window_get_media_grid (window);
  GListModel *shown = G_LIST_MODEL (trove_media_grid_get_selection (grid));
  g_autoptr (JsonArray) requests = NULL;
  TrovePagedList *list;
  gboolean sent_filter = FALSE;
  guint n, mine, theirs;

  _trove_window_open_chat (window, chat);
  TROVE_TEST_WAIT_UNTIL (loaded (trove_media_grid_get_model (grid)) &&
                         g_list_model_get_n_items (shown) > 0);

  trove_test_server_process_reset (server);
  g_object_set (window, "kind-filter", TROVE_MEDIA_KIND_VIDEO, NULL);
  list = trove_media_grid_get_model (grid);
  TROVE_TEST_WAIT_UNTIL (loaded (list) && g_list_model_get_n_items (shown) > 0);

  n = g_list_model_get_n_items (shown);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (shown, i);

      g_assert_cmpint (trove_media_get_kind (media), ==, TROVE_MEDIA_KIND_VIDEO);
    }

  requests = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (g_str_has_suffix (json_object_get_string_member (request, "path"), "/media"))
        sent_filter |=
            strstr (json_object_get_string_member (request, "query"), "mediaType=video") != NULL;
    }
  g_assert_true (sent_filter);

  /* The sender filter shows one side's items, each side some, together all of them. */
  g_object_set (window, "sender-filter", TROVE_SENDER_FILTER_ME, NULL);
  mine = g_list_model_get_n_items (shown);
  g_assert_cmpuint (mine, >, 0);
  g_assert_cmpuint (mine, <, n);
  for (guint i = 0; i < mine; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (shown, i);

      g_assert_true (trove_media_get_from_owner (media));
    }

  g_object_set (window, "sender-filter", TROVE_SENDER_FILTER_FAN, NULL);
  theirs = g_list_model_get_n_items (shown);
  g_assert_cmpuint (theirs, >, 0);
  for (guint i = 0; i < theirs; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (shown, i);

      g_assert_false (trove_media_get_from_owner (media));
    }
  g_assert_cmpuint (mine + theirs, ==, n);

  g_object_set (window, "sender-filter", TROVE_SENDER_FILTER_ALL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n);

  close_window (window);
}

/* Columns of the grid as laid out: the cells level with the first one. */
static guint
count_columns (GtkGridView *view)
{
  GtkWidget *first = NULL;
  graphene_rect_t first_bounds;
  guint columns = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (child) ||
          !gtk_widget_compute_bounds (child, GTK_WIDGET (view), &bounds))
        continue;
      if (first == NULL)
        {
          first = child;
          first_bounds = bounds;
        }
      if (bounds.origin.y == first_bounds.origin.y)
        columns++;
    }

  return columns;
}

/* Thumbnails are fetched for the cells on screen and one screen ahead, never for every item
 * loaded (GtkGridView binds several screens), never for audio or documents (they have none). */
static void
test_thumbnails_only_for_what_is_shown (void)
{
  g_autoptr (TroveProvider) provider = provider_with_token ("fv_test_creator");
  /* A chat no other test opens: its thumbnails are in no cache yet. */
  g_autoptr (TroveChat) chat = chat_at (provider, 2);
  TroveWindow *window = open_window_sized (provider, 800, 500);
  TroveMediaGrid *grid = _trove_window_get_media_grid (window);
  GListModel *shown = G_LIST_MODEL (trove_media_grid_get_selection (grid));
  g_autoptr (GHashTable) on_screen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) requested = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (JsonArray) requests = NULL;
  guint n_on_screen, columns, last_on_screen = 0, bound, pictures_on_screen = 0;

  trove_test_server_process_reset (server);
  _trove_window_open_chat (window, chat);
  TROVE_TEST_WAIT_UNTIL (loaded (trove_media_grid_get_model (grid)) &&
                         g_list_model_get_n_items (shown) > 0);
  trove_test_spin (1500);

  n_on_screen = trove_media_grid_count_on_screen (grid, NULL, on_screen);
  columns = count_columns (trove_media_grid_get_view (grid));
  g_assert_cmpuint (n_on_screen, >, 0);
  g_assert_cmpuint (columns, >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (shown, i);

      g_hash_table_insert (positions, g_strdup (trove_media_get_id (media)), GUINT_TO_POINTER (i));
      if (g_hash_table_contains (on_screen, trove_media_get_id (media)))
        last_on_screen = MAX (last_on_screen, i);
    }

  /* One screen ahead is at most as many rows again, plus the one it cuts through. */
  bound = last_on_screen + n_on_screen + columns;
  g_assert_cmpuint (bound, <, g_list_model_get_n_items (shown));

  requests = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      g_auto (GStrv) parts = NULL;
      g_autoptr (TroveMedia) media = NULL;
      gpointer position;

      if (g_strcmp0 (json_object_get_string_member (request, "server"), "media") != 0)
        continue;

      g_assert_false (json_object_get_boolean_member (request, "authorization"));
      /* /m/<id>/<variant> */
      parts = g_strsplit (json_object_get_string_member (request, "path"), "/", -1);
      g_assert_cmpuint (g_strv_length (parts), ==, 4);
      g_assert_true (g_hash_table_add (requested, g_strdup (parts[2])));
      g_assert_true (g_hash_table_lookup_extended (positions, parts[2], NULL, &position));
      if (GPOINTER_TO_UINT (position) > bound)
        g_error ("Thumbnail of item %u fetched; on screen: up to item %u, %u columns",
                 GPOINTER_TO_UINT (position), last_on_screen, columns);

      media = g_list_model_get_item (shown, GPOINTER_TO_UINT (position));
      g_assert_cmpint (trove_media_get_kind (media), !=, TROVE_MEDIA_KIND_AUDIO);
      g_assert_cmpint (trove_media_get_kind (media), !=, TROVE_MEDIA_KIND_DOCUMENT);
    }

  /* Every picture on screen was asked for. */
  for (guint i = 0; i <= last_on_screen; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (shown, i);
      TroveMediaKind kind = trove_media_get_kind (media);

      if (g_hash_table_contains (on_screen, trove_media_get_id (media)) &&
          (kind == TROVE_MEDIA_KIND_IMAGE || kind == TROVE_MEDIA_KIND_VIDEO))
        {
          pictures_on_screen++;
          g_assert_true (g_hash_table_contains (requested, trove_media_get_id (media)));
        }
    }
  g_assert_cmpuint (pictures_on_screen, >, 0);
  g_assert_cmpint (trove_test_server_process_get_max_in_flight (server, "media"), <=, 4);

  close_window (window);
}

/* The width of the picture @viewer shows, or 0. */
static int
shown_width (GtkWidget *viewer)
{
  GtkWidget *picture = find_descendant (viewer, GTK_TYPE_PICTURE);
  GdkPaintable *paintable = picture ? gtk_picture_get_paintable (GTK_PICTURE (picture)) : NULL;

  return paintable ? gdk_paintable_get_intrinsic_width (paintable) : 0;
}

static void
test_viewer_steps_across_pages (void)
{
  g_autoptr (TroveProvider) provider = provider_with_token ("fv_test_creator");
  g_autoptr (TroveChat) chat = chat_at (provider, 0);
  TroveWindow *window = open_window (provider);
  TroveMediaGrid *grid = _trove_window_get_media_grid (window);
  TroveViewer *viewer = TROVE_VIEWER (_trove_window_get_viewer (window));
  const TroveMediaVariant *main_variant;
  TrovePagedList *list;
  guint first_page, photo;

  _trove_window_open_chat (window, chat);
  list = trove_media_grid_get_model (grid);
  TROVE_TEST_WAIT_UNTIL (loaded (list) && g_list_model_get_n_items (G_LIST_MODEL (list)) > 0);
  first_page = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_true (trove_paged_list_get_has_more (list));

  g_signal_emit_by_name (trove_media_grid_get_view (grid), "activate", first_page - 1);
  g_assert_cmpstr (_trove_window_get_visible_page (window), ==, "viewer");
  g_assert_cmpuint (trove_viewer_get_position (viewer), ==, first_page - 1);

  /* Past the last loaded item: the next page comes, and the viewer steps into it. */
  TROVE_TEST_WAIT_UNTIL (loaded (list));
  trove_viewer_next (viewer);
  TROVE_TEST_WAIT_UNTIL (trove_viewer_get_position (viewer) == first_page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, first_page);

  trove_viewer_previous (viewer);
  g_assert_cmpuint (trove_viewer_get_position (viewer), ==, first_page - 1);

  /* A photo of the new page, chosen as such, shows in full: the picture is as wide as the
   * photo itself, not its thumbnail. */
  photo = G_MAXUINT;
  for (guint i = first_page;
       i < g_list_model_get_n_items (G_LIST_MODEL (list)) && photo == G_MAXUINT; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (trove_media_get_kind (media) == TROVE_MEDIA_KIND_IMAGE && !trove_media_get_locked (media))
        photo = i;
    }
  g_assert_cmpuint (photo, !=, G_MAXUINT);
  while (trove_viewer_get_position (viewer) < photo)
    trove_viewer_next (viewer);
  g_assert_cmpuint (trove_viewer_get_position (viewer), ==, photo);
  main_variant = trove_media_get_variant (trove_viewer_get_item (viewer), TROVE_VARIANT_MAIN);
  g_assert_nonnull (main_variant);
  g_assert_cmpint (main_variant->width, >, 0);
  TROVE_TEST_WAIT_UNTIL (g_strcmp0 (trove_viewer_get_visible_page (viewer), "image") == 0 &&
                         shown_width (GTK_WIDGET (viewer)) == main_variant->width);

  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.close", NULL);
  g_assert_cmpstr (_trove_window_get_visible_page (window), ==, "browse");

  close_window (window);
}

static gboolean
last_on_screen (TroveMediaGrid *grid, TrovePagedList *list)
{
  g_autoptr (GHashTable) on_screen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autoptr (TroveMedia) last = n > 0 ? g_list_model_get_item (G_LIST_MODEL (list), n - 1) : NULL;

  trove_media_grid_count_on_screen (grid, NULL, on_screen);
  return last != NULL && g_hash_table_contains (on_screen, trove_media_get_id (last));
}

/* A chat of 500 items, opened from the sidebar and scrolled to its end as a user drags the
 * scroll bar down: every page arrives, the last item is on screen and nothing is left loading.
 * On slow frames (GL on llvmpipe) work queued below the frame clock's priority never ran, and
 * the grid stopped at its first page under a spinning "Loading more media". */
static void
test_scroll_to_the_end_of_a_long_chat (void)
{
  const char *args[] = { "--dataset", "size=500", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveTestServerProcess) big = trove_test_server_process_new (args, &error);
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider = NULL;
  g_autofree char *chat_id = NULL;
  TroveWindow *window;
  TroveMediaGrid *grid;
  GtkAdjustment *adjustment;
  GtkRevealer *loading_more;
  TrovePagedList *list;
  gint64 give_up;
  guint expected;

  g_assert_no_error (error);
  provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (big), credentials);
  chat_id = trove_test_dataset_chat_id (big, "fanvue", 0);
  expected = trove_test_dataset_media_count (big, "fanvue", 0);
  g_assert_cmpuint (expected, >=, 500);

  window = open_window (provider);
  grid = _trove_window_get_media_grid (window);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (trove_media_grid_get_view (grid)));
  loading_more = GTK_REVEALER (find_descendant (GTK_WIDGET (grid), GTK_TYPE_REVEALER));
  g_assert_nonnull (loading_more);

  activate_chat_row (window, chat_id);
  list = trove_media_grid_get_model (grid);
  g_assert_nonnull (list);
  TROVE_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (list)) > 0 &&
                         gtk_adjustment_get_page_size (adjustment) > 0);

  /* To the bottom, and again whenever more arrives, until the last item is on screen; no
   * waiting in between beyond the main loop's own pace. */
  give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (trove_paged_list_get_has_more (list) || trove_paged_list_get_loading (list) ||
         g_list_model_get_n_items (G_LIST_MODEL (list)) < expected || !last_on_screen (grid, list))
    {
      if (g_get_monotonic_time () > give_up)
        g_error ("Stuck at %u of %u items (loading: %d, has more: %d)",
                 g_list_model_get_n_items (G_LIST_MODEL (list)), expected,
                 trove_paged_list_get_loading (list), trove_paged_list_get_has_more (list));
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                                gtk_adjustment_get_page_size (adjustment));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (trove_media_grid_get_selection (grid))),
                    ==, expected);

  /* The "Loading more media" badge has gone. */
  TROVE_TEST_WAIT_UNTIL (!gtk_revealer_get_child_revealed (loading_more));

  /* At rest at the end, thumbnails in: nothing moves once the scroll bars have faded (GTK
   * hides them 2 to 2.5 s after the last scroll, fading them over 1 s). */
  TROVE_TEST_WAIT_UNTIL (screenful_painted (grid));
  trove_test_spin (4500);
  g_assert_cmpuint (count_frames (GTK_WIDGET (window), 2000), ==, 0);

  close_window (window);
}

/* Flinging the grid up and down several screens a frame, then in selection mode: no warning
 * (the ui suite runs with warnings fatal), the cells on screen all get their place. */
static void
test_fast_scrolling_and_selection_mode (void)
{
  g_autoptr (TroveProvider) provider = provider_with_token ("fv_test_creator");
  g_autofree char *chat_id = trove_test_dataset_chat_id (server, "fanvue", 0);
  TroveWindow *window = open_window (provider);
  TroveMediaGrid *grid = _trove_window_get_media_grid (window);
  GtkAdjustment *adjustment =
      gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (trove_media_grid_get_view (grid)));
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  gboolean selection_mode = FALSE;
  TrovePagedList *list;

  activate_chat_row (window, chat_id);
  list = trove_media_grid_get_model (grid);
  TROVE_TEST_WAIT_UNTIL (loaded (list) && gtk_adjustment_get_page_size (adjustment) > 0);
  trove_test_load_all (list, 20);

  for (guint round = 0; round < 2; round++)
    {
      if (round == 1)
        gtk_widget_activate_action (GTK_WIDGET (window), "win.selection-mode", NULL);

      for (guint i = 0; i < 150; i++)
        {
          double upper =
              gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

          for (guint step = 0; step < 3; step++)
            gtk_adjustment_set_value (adjustment, g_rand_double_range (rand, 0, MAX (upper, 0)));
          if (round == 1 && i % 10 == 0)
            gtk_selection_model_select_item (trove_media_grid_get_selection (grid),
                                             g_rand_int_range (rand, 0,
                                                               (int) g_list_model_get_n_items (
                                                                   G_LIST_MODEL (list))),
                                             FALSE);
          g_main_context_iteration (NULL, FALSE);
          g_usleep (2000);
        }
      trove_test_spin (300);
    }

  g_object_get (window, "selection-mode", &selection_mode, NULL);
  g_assert_true (selection_mode);
  close_window (window);
}

/* With the grid at rest and its thumbnails in, nothing animates: the window goes through no
 * frame at all. A spinner left running would make every frame a full repaint, which on
 * software GL is most of a processor. */
static void
test_idle_window_draws_nothing (void)
{
  g_autoptr (TroveProvider) provider = provider_with_token ("fv_test_creator");
  g_autofree char *chat_id = trove_test_dataset_chat_id (server, "fanvue", 0);
  TroveWindow *window = open_window (provider);
  TroveMediaGrid *grid = _trove_window_get_media_grid (window);
  TrovePagedList *list;
  guint frames;

  activate_chat_row (window, chat_id);
  list = trove_media_grid_get_model (grid);
  TROVE_TEST_WAIT_UNTIL (loaded (list) && g_list_model_get_n_items (G_LIST_MODEL (list)) > 0 &&
                         screenful_painted (grid));

  /* Transitions (the thumbnails' cross-fade, the scroll bars fading) end within a second. */
  trove_test_spin (1000);
  frames = count_frames (GTK_WIDGET (window), 2000);
  g_assert_cmpuint (frames, ==, 0);

  close_window (window);
}

static void
assert_grid_error (const char *token, const char *fault, const char *expected_words)
{
  g_autoptr (TroveProvider) good = provider_with_token ("fv_test_creator");
  g_autoptr (TroveChat) chat = chat_at (good, 3);
  g_autoptr (TroveProvider) provider = provider_with_token (token);
  TroveWindow *window = open_window (provider);
  TroveMediaGrid *grid = _trove_window_get_media_grid (window);
  TrovePagedList *list;

  trove_test_server_process_reset (server);
  if (fault != NULL)
    trove_test_server_process_add_fault (server, fault);

  _trove_window_open_chat (window, chat);
  list = trove_media_grid_get_model (grid);
  TROVE_TEST_WAIT_UNTIL (loaded (list) && trove_paged_list_get_error (list) != NULL);
  g_assert_cmpstr (trove_media_grid_get_visible_page (grid), ==, "error");
  if (strstr (trove_paged_list_get_error (list)->message, expected_words) == NULL)
    g_error ("“%s” does not say “%s”", trove_paged_list_get_error (list)->message, expected_words);

  /* Retry works once the service does. */
  trove_test_server_process_clear_faults (server);
  if (fault != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (grid), "grid.retry", NULL);
      TROVE_TEST_WAIT_UNTIL (loaded (list) && g_list_model_get_n_items (G_LIST_MODEL (list)) > 0);
      g_assert_cmpstr (trove_media_grid_get_visible_page (grid), ==, "grid");
    }

  close_window (window);
}

static void
test_error_states (void)
{
  assert_grid_error ("wrong-token", NULL, "Reconnect");
  assert_grid_error ("fv_test_creator", "5xx:status=500,path=/media", "Try again later");
  assert_grid_error ("fv_test_creator", "malformed:path=/media", "not valid JSON");
}

/* A service that repeats a page: the grid keeps what was listed and says where it stopped,
 * without a Retry that could only do nothing (the list has no more to ask for). */
static void
test_incomplete_listing (void)
{
  g_autoptr (TroveProvider) provider = provider_with_token ("fv_test_creator");
  g_autoptr (TroveChat) chat = chat_at (provider, 0);
  TroveWindow *window;
  TroveMediaGrid *grid;
  TrovePagedList *list;
  GtkWidget *note, *retry;

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "repeat-cursor:path=/media");
  window = open_window (provider);
  grid = _trove_window_get_media_grid (window);
  _trove_window_open_chat (window, chat);
  TROVE_TEST_WAIT_UNTIL ((list = trove_media_grid_get_model (grid)) != NULL && loaded (list) &&
                         g_list_model_get_n_items (G_LIST_MODEL (list)) > 0);
  /* To the end of the first page: the next one is asked for, and comes back the same. */
  {
    GtkAdjustment *adjustment =
        gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (trove_media_grid_get_view (grid)));

    TROVE_TEST_WAIT_UNTIL (gtk_adjustment_get_upper (adjustment) >
                           gtk_adjustment_get_page_size (adjustment));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  TROVE_TEST_WAIT_UNTIL (loaded (list) && trove_paged_list_get_error (list) != NULL);
  g_assert_false (trove_paged_list_get_has_more (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);

  note = trove_test_find_named (GTK_WIDGET (window), "incomplete-note");
  retry = trove_test_find_named (GTK_WIDGET (window), "retry-more");
  g_assert_nonnull (note);
  TROVE_TEST_WAIT_UNTIL (gtk_widget_is_drawable (note));
  g_assert_true (
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (note)), "The service repeated a page"));
  g_assert_false (gtk_widget_get_visible (retry));

  trove_test_server_process_clear_faults (server);
  close_window (window);
}

int
main (int argc, char *argv[])
{
  const char *args[] = { "--dataset", "demo", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);
  /* Retries are what they are in the app, only shorter. */
  _trove_http_client_set_backoff_base_ms (trove_http_client_get_default (), 10);

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/browse/grid-pages-to-the-end", test_grid_pages_to_the_end);
  g_test_add_func ("/browse/scroll-position-restored", test_scroll_position_restored);
  g_test_add_func ("/browse/filters", test_filters);
  g_test_add_func ("/browse/thumbnails-only-for-what-is-shown",
                   test_thumbnails_only_for_what_is_shown);
  g_test_add_func ("/browse/viewer-steps-across-pages", test_viewer_steps_across_pages);
  g_test_add_func ("/browse/scroll-to-the-end-of-a-long-chat",
                   test_scroll_to_the_end_of_a_long_chat);
  g_test_add_func ("/browse/idle-window-draws-nothing", test_idle_window_draws_nothing);
  g_test_add_func ("/browse/fast-scrolling-and-selection-mode",
                   test_fast_scrolling_and_selection_mode);
  g_test_add_func ("/browse/error-states", test_error_states);
  g_test_add_func ("/browse/incomplete-listing", test_incomplete_listing);

  status = g_test_run ();

  g_object_unref (app);
  trove_test_server_process_free (server);
  return status;
}
