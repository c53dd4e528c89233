/* test-open-folder.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "trove-application.h"
#include "trove-download-queue.h"
#include "trove-test-util.h"
#include "trove-window.h"

static TroveApplication *app;
static char *private_dir; /* this run's XDG_DATA_HOME and XDG_CONFIG_HOME */
static char *opened_log;  /* each address the fake file manager was given, one a line */

/* A file manager of our own, the default for folders: it writes down what it was asked to show. */
static void
setup_fake_file_manager (void)
{
  static const char *const folders[] = { "inode/directory", NULL };
  g_autoptr (GError) error = NULL;

  private_dir = g_dir_make_tmp ("trove-test-open-folder-XXXXXX", &error);
  g_assert_no_error (error);
  opened_log = trove_test_install_default_app (private_dir, "files", folders, NULL);
}

static GtkWidget *
find_action_button (GtkWidget *widget, const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_downloads_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) &&
      g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)),
                 "folder-download-symbolic") == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_downloads_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Reads @path into @contents (freeing what it held); whether it ends with a whole line. */
static gboolean
read_whole_lines (const char *path, char **contents)
{
  g_clear_pointer (contents, g_free);
  return g_file_get_contents (path, contents, NULL, NULL) && g_str_has_suffix (*contents, "\n");
}

/* The downloads popover's Open Folder shows the queue's folder (made if no download made it
 * yet), whatever the settings said when the queue was made: in the demo, the profile's. */
static void
test_open_folder_shows_the_download_folder (void)
{
  g_autofree char *folder_path = g_build_filename (private_dir, "profile", "downloads", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr (TroveDownloadQueue) queue = trove_download_queue_new (folder, "{id}.{ext}", NULL);
  g_autofree char *expected = g_strdup_printf ("%s\n", folder_path);
  g_autofree char *opened = NULL;
  TroveWindow *window = g_object_ref (trove_window_new (GTK_APPLICATION (app)));
  GtkWidget *menu_button;
  GtkWidget *popover;
  GtkWidget *button;
  gint64 deadline;

  trove_window_set_downloads (window, queue);
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  /* The button lives in the popover of the Downloads button. */
  menu_button = find_downloads_button (GTK_WIDGET (window));
  g_assert_nonnull (menu_button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (popover);
  button = find_action_button (popover, "win.open-download-folder");
  g_assert_nonnull (button);
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  g_assert_false (g_file_test (folder_path, G_FILE_TEST_EXISTS));
  g_signal_emit_by_name (button, "clicked");

  /* The file manager's script creates its log before it writes the line: wait for the line. */
  TROVE_TEST_WAIT_UNTIL (read_whole_lines (opened_log, &opened));
  g_assert_cmpstr (opened, ==, expected);
  g_assert_true (g_file_test (folder_path, G_FILE_TEST_IS_DIR));

  /* gtk_show_uri() holds the window until the launch has answered: then it goes. */
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_unref (window);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (window != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
}

int
main (int argc, char *argv[])
{
  int ret;

  setup_fake_file_manager ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");

  g_test_add_func ("/open-folder/shows-the-download-folder",
                   test_open_folder_shows_the_download_folder);

  ret = g_test_run ();
  g_clear_object (&app);
  trove_test_remove_tree (private_dir);
  g_free (private_dir);
  g_free (opened_log);

  return ret;
}
