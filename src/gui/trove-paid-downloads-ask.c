/* trove-paid-downloads-ask.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-onlyfansapi-provider.h"
#include "trove-paid-downloads-ask.h"

struct _TrovePaidDownloadsAsk
{
  GObject parent_instance;

  GtkWindow *window; /* weak */
  TroveDownloadQueue *queue;
  GListModel *accounts;
  AdwMessageDialog *dialog; /* the question on screen */
  TroveAccount *asked;      /* the account it asks about */
};

G_DEFINE_FINAL_TYPE (TrovePaidDownloadsAsk, trove_paid_downloads_ask, G_TYPE_OBJECT)

static TroveAccount *
find_account (TrovePaidDownloadsAsk *self, const char *account_id)
{
  guint n = self->accounts ? g_list_model_get_n_items (self->accounts) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveAccount) account = g_list_model_get_item (self->accounts, i);

      if (g_strcmp0 (trove_account_get_id (account), account_id) == 0)
        return g_steal_pointer (&account);
    }
  return NULL;
}

/* The account's downloads that stopped for want of a paid download go again. */
static void
retry_needing_paid (TrovePaidDownloadsAsk *self, const char *account_id)
{
  guint n = self->queue ? g_list_model_get_n_items (G_LIST_MODEL (self->queue)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (G_LIST_MODEL (self->queue), i);

      if (trove_download_needs_paid_download (job) &&
          g_strcmp0 (trove_download_get_account_id (job), account_id) == 0)
        trove_download_retry (job);
    }
}

static void
response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  TrovePaidDownloadsAsk *self = user_data;
  g_autoptr (TroveAccount) account = g_steal_pointer (&self->asked);
  gboolean allow = g_str_equal (response, "allow");

  if (self->dialog == dialog)
    self->dialog = NULL;
  if (account == NULL)
    return;

  g_object_set (account, "paid-downloads-asked", TRUE, "allow-paid-downloads", allow, NULL);
  if (allow)
    retry_needing_paid (self, trove_account_get_id (account));
}

static void
ask (TrovePaidDownloadsAsk *self, TroveAccount *account)
{
  g_autofree char *name = trove_account_dup_display_name (account);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->dialog != NULL || self->window == NULL)
    return;

  /* Translators: %d is the price in credits per MB, %s an account's name. */
  body = g_strdup_printf (
      ngettext ("This file needs a paid download: the file host refuses to serve it directly, but "
                "OnlyFansAPI can fetch it for %d credit per MB.\n\nAllow paid downloads for %s?",
                "This file needs a paid download: the file host refuses to serve it directly, but "
                "OnlyFansAPI can fetch it for %d credits per MB.\n\nAllow paid downloads for %s?",
                TROVE_ONLYFANSAPI_CREDITS_PER_MB),
      TROVE_ONLYFANSAPI_CREDITS_PER_MB, name);
  dialog = adw_message_dialog_new (self->window, _ ("Allow Paid Downloads?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "deny", _ ("_Don’t Allow"),
                                    "allow", _ ("_Allow Paid Downloads"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "allow",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "deny");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "deny");
  g_set_object (&self->asked, account);
  g_signal_connect_object (dialog, "response", G_CALLBACK (response_cb), self, 0);

  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
trove_paid_downloads_ask_present (TrovePaidDownloadsAsk *self, const char *account_id)
{
  g_autoptr (TroveAccount) account = NULL;

  g_return_if_fail (TROVE_IS_PAID_DOWNLOADS_ASK (self));

  account = find_account (self, account_id);
  if (account != NULL)
    ask (self, account);
}

static void
job_state_cb (TroveDownload *job, GParamSpec *pspec, TrovePaidDownloadsAsk *self)
{
  g_autoptr (TroveAccount) account = NULL;
  gboolean asked = TRUE;

  if (!trove_download_needs_paid_download (job))
    return;

  account = find_account (self, trove_download_get_account_id (job));
  if (account == NULL)
    return;
  g_object_get (account, "paid-downloads-asked", &asked, NULL);
  if (!asked)
    ask (self, account);
}

static void
queue_changed_cb (TrovePaidDownloadsAsk *self,
                  guint position,
                  guint removed,
                  guint added,
                  GListModel *queue)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (queue, i);

      g_signal_handlers_disconnect_by_func (job, job_state_cb, self);
      g_signal_connect_object (job, "notify::state", G_CALLBACK (job_state_cb), self, 0);
    }
}

void
trove_paid_downloads_ask_set_queue (TrovePaidDownloadsAsk *self, TroveDownloadQueue *queue)
{
  g_return_if_fail (TROVE_IS_PAID_DOWNLOADS_ASK (self));

  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_set_object (&self->queue, queue);
  if (queue == NULL)
    return;
  g_signal_connect_object (queue, "items-changed", G_CALLBACK (queue_changed_cb), self,
                           G_CONNECT_SWAPPED);
  queue_changed_cb (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (queue)),
                    G_LIST_MODEL (queue));
}

void
trove_paid_downloads_ask_set_accounts (TrovePaidDownloadsAsk *self, GListModel *accounts)
{
  g_return_if_fail (TROVE_IS_PAID_DOWNLOADS_ASK (self));

  g_set_object (&self->accounts, accounts);
}

AdwMessageDialog *
trove_paid_downloads_ask_get_dialog (TrovePaidDownloadsAsk *self)
{
  g_return_val_if_fail (TROVE_IS_PAID_DOWNLOADS_ASK (self), NULL);

  return self->dialog;
}

static void
trove_paid_downloads_ask_dispose (GObject *object)
{
  TrovePaidDownloadsAsk *self = TROVE_PAID_DOWNLOADS_ASK (object);

  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  g_clear_object (&self->accounts);
  g_clear_object (&self->asked);
  g_clear_weak_pointer (&self->window);
  self->dialog = NULL;

  G_OBJECT_CLASS (trove_paid_downloads_ask_parent_class)->dispose (object);
}

static void
trove_paid_downloads_ask_class_init (TrovePaidDownloadsAskClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = trove_paid_downloads_ask_dispose;
}

static void
trove_paid_downloads_ask_init (TrovePaidDownloadsAsk *self)
{
}

TrovePaidDownloadsAsk *
trove_paid_downloads_ask_new (GtkWindow *window)
{
  TrovePaidDownloadsAsk *self = g_object_new (TROVE_TYPE_PAID_DOWNLOADS_ASK, NULL);

  g_set_weak_pointer (&self->window, window);
  return self;
}
