/* trove-window-everything.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account menu's "Download Everything…": every chat of the account is listed first (the
 * confirmation states real counts), then what is missing is queued as one batch that the
 * downloads popover shows, pauses, resumes and cancels as one entry.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-walk.h"
#include "trove-window-private.h"

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
} Queueing;

static void
queueing_free (Queueing *queueing)
{
  everything_release (queueing->all);
  trove_download_batch_forget_plan (queueing->batch);
  g_object_unref (queueing->batch);
  g_free (queueing);
}

static gboolean
queue_step (gpointer user_data)
{
  Queueing *queueing = user_data;
  Everything *all = queueing->all;
  guint added = 0;

  while (queueing->chat < all->chats->len && added < JOBS_PER_STEP)
    {
      TroveChat *chat = g_ptr_array_index (all->chats, queueing->chat);
      GPtrArray *wanted = g_ptr_array_index (all->wanted, queueing->chat);
      g_autofree char *already = NULL;
      TroveDownload *job;

      if (queueing->item >= wanted->len)
        {
          queueing->chat++;
          queueing->item = 0;
          continue;
        }

      job = trove_download_queue_add (all->window->downloads, all->provider, all->account_id,
                                      all->account_name, trove_chat_get_display_name (chat),
                                      g_ptr_array_index (wanted, queueing->item++), &already);
      if (job != NULL)
        trove_download_batch_add (queueing->batch, job);
      added++;
    }

  return queueing->chat < all->chats->len ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
queue_everything (Everything *all)
{
  TroveWindow *self = all->window;
  g_autofree char *title = g_strdup_printf (_ ("Everything from %s"), all->title);
  Queueing *queueing = g_new0 (Queueing, 1);

  queueing->all = g_rc_box_acquire (all);
  queueing->batch = trove_download_batch_new (title);
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
  g_autofree char *heading = NULL;

  g_return_if_fail (TROVE_IS_WINDOW (self));

  if (self->provider == NULL || self->downloads == NULL)
    return;

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

void
trove_window_resume_everything (TroveWindow *self,
                                TroveProviderForAccount provider_for,
                                gpointer user_data)
{
  g_return_if_fail (TROVE_IS_WINDOW (self));
}
