/* trove-cli-sync.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * trove-cli sync: what is new in every chat of every account, for cron and systemd timers.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "trove-account-context.h"
#include "trove-account-sync.h"
#include "trove-chat.h"
#include "trove-cli-format.h"
#include "trove-cli.h"
#include "trove-filename-template.h"

typedef struct
{
  TroveAccountSync *sync;
  char *name;
  gboolean done;
  GError *error;
  GError *incomplete; /* the chat list cut short */
} AccountRun;

static void
account_run_free (AccountRun *run)
{
  g_clear_object (&run->sync);
  g_free (run->name);
  g_clear_error (&run->error);
  g_clear_error (&run->incomplete);
  g_free (run);
}

static void
chat_failed_cb (TroveAccountSync *sync, TroveChat *chat, GError *error, AccountRun *run)
{
  trove_cli_printerr_line ("trove-cli: account “%s”, chat %s (%s): %s", run->name,
                           trove_chat_get_id (chat), trove_chat_get_display_name (chat),
                           error->message);
}

static void
chat_incomplete_cb (TroveAccountSync *sync, TroveChat *chat, GError *incomplete, AccountRun *run)
{
  trove_cli_printerr_line ("trove-cli: account “%s”, chat %s (%s): %s", run->name,
                           trove_chat_get_id (chat), trove_chat_get_display_name (chat),
                           incomplete->message);
}

static void
download_finished_cb (TroveAccountSync *sync, TroveDownload *job, AccountRun *run)
{
  g_autofree char *path = g_file_get_path (trove_download_get_destination (job));

  if (trove_download_get_state (job) == TROVE_DOWNLOAD_DONE)
    {
      if (isatty (1))
        trove_cli_print_line ("%s", path);
    }
  else if (trove_download_get_state (job) == TROVE_DOWNLOAD_FAILED)
    trove_cli_printerr_line ("trove-cli: account “%s”: %s (%s): %s", run->name,
                             trove_media_get_id (trove_download_get_media (job)), path,
                             trove_download_get_error (job)->message);
}

static void
synced_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  AccountRun *run = user_data;

  trove_account_sync_run_finish (TROVE_ACCOUNT_SYNC (object), result, &run->incomplete,
                                 &run->error);
  run->done = TRUE;
}

/* The worse of two exit statuses. */
static int
worse (int status, int other)
{
  if (status == EXIT_INTERRUPTED || other == EXIT_INTERRUPTED)
    return EXIT_INTERRUPTED;
  if (status == EXIT_DONE || status == EXIT_SOME_FAILED)
    return MAX (status, other);
  return other == EXIT_DONE || other == EXIT_SOME_FAILED ? status : other;
}

