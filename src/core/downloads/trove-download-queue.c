/* trove-download-queue.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "trove-download-places.h"
#include "trove-download-private.h"
#include "trove-download-queue-private.h"
#include "trove-filename-template.h"
#include "trove-free-name.h"
#include "trove-media-private.h"
#include "trove-part-owner.h"

#define DEFAULT_MAX_CONCURRENT 3
#define DEFAULT_BACKOFF_BASE_MS 500

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TroveDownloadQueue,
                               trove_download_queue,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_PENDING,
  PROP_ARCHIVE,
  PROP_WARNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return TROVE_TYPE_DOWNLOAD;
}

static guint
get_n_items (GListModel *model)
{
  return TROVE_DOWNLOAD_QUEUE (model)->jobs->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  TroveDownloadQueue *self = TROVE_DOWNLOAD_QUEUE (model);

  return position < self->jobs->len ? g_object_ref (g_ptr_array_index (self->jobs, position))
                                    : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

GFile *
trove_download_queue_get_folder (TroveDownloadQueue *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_QUEUE (self), NULL);

  return self->folder;
}

guint
trove_download_queue_get_pending (TroveDownloadQueue *self)
{
  guint pending = 0;

  for (guint i = 0; i < self->jobs->len; i++)
    pending += !trove_download_is_finished (g_ptr_array_index (self->jobs, i));

  return pending;
}

guint
trove_download_queue_get_deduplicated (TroveDownloadQueue *self)
{
  guint deduplicated = 0;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_QUEUE (self), 0);

  for (guint i = 0; i < self->jobs->len; i++)
    deduplicated += trove_download_get_deduplicated (g_ptr_array_index (self->jobs, i));

  return deduplicated;
}

const char *
trove_download_queue_get_warning (TroveDownloadQueue *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_QUEUE (self), NULL);

  return trove_download_places_get_warning (self->places);
}

static void remember_pending (TroveDownloadQueue *self, TroveDownload *job);
static void forget_pending_link (TroveDownloadQueue *self, TroveDownload *job);

/* Starts queued jobs, in order, while there is room; links take no room, and go as soon as
 * what they link to is there. */
static void
pump (TroveDownloadQueue *self)
{
  guint running = 0;

  if (self->stopping)
    return;

  for (guint i = 0; i < self->jobs->len; i++)
    running += trove_download_is_active (g_ptr_array_index (self->jobs, i));

  for (guint i = 0; i < self->jobs->len; i++)
    {
      TroveDownload *job = g_ptr_array_index (self->jobs, i);

      if (trove_download_get_state (job) != TROVE_DOWNLOAD_QUEUED)
        continue;

      if (trove_download_places_has (self->places, job))
        {
          if (trove_download_places_start (self->places, job))
            continue;
          /* What it was to link to will not come: it downloads the item itself. */
          forget_pending_link (self, job);
          remember_pending (self, job);
        }
      if (running < self->max_concurrent)
        {
          trove_download_start (job);
          running += trove_download_is_active (job);
        }
    }
}

static void
remember_pending (TroveDownloadQueue *self, TroveDownload *job)
{
  TroveMedia *media = trove_download_get_media (job);
  GDateTime *sent_at = trove_media_get_sent_at (media);
  TroveDownloadPending row = {
    .account_id = (char *) trove_download_get_account_id (job),
    .media_id = (char *) trove_media_get_id (media),
    .message_id = (char *) trove_media_get_message_id (media),
    .chat_id = (char *) trove_media_get_chat_id (media),
    .kind = trove_media_get_kind (media),
    .name = (char *) trove_media_get_name (media),
    .sent_at = sent_at ? g_date_time_to_unix (sent_at) : 0,
    .destination = (char *) g_file_peek_path (trove_download_get_destination (job)),
    .chat_name = g_hash_table_lookup (self->chat_names, job),
  };

  if (self->archive == NULL)
    return;
  /* A link has a row per place; the item's own row is its download's. */
  if (trove_download_places_has (self->places, job))
    {
      if (row.chat_id != NULL)
        trove_download_archive_add_pending_link (self->archive, &row);
      return;
    }
  trove_download_archive_add_pending (self->archive, row.account_id, row.media_id, row.message_id,
                                      row.chat_id, row.kind, row.name, row.sent_at,
                                      row.destination);
}

