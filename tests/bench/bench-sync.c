/* bench-sync.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The daily sync of a whole account: a Fanvue creator with 200 chats of 100 items (30 % mass
 * messages) at 20 ms latency, already archived. After 1 % of its chats received new media, a
 * sync should cost the chat-list pages it must read plus one media page per changed chat.
 *
 * The archive of the account's files is made up front by recording every item the server
 * lists with an empty placeholder file (the archive's own record call), so that the benchmark
 * does not fetch 2.4 GB first; the first sync then runs for real over that archive: it lists
 * every chat in full, downloads nothing and remembers what it saw.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "trove-account-sync.h"
#include "trove-bench.h"
#include "trove-chat.h"
#include "trove-fanvue-provider.h"
#include "trove-paged-list.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

#define CHATS 200
#define ITEMS 100
#define CHANGED_CHATS 2 /* 1 % */
#define PAGE_SIZE 50    /* the provider's chat and media pages */
#define RUNS 3
#define ACCOUNT "bench-account"

typedef struct
{
  guint api;
  guint chat_list;
  guint media_pages;
  guint media_host;
} Requests;

static Requests
count_requests (TroveTestServerProcess *server)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
  Requests counts = { 0 };

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      const char *route = json_object_get_string_member (request, "route");

      if (g_str_equal (json_object_get_string_member (request, "server"), "media"))
        {
          counts.media_host++;
          continue;
        }
      counts.api++;
      if (g_str_equal (route, "GET /chats"))
        counts.chat_list++;
      else if (g_str_equal (route, "GET /chats/{chat}/media"))
        counts.media_pages++;
    }

  return counts;
}

static void
synced_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  trove_account_sync_run_finish (TROVE_ACCOUNT_SYNC (object), result, NULL, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static const TroveAccountSyncCounts *
sync_once (TroveAccountSync *sync)
{
  gboolean done = FALSE;

  trove_account_sync_run_async (sync, NULL, synced_cb, &done);
  trove_test_wait_for (&done, 600);

  return trove_account_sync_get_counts (sync);
}

static TroveAccountSync *
new_sync (TroveProvider *provider, TroveDownloadArchive *archive, TroveDownloadQueue *queue)
{
  return trove_account_sync_new (provider, ACCOUNT, "Bench", archive, queue, FALSE);
}

/* Records every unlocked item of every chat as downloaded, each to an empty file of its own;
 * the number of media pages a complete listing of the account takes. */
static guint
archive_everything (TroveProvider *provider, TroveDownloadArchive *archive, const char *folder)
{
  g_autoptr (TrovePagedList) chats = trove_paged_list_new_for_chats (provider, NULL);
  guint pages = 0;

  trove_test_load_all (chats, 120);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (chats)), ==, CHATS);

  for (guint i = 0; i < CHATS; i++)
    {
      g_autoptr (TroveChat) chat = g_list_model_get_item (G_LIST_MODEL (chats), i);
      g_autoptr (TrovePagedList) media =
          trove_paged_list_new_for_media (provider, trove_chat_get_id (chat),
                                          TROVE_MEDIA_KIND_UNKNOWN);
      guint n;

      trove_test_load_all (media, 120);
      n = g_list_model_get_n_items (G_LIST_MODEL (media));
      pages += MAX (1, (n + PAGE_SIZE - 1) / PAGE_SIZE);

      for (guint j = 0; j < n; j++)
        {
          g_autoptr (TroveMedia) item = g_list_model_get_item (G_LIST_MODEL (media), j);
          g_autofree char *path = g_build_filename (folder, trove_media_get_id (item), NULL);
          g_autoptr (GError) error = NULL;

          if (trove_media_get_locked (item))
            continue;
          g_assert_true (g_file_set_contents (path, "", 0, NULL));
          trove_download_archive_record (archive, ACCOUNT, trove_media_get_id (item), path, 0,
                                         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7"
                                         "852b855",
                                         &error);
          g_assert_no_error (error);
        }
    }

  return pages;
}

