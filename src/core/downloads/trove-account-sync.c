/* trove-account-sync.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-account-sync.h"
#include "trove-chat.h"
#include "trove-error.h"
#include "trove-page-walk.h"

/* The archive's walk scope of syncs: their chats count as synced in full (chat_sync). */
#define SYNC_SCOPE "sync"

typedef struct
{
  TroveChat *chat;
  gint64 last_message_at;
  gboolean stop_at_known;   /* synced before: the newest items the archive has end the walk */
  gint64 synced_message_at; /* the chat's last message when it was last synced in full */
  TrovePageWalk *walk;
  char *token; /* of the page being listed */
  GHashTable *seen;
  guint n_listed;
  guint outstanding; /* jobs not finished */
  gboolean listed;
  gboolean failed;
} ChatVisit;

struct _TroveAccountSync
{
  GObject parent_instance;

  TroveProvider *provider;
  char *account_id;
  char *account_name;
  TroveDownloadArchive *archive;
  TroveDownloadQueue *queue;
  gboolean full;

  GTask *task;
  GCancellable *cancellable;
  TroveAccountSyncCounts counts;
  TrovePageWalk *chat_walk;
  char *chat_token; /* of the chat-list page being listed */
  GHashTable *chats_seen;
  GHashTable *unfinished_chats; /* chats with downloads an earlier run left unfinished */
  gint64 watermark;             /* from the last complete sync */
  gint64 new_watermark;         /* the newest chat seen now */
  gboolean chats_listed;
  gboolean incomplete; /* some chat is not synced: the watermark stays */
  GQueue to_visit;     /* ChatVisit */
  ChatVisit *visiting; /* whose media are being listed */
  GPtrArray *waiting;  /* ChatVisit listed, with jobs still running */
  GHashTable *jobs;    /* TroveDownload → GPtrArray of ChatVisit */
};

G_DEFINE_FINAL_TYPE (TroveAccountSync, trove_account_sync, G_TYPE_OBJECT)

enum
{
  CHAT_FAILED,
  DOWNLOAD_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void list_chats (TroveAccountSync *self, const char *token);
static void pump (TroveAccountSync *self);

static void
chat_visit_free (ChatVisit *visit)
{
  g_clear_object (&visit->chat);
  g_clear_pointer (&visit->walk, trove_page_walk_free);
  g_clear_pointer (&visit->token, g_free);
  g_clear_pointer (&visit->seen, g_hash_table_unref);
  g_free (visit);
}

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

  G_OBJECT_CLASS (trove_account_sync_parent_class)->dispose (object);
}

static void
trove_account_sync_finalize (GObject *object)
{
  TroveAccountSync *self = TROVE_ACCOUNT_SYNC (object);

  g_clear_object (&self->provider);
  g_clear_object (&self->archive);
  g_clear_object (&self->queue);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->account_name, g_free);
  g_clear_pointer (&self->chat_walk, trove_page_walk_free);
  g_clear_pointer (&self->chat_token, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->chats_seen, g_hash_table_unref);
  g_clear_pointer (&self->unfinished_chats, g_hash_table_unref);
  g_queue_clear_full (&self->to_visit, (GDestroyNotify) chat_visit_free);
  g_clear_pointer (&self->visiting, chat_visit_free);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);

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
  signals[DOWNLOAD_FINISHED] =
      g_signal_new ("download-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                    NULL, NULL, G_TYPE_NONE, 1, TROVE_TYPE_DOWNLOAD);
}

static void
trove_account_sync_init (TroveAccountSync *self)
{
  g_queue_init (&self->to_visit);
  self->chat_walk = trove_page_walk_new ();
  self->chats_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unfinished_chats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) chat_visit_free);
  self->jobs =
      g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) g_ptr_array_unref);
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
  self->full = full;

  return self;
}

const TroveAccountSyncCounts *
trove_account_sync_get_counts (TroveAccountSync *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_SYNC (self), NULL);

  return &self->counts;
}

static GCancellable *
get_cancellable (TroveAccountSync *self)
{
  return self->cancellable;
}

static gboolean
is_cancelled (TroveAccountSync *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

static void
finish (TroveAccountSync *self, GError *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->task);

  if (error == NULL && is_cancelled (self))
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!self->incomplete)
    {
      if (self->new_watermark > self->watermark)
        trove_download_archive_set_account_sync (self->archive, self->account_id,
                                                 self->new_watermark);
      trove_download_archive_end_walk (self->archive, self->account_id, SYNC_SCOPE);
    }
  g_task_return_boolean (task, TRUE);
}

/* A chat is synced once its listing and every download it asked for succeeded. */
static void
chat_settled (TroveAccountSync *self, ChatVisit *visit)
{
  if (visit->failed || is_cancelled (self))
    self->incomplete = TRUE;
  else
    trove_download_archive_walk_add_chat (self->archive, self->account_id, SYNC_SCOPE,
                                          trove_chat_get_id (visit->chat), TRUE,
                                          visit->last_message_at);
}

static void
maybe_finish (TroveAccountSync *self)
{
  if (self->task != NULL && self->chats_listed && self->visiting == NULL &&
      g_queue_is_empty (&self->to_visit) && self->waiting->len == 0)
    finish (self, NULL);
}