static void
forget_pending_link (TroveDownloadQueue *self, TroveDownload *job)
{
  TroveMedia *media = trove_download_get_media (job);

  if (self->archive != NULL && trove_media_get_chat_id (media) != NULL)
    trove_download_archive_remove_pending_link (self->archive, trove_download_get_account_id (job),
                                                trove_media_get_id (media),
                                                trove_media_get_chat_id (media));
}

static gboolean
occupied (const char *path)
{
  GStatBuf buf;

  /* A dangling symbolic link occupies its name too. */
  return g_lstat (path, &buf) == 0;
}

/* Whether the .part at @path is missing or holds @job's item. */
static gboolean
part_free_for (const char *path, const char *key)
{
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autofree char *owner = NULL;

  if (!occupied (part))
    return TRUE;
  owner = trove_download_part_owner (part);
  return owner != NULL && g_str_equal (owner, key);
}

typedef struct
{
  TroveDownloadQueue *self;
  const char *key;
} Wanted;

/* Free for the job: no other job of this queue writes to it, no file occupies it, and its
 * .part, if any, is the job's item's own. */
static gboolean
take_destination (GFile *candidate, gpointer user_data, GError **error)
{
  Wanted *wanted = user_data;
  const char *path = g_file_peek_path (candidate);

  if (!g_hash_table_contains (wanted->self->claimed, path) && !occupied (path) &&
      part_free_for (path, wanted->key))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s is taken", path);
  return FALSE;
}

static GFile *
free_destination (TroveDownloadQueue *self, GFile *wanted, const char *key)
{
  Wanted data = { self, key };
  g_autofree char *basename = NULL;
  g_autofree char *last = NULL;
  g_autoptr (GFile) parent = NULL;
  GFile *found = trove_free_name_find (wanted, take_destination, &data, NULL);

  if (found != NULL)
    return found;

  /* Ten thousand namesakes: the last one is refused when it is renamed, never replaced. */
  basename = g_file_get_basename (wanted);
  parent = g_file_get_parent (wanted);
  last = trove_filename_numbered (basename, TROVE_FILENAME_MAX_TAKEN);
  return g_file_get_child (parent, last);
}

static void
claim (TroveDownloadQueue *self, TroveDownload *job)
{
  char *path = g_file_get_path (trove_download_get_destination (job));

  g_hash_table_insert (self->claims, job, path);
  g_hash_table_add (self->claimed, g_strdup (path));
}

static void
unclaim (TroveDownloadQueue *self, TroveDownload *job)
{
  const char *path = g_hash_table_lookup (self->claims, job);

  if (path == NULL)
    return;
  g_hash_table_remove (self->claimed, path);
  g_hash_table_remove (self->claims, job);
}

/* A job retried after it stopped takes its destination again, or another one when that went
 * to somebody else meanwhile. */
static void
reclaim (TroveDownloadQueue *self, TroveDownload *job)
{
  GFile *destination = trove_download_get_destination (job);
  const char *path = g_file_peek_path (destination);
  g_autofree char *key =
      trove_download_owner_key (trove_download_get_account_id (job),
                                trove_media_get_id (trove_download_get_media (job)));

  if (g_hash_table_contains (self->claimed, path) || occupied (path) || !part_free_for (path, key))
    {
      g_autoptr (GFile) other = free_destination (self, destination, key);

      trove_download_set_destination (job, other);
    }
  claim (self, job);
  remember_pending (self, job);
}

/* A full disk stops the run: the jobs still waiting fail with the same error instead of each
 * fetching bytes that cannot be kept; their pending rows stay for a later run. */
