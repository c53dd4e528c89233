/* trove-cli-download-all.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * trove-cli download --all-chats: every chat of an account through the account walk, resumable.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <unistd.h>

#include "trove-cli-format.h"
#include "trove-cli.h"
#include "trove-filename-template.h"
#include "trove-onlyfansapi-provider.h"

typedef struct
{
  const TroveCliDownloadAll *options;
  const char *account_id;
  char *account_name;
  TroveAccountWalk *walk;
  GHashTable *jobs;    /* TroveDownload -> GPtrArray of ChatState: the chats waiting on it */
  GHashTable *planned; /* media ids a dry run would fetch, each once */
  guint downloaded, skipped, failed, locked, deduplicated, would;
  guint needs_paid;    /* refused by the file host, paid downloads not allowed: counted apart */
  gint64 bytes;        /* what a dry run would fetch, where sizes are known */
  gint64 paid_credits; /* what those files would cost through OnlyFansAPI's paid endpoint */
  guint unknown_sizes; /* items whose size the listing does not give */
} AllChats;

/* A chat whose items are downloading: finished once none is left. */
typedef struct
{
  TroveChat *chat;
  guint outstanding;
  gboolean failed;
} ChatState;

static void
chat_state_unref_job (AllChats *all, ChatState *state, gboolean failed)
{
  state->failed |= failed;
  if (--state->outstanding > 0)
    return;
  /* A chat with a failed item stays unfinished: a run after an interruption tries it again. */
  if (!state->failed && all->walk != NULL)
    trove_account_walk_chat_finished (all->walk, state->chat);
  g_object_unref (state->chat);
  g_free (state);
}

/* One JSON Lines row: {"event":EVENT,"id":...,"chat":...,"chat_name":...[,"path"][,"error"]}. */
static void
print_row (AllChats *all,
           const char *event,
           TroveMedia *media,
           TroveChat *chat,
           const char *path,
           const char *message)
{
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonGenerator) generator = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *line = NULL;

  if (!all->options->json)
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, trove_media_get_id (media));
  json_builder_set_member_name (builder, "chat");
  json_builder_add_string_value (builder, trove_chat_get_id (chat));
  json_builder_set_member_name (builder, "chat_name");
  json_builder_add_string_value (builder, trove_chat_get_display_name (chat));
  if (path != NULL)
    {
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
    }
  if (message != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, message);
    }
  json_builder_end_object (builder);

  generator = json_generator_new ();
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  g_print ("%s\n", line);
}

static void
job_state_cb (TroveDownload *job, GParamSpec *pspec, AllChats *all)
{
  TroveDownloadState state = trove_download_get_state (job);
  g_autofree char *path = g_file_get_path (trove_download_get_destination (job));
  GPtrArray *waiting;

  if (state != TROVE_DOWNLOAD_DONE && state != TROVE_DOWNLOAD_FAILED)
    return;
  waiting = g_hash_table_lookup (all->jobs, job);
  if (waiting == NULL || waiting->len == 0)
    return;

  if (state == TROVE_DOWNLOAD_DONE && trove_download_get_deduplicated (job))
    {
      all->deduplicated++;
      print_row (all, "deduplicated", trove_download_get_media (job),
                 ((ChatState *) waiting->pdata[0])->chat, path, NULL);
    }
  else if (state == TROVE_DOWNLOAD_DONE)
    {
      all->downloaded++;
      print_row (all, "downloaded", trove_download_get_media (job),
                 ((ChatState *) waiting->pdata[0])->chat, path, NULL);
      if (!all->options->json && isatty (1))
        trove_cli_print_line ("%s", path);
    }
  else if (trove_download_needs_paid_download (job))
    {
      all->needs_paid++;
      print_row (all, "needs-paid-download", trove_download_get_media (job),
                 ((ChatState *) waiting->pdata[0])->chat, path,
                 trove_download_get_error (job)->message);
      trove_cli_printerr_line ("trove-cli: %s (%s): needs paid download",
                               trove_media_get_id (trove_download_get_media (job)), path);
    }
  else
    {
      all->failed++;
      print_row (all, "failed", trove_download_get_media (job),
                 ((ChatState *) waiting->pdata[0])->chat, path,
                 trove_download_get_error (job)->message);
      trove_cli_printerr_line ("trove-cli: %s (%s): %s",
                               trove_media_get_id (trove_download_get_media (job)), path,
                               trove_download_get_error (job)->message);
    }

  for (guint i = 0; i < waiting->len; i++)
    chat_state_unref_job (all, g_ptr_array_index (waiting, i), state == TROVE_DOWNLOAD_FAILED);
  g_ptr_array_set_size (waiting, 0);
}