static void
job_state_cb (TroveDownload *job, GParamSpec *pspec, TroveAccountSync *self)
{
  TroveDownloadState state = trove_download_get_state (job);
  g_autoptr (GPtrArray) visits = NULL;
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
  g_hash_table_steal_extended (self->jobs, job, NULL, (gpointer *) &visits);
  g_signal_emit (self, signals[DOWNLOAD_FINISHED], 0, job);

  for (guint i = 0; visits != NULL && i < visits->len; i++)
    {
      ChatVisit *visit = g_ptr_array_index (visits, i);

      if (state != TROVE_DOWNLOAD_DONE)
        visit->failed = TRUE;
      if (--visit->outstanding == 0 && visit->listed)
        {
          chat_settled (self, visit);
          g_ptr_array_remove (self->waiting, visit);
        }
    }
  g_object_unref (job);

  maybe_finish (self);
}

static void
track_job (TroveAccountSync *self, ChatVisit *visit, TroveDownload *job)
{
  GPtrArray *visits = g_hash_table_lookup (self->jobs, job);

  if (visits == NULL)
    {
      visits = g_ptr_array_new ();
      g_hash_table_insert (self->jobs, g_object_ref (job), visits);
      g_signal_connect (job, "notify::state", G_CALLBACK (job_state_cb), self);
    }
  else
    self->counts.skipped++; /* queued for another chat already: fetched once */

  if (!g_ptr_array_find (visits, visit, NULL))
    {
      g_ptr_array_add (visits, visit);
      visit->outstanding++;
    }
}

/* Whether @media was there at the chat's last complete sync. Newer items the archive has may be
 * the newest of a sync that stopped or failed part way: older ones may still be missing. */
static gboolean
synced_before (ChatVisit *visit, TroveMedia *media)
{
  GDateTime *sent_at = trove_media_get_sent_at (media);

  return sent_at == NULL || g_date_time_to_unix (sent_at) < visit->synced_message_at;
}

/* Queues the page's items; FALSE once an item the archive has in this chat from before the
 * chat's last complete sync was reached (a media sent to many chats being in the archive for
 * another one says nothing about this one). */
static gboolean
take_media (TroveAccountSync *self, ChatVisit *visit, GPtrArray *items, guint *n_new)
{
  for (guint i = 0; i < items->len; i++)
    {
      TroveMedia *media = g_ptr_array_index (items, i);
      g_autofree char *already = NULL;
      TroveDownload *job;

      if (!g_hash_table_add (visit->seen, g_strdup (trove_media_get_id (media))))
        continue;
      (*n_new)++;

      if (trove_media_get_locked (media))
        {
          self->counts.locked++;
          continue;
        }

      if (visit->stop_at_known && !self->full && synced_before (visit, media) &&
          (already = trove_download_archive_lookup_in_chat (self->archive, self->account_id,
                                                            trove_media_get_id (media),
                                                            trove_chat_get_id (visit->chat))) !=
              NULL)
        {
          self->counts.skipped++;
          return FALSE;
        }

      job = trove_download_queue_add (self->queue, self->provider, self->account_id,
                                      self->account_name, trove_chat_get_display_name (visit->chat),
                                      media, NULL);
      if (job == NULL)
        self->counts.skipped++;
      else
        track_job (self, visit, job);
    }

  return TRUE;
}

static void
visit_listed (TroveAccountSync *self)
{
  ChatVisit *visit = g_steal_pointer (&self->visiting);

  visit->listed = TRUE;
  if (visit->outstanding == 0)
    {
      chat_settled (self, visit);
      chat_visit_free (visit);
    }
  else
    g_ptr_array_add (self->waiting, visit);

  pump (self);
}

static void list_media (TroveAccountSync *self, const char *token);

static void
media_listed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveAccountSync) self = user_data;
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;
  ChatVisit *visit = self->visiting;
  const char *next;
  guint n_new = 0;

  page = trove_provider_list_finish (TROVE_PROVIDER (object), result, &error);
  if (page == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->incomplete = TRUE;
          g_clear_pointer (&self->visiting, chat_visit_free);
          g_queue_clear_full (&self->to_visit, (GDestroyNotify) chat_visit_free);
          maybe_finish (self);
          return;
        }

      self->counts.chats_failed++;
      g_signal_emit (self, signals[CHAT_FAILED], 0, visit->chat, error);
      /* A chat the service no longer has stays gone: reported once, not visited again until
       * it has a new message. Any other failure is tried again next time. */
      if (!g_error_matches (error, TROVE_ERROR, TROVE_ERROR_NOT_FOUND))
        visit->failed = TRUE;
      visit_listed (self);
      return;
    }

  next = trove_page_get_next_token (page);
  if (take_media (self, visit, trove_page_get_items (page), &n_new))
    {
      visit->n_listed += n_new;
      if (next != NULL &&
          trove_page_walk_take (visit->walk, visit->token, n_new, visit->n_listed, next, NULL))
        {
          list_media (self, next);
          return;
        }
    }

  visit_listed (self);
}

