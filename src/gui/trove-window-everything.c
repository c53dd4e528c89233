/* trove-window-everything.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account menu's "Download Everything…": every chat of the account is listed first (the
 * confirmation states real counts), then what is missing is queued as one batch that the
 * downloads popover shows, pauses, resumes and cancels as one entry.
 *
 * The batch is kept in the archive until every chat is done: quitting (or a crash) in the middle
 * leaves it there, and the next start shows the same entry again and walks on over the chats
 * not finished (trove_window_resume_everything()).
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-walk.h"
#include "trove-window-private.h"

/* The archive's name for the walk of a Download Everything: kept apart from trove-cli's, so
 * that neither takes up the other's interrupted run. */
#define EVERYTHING_SCOPE "window-everything"

/* A Download Everything under way: its batch and, for one taken up after a restart, the walk
 * over the chats it had not finished. It lives as long as the batch. */
typedef struct
{
  TroveWindow *window;       /* weak */
  TroveDownloadBatch *batch; /* owns this; NULL once gone */
  TroveDownloadQueue *queue;
  TroveProvider *provider;
  char *account_id;
  char *account_name;
  TroveAccountWalk *walk;    /* NULL: the confirmation's count listed the chats */
  GCancellable *cancellable; /* of the walk running; NULL when none */
  gboolean listed;
} Run;

static void
run_clear (Run *run)
{
  if (run->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (run->window), (gpointer *) &run->window);
  g_clear_object (&run->queue);
  g_clear_object (&run->provider);
  g_clear_object (&run->walk);
  g_clear_object (&run->cancellable);
  g_free (run->account_id);
  g_free (run->account_name);
}

static void
run_release (Run *run)
{
  g_rc_box_release_full (run, (GDestroyNotify) run_clear);
}

static GHashTable *
runs_of (TroveWindow *self)
{
  if (self->everything_runs == NULL)
    self->everything_runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self->everything_runs;
}

/* The batch went: its walk stops. */
static void
run_detach (gpointer data, GObject *where_the_batch_was)
{
  Run *run = data;

  /* A window being disposed has dropped its table already. */
  if (run->window != NULL && run->window->everything_runs != NULL &&
      g_hash_table_lookup (run->window->everything_runs, run->account_id) == run)
    g_hash_table_remove (run->window->everything_runs, run->account_id);
  if (run->walk != NULL)
    g_signal_handlers_disconnect_by_data (run->walk, run);
  if (run->cancellable != NULL)
    g_cancellable_cancel (run->cancellable);
  run->batch = NULL;
  run_release (run);
}

static void run_walk (Run *run);

static gboolean
run_chat_listed_cb (TroveAccountWalk *walk, TroveChat *chat, GPtrArray *media, Run *run)
{
  g_autoptr (GPtrArray) jobs = g_ptr_array_new ();

  if (run->batch == NULL || trove_download_batch_get_cancelled (run->batch))
    return FALSE;

  for (guint i = 0; i < media->len; i++)
    {
      g_autofree char *already = NULL;
      TroveDownload *job;

      if (trove_media_get_locked (g_ptr_array_index (media, i)))
        continue;
      /* A job restored from the last session is this one again. */
      job = trove_download_queue_add (run->queue, run->provider, run->account_id, run->account_name,
                                      trove_chat_get_display_name (chat),
                                      g_ptr_array_index (media, i), &already);
      if (job == NULL)
        continue;
      trove_download_batch_add (run->batch, job);
      g_ptr_array_add (jobs, job);
    }
  trove_download_batch_add_chat (run->batch, chat, jobs);

  /* The batch records the chat once its jobs are done. */
  return FALSE;
}

static void
run_walked_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) incomplete = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok =
      trove_account_walk_run_finish (TROVE_ACCOUNT_WALK (object), result, &incomplete, &error);

  g_clear_object (&run->cancellable);
  if (run->batch != NULL && ok && incomplete == NULL)
    {
      run->listed = TRUE;
      trove_download_batch_set_listed (run->batch);
    }
  else if (run->batch != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Stopped by a pause: resumed meanwhile, it goes on. */
    run_walk (run);
  else if (run->batch != NULL && run->window != NULL)
    /* The chats left are listed again by the next start. */
    _trove_window_toast (run->window, error ? error->message : incomplete->message);

  run_release (run);
}

