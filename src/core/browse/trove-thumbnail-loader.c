/* trove-thumbnail-loader.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "trove-error.h"
#include "trove-read-all.h"
#include "trove-thumbnail-loader.h"

typedef struct
{
  TroveThumbnailLoader *loader; /* unowned: the waiters' tasks hold it */
  char *key;
  TroveProvider *provider;
  TroveMedia *media;
  TroveVariant variant;
  int priority;
  guint64 order;
  GPtrArray *waiters; /* GTask */
  GSequenceIter *queued;
  GCancellable *cancellable;
  gboolean resolved;
} Job;

typedef struct
{
  char *key;
  GBytes *bytes;
} CacheEntry;

struct _TroveThumbnailLoader
{
  GObject parent_instance;

  char *cache_dir;
  guint max_in_flight;
  gsize memory_budget;

  GHashTable *jobs; /* key -> Job, queued or running */
  GSequence *queue; /* Job, by priority then age */
  guint in_flight;
  guint fetched;
  guint64 next_order;

  GHashTable *memory; /* key -> GList link in recent */
  GQueue recent;      /* CacheEntry, most recent first */
  gsize memory_used;

  GCancellable *cancellable; /* for disk writes and every fetch, cancelled in dispose */
};

G_DEFINE_FINAL_TYPE (TroveThumbnailLoader, trove_thumbnail_loader, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_IN_FLIGHT,
  PROP_QUEUED,
  PROP_FETCHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pump (TroveThumbnailLoader *self);

static void
cache_entry_free (CacheEntry *entry)
{
  g_free (entry->key);
  g_bytes_unref (entry->bytes);
  g_free (entry);
}

static void
job_free (Job *job)
{
  g_free (job->key);
  g_clear_object (&job->provider);
  g_clear_object (&job->media);
  g_clear_pointer (&job->waiters, g_ptr_array_unref);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static char *
make_key (TroveProvider *provider, TroveMedia *media, TroveVariant variant)
{
  g_autofree char *raw = g_strdup_printf ("%s\n%s\n%d", trove_provider_get_api_base_url (provider),
                                          trove_media_get_id (media), variant);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, raw, -1);
}

static char *
cache_path (TroveThumbnailLoader *self, const char *key)
{
  char prefix[3] = { key[0], key[1], '\0' };

  return g_build_filename (self->cache_dir, prefix, key, NULL);
}

static GBytes *
memory_lookup (TroveThumbnailLoader *self, const char *key)
{
  GList *link = g_hash_table_lookup (self->memory, key);

  if (link == NULL)
    return NULL;

  g_queue_unlink (&self->recent, link);
  g_queue_push_head_link (&self->recent, link);

  return g_bytes_ref (((CacheEntry *) link->data)->bytes);
}

static void
memory_remove_link (TroveThumbnailLoader *self, GList *link)
{
  CacheEntry *entry = link->data;

  self->memory_used -= g_bytes_get_size (entry->bytes);
  g_hash_table_remove (self->memory, entry->key);
  g_queue_delete_link (&self->recent, link);
  cache_entry_free (entry);
}

static void
memory_store (TroveThumbnailLoader *self, const char *key, GBytes *bytes)
{
  CacheEntry *entry;
  GList *old = g_hash_table_lookup (self->memory, key);

  if (old != NULL)
    memory_remove_link (self, old);

  if (g_bytes_get_size (bytes) > self->memory_budget)
    return;

  entry = g_new0 (CacheEntry, 1);
  entry->key = g_strdup (key);
  entry->bytes = g_bytes_ref (bytes);
  g_queue_push_head (&self->recent, entry);
  g_hash_table_insert (self->memory, entry->key, self->recent.head);
  self->memory_used += g_bytes_get_size (bytes);

  while (self->memory_used > self->memory_budget && self->recent.tail != NULL)
    memory_remove_link (self, self->recent.tail);
}

static void
notify_counts (TroveThumbnailLoader *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_FLIGHT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
}

/* Hands the outcome to everyone who asked, and forgets the job. */
static void
job_complete (Job *job, GBytes *bytes, const GError *error)
{
  TroveThumbnailLoader *self = job->loader;

  for (guint i = 0; i < job->waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (job->waiters, i);

      if (bytes != NULL)
        g_task_return_pointer (waiter, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
      else
        g_task_return_error (waiter, g_error_copy (error));
    }

  if (job->queued != NULL)
    g_sequence_remove (job->queued);
  g_hash_table_remove (self->jobs, job->key);
}

static gboolean
job_is_wanted (Job *job)
{
  for (guint i = 0; i < job->waiters->len; i++)
    {
      GCancellable *cancellable = g_task_get_cancellable (g_ptr_array_index (job->waiters, i));

      if (cancellable == NULL || !g_cancellable_is_cancelled (cancellable))
        return TRUE;
    }

  return FALSE;
}

/* What the thread writes: its own copy of the path and a reference to the bytes. */
typedef struct
{
  char *path;
  GBytes *bytes;
} Save;

static void
save_free (Save *save)
{
  g_free (save->path);
  g_bytes_unref (save->bytes);
  g_free (save);
}

static void
save_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Save *save = task_data;
  const char *path = save->path;
  GBytes *bytes = save->bytes;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;

  /* A cache that cannot be written only costs a refetch later. */
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_debug ("Could not cache a thumbnail in %s: %s", dir,
             error ? error->message : g_strerror (errno));

  g_task_return_boolean (task, TRUE);
}

static void
save_to_disk (TroveThumbnailLoader *self, const char *key, GBytes *bytes)
{
  g_autoptr (GTask) task = NULL;
  Save *save;

  if (self->cache_dir == NULL)
    return;

  task = g_task_new (NULL, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, save_to_disk);
  /* Its completion holds the bytes until it runs: not below the frame clock's priority. */
  g_task_set_priority (task, G_PRIORITY_DEFAULT);
  save = g_new (Save, 1);
  save->path = cache_path (self, key);
  save->bytes = g_bytes_ref (bytes);
  g_task_set_task_data (task, save, (GDestroyNotify) save_free);
  g_task_run_in_thread (task, save_thread);
}

static void
fetch_finished (Job *job, GBytes *bytes, const GError *error)
{
  /* Returning to the waiters may drop the last reference to the loader. */
  g_autoptr (TroveThumbnailLoader) self = g_object_ref (job->loader);

  self->in_flight--;
  if (bytes != NULL)
    {
      self->fetched++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCHED]);
      memory_store (self, job->key, bytes);
      save_to_disk (self, job->key, bytes);
    }

  job_complete (job, bytes, error);
  notify_counts (self);
  pump (self);
}

