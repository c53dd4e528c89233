/* trove-download-batch.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-download-batch.h"

struct _TroveDownloadBatch
{
  GObject parent_instance;

  char *title;
  GPtrArray *jobs;     /* TroveDownload, each once */
  GHashTable *set;     /* the same jobs, to add each once */
  GHashTable *planned; /* media id -> how many of its places (chats) are still to be added */
  guint done;
  guint failed;
  guint unfinished;
  guint paused;
};

G_DEFINE_FINAL_TYPE (TroveDownloadBatch, trove_download_batch, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_TOTAL,
  PROP_DONE,
  PROP_FAILED,
  PROP_PAUSED,
  PROP_FINISHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void job_state_cb (TroveDownloadBatch *self);

static void
trove_download_batch_dispose (GObject *object)
{
  TroveDownloadBatch *self = TROVE_DOWNLOAD_BATCH (object);

  for (guint i = 0; self->jobs != NULL && i < self->jobs->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->jobs, i), job_state_cb, self);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_pointer (&self->set, g_hash_table_unref);
  g_clear_pointer (&self->planned, g_hash_table_unref);

  G_OBJECT_CLASS (trove_download_batch_parent_class)->dispose (object);
}

static void
trove_download_batch_finalize (GObject *object)
{
  TroveDownloadBatch *self = TROVE_DOWNLOAD_BATCH (object);

  g_free (self->title);

  G_OBJECT_CLASS (trove_download_batch_parent_class)->finalize (object);
}

