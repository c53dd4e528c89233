/* trove-download-queue-restore.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a previous run left unfinished, queued again from the archive: downloads (each resumes
 * from its .part), then the places that waited to be linked to them.
 */

#include "config.h"

#include "trove-download-queue-private.h"
#include "trove-media-private.h"

static TroveMedia *
media_of (TroveDownloadPending *row)
{
  TroveMedia *media = trove_media_new (row->media_id, row->message_id, row->chat_id, row->kind);

  trove_media_set_name (media, row->name);
  if (row->sent_at > 0)
    {
      g_autoptr (GDateTime) sent_at = g_date_time_new_from_unix_utc (row->sent_at);

      trove_media_set_sent_at (media, sent_at);
    }
  return media;
}

static guint
restore_downloads (TroveDownloadQueue *self,
                   TroveProviderForAccount provider_for,
                   gpointer user_data)
{
  g_autoptr (GPtrArray) pending = trove_download_archive_list_pending (self->archive);
  guint restored = 0;

  for (guint i = 0; i < pending->len; i++)
    {
      TroveDownloadPending *row = g_ptr_array_index (pending, i);
      g_autoptr (TroveProvider) provider = provider_for (row->account_id, user_data);
      g_autoptr (TroveMedia) media = NULL;
      g_autoptr (GFile) destination = NULL;
      g_autofree char *done_at = NULL;

      /* An account removed since: its downloads go with it. */
      if (provider == NULL || row->destination == NULL)
        {
          trove_download_archive_remove_pending (self->archive, row->account_id, row->media_id);
          continue;
        }

      /* Finished just before the stop: nothing left to fetch. Its place in its own chat is
       * recorded if the stop came first, before the places linked to it are. */
      done_at = _trove_download_queue_finished_at (self, row->account_id, row->media_id);
      if (done_at != NULL)
        {
          g_autofree char *place = NULL;

          if (row->chat_id != NULL &&
              (place = trove_download_archive_lookup_place (self->archive, row->account_id,
                                                            row->media_id, row->chat_id)) == NULL)
            trove_download_archive_add_place (self->archive, row->account_id, row->media_id,
                                              row->chat_id, NULL, done_at, NULL);
          trove_download_archive_remove_pending (self->archive, row->account_id, row->media_id);
          continue;
        }

      if (trove_download_places_find_job (self->jobs, row->account_id, row->media_id,
                                          row->chat_id) != NULL)
        continue;
      media = media_of (row);
      destination = g_file_new_for_path (row->destination);
      _trove_download_queue_append_job (self, provider, row->account_id, media, destination, NULL,
                                        NULL, NULL);
      restored++;
    }

  return restored;
}

static guint
restore_links (TroveDownloadQueue *self, TroveProviderForAccount provider_for, gpointer user_data)
{
  g_autoptr (GPtrArray) pending = trove_download_archive_list_pending_links (self->archive);
  guint restored = 0;

  for (guint i = 0; i < pending->len; i++)
    {
      TroveDownloadPending *row = g_ptr_array_index (pending, i);
      g_autoptr (TroveProvider) provider = provider_for (row->account_id, user_data);
      g_autoptr (TroveMedia) media = NULL;
      g_autoptr (GFile) destination = NULL;
      g_autofree char *known = NULL;
      g_autofree char *filled = NULL;
      TroveDownload *download;

      if (provider == NULL || trove_download_places_find_job (self->jobs, row->account_id,
                                                              row->media_id, row->chat_id) != NULL)
        {
          /* An account removed since, or the place has its job already. */
          if (provider == NULL)
            trove_download_archive_remove_pending_link (self->archive, row->account_id,
                                                        row->media_id, row->chat_id);
          continue;
        }

      media = media_of (row);
      destination = g_file_new_for_path (row->destination);
      download = trove_download_places_find_download (self->places, self->jobs, row->account_id,
                                                      row->media_id);
      if (download != NULL && trove_download_get_state (download) == TROVE_DOWNLOAD_DONE)
        {
          known = g_file_get_path (trove_download_get_destination (download));
          download = NULL;
        }
      else if (download == NULL)
        known = _trove_download_queue_finished_at (self, row->account_id, row->media_id);

      /* Linked just before the stop, not yet recorded: recorded now. */
      if (known != NULL &&
          (filled = trove_download_places_filled (self->archive, media, row->account_id,
                                                  row->chat_name, destination, known)) != NULL)
        {
          trove_download_archive_remove_pending_link (self->archive, row->account_id, row->media_id,
                                                      row->chat_id);
          continue;
        }

      /* The item is nowhere (its download was given up): this place downloads it. */
      if (known == NULL && download == NULL)
        trove_download_archive_remove_pending_link (self->archive, row->account_id, row->media_id,
                                                    row->chat_id);
      _trove_download_queue_append_job (self, provider, row->account_id, media, destination, known,
                                        download, row->chat_name);
      restored++;
    }

  return restored;
}

guint
trove_download_queue_restore (TroveDownloadQueue *self,
                              TroveProviderForAccount provider_for,
                              gpointer user_data)
{
  guint restored;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_QUEUE (self), 0);

  if (self->archive == NULL)
    return 0;

  /* Downloads first: the links wait for them. */
  restored = restore_downloads (self, provider_for, user_data);
  return restored + restore_links (self, provider_for, user_data);
}
