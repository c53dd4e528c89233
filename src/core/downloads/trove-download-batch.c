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
  guint done_before; /* by the sessions before */
  gboolean held;     /* pause() and not resume() since */
  gboolean cancelled;

  /* Kept in the archive (keep()): */
  TroveDownloadArchive *archive;
  char *account_id;
  char *scope;
  GHashTable *chats;     /* chat id -> ChatJobs */
  GHashTable *job_chats; /* TroveDownload -> its ChatJobs */
  guint open_chats;      /* handed over, not finished */
  gboolean listed;
};

/* A chat handed over, and the jobs it waits for. */
typedef struct
{
  TroveChat *chat;
  GPtrArray *jobs;
  gboolean finished;
} ChatJobs;

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
  PROP_CANCELLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void job_state_cb (TroveDownloadBatch *self, GParamSpec *pspec, TroveDownload *job);

static void
chat_jobs_free (ChatJobs *chat_jobs)
{
  g_object_unref (chat_jobs->chat);
  g_ptr_array_unref (chat_jobs->jobs);
  g_free (chat_jobs);
}

static void
trove_download_batch_dispose (GObject *object)
{
  TroveDownloadBatch *self = TROVE_DOWNLOAD_BATCH (object);

  for (guint i = 0; self->jobs != NULL && i < self->jobs->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->jobs, i), job_state_cb, self);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_pointer (&self->set, g_hash_table_unref);
  g_clear_pointer (&self->planned, g_hash_table_unref);
  g_clear_pointer (&self->job_chats, g_hash_table_unref);
  g_clear_pointer (&self->chats, g_hash_table_unref);
  g_clear_object (&self->archive);

  G_OBJECT_CLASS (trove_download_batch_parent_class)->dispose (object);
}

static void
trove_download_batch_finalize (GObject *object)
{
  TroveDownloadBatch *self = TROVE_DOWNLOAD_BATCH (object);

  g_free (self->title);
  g_free (self->account_id);
  g_free (self->scope);

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
      g_value_set_uint (value, trove_download_batch_get_done (self));
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

    case PROP_CANCELLED:
      g_value_set_boolean (value, self->cancelled);
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
  properties[PROP_CANCELLED] = g_param_spec_boolean ("cancelled", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_download_batch_init (TroveDownloadBatch *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->set = g_hash_table_new (NULL, NULL);
  self->planned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->chats =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) chat_jobs_free);
  self->job_chats = g_hash_table_new (NULL, NULL);
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

/* Whatever changes the paused or finished state but the jobs'. */
static void
change_state (TroveDownloadBatch *self, gboolean *field, gboolean value)
{
  gboolean was_paused = trove_download_batch_get_paused (self);
  gboolean was_finished = trove_download_batch_get_finished (self);

  *field = value;
  if (was_paused != trove_download_batch_get_paused (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  if (was_finished != trove_download_batch_get_finished (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
}

/* Every chat handed over is finished: the batch is done with, in the archive too. */
static void
maybe_end (TroveDownloadBatch *self)
{
  if (self->archive == NULL || !self->listed || self->open_chats > 0 || self->cancelled)
    return;
  trove_download_archive_end_walk (self->archive, self->account_id, self->scope);
  trove_download_archive_remove_pending_batch (self->archive, self->account_id, self->scope);
  g_clear_object (&self->archive);
}

static void
check_chat (TroveDownloadBatch *self, ChatJobs *chat_jobs)
{
  GDateTime *last;

  if (chat_jobs->finished || self->archive == NULL)
    return;
  for (guint i = 0; i < chat_jobs->jobs->len; i++)
    if (trove_download_get_state (g_ptr_array_index (chat_jobs->jobs, i)) != TROVE_DOWNLOAD_DONE)
      return;

  chat_jobs->finished = TRUE;
  self->open_chats--;
  last = trove_chat_get_last_message_at (chat_jobs->chat);
  /* Downloaded in full: a sync after it need not visit the chat until it changes. */
  trove_download_archive_walk_add_chat (self->archive, self->account_id, self->scope,
                                        trove_chat_get_id (chat_jobs->chat), TRUE,
                                        last ? g_date_time_to_unix (last) : 0);
  maybe_end (self);
}

static void
job_state_cb (TroveDownloadBatch *self, GParamSpec *pspec, TroveDownload *job)
{
  ChatJobs *chat_jobs = g_hash_table_lookup (self->job_chats, job);

  /* Counted in the archive as it happens: a session after a crash goes on from there. */
  if (self->archive != NULL && trove_download_get_state (job) == TROVE_DOWNLOAD_DONE)
    trove_download_archive_count_pending_batch_done (self->archive, self->account_id, self->scope);
  recount (self);
  if (chat_jobs != NULL)
    check_chat (self, chat_jobs);
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
  if (self->held)
    trove_download_pause (job);
  recount (self);
}

void
trove_download_batch_keep (TroveDownloadBatch *self,
                           TroveDownloadArchive *archive,
                           const char *account_id,
                           const char *scope,
                           gboolean anew)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (self));
  g_return_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (archive));
  g_return_if_fail (self->archive == NULL);

  g_set_object (&self->archive, archive);
  self->account_id = g_strdup (account_id);
  self->scope = g_strdup (scope);
  if (anew)
    {
      trove_download_archive_end_walk (archive, account_id, scope);
      trove_download_archive_begin_walk (archive, account_id, scope);
      trove_download_archive_add_pending_batch (archive, account_id, scope, self->title);
    }
  /* Not finished before every chat is handed over. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
}

void
trove_download_batch_add_chat (TroveDownloadBatch *self, TroveChat *chat, GPtrArray *jobs)
{
  ChatJobs *chat_jobs;
  ChatJobs *before;

  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (self));
  g_return_if_fail (TROVE_IS_CHAT (chat));

  if (self->archive == NULL)
    return;

  /* Handed over again (a walk taken up after a pause): its jobs now are these. */
  before = g_hash_table_lookup (self->chats, trove_chat_get_id (chat));
  if (before != NULL && !before->finished)
    self->open_chats--;
  for (guint i = 0; before != NULL && i < before->jobs->len; i++)
    if (g_hash_table_lookup (self->job_chats, g_ptr_array_index (before->jobs, i)) == before)
      g_hash_table_remove (self->job_chats, g_ptr_array_index (before->jobs, i));

  chat_jobs = g_new0 (ChatJobs, 1);
  chat_jobs->chat = g_object_ref (chat);
  chat_jobs->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      g_ptr_array_add (chat_jobs->jobs, g_object_ref (g_ptr_array_index (jobs, i)));
      g_hash_table_insert (self->job_chats, g_ptr_array_index (jobs, i), chat_jobs);
    }
  g_hash_table_insert (self->chats, g_strdup (trove_chat_get_id (chat)), chat_jobs);
  self->open_chats++;
  check_chat (self, chat_jobs);
}

void
trove_download_batch_set_listed (TroveDownloadBatch *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (self));

  change_state (self, &self->listed, TRUE);
  maybe_end (self);
}