/* Walks on over the chats not finished, unless paused: a paused batch spends nothing. */
static void
run_walk (Run *run)
{
  if (run->batch == NULL || run->walk == NULL || run->listed || run->cancellable != NULL ||
      trove_download_batch_get_cancelled (run->batch) ||
      trove_download_batch_get_paused (run->batch))
    return;

  run->cancellable = g_cancellable_new ();
  trove_account_walk_run_async (run->walk, run->cancellable, run_walked_cb, g_rc_box_acquire (run));
}

static void
run_paused_cb (Run *run)
{
  if (run->batch == NULL)
    return;
  if (trove_download_batch_get_paused (run->batch) ||
      trove_download_batch_get_cancelled (run->batch))
    {
      if (run->cancellable != NULL)
        g_cancellable_cancel (run->cancellable);
    }
  else
    run_walk (run);
}

static Run *
run_new (TroveWindow *window,
         TroveDownloadBatch *batch,
         TroveProvider *provider,
         const char *account_id,
         const char *account_name)
{
  Run *run = g_rc_box_new0 (Run);

  run->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &run->window);
  run->batch = batch;
  run->queue = g_object_ref (window->downloads);
  run->provider = g_object_ref (provider);
  run->account_id = g_strdup (account_id);
  run->account_name = g_strdup (account_name);
  /* The batch owns the run: its reference goes with the batch. */
  g_object_weak_ref (G_OBJECT (batch), run_detach, run);
  g_hash_table_insert (runs_of (window), g_strdup (account_id), run);
  g_signal_connect_swapped (batch, "notify::paused", G_CALLBACK (run_paused_cb), run);
  g_signal_connect_swapped (batch, "notify::cancelled", G_CALLBACK (run_paused_cb), run);
  return run;
}

typedef struct
{
  TroveWindow *window;
  TroveProvider *provider;
  char *account_id;
  char *account_name;
  char *title; /* the account as the window names it */
  TroveDownloadArchive *archive;
  TroveAccountWalk *walk;
  GCancellable *cancellable;
  AdwMessageDialog *dialog;
  GPtrArray *chats;    /* TroveChat, with their wanted items in @wanted */
  GPtrArray *wanted;   /* GPtrArray of TroveMedia per chat */
  GHashTable *seen;    /* media ids counted (a mass message's media, once) */
  guint items;         /* distinct media */
  guint already;       /* in the archive */
  guint locked;        /* not downloadable */
  gint64 used_from;    /* the credits spent before counting */
  gint64 paid_credits; /* what the files to fetch would cost through the paid endpoint */
  guint unknown_sizes; /* files to fetch whose size it does not */
  gboolean counted;
  gboolean cut_short; /* the chat list ended early: not every chat was counted */
} Everything;

static void
everything_clear (Everything *all)
{
  if (all->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (all->dialog), (gpointer *) &all->dialog);
  g_clear_object (&all->cancellable);
  g_clear_object (&all->walk);
  g_clear_object (&all->archive);
  g_clear_object (&all->provider);
  g_clear_object (&all->window);
  g_clear_pointer (&all->chats, g_ptr_array_unref);
  g_clear_pointer (&all->wanted, g_ptr_array_unref);
  g_clear_pointer (&all->seen, g_hash_table_unref);
  g_free (all->account_id);
  g_free (all->account_name);
  g_free (all->title);
}

static void
everything_release (Everything *all)
{
  g_rc_box_release_full (all, (GDestroyNotify) everything_clear);
}

/* The dialog closed: a count still running stops. */
static void
dialog_gone (gpointer data, GClosure *closure)
{
  Everything *all = data;

  g_cancellable_cancel (all->cancellable);
  everything_release (all);
}

static void
count_bytes (Everything *all, TroveMedia *item)
{
  const TroveMediaVariant *main_variant = trove_media_get_variant (item, TROVE_VARIANT_MAIN);

  /* Billed per file, rounded up. */
  if (main_variant != NULL && main_variant->size > 0)
    all->paid_credits += (3 * main_variant->size + 999999) / 1000000;
  else
    all->unknown_sizes++;
}

static gboolean
chat_listed_cb (TroveAccountWalk *walk, TroveChat *chat, GPtrArray *media, Everything *all)
{
  g_autoptr (GPtrArray) wanted = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < media->len; i++)
    {
      TroveMedia *item = g_ptr_array_index (media, i);
      const char *id = trove_media_get_id (item);
      g_autofree char *path = NULL;

      if (trove_media_get_locked (item))
        {
          all->locked += g_hash_table_add (all->seen, g_strdup (id));
          continue;
        }
      if (g_hash_table_add (all->seen, g_strdup (id)))
        {
          all->items++;
          path = all->archive ? trove_download_archive_lookup (all->archive, all->account_id, id)
                              : NULL;
          if (path != NULL)
            {
              all->already++;
              continue;
            }
          count_bytes (all, item);
        }
      /* A media in several chats: the queue fetches it once and places it in each. */
      g_ptr_array_add (wanted, g_object_ref (item));
    }

  g_ptr_array_add (all->chats, g_object_ref (chat));
  g_ptr_array_add (all->wanted, g_steal_pointer (&wanted));
  return TRUE;
}

