/* test-viewer.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The viewer through the real window against the test server: the grid's thumbnail at once and
 * the full image after it, stepping through video and audio and back, media streams released,
 * broken files said so, server text never read as markup, no frames drawn at rest.
 */

#include "config.h"

#include <adwaita.h>

#include "trove-application.h"
#include "trove-download-archive.h"
#include "trove-download-row.h"
#include "trove-download.h"
#include "trove-fanvue-provider.h"
#include "trove-http-client-private.h"
#include "trove-media-cell.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"
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

static TroveChat *
chat_at (TroveProvider *provider, guint index)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page = trove_test_list_chats (provider, NULL, &error);

  g_assert_no_error (error);
  return g_object_ref (g_ptr_array_index (trove_page_get_items (page), index));
}

typedef struct
{
  TroveProvider *provider;
  TroveWindow *window;
  TroveMediaGrid *grid;
  TroveViewer *viewer;
  GListModel *shown;
} Fixture;

static void
fixture_open (Fixture *fixture, guint chat_index)
{
  g_autoptr (TroveChat) chat = NULL;
  TrovePagedList *list;

  fixture->provider = provider_with_token ("fv_test_creator");
  chat = chat_at (fixture->provider, chat_index);
  fixture->window = g_object_ref (trove_window_new (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1024, 700);
  gtk_window_present (GTK_WINDOW (fixture->window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
  _trove_window_set_provider (fixture->window, fixture->provider, "Test", NULL);

  fixture->grid = _trove_window_get_media_grid (fixture->window);
  fixture->viewer = TROVE_VIEWER (_trove_window_get_viewer (fixture->window));
  _trove_window_open_chat (fixture->window, chat);
  list = trove_media_grid_get_model (fixture->grid);
  TROVE_TEST_WAIT_UNTIL (!trove_paged_list_get_loading (list) &&
                         g_list_model_get_n_items (G_LIST_MODEL (list)) > 0);
  fixture->shown = G_LIST_MODEL (trove_media_grid_get_selection (fixture->grid));
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  g_clear_object (&fixture->provider);
  trove_test_server_process_reset (server);
}

static TroveMediaKind
kind_at (Fixture *fixture, guint position)
{
  g_autoptr (TroveMedia) media = g_list_model_get_item (fixture->shown, position);

  return trove_media_get_kind (media);
}

static void
open_item (Fixture *fixture, guint position)
{
  g_signal_emit_by_name (trove_media_grid_get_view (fixture->grid), "activate", position);
  g_assert_cmpstr (_trove_window_get_visible_page (fixture->window), ==, "viewer");
  g_assert_cmpuint (trove_viewer_get_position (fixture->viewer), ==, position);
}

/* Every descendant of @widget of @type, depth first. */
static void
collect (GtkWidget *widget, GType type, GPtrArray *found)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static gboolean
really_visible (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_child_visible (widget) &&
         gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0;
}

/* The paintable of the picture the viewer shows, if it shows one. */
static GdkPaintable *
shown_image (Fixture *fixture)
{
  g_autoptr (GPtrArray) pictures = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->viewer), GTK_TYPE_PICTURE, pictures);
  for (guint i = 0; i < pictures->len; i++)
    {
      GtkPicture *picture = g_ptr_array_index (pictures, i);
      GdkPaintable *paintable = gtk_picture_get_paintable (picture);

      if (paintable != NULL && GDK_IS_TEXTURE (paintable) &&
          gtk_widget_get_mapped (GTK_WIDGET (picture)))
        return paintable;
    }

  return NULL;
}

static gboolean
shows_full_image (Fixture *fixture)
{
  GdkPaintable *image = shown_image (fixture);
  TroveMedia *item = trove_viewer_get_item (fixture->viewer);

  return image != NULL && item != NULL &&
         gdk_paintable_get_intrinsic_width (image) == trove_media_get_width (item) &&
         gdk_paintable_get_intrinsic_height (image) == trove_media_get_height (item);
}

/* Every media stream a widget of the viewer holds. */
static GPtrArray *
media_streams (Fixture *fixture)
{
  g_autoptr (GPtrArray) controls = g_ptr_array_new ();
  g_autoptr (GPtrArray) videos = g_ptr_array_new ();
  GPtrArray *streams = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->viewer), GTK_TYPE_MEDIA_CONTROLS, controls);
  for (guint i = 0; i < controls->len; i++)
    {
      GtkMediaStream *stream =
          gtk_media_controls_get_media_stream (g_ptr_array_index (controls, i));

      if (stream != NULL && !g_ptr_array_find (streams, stream, NULL))
        g_ptr_array_add (streams, stream);
    }

  collect (GTK_WIDGET (fixture->viewer), GTK_TYPE_VIDEO, videos);
  for (guint i = 0; i < videos->len; i++)
    {
      GtkMediaStream *stream = gtk_video_get_media_stream (g_ptr_array_index (videos, i));

      if (stream != NULL && !g_ptr_array_find (streams, stream, NULL))
        g_ptr_array_add (streams, stream);
    }

  return streams;
}