gboolean
trove_download_batch_get_cancelled (TroveDownloadBatch *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_BATCH (self), FALSE);

  return self->cancelled;
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

  return self->done_before + self->jobs->len;
}

guint
trove_download_batch_get_done (TroveDownloadBatch *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_BATCH (self), 0);

  return self->done_before + self->done;
}

void
trove_download_batch_set_done_before (TroveDownloadBatch *self, guint done)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (self));

  if (self->done_before == done)
    return;
  self->done_before = done;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
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

  return !self->cancelled &&
         (self->held || (self->unfinished > 0 && self->paused == self->unfinished));
}

gboolean
trove_download_batch_get_finished (TroveDownloadBatch *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_BATCH (self), TRUE);

  /* A batch kept across restarts may still be listing chats, jobs to come. */
  return self->unfinished == 0 && (self->archive == NULL || self->listed || self->cancelled);
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

  if (self->archive != NULL)
    trove_download_archive_set_pending_batch_paused (self->archive, self->account_id, self->scope,
                                                     TRUE);
  g_object_freeze_notify (G_OBJECT (self));
  change_state (self, &self->held, TRUE);
  for_each_job (self, trove_download_pause);
  g_object_thaw_notify (G_OBJECT (self));
}

void
trove_download_batch_resume (TroveDownloadBatch *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (self));

  if (self->archive != NULL)
    trove_download_archive_set_pending_batch_paused (self->archive, self->account_id, self->scope,
                                                     FALSE);
  g_object_freeze_notify (G_OBJECT (self));
  change_state (self, &self->held, FALSE);
  for_each_job (self, trove_download_resume);
  g_object_thaw_notify (G_OBJECT (self));
}

void
trove_download_batch_cancel (TroveDownloadBatch *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (self));

  /* Forgotten for good: a restart does not bring it back. */
  if (self->archive != NULL)
    {
      trove_download_archive_end_walk (self->archive, self->account_id, self->scope);
      trove_download_archive_remove_pending_batch (self->archive, self->account_id, self->scope);
    }
  g_object_freeze_notify (G_OBJECT (self));
  if (!self->cancelled)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANCELLED]);
  change_state (self, &self->cancelled, TRUE);
  g_clear_object (&self->archive);
  for_each_job (self, trove_download_cancel);
  g_object_thaw_notify (G_OBJECT (self));
}
