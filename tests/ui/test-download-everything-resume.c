/* test-download-everything-resume.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Download Everything…" stopped midway (the window and the queue torn down, as when Trove
 * quits) and started again over the same archive and folder: the grouped entry comes back in
 * the downloads popover, the chats finished before are not listed again, and in the end every
 * file is there with its exact bytes.
 */

#include "config.h"

#include "trove-application.h"
#include "trove-fanvue-provider.h"
#include "trove-filename-template.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"
#include "trove-test-widgets.h"
#include "trove-window-private.h"

#define TEMPLATE "{chat}/{id}.{ext}"

static TroveApplication *app;
static TroveTestServerProcess *server;

static TroveProvider *
provider_for_cb (const char *account_id, gpointer user_data)
{
  return g_str_equal (account_id, "default") ? g_object_ref (user_data) : NULL;
}

static TroveWindow *
open_window (TroveDownloadQueue *queue, TroveProvider *provider)
{
  TroveWindow *window = trove_window_new (GTK_APPLICATION (app));

  trove_window_set_downloads (window, queue);
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  _trove_window_set_provider (window, provider, "Mira Solberg", NULL);
  return window;
}

/* Trove starting over @archive_path and @folder (@max_jobs at once; 0: the default), as after
 * a restart when @restarted: the queue and Download Everything taken up where they stopped. */
static void
start_trove (const char *archive_path,
             GFile *folder,
             TroveProvider *provider,
             guint max_jobs,
             gboolean restarted,
             TroveDownloadArchive **archive,
             TroveDownloadQueue **queue,
             TroveWindow **window)
{
  *archive = trove_download_archive_new (archive_path, NULL);
  *queue = trove_download_queue_new (folder, TEMPLATE, *archive);
  if (max_jobs > 0)
    trove_download_queue_set_max_concurrent (*queue, max_jobs);
  if (restarted)
    trove_download_queue_restore (*queue, provider_for_cb, provider);
  *window = open_window (*queue, provider);
  if (restarted)
    trove_window_resume_everything (*window, provider_for_cb, provider);
}

/* Trove quits: the window goes, the queue stops where it is. */
static void
quit_trove (TroveWindow *window, TroveDownloadQueue *queue, TroveDownloadArchive *archive)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_run_dispose (G_OBJECT (queue));
  g_object_unref (queue);
  g_object_unref (archive);
}

/* How many jobs of @queue for @chat_id are done. */
static guint
count_done_in (TroveDownloadQueue *queue, const char *chat_id)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (G_LIST_MODEL (queue), i);

      n += trove_download_get_state (job) == TROVE_DOWNLOAD_DONE &&
           g_strcmp0 (trove_media_get_chat_id (trove_download_get_media (job)), chat_id) == 0;
    }

  return n;
}

/* Whether a chat with media has every place done, while the set is not done yet. */
static gboolean
some_chat_done (TroveDownloadQueue *queue, GPtrArray *chat_ids, GHashTable *wanted)
{
  guint done_chats = 0;

  for (guint i = 0; i < chat_ids->len; i++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (wanted, chat_ids->pdata[i]));

      done_chats += n > 0 && count_done_in (queue, chat_ids->pdata[i]) == n;
    }

  return done_chats > 0;
}

/* How many times the server listed @chat_id's media since the log was reset. */
static guint
media_listings_of (JsonArray *log, const char *chat_id)
{
  g_autofree char *path = g_strdup_printf ("/chats/%s/media", chat_id);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (log); i++)
    n += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (log, i), "path"),
                    path) == 0;

  return n;
}