/* The visible status page of the viewer, if it shows one. */
static AdwStatusPage *
shown_status_page (Fixture *fixture)
{
  g_autoptr (GPtrArray) pages = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->viewer), ADW_TYPE_STATUS_PAGE, pages);
  for (guint i = 0; i < pages->len; i++)
    if (really_visible (g_ptr_array_index (pages, i)))
      return g_ptr_array_index (pages, i);

  return NULL;
}

static gboolean
status_page_says (Fixture *fixture, const char *title)
{
  AdwStatusPage *page = shown_status_page (fixture);

  return page != NULL && g_strcmp0 (adw_status_page_get_title (page), title) == 0;
}

/* The visible button of @page that activates @action, if any. */
static GtkWidget *
button_for_action (GtkWidget *under, const char *action)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();

  collect (under, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), action) == 0 &&
          really_visible (button))
        return button;
    }

  return NULL;
}

/* Which is the text a label shows (markup already parsed). */
static gboolean
shows_text (GtkWidget *under, const char *text)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  collect (under, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), text) != NULL &&
        really_visible (g_ptr_array_index (labels, i)))
      return TRUE;

  return FALSE;
}

static void
count_frame_cb (GdkFrameClock *clock, guint *frames)
{
  (*frames)++;
}

/* How many frames the window draws in @ms. */
static guint
frames_in (Fixture *fixture, guint ms)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  guint frames = 0;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame_cb), &frames);

  trove_test_spin (ms);
  g_signal_handler_disconnect (clock, handler);
  return frames;
}

static gboolean
cell_shows_thumbnail (Fixture *fixture, guint position)
{
  g_autoptr (TroveMedia) media = g_list_model_get_item (fixture->shown, position);
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->grid), TROVE_TYPE_MEDIA_CELL, cells);
  for (guint i = 0; i < cells->len; i++)
    if (trove_media_cell_get_media (g_ptr_array_index (cells, i)) == media)
      return really_visible (g_ptr_array_index (cells, i)) &&
             trove_media_cell_shows_thumbnail (g_ptr_array_index (cells, i));

  return FALSE;
}

/* An image on screen, then a video and an audio item not far after it. */
static gboolean
find_image_then_video_and_audio (Fixture *fixture, guint *image, guint *last)
{
  guint n = g_list_model_get_n_items (fixture->shown);

  for (guint i = 0; i < n; i++)
    {
      gboolean video = FALSE, audio = FALSE;

      if (kind_at (fixture, i) != TROVE_MEDIA_KIND_IMAGE || !cell_shows_thumbnail (fixture, i))
        continue;

      for (guint j = i + 1; j < n && j < i + 12; j++)
        {
          video |= kind_at (fixture, j) == TROVE_MEDIA_KIND_VIDEO;
          audio |= kind_at (fixture, j) == TROVE_MEDIA_KIND_AUDIO;
          if (video && audio)
            {
              *image = i;
              *last = j;
              return TRUE;
            }
        }
    }

  return FALSE;
}

static void
weak_notify_cb (gpointer data, GObject *where_the_object_was)
{
  guint *alive = data;

  (*alive)--;
}

/* Right through a video and an audio item and back: the photo is painted again, and the
 * streams of the media items are gone. */
