/* test-cache-row.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences' thumbnail cache row: it measures the cache and clears it in a worker thread,
 * so the window has its subtitle only later, and it shows what is left after clearing.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "trove-cache-row.h"
#include "trove-test-util.h"

static void
write_file (const char *dir, const char *name, gsize size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *data = g_malloc0 (size);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
}

static char *
expected_subtitle (guint64 bytes)
{
  g_autofree char *size = g_format_size (bytes);

  return g_strdup_printf ("%s used", size);
}

static void
test_measures_and_clears (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("trove-cache-row-XXXXXX", &error);
  g_autofree char *cache = g_build_filename (root, "thumbnails", NULL);
  g_autoptr (GFile) dir = g_file_new_for_path (cache);
  g_autofree char *full = expected_subtitle (3 * 4096 + 10);
  g_autofree char *empty = expected_subtitle (0);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  TroveCacheRow *row;

  g_assert_no_error (error);
  write_file (cache, "aa/1", 4096);
  write_file (cache, "bb/2", 4096);
  write_file (cache, "bb/cc/3", 4096);
  write_file (cache, "4", 10);

  row = g_object_new (TROVE_TYPE_CACHE_ROW, NULL);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (row));
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));

  trove_cache_row_set_directory (row, dir);
  /* Measured in a worker thread: the call returns before the answer. */
  g_assert_true (trove_cache_row_get_busy (row));
  TROVE_TEST_WAIT_UNTIL (!trove_cache_row_get_busy (row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, full);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "prefs.clear-cache", NULL));
  g_assert_true (trove_cache_row_get_busy (row));
  TROVE_TEST_WAIT_UNTIL (!trove_cache_row_get_busy (row));
  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, empty);

  gtk_window_destroy (GTK_WINDOW (window));
  g_rmdir (root);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/cache-row/measures-and-clears", test_measures_and_clears);

  return g_test_run ();
}
