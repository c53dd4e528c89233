/* test-user-flows.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Trove as a person drives it: the application on two accounts saved by trove-cli, against the
 * test server. Keys go through the X server (xdotool), buttons are activated as a click
 * activates them, menu items through the menu that shows them. Each flow checks what the
 * person would see or get: chats, files on disk, the clipboard, a launched file manager.
 */

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "trove-application.h"
#include "trove-download-archive.h"
#include "trove-download-row.h"
#include "trove-test-util.h"
#include "trove-test-widgets.h"
#include "trove-viewer.h"
#include "trove-window-private.h"

static TroveApplication *app;
static TroveTestServerProcess *server;
static TroveWindow *window;
static char *private_dir;
static char *download_dir;
static char *opened_log;
static GPtrArray *file_manager_calls;

/* --- Input ---------------------------------------------------------------------------------- */

static void
xdotool (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Real key presses, through the X server, to Trove's window (no window manager gives it the
 * focus here). */
static void
press (const char *keys)
{
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (
                                                     gtk_native_get_surface (GTK_NATIVE (window))));

  xdotool ((const char *[]){ "xdotool", "windowfocus", "--sync", xid, NULL });
  /* The key that follows a change of focus is lost unless GTK has seen the change. */
  trove_test_spin (100);
  xdotool ((const char *[]){ "xdotool", "key", "--clearmodifiers", keys, NULL });
  trove_test_spin (150);
}

static void
type_text (const char *text)
{
  xdotool ((const char *[]){ "xdotool", "type", "--delay", "20", text, NULL });
  trove_test_spin (150);
}

/* Moves the pointer over the middle of @widget, through the X server. */
static void
hover (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  g_autofree char *xid =
      g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
  graphene_point_t point;
  double dx, dy;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  g_assert_true (
      gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                      gtk_widget_get_height (widget) / 2.f),
                                &point));
  gtk_native_get_surface_transform (native, &dx, &dy);
  x = g_strdup_printf ("%d", (int) (point.x + dx));
  y = g_strdup_printf ("%d", (int) (point.y + dy));
  xdotool ((const char *[]){ "xdotool", "mousemove", "--sync", "--window", xid, x, y, NULL });
  trove_test_spin (150);
}

/* What a click on a button does: it must be on screen and usable. */
static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  TROVE_TEST_WAIT_UNTIL (gtk_widget_is_drawable (button) && gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
}

static gboolean
has_action (GtkWidget *widget, gconstpointer action)
{
  return GTK_IS_ACTIONABLE (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static gboolean
has_name (GtkWidget *widget, gconstpointer name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* The tooltip starts with @tooltip ("Downloads: 2 in progress"). */
static gboolean
has_tooltip (GtkWidget *widget, gconstpointer tooltip)
{
  const char *text = gtk_widget_get_tooltip_text (widget);

  return text != NULL && g_str_has_prefix (text, tooltip);
}

static gboolean
has_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

/* A visible menu item or button whose label starts with @text (mnemonic underscores left out). */
static gboolean
is_labelled (GtkWidget *widget, gconstpointer text)
{
  GtkWidget *label;

  if (!gtk_widget_is_drawable (widget) || GTK_IS_LABEL (widget) ||
      !gtk_widget_get_focusable (widget))
    return FALSE;
  label = gtk_widget_get_first_child (widget);
  while (label != NULL && !GTK_IS_LABEL (label))
    label = gtk_widget_get_next_sibling (label);
  return label != NULL && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), text);
}

static GtkWidget *
button_for_action (GtkWidget *root, const char *action)
{
  GtkWidget *button = NULL;

  TROVE_TEST_WAIT_UNTIL ((button = trove_test_find (root, has_action, action)) != NULL);
  return button;
}

/* Opens @menu_button's menu and activates its item labelled @label. */
static void
choose_from_menu (GtkWidget *menu_button, const char *label)
{
  GtkPopover *popover;
  GtkWidget *item = NULL;

  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  TROVE_TEST_WAIT_UNTIL ((item = trove_test_find (GTK_WIDGET (popover), is_labelled, label)) !=
                         NULL);
  g_assert_true (gtk_widget_activate (item));
  TROVE_TEST_WAIT_UNTIL (!gtk_widget_get_mapped (GTK_WIDGET (popover)));
}

static GtkWidget *
menu_button (const char *tooltip)
{
  GtkWidget *button = trove_test_find (GTK_WIDGET (window), has_tooltip, tooltip);

  g_assert_true (GTK_IS_MENU_BUTTON (button));
  return button;
}

static GtkWindow *
toplevel_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return toplevel;
    }

  return NULL;
}