static void
stop_for_full_disk (TroveDownloadQueue *self, const GError *error)
{
  self->stopping = TRUE;
  for (guint i = 0; i < self->jobs->len; i++)
    {
      TroveDownload *job = g_ptr_array_index (self->jobs, i);

      if (trove_download_get_state (job) == TROVE_DOWNLOAD_QUEUED)
        _trove_download_fail (job, g_error_copy (error));
    }
  self->stopping = FALSE;
}

static void
state_changed_cb (TroveDownload *job, GParamSpec *pspec, TroveDownloadQueue *self)
{
  TroveDownloadState state = trove_download_get_state (job);

  if (trove_download_is_finished (job))
    unclaim (self, job);
  else if (state == TROVE_DOWNLOAD_QUEUED && !g_hash_table_contains (self->claims, job))
    reclaim (self, job);

  if (self->archive != NULL && state == TROVE_DOWNLOAD_DONE)
    trove_download_places_record (self->archive, job, g_hash_table_lookup (self->chat_names, job));

  /* Done or given up by the user: nothing to take up after a restart. A failed one stays, and
   * so does one cancelled while its file is being saved, until it is recorded. */
  if (self->archive != NULL && !trove_download_places_has (self->places, job) &&
      (state == TROVE_DOWNLOAD_DONE ||
       (state == TROVE_DOWNLOAD_CANCELLED && !trove_download_is_saving (job))))
    trove_download_archive_remove_pending (self->archive, trove_download_get_account_id (job),
                                           trove_media_get_id (trove_download_get_media (job)));

  /* A link failed stays, for a restart to try again, as a failed download does. */
  if (trove_download_places_has (self->places, job) &&
      (state == TROVE_DOWNLOAD_DONE || state == TROVE_DOWNLOAD_CANCELLED))
    forget_pending_link (self, job);

  if (state == TROVE_DOWNLOAD_FAILED && !self->stopping &&
      trove_download_places_disk_full (trove_download_get_error (job)))
    stop_for_full_disk (self, trove_download_get_error (job));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  pump (self);
}

TroveDownload *
_trove_download_queue_append_job (TroveDownloadQueue *self,
                                  TroveProvider *provider,
                                  const char *account_id,
                                  TroveMedia *media,
                                  GFile *destination,
                                  const char *source_path,
                                  TroveDownload *source_job,
                                  const char *chat_name)
{
  TroveDownload *job = trove_download_new (provider, account_id, media, destination, self->archive);

  if (source_path != NULL || source_job != NULL)
    trove_download_places_add (self->places, job, source_path, source_job);

  trove_download_set_file_times (job, self->set_file_times);
  trove_download_set_provenance (job, self->write_provenance);
  trove_download_set_backoff_base_ms (job, self->backoff_base_ms);
  if (chat_name != NULL)
    g_hash_table_insert (self->chat_names, job, g_strdup (chat_name));
  claim (self, job);
  remember_pending (self, job);

  g_signal_connect_object (job, "notify::state", G_CALLBACK (state_changed_cb), self, 0);
  g_signal_connect_object (job, "notify::saving", G_CALLBACK (pump), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->jobs, job);
  g_list_model_items_changed (G_LIST_MODEL (self), self->jobs->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);

  pump (self);
  return job;
}

char *
_trove_download_queue_finished_at (TroveDownloadQueue *self,
                                   const char *account_id,
                                   const char *media_id)
{
  char *path = trove_download_archive_lookup (self->archive, account_id, media_id);

  return path ? path : trove_download_archive_adopt_renamed (self->archive, account_id, media_id);
}