static void
trove_download_batch_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveDownloadBatch *self = TROVE_DOWNLOAD_BATCH (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_TOTAL:
      g_value_set_uint (value, trove_download_batch_get_total (self));
      break;

    case PROP_DONE:
      g_value_set_uint (value, self->done);
      break;

    case PROP_FAILED:
      g_value_set_uint (value, self->failed);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, trove_download_batch_get_paused (self));
      break;

    case PROP_FINISHED:
      g_value_set_boolean (value, trove_download_batch_get_finished (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_download_batch_set_property (GObject *object,
                                   guint prop_id,
                                   const GValue *value,
                                   GParamSpec *pspec)
{
  TroveDownloadBatch *self = TROVE_DOWNLOAD_BATCH (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_download_batch_class_init (TroveDownloadBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = trove_download_batch_dispose;
  object_class->finalize = trove_download_batch_finalize;
  object_class->get_property = trove_download_batch_get_property;
  object_class->set_property = trove_download_batch_set_property;

  properties[PROP_TITLE] =
      g_param_spec_string ("title", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] = g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_DONE] = g_param_spec_uint ("done", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FAILED] = g_param_spec_uint ("failed", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, flags);
  properties[PROP_FINISHED] = g_param_spec_boolean ("finished", NULL, NULL, TRUE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_download_batch_init (TroveDownloadBatch *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->set = g_hash_table_new (NULL, NULL);
  self->planned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

TroveDownloadBatch *
trove_download_batch_new (const char *title)
{
  return g_object_new (TROVE_TYPE_DOWNLOAD_BATCH, "title", title, NULL);
}

const char *
trove_download_batch_get_title (TroveDownloadBatch *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_BATCH (self), NULL);

  return self->title;
}

/* Counts again from the jobs' states: a job may move between any two of them. */
static void
recount (TroveDownloadBatch *self)
{
  guint done = 0, failed = 0, unfinished = 0, paused = 0;
  gboolean was_paused = trove_download_batch_get_paused (self);
  gboolean was_finished = trove_download_batch_get_finished (self);

  for (guint i = 0; i < self->jobs->len; i++)
    {
      TroveDownload *job = g_ptr_array_index (self->jobs, i);

      switch (trove_download_get_state (job))
        {
        case TROVE_DOWNLOAD_DONE:
          done++;
          break;

        case TROVE_DOWNLOAD_FAILED:
          failed++;
          break;

        case TROVE_DOWNLOAD_CANCELLED:
          break;

        case TROVE_DOWNLOAD_PAUSED:
          paused++;
          unfinished++;
          break;

        case TROVE_DOWNLOAD_QUEUED:
        case TROVE_DOWNLOAD_RUNNING:
        case TROVE_DOWNLOAD_WAITING_FOR_RATE_LIMIT:
        default:
          unfinished++;
          break;
        }
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (self->done != done)
    {
      self->done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
    }
  if (self->failed != failed)
    {
      self->failed = failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED]);
    }
  self->unfinished = unfinished;
  self->paused = paused;
  if (was_paused != trove_download_batch_get_paused (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  if (was_finished != trove_download_batch_get_finished (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
job_state_cb (TroveDownloadBatch *self)
{
  recount (self);
}

static void
unplan (TroveDownloadBatch *self, const char *media_id)
{
  guint left = GPOINTER_TO_UINT (g_hash_table_lookup (self->planned, media_id));

  if (left > 1)
    g_hash_table_insert (self->planned, g_strdup (media_id), GUINT_TO_POINTER (left - 1));
  else
    g_hash_table_remove (self->planned, media_id);
}

void
trove_download_batch_add (TroveDownloadBatch *self, TroveDownload *job)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (self));
  g_return_if_fail (TROVE_IS_DOWNLOAD (job));

  if (g_hash_table_contains (self->set, job))
    return;

  g_hash_table_add (self->set, job);
  unplan (self, trove_media_get_id (trove_download_get_media (job)));
  g_ptr_array_add (self->jobs, g_object_ref (job));
  g_signal_connect_swapped (job, "notify::state", G_CALLBACK (job_state_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  recount (self);
}

void
trove_download_batch_plan (TroveDownloadBatch *self, const char *media_id)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (self));
  g_return_if_fail (media_id != NULL);

  /* A media sent to several chats has a job for each: each is planned. */
  g_hash_table_insert (self->planned, g_strdup (media_id),
                       GUINT_TO_POINTER (
                           GPOINTER_TO_UINT (g_hash_table_lookup (self->planned, media_id)) + 1));
}

void
trove_download_batch_forget_plan (TroveDownloadBatch *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (self));

  g_hash_table_remove_all (self->planned);
}

gboolean
trove_download_batch_contains (TroveDownloadBatch *self, TroveDownload *job)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_BATCH (self), FALSE);

  return g_hash_table_contains (self->set, job) ||
         g_hash_table_contains (self->planned, trove_media_get_id (trove_download_get_media (job)));
}

guint
trove_download_batch_get_total (TroveDownloadBatch *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_BATCH (self), 0);

  return self->jobs->len;
}

guint
trove_download_batch_get_done (TroveDownloadBatch *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_BATCH (self), 0);

  return self->done;
}

guint
trove_download_batch_get_failed (TroveDownloadBatch *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_BATCH (self), 0);

  return self->failed;
}

gboolean
trove_download_batch_get_paused (TroveDownloadBatch *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_BATCH (self), FALSE);

  return self->unfinished > 0 && self->paused == self->unfinished;
}

gboolean
trove_download_batch_get_finished (TroveDownloadBatch *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_BATCH (self), TRUE);

  return self->unfinished == 0;
}

/* Acts on a copy: each state change recounts, and a cancelled job may be dropped meanwhile. */
static void
for_each_job (TroveDownloadBatch *self, void (*action) (TroveDownload *job))
{
  g_autoptr (GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->jobs->len; i++)
    g_ptr_array_add (jobs, g_object_ref (g_ptr_array_index (self->jobs, i)));
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < jobs->len; i++)
    action (g_ptr_array_index (jobs, i));
  g_object_thaw_notify (G_OBJECT (self));
}

void
trove_download_batch_pause (TroveDownloadBatch *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (self));

  for_each_job (self, trove_download_pause);
}

void
trove_download_batch_resume (TroveDownloadBatch *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (self));

  for_each_job (self, trove_download_resume);
}

void
trove_download_batch_cancel (TroveDownloadBatch *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (self));

  for_each_job (self, trove_download_cancel);
}
