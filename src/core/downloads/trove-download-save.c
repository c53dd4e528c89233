/* trove-download-save.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* renameat2 */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "trove-download-link.h"
#include "trove-download-save.h"
#include "trove-free-name.h"
#include "trove-part-owner.h"

#define READ_BACK_BYTES (256 * 1024)

struct _TroveDownloadSave
{
  GFile *destination;
  char *part_path;
  char *account_id;
  char *media_id;
  gint64 size;
  gnutls_hash_hd_t hash;
  GDateTime *sent_at;
  char *origin;
  TroveDownloadArchive *archive;
};

/* What the worker thread returns. */
typedef struct
{
  GFile *final;
  char *sha256;
} Saved;

static void
saved_free (Saved *saved)
{
  g_clear_object (&saved->final);
  g_free (saved->sha256);
  g_free (saved);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Saved, saved_free)

TroveDownloadSave *
trove_download_save_new (GFile *destination,
                         const char *account_id,
                         const char *media_id,
                         gint64 size)
{
  TroveDownloadSave *save = g_new0 (TroveDownloadSave, 1);

  save->destination = g_object_ref (destination);
  save->part_path = g_strconcat (g_file_peek_path (destination), ".part", NULL);
  save->account_id = g_strdup (account_id);
  save->media_id = g_strdup (media_id);
  save->size = size;
  return save;
}

void
trove_download_save_free (TroveDownloadSave *save)
{
  if (save->hash != NULL)
    gnutls_hash_deinit (save->hash, NULL);
  g_clear_object (&save->destination);
  g_clear_object (&save->archive);
  g_clear_pointer (&save->sent_at, g_date_time_unref);
  g_free (save->part_path);
  g_free (save->account_id);
  g_free (save->media_id);
  g_free (save->origin);
  g_free (save);
}

void
trove_download_save_set_hash (TroveDownloadSave *save, gnutls_hash_hd_t hash)
{
  if (save->hash != NULL)
    gnutls_hash_deinit (save->hash, NULL);
  save->hash = hash;
}

void
trove_download_save_set_date (TroveDownloadSave *save, GDateTime *sent_at)
{
  g_clear_pointer (&save->sent_at, g_date_time_unref);
  save->sent_at = sent_at ? g_date_time_ref (sent_at) : NULL;
}

void
trove_download_save_set_origin (TroveDownloadSave *save, const char *origin)
{
  g_free (save->origin);
  save->origin = g_strdup (origin);
}

void
trove_download_save_set_archive (TroveDownloadSave *save, TroveDownloadArchive *archive)
{
  g_set_object (&save->archive, archive);
}

/* Gives @from the name @to unless something has it already (a file of another job, of the
 * GUI or of trove-cli): atomically where the file system can, else by a hard link. */
static gboolean
rename_no_replace (const char *from, const char *to, GError **error)
{
  int saved;

  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;
  saved = errno;
  if (saved == EINVAL || saved == ENOSYS || saved == ENOTSUP)
    {
      GStatBuf buf;

      if (link (from, to) == 0)
        {
          g_unlink (from);
          return TRUE;
        }
      saved = errno;
      /* No hard links either (some network shares): look, then rename, as well as can be. */
      if (saved == EPERM || saved == ENOTSUP || saved == ENOSYS || saved == EMLINK)
        {
          if (g_lstat (to, &buf) == 0)
            saved = EEXIST;
          else if (rename (from, to) == 0)
            return TRUE;
          else
            saved = errno;
        }
    }

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Could not rename %s: %s"),
               from, g_strerror (saved));
  return FALSE;
}

static gboolean
take_by_rename (GFile *candidate, gpointer user_data, GError **error)
{
  TroveDownloadSave *save = user_data;

  return rename_no_replace (save->part_path, g_file_peek_path (candidate), error);
}

static void
set_xattr (int fd, const char *name, const char *value)
{
  /* Where the file system has none, there is nothing to record them in. */
  fsetxattr (fd, name, value, strlen (value), 0);
}

/* The SHA-256 of what was written, or of the .part read back when it was not written from its
 * start, in hexadecimal. */