/* --- What the window shows ------------------------------------------------------------------ */

static gboolean
is_chat_list (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_LIST_VIEW (widget) && gtk_widget_has_css_class (widget, "navigation-sidebar");
}

static GtkListView *
chat_list (void)
{
  GtkWidget *list = trove_test_find (GTK_WIDGET (window), is_chat_list, NULL);

  g_assert_nonnull (list);
  return GTK_LIST_VIEW (list);
}

/* The names of the chats the sidebar lists, once it has settled. */
static GPtrArray *
listed_chats (void)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (chat_list ()));
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (TroveChat) chat = g_list_model_get_item (model, i);

      g_ptr_array_add (names, g_strdup (trove_chat_get_display_name (chat)));
    }

  return names;
}

static gboolean
lists_chat (const char *name)
{
  g_autoptr (GPtrArray) names = listed_chats ();

  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

static GPtrArray *
dataset_chat_names (const char *service)
{
  g_autoptr (JsonObject) root = trove_test_server_process_get_dataset (server);
  JsonObject *owner =
      g_str_equal (service, "fanvue")
          ? json_object_get_object_member (root, "fanvue")
          : json_array_get_object_element (json_object_get_array_member (root, service), 0);
  JsonArray *chats = json_object_get_array_member (owner, "chats");
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (chats); i++)
    g_ptr_array_add (names,
                     g_strdup (
                         json_object_get_string_member (json_array_get_object_element (chats, i),
                                                        "name")));
  return names;
}

/* A chat name of @service's first account that @other's has not: it tells the two apart. */
static char *
chat_name_only_in (const char *service, const char *other)
{
  g_autoptr (GPtrArray) names = dataset_chat_names (service);
  g_autoptr (GPtrArray) other_names = dataset_chat_names (other);

  for (guint i = 0; i < names->len; i++)
    if (!g_ptr_array_find_with_equal_func (other_names, names->pdata[i], g_str_equal, NULL))
      return g_strdup (names->pdata[i]);

  g_assert_not_reached ();
}

static void
open_chat (guint index)
{
  TrovePagedList *list;
  TroveMediaGrid *grid = _trove_window_get_media_grid (window);

  TROVE_TEST_WAIT_UNTIL (
      g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (chat_list ()))) > index);
  /* A click on a row puts the focus in the list first. */
  gtk_widget_grab_focus (GTK_WIDGET (chat_list ()));
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (chat_list ()), "list.activate-item", "u", index));
  TROVE_TEST_WAIT_UNTIL ((list = trove_media_grid_get_model (grid)) != NULL &&
                         !trove_paged_list_get_loading (list) &&
                         g_list_model_get_n_items (G_LIST_MODEL (list)) > 0);
}

static guint
server_requests_with (const char *path_part, const char *query_part)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      const char *query = json_object_get_string_member_with_default (request, "query", "");

      if (strstr (json_object_get_string_member (request, "path"), path_part) != NULL &&
          (query_part == NULL || (query != NULL && strstr (query, query_part) != NULL)))
        n++;
    }

  return n;
}

static TroveDownloadQueue *
queue (void)
{
  return trove_application_get_download_queue (app);
}

static guint
count_downloads_in (TroveDownloadState state)
{
  GListModel *model = G_LIST_MODEL (queue ());
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (TroveDownload) download = g_list_model_get_item (model, i);

      n += trove_download_get_state (download) == state;
    }

  return n;
}

/* The regular files under @dir, recursively. */
static guint
count_files (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += count_files (path);
      else if (!g_str_has_suffix (name, ".part"))
        n++;
    }

  return n;
}

/* The file of @download holds exactly what the media host serves for it. */
static void
assert_download_bytes (TroveDownload *download)
{
  g_autofree char *path = g_file_get_path (trove_download_get_destination (download));
  g_autofree char *contents = NULL;
  g_autoptr (GBytes) expected =
      trove_test_server_process_get_content (server,
                                             trove_media_get_id (
                                                 trove_download_get_media (download)),
                                             "main");
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                   g_bytes_get_size (expected));
}

static gboolean
is_row_of (GtkWidget *widget, gconstpointer download)
{
  TroveDownload *shown = NULL;
  gboolean found;

  if (!TROVE_IS_DOWNLOAD_ROW (widget))
    return FALSE;
  g_object_get (widget, "download", &shown, NULL);
  found = shown == download;
  g_clear_object (&shown);
  return found;
}

