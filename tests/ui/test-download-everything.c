/* test-download-everything.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Download Everything…" of the account menu, through the real widgets: the confirmation's
 * counts against the server's data set, then one entry in the downloads popover that pauses,
 * resumes and cancels every job of the set.
 */

#include "config.h"

#include "trove-application.h"
#include "trove-download-batch-row.h"
#include "trove-fanvue-provider.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"
#include "trove-test-widgets.h"
#include "trove-window-private.h"

static TroveApplication *app;
static TroveTestServerProcess *server;

static gboolean
is_list_view (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_LIST_VIEW (widget);
}

static void
note_most (GListModel *model, guint position, guint removed, guint added, guint *most)
{
  *most = MAX (*most, g_list_model_get_n_items (model));
}

/* How many jobs of @queue are in @state. */
static guint
count_state (TroveDownloadQueue *queue, TroveDownloadState state)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (G_LIST_MODEL (queue), i);

      n += trove_download_get_state (job) == state;
    }

  return n;
}

/* How many distinct media the queue holds jobs for. */
static guint
count_media_in (TroveDownloadQueue *queue)
{
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (G_LIST_MODEL (queue), i);

      g_hash_table_add (ids, (char *) trove_media_get_id (trove_download_get_media (job)));
    }

  return g_hash_table_size (ids);
}