static void fetch_start (Job *job);

static void
read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Job *job = user_data;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  bytes = trove_read_all_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    {
      g_clear_error (&error);
      error =
          g_error_new (TROVE_ERROR, TROVE_ERROR_PROTOCOL, _ ("The thumbnail is larger than %d MB."),
                       TROVE_THUMBNAIL_MAX_BYTES / (1024 * 1024));
    }

  fetch_finished (job, bytes, error);
}

static void
resolved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Job *job = user_data;
  g_autoptr (TroveMedia) fresh = NULL;
  g_autoptr (GError) error = NULL;

  fresh = trove_provider_resolve_media_finish (TROVE_PROVIDER (object), result, &error);
  if (fresh == NULL)
    {
      fetch_finished (job, NULL, error);
      return;
    }

  g_set_object (&job->media, fresh);
  fetch_start (job);
}

static void
opened_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Job *job = user_data;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GError) error = NULL;

  stream = trove_provider_open_download_finish (TROVE_PROVIDER (object), result, NULL, &error);

  if (stream == NULL)
    {
      /* Signed links expire; the item's page gives fresh ones, once. */
      if (g_error_matches (error, TROVE_ERROR, TROVE_ERROR_EXPIRED_LINK) && !job->resolved)
        {
          job->resolved = TRUE;
          trove_provider_resolve_media_async (job->provider, job->media, job->cancellable,
                                              resolved_cb, job);
          return;
        }

      fetch_finished (job, NULL, error);
      return;
    }

  trove_read_all_async (stream, TROVE_THUMBNAIL_MAX_BYTES, G_PRIORITY_DEFAULT, job->cancellable,
                        read_cb, job);
}