static void
test_resumed_after_restart (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  g_autofree char *folder_path = g_dir_make_tmp ("trove-everything-resume-XXXXXX", NULL);
  g_autofree char *archive_path = g_build_filename (folder_path, "archive.sqlite3", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);
  JsonArray *chats =
      json_object_get_array_member (json_object_get_object_member (dataset, "fanvue"), "chats");
  g_autoptr (GPtrArray) chat_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) chat_media = g_ptr_array_new_with_free_func (
      (GDestroyNotify) g_ptr_array_unref); /* TroveMedia, per chat of chat_ids */
  g_autoptr (GPtrArray) chat_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal); /* unlocked */
  g_autoptr (GHashTable) finished = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) batches = NULL;
  g_autoptr (JsonArray) log = NULL;
  TroveDownloadArchive *archive;
  TroveDownloadQueue *queue;
  TroveWindow *window;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *item = NULL, *popover, *label;
  const char *scope;
  guint listed_again = 0, files = 0, total = 0;
  g_autofree char *wanted_label = NULL;
  gint64 deadline;

  for (guint i = 0; i < json_array_get_length (chats); i++)
    {
      JsonObject *chat = json_array_get_object_element (chats, i);
      GPtrArray *media;
      guint unlocked = 0;

      if (json_object_get_boolean_member (chat, "gone"))
        continue;
      media = trove_test_list_all_media (provider, json_object_get_string_member (chat, "id"),
                                         json_object_get_int_member (chat, "media_count"));
      for (guint j = 0; j < media->len; j++)
        unlocked += !trove_media_get_locked (media->pdata[j]);
      g_ptr_array_add (chat_ids, g_strdup (json_object_get_string_member (chat, "id")));
      g_ptr_array_add (chat_names, g_strdup (json_object_get_string_member (chat, "name")));
      g_ptr_array_add (chat_media, media);
      g_hash_table_insert (wanted, chat_ids->pdata[chat_ids->len - 1], GUINT_TO_POINTER (unlocked));
    }
  g_assert_cmpuint (chat_ids->len, >=, 4);

  /* The first session: Download Everything, one file at a time. */
  start_trove (archive_path, folder, provider, 1, FALSE, &archive, &queue, &window);
  trove_test_choose_from_menu (GTK_WIDGET (window), "Accounts", "Download Everything");
  TROVE_TEST_WAIT_UNTIL ((dialog = trove_test_message_dialog ()) != NULL);
  TROVE_TEST_WAIT_UNTIL (strstr (adw_message_dialog_get_body (dialog), "will be downloaded") !=
                         NULL);
  TROVE_TEST_WAIT_UNTIL (
      (item = trove_test_find (GTK_WIDGET (dialog), trove_test_is_labelled, "Download")) != NULL);
  trove_test_click (item);
  TROVE_TEST_WAIT_UNTIL (trove_test_message_dialog () == NULL);

  /* Stopped once a chat is done, the others not: Trove quits. */
  TROVE_TEST_WAIT_UNTIL (some_chat_done (queue, chat_ids, wanted));
  g_assert_cmpuint (trove_download_queue_get_pending (queue), >, 0);
  popover = trove_test_popup (GTK_WIDGET (window->downloads_button));
  label = trove_test_find_named (popover, "batch-label");
  g_assert_nonnull (label);
  g_assert_cmpint (sscanf (strrchr (gtk_label_get_text (GTK_LABEL (label)), ':'), ": %*u of %u",
                           &total),
                   ==, 1);
  gtk_popover_popdown (GTK_POPOVER (popover));
  quit_trove (window, queue, archive);
  trove_test_spin (200);
  trove_test_server_process_reset (server);

  /* The next session, over the same archive and folder. */
  archive = trove_download_archive_new (archive_path, NULL);

  /* What the first session had finished, as the archive keeps it. */
  batches = trove_download_archive_list_pending_batches (archive);
  g_assert_cmpuint (batches->len, ==, 1);
  scope = ((TroveDownloadPendingBatch *) batches->pdata[0])->scope;
  for (guint i = 0; i < chat_ids->len; i++)
    if (trove_download_archive_walk_has_chat (archive, "default", scope, chat_ids->pdata[i]))
      g_hash_table_add (finished, chat_ids->pdata[i]);
  g_assert_cmpuint (g_hash_table_size (finished), >=, 1);
  g_assert_cmpuint (g_hash_table_size (finished), <, chat_ids->len);

  queue = trove_download_queue_new (folder, TEMPLATE, archive);
  trove_download_queue_set_max_concurrent (queue, 3);
  trove_download_queue_restore (queue, provider_for_cb, provider);
  window = open_window (queue, provider);
  trove_window_resume_everything (window, provider_for_cb, provider);

  /* The grouped entry is back, running. */
  popover = trove_test_popup (GTK_WIDGET (window->downloads_button));
  TROVE_TEST_WAIT_UNTIL ((label = trove_test_find_named (popover, "batch-label")) != NULL);
  g_assert_true (
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Everything from Mira Solberg: "));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (trove_test_find_named (popover, "batch-pause")), ==,
                   "Pause All");
  /* For a screenshot of the entry taken up again. */
  if (g_getenv ("TROVE_TEST_SCREENSHOT_PAUSE") != NULL)
    {
      g_printerr ("screenshot now\n");
      trove_test_spin (atoi (g_getenv ("TROVE_TEST_SCREENSHOT_PAUSE")));
    }

  /* It goes on to the end, and is then forgotten. */
  deadline = g_get_monotonic_time () + 150 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr (GPtrArray) left = trove_download_archive_list_pending_batches (archive);

      if (left->len == 0 && trove_download_queue_get_pending (queue) == 0)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out: %u batches left, %u downloads pending", left->len,
                 trove_download_queue_get_pending (queue));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_false (gtk_widget_get_sensitive (trove_test_find_named (popover, "batch-cancel")));
  /* The same entry: it counts what the first session did too. */
  wanted_label = g_strdup_printf ("Everything from Mira Solberg: %u of %u", total, total);
  TROVE_TEST_WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), wanted_label) == 0);

  /* No chat finished before was listed again; the others were. */
  log = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < chat_ids->len; i++)
    if (g_hash_table_contains (finished, chat_ids->pdata[i]))
      g_assert_cmpuint (media_listings_of (log, chat_ids->pdata[i]), ==, 0);
    else
      listed_again += media_listings_of (log, chat_ids->pdata[i]) > 0;
  g_assert_cmpuint (listed_again, ==, chat_ids->len - g_hash_table_size (finished));
  g_test_message ("%u of %u chats finished before the restart, not listed again; %u listed again",
                  g_hash_table_size (finished), chat_ids->len, listed_again);

  /* Every file of every chat, with its exact bytes. */
  for (guint i = 0; i < chat_ids->len; i++)
    {
      GPtrArray *media = chat_media->pdata[i];

      for (guint j = 0; j < media->len; j++)
        {
          TroveMedia *one = media->pdata[j];
          g_autofree char *relative = NULL;
          g_autoptr (GFile) file = NULL;
          g_autoptr (GBytes) expected = NULL;
          g_autofree char *contents = NULL;
          gsize length = 0;

          if (trove_media_get_locked (one))
            continue;
          relative = trove_filename_template_render (TEMPLATE, one, "Trove", chat_names->pdata[i]);
          file = trove_filename_resolve (folder, relative);
          expected =
              trove_test_server_process_get_content (server, trove_media_get_id (one), "main");
          if (!g_file_get_contents (g_file_peek_path (file), &contents, &length, NULL))
            g_error ("%s is missing", g_file_peek_path (file));
          g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                           g_bytes_get_size (expected));
          files++;
        }
    }
  g_assert_cmpuint (files, >, 0);
  g_test_message ("%u files, every one with its exact bytes", files);

  gtk_popover_popdown (GTK_POPOVER (popover));
  quit_trove (window, queue, archive);
  trove_test_remove_tree (folder_path);
}