static int
zoom_level (void)
{
  int level;

  g_object_get (window, "zoom-level", &level, NULL);
  return level;
}

static gboolean
selection_mode (void)
{
  gboolean on;

  g_object_get (window, "selection-mode", &on, NULL);
  return on;
}

static int
first_cell_width (void)
{
  GtkWidget *view = GTK_WIDGET (trove_media_grid_get_view (_trove_window_get_media_grid (window)));
  GtkWidget *cell = gtk_widget_get_first_child (view);

  return cell ? gtk_widget_get_width (cell) : 0;
}

/* Downloads @indices of the open chat through selection mode and "Download Selected"; returns
 * the jobs, in the queue's order. */
static GPtrArray *
download_selected (const guint *indices, guint n_indices)
{
  GtkSelectionModel *selection =
      GTK_SELECTION_MODEL (trove_media_grid_get_selection (_trove_window_get_media_grid (window)));
  GListModel *downloads = G_LIST_MODEL (queue ());
  guint before = g_list_model_get_n_items (downloads);
  g_autoptr (GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *view = GTK_WIDGET (trove_media_grid_get_view (_trove_window_get_media_grid (window)));

  /* The pointer rests on a cell, as it does when the user reaches for the button. */
  hover (gtk_widget_get_first_child (view));
  click (button_for_action (GTK_WIDGET (window), "win.selection-mode"));
  TROVE_TEST_WAIT_UNTIL (selection_mode ());
  {
    g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (selection);

    g_assert_true (gtk_bitset_is_empty (selected));
  }
  for (guint i = 0; i < n_indices; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (G_LIST_MODEL (selection), indices[i]);

      g_hash_table_add (wanted, g_strdup (trove_media_get_id (media)));
      /* What a click on a cell does in selection mode. */
      gtk_selection_model_select_item (selection, indices[i], FALSE);
    }

  choose_from_menu (menu_button ("Main Menu"), "Download Selected");
  TROVE_TEST_WAIT_UNTIL (g_list_model_get_n_items (downloads) == before + n_indices);
  g_assert_false (selection_mode ());
  for (guint i = before; i < before + n_indices; i++)
    {
      TroveDownload *download = g_list_model_get_item (downloads, i);

      g_assert_true (
          g_hash_table_remove (wanted, trove_media_get_id (trove_download_get_media (download))));
      g_ptr_array_add (jobs, download);
    }

  return jobs;
}

static void
click_on_row (TroveDownload *download, const char *action)
{
  GtkWidget *popover =
      GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button ("Downloads"))));
  GtkWidget *row = NULL;

  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (popover) &&
                         (row = trove_test_find (popover, is_row_of, download)) != NULL);
  click (button_for_action (row, action));
}

/* --- Flows ---------------------------------------------------------------------------------- */

/* The account menu in the sidebar switches between the saved accounts. */
static void
test_switch_accounts (void)
{
  g_autofree char *fanvue_chat = chat_name_only_in ("fanvue", "onlyfansapi");
  g_autofree char *onlyfans_chat = chat_name_only_in ("onlyfansapi", "fanvue");

  TROVE_TEST_WAIT_UNTIL (lists_chat (fanvue_chat));
  g_assert_false (lists_chat (onlyfans_chat));

  choose_from_menu (menu_button ("Accounts"), "Demo Main");
  TROVE_TEST_WAIT_UNTIL (lists_chat (onlyfans_chat));
  g_assert_false (lists_chat (fanvue_chat));

  choose_from_menu (menu_button ("Accounts"), "Mira Solberg");
  TROVE_TEST_WAIT_UNTIL (lists_chat (fanvue_chat));
}