static char *
checksum (TroveDownloadSave *save, int fd)
{
  gnutls_hash_hd_t hash = g_steal_pointer (&save->hash);
  guint8 digest[32];
  char hex[sizeof digest * 2 + 1];

  if (hash == NULL)
    {
      g_autofree guint8 *buffer = g_malloc (READ_BACK_BYTES);
      gssize n;

      gnutls_hash_init (&hash, GNUTLS_DIG_SHA256);
      while ((n = read (fd, buffer, READ_BACK_BYTES)) > 0)
        gnutls_hash (hash, buffer, n);
    }
  gnutls_hash_deinit (hash, digest);
  for (gsize i = 0; i < sizeof digest; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", digest[i]);
  return g_strdup (hex);
}

/* In a worker thread, from the task's own copy of what it needs: SHA-256, fsync, date and
 * provenance on the open .part (never through a link), then a rename to a free name. */
static void
save_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  TroveDownloadSave *save = task_data;
  g_autoptr (Saved) saved = g_new0 (Saved, 1);
  GError *error = NULL;
  int fd;

  fd = open (save->part_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      int errsv = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv),
                               _ ("Could not read back %s: %s"), save->part_path,
                               g_strerror (errsv));
      return;
    }
  saved->sha256 = checksum (save, fd);

  if (save->sent_at != NULL)
    {
      struct timespec times[2] = { { 0, UTIME_OMIT }, { g_date_time_to_unix (save->sent_at), 0 } };

      futimens (fd, times);
    }

  /* Where it came from, where the file system keeps extended attributes. */
  if (save->origin != NULL)
    {
      set_xattr (fd, "user.xdg.origin.url", save->origin);
      set_xattr (fd, "user.trove.media-id", save->media_id);
    }

  /* Data and size on disk before the file gets its final name; the rest of the metadata can wait.
   */
  fdatasync (fd);
  close (fd);

  /* Never over another file: "name (2).ext", "name (3).ext", ... */
  saved->final = trove_free_name_find (save->destination, take_by_rename, save, &error);
  if (saved->final == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  trove_download_forget_part_owner (save->part_path);

  g_task_return_pointer (task, g_steal_pointer (&saved), (GDestroyNotify) saved_free);
}

typedef struct
{
  GFile *final;
  char *older;
} SameBytes;

static void
same_bytes_free (SameBytes *same)
{
  g_clear_object (&same->final);
  g_free (same->older);
  g_free (same);
}

/* Compared byte for byte before anything is replaced; only the fresh file ever is. */
static void
same_bytes_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SameBytes *same = task_data;

  g_task_return_boolean (task, trove_download_link_same_bytes (g_file_peek_path (same->final),
                                                               same->older, NULL));
}

static void
same_bytes_linked_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) outer = user_data;
  SameBytes *same = g_task_get_task_data (G_TASK (result));

  g_task_propagate_boolean (G_TASK (result), NULL);
  g_task_return_pointer (outer, g_object_ref (same->final), g_object_unref);
}

/* Back in the main thread: the record, where the archive's connection lives. */
static void
saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) outer = user_data;
  TroveDownloadSave *save = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (Saved) saved = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *older = NULL;

  if (saved == NULL)
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  /* Not recorded (the disk is full, say): the job fails and keeps its pending row, through
   * which a later run finds the renamed file and records it. */
  if (save->archive != NULL &&
      !trove_download_archive_record (save->archive, save->account_id, save->media_id,
                                      g_file_peek_path (saved->final), save->size, saved->sha256,
                                      &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  /* Another item of the account has these very bytes: this file becomes a link to that one. */
  older = save->archive
              ? trove_download_archive_find_same_bytes (save->archive, save->account_id,
                                                        save->media_id, saved->sha256, save->size)
              : NULL;
  if (older != NULL)
    {
      SameBytes *same = g_new0 (SameBytes, 1);
      g_autoptr (GTask) task =
          g_task_new (NULL, NULL, same_bytes_linked_cb, g_steal_pointer (&outer));

      same->final = g_steal_pointer (&saved->final);
      same->older = g_steal_pointer (&older);
      g_task_set_source_tag (task, same_bytes_thread);
      g_task_set_task_data (task, same, (GDestroyNotify) same_bytes_free);
      g_task_run_in_thread (task, same_bytes_thread);
      return;
    }

  g_task_return_pointer (outer, g_steal_pointer (&saved->final), g_object_unref);
}

void
trove_download_save_run_async (TroveDownloadSave *save,
                               gpointer source_object,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  GTask *outer = g_task_new (source_object, NULL, callback, user_data);
  g_autoptr (GTask) task = g_task_new (NULL, NULL, saved_cb, outer);

  g_task_set_source_tag (outer, trove_download_save_run_async);
  g_task_set_source_tag (task, save_thread);
  g_task_set_task_data (task, save, (GDestroyNotify) trove_download_save_free);
  g_task_run_in_thread (task, save_thread);
}

GFile *
trove_download_save_run_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_async_result_is_tagged (result, trove_download_save_run_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