/* OnlyFansAPI bills each listing page, which the count has spent already; files come from its
 * CDN for free, or at 3 credits per MB (decimal) through its download endpoint where the CDN
 * refuses them. */
static void
append_credits (Everything *all, GString *body)
{
  gint64 spent =
      trove_rate_governor_get_credits_used (trove_provider_get_rate_governor (all->provider)) -
      all->used_from;
  g_autofree char *paid = g_strdup_printf ("%'" G_GINT64_FORMAT, all->paid_credits);
  g_autofree char *spent_text = g_strdup_printf ("%'" G_GINT64_FORMAT, spent);

  g_string_append_c (body, '\n');
  g_string_append_printf (body, _ ("Counting cost %s credits."), spent_text);
  g_string_append_c (body, '\n');
  if (all->unknown_sizes > 0)
    /* Translators: %s is a number of credits. */
    g_string_append_printf (body,
                            _ ("Estimated credits: none from the CDN, at least %s through the paid "
                               "download endpoint."),
                            paid);
  else
    /* Translators: %s is a number of credits. */
    g_string_append_printf (body,
                            _ ("Estimated credits: none from the CDN, %s through the paid download "
                               "endpoint."),
                            paid);
}

static void
counted (Everything *all, const GError *incomplete)
{
  TroveAccountWalkCounts counts;
  g_autoptr (GString) body = g_string_new (NULL);
  guint to_fetch = all->items - MIN (all->already, all->items);

  trove_account_walk_get_counts (all->walk, &counts);
  all->counted = TRUE;
  all->cut_short = incomplete != NULL;

  /* Translators: the plural follows the first number, the count of chats; the other numbers
   * count items. */
  g_string_printf (body,
                   ngettext ("%u chat, %u items: %u already downloaded, %u locked. The other %u "
                             "will be downloaded.",
                             "%u chats, %u items: %u already downloaded, %u locked. The other %u "
                             "will be downloaded.",
                             counts.chats),
                   counts.chats, all->items + all->locked, all->already, all->locked, to_fetch);
  if (counts.failed > 0)
    {
      g_string_append_c (body, '\n');
      g_string_append_printf (body,
                              ngettext ("%u chat could not be listed.",
                                        "%u chats could not be listed.", counts.failed),
                              counts.failed);
    }
  if (incomplete != NULL)
    {
      g_string_append_c (body, '\n');
      g_string_append (body, _ ("The service ended the chat list early; the rest is not counted."));
    }
  if (trove_provider_bills_requests (all->provider))
    append_credits (all, body);

  adw_message_dialog_set_body (all->dialog, body->str);
  adw_message_dialog_set_response_enabled (all->dialog, "download", to_fetch > 0);
}

static void
walked_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Everything *all = user_data;
  g_autoptr (GError) incomplete = NULL;
  g_autoptr (GError) error = NULL;

  if (!trove_account_walk_run_finish (TROVE_ACCOUNT_WALK (object), result, &incomplete, &error) &&
      all->dialog != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_message_dialog_set_body (all->dialog, error->message);
  else if (error == NULL && all->dialog != NULL)
    counted (all, incomplete);

  everything_release (all);
}

/* Queueing a job records it in the archive: thousands at once would freeze the window, so they
 * go in a few at a time between frames, the batch's entry growing meanwhile. */
#define JOBS_PER_STEP 50

typedef struct
{
  Everything *all;
  TroveDownloadBatch *batch;
  guint chat;
  guint item;
  GPtrArray *chat_jobs; /* of the chat being queued */
} Queueing;

static void
queueing_free (Queueing *queueing)
{
  everything_release (queueing->all);
  trove_download_batch_forget_plan (queueing->batch);
  g_object_unref (queueing->batch);
  g_ptr_array_unref (queueing->chat_jobs);
  g_free (queueing);
}

