/* trove-download-link.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each media stored once: the places of an item in other chats are hard links to its one
 * download (copies where links are refused), and a download whose bytes another item already
 * has becomes a link to that file.
 */

/* renameat2 */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "trove-download-link.h"
#include "trove-free-name.h"

#define COMPARE_BYTES (256 * 1024)

typedef struct
{
  char *source;
  GFile *wanted;
  TroveLinkFunc link_func;
  char *copy; /* the copy's .part, once links were refused */
} Link;

static void
link_free (Link *data)
{
  g_free (data->source);
  g_clear_object (&data->wanted);
  g_free (data->copy);
  g_free (data);
}

static gboolean
links_refused (int code)
{
  return code == EXDEV || code == EPERM || code == EMLINK || code == ENOTSUP || code == ENOSYS;
}

static gboolean
set_errno_error (GError **error, int code, gboolean linking, const char *path)
{
  if (linking)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (code), _ ("Could not link %s: %s"), path,
                 g_strerror (code));
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (code), _ ("Could not rename %s: %s"),
                 path, g_strerror (code));
  return FALSE;
}

/* The bytes of @data->source in "<wanted>.part", on disk. */
static gboolean
copy_to_part (Link *data, GError **error)
{
  g_autoptr (GFile) from = g_file_new_for_path (data->source);
  g_autoptr (GFile) part = NULL;
  int fd;

  data->copy = g_strconcat (g_file_peek_path (data->wanted), ".part", NULL);
  part = g_file_new_for_path (data->copy);
  if (!g_file_copy (from, part, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL,
                    NULL, error))
    {
      g_unlink (data->copy);
      g_clear_pointer (&data->copy, g_free);
      return FALSE;
    }

  fd = open (data->copy, O_RDONLY | O_CLOEXEC);
  if (fd >= 0)
    {
      fdatasync (fd);
      close (fd);
    }
  return TRUE;
}

static gboolean
rename_no_replace (const char *from, const char *to, GError **error)
{
  GStatBuf buf;

  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    return set_errno_error (error, errno, FALSE, from);
  if (g_lstat (to, &buf) == 0)
    return set_errno_error (error, EEXIST, FALSE, from);
  if (rename (from, to) != 0)
    return set_errno_error (error, errno, FALSE, from);
  return TRUE;
}

static gboolean
take_by_link (GFile *candidate, gpointer user_data, GError **error)
{
  Link *data = user_data;
  const char *path = g_file_peek_path (candidate);

  if (data->copy == NULL)
    {
      if (data->link_func (data->source, path) == 0)
        return TRUE;
      if (!links_refused (errno))
        return set_errno_error (error, errno, TRUE, path);
      if (!copy_to_part (data, error))
        return FALSE;
    }
  return rename_no_replace (data->copy, path, error);
}

static void
link_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Link *data = task_data;
  g_autoptr (GFile) folder = g_file_get_parent (data->wanted);
  GError *error = NULL;
  GFile *final = NULL;

  if (!g_file_make_directory_with_parents (folder, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _ ("Could not create the folder: %s"), error->message);
      g_error_free (error);
      return;
    }
  g_clear_error (&error);

  final = trove_free_name_find (data->wanted, take_by_link, data, &error);
  if (final == NULL)
    {
      /* Nothing half-written stays behind. */
      if (data->copy != NULL)
        g_unlink (data->copy);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, final, g_object_unref);
}

void
trove_download_link_async (const char *source,
                           GFile *wanted,
                           TroveLinkFunc link_func,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, callback, user_data);
  Link *data = g_new0 (Link, 1);

  data->source = g_strdup (source);
  data->wanted = g_object_ref (wanted);
  data->link_func = link_func ? link_func : link;
  g_task_set_source_tag (task, trove_download_link_async);
  g_task_set_task_data (task, data, (GDestroyNotify) link_free);
  g_task_run_in_thread (task, link_thread);
}

GFile *
trove_download_link_finish (GAsyncResult *result, gboolean *copied, GError **error)
{
  Link *data;

  g_return_val_if_fail (g_async_result_is_tagged (result, trove_download_link_async), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (copied != NULL)
    *copied = data->copy != NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
same_bytes (const char *a, const char *b)
{
  g_autofree char *buffer_a = g_malloc (COMPARE_BYTES);
  g_autofree char *buffer_b = g_malloc (COMPARE_BYTES);
  FILE *file_a = fopen (a, "rbe");
  FILE *file_b = fopen (b, "rbe");
  gboolean equal = file_a != NULL && file_b != NULL;

  while (equal)
    {
      size_t n_a = fread (buffer_a, 1, COMPARE_BYTES, file_a);
      size_t n_b = fread (buffer_b, 1, COMPARE_BYTES, file_b);

      equal = n_a == n_b && memcmp (buffer_a, buffer_b, n_a) == 0 && !ferror (file_a) &&
              !ferror (file_b);
      if (n_a == 0)
        break;
    }
  if (file_a != NULL)
    fclose (file_a);
  if (file_b != NULL)
    fclose (file_b);
  return equal;
}

gboolean
trove_download_link_same_bytes (const char *fresh, const char *older, TroveLinkFunc link_func)
{
  g_autofree char *next = g_strconcat (fresh, ".link", NULL);
  GStatBuf fresh_buf, older_buf;

  if (link_func == NULL)
    link_func = link;

  if (g_lstat (fresh, &fresh_buf) != 0 || g_lstat (older, &older_buf) != 0 ||
      !S_ISREG (older_buf.st_mode) ||
      (fresh_buf.st_dev == older_buf.st_dev && fresh_buf.st_ino == older_buf.st_ino) ||
      fresh_buf.st_size != older_buf.st_size || !same_bytes (fresh, older))
    return FALSE;

  /* The link takes the fresh file's name in one step: the name never lacks a whole file. */
  g_unlink (next);
  if (link_func (older, next) != 0)
    return FALSE;
  if (rename (next, fresh) != 0)
    {
      g_unlink (next);
      return FALSE;
    }
  return TRUE;
}