static void
test_steps_through_video_and_audio_and_back (void)
{
  Fixture fixture = { 0 };
  guint image = 0, last = 0, alive = 0, played = 0;

  fixture_open (&fixture, 0);
  TROVE_TEST_WAIT_UNTIL (find_image_then_video_and_audio (&fixture, &image, &last));

  open_item (&fixture, image);
  TROVE_TEST_WAIT_UNTIL (shows_full_image (&fixture));

  for (guint position = image + 1; position <= last; position++)
    {
      TroveMediaKind kind = kind_at (&fixture, position);

      gtk_widget_activate_action (GTK_WIDGET (fixture.viewer), "viewer.next", NULL);
      g_assert_cmpuint (trove_viewer_get_position (fixture.viewer), ==, position);

      if (kind == TROVE_MEDIA_KIND_VIDEO || kind == TROVE_MEDIA_KIND_AUDIO)
        {
          g_autoptr (GPtrArray) streams = media_streams (&fixture);
          GtkMediaStream *stream;

          /* A player with controls, for video and for audio alike. */
          g_assert_cmpuint (streams->len, ==, 1);
          stream = g_ptr_array_index (streams, 0);
          g_object_weak_ref (G_OBJECT (stream), weak_notify_cb, &alive);
          alive++;
          played++;
          TROVE_TEST_WAIT_UNTIL (gtk_media_stream_is_prepared (stream) ||
                                 gtk_media_stream_get_error (stream) != NULL);
          g_assert_no_error (gtk_media_stream_get_error (stream));

          if (kind == TROVE_MEDIA_KIND_AUDIO)
            {
              TroveMedia *item = trove_viewer_get_item (fixture.viewer);
              gboolean playing = gtk_media_stream_get_playing (stream);

              /* A player of its own: the name, and Space to play and pause. */
              g_assert_cmpstr (trove_viewer_get_visible_page (fixture.viewer), ==, "audio");
              g_assert_true (shows_text (GTK_WIDGET (fixture.viewer), trove_media_get_name (item)));
              gtk_widget_activate_action (GTK_WIDGET (fixture.viewer), "viewer.play-pause", NULL);
              g_assert_cmpint (gtk_media_stream_get_playing (stream), !=, playing);
              gtk_widget_activate_action (GTK_WIDGET (fixture.viewer), "viewer.play-pause", NULL);
              g_assert_cmpint (gtk_media_stream_get_playing (stream), ==, playing);
            }
        }
    }
  g_assert_cmpuint (played, >=, 2);

  for (guint position = last; position > image; position--)
    gtk_widget_activate_action (GTK_WIDGET (fixture.viewer), "viewer.previous", NULL);
  g_assert_cmpuint (trove_viewer_get_position (fixture.viewer), ==, image);

  /* The photo comes back in full, painted, and no stream of the way lives on. */
  TROVE_TEST_WAIT_UNTIL (shows_full_image (&fixture));
  {
    g_autoptr (GPtrArray) streams = media_streams (&fixture);

    g_assert_cmpuint (streams->len, ==, 0);
  }
  TROVE_TEST_WAIT_UNTIL (alive == 0);

  fixture_close (&fixture);
}

/* An image whose cell shows its thumbnail, if there is one yet. */
static TroveMedia *
image_with_thumbnail (Fixture *fixture)
{
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();

  collect (GTK_WIDGET (fixture->grid), TROVE_TYPE_MEDIA_CELL, cells);
  for (guint i = 0; i < cells->len; i++)
    {
      TroveMediaCell *cell = g_ptr_array_index (cells, i);
      TroveMedia *media = trove_media_cell_get_media (cell);

      if (media != NULL && trove_media_get_kind (media) == TROVE_MEDIA_KIND_IMAGE &&
          really_visible (GTK_WIDGET (cell)) && trove_media_cell_shows_thumbnail (cell))
        return media;
    }

  return NULL;
}

/* The position of an on-screen image whose cell shows its thumbnail. */
static guint
first_image_on_screen (Fixture *fixture)
{
  TroveMedia *media;
  guint position;

  TROVE_TEST_WAIT_UNTIL ((media = image_with_thumbnail (fixture)) != NULL);
  for (position = 0; position < g_list_model_get_n_items (fixture->shown); position++)
    {
      g_autoptr (TroveMedia) item = g_list_model_get_item (fixture->shown, position);

      if (item == media)
        return position;
    }

  g_assert_not_reached ();
}

/* The grid's thumbnail fills the viewer the moment it opens; the full image replaces it. No
 * spinner meanwhile, since something is shown. */
