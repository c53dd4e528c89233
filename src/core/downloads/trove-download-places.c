/* trove-download-places.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "trove-download-places.h"
#include "trove-download-private.h"

struct _TroveDownloadPlaces
{
  GObject *owner;      /* not owned: it owns this */
  GHashTable *sources; /* TroveDownload → Source */
  GPtrArray *links;    /* Link: the links in flight */
  TroveLinkFunc link_func;
  char *warning;
};

/* A link in flight. The job may outlive the queue: the answer finds the places through it
 * while they are still there and still care about the job. */
typedef struct
{
  TroveDownload *job; /* owned */
  TroveDownloadPlaces *places;
} Link;

typedef struct
{
  char *path;
  TroveDownload *job; /* owned */
  gboolean linking;
} Source;

static void
source_free (Source *source)
{
  g_free (source->path);
  g_clear_object (&source->job);
  g_free (source);
}

TroveDownloadPlaces *
trove_download_places_new (GObject *owner)
{
  TroveDownloadPlaces *self = g_new0 (TroveDownloadPlaces, 1);

  self->owner = owner;
  self->sources = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) source_free);
  self->links = g_ptr_array_new ();
  return self;
}

void
trove_download_places_free (TroveDownloadPlaces *self)
{
  /* A link still running answers to nobody. */
  for (guint i = 0; i < self->links->len; i++)
    ((Link *) g_ptr_array_index (self->links, i))->places = NULL;
  g_ptr_array_unref (self->links);
  g_hash_table_unref (self->sources);
  g_free (self->warning);
  g_free (self);
}

void
trove_download_places_set_link_func (TroveDownloadPlaces *self, TroveLinkFunc link_func)
{
  self->link_func = link_func;
}

const char *
trove_download_places_get_warning (TroveDownloadPlaces *self)
{
  return self->warning;
}

void
trove_download_places_add (TroveDownloadPlaces *self,
                           TroveDownload *job,
                           const char *source_path,
                           TroveDownload *source_job)
{
  Source *source = g_new0 (Source, 1);

  source->path = g_strdup (source_path);
  source->job = source_job ? g_object_ref (source_job) : NULL;
  g_hash_table_insert (self->sources, job, source);
}

gboolean
trove_download_places_has (TroveDownloadPlaces *self, TroveDownload *job)
{
  return g_hash_table_contains (self->sources, job);
}

void
trove_download_places_forget (TroveDownloadPlaces *self, TroveDownload *job)
{
  /* A link still running answers to nobody. */
  for (guint i = self->links->len; i > 0; i--)
    {
      Link *link = g_ptr_array_index (self->links, i - 1);

      if (link->job == job)
        {
          link->places = NULL;
          g_ptr_array_remove_index_fast (self->links, i - 1);
        }
    }
  g_hash_table_remove (self->sources, job);
}

static void
linked_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Link *link = user_data;
  g_autoptr (TroveDownload) job = link->job;
  TroveDownloadPlaces *self = link->places;
  g_autoptr (GError) error = NULL;
  gboolean copied = FALSE;
  g_autoptr (GFile) final = trove_download_link_finish (result, &copied, &error);
  Source *source = self ? g_hash_table_lookup (self->sources, job) : NULL;

  if (self != NULL)
    g_ptr_array_remove_fast (self->links, link);
  g_free (link);

  if (source != NULL)
    source->linking = FALSE;

  if (trove_download_get_state (job) == TROVE_DOWNLOAD_DONE)
    return;
  if (final == NULL)
    {
      /* Cancelled or paused meanwhile: no failure to report. */
      if (trove_download_get_state (job) == TROVE_DOWNLOAD_QUEUED)
        _trove_download_fail (job, g_steal_pointer (&error));
      return;
    }

  if (copied && self != NULL && self->warning == NULL)
    {
      g_autofree char *folder = g_path_get_dirname (g_file_peek_path (final));

      self->warning =
          g_strdup_printf (_ ("The download folder does not take hard links (%s): media sent in "
                              "several chats are copied to each instead of being stored once"),
                           folder);
      g_object_notify (self->owner, "warning");
    }
  /* Cancelled too late, as a save can be: the place is filled, so it ends done. */
  _trove_download_finish_linked (job, final);
}