static void
test_download_everything (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  g_autofree char *folder_path = g_dir_make_tmp ("trove-everything-XXXXXX", NULL);
  g_autofree char *archive_path = g_build_filename (folder_path, "archive.sqlite3", NULL);
  g_autofree char *kept_path = g_build_filename (folder_path, "kept.jpg", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr (TroveDownloadArchive) archive = trove_download_archive_new (archive_path, NULL);
  g_autoptr (TroveDownloadQueue) queue =
      trove_download_queue_new (folder, "{chat}/{id}.{ext}", archive);
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);
  JsonArray *chats =
      json_object_get_array_member (json_object_get_object_member (dataset, "fanvue"), "chats");
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) places =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL); /* id -> chats */
  g_autofree char *expected = NULL;
  g_autofree char *kept_id = NULL;
  g_autofree char *wanted_label = NULL;
  TroveWindow *window;
  GtkWidget *popover, *label, *item = NULL;
  GListModel *listed;
  guint most_listed = 0;
  AdwMessageDialog *dialog = NULL;
  guint n_chats = json_array_get_length (chats), gone = 0, locked = 0, total, jobs;

  /* What the data set holds: distinct media over the chats that answer. */
  for (guint i = 0; i < n_chats; i++)
    {
      JsonObject *chat = json_array_get_object_element (chats, i);
      g_autoptr (GPtrArray) media = NULL;

      if (json_object_get_boolean_member (chat, "gone"))
        {
          gone++;
          continue;
        }
      media = trove_test_list_all_media (provider, json_object_get_string_member (chat, "id"),
                                         json_object_get_int_member (chat, "media_count"));
      for (guint j = 0; j < media->len; j++)
        {
          if (g_hash_table_add (ids, g_strdup (trove_media_get_id (media->pdata[j]))))
            locked += trove_media_get_locked (media->pdata[j]);
          g_hash_table_insert (places, g_strdup (trove_media_get_id (media->pdata[j])),
                               GUINT_TO_POINTER (
                                   GPOINTER_TO_UINT (
                                       g_hash_table_lookup (places,
                                                            trove_media_get_id (media->pdata[j]))) +
                                   1));
        }
      if (kept_id == NULL && media->len > 0)
        kept_id = g_strdup (trove_media_get_id (media->pdata[0]));
    }
  g_assert_cmpuint (gone, ==, 1);
  g_assert_nonnull (kept_id);
  total = g_hash_table_size (ids);

  /* One item downloaded before. */
  g_assert_true (g_file_set_contents (kept_path, "kept", 4, NULL));
  g_assert_true (
      trove_download_archive_record (archive, "default", kept_id, kept_path, 4, "kept", NULL));

  trove_download_queue_set_max_concurrent (queue, 1);
  window = trove_window_new (GTK_APPLICATION (app));
  trove_window_set_downloads (window, queue);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  _trove_window_set_provider (window, provider, "Mira Solberg", NULL);

  /* The account menu's item opens the confirmation, which counts first. */
  trove_test_choose_from_menu (GTK_WIDGET (window), "Accounts", "Download Everything");
  TROVE_TEST_WAIT_UNTIL ((dialog = trove_test_message_dialog ()) != NULL);
  expected = g_strdup_printf ("%u chats, %u items: 1 already downloaded, %u locked. The other %u "
                              "will be downloaded.\n"
                              "1 chat could not be listed.",
                              n_chats, total, locked, total - locked - 1);
  TROVE_TEST_WAIT_UNTIL (g_strcmp0 (adw_message_dialog_get_body (dialog), expected) == 0);
  /* The popover's list of single downloads: none of the set's jobs ever shows there. */
  listed = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (
      trove_test_find (GTK_WIDGET (window->downloads_popover), is_list_view, NULL))));
  g_signal_connect (listed, "items-changed", G_CALLBACK (note_most), &most_listed);
  TROVE_TEST_WAIT_UNTIL (
      (item = trove_test_find (GTK_WIDGET (dialog), trove_test_is_labelled, "Download")) != NULL);
  trove_test_click (item);
  TROVE_TEST_WAIT_UNTIL (trove_test_message_dialog () == NULL);

  /* One entry for the whole set; its jobs are not listed one by one. */
  /* Queued a few at a time, the window drawing in between: a job for each place in a chat
   * folder (a media sent to several chats is fetched once and linked into the others). Every
   * media but the one downloaded before has its jobs; that one has them only where it was sent
   * to other chats too. */
  TROVE_TEST_WAIT_UNTIL (count_media_in (queue) ==
                         total - locked -
                             (GPOINTER_TO_UINT (g_hash_table_lookup (places, kept_id)) == 1));
  jobs = g_list_model_get_n_items (G_LIST_MODEL (queue));
  g_assert_cmpuint (most_listed, ==, 0);
  g_signal_handlers_disconnect_by_data (listed, &most_listed);
  popover = trove_test_popup (GTK_WIDGET (window->downloads_button));
  label = trove_test_find_named (popover, "batch-label");
  g_assert_nonnull (label);
  g_assert_true (
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Everything from Mira Solberg: "));
  TROVE_TEST_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (
                             GTK_LIST_VIEW (trove_test_find (popover, is_list_view, NULL))))) == 0);

  /* Pause: every job not done is paused; the label counts the saved ones. */
  g_assert_cmpuint (count_state (queue, TROVE_DOWNLOAD_PAUSED), ==, 0);
  trove_test_click (trove_test_find_named (popover, "batch-pause"));
  /* A button's click lands a moment after its activation. */
  TROVE_TEST_WAIT_UNTIL (count_state (queue, TROVE_DOWNLOAD_PAUSED) > 0);
  g_assert_cmpuint (count_state (queue, TROVE_DOWNLOAD_PAUSED) +
                        count_state (queue, TROVE_DOWNLOAD_DONE),
                    ==, jobs);
  wanted_label = g_strdup_printf ("Everything from Mira Solberg: %u of %u",
                                  count_state (queue, TROVE_DOWNLOAD_DONE), jobs);
  TROVE_TEST_WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), wanted_label) == 0);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (trove_test_find_named (popover, "batch-pause")), ==,
                   "Resume All");

  /* Resume: none is paused, and more get saved. */
  trove_test_click (trove_test_find_named (popover, "batch-pause"));
  TROVE_TEST_WAIT_UNTIL (count_state (queue, TROVE_DOWNLOAD_PAUSED) == 0);
  g_assert_cmpuint (count_state (queue, TROVE_DOWNLOAD_RUNNING), >, 0);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (trove_test_find_named (popover, "batch-pause")), ==,
                   "Pause All");

  /* Cancel: every job not saved is cancelled, and the entry has nothing left to act on. */
  trove_test_click (trove_test_find_named (popover, "batch-cancel"));
  TROVE_TEST_WAIT_UNTIL (count_state (queue, TROVE_DOWNLOAD_CANCELLED) > 0);
  g_assert_cmpuint (count_state (queue, TROVE_DOWNLOAD_CANCELLED) +
                        count_state (queue, TROVE_DOWNLOAD_DONE),
                    ==, jobs);
  g_assert_cmpuint (count_state (queue, TROVE_DOWNLOAD_CANCELLED), >, 0);
  TROVE_TEST_WAIT_UNTIL (trove_download_queue_get_pending (queue) == 0);
  g_assert_false (gtk_widget_get_sensitive (trove_test_find_named (popover, "batch-cancel")));
  g_assert_false (gtk_widget_get_sensitive (trove_test_find_named (popover, "batch-pause")));

  gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_window_destroy (GTK_WINDOW (window));
  trove_test_remove_tree (folder_path);
}

/* Credits billed by the server since its log was last reset. */
static gint64
credits_billed (void)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
  gint64 billed = 0;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    billed += json_object_get_int_member (json_array_get_object_element (requests, i), "credits");

  return billed;
}