TroveDownload *
trove_download_queue_add (TroveDownloadQueue *self,
                          TroveProvider *provider,
                          const char *account_id,
                          const char *account_name,
                          const char *chat_name,
                          TroveMedia *media,
                          char **already_at)
{
  const char *media_id = trove_media_get_id (media);
  const char *chat_id = trove_media_get_chat_id (media);
  g_autofree char *relative = NULL;
  g_autofree char *known = NULL;
  g_autofree char *place = NULL;
  g_autofree char *key = NULL;
  g_autoptr (GFile) wanted = NULL;
  g_autoptr (GFile) destination = NULL;
  TroveDownload *existing;
  TroveDownload *download = NULL;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_QUEUE (self), NULL);

  /* Never two jobs for one place: the one there is goes on, or again if it stopped. */
  existing = trove_download_places_find_job (self->jobs, account_id, media_id, chat_id);
  if (existing != NULL && trove_download_get_state (existing) != TROVE_DOWNLOAD_DONE)
    {
      trove_download_retry (existing);
      return existing;
    }
  if (existing != NULL)
    {
      if (already_at != NULL)
        *already_at = g_file_get_path (trove_download_get_destination (existing));
      return NULL;
    }

  relative = trove_filename_template_render (self->template_text, media, account_name, chat_name);
  wanted = trove_filename_resolve (self->folder, relative);
  g_assert (wanted != NULL); /* rendered components cannot climb out */

  /* This queue's own job for the item comes first: between recording its download and its
   * place the archive would take the item for one with no place, and this chat's place as
   * filled. */
  download = trove_download_places_find_download (self->places, self->jobs, account_id, media_id);
  if (download != NULL && self->archive != NULL &&
      (place = trove_download_archive_lookup_place (self->archive, account_id, media_id,
                                                    chat_id)) != NULL)
    {
      if (already_at != NULL)
        *already_at = g_steal_pointer (&place);
      return NULL;
    }
  if (download != NULL && trove_download_get_state (download) == TROVE_DOWNLOAD_DONE)
    {
      known = g_file_get_path (trove_download_get_destination (download));
      download = NULL;
    }
  else if (download == NULL && self->archive != NULL &&
           (known = _trove_download_queue_finished_at (self, account_id, media_id)) != NULL &&
           (place = trove_download_places_filled (self->archive, media, account_id, chat_name,
                                                  wanted, known)) != NULL)
    {
      if (already_at != NULL)
        *already_at = g_steal_pointer (&place);
      return NULL;
    }

  /* A .part of this very item (an earlier run, another process) is resumed under its name;
   * one of another item is left alone. */
  key = trove_download_owner_key (account_id, media_id);
  destination = free_destination (self, wanted, key);

  /* The item is there, or on its way, for another chat: this place links to it. */
  return _trove_download_queue_append_job (self, provider, account_id, media, destination, known,
                                           download, chat_name);
}

void
trove_download_queue_move_to_front (TroveDownloadQueue *self, TroveDownload *download)
{
  guint position;

  if (!g_ptr_array_find (self->jobs, download, &position) || position == 0)
    return;

  g_object_ref (download);
  g_ptr_array_remove_index (self->jobs, position);
  g_ptr_array_insert (self->jobs, 0, download);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
  pump (self);
}

void
trove_download_queue_clear_finished (TroveDownloadQueue *self)
{
  for (guint i = self->jobs->len; i > 0; i--)
    if (trove_download_is_finished (g_ptr_array_index (self->jobs, i - 1)))
      {
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->jobs, i - 1), self);
        trove_download_places_forget (self->places, g_ptr_array_index (self->jobs, i - 1));
        g_hash_table_remove (self->chat_names, g_ptr_array_index (self->jobs, i - 1));
        g_ptr_array_remove_index (self->jobs, i - 1);
        g_list_model_items_changed (G_LIST_MODEL (self), i - 1, 1, 0);
      }
}

void
trove_download_queue_cancel_all (TroveDownloadQueue *self)
{
  /* Queued ones first, so that cancelling a running one starts nothing new. */
  for (guint i = 0; i < self->jobs->len; i++)
    if (trove_download_get_state (g_ptr_array_index (self->jobs, i)) == TROVE_DOWNLOAD_QUEUED)
      trove_download_cancel (g_ptr_array_index (self->jobs, i));
  for (guint i = 0; i < self->jobs->len; i++)
    trove_download_cancel (g_ptr_array_index (self->jobs, i));
}