int
trove_cli_sync (int argc, char **argv)
{
  g_autofree char *account_name = NULL, *dest = NULL, *template_text = NULL;
  int jobs = -1; /* not given: the setting */
  gboolean full = FALSE;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_name, N_ ("Only this account (name or id)"),
      "NAME" },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_ ("Walk every chat and every page (repair)"),
      NULL },
    { "dest", 0, 0, G_OPTION_ARG_FILENAME, &dest, N_ ("Folder to download to"), "DIR" },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &jobs, N_ ("Downloads at once, 1 to 8"), "N" },
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_text, N_ ("File name template"), "T" },
    { NULL }
  };
  g_autoptr (GOptionContext) context =
      g_option_context_new (_ ("- download what is new in every chat"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (GFile) folder = NULL;
  g_autoptr (TroveAccountStore) store = NULL;
  g_autoptr (TroveDownloadArchive) archive = NULL;
  g_autoptr (TroveDownloadQueue) queue = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) account_run_free);
  gboolean all_done = FALSE;
  int status = EXIT_DONE;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return trove_cli_usage_error ("%s", error->message);
  if (argc > 1)
    return trove_cli_usage_error ("unexpected argument “%s”", argv[1]);

  settings = g_settings_new (BASE_APPLICATION_ID);
  if (jobs == -1)
    jobs = g_settings_get_int (settings, "max-concurrent-downloads");
  if (jobs < 1 || jobs > 8)
    return trove_cli_usage_error ("--jobs must be between 1 and 8, not %d", jobs);
  if (template_text == NULL)
    template_text = g_settings_get_string (settings, "filename-template");
  if (!trove_filename_template_check (template_text, &error))
    return trove_cli_usage_error ("--template: %s", error->message);
  folder = dest ? g_file_new_for_commandline_arg (dest)
                : trove_account_context_dup_download_folder (trove_account_context_get_default ());

  archive = trove_download_archive_new (NULL, &error);
  if (archive == NULL)
    {
      trove_cli_printerr_line ("trove-cli: %s", error->message);
      return EXIT_SERVICE;
    }
  queue = trove_download_queue_new (folder, template_text, archive);
  trove_download_queue_set_max_concurrent (queue, jobs);
  trove_download_queue_set_file_times (queue, g_settings_get_boolean (settings, "set-file-times"));
  trove_download_queue_set_provenance (queue,
                                       g_settings_get_boolean (settings, "write-provenance"));

  /* A token given for one run belongs to one account, never to every account. */
  if (account_name == NULL && g_getenv ("TROVE_TOKEN") != NULL)
    return trove_cli_usage_error ("TROVE_TOKEN needs --account");

  store = trove_account_store_new ();
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr (TroveAccount) listed = g_list_model_get_item (G_LIST_MODEL (store), i);
      TroveAccount *account = listed;
      TroveProvider *provider;
      AccountRun *run;

      if (account_name != NULL && trove_account_store_find (store, account_name) != listed)
        continue;
      if ((provider = trove_cli_open_provider (store, trove_account_get_id (listed), &account)) ==
          NULL)
        return EXIT_USAGE;

      run = g_new0 (AccountRun, 1);
      run->name = trove_account_dup_display_name (account);
      run->sync = trove_account_sync_new (provider, trove_account_get_id (account), run->name,
                                          archive, queue, full);
      g_signal_connect (run->sync, "chat-failed", G_CALLBACK (chat_failed_cb), run);
      g_signal_connect (run->sync, "chat-incomplete", G_CALLBACK (chat_incomplete_cb), run);
      g_signal_connect (run->sync, "download-finished", G_CALLBACK (download_finished_cb), run);
      g_ptr_array_add (runs, run);
    }
  if (account_name != NULL && runs->len == 0)
    return trove_cli_usage_error ("no account named “%s” (see trove-cli accounts list)",
                                  account_name);

  /* Every account side by side: each has its own request budget (an agency's creators too). */
  for (guint i = 0; i < runs->len; i++)
    {
      AccountRun *run = g_ptr_array_index (runs, i);

      trove_account_sync_run_async (run->sync, cancellable, synced_cb, run);
    }

  while (!all_done)
    {
      all_done = TRUE;
      for (guint i = 0; i < runs->len; i++)
        all_done &= ((AccountRun *) g_ptr_array_index (runs, i))->done;
      if (all_done && trove_download_queue_get_pending (queue) == 0)
        break;
      all_done = FALSE;

      if (trove_cli_interrupted && !g_cancellable_is_cancelled (cancellable))
        {
          g_cancellable_cancel (cancellable);
          trove_download_queue_cancel_all (queue);
        }
      g_main_context_iteration (NULL, TRUE);
    }

  for (guint i = 0; i < runs->len; i++)
    {
      AccountRun *run = g_ptr_array_index (runs, i);
      const TroveAccountSyncCounts *counts = trove_account_sync_get_counts (run->sync);

      g_signal_handlers_disconnect_by_data (run->sync, run);
      g_print ("%s: chats %u changed of %u listed, %u failed; downloaded %u, skipped %u, failed "
               "%u, locked %u, "
               "deduplicated %u\n",
               run->name, counts->chats_visited, counts->chats_listed, counts->chats_failed,
               counts->downloaded, counts->skipped, counts->failed, counts->locked,
               counts->deduplicated);

      if (run->error != NULL)
        status = worse (status, trove_cli_report_failure (run->name, NULL, run->error));
      else if (counts->chats_failed > 0 || counts->failed > 0)
        status = worse (status, EXIT_SOME_FAILED);
      /* The service paged in circles: what it listed was synced, the rest waits for next time. */
      if (run->incomplete != NULL)
        {
          trove_cli_printerr_line ("trove-cli: account “%s”, the chat list: %s", run->name,
                                   run->incomplete->message);
          status = worse (status, EXIT_INCOMPLETE);
        }
      if (counts->chats_incomplete > 0)
        status = worse (status, EXIT_INCOMPLETE);
    }

  if (trove_cli_interrupted)
    status = EXIT_INTERRUPTED;

  return status;
}