/* Ctrl+F opens the chat search; what is typed reaches the service, and only matches stay. */
static void
test_search_chats (void)
{
  g_autoptr (GPtrArray) names = dataset_chat_names ("fanvue");
  const char *name = names->pdata[3];
  g_autofree char *query = g_strndup (name, 2);
  g_autofree char *folded_query = g_utf8_casefold (query, -1);
  GtkWidget *entry =
      trove_test_find (GTK_WIDGET (window), has_type, GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY));
  GListModel *chats;
  guint total;

  TROVE_TEST_WAIT_UNTIL (lists_chat (name));
  chats = G_LIST_MODEL (gtk_list_view_get_model (chat_list ()));
  total = g_list_model_get_n_items (chats);
  trove_test_server_process_reset (server);

  press ("ctrl+f");
  TROVE_TEST_WAIT_UNTIL (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));
  type_text (query);
  TROVE_TEST_WAIT_UNTIL (
      server_requests_with ("/chats", "search=") > 0 &&
      g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (chat_list ()))) < total &&
      lists_chat (name));

  {
    g_autoptr (GPtrArray) shown = listed_chats ();

    for (guint i = 0; i < shown->len; i++)
      {
        g_autofree char *folded = g_utf8_casefold (g_ptr_array_index (shown, i), -1);

        g_assert_nonnull (strstr (folded, folded_query));
      }
  }

  /* Escape ends the search and brings every chat back. */
  press ("Escape");
  TROVE_TEST_WAIT_UNTIL (
      g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (chat_list ()))) == total);
}

/* A chat list that failed to load comes back with Retry. */
static void
test_retry_chats (void)
{
  g_autofree char *fanvue_chat = chat_name_only_in ("fanvue", "onlyfansapi");
  g_autofree char *onlyfans_chat = chat_name_only_in ("onlyfansapi", "fanvue");
  GtkStack *sidebar =
      GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (chat_list ()), GTK_TYPE_STACK));

  /* More failures than the client retries. */
  trove_test_server_process_add_fault (server, "5xx:status=503,path=/chats,count=50");
  choose_from_menu (menu_button ("Accounts"), "Demo Main");
  TROVE_TEST_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (sidebar), "error") == 0);
  g_assert_false (lists_chat (onlyfans_chat));

  trove_test_server_process_clear_faults (server);
  click (button_for_action (GTK_WIDGET (window), "win.retry-chats"));
  TROVE_TEST_WAIT_UNTIL (lists_chat (onlyfans_chat));

  choose_from_menu (menu_button ("Accounts"), "Mira Solberg");
  TROVE_TEST_WAIT_UNTIL (lists_chat (fanvue_chat));
}

/* Ctrl+plus and Ctrl+minus change the size of the cells. */
static void
test_zoom (void)
{
  int level, width;

  open_chat (0);
  if (zoom_level () == 2)
    press ("ctrl+minus");
  level = zoom_level ();
  TROVE_TEST_WAIT_UNTIL ((width = first_cell_width ()) > 0);

  press ("ctrl+plus");
  TROVE_TEST_WAIT_UNTIL (zoom_level () == level + 1 && first_cell_width () > width);
  press ("ctrl+minus");
  TROVE_TEST_WAIT_UNTIL (zoom_level () == level && first_cell_width () == width);
}

/* "Download Missing": the dialog counts the chat, and every file lands whole. Clear Finished
 * then empties the downloads popover. */
static void
test_download_this_chat (void)
{
  guint expected = trove_test_dataset_media_count (server, "fanvue", 0);
  GListModel *downloads = G_LIST_MODEL (queue ());
  GtkWidget *downloads_button = menu_button ("Downloads");
  g_autofree char *body = NULL;
  g_autofree char *tally = NULL;
  AdwMessageDialog *dialog = NULL;

  open_chat (0);
  click (button_for_action (GTK_WIDGET (window), "win.download-chat"));
  TROVE_TEST_WAIT_UNTIL (
      (dialog = ADW_MESSAGE_DIALOG (toplevel_of_type (ADW_TYPE_MESSAGE_DIALOG))) != NULL);

  body = g_strdup_printf ("%u items in this chat: 0 already downloaded, 0 locked. The other %u "
                          "will be downloaded.",
                          expected, expected);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, body);
  click (trove_test_find (GTK_WIDGET (dialog), is_labelled, "Download"));

  TROVE_TEST_WAIT_UNTIL (count_downloads_in (TROVE_DOWNLOAD_DONE) == expected);
  g_assert_cmpuint (g_list_model_get_n_items (downloads), ==, expected);
  g_assert_cmpuint (count_files (download_dir), ==, expected);
  for (guint i = 0; i < expected; i += 20)
    {
      g_autoptr (TroveDownload) download = g_list_model_get_item (downloads, i);

      assert_download_bytes (download);
    }

  tally =
      g_strdup_printf ("%u on server · %u downloaded · 0 missing · 0 failed", expected, expected);
  TROVE_TEST_WAIT_UNTIL (g_strcmp0 (_trove_window_get_tally (window), tally) == 0);

  gtk_menu_button_popup (GTK_MENU_BUTTON (downloads_button));
  click (button_for_action (GTK_WIDGET (
                                gtk_menu_button_get_popover (GTK_MENU_BUTTON (downloads_button))),
                            "win.clear-downloads"));
  TROVE_TEST_WAIT_UNTIL (g_list_model_get_n_items (downloads) == 0);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (downloads_button));
}

