/* trove-account-sync.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-account-sync.h"
#include "trove-account-walk.h"
#include "trove-chat.h"

/* A chat whose new items are downloading: finished in the walk once all succeeded. */
typedef struct
{
  TroveChat *chat;
  guint outstanding; /* jobs not finished */
  gboolean failed;
} ChatJobs;

struct _TroveAccountSync
{
  GObject parent_instance;

  TroveProvider *provider;
  char *account_id;
  char *account_name;
  TroveDownloadArchive *archive;
  TroveDownloadQueue *queue;

  TroveAccountWalk *walk;
  GTask *task;
  TroveAccountSyncCounts counts;
  guint skipped; /* items skipped here; the walk adds those it stopped at */
  gboolean walked;
  GError *walk_error;
  GError *incomplete;  /* the chat list cut short */
  guint chats_waiting; /* chats listed, with jobs still running */
  GHashTable *jobs;    /* TroveDownload → GPtrArray of ChatJobs */
};

G_DEFINE_FINAL_TYPE (TroveAccountSync, trove_account_sync, G_TYPE_OBJECT)

enum
{
  CHAT_FAILED,
  CHAT_INCOMPLETE,
  DOWNLOAD_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void job_state_cb (TroveDownload *job, GParamSpec *pspec, TroveAccountSync *self);

static void
trove_account_sync_dispose (GObject *object)
{
  TroveAccountSync *self = TROVE_ACCOUNT_SYNC (object);
  GHashTableIter iter;
  gpointer job;

  if (self->jobs != NULL)
    {
      g_hash_table_iter_init (&iter, self->jobs);
      while (g_hash_table_iter_next (&iter, &job, NULL))
        g_signal_handlers_disconnect_by_func (job, job_state_cb, self);
      g_clear_pointer (&self->jobs, g_hash_table_unref);
    }
  if (self->walk != NULL)
    g_signal_handlers_disconnect_by_data (self->walk, self);

  G_OBJECT_CLASS (trove_account_sync_parent_class)->dispose (object);
}

static void
trove_account_sync_finalize (GObject *object)
{
  TroveAccountSync *self = TROVE_ACCOUNT_SYNC (object);

  g_clear_object (&self->provider);
  g_clear_object (&self->archive);
  g_clear_object (&self->queue);
  g_clear_object (&self->walk);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->account_name, g_free);
  g_clear_error (&self->walk_error);
  g_clear_error (&self->incomplete);

  G_OBJECT_CLASS (trove_account_sync_parent_class)->finalize (object);
}

static void
trove_account_sync_class_init (TroveAccountSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = trove_account_sync_dispose;
  object_class->finalize = trove_account_sync_finalize;

  signals[CHAT_FAILED] =
      g_signal_new ("chat-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, TROVE_TYPE_CHAT, G_TYPE_ERROR);
  signals[CHAT_INCOMPLETE] =
      g_signal_new ("chat-incomplete", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, TROVE_TYPE_CHAT, G_TYPE_ERROR);
  signals[DOWNLOAD_FINISHED] =
      g_signal_new ("download-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, TROVE_TYPE_DOWNLOAD);
}

static void
trove_account_sync_init (TroveAccountSync *self)
{
  self->jobs =
      g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) g_ptr_array_unref);
}

static gboolean
chat_listed_cb (TroveAccountWalk *walk, TroveChat *chat, GPtrArray *media, TroveAccountSync *self);

static void
chat_failed_cb (TroveAccountWalk *walk, TroveChat *chat, GError *error, TroveAccountSync *self)
{
  g_signal_emit (self, signals[CHAT_FAILED], 0, chat, error);
}

static void
chat_incomplete_cb (TroveAccountWalk *walk,
                    TroveChat *chat,
                    GError *incomplete,
                    TroveAccountSync *self)
{
  g_signal_emit (self, signals[CHAT_INCOMPLETE], 0, chat, incomplete);
}

TroveAccountSync *
trove_account_sync_new (TroveProvider *provider,
                        const char *account_id,
                        const char *account_name,
                        TroveDownloadArchive *archive,
                        TroveDownloadQueue *queue,
                        gboolean full)
{
  TroveAccountSync *self;

  g_return_val_if_fail (TROVE_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ARCHIVE (archive), NULL);
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_QUEUE (queue), NULL);

  self = g_object_new (TROVE_TYPE_ACCOUNT_SYNC, NULL);
  self->provider = g_object_ref (provider);
  self->account_id = g_strdup (account_id);
  self->account_name = g_strdup (account_name);
  self->archive = g_object_ref (archive);
  self->queue = g_object_ref (queue);

  self->walk = trove_account_walk_new (provider, account_id, archive);
  trove_account_walk_set_sync (self->walk, TRUE);
  trove_account_walk_set_full (self->walk, full);
  g_signal_connect (self->walk, "chat-listed", G_CALLBACK (chat_listed_cb), self);
  g_signal_connect (self->walk, "chat-failed", G_CALLBACK (chat_failed_cb), self);
  g_signal_connect (self->walk, "chat-incomplete", G_CALLBACK (chat_incomplete_cb), self);

  return self;
}