/* What a dry run would do with @media of @chat: prints the file it would write. */
static void
plan_item (AllChats *all, TroveChat *chat, TroveMedia *media)
{
  const TroveMediaVariant *main_variant = trove_media_get_variant (media, TROVE_VARIANT_MAIN);
  g_autofree char *already = NULL;
  g_autofree char *relative = NULL;

  already = trove_download_archive_lookup (all->options->archive, all->account_id,
                                           trove_media_get_id (media));
  if (already != NULL || g_hash_table_contains (all->planned, trove_media_get_id (media)))
    {
      all->skipped++;
      print_row (all, "skipped", media, chat, already, NULL);
      return;
    }

  g_hash_table_add (all->planned, g_strdup (trove_media_get_id (media)));
  all->would++;
  if (main_variant != NULL && main_variant->size > 0)
    {
      all->bytes += main_variant->size;
      /* Billed per file, each rounded up. */
      all->paid_credits += trove_onlyfansapi_credits_for_bytes (main_variant->size);
    }
  else
    all->unknown_sizes++;

  relative = trove_filename_template_render (all->options->template_text, media, all->account_name,
                                             trove_chat_get_display_name (chat));
  print_row (all, "would-download", media, chat, relative, NULL);
  if (!all->options->json)
    trove_cli_print_line ("%s", relative);
}

static gboolean
chat_listed_cb (TroveAccountWalk *walk, TroveChat *chat, GPtrArray *media, AllChats *all)
{
  ChatState *state = g_new0 (ChatState, 1);
  gboolean finished;

  state->chat = g_object_ref (chat);
  state->outstanding = 1; /* the listing's own hold, dropped below */

  for (guint i = 0; i < media->len && !trove_cli_interrupted; i++)
    {
      TroveMedia *item = g_ptr_array_index (media, i);
      g_autofree char *already = NULL;
      TroveDownload *job;
      GPtrArray *waiting;

      if (!trove_cli_media_matches (item, all->options->query))
        continue;
      if (trove_media_get_locked (item))
        {
          all->locked++;
          print_row (all, "locked", item, chat, NULL, NULL);
          continue;
        }
      if (all->options->dry_run)
        {
          plan_item (all, chat, item);
          continue;
        }

      job = trove_download_queue_add (all->options->queue, all->options->provider, all->account_id,
                                      all->account_name, trove_chat_get_display_name (chat), item,
                                      &already);
      /* The same media in a chat listed before: fetched once, by the job there is. */
      waiting = job ? g_hash_table_lookup (all->jobs, job) : NULL;
      if (job == NULL || (waiting != NULL && waiting->len == 0))
        {
          all->skipped++;
          print_row (all, "skipped", item, chat, already, NULL);
          continue;
        }
      if (waiting == NULL)
        {
          waiting = g_ptr_array_new ();
          g_hash_table_insert (all->jobs, g_object_ref (job), waiting);
          g_signal_connect (job, "notify::state", G_CALLBACK (job_state_cb), all);
        }
      else
        all->skipped++;
      g_ptr_array_add (waiting, state);
      state->outstanding++;
    }

  /* Interrupted while queueing: the chat is not finished, whatever its jobs do. */
  if (trove_cli_interrupted)
    state->failed = TRUE;
  finished = state->outstanding == 1 && !state->failed;
  if (finished)
    {
      g_object_unref (state->chat);
      g_free (state);
    }
  else
    chat_state_unref_job (all, state, FALSE);

  return finished;
}

static void
chat_failed_cb (TroveAccountWalk *walk, TroveChat *chat, GError *error, AllChats *all)
{
  trove_cli_report_chat_failure (all->options->query->account_name, chat, error);
}

static void
chat_incomplete_cb (TroveAccountWalk *walk, TroveChat *chat, GError *incomplete, AllChats *all)
{
  trove_cli_report_chat_failure (all->options->query->account_name, chat, incomplete);
}

static gboolean
queue_busy (gpointer user_data)
{
  AllChats *all = user_data;

  if (all->options->queue == NULL)
    return FALSE;
  if (trove_cli_interrupted)
    trove_download_queue_cancel_all (all->options->queue);
  return trove_download_queue_get_pending (all->options->queue) > 0;
}

/* OnlyFansAPI's bill for what a dry run saw: a credit per listing page. Files come from the
 * CDN directly, which is free; an account that must go through the paid download endpoint
 * would add 3 credits per MB (decimal, rounded up per file). */
static void
print_estimate (AllChats *all, const TroveCliPageCount *count)
{
  TroveProvider *provider = all->options->provider;
  /* Which files the file host will refuse is only known by asking it for each: where paid
   * downloads are allowed, the most they can cost is said beside the pages. */
  gboolean paid_downloads =
      TROVE_IS_ONLYFANSAPI_PROVIDER (provider) &&
      trove_onlyfansapi_provider_get_allow_paid_downloads (TROVE_ONLYFANSAPI_PROVIDER (provider));
  gint64 paid_at_most = paid_downloads ? all->paid_credits : 0;

  if (all->options->json)
    g_print ("{\"event\":\"estimate\",\"pages\":%u,\"bytes\":%" G_GINT64_FORMAT
             ",\"unknown_sizes\":%u,"
             "\"credits\":%u,\"paid_downloads_at_most\":%" G_GINT64_FORMAT ",\"at_least\":%s}\n",
             count->pages, all->bytes, all->unknown_sizes, count->pages, paid_at_most,
             paid_downloads && all->unknown_sizes ? "true" : "false");
  else if (paid_downloads)
    g_print ("estimated credits: %u (%u page requests, %" G_GINT64_FORMAT
             " bytes to fetch%s), and up to %s%" G_GINT64_FORMAT
             " more for paid downloads (3 per MB of each file the file host refuses to serve)\n",
             count->pages, count->pages, all->bytes,
             all->unknown_sizes ? ", some sizes unknown" : "",
             all->unknown_sizes ? "at least " : "", paid_at_most);
  else
    g_print ("estimated credits: %u (%u page requests, %" G_GINT64_FORMAT " bytes to fetch%s)\n",
             count->pages, count->pages, all->bytes,
             all->unknown_sizes ? ", some sizes unknown" : "");
}