static gboolean
log_mentions (const char *log, const char *text)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (log, &contents, NULL, NULL) && strstr (contents, text) != NULL;
}

/* Every action of a row in the downloads popover, on real jobs. */
static void
test_downloads_popover (void)
{
  static const guint picked[] = { 0, 1 };
  g_autoptr (GPtrArray) jobs = NULL;
  g_autoptr (GPtrArray) failing = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *path = NULL;
  TroveDownload *paused, *cancelled, *retried;

  open_chat (1);
  /* Slow media, so that the jobs are still running when the buttons are pressed. */
  trove_test_server_process_add_fault (server, "latency:ms=3000,server=media");
  jobs = download_selected (picked, G_N_ELEMENTS (picked));
  paused = g_ptr_array_index (jobs, 0);
  cancelled = g_ptr_array_index (jobs, 1);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button ("Downloads")));

  click_on_row (paused, "download.pause");
  TROVE_TEST_WAIT_UNTIL (trove_download_get_state (paused) == TROVE_DOWNLOAD_PAUSED);
  click_on_row (cancelled, "download.cancel");
  TROVE_TEST_WAIT_UNTIL (trove_download_get_state (cancelled) == TROVE_DOWNLOAD_CANCELLED);

  trove_test_server_process_clear_faults (server);
  click_on_row (paused, "download.resume");
  TROVE_TEST_WAIT_UNTIL (trove_download_get_state (paused) == TROVE_DOWNLOAD_DONE);
  assert_download_bytes (paused);
  g_assert_false (g_file_query_exists (trove_download_get_destination (cancelled), NULL));

  /* A job that failed succeeds on Retry. */
  {
    static const guint third[] = { 2 };

    GListModel *shown =
        G_LIST_MODEL (trove_media_grid_get_selection (_trove_window_get_media_grid (window)));
    g_autoptr (TroveMedia) media = g_list_model_get_item (shown, third[0]);
    g_autofree char *fault =
        g_strdup_printf ("429:retry-after=86400,server=media,path=%s/main,count=1",
                         trove_media_get_id (media));

    /* A wait far longer than Trove accepts: the job fails at once, with the reason. */
    trove_test_server_process_add_fault (server, fault);
    failing = download_selected (third, G_N_ELEMENTS (third));
    retried = g_ptr_array_index (failing, 0);
    gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button ("Downloads")));
    TROVE_TEST_WAIT_UNTIL (trove_download_get_state (retried) == TROVE_DOWNLOAD_FAILED);
    click_on_row (retried, "download.retry");
    TROVE_TEST_WAIT_UNTIL (trove_download_get_state (retried) == TROVE_DOWNLOAD_DONE);
    assert_download_bytes (retried);
  }

  /* Open hands the file to the default application; Show in Files to the file manager. */
  uri = g_file_get_uri (trove_download_get_destination (paused));
  path = g_file_get_path (trove_download_get_destination (paused));
  click_on_row (paused, "download.open");
  TROVE_TEST_WAIT_UNTIL (log_mentions (opened_log, path));
  click_on_row (paused, "download.show-in-files");
  TROVE_TEST_WAIT_UNTIL (file_manager_calls->len == 1);
  g_assert_cmpstr (g_ptr_array_index (file_manager_calls, 0), ==, uri);

  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button ("Downloads")));
  trove_download_queue_clear_finished (queue ());
}

/* The viewer: Copy Link puts the item's link on the clipboard; F11 shows it full screen (and
 * does nothing in the grid). */
