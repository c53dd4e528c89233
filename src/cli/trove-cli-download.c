/* trove-cli-download.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * trove-cli download.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "trove-account-context.h"
#include "trove-cli-format.h"
#include "trove-cli.h"
#include "trove-download-queue.h"
#include "trove-error.h"
#include "trove-filename-template.h"
#include "trove-onlyfansapi-provider.h"

typedef struct
{
  guint downloaded;
  guint failed;
  guint needs_paid; /* refused by the file host, paid downloads not allowed: counted apart */
  guint total;
  gboolean terminal;
  gboolean progress_bar;
  guint deduplicated; /* places filled by a link to a file already there */
} Progress;

/* "[####------] 12/40" on stderr, redrawn in place, for people watching a terminal. */
static void
draw_progress (Progress *progress)
{
  guint done =
      progress->downloaded + progress->failed + progress->needs_paid + progress->deduplicated;
  guint width = 30, filled = progress->total ? width * done / progress->total : width;
  g_autoptr (GString) bar = g_string_new ("\r[");

  if (!progress->progress_bar)
    return;

  for (guint i = 0; i < width; i++)
    g_string_append_c (bar, i < filled ? '#' : '-');
  g_string_append_printf (bar, "] %u/%u", done, progress->total);
  fputs (bar->str, stderr);
  if (done == progress->total)
    fputc ('\n', stderr);
  fflush (stderr);
}

static void
job_state_cb (TroveDownload *job, GParamSpec *pspec, Progress *progress)
{
  TroveDownloadState state = trove_download_get_state (job);
  g_autofree char *path = g_file_get_path (trove_download_get_destination (job));

  if (state == TROVE_DOWNLOAD_DONE)
    {
      if (trove_download_get_deduplicated (job))
        progress->deduplicated++;
      else
        progress->downloaded++;
      if (progress->progress_bar)
        fputs ("\r\033[K", stderr);
      if (progress->terminal)
        trove_cli_print_line ("%s", path);
    }
  else if (state == TROVE_DOWNLOAD_FAILED && trove_download_needs_paid_download (job))
    {
      progress->needs_paid++;
      if (progress->progress_bar)
        fputs ("\r\033[K", stderr);
      trove_cli_printerr_line ("trove-cli: %s (%s): needs paid download (--allow-paid-downloads, "
                               "%d credits per MB)",
                               trove_media_get_id (trove_download_get_media (job)), path,
                               TROVE_ONLYFANSAPI_CREDITS_PER_MB);
    }
  else if (state == TROVE_DOWNLOAD_FAILED)
    {
      progress->failed++;
      if (progress->progress_bar)
        fputs ("\r\033[K", stderr);
      trove_cli_printerr_line ("trove-cli: %s (%s): %s",
                               trove_media_get_id (trove_download_get_media (job)), path,
                               trove_download_get_error (job)->message);
    }
  else
    return;

  draw_progress (progress);
}

/* Once: the folder takes no hard links, so places are copies. */
static void
queue_warning_cb (TroveDownloadQueue *queue, GParamSpec *pspec, gpointer user_data)
{
  trove_cli_printerr_line ("trove-cli: %s", trove_download_queue_get_warning (queue));
}

typedef struct
{
  TroveDownloadArchive *archive;
  const char *account_id;
  GHashTable *in_place; /* ids of the items found in place, as the pages came in */
  GPtrArray *waiting;   /* items listed, not looked up yet */
  guint idle_id;
} InPlace;

/* Looks the items listed so far up in the archive, in one go. */
static void
check_waiting (InPlace *check)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_sized_new (check->waiting->len);
  g_autofree gboolean *found = NULL;
  const char *chat_id = NULL;

  for (guint i = 0; i < check->waiting->len; i++)
    {
      TroveMedia *media = g_ptr_array_index (check->waiting, i);

      if (chat_id == NULL)
        chat_id = trove_media_get_chat_id (media);
      /* All of them are of the one chat; any other goes through the queue. */
      if (chat_id != NULL && g_strcmp0 (trove_media_get_chat_id (media), chat_id) == 0)
        g_ptr_array_add (ids, (gpointer) trove_media_get_id (media));
    }
  found = g_new (gboolean, ids->len);
  trove_download_archive_find_in_place (check->archive, check->account_id, chat_id,
                                        (const char *const *) ids->pdata, ids->len, found);
  for (guint i = 0; i < ids->len; i++)
    if (found[i])
      g_hash_table_add (check->in_place, g_strdup (g_ptr_array_index (ids, i)));
  g_ptr_array_set_size (check->waiting, 0);
}

static gboolean
check_waiting_cb (gpointer user_data)
{
  InPlace *check = user_data;

  check->idle_id = 0;
  check_waiting (check);
  return G_SOURCE_REMOVE;
}