static gboolean
queue_step (gpointer user_data)
{
  Queueing *queueing = user_data;
  Everything *all = queueing->all;
  guint added = 0;

  /* Cancelled while queueing, or the window went: the rest is not queued. */
  if (trove_download_batch_get_cancelled (queueing->batch) || all->window->downloads == NULL)
    return G_SOURCE_REMOVE;

  while (queueing->chat < all->chats->len && added < JOBS_PER_STEP)
    {
      TroveChat *chat = g_ptr_array_index (all->chats, queueing->chat);
      GPtrArray *wanted = g_ptr_array_index (all->wanted, queueing->chat);
      g_autofree char *already = NULL;
      TroveDownload *job;

      if (queueing->item >= wanted->len)
        {
          trove_download_batch_add_chat (queueing->batch, chat, queueing->chat_jobs);
          g_ptr_array_set_size (queueing->chat_jobs, 0);
          queueing->chat++;
          queueing->item = 0;
          continue;
        }

      job = trove_download_queue_add (all->window->downloads, all->provider, all->account_id,
                                      all->account_name, trove_chat_get_display_name (chat),
                                      g_ptr_array_index (wanted, queueing->item++), &already);
      if (job != NULL)
        {
          trove_download_batch_add (queueing->batch, job);
          g_ptr_array_add (queueing->chat_jobs, job);
        }
      added++;
    }

  if (queueing->chat < all->chats->len)
    return G_SOURCE_CONTINUE;
  /* A chat list cut short is walked again by the next start. */
  if (!all->cut_short)
    trove_download_batch_set_listed (queueing->batch);
  return G_SOURCE_REMOVE;
}

static void
queue_everything (Everything *all)
{
  TroveWindow *self = all->window;
  g_autofree char *title = g_strdup_printf (_ ("Everything from %s"), all->title);
  Queueing *queueing = g_new0 (Queueing, 1);
  g_autoptr (TroveDownloadArchive) archive = NULL;

  queueing->all = g_rc_box_acquire (all);
  queueing->batch = trove_download_batch_new (title);
  queueing->chat_jobs = g_ptr_array_new ();
  g_object_get (self->downloads, "archive", &archive, NULL);
  if (archive != NULL)
    trove_download_batch_keep (queueing->batch, archive, all->account_id, EVERYTHING_SCOPE, TRUE);
  run_new (self, queueing->batch, all->provider, all->account_id, all->account_name);
  for (guint i = 0; i < all->wanted->len; i++)
    {
      GPtrArray *wanted = g_ptr_array_index (all->wanted, i);

      for (guint j = 0; j < wanted->len; j++)
        trove_download_batch_plan (queueing->batch,
                                   trove_media_get_id (g_ptr_array_index (wanted, j)));
    }
  trove_downloads_popover_add_batch (self->downloads_popover, queueing->batch);
  _trove_window_toast (self, title);

  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, queue_step, queueing, (GDestroyNotify) queueing_free);
}

static void
response_cb (AdwMessageDialog *dialog, const char *response, Everything *all)
{
  if (g_strcmp0 (response, "download") == 0 && all->counted && all->window->downloads != NULL)
    queue_everything (all);
}

void
_trove_window_download_everything (TroveWindow *self)
{
  Everything *all;
  Run *run;
  g_autofree char *heading = NULL;

  g_return_if_fail (TROVE_IS_WINDOW (self));

  if (self->provider == NULL || self->downloads == NULL)
    return;

  /* One at a time per account: the one under way is shown instead. */
  run = g_hash_table_lookup (runs_of (self), _trove_window_get_account_id (self));
  if (run != NULL && run->batch != NULL && !trove_download_batch_get_finished (run->batch))
    {
      gtk_menu_button_popup (self->downloads_button);
      return;
    }

  all = g_rc_box_new0 (Everything);
  all->window = g_object_ref (self);
  all->provider = g_object_ref (self->provider);
  all->account_id = g_strdup (_trove_window_get_account_id (self));
  all->account_name = _trove_window_dup_account_name (self);
  all->title = g_strdup (adw_window_title_get_title (self->account_title));
  g_object_get (self->downloads, "archive", &all->archive, NULL);
  all->cancellable = g_cancellable_new ();
  all->chats = g_ptr_array_new_with_free_func (g_object_unref);
  all->wanted = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  all->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  all->used_from =
      trove_rate_governor_get_credits_used (trove_provider_get_rate_governor (self->provider));

  /* Without the archive: counting is not a run to resume; the queue's archive records what
   * the downloads save. */
  all->walk = trove_account_walk_new (self->provider, all->account_id, NULL);
  g_signal_connect (all->walk, "chat-listed", G_CALLBACK (chat_listed_cb), all);

  heading = g_strdup_printf (_ ("Download Everything from %s?"), all->title);
  all->dialog =
      ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                  _ ("Counting the chats and their items…")));
  gtk_widget_set_name (GTK_WIDGET (all->dialog), "download-everything");
  adw_message_dialog_add_responses (all->dialog, "cancel", _ ("_Cancel"), "download",
                                    _ ("_Download"), NULL);
  adw_message_dialog_set_response_appearance (all->dialog, "download", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (all->dialog, "download", FALSE);
  adw_message_dialog_set_default_response (all->dialog, "download");
  /* The count lives as long as the dialog; closing it stops a count still running. */
  g_object_add_weak_pointer (G_OBJECT (all->dialog), (gpointer *) &all->dialog);
  g_signal_connect_data (all->dialog, "response", G_CALLBACK (response_cb), g_rc_box_acquire (all),
                         dialog_gone, 0);
  gtk_window_present (GTK_WINDOW (all->dialog));

  trove_account_walk_run_async (all->walk, all->cancellable, walked_cb, all);
}