static void
test_viewer (void)
{
  GtkGridView *view = trove_media_grid_get_view (_trove_window_get_media_grid (window));
  g_autoptr (TroveMedia) media = NULL;
  g_autofree char *copied = NULL;
  g_autoptr (GAsyncResult) read = NULL;
  g_autoptr (GError) error = NULL;
  const TroveMediaVariant *main_variant;

  open_chat (0);
  press ("F11");
  trove_test_spin (500);
  g_assert_false (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  media = g_list_model_get_item (G_LIST_MODEL (gtk_grid_view_get_model (view)), 0);
  main_variant = trove_media_get_variant (media, TROVE_VARIANT_MAIN);
  g_assert_nonnull (main_variant->url);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "list.activate-item", "u", 0));
  TROVE_TEST_WAIT_UNTIL (g_strcmp0 (_trove_window_get_visible_page (window), "viewer") == 0);
  click (button_for_action (_trove_window_get_viewer (window), "viewer.copy-link"));
  /* A button activated from the keyboard clicks a moment later. */
  TROVE_TEST_WAIT_UNTIL (
      gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (
                                             gtk_widget_get_clipboard (GTK_WIDGET (window))),
                                         G_TYPE_STRING));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 trove_test_async_cb, &read);
  copied = gdk_clipboard_read_text_finish (gtk_widget_get_clipboard (GTK_WIDGET (window)),
                                           trove_test_wait_async (&read, 30), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copied, ==, main_variant->url);

  press ("F11");
  TROVE_TEST_WAIT_UNTIL (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  press ("F11");
  TROVE_TEST_WAIT_UNTIL (!gtk_window_is_fullscreen (GTK_WINDOW (window)));

  press ("Escape");
  TROVE_TEST_WAIT_UNTIL (g_strcmp0 (_trove_window_get_visible_page (window), "browse") == 0);
}

static gboolean
chooser_has_file (GtkFileChooser *chooser, GFile *file)
{
  g_autoptr (GFile) chosen = NULL;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  chosen = gtk_file_chooser_get_file (chooser);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return chosen != NULL && g_file_equal (chosen, file);
}

static gboolean
is_page_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_PAGE (widget) &&
         g_strcmp0 (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (widget)), title) == 0;
}

/* What the view switcher at the top of Preferences does. */
static void
show_page (GtkWindow *preferences, const char *title)
{
  GtkWidget *page = trove_test_find (GTK_WIDGET (preferences), is_page_titled, title);

  g_assert_nonnull (page);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (page));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (page));
}

/* Preferences (Ctrl+,): Test Connection, the download folder chooser and Clear Cache. */
static void
test_preferences (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  g_autofree char *chosen = g_build_filename (private_dir, "chosen", NULL);
  g_autofree char *cache = g_build_filename (private_dir, "cache", "trove", "thumbnails", NULL);
  g_autofree char *setting = NULL;
  GtkWindow *preferences = NULL;
  GtkWindow *chooser = NULL;
  GtkLabel *status;

  press ("ctrl+comma");
  TROVE_TEST_WAIT_UNTIL ((preferences = toplevel_of_type (ADW_TYPE_PREFERENCES_WINDOW)) != NULL);
  status = GTK_LABEL (trove_test_find (GTK_WIDGET (preferences), has_name, "status"));

  adw_combo_row_set_selected (ADW_COMBO_ROW (
                                  trove_test_find (GTK_WIDGET (preferences), has_name, "kind")),
                              0);
  gtk_editable_set_text (GTK_EDITABLE (
                             trove_test_find (GTK_WIDGET (preferences), has_name, "name")),
                         "Probe");
  gtk_editable_set_text (GTK_EDITABLE (
                             trove_test_find (GTK_WIDGET (preferences), has_name, "token")),
                         "fv_test_creator");
  gtk_editable_set_text (GTK_EDITABLE (
                             trove_test_find (GTK_WIDGET (preferences), has_name, "api-url")),
                         trove_test_server_process_get_api_url (server));
  click (button_for_action (GTK_WIDGET (preferences), "prefs.test-connection"));
  TROVE_TEST_WAIT_UNTIL (
      g_str_has_prefix (gtk_label_get_text (status), "Signed in as Mira Solberg"));

  gtk_editable_set_text (GTK_EDITABLE (
                             trove_test_find (GTK_WIDGET (preferences), has_name, "token")),
                         "not-a-token");
  click (button_for_action (GTK_WIDGET (preferences), "prefs.test-connection"));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));

  /* Browsing filled the thumbnail cache; Clear empties it. */
  g_assert_cmpuint (count_files (cache), >, 0);
  show_page (preferences, "Cache");
  click (button_for_action (GTK_WIDGET (preferences), "prefs.clear-cache"));
  TROVE_TEST_WAIT_UNTIL (count_files (cache) == 0);

  g_assert_cmpint (g_mkdir_with_parents (chosen, 0700), ==, 0);
  show_page (preferences, "Downloads");
  click (button_for_action (GTK_WIDGET (preferences), "prefs.choose-folder"));
  TROVE_TEST_WAIT_UNTIL ((chooser = toplevel_of_type (GTK_TYPE_FILE_CHOOSER_DIALOG)) != NULL);
  {
    g_autoptr (GFile) folder = g_file_new_for_path (chosen);

    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    /* The folder picked in the list, then Select. */
    g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), folder, NULL));
    TROVE_TEST_WAIT_UNTIL (chooser_has_file (GTK_FILE_CHOOSER (chooser), folder));
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
    G_GNUC_END_IGNORE_DEPRECATIONS
  }
  TROVE_TEST_WAIT_UNTIL ((g_free (setting),
                          setting = g_settings_get_string (settings, "download-folder"),
                          g_str_equal (setting, chosen)));

  gtk_window_close (preferences);
  g_settings_set_string (settings, "download-folder", download_dir);
}

