/* test-paid-downloads.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The question about paid downloads, through the real widgets: asked once per account when a
 * download first needs one, remembered, and allowing it fetches what was refused; the
 * download row says "needs a paid download" and offers to allow it.
 */

#include "config.h"

#include <adwaita.h>

#include "trove-download-archive-private.h"
#include "trove-download-queue-private.h"
#include "trove-download-row.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-paid-downloads-ask.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"
#include "trove-test-widgets.h"

#define ITEMS 8

static TroveTestServerProcess *server;

typedef struct
{
  char *folder;
  GtkWindow *window;
  TroveAccount *account;
  GListStore *accounts;
  TroveProvider *provider;
  TroveDownloadArchive *archive;
  TroveDownloadQueue *queue;
  TrovePaidDownloadsAsk *ask;
  GPtrArray *jobs;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("ofapi_test_key");
  g_autofree char *chat = trove_test_dataset_chat_id (server, "onlyfansapi", 0);
  g_autofree char *archive_path = NULL;
  g_autoptr (GFile) folder = NULL;
  g_autoptr (GPtrArray) media = NULL;
  g_autoptr (GError) error = NULL;

  fixture->folder = g_dir_make_tmp ("trove-paid-ui-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_file_new_for_path (fixture->folder);
  archive_path = g_build_filename (fixture->folder, "archive.sqlite3", NULL);
  fixture->archive = trove_download_archive_new (archive_path, &error);
  g_assert_no_error (error);

  fixture->account = trove_account_new ("paid-ui");
  trove_account_reset (fixture->account);
  g_object_set (fixture->account, "kind", TROVE_ACCOUNT_KIND_ONLYFANSAPI, "display-name",
                "Mira Solberg", NULL);
  fixture->accounts = g_list_store_new (TROVE_TYPE_ACCOUNT);
  g_list_store_append (fixture->accounts, fixture->account);

  /* As the account context binds it. */
  fixture->provider =
      trove_onlyfansapi_provider_new (NULL, trove_test_server_process_get_onlyfansapi_url (server),
                                      credentials, "acct_demo_main");
  g_object_bind_property (fixture->account, "allow-paid-downloads", fixture->provider,
                          "allow-paid-downloads", G_BINDING_SYNC_CREATE);
  media = trove_test_list_all_media (fixture->provider, chat, ITEMS);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref_sink (fixture->window);
  gtk_window_present (fixture->window);
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));

  fixture->queue = trove_download_queue_new (folder, "{id}.{ext}", fixture->archive);
  _trove_download_queue_set_backoff_base_ms (fixture->queue, 10);
  fixture->ask = trove_paid_downloads_ask_new (fixture->window);
  trove_paid_downloads_ask_set_queue (fixture->ask, fixture->queue);
  trove_paid_downloads_ask_set_accounts (fixture->ask, G_LIST_MODEL (fixture->accounts));

  fixture->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < media->len && fixture->jobs->len < 2; i++)
    if (!trove_media_get_locked (g_ptr_array_index (media, i)))
      g_ptr_array_add (fixture->jobs,
                       g_object_ref (trove_download_queue_add (fixture->queue, fixture->provider,
                                                               "paid-ui", "Mira Solberg", "Chat",
                                                               g_ptr_array_index (media, i),
                                                               NULL)));
  g_assert_cmpuint (fixture->jobs->len, ==, 2);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  AdwMessageDialog *dialog = trove_paid_downloads_ask_get_dialog (fixture->ask);

  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  g_ptr_array_unref (fixture->jobs);
  g_clear_object (&fixture->ask);
  g_clear_object (&fixture->queue);
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->window);
  trove_account_reset (fixture->account);
  g_clear_object (&fixture->accounts);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->provider);
  g_clear_object (&fixture->archive);
  trove_test_remove_tree (fixture->folder);
  g_free (fixture->folder);
}

static gboolean
all_need_paid (Fixture *fixture)
{
  for (guint i = 0; i < fixture->jobs->len; i++)
    if (!trove_download_needs_paid_download (g_ptr_array_index (fixture->jobs, i)))
      return FALSE;
  return TRUE;
}

static gboolean
all_done (Fixture *fixture)
{
  for (guint i = 0; i < fixture->jobs->len; i++)
    if (trove_download_get_state (g_ptr_array_index (fixture->jobs, i)) != TROVE_DOWNLOAD_DONE)
      return FALSE;
  return TRUE;
}