/* The name {account} stands for in the templates, as the account menu gives it. */
static char *
account_name_for (TroveWindow *self, const char *account_id)
{
  for (guint i = 0; self->accounts != NULL && i < g_list_model_get_n_items (self->accounts); i++)
    {
      g_autoptr (TroveAccount) account = g_list_model_get_item (self->accounts, i);

      if (g_str_equal (trove_account_get_id (account), account_id))
        return trove_account_dup_display_name (account);
    }

  return _trove_window_dup_account_name (self);
}

static void
resume_batch (TroveWindow *self,
              TroveDownloadArchive *archive,
              TroveDownloadPendingBatch *row,
              TroveProvider *provider)
{
  g_autoptr (TroveDownloadBatch) batch = trove_download_batch_new (row->title);
  g_autofree char *account_name = account_name_for (self, row->account_id);
  Run *run;

  trove_download_batch_keep (batch, archive, row->account_id, row->scope, FALSE);
  trove_download_batch_set_done_before (batch, row->done);
  /* Its downloads the queue took up from the last session are the batch's again. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->downloads)); i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (G_LIST_MODEL (self->downloads), i);

      if (g_strcmp0 (trove_download_get_account_id (job), row->account_id) == 0 &&
          !trove_download_is_finished (job))
        trove_download_batch_add (batch, job);
    }

  /* As the user left it. Quitting, or a crash, is no decision about the downloads: a batch
   * that was running goes on, as single downloads do after a restart. A batch the user paused
   * stays paused: it was stopped on purpose (a metered connection, OnlyFansAPI credits), and
   * neither its files nor its listing of the chats left may spend anything before Resume. */
  if (row->paused)
    trove_download_batch_pause (batch);

  run = run_new (self, batch, provider, row->account_id, account_name);
  run->walk = trove_account_walk_new (provider, row->account_id, archive);
  trove_account_walk_set_scope (run->walk, row->scope);
  g_signal_connect (run->walk, "chat-listed", G_CALLBACK (run_chat_listed_cb), run);
  trove_downloads_popover_add_batch (self->downloads_popover, batch);
  run_walk (run);
}

void
trove_window_resume_everything (TroveWindow *self,
                                TroveProviderForAccount provider_for,
                                gpointer user_data)
{
  g_autoptr (TroveDownloadArchive) archive = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  g_return_if_fail (TROVE_IS_WINDOW (self));
  g_return_if_fail (self->downloads != NULL);

  g_object_get (self->downloads, "archive", &archive, NULL);
  if (archive == NULL)
    return;

  rows = trove_download_archive_list_pending_batches (archive);
  for (guint i = 0; i < rows->len; i++)
    {
      TroveDownloadPendingBatch *row = g_ptr_array_index (rows, i);
      g_autoptr (TroveProvider) provider = NULL;

      if (!g_str_equal (row->scope, EVERYTHING_SCOPE) ||
          g_hash_table_contains (runs_of (self), row->account_id))
        continue;

      provider = provider_for (row->account_id, user_data);
      if (provider == NULL)
        {
          /* The account was removed since: its batch goes with it. */
          trove_download_archive_end_walk (archive, row->account_id, row->scope);
          trove_download_archive_remove_pending_batch (archive, row->account_id, row->scope);
          continue;
        }
      resume_batch (self, archive, row, provider);
    }
}