void
trove_download_queue_set_max_concurrent (TroveDownloadQueue *self, guint max_concurrent)
{
  self->max_concurrent = CLAMP (max_concurrent, 1, 8);
  pump (self);
}

guint
trove_download_queue_get_max_concurrent (TroveDownloadQueue *self)
{
  return self->max_concurrent;
}

void
trove_download_queue_set_file_times (TroveDownloadQueue *self, gboolean set_file_times)
{
  self->set_file_times = set_file_times;
}

void
trove_download_queue_set_provenance (TroveDownloadQueue *self, gboolean write_provenance)
{
  self->write_provenance = write_provenance;
}

void
_trove_download_queue_set_backoff_base_ms (TroveDownloadQueue *self, guint base_ms)
{
  self->backoff_base_ms = base_ms;
}

void
_trove_download_queue_set_link_func (TroveDownloadQueue *self, TroveLinkFunc link_func)
{
  trove_download_places_set_link_func (self->places, link_func);
}

static void
trove_download_queue_dispose (GObject *object)
{
  TroveDownloadQueue *self = TROVE_DOWNLOAD_QUEUE (object);

  if (self->jobs != NULL)
    {
      for (guint i = 0; i < self->jobs->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->jobs, i), self);
      for (guint i = 0; i < self->jobs->len; i++)
        trove_download_pause (g_ptr_array_index (self->jobs, i));
    }
  /* Before the jobs it points to may go. */
  g_clear_pointer (&self->places, trove_download_places_free);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);

  G_OBJECT_CLASS (trove_download_queue_parent_class)->dispose (object);
}

static void
trove_download_queue_finalize (GObject *object)
{
  TroveDownloadQueue *self = TROVE_DOWNLOAD_QUEUE (object);

  g_clear_object (&self->folder);
  g_clear_object (&self->archive);
  g_clear_pointer (&self->template_text, g_free);
  g_clear_pointer (&self->claims, g_hash_table_unref);
  g_clear_pointer (&self->chat_names, g_hash_table_unref);
  g_clear_pointer (&self->claimed, g_hash_table_unref);

  G_OBJECT_CLASS (trove_download_queue_parent_class)->finalize (object);
}

static void
trove_download_queue_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_uint (value, trove_download_queue_get_pending (TROVE_DOWNLOAD_QUEUE (object)));
      break;

    case PROP_ARCHIVE:
      g_value_set_object (value, TROVE_DOWNLOAD_QUEUE (object)->archive);
      break;

    case PROP_WARNING:
      g_value_set_string (value, trove_download_queue_get_warning (TROVE_DOWNLOAD_QUEUE (object)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_download_queue_class_init (TroveDownloadQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = trove_download_queue_dispose;
  object_class->finalize = trove_download_queue_finalize;
  object_class->get_property = trove_download_queue_get_property;

  properties[PROP_PENDING] =
      g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ARCHIVE] =
      g_param_spec_object ("archive", NULL, NULL, TROVE_TYPE_DOWNLOAD_ARCHIVE,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_WARNING] =
      g_param_spec_string ("warning", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_download_queue_init (TroveDownloadQueue *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->claims = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->chat_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->max_concurrent = DEFAULT_MAX_CONCURRENT;
  self->set_file_times = TRUE;
  self->write_provenance = TRUE;
  self->backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
  self->places = trove_download_places_new (G_OBJECT (self));
}

TroveDownloadQueue *
trove_download_queue_new (GFile *folder,
                          const char *filename_template,
                          TroveDownloadArchive *archive)
{
  TroveDownloadQueue *self;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  self = g_object_new (TROVE_TYPE_DOWNLOAD_QUEUE, NULL);
  self->folder = g_object_ref (folder);
  self->template_text = g_strdup (filename_template);
  self->archive = archive ? g_object_ref (archive) : NULL;

  return self;
}