static void
test_thumbnail_before_full_image (void)
{
  Fixture fixture = { 0 };
  g_autoptr (GPtrArray) spinners = g_ptr_array_new ();
  GdkPaintable *first;
  guint image;

  fixture_open (&fixture, 1);
  image = first_image_on_screen (&fixture);

  /* The full image takes its time. */
  trove_test_server_process_add_fault (server, "latency:ms=1500,server=media,path=/main");
  open_item (&fixture, image);

  first = shown_image (&fixture);
  g_assert_nonnull (first);
  g_assert_cmpstr (trove_viewer_get_visible_page (fixture.viewer), ==, "image");
  g_assert_false (shows_full_image (&fixture));

  /* While it waits, nothing spins. */
  collect (GTK_WIDGET (fixture.viewer), GTK_TYPE_SPINNER, spinners);
  trove_test_spin (600);
  for (guint i = 0; i < spinners->len; i++)
    g_assert_false (really_visible (g_ptr_array_index (spinners, i)) &&
                    gtk_spinner_get_spinning (g_ptr_array_index (spinners, i)));
  g_assert_false (shows_full_image (&fixture));

  TROVE_TEST_WAIT_UNTIL (shows_full_image (&fixture));

  fixture_close (&fixture);
}

/* A loaded photo on screen: nothing changes, so nothing is drawn. */
static void
test_no_frames_at_rest (void)
{
  Fixture fixture = { 0 };
  guint image, frames;

  fixture_open (&fixture, 1);
  image = first_image_on_screen (&fixture);
  open_item (&fixture, image);
  TROVE_TEST_WAIT_UNTIL (shows_full_image (&fixture));
  /* Whatever was still settling (a transition, a late frame on a loaded machine) gets up to
   * 10 s to end: a half-second without a frame. */
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       g_get_monotonic_time () < deadline;)
    if (frames_in (&fixture, 500) == 0)
      break;

  frames = frames_in (&fixture, 2000);
  g_assert_cmpuint (frames, ==, 0);

  fixture_close (&fixture);
}

static guint
first_of_kind (Fixture *fixture, TroveMediaKind kind)
{
  guint n = g_list_model_get_n_items (fixture->shown);

  for (guint i = 0; i < n; i++)
    if (kind_at (fixture, i) == kind)
      return i;

  g_assert_not_reached ();
}

/* Breaks the main file of the item at @position on the media host: @fault is a fault SPEC
 * ("corrupt", "5xx:status=400") narrowed to that file. */
static void
break_main_file (Fixture *fixture, guint position, const char *fault)
{
  g_autoptr (TroveMedia) media = g_list_model_get_item (fixture->shown, position);
  g_autofree char *spec =
      g_strdup_printf ("%s%sserver=media,path=/m/%s/main", fault, strchr (fault, ':') ? "," : ":",
                       trove_media_get_id (media));

  trove_test_server_process_add_fault (server, spec);
}

/* A photo whose bytes are not an image: the viewer says so, offers Retry and Download, and
 * Retry shows it once the server sends it whole. */
static void
test_corrupt_image_says_so (void)
{
  Fixture fixture = { 0 };
  guint image;

  fixture_open (&fixture, 1);
  image = first_image_on_screen (&fixture);
  break_main_file (&fixture, image, "corrupt");

  open_item (&fixture, image);
  TROVE_TEST_WAIT_UNTIL (status_page_says (&fixture, "Can’t Show This Image"));
  g_assert_nonnull (button_for_action (GTK_WIDGET (fixture.viewer), "viewer.retry"));
  g_assert_nonnull (button_for_action (GTK_WIDGET (fixture.viewer), "win.download-item"));

  trove_test_server_process_clear_faults (server);
  gtk_widget_activate (button_for_action (GTK_WIDGET (fixture.viewer), "viewer.retry"));
  TROVE_TEST_WAIT_UNTIL (shows_full_image (&fixture));

  fixture_close (&fixture);
}

/* A photo too large to decode (a few bytes of header claiming gigapixels) says so too. */
static void
test_oversized_image_says_so (void)
{
  Fixture fixture = { 0 };
  guint image;

  fixture_open (&fixture, 1);
  image = first_image_on_screen (&fixture);
  break_main_file (&fixture, image, "oversize");

  open_item (&fixture, image);
  TROVE_TEST_WAIT_UNTIL (status_page_says (&fixture, "Can’t Show This Image"));
  g_assert_true (shows_text (GTK_WIDGET (shown_status_page (&fixture)), "larger than"));
  g_assert_nonnull (button_for_action (GTK_WIDGET (fixture.viewer), "viewer.retry"));
  g_assert_nonnull (button_for_action (GTK_WIDGET (fixture.viewer), "win.download-item"));

  fixture_close (&fixture);
}

