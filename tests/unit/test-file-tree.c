/* test-file-tree.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measuring and deleting a folder tree (the thumbnail cache) in a worker thread: the sizes add
 * up, deleting leaves nothing, a missing folder is empty, and the calls return before the work
 * is done.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "trove-file-tree.h"
#include "trove-test-util.h"

typedef struct
{
  gboolean done;
  guint64 size;
  gboolean ok;
  GError *error;
} Result;

static void
measured_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->size = trove_file_tree_measure_finish (result, &r->error);
  r->done = TRUE;
}

static void
deleted_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->ok = trove_file_tree_delete_finish (result, &r->error);
  r->done = TRUE;
}

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

static guint64
measure (GFile *dir)
{
  Result r = { 0 };

  trove_file_tree_measure_async (dir, NULL, measured_cb, &r);
  /* Off the main thread: nothing is known before the main loop runs. */
  g_assert_false (r.done);
  trove_test_wait_for (&r.done, 20);
  g_assert_no_error (r.error);

  return r.size;
}

static void
test_measure_and_delete (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("trove-file-tree-XXXXXX", &error);
  g_autofree char *cache = g_build_filename (root, "thumbnails", NULL);
  g_autoptr (GFile) dir = g_file_new_for_path (cache);
  g_autofree char *link = g_build_filename (root, "thumbnails", "ab", "outside", NULL);
  g_autofree char *outside = g_build_filename (root, "keep", NULL);
  Result r = { 0 };

  g_assert_no_error (error);
  write_file (cache, "ab/one", 1000);
  write_file (cache, "ab/two", 2500);
  write_file (cache, "cd/ef/three", 123);
  write_file (cache, "four", 7);
  /* A link out of the cache is neither followed when measuring nor when deleting. */
  write_file (root, "keep/precious", 50000);
  g_assert_cmpint (symlink (outside, link), ==, 0);

  g_assert_cmpuint (measure (dir), >=, 1000 + 2500 + 123 + 7);
  g_assert_cmpuint (measure (dir), <, 1000 + 2500 + 123 + 7 + 50000);

  trove_file_tree_delete_async (dir, NULL, deleted_cb, &r);
  g_assert_false (r.done);
  trove_test_wait_for (&r.done, 20);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (outside, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (measure (dir), ==, 0);
  {
    g_autofree char *precious = g_build_filename (outside, "precious", NULL);
    g_autoptr (GFile) kept = g_file_new_for_path (outside);

    g_assert_true (g_file_test (precious, G_FILE_TEST_IS_REGULAR));
    g_autoptr (GFile) all = g_file_new_for_path (root);

    g_assert_cmpuint (measure (kept), ==, 50000);
    r = (Result){ 0 };
    trove_file_tree_delete_async (all, NULL, deleted_cb, &r);
    trove_test_wait_for (&r.done, 20);
    g_assert_no_error (r.error);
    g_assert_false (g_file_test (root, G_FILE_TEST_EXISTS));
  }
}

/* Nothing there: 0 bytes, and deleting it is no error. */
static void
test_missing (void)
{
  g_autoptr (GFile) dir = g_file_new_for_path ("/nonexistent/trove/thumbnails");
  Result r = { 0 };

  g_assert_cmpuint (measure (dir), ==, 0);
  trove_file_tree_delete_async (dir, NULL, deleted_cb, &r);
  trove_test_wait_for (&r.done, 20);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file-tree/measure-and-delete", test_measure_and_delete);
  g_test_add_func ("/file-tree/missing", test_missing);

  return g_test_run ();
}