/* The text of every label under @widget, one after the other. */
static void
collect_labels (GtkWidget *widget, GString *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

static void
test_asked_once_and_allowed (Fixture *fixture, gconstpointer data)
{
  AdwMessageDialog *dialog;
  g_autoptr (GString) text = g_string_new (NULL);
  gboolean allow = FALSE, asked = FALSE;

  TROVE_TEST_WAIT_UNTIL (all_need_paid (fixture));
  dialog = trove_paid_downloads_ask_get_dialog (fixture->ask);
  g_assert_nonnull (dialog);
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->window);
  /* Two items refused, one question. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, 2);

  collect_labels (GTK_WIDGET (dialog), text);
  g_assert_nonnull (strstr (text->str, "needs a paid download"));
  g_assert_nonnull (strstr (text->str, "3 credits per MB"));
  g_assert_nonnull (strstr (text->str, "Allow paid downloads for Mira Solberg?"));

  /* As the "Allow Paid Downloads" button does. */
  adw_message_dialog_response (dialog, "allow");
  g_object_get (fixture->account, "allow-paid-downloads", &allow, "paid-downloads-asked", &asked,
                NULL);
  g_assert_true (allow);
  g_assert_true (asked);
  g_assert_null (trove_paid_downloads_ask_get_dialog (fixture->ask));

  TROVE_TEST_WAIT_UNTIL (all_done (fixture));
  for (guint i = 0; i < fixture->jobs->len; i++)
    g_assert_true (trove_download_is_paid (g_ptr_array_index (fixture->jobs, i)));
}

static void
test_answer_remembered (Fixture *fixture, gconstpointer data)
{
  gboolean allow = TRUE;

  TROVE_TEST_WAIT_UNTIL (all_need_paid (fixture));
  adw_message_dialog_response (trove_paid_downloads_ask_get_dialog (fixture->ask), "deny");
  g_object_get (fixture->account, "allow-paid-downloads", &allow, NULL);
  g_assert_false (allow);

  /* Refused again: not asked again. */
  for (guint i = 0; i < fixture->jobs->len; i++)
    trove_download_retry (g_ptr_array_index (fixture->jobs, i));
  TROVE_TEST_WAIT_UNTIL (all_need_paid (fixture));
  trove_test_spin (200);
  g_assert_null (trove_paid_downloads_ask_get_dialog (fixture->ask));
}

static void
test_row_offers_to_allow (Fixture *fixture, gconstpointer data)
{
  GtkWidget *row = g_object_new (TROVE_TYPE_DOWNLOAD_ROW, NULL);
  g_autoptr (GString) text = g_string_new (NULL);
  GtkWidget *allow_button;

  /* Answered already (no), so that only the row speaks. */
  g_object_set (fixture->account, "paid-downloads-asked", TRUE, NULL);
  TROVE_TEST_WAIT_UNTIL (all_need_paid (fixture));

  trove_download_row_set_download (TROVE_DOWNLOAD_ROW (row), g_ptr_array_index (fixture->jobs, 0));
  gtk_window_set_child (fixture->window, row);
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (row));
  collect_labels (row, text);
  g_assert_nonnull (strstr (text->str, "Needs a paid download (3 credits per MB)"));
  allow_button = trove_test_find_named (row, "allow-paid");
  g_assert_nonnull (allow_button);
  g_assert_true (gtk_widget_get_visible (allow_button));
}

int
main (int argc, char *argv[])
{
  g_autofree char *dataset = g_strdup_printf ("size=%d", ITEMS);
  const char *args[] = { "--dataset", dataset, "--refuse-direct-cdn", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  g_test_add ("/paid-downloads-ui/asked-once-and-allowed", Fixture, NULL, fixture_set_up,
              test_asked_once_and_allowed, fixture_tear_down);
  g_test_add ("/paid-downloads-ui/answer-remembered", Fixture, NULL, fixture_set_up,
              test_answer_remembered, fixture_tear_down);
  g_test_add ("/paid-downloads-ui/row-offers-to-allow", Fixture, NULL, fixture_set_up,
              test_row_offers_to_allow, fixture_tear_down);

  status = g_test_run ();
  trove_test_server_process_free (server);
  return status;
}