/* A video whose bytes play nowhere: said in words, with Download, not a black rectangle. */
static void
test_unplayable_video_says_so (void)
{
  Fixture fixture = { 0 };
  guint video;

  fixture_open (&fixture, 1);
  video = first_of_kind (&fixture, TROVE_MEDIA_KIND_VIDEO);
  break_main_file (&fixture, video, "corrupt");

  open_item (&fixture, video);
  TROVE_TEST_WAIT_UNTIL (status_page_says (&fixture, "Can’t Play This File Here"));
  g_assert_nonnull (button_for_action (GTK_WIDGET (fixture.viewer), "win.download-item"));
  {
    g_autoptr (GPtrArray) streams = media_streams (&fixture);

    /* Nothing left playing behind the message. */
    for (guint i = 0; i < streams->len; i++)
      g_assert_false (gtk_media_stream_get_playing (g_ptr_array_index (streams, i)));
  }

  fixture_close (&fixture);
}

/* What a server says is shown as it said it, never read as markup. */
static void
test_server_error_shown_literally (void)
{
  Fixture fixture = { 0 };
  guint image;

  fixture_open (&fixture, 1);
  image = first_image_on_screen (&fixture);
  break_main_file (&fixture, image, "5xx:status=400,message=<b>Nope</b> & <i>no");

  open_item (&fixture, image);
  TROVE_TEST_WAIT_UNTIL (shown_status_page (&fixture) != NULL);
  g_assert_true (shows_text (GTK_WIDGET (shown_status_page (&fixture)), "<b>Nope</b> & <i>no"));

  fixture_close (&fixture);
}

/* A cell is named after its media first, so that a screen reader tells items apart. */
static void
test_cell_named_after_media (void)
{
  Fixture fixture = { 0 };
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();
  guint checked = 0;

  fixture_open (&fixture, 1);
  first_image_on_screen (&fixture);
  collect (GTK_WIDGET (fixture.grid), TROVE_TYPE_MEDIA_CELL, cells);
  g_assert_cmpuint (cells->len, >, 0);

  for (guint i = 0; i < cells->len; i++)
    {
      TroveMediaCell *cell = g_ptr_array_index (cells, i);
      TroveMedia *media = trove_media_cell_get_media (cell);
      g_autofree char *described = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *mismatch = NULL;

      if (media == NULL || trove_media_get_name (media) == NULL)
        continue;

      /* "Name, Photo, from fan, 1 June 2024" */
      described = trove_media_describe (media);
      expected = g_strdup_printf ("%s, %s", trove_media_get_name (media), described);
      mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (cell),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
      if (mismatch != NULL)
        g_error ("cell of “%s”: %s", trove_media_get_name (media), mismatch);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);

  fixture_close (&fixture);
}

/* The file an icon name resolves to in the theme in use. */
static GBytes *
icon_contents (GtkWidget *widget, const char *icon_name)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr (GtkIconPaintable) icon =
      gtk_icon_theme_lookup_icon (theme, icon_name, NULL, 16, 1, GTK_TEXT_DIR_LTR, 0);
  g_autoptr (GFile) file = gtk_icon_paintable_get_file (icon);
  g_autoptr (GError) error = NULL;
  GBytes *bytes;

  g_assert_nonnull (file);
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  return bytes;
}

/* A finished download offers Open and Show in Files: two names, and two icons that look
 * different (in Adwaita, document-open and folder-open are the same picture). */
