/* trove-file-tree.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-file-tree.h"

#define TREE_ATTRIBUTES                                                                            \
  G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_SIZE                                \
                                 "," G_FILE_ATTRIBUTE_STANDARD_TYPE

static guint64
tree_size (GFile *file, GCancellable *cancellable)
{
  g_autoptr (GFileEnumerator) children =
      g_file_enumerate_children (file, TREE_ATTRIBUTES, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                 cancellable, NULL);
  GFileInfo *info;
  guint64 total = 0;

  while (children && (info = g_file_enumerator_next_file (children, cancellable, NULL)) != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_autoptr (GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          total += tree_size (child, cancellable);
        }
      else
        total += g_file_info_get_size (info);
      g_object_unref (info);
    }

  return total;
}

static void
delete_tree (GFile *file, GCancellable *cancellable)
{
  g_autoptr (GFileEnumerator) children =
      g_file_enumerate_children (file, TREE_ATTRIBUTES, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                 cancellable, NULL);
  GFileInfo *info;

  while (children && (info = g_file_enumerator_next_file (children, cancellable, NULL)) != NULL)
    {
      g_autoptr (GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      /* A link is removed itself, never what it points to. */
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        delete_tree (child, cancellable);
      else
        g_file_delete (child, cancellable, NULL);
      g_object_unref (info);
    }
  g_file_delete (file, cancellable, NULL);
}

static void
measure_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  guint64 size = tree_size (task_data, cancellable);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_memdup2 (&size, sizeof size), g_free);
}

void
trove_file_tree_measure_async (GFile *dir,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (dir));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_file_tree_measure_async);
  /* The thread gets its own GFile: a GFile is not meant to be shared between threads. */
  g_task_set_task_data (task, g_file_dup (dir), g_object_unref);
  g_task_run_in_thread (task, measure_thread);
}

guint64
trove_file_tree_measure_finish (GAsyncResult *result, GError **error)
{
  g_autofree guint64 *size = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);

  size = g_task_propagate_pointer (G_TASK (result), error);

  return size ? *size : 0;
}

static void
delete_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  delete_tree (task_data, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
trove_file_tree_delete_async (GFile *dir,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (dir));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_file_tree_delete_async);
  g_task_set_task_data (task, g_file_dup (dir), g_object_unref);
  g_task_run_in_thread (task, delete_thread);
}

gboolean
trove_file_tree_delete_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