/* About Trove, from the main menu. */
static void
test_about (void)
{
  GtkWindow *about = NULL;

  choose_from_menu (menu_button ("Main Menu"), "About Trove");
  TROVE_TEST_WAIT_UNTIL ((about = toplevel_of_type (ADW_TYPE_ABOUT_WINDOW)) != NULL);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  gtk_window_close (about);
  TROVE_TEST_WAIT_UNTIL (toplevel_of_type (ADW_TYPE_ABOUT_WINDOW) == NULL);
}

static char *trove_binary;

/* The visible windows of process @pid, one X id a line ("" while it has none). */
static char *
windows_of (GPid pid)
{
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  const char *argv[] = { "xdotool", "search", "--onlyvisible", "--pid", pid_text, NULL };
  g_autofree char *out = NULL;

  /* xdotool exits 1 when nothing matches. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                NULL, &out, NULL, NULL, NULL);
  return g_strstrip (g_steal_pointer (&out));
}

static void
child_exited_cb (GPid pid, int status, gpointer user_data)
{
  *(int *) user_data = status;
  g_spawn_close_pid (pid);
}

/* The real program, started again on this profile: it reopens the chat of the last session
 * and Ctrl+Q ends it. */
static void
test_restart_and_quit (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *found = NULL;
  g_auto (GStrv) windows = NULL;
  const char *argv[] = { trove_binary, NULL };
  int status = -1;
  GPid pid;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, &error));
  g_assert_no_error (error);
  g_child_watch_add (pid, child_exited_cb, &status);

  gint64 give_up = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  do
    {
      g_clear_pointer (&found, g_free);
      g_assert_cmpint (status, ==, -1);
      g_assert_cmpint (g_get_monotonic_time (), <, give_up);
      trove_test_spin (200);
      found = windows_of (pid);
    }
  while (*found == '\0');
  windows = g_strsplit (found, "\n", -1);
  xdotool ((const char *[]){ "xdotool", "windowfocus", "--sync", windows[0], NULL });
  trove_test_spin (100);
  xdotool ((const char *[]){ "xdotool", "key", "--clearmodifiers", "ctrl+q", NULL });
  TROVE_TEST_WAIT_UNTIL (status != -1);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* --- The world around Trove ----------------------------------------------------------------- */