static void
test_download_row_buttons_told_apart (void)
{
  g_autoptr (TroveProvider) provider = provider_with_token ("fv_test_creator");
  g_autofree char *chat_id = trove_test_dataset_chat_id (server, "fanvue", 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page =
      trove_test_list_media (provider, chat_id, TROVE_MEDIA_KIND_IMAGE, NULL, &error);
  g_autofree char *path = NULL;
  g_autoptr (GFile) destination = NULL;
  g_autoptr (TroveDownload) download = NULL;
  g_autoptr (GBytes) open_icon = NULL;
  g_autoptr (GBytes) show_icon = NULL;
  GtkWidget *window, *row, *open, *show;

  g_assert_no_error (error);
  path = g_build_filename (g_get_user_data_dir (), "download-row-photo.jpg", NULL);
  destination = g_file_new_for_path (path);
  download =
      trove_download_new (provider, "test", g_ptr_array_index (trove_page_get_items (page), 0),
                          destination, NULL);
  trove_download_start (download);
  TROVE_TEST_WAIT_UNTIL (trove_download_is_finished (download));
  g_assert_no_error (trove_download_get_error (download));
  g_assert_cmpint (trove_download_get_state (download), ==, TROVE_DOWNLOAD_DONE);

  window = g_object_ref (gtk_window_new ());
  row = g_object_new (TROVE_TYPE_DOWNLOAD_ROW, NULL);
  trove_download_row_set_download (TROVE_DOWNLOAD_ROW (row), download);
  gtk_window_set_child (GTK_WINDOW (window), row);
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL ((open = button_for_action (row, "download.open")) != NULL);
  TROVE_TEST_WAIT_UNTIL ((show = button_for_action (row, "download.show-in-files")) != NULL);

  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (open),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, "Open"));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (show),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Show in Files"));

  open_icon = icon_contents (row, gtk_button_get_icon_name (GTK_BUTTON (open)));
  show_icon = icon_contents (row, gtk_button_get_icon_name (GTK_BUTTON (show)));
  if (g_bytes_equal (open_icon, show_icon))
    g_error ("Open (%s) and Show in Files (%s) draw the same icon",
             gtk_button_get_icon_name (GTK_BUTTON (open)),
             gtk_button_get_icon_name (GTK_BUTTON (show)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Whether a label under @under has @text, shown or not (the info panel may be folded away). */
static gboolean
has_text (GtkWidget *under, const char *text)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  collect (under, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), text) != NULL)
      return TRUE;
  return FALSE;
}

/* The info panel names the other chats the archive knows the item in (a mass message's media
 * is in many), counts them, and never reads a chat's name as markup. */
static void
test_info_lists_other_chats (void)
{
  Fixture fixture = { 0 };
  g_autoptr (GError) error = NULL;
  /* The app's own archive, in the test's data folder. */
  g_autoptr (TroveDownloadArchive) archive = trove_download_archive_new (NULL, &error);
  g_autoptr (TroveMedia) media = NULL;
  const char *others[] = { "Amélie C", "Bo <b>Lind</b>", "Chen" };

  g_assert_no_error (error);
  fixture_open (&fixture, 0);
  media = g_list_model_get_item (fixture.shown, 0);
  g_assert_true (trove_download_archive_add_place (archive, "default", trove_media_get_id (media),
                                                   trove_media_get_chat_id (media), "This chat",
                                                   "/nowhere/this", &error));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *chat = g_strdup_printf ("other-%u", i);
      g_autofree char *place = g_strdup_printf ("/nowhere/%u", i);

      g_assert_true (trove_download_archive_add_place (archive, "default",
                                                       trove_media_get_id (media), chat, others[i],
                                                       place, &error));
    }

  open_item (&fixture, 0);
  g_assert_true (has_text (GTK_WIDGET (fixture.viewer), "Also in 3 chats"));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_assert_true (has_text (GTK_WIDGET (fixture.viewer), others[i]));
  g_assert_false (has_text (GTK_WIDGET (fixture.viewer), "This chat"));

  /* An item the archive knows in no other chat says nothing of it. */
  trove_viewer_next (fixture.viewer);
  TROVE_TEST_WAIT_UNTIL (trove_viewer_get_position (fixture.viewer) == 1);
  g_assert_false (has_text (GTK_WIDGET (fixture.viewer), "Also in"));

  fixture_close (&fixture);
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
  _trove_http_client_set_backoff_base_ms (trove_http_client_get_default (), 10);

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/viewer/steps-through-video-and-audio-and-back",
                   test_steps_through_video_and_audio_and_back);
  g_test_add_func ("/viewer/thumbnail-before-full-image", test_thumbnail_before_full_image);
  g_test_add_func ("/viewer/no-frames-at-rest", test_no_frames_at_rest);
  g_test_add_func ("/viewer/corrupt-image-says-so", test_corrupt_image_says_so);
  g_test_add_func ("/viewer/oversized-image-says-so", test_oversized_image_says_so);
  g_test_add_func ("/viewer/unplayable-video-says-so", test_unplayable_video_says_so);
  g_test_add_func ("/viewer/server-error-shown-literally", test_server_error_shown_literally);
  g_test_add_func ("/viewer/cell-named-after-media", test_cell_named_after_media);
  g_test_add_func ("/viewer/download-row-buttons-told-apart", test_download_row_buttons_told_apart);
  g_test_add_func ("/viewer/info-lists-other-chats", test_info_lists_other_chats);

  status = g_test_run ();

  g_object_unref (app);
  trove_test_server_process_free (server);
  return status;
}