gboolean
trove_download_places_start (TroveDownloadPlaces *self, TroveDownload *job)
{
  Source *source = g_hash_table_lookup (self->sources, job);
  const char *path;
  Link *link;

  g_return_val_if_fail (source != NULL, FALSE);

  if (source->linking)
    return TRUE;

  if (source->job != NULL)
    {
      TroveDownloadState state = trove_download_get_state (source->job);

      if (state == TROVE_DOWNLOAD_FAILED || state == TROVE_DOWNLOAD_CANCELLED)
        {
          g_hash_table_remove (self->sources, job);
          return FALSE;
        }
      if (state != TROVE_DOWNLOAD_DONE)
        return TRUE;
      path = g_file_peek_path (trove_download_get_destination (source->job));
    }
  else
    path = source->path;

  source->linking = TRUE;
  link = g_new (Link, 1);
  link->job = g_object_ref (job);
  link->places = self;
  g_ptr_array_add (self->links, link);
  trove_download_link_async (path, trove_download_get_destination (job), self->link_func, linked_cb,
                             link);
  return TRUE;
}

TroveDownload *
trove_download_places_find_job (GPtrArray *jobs,
                                const char *account_id,
                                const char *media_id,
                                const char *chat_id)
{
  for (guint i = 0; i < jobs->len; i++)
    {
      TroveDownload *job = g_ptr_array_index (jobs, i);
      TroveMedia *media = trove_download_get_media (job);

      if (g_strcmp0 (trove_download_get_account_id (job), account_id) == 0 &&
          g_str_equal (trove_media_get_id (media), media_id) &&
          g_strcmp0 (trove_media_get_chat_id (media), chat_id) == 0)
        return job;
    }
  return NULL;
}

TroveDownload *
trove_download_places_find_download (TroveDownloadPlaces *self,
                                     GPtrArray *jobs,
                                     const char *account_id,
                                     const char *media_id)
{
  for (guint i = 0; i < jobs->len; i++)
    {
      TroveDownload *job = g_ptr_array_index (jobs, i);
      TroveDownloadState state = trove_download_get_state (job);

      if (g_strcmp0 (trove_download_get_account_id (job), account_id) == 0 &&
          g_str_equal (trove_media_get_id (trove_download_get_media (job)), media_id) &&
          !trove_download_places_has (self, job) && state != TROVE_DOWNLOAD_FAILED &&
          state != TROVE_DOWNLOAD_CANCELLED)
        return job;
    }
  return NULL;
}

static gboolean
same_file (const char *a, const char *b)
{
  GStatBuf buf_a, buf_b;

  return g_stat (a, &buf_a) == 0 && g_stat (b, &buf_b) == 0 && buf_a.st_dev == buf_b.st_dev &&
         buf_a.st_ino == buf_b.st_ino;
}

char *
trove_download_places_filled (TroveDownloadArchive *archive,
                              TroveMedia *media,
                              const char *account_id,
                              const char *chat_name,
                              GFile *wanted,
                              const char *known)
{
  const char *media_id = trove_media_get_id (media);
  const char *chat_id = trove_media_get_chat_id (media);
  g_auto (GStrv) places = trove_download_archive_list_places (archive, account_id, media_id);
  char *place = trove_download_archive_lookup_place (archive, account_id, media_id, chat_id);

  if (place != NULL)
    return place;

  /* A download recorded with no place (an older archive, a file adopted after a stop) is taken
   * as this chat's, as before places were recorded. */
  if (same_file (g_file_peek_path (wanted), known))
    place = g_file_get_path (wanted);
  else if (places[0] == NULL)
    place = g_strdup (known);
  else
    return NULL;

  trove_download_archive_add_place (archive, account_id, media_id, chat_id, chat_name, place, NULL);
  return place;
}

void
trove_download_places_record (TroveDownloadArchive *archive,
                              TroveDownload *job,
                              const char *chat_name)
{
  TroveMedia *media = trove_download_get_media (job);
  g_autoptr (GError) error = NULL;

  if (!trove_download_archive_add_place (archive, trove_download_get_account_id (job),
                                         trove_media_get_id (media),
                                         trove_media_get_chat_id (media), chat_name,
                                         g_file_peek_path (trove_download_get_destination (job)),
                                         &error))
    g_debug ("%s", error->message); /* a later run finds the file and records it again */
}

gboolean
trove_download_places_disk_full (const GError *error)
{
  return error != NULL && error->domain == G_IO_ERROR &&
         (error->code == G_IO_ERROR_NO_SPACE ||
          strstr (error->message, g_strerror (EFBIG)) != NULL);
}

void
_trove_download_finish_linked (TroveDownload *self, GFile *final)
{
  GStatBuf buf;

  self->deduplicated = TRUE;
  if (!g_file_equal (final, self->destination))
    {
      g_set_object (&self->destination, final);
      g_object_notify (G_OBJECT (self), "destination");
    }
  if (g_stat (g_file_peek_path (final), &buf) == 0)
    _trove_download_set_bytes (self, buf.st_size, buf.st_size);
  _trove_download_set_state (self, TROVE_DOWNLOAD_DONE);
}

gboolean
trove_download_get_deduplicated (TroveDownload *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD (self), FALSE);

  return self->deduplicated;
}