/* The grid waits for these: at default priority, as anything below the frame clock's starves
 * while frames are slow (software GL) and something animates. */
static void
fetch_start (Job *job)
{
  trove_provider_open_download_async (job->provider, job->media, job->variant, 0,
                                      G_PRIORITY_DEFAULT, job->cancellable, opened_cb, job);
}

static void
pump (TroveThumbnailLoader *self)
{
  while (self->in_flight < self->max_in_flight && g_sequence_get_length (self->queue) > 0)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (self->queue);
      Job *job = g_sequence_get (first);

      g_sequence_remove (first);
      job->queued = NULL;

      /* Everyone who asked has scrolled away: drop it before it costs a request. */
      if (!job_is_wanted (job))
        {
          g_autoptr (GError) error =
              g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");

          job_complete (job, NULL, error);
          continue;
        }

      self->in_flight++;
      job->cancellable = g_cancellable_new ();
      g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                               job->cancellable, G_CONNECT_SWAPPED);
      fetch_start (job);
    }

  notify_counts (self);
}

static int
compare_jobs (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Job *job_a = a;
  const Job *job_b = b;

  if (job_a->priority != job_b->priority)
    return job_a->priority < job_b->priority ? -1 : 1;

  return job_a->order < job_b->order ? -1 : job_a->order > job_b->order;
}

static void
enqueue (Job *job)
{
  TroveThumbnailLoader *self = job->loader;

  job->order = self->next_order++;
  job->queued = g_sequence_insert_sorted (self->queue, job, compare_jobs, NULL);
  pump (self);
}

static void
disk_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Job *job = user_data;
  g_autoptr (TroveThumbnailLoader) self = g_object_ref (job->loader);
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* Missing or unreadable: fetch it. */
  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, NULL) ||
      length == 0 || length > TROVE_THUMBNAIL_MAX_BYTES)
    {
      enqueue (job);
      return;
    }

  {
    g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

    memory_store (self, job->key, bytes);
    job_complete (job, bytes, NULL);
  }
}

void
trove_thumbnail_loader_load_async (TroveThumbnailLoader *self,
                                   TroveProvider *provider,
                                   TroveMedia *media,
                                   TroveVariant variant,
                                   int priority,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GBytes) cached = NULL;
  g_autofree char *key = NULL;
  Job *job;

  g_return_if_fail (TROVE_IS_THUMBNAIL_LOADER (self));
  g_return_if_fail (TROVE_IS_PROVIDER (provider));
  g_return_if_fail (TROVE_IS_MEDIA (media));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_thumbnail_loader_load_async);

  key = make_key (provider, media, variant);

  cached = memory_lookup (self, key);
  if (cached != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&cached), (GDestroyNotify) g_bytes_unref);
      return;
    }

  job = g_hash_table_lookup (self->jobs, key);
  if (job != NULL)
    {
      g_ptr_array_add (job->waiters, g_steal_pointer (&task));

      /* A more urgent request moves a queued job up. */
      if (job->queued != NULL && priority < job->priority)
        {
          job->priority = priority;
          g_sequence_sort_changed (job->queued, compare_jobs, NULL);
        }
      return;
    }

  job = g_new0 (Job, 1);
  job->loader = self;
  job->key = g_steal_pointer (&key);
  job->provider = g_object_ref (provider);
  job->media = g_object_ref (media);
  job->variant = variant;
  job->priority = priority;
  job->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (job->waiters, g_steal_pointer (&task));
  g_hash_table_insert (self->jobs, job->key, job);

  if (self->cache_dir != NULL)
    {
      g_autofree char *path = cache_path (self, job->key);
      g_autoptr (GFile) file = g_file_new_for_path (path);

      g_file_load_contents_async (file, self->cancellable, disk_loaded_cb, job);
    }
  else
    {
      enqueue (job);
    }
}