static guint
count_requests (JsonArray *log, const char *server_name, const char *route)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *request = json_array_get_object_element (log, i);

      n += g_str_equal (json_object_get_string_member (request, "server"), server_name) &&
           (route == NULL ||
            g_strcmp0 (json_object_get_string_member (request, "route"), route) == 0);
    }

  return n;
}

/* Paused, then Trove quits: the entry comes back paused and nothing is fetched or listed
 * until Resume. Cancelled: forgotten, the start after brings nothing back. */
static void
test_paused_stays_paused_cancel_forgets (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  g_autofree char *folder_path = g_dir_make_tmp ("trove-everything-paused-XXXXXX", NULL);
  g_autofree char *archive_path = g_build_filename (folder_path, "archive.sqlite3", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr (GPtrArray) batches = NULL;
  g_autoptr (JsonArray) log = NULL;
  TroveDownloadArchive *archive;
  TroveDownloadQueue *queue;
  TroveWindow *window;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *item = NULL, *popover, *label = NULL;

  start_trove (archive_path, folder, provider, 1, FALSE, &archive, &queue, &window);
  trove_test_choose_from_menu (GTK_WIDGET (window), "Accounts", "Download Everything");
  TROVE_TEST_WAIT_UNTIL ((dialog = trove_test_message_dialog ()) != NULL);
  TROVE_TEST_WAIT_UNTIL (strstr (adw_message_dialog_get_body (dialog), "will be downloaded") !=
                         NULL);
  TROVE_TEST_WAIT_UNTIL (
      (item = trove_test_find (GTK_WIDGET (dialog), trove_test_is_labelled, "Download")) != NULL);
  trove_test_click (item);
  TROVE_TEST_WAIT_UNTIL (trove_test_message_dialog () == NULL);
  TROVE_TEST_WAIT_UNTIL (trove_download_queue_get_pending (queue) > 0);

  /* Paused, then Trove quits. */
  popover = trove_test_popup (GTK_WIDGET (window->downloads_button));
  TROVE_TEST_WAIT_UNTIL ((label = trove_test_find_named (popover, "batch-label")) != NULL);
  trove_test_click (trove_test_find_named (popover, "batch-pause"));
  TROVE_TEST_WAIT_UNTIL (
      g_strcmp0 (gtk_widget_get_tooltip_text (trove_test_find_named (popover, "batch-pause")),
                 "Resume All") == 0);
  gtk_popover_popdown (GTK_POPOVER (popover));
  quit_trove (window, queue, archive);
  trove_test_spin (200);
  trove_test_server_process_reset (server);

  /* Back paused; nothing spent meanwhile. */
  start_trove (archive_path, folder, provider, 0, TRUE, &archive, &queue, &window);
  popover = trove_test_popup (GTK_WIDGET (window->downloads_button));
  TROVE_TEST_WAIT_UNTIL ((label = trove_test_find_named (popover, "batch-label")) != NULL);
  g_assert_true (
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Everything from Mira Solberg: "));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (trove_test_find_named (popover, "batch-pause")), ==,
                   "Resume All");
  trove_test_spin (1000);
  g_assert_cmpuint (trove_download_queue_get_pending (queue), >, 0);
  log = trove_test_server_process_get_requests (server);
  g_assert_cmpuint (count_requests (log, "media", NULL), ==, 0);
  g_assert_cmpuint (count_requests (log, "api", "GET /chats/{chat}/media"), ==, 0);

  /* Cancelled: forgotten for good. */
  trove_test_click (trove_test_find_named (popover, "batch-cancel"));
  TROVE_TEST_WAIT_UNTIL (trove_download_queue_get_pending (queue) == 0);
  batches = trove_download_archive_list_pending_batches (archive);
  g_assert_cmpuint (batches->len, ==, 0);
  gtk_popover_popdown (GTK_POPOVER (popover));
  quit_trove (window, queue, archive);

  start_trove (archive_path, folder, provider, 0, TRUE, &archive, &queue, &window);
  popover = trove_test_popup (GTK_WIDGET (window->downloads_button));
  trove_test_spin (200);
  g_assert_null (trove_test_find_named (popover, "batch-label"));

  gtk_popover_popdown (GTK_POPOVER (popover));
  quit_trove (window, queue, archive);
  trove_test_remove_tree (folder_path);
}

int
main (int argc, char *argv[])
{
  /* Slow enough that the set is still downloading when Trove quits. */
  const char *args[] = { "--dataset", "archive=6,10,30", "--latency", "150", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/download-everything/resumed-after-restart", test_resumed_after_restart);
  g_test_add_func ("/download-everything/paused-stays-paused-cancel-forgets",
                   test_paused_stays_paused_cancel_forgets);

  status = g_test_run ();
  g_object_unref (app);
  trove_test_server_process_free (server);
  return status;
}