int
trove_cli_download_all_chats (const TroveCliDownloadAll *options)
{
  const TroveCliQuery *query = options->query;
  AllChats all = { options };
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) incomplete = NULL;
  TroveCliPageCount count = { 0 };
  TroveAccountWalkCounts counts;
  gboolean resumable = !options->dry_run && query->from < 0 && query->until == NULL;
  gboolean ok;
  int status = EXIT_DONE;

  all.account_id = trove_account_get_id (options->account);
  all.account_name = trove_account_dup_display_name (options->account);
  all.jobs = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) g_ptr_array_unref);
  all.planned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* --from and --until narrow what the walk's scope does not say: such a run is not resumed. */
  all.walk = trove_account_walk_new (options->provider, all.account_id,
                                     resumable ? options->archive : NULL);
  trove_account_walk_set_kind (all.walk, query->kind);
  trove_account_walk_set_since (all.walk, query->since);
  g_signal_connect (all.walk, "chat-listed", G_CALLBACK (chat_listed_cb), &all);
  g_signal_connect (all.walk, "chat-failed", G_CALLBACK (chat_failed_cb), &all);
  g_signal_connect (all.walk, "chat-incomplete", G_CALLBACK (chat_incomplete_cb), &all);

  if (options->dry_run && trove_provider_bills_requests (options->provider))
    trove_cli_page_count_start (&count, options->provider);

  ok = trove_cli_run_walk (all.walk, queue_busy, &all, &incomplete, &error);
  trove_account_walk_get_counts (all.walk, &counts);

  if (counts.resumed && counts.skipped > 0)
    trove_cli_printerr_line ("trove-cli: account “%s”: resumed an interrupted run; %u chats it "
                             "finished were not listed again",
                             query->account_name, counts.skipped);

  if (options->dry_run && !options->json)
    g_print ("would download %u, skipped %u, locked %u\n", all.would, all.skipped, all.locked);
  if (options->dry_run && trove_provider_bills_requests (options->provider))
    print_estimate (&all, &count);
  if (options->json)
    g_print ("{\"event\":\"summary\",\"downloaded\":%u,\"skipped\":%u,\"failed\":%u,\"locked\":%u,"
             "\"deduplicated\":%u,"
             "\"needs_paid_download\":%u,\"would_download\":%u,\"chats\":%u,\"chats_listed\":%u,"
             "\"chats_resumed\":%u,\"chats_failed\":%u}\n",
             all.downloaded, all.skipped, all.failed, all.locked, all.deduplicated, all.needs_paid,
             all.would, counts.chats, counts.listed, counts.skipped, counts.failed);
  else if (!options->dry_run)
    {
      g_print ("downloaded %u, skipped %u, failed %u, locked %u, deduplicated %u", all.downloaded,
               all.skipped, all.failed, all.locked, all.deduplicated);
      if (all.needs_paid > 0)
        g_print (", needs paid download %u", all.needs_paid);
      g_print ("\n");
    }
  if (counts.failed > 0)
    trove_cli_printerr_line ("trove-cli: account “%s”: %u of %u chats could not be listed",
                             query->account_name, counts.failed, counts.chats);

  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    status = trove_cli_report_failure (query->account_name, NULL, error);
  else if (trove_cli_interrupted)
    status = EXIT_INTERRUPTED;
  else if (incomplete != NULL)
    {
      trove_cli_printerr_line ("trove-cli: account “%s”, the chat list: %s", query->account_name,
                               incomplete->message);
      status = EXIT_INCOMPLETE;
    }
  else if (counts.incomplete > 0)
    status = EXIT_INCOMPLETE; /* each chat was named as it was cut short */
  else if (all.failed > 0 || all.needs_paid > 0 || counts.failed > 0)
    status = EXIT_SOME_FAILED;

  trove_cli_page_count_stop (&count);
  /* The jobs outlive this run's data otherwise. */
  {
    GHashTableIter iter;
    gpointer job;

    g_hash_table_iter_init (&iter, all.jobs);
    while (g_hash_table_iter_next (&iter, &job, NULL))
      g_signal_handlers_disconnect_by_data (job, &all);
  }
  g_hash_table_unref (all.jobs);
  g_hash_table_unref (all.planned);
  g_object_unref (all.walk);
  g_free (all.account_name);

  return status;
}