GBytes *
trove_thumbnail_loader_load_finish (TroveThumbnailLoader *self,
                                    GAsyncResult *result,
                                    GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
trove_thumbnail_loader_forget (TroveThumbnailLoader *self,
                               TroveProvider *provider,
                               TroveMedia *media,
                               TroveVariant variant)
{
  g_autofree char *key = NULL;
  GList *link;

  g_return_if_fail (TROVE_IS_THUMBNAIL_LOADER (self));

  key = make_key (provider, media, variant);
  link = g_hash_table_lookup (self->memory, key);
  if (link != NULL)
    memory_remove_link (self, link);

  if (self->cache_dir != NULL)
    {
      g_autofree char *path = cache_path (self, key);

      g_unlink (path);
    }
}

guint
trove_thumbnail_loader_get_in_flight (TroveThumbnailLoader *self)
{
  g_return_val_if_fail (TROVE_IS_THUMBNAIL_LOADER (self), 0);

  return self->in_flight;
}

guint
trove_thumbnail_loader_get_queued (TroveThumbnailLoader *self)
{
  g_return_val_if_fail (TROVE_IS_THUMBNAIL_LOADER (self), 0);

  return g_sequence_get_length (self->queue);
}

guint
trove_thumbnail_loader_get_fetched (TroveThumbnailLoader *self)
{
  g_return_val_if_fail (TROVE_IS_THUMBNAIL_LOADER (self), 0);

  return self->fetched;
}

static void
trove_thumbnail_loader_dispose (GObject *object)
{
  TroveThumbnailLoader *self = TROVE_THUMBNAIL_LOADER (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (trove_thumbnail_loader_parent_class)->dispose (object);
}

static void
trove_thumbnail_loader_finalize (GObject *object)
{
  TroveThumbnailLoader *self = TROVE_THUMBNAIL_LOADER (object);

  g_clear_pointer (&self->queue, g_sequence_free);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->memory, g_hash_table_unref);
  g_queue_clear_full (&self->recent, (GDestroyNotify) cache_entry_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->cache_dir, g_free);

  G_OBJECT_CLASS (trove_thumbnail_loader_parent_class)->finalize (object);
}

static void
trove_thumbnail_loader_get_property (GObject *object,
                                     guint prop_id,
                                     GValue *value,
                                     GParamSpec *pspec)
{
  TroveThumbnailLoader *self = TROVE_THUMBNAIL_LOADER (object);

  switch (prop_id)
    {
    case PROP_IN_FLIGHT:
      g_value_set_uint (value, self->in_flight);
      break;

    case PROP_QUEUED:
      g_value_set_uint (value, g_sequence_get_length (self->queue));
      break;

    case PROP_FETCHED:
      g_value_set_uint (value, self->fetched);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_thumbnail_loader_class_init (TroveThumbnailLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = trove_thumbnail_loader_dispose;
  object_class->finalize = trove_thumbnail_loader_finalize;
  object_class->get_property = trove_thumbnail_loader_get_property;

  properties[PROP_IN_FLIGHT] = g_param_spec_uint ("in-flight", NULL, NULL, 0, G_MAXUINT, 0,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUED] = g_param_spec_uint ("queued", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FETCHED] = g_param_spec_uint ("fetched", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_thumbnail_loader_init (TroveThumbnailLoader *self)
{
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) job_free);
  self->queue = g_sequence_new (NULL);
  self->memory = g_hash_table_new (g_str_hash, g_str_equal);
  self->cancellable = g_cancellable_new ();
}

TroveThumbnailLoader *
trove_thumbnail_loader_new (const char *cache_dir, guint max_in_flight, gsize memory_budget)
{
  TroveThumbnailLoader *self;

  g_return_val_if_fail (max_in_flight > 0, NULL);

  self = g_object_new (TROVE_TYPE_THUMBNAIL_LOADER, NULL);
  self->cache_dir = g_strdup (cache_dir);
  self->max_in_flight = max_in_flight;
  self->memory_budget = memory_budget;

  return self;
}