/* A chat already downloaded is mostly lookups: each page's are done while the listing goes on,
 * once the main loop has nothing more urgent (the next page, fetched meanwhile, goes to be
 * parsed first). */
static void
page_listed_cb (GListModel *list, guint position, guint added, gpointer user_data)
{
  InPlace *check = user_data;

  for (guint i = position; i < position + added; i++)
    g_ptr_array_add (check->waiting, g_list_model_get_item (list, i));
  if (check->idle_id == 0)
    check->idle_id = g_idle_add (check_waiting_cb, check);
}

int
trove_cli_download (int argc, char **argv)
{
  TroveCliQuery query = { 0 };
  g_autofree char *kind = NULL, *from = NULL, *since = NULL, *until = NULL, *dest = NULL,
                  *template_text = NULL;
  int jobs = -1; /* not given: the setting */
  gboolean dry_run = FALSE, all_chats = FALSE, allow_paid = FALSE;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &query.account_name, N_ ("Account name or id"),
      "NAME" },
    { "chat", 0, 0, G_OPTION_ARG_STRING, &query.chat, N_ ("Chat id"), "ID" },
    { "all-chats", 0, 0, G_OPTION_ARG_NONE, &all_chats,
      N_ ("Every chat of the account, instead of --chat (resumable)"), NULL },
    { "dest", 0, 0, G_OPTION_ARG_FILENAME, &dest, N_ ("Folder to download to"), "DIR" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_ ("image, video, audio or document"), "KIND" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_ ("me or fan"), "WHO" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_ ("Only items sent since DATE (ISO 8601)"),
      "DATE" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_ ("Only items sent until DATE (ISO 8601)"),
      "DATE" },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &jobs, N_ ("Downloads at once, 1 to 8"), "N" },
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_text, N_ ("File name template"), "T" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_ ("Print what would be downloaded (and, for OnlyFansAPI, the estimated credits)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &query.json,
      N_ ("Print JSON Lines: one per item, then the totals"), NULL },
    { "allow-paid-downloads", 0, 0, G_OPTION_ARG_NONE, &allow_paid,
      N_ ("OnlyFansAPI: fetch files the file host refuses through the paid download endpoint (3 "
          "credits per MB), for this run"),
      NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("- download the media of a chat"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) incomplete = NULL;
  g_autoptr (TroveAccountStore) store = NULL;
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (GFile) folder = NULL;
  g_autoptr (TroveDownloadArchive) archive = NULL;
  g_autoptr (TroveDownloadQueue) queue = NULL;
  g_autofree char *account_name = NULL;
  g_autofree char *chat_name = NULL;
  g_autoptr (GHashTable) in_place = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) waiting = g_ptr_array_new_with_free_func (g_object_unref);
  InPlace check = { NULL, NULL, in_place, waiting, 0 };
  TroveAccount *account = NULL;
  Progress progress = { 0, 0, 0, 0, isatty (1), isatty (2) };
  guint skipped = 0, locked = 0;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return trove_cli_usage_error ("%s", error->message);
  if (argc > 1)
    return trove_cli_usage_error ("unexpected argument “%s”", argv[1]);
  if ((status = trove_cli_parse_query (&query, kind, from, since, until)) != EXIT_DONE)
    goto out;
  if ((status = trove_cli_check_chat_choice (query.chat, all_chats)) != EXIT_DONE)
    goto out;
  if (query.json && !all_chats)
    {
      status = trove_cli_usage_error ("--json goes with --all-chats");
      goto out;
    }

  settings = g_settings_new (BASE_APPLICATION_ID);
  if (jobs == -1)
    jobs = g_settings_get_int (settings, "max-concurrent-downloads");
  if (jobs < 1 || jobs > 8)
    {
      status = trove_cli_usage_error ("--jobs must be between 1 and 8, not %d", jobs);
      goto out;
    }
  if (template_text == NULL)
    template_text = g_settings_get_string (settings, "filename-template");
  if (!trove_filename_template_check (template_text, &error))
    {
      status = trove_cli_usage_error ("--template: %s", error->message);
      goto out;
    }
  folder = dest ? g_file_new_for_commandline_arg (dest)
                : trove_account_context_dup_download_folder (trove_account_context_get_default ());

  store = trove_account_store_new ();
  if ((provider = trove_cli_open_provider (store, query.account_name, &account)) == NULL)
    {
      status = EXIT_USAGE;
      goto out;
    }
  account_name = trove_account_dup_display_name (account);
  /* For this run only: the account's own setting stays as it is. */
  if (allow_paid && TROVE_IS_ONLYFANSAPI_PROVIDER (provider))
    trove_onlyfansapi_provider_set_allow_paid_downloads (TROVE_ONLYFANSAPI_PROVIDER (provider),
                                                         TRUE);

  archive = trove_download_archive_new (NULL, &error);
  if (archive == NULL)
    {
      trove_cli_printerr_line ("trove-cli: %s", error->message);
      status = EXIT_SERVICE;
      goto out;
    }

  queue = trove_download_queue_new (folder, template_text, dry_run ? NULL : archive);
  g_signal_connect (queue, "notify::warning", G_CALLBACK (queue_warning_cb), NULL);
  trove_download_queue_set_max_concurrent (queue, jobs);
  trove_download_queue_set_file_times (queue, g_settings_get_boolean (settings, "set-file-times"));
  trove_download_queue_set_provenance (queue,
                                       g_settings_get_boolean (settings, "write-provenance"));

  if (all_chats)
    {
      TroveCliDownloadAll options = {
        &query,        provider, account,   archive, dry_run ? NULL : queue,
        template_text, dry_run,  query.json
      };

      status = trove_cli_download_all_chats (&options);
      goto out;
    }

  /* {chat} is the fan's name, as the GUI and --all-chats give it: one tree per account. */
  chat_name = trove_cli_find_chat_name (provider, query.chat, &error);
  if (chat_name == NULL && error != NULL)
    {
      status = trove_cli_report_failure (query.account_name, query.chat, error);
      goto out;
    }
  if (chat_name == NULL)
    trove_cli_printerr_line ("trove-cli: account “%s”: chat %s is not in the chat list; its folder "
                             "is named after its id",
                             query.account_name, query.chat);

  check.archive = archive;
  check.account_id = trove_account_get_id (account);
  items = trove_cli_list_media_by_page (&query, provider, dry_run ? NULL : page_listed_cb, &check,
                                        &incomplete, &error);
  g_clear_handle_id (&check.idle_id, g_source_remove);
  if (items != NULL)
    check_waiting (&check);
  if (items == NULL)
    {
      status = trove_cli_report_failure (query.account_name, query.chat, error);
      goto out;
    }
  /* Nothing starts before every job is queued: the queue pumps on the main loop. */
  for (guint i = 0; i < items->len && !trove_cli_interrupted; i++)
    {
      TroveMedia *media = g_ptr_array_index (items, i);
      g_autofree char *already = NULL;
      g_autofree char *relative = NULL;
      TroveDownload *job;

      if (trove_media_get_locked (media))
        {
          locked++;
          continue;
        }

      if (dry_run)
        {
          already = trove_download_archive_lookup (archive, trove_account_get_id (account),
                                                   trove_media_get_id (media));
          relative = trove_filename_template_render (template_text, media, account_name,
                                                     chat_name ? chat_name : query.chat);
          if (already != NULL)
            skipped++;
          else
            trove_cli_print_line ("%s", relative);
          continue;
        }

      /* What the queue would skip too: downloaded, and in its place in this chat. It holds no
       * job for the item yet (each item is listed once), so nothing else would count. */
      if (g_hash_table_contains (in_place, trove_media_get_id (media)))
        {
          skipped++;
          continue;
        }

      job = trove_download_queue_add (queue, provider, trove_account_get_id (account), account_name,
                                      chat_name ? chat_name : query.chat, media, &already);
      if (job == NULL)
        skipped++;
      else
        {
          progress.total++;
          g_signal_connect (job, "notify::state", G_CALLBACK (job_state_cb), &progress);
        }
    }

  while (!dry_run && trove_download_queue_get_pending (queue) > 0)
    {
      if (trove_cli_interrupted)
        trove_download_queue_cancel_all (queue);
      else
        g_main_context_iteration (NULL, TRUE);
    }

  if (dry_run)
    g_print ("would download %u, skipped %u, locked %u\n", items->len - skipped - locked, skipped,
             locked);
  else
    {
      g_print ("downloaded %u, skipped %u, failed %u, locked %u, deduplicated %u",
               progress.downloaded, skipped, progress.failed, locked, progress.deduplicated);
      /* Only when there are any: scripts that read the line see the same fields as before. */
      if (progress.needs_paid > 0)
        g_print (", needs paid download %u", progress.needs_paid);
      g_print ("\n");
    }

  if (incomplete != NULL)
    status = trove_cli_report_incomplete (query.account_name, query.chat, incomplete);

  if (trove_cli_interrupted)
    status = EXIT_INTERRUPTED;
  else if (progress.failed > 0 || progress.needs_paid > 0)
    status = EXIT_SOME_FAILED;

  /* Jobs outlive their signal handlers' data otherwise. */
  if (queue != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
      {
        g_autoptr (GObject) job = g_list_model_get_item (G_LIST_MODEL (queue), i);

        g_signal_handlers_disconnect_by_data (job, &progress);
      }

out:
  trove_cli_query_clear (&query);
  return status;
}