static void
list_media (TroveAccountSync *self, const char *token)
{
  ChatVisit *visit = self->visiting;

  g_free (visit->token);
  visit->token = g_strdup (token);
  trove_provider_list_media_async (self->provider, trove_chat_get_id (visit->chat),
                                   TROVE_MEDIA_KIND_UNKNOWN, token, get_cancellable (self),
                                   media_listed_cb, g_object_ref (self));
}

/* Lists one chat's media at a time; their downloads run in the queue meanwhile. */
static void
pump (TroveAccountSync *self)
{
  if (self->task == NULL || self->visiting != NULL)
    return;

  if (is_cancelled (self))
    g_queue_clear_full (&self->to_visit, (GDestroyNotify) chat_visit_free);

  self->visiting = g_queue_pop_head (&self->to_visit);
  if (self->visiting == NULL)
    {
      maybe_finish (self);
      return;
    }

  self->counts.chats_visited++;
  list_media (self, NULL);
}

/* Whether the walk over the chat list goes on past @chat. */
static gboolean
take_chat (TroveAccountSync *self, TroveChat *chat)
{
  GDateTime *time = trove_chat_get_last_message_at (chat);
  gint64 last_message_at = time ? g_date_time_to_unix (time) : 0;
  gint64 synced_message_at = 0;
  gboolean synced;
  gboolean unfinished;
  ChatVisit *visit;

  /* Ordered by last message: every chat from here on was synced by the last complete sync. */
  if (!self->full && self->watermark > 0 && last_message_at <= self->watermark)
    return FALSE;

  self->counts.chats_listed++;
  self->new_watermark = MAX (self->new_watermark, last_message_at);
  synced =
      trove_download_archive_get_chat_sync (self->archive, self->account_id,
                                            trove_chat_get_id (chat), NULL, &synced_message_at);
  /* A download that failed or was stopped: its chat is walked in full until it is fetched. */
  unfinished = g_hash_table_contains (self->unfinished_chats, trove_chat_get_id (chat));
  if (!self->full && synced && !unfinished && last_message_at <= synced_message_at)
    return TRUE;

  visit = g_new0 (ChatVisit, 1);
  visit->chat = g_object_ref (chat);
  visit->last_message_at = last_message_at;
  visit->stop_at_known = synced && !unfinished;
  visit->synced_message_at = synced_message_at;
  visit->walk = trove_page_walk_new ();
  visit->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_push_tail (&self->to_visit, visit);

  return TRUE;
}

static void
chats_listed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveAccountSync) self = user_data;
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *items;
  gboolean more = TRUE;
  guint n_new = 0;
  const char *next;

  page = trove_provider_list_finish (TROVE_PROVIDER (object), result, &error);
  if (page == NULL)
    {
      /* Without the chat list nothing is known; what was queued still finishes first. */
      self->chats_listed = TRUE;
      self->incomplete = TRUE;
      g_queue_clear_full (&self->to_visit, (GDestroyNotify) chat_visit_free);
      if (self->visiting == NULL && self->waiting->len == 0)
        finish (self, g_steal_pointer (&error));
      else
        g_task_return_error (g_steal_pointer (&self->task), g_steal_pointer (&error));
      return;
    }

  items = trove_page_get_items (page);
  for (guint i = 0; i < items->len && more; i++)
    {
      TroveChat *chat = g_ptr_array_index (items, i);

      if (!g_hash_table_add (self->chats_seen, g_strdup (trove_chat_get_id (chat))))
        continue;
      n_new++;
      more = take_chat (self, chat);
    }

  next = trove_page_get_next_token (page);
  if (more && next != NULL && !is_cancelled (self) &&
      trove_page_walk_take (self->chat_walk, self->chat_token, n_new,
                            g_hash_table_size (self->chats_seen), next, &error))
    list_chats (self, next);
  else
    {
      if (error != NULL)
        self->incomplete = TRUE; /* the service paged in circles: some chats may be unseen */
      self->chats_listed = TRUE;
    }

  pump (self);
}

static void
list_chats (TroveAccountSync *self, const char *token)
{
  g_free (self->chat_token);
  self->chat_token = g_strdup (token);
  trove_provider_list_chats_async (self->provider, NULL, token, get_cancellable (self),
                                   chats_listed_cb, g_object_ref (self));
}

static void
find_unfinished_chats (TroveAccountSync *self)
{
  g_autoptr (GPtrArray) pending = trove_download_archive_list_pending (self->archive);

  for (guint i = 0; i < pending->len; i++)
    {
      TroveDownloadPending *row = g_ptr_array_index (pending, i);

      if (g_strcmp0 (row->account_id, self->account_id) == 0 && row->chat_id != NULL)
        g_hash_table_add (self->unfinished_chats, g_strdup (row->chat_id));
    }
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
  self->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();

  self->watermark =
      self->full ? 0 : trove_download_archive_get_account_sync (self->archive, self->account_id);
  trove_download_archive_begin_walk (self->archive, self->account_id, SYNC_SCOPE);
  find_unfinished_chats (self);
  list_chats (self, NULL);
}

gboolean
trove_account_sync_run_finish (TroveAccountSync *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