/* OnlyFansAPI: the confirmation says what counting cost (as the server billed it) and what
 * the files would cost through the paid endpoint, 3 credits per MB, rounded up per file. */
static void
test_credits_estimate (void)
{
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);
  JsonObject *account =
      json_array_get_object_element (json_object_get_array_member (dataset, "onlyfansapi"), 0);
  JsonArray *chats = json_object_get_array_member (account, "chats");
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("ofapi_test_key");
  g_autoptr (TroveProvider) lister =
      trove_onlyfansapi_provider_new (NULL, trove_test_server_process_get_onlyfansapi_url (server),
                                      credentials, json_object_get_string_member (account, "id"));
  g_autoptr (TroveProvider) provider =
      trove_onlyfansapi_provider_new (NULL, trove_test_server_process_get_onlyfansapi_url (server),
                                      credentials, json_object_get_string_member (account, "id"));
  gint64 billed_before;
  g_autofree char *folder_path = g_dir_make_tmp ("trove-everything-XXXXXX", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr (TroveDownloadQueue) queue =
      trove_download_queue_new (folder, "{chat}/{id}.{ext}", NULL);
  g_autoptr (GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) places =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL); /* id -> chats */
  g_autofree char *counting = NULL;
  g_autofree char *estimate = NULL;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *item = NULL;
  TroveWindow *window;
  gint64 paid = 0;

  for (guint i = 0; i < json_array_get_length (chats); i++)
    {
      JsonObject *chat = json_array_get_object_element (chats, i);
      g_autoptr (GPtrArray) media = NULL;

      if (json_object_get_boolean_member (chat, "gone"))
        continue;
      media = trove_test_list_all_media (lister, json_object_get_string_member (chat, "id"),
                                         json_object_get_int_member (chat, "media_count"));
      for (guint j = 0; j < media->len; j++)
        {
          const TroveMediaVariant *main_variant =
              trove_media_get_variant (media->pdata[j], TROVE_VARIANT_MAIN);

          if (trove_media_get_locked (media->pdata[j]) ||
              !g_hash_table_add (ids, g_strdup (trove_media_get_id (media->pdata[j]))))
            continue;
          g_assert_nonnull (main_variant);
          g_assert_cmpint (main_variant->size, >, 0);
          paid += (3 * main_variant->size + 999999) / 1000000;
        }
    }
  g_assert_cmpint (paid, >, 0);

  window = trove_window_new (GTK_APPLICATION (app));
  trove_window_set_downloads (window, queue);
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  _trove_window_set_provider (window, provider, "Demo Main", NULL);
  /* Every call of the window's own is answered before counting starts. */
  TROVE_TEST_WAIT_UNTIL (
      trove_rate_governor_get_credits (trove_provider_get_rate_governor (provider)) >= 0);
  trove_test_spin (500);
  billed_before = credits_billed ();

  trove_test_choose_from_menu (GTK_WIDGET (window), "Accounts", "Download Everything");
  TROVE_TEST_WAIT_UNTIL ((dialog = trove_test_message_dialog ()) != NULL);
  TROVE_TEST_WAIT_UNTIL (strstr (adw_message_dialog_get_body (dialog), "Estimated credits") !=
                         NULL);

  counting = g_strdup_printf ("Counting cost %'" G_GINT64_FORMAT " credits.",
                              credits_billed () - billed_before);
  estimate = g_strdup_printf ("Estimated credits: none from the CDN, %'" G_GINT64_FORMAT
                              " through the paid download endpoint.",
                              paid);
  g_assert_cmpint (credits_billed (), >, billed_before);
  if (strstr (adw_message_dialog_get_body (dialog), counting) == NULL)
    g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, counting);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), estimate));

  TROVE_TEST_WAIT_UNTIL (
      (item = trove_test_find (GTK_WIDGET (dialog), trove_test_is_labelled, "Cancel")) != NULL);
  trove_test_click (item);
  TROVE_TEST_WAIT_UNTIL (trove_test_message_dialog () == NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  trove_test_remove_tree (folder_path);
}

int
main (int argc, char *argv[])
{
  /* Slow enough that the set is still downloading when it is paused. */
  const char *args[] = { "--dataset", "archive=6,10,30", "--latency", "200", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/download-everything/counts-then-one-entry", test_download_everything);
  g_test_add_func ("/download-everything/credits-estimate", test_credits_estimate);

  status = g_test_run ();
  g_object_unref (app);
  trove_test_server_process_free (server);
  return status;
}