const TroveAccountSyncCounts *
trove_account_sync_get_counts (TroveAccountSync *self)
{
  TroveAccountWalkCounts walked;

  g_return_val_if_fail (TROVE_IS_ACCOUNT_SYNC (self), NULL);

  trove_account_walk_get_counts (self->walk, &walked);
  self->counts.chats_listed = walked.chats;
  self->counts.chats_visited = walked.listed + walked.failed;
  self->counts.chats_failed = walked.failed;
  self->counts.chats_incomplete = walked.incomplete;
  self->counts.skipped = self->skipped + walked.known;

  return &self->counts;
}

static void
maybe_finish (TroveAccountSync *self)
{
  g_autoptr (GTask) task = NULL;

  if (self->task == NULL || !self->walked || self->chats_waiting > 0)
    return;

  task = g_steal_pointer (&self->task);
  if (self->walk_error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->walk_error));
  else
    g_task_return_boolean (task, TRUE);
}

/* A chat is synced once its listing and every download it asked for succeeded. */
static void
chat_jobs_settle (TroveAccountSync *self, ChatJobs *state)
{
  if (!state->failed)
    trove_account_walk_chat_finished (self->walk, state->chat);
  g_object_unref (state->chat);
  g_free (state);
  self->chats_waiting--;
}

static void
job_state_cb (TroveDownload *job, GParamSpec *pspec, TroveAccountSync *self)
{
  TroveDownloadState state = trove_download_get_state (job);
  g_autoptr (GPtrArray) waiting = NULL;
  g_autoptr (TroveAccountSync) hold = g_object_ref (self);

  if (state != TROVE_DOWNLOAD_DONE && state != TROVE_DOWNLOAD_FAILED &&
      state != TROVE_DOWNLOAD_CANCELLED)
    return;

  if (state == TROVE_DOWNLOAD_DONE && trove_download_get_deduplicated (job))
    self->counts.deduplicated++;
  else if (state == TROVE_DOWNLOAD_DONE)
    self->counts.downloaded++;
  else if (state == TROVE_DOWNLOAD_FAILED)
    self->counts.failed++;

  g_signal_handlers_disconnect_by_func (job, job_state_cb, self);
  g_hash_table_steal_extended (self->jobs, job, NULL, (gpointer *) &waiting);
  g_signal_emit (self, signals[DOWNLOAD_FINISHED], 0, job);

  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      ChatJobs *state_of_chat = g_ptr_array_index (waiting, i);

      if (state != TROVE_DOWNLOAD_DONE)
        state_of_chat->failed = TRUE;
      if (--state_of_chat->outstanding == 0)
        chat_jobs_settle (self, state_of_chat);
    }
  g_object_unref (job);

  maybe_finish (self);
}

static void
track_job (TroveAccountSync *self, ChatJobs *state, TroveDownload *job)
{
  GPtrArray *waiting = g_hash_table_lookup (self->jobs, job);

  if (waiting == NULL)
    {
      waiting = g_ptr_array_new ();
      g_hash_table_insert (self->jobs, g_object_ref (job), waiting);
      g_signal_connect (job, "notify::state", G_CALLBACK (job_state_cb), self);
    }
  else
    self->skipped++; /* queued for another chat already: fetched once */

  if (!g_ptr_array_find (waiting, state, NULL))
    {
      g_ptr_array_add (waiting, state);
      state->outstanding++;
    }
}

/* Queues what the walk listed of @chat: its new items, newest first. */
static gboolean
chat_listed_cb (TroveAccountWalk *walk, TroveChat *chat, GPtrArray *media, TroveAccountSync *self)
{
  ChatJobs *state = g_new0 (ChatJobs, 1);

  state->chat = g_object_ref (chat);
  state->outstanding = 1; /* the listing's own hold, dropped below */
  self->chats_waiting++;

  for (guint i = 0; i < media->len; i++)
    {
      TroveMedia *item = g_ptr_array_index (media, i);
      TroveDownload *job;

      if (trove_media_get_locked (item))
        {
          self->counts.locked++;
          continue;
        }

      job = trove_download_queue_add (self->queue, self->provider, self->account_id,
                                      self->account_name, trove_chat_get_display_name (chat), item,
                                      NULL);
      if (job == NULL)
        self->skipped++;
      else
        track_job (self, state, job);
    }

  if (state->outstanding == 1)
    {
      /* Nothing to wait for: finished as it stands. */
      g_object_unref (state->chat);
      g_free (state);
      self->chats_waiting--;
      return TRUE;
    }

  state->outstanding--;
  return FALSE;
}

static void
walked_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveAccountSync) self = user_data;

  trove_account_walk_run_finish (TROVE_ACCOUNT_WALK (object), result, &self->incomplete,
                                 &self->walk_error);
  self->walked = TRUE;
  maybe_finish (self);
}

void
trove_account_sync_run_async (TroveAccountSync *self,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_SYNC (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, trove_account_sync_run_async);
  self->counts = (TroveAccountSyncCounts){ 0 };
  self->skipped = 0;
  self->walked = FALSE;
  g_clear_error (&self->walk_error);
  g_clear_error (&self->incomplete);

  trove_account_walk_run_async (self->walk, cancellable, walked_cb, g_object_ref (self));
}

gboolean
trove_account_sync_run_finish (TroveAccountSync *self,
                               GAsyncResult *result,
                               GError **incomplete,
                               GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (incomplete != NULL && self->incomplete != NULL)
    *incomplete = g_error_copy (self->incomplete);

  return g_task_propagate_boolean (G_TASK (result), error);
}