static void
file_manager_method_cb (GDBusConnection *connection,
                        const char *sender,
                        const char *object_path,
                        const char *interface_name,
                        const char *method_name,
                        GVariant *parameters,
                        GDBusMethodInvocation *invocation,
                        gpointer user_data)
{
  g_autofree const char **uris = NULL;
  const char *startup_id;

  g_variant_get (parameters, "(^a&s&s)", &uris, &startup_id);
  for (guint i = 0; uris[i] != NULL; i++)
    g_ptr_array_add (file_manager_calls, g_strdup (uris[i]));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

/* A file manager on the private session bus that records what it is asked to show. */
static void
own_file_manager (void)
{
  static const char introspection[] = "<node><interface name='org.freedesktop.FileManager1'>"
                                      "<method name='ShowItems'><arg type='as' "
                                      "direction='in'/><arg type='s' direction='in'/></method>"
                                      "</interface></node>";
  static const GDBusInterfaceVTable vtable = { file_manager_method_cb, NULL, NULL, { 0 } };
  g_autoptr (GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection, NULL);
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = NULL;

  g_assert_nonnull (bus);
  g_dbus_connection_register_object (bus, "/org/freedesktop/FileManager1", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.FileManager1", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);
  file_manager_calls = g_ptr_array_new_with_free_func (g_free);
}

/* A private profile, as the demo's: keyfile settings, a file keyring, its own XDG folders and a
 * default application for every kind of media file that records what it was asked to open. */
static void
set_up_profile (void)
{
  static const char *const types[] = { "image/jpeg",  "video/webm",
                                       "audio/x-wav", "audio/vnd.wave",
                                       "audio/wav",   "application/pdf",
                                       NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *keyring = NULL;

  private_dir = g_dir_make_tmp ("trove-test-flows-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", private_dir, TRUE);
  /* XDG_DATA_HOME and XDG_CONFIG_HOME, with the opener as every media file's default. */
  opened_log = trove_test_install_default_app (private_dir, "opener", types, NULL);
  cache = g_build_filename (private_dir, "cache", NULL);
  g_assert_cmpint (g_mkdir_with_parents (cache, 0700), ==, 0);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "trove-flows", TRUE);
  keyring = g_build_filename (private_dir, "keyring", NULL);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  download_dir = g_build_filename (private_dir, "downloads", NULL);
}

static GPid window_manager;

/* Full screen, focus and stacking are the window manager's: start one, as a desktop has. */
static void
start_window_manager (void)
{
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "openbox", "--sm-disable", NULL };
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                &window_manager, &error));
  g_assert_no_error (error);
  for (;;)
    {
      g_autofree char *out = NULL;
      const char *check[] = { "xprop", "-root", "_NET_SUPPORTING_WM_CHECK", NULL };

      g_spawn_sync (NULL, (char **) check, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &out, NULL, NULL, NULL);
      if (out != NULL && strstr (out, "window id") != NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }
}

/* The accounts, saved as a person would save them from a script. */
static void
add_accounts (const char *trove_cli)
{
  const char *api = trove_test_server_process_get_api_url (server);
  const struct
  {
    const char *name, *kind, *token, *option, *value;
  } accounts[] = {
    { "Mira Solberg", "fanvue", "fv_test_creator", NULL, NULL },
    { "Demo Main", "onlyfansapi", "ofapi_test_key", "--onlyfans-account", "acct_demo_main" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GSubprocess) cli = NULL;
      const char *argv[] = {
        trove_cli,          "accounts",        "add",       "--name", accounts[i].name,
        "--kind",           accounts[i].kind,  "--api-url", api,      "--token-stdin",
        accounts[i].option, accounts[i].value, NULL
      };
      g_autoptr (GBytes) token = g_bytes_new_static (accounts[i].token, strlen (accounts[i].token));

      cli = g_subprocess_newv (argv,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                               &error);
      g_assert_no_error (error);
      g_subprocess_communicate (cli, token, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (cli));
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr (GSettings) settings = NULL;
  int ret;

  g_assert_cmpint (argc, >=, 3);
  trove_binary = argv[argc - 1];
  set_up_profile ();
  {
    const char *args[] = { "--dataset", "demo", NULL };
    g_autoptr (GError) error = NULL;

    server = trove_test_server_process_new (args, &error);
    g_assert_no_error (error);
  }
  /* Before anything of this process opens the settings file, which it would write back whole. */
  add_accounts (argv[argc - 2]);

  start_window_manager ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  own_file_manager ();

  settings = g_settings_new (BASE_APPLICATION_ID);
  g_settings_set_string (settings, "download-folder", download_dir);

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");
  g_application_activate (G_APPLICATION (app));
  window = TROVE_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 750);
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  g_test_add_func ("/flows/switch-accounts", test_switch_accounts);
  g_test_add_func ("/flows/search-chats", test_search_chats);
  g_test_add_func ("/flows/retry-chats", test_retry_chats);
  g_test_add_func ("/flows/zoom", test_zoom);
  g_test_add_func ("/flows/download-this-chat", test_download_this_chat);
  g_test_add_func ("/flows/downloads-popover", test_downloads_popover);
  g_test_add_func ("/flows/viewer", test_viewer);
  g_test_add_func ("/flows/preferences", test_preferences);
  g_test_add_func ("/flows/about", test_about);
  g_test_add_func ("/flows/restart-and-quit", test_restart_and_quit);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  g_clear_pointer (&file_manager_calls, g_ptr_array_unref);
  trove_test_server_process_free (server);
  trove_test_remove_tree (private_dir);
  g_free (private_dir);
  g_free (download_dir);
  g_free (opened_log);
  kill (window_manager, SIGTERM);
  g_spawn_close_pid (window_manager);

  return ret;
}