int
main (int argc, char *argv[])
{
  g_autofree char *dataset = g_strdup_printf ("archive=%d,%d,30", CHATS, ITEMS);
  const char *args[] = { "--dataset", dataset, "--latency", "20", NULL };
  g_autoptr (TroveBench) bench = trove_bench_new ("bench-sync");
  g_autoptr (TroveTestServerProcess) server = NULL;
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (TroveDownloadArchive) archive = NULL;
  g_autoptr (TroveDownloadQueue) queue = NULL;
  g_autoptr (GFile) folder = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *archive_path = NULL;
  g_autofree char *placeholders = NULL;
  double first_made[1], first_least[1];
  double made[RUNS], least[RUNS], every_list_page[RUNS], downloads[RUNS], expected_downloads[RUNS];
  guint media_pages;
  Requests counts;

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);
  provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);

  dir = g_dir_make_tmp ("trove-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  archive_path = g_build_filename (dir, "archive.sqlite3", NULL);
  placeholders = g_build_filename (dir, "archived", NULL);
  g_assert_cmpint (g_mkdir (placeholders, 0700), ==, 0);
  folder = g_file_new_build_filename (dir, "downloads", NULL);
  archive = trove_download_archive_new (archive_path, &error);
  g_assert_no_error (error);
  queue = trove_download_queue_new (folder, "{chat}/{id}.{ext}", archive);
  trove_download_queue_set_max_concurrent (queue, 4);

  media_pages = archive_everything (provider, archive, placeholders);

  /* The first sync: every chat in full, nothing downloaded. */
  trove_test_server_process_reset (server);
  {
    g_autoptr (TroveAccountSync) sync = new_sync (provider, archive, queue);
    const TroveAccountSyncCounts *first = sync_once (sync);

    g_assert_cmpuint (first->downloaded, ==, 0);
    counts = count_requests (server);
    first_made[0] = counts.api;
    first_least[0] = (CHATS + PAGE_SIZE - 1) / PAGE_SIZE + media_pages;
    g_print ("first sync: %u requests (%u chat-list pages, %u media pages), %u chats listed\n",
             counts.api, counts.chat_list, counts.media_pages, first->chats_listed);
  }

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr (TroveAccountSync) sync = NULL;
      const TroveAccountSyncCounts *result;

      trove_test_server_process_add_archive_media (server, CHANGED_CHATS, "fanvue");
      trove_test_server_process_reset (server);
      sync = new_sync (provider, archive, queue);
      result = sync_once (sync);
      counts = count_requests (server);

      /* The changed chats lead the list: its first page reaches an unchanged chat. */
      made[run] = counts.api;
      least[run] = (CHANGED_CHATS + 1 + PAGE_SIZE - 1) / PAGE_SIZE + CHANGED_CHATS;
      every_list_page[run] = (CHATS + PAGE_SIZE - 1) / PAGE_SIZE + CHANGED_CHATS;
      downloads[run] = counts.media_host;
      expected_downloads[run] = result->downloaded + result->failed;
      g_assert_cmpuint (result->failed, ==, 0);
      g_assert_cmpuint (result->chats_visited, ==, CHANGED_CHATS);
      g_print ("sync %u after new media in %d chats: %u requests (%u chat-list pages, %u media "
               "pages), "
               "%u downloads\n",
               run + 1, CHANGED_CHATS, counts.api, counts.chat_list, counts.media_pages,
               counts.media_host);
    }

  trove_bench_add (bench, "first sync over an archived account: requests", "requests", first_made,
                   1, "every chat-list and media page", first_least, 1, TROVE_BENCH_AT_MOST, 1.05);
  trove_bench_add (bench, "sync after 1 % of 200 chats got new media: requests", "requests", made,
                   RUNS, "chat-list pages to reach an unchanged chat + one page per changed chat",
                   least, RUNS, TROVE_BENCH_AT_MOST, 1.1);
  trove_bench_add (bench, "the same, against every chat-list page + one per changed chat",
                   "requests", made, RUNS, "every chat-list page + one page per changed chat",
                   every_list_page, RUNS, TROVE_BENCH_SHOWN, 0);
  trove_bench_add (bench, "media-host requests vs new media downloaded", "requests", downloads,
                   RUNS, "new media downloaded", expected_downloads, RUNS, TROVE_BENCH_AT_MOST,
                   1.0);

  g_clear_object (&queue);
  g_clear_object (&archive);
  trove_test_remove_tree (dir);

  return trove_bench_finish (bench) ? 0 : 1;
}
