/* test-soak.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A soak: 1,000 downloads and 200 full listings at once, through every fault the test
 * server offers at the same time. Nothing lost, nothing corrupt, every listing whole, and
 * memory flat from the first quarter of the work to the last.
 */

#include "config.h"

#include <malloc.h>
#include <sqlite3.h>

#include "trove-download-archive-private.h"
#include "trove-download-queue-private.h"
#include "trove-fanvue-provider.h"
#include "trove-http-client-private.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

/* Under AddressSanitizer malloc is ASan's (mallinfo2 knows nothing of it, and freed blocks
 * sit in quarantine): the heap is not compared there, LeakSanitizer checks at exit. The full
 * counts run there too (about 60 s against 40 s). */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

#define DOWNLOADS 1000
#define LISTINGS 200
#define QUARTERS 4
#define JOBS 4
#define LISTINGS_AT_ONCE 3
/* A listing fails on a malformed or cut page; the user's Retry continues it. */
#define MAX_LISTING_RETRIES 50
/* Growth of the heap in use from the first quarter to the last, finished jobs cleared: about
 * 1.4 KB kept for each of the 750 downloads in between (a job, or an item with its links)
 * would exceed it. Runs measured +0.2 to +0.45 MB. */
#define MAX_HEAP_GROWTH_BYTES (1024 * 1024)
/* What a finished job costs while the queue lists it (measured: about 780 bytes): a job that
 * kept its 256 KiB read buffer, or its connection's, would exceed it. */
#define MAX_FINISHED_JOB_BYTES 4096
#define DEADLINE_SECONDS 900

static const char *const faults[] = {
  "latency:ms=30,p=0.2,seed=11",
  "429:p=0.01,retry-after=1,server=api,seed=12",
  "429:p=0.02,retry-after=1,server=media,seed=13",
  "5xx:p=0.03,status=503,seed=14",
  "5xx:p=0.01,status=500,seed=15",
  "cut:p=0.03,seed=16",
  "expire:p=0.03,seed=17",
  "malformed:p=0.03,seed=18",
  "content-type:p=0.03,seed=19",
};

static const TroveMediaKind listing_kinds[] = {
  TROVE_MEDIA_KIND_UNKNOWN, TROVE_MEDIA_KIND_IMAGE,    TROVE_MEDIA_KIND_VIDEO,
  TROVE_MEDIA_KIND_AUDIO,   TROVE_MEDIA_KIND_DOCUMENT,
};

static TroveTestServerProcess *server;
/* TROVE_SOAK_SCALE=F runs F times the counts (0.01 to 10), for a quick run or a longer soak. */
static guint n_downloads = DOWNLOADS;
static guint n_listings = LISTINGS;
static gboolean full_scale = TRUE;

typedef struct
{
  TrovePagedList *list;
  TroveMediaKind kind;
  guint retries;
} Listing;

typedef struct
{
  TroveProvider *provider;
  char *chat;
  GPtrArray *reference; /* TroveMedia, from a listing without faults */
  GPtrArray *listings;  /* Listing *, running */
  guint listings_started;
  guint listings_done;
  guint listing_retries;
} Soak;

/* Every regular file under @file, as paths. */
static void
list_files (GFile *file, GPtrArray *out)
{
  g_autoptr (GFileEnumerator) children =
      g_file_enumerate_children (file,
                                 G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                 G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr (GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        list_files (child, out);
      else
        g_ptr_array_add (out, g_file_get_path (child));
      g_object_unref (info);
    }
}

/* Heap in use (arena and mmapped blocks), after giving back what can be given back, less
 * SQLite's page cache: that grows with the archive by design (about 250 bytes a download,
 * up to its cache_size). */
static gsize
heap_in_use (void)
{
  struct mallinfo2 info;

  if (SANITIZED)
    return 0;
  malloc_trim (0);
  info = mallinfo2 ();
  return info.uordblks + info.hblkhd - (gsize) sqlite3_memory_used ();
}

static gint64
resident_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

static void
listing_free (Listing *listing)
{
  g_object_unref (listing->list);
  g_free (listing);
}

static void
start_listing (Soak *soak)
{
  Listing *listing = g_new0 (Listing, 1);

  listing->kind = listing_kinds[soak->listings_started++ % G_N_ELEMENTS (listing_kinds)];
  listing->list = trove_paged_list_new_for_media (soak->provider, soak->chat, listing->kind);
  g_ptr_array_add (soak->listings, listing);
  trove_paged_list_load_more (listing->list);
}

/* The whole chat of that kind, each item once, in the server's order. */
static void
assert_listing_whole (Soak *soak, Listing *listing)
{
  GListModel *model = G_LIST_MODEL (listing->list);
  guint n = g_list_model_get_n_items (model), at = 0;

  for (guint i = 0; i < soak->reference->len; i++)
    {
      TroveMedia *expected = g_ptr_array_index (soak->reference, i);
      g_autoptr (TroveMedia) got = NULL;

      if (listing->kind != TROVE_MEDIA_KIND_UNKNOWN &&
          trove_media_get_kind (expected) != listing->kind)
        continue;

      if (at >= n)
        g_error ("a listing of kind %d ended after %u items, before %s", listing->kind, n,
                 trove_media_get_id (expected));
      got = g_list_model_get_item (model, at++);
      g_assert_cmpstr (trove_media_get_id (got), ==, trove_media_get_id (expected));
    }
  g_assert_cmpuint (at, ==, n);
}

/* Moves each running listing on: the next page, a retry after an error, or its check. */
static void
step_listings (Soak *soak, guint quota)
{
  for (guint i = soak->listings->len; i > 0; i--)
    {
      Listing *listing = g_ptr_array_index (soak->listings, i - 1);

      if (trove_paged_list_get_loading (listing->list))
        continue;

      if (trove_paged_list_get_error (listing->list) != NULL)
        {
          g_test_message ("listing retried: %s",
                          trove_paged_list_get_error (listing->list)->message);
          g_assert_cmpuint (++listing->retries, <=, MAX_LISTING_RETRIES);
          soak->listing_retries++;
          trove_paged_list_load_more (listing->list);
        }
      else if (trove_paged_list_get_has_more (listing->list))
        trove_paged_list_load_more (listing->list);
      else
        {
          assert_listing_whole (soak, listing);
          soak->listings_done++;
          g_ptr_array_remove_index_fast (soak->listings, i - 1);
        }
    }

  while (soak->listings->len < LISTINGS_AT_ONCE && soak->listings_started < quota)
    start_listing (soak);
}

/* A file whole and byte-identical to what the server holds for the item. */
static void
assert_file_is_content (const char *path, TroveMedia *media)
{
  g_autoptr (GBytes) expected =
      trove_test_server_process_get_content (server, trove_media_get_id (media), "main");
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  if (length != g_bytes_get_size (expected) ||
      memcmp (contents, g_bytes_get_data (expected, NULL), length) != 0)
    g_error ("%s (%s) differs from the server's content: %" G_GSIZE_FORMAT
             " bytes, expected %" G_GSIZE_FORMAT,
             path, trove_media_get_id (media), length, g_bytes_get_size (expected));
}

/* Every job of the queue done, its file whole and identical to the server's under its
 * final name, and recorded there in the archive. */
static void
assert_jobs_done (TroveDownloadQueue *queue, TroveDownloadArchive *archive)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (G_LIST_MODEL (queue), i);
      TroveMedia *media = trove_download_get_media (job);
      g_autofree char *path = g_file_get_path (trove_download_get_destination (job));
      g_autofree char *known = NULL;

      if (trove_download_get_state (job) != TROVE_DOWNLOAD_DONE)
        g_error ("%s ended %d: %s", trove_media_get_id (media), trove_download_get_state (job),
                 trove_download_get_error (job) ? trove_download_get_error (job)->message : "");
      assert_file_is_content (path, media);
      known = trove_download_archive_lookup (archive, "acct", trove_media_get_id (media));
      g_assert_cmpstr (known, ==, path);
    }
}

static void
test_soak (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveDownloadArchive) archive = NULL;
  g_autoptr (TroveDownloadQueue) queue = NULL;
  g_autoptr (TrovePagedList) reference = NULL;
  g_autoptr (GFile) folder_file = NULL;
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) destinations =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) pending = NULL;
  g_autoptr (JsonArray) fired = NULL;
  g_autoptr (JsonArray) requests = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *state_dir = NULL;
  g_autofree char *archive_path = NULL;
  gsize heap[QUARTERS] = { 0 }, kept;
  gint64 rss[QUARTERS] = { 0 };
  gint64 started = g_get_monotonic_time ();
  gint64 deadline = started + DEADLINE_SECONDS * G_USEC_PER_SEC;
  Soak soak = { 0 };

  /* The archive lives apart from the downloads, so that the folder holds only them. */
  folder = g_dir_make_tmp ("trove-soak-XXXXXX", &error);
  g_assert_no_error (error);
  state_dir = g_dir_make_tmp ("trove-soak-state-XXXXXX", &error);
  g_assert_no_error (error);
  folder_file = g_file_new_for_path (folder);
  archive_path = g_build_filename (state_dir, "archive.sqlite3", NULL);
  archive = trove_download_archive_new (archive_path, &error);
  g_assert_no_error (error);

  soak.provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  _trove_http_client_set_backoff_base_ms (trove_provider_get_http_client (soak.provider), 10);
  soak.chat = trove_test_dataset_chat_id (server, "fanvue", 0);
  soak.listings = g_ptr_array_new_with_free_func ((GDestroyNotify) listing_free);

  /* What a listing must give, taken while nothing goes wrong. */
  reference = trove_paged_list_new_for_media (soak.provider, soak.chat, TROVE_MEDIA_KIND_UNKNOWN);
  trove_test_load_all (reference, 60);
  g_assert_null (trove_paged_list_get_error (reference));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reference)), ==,
                    trove_test_dataset_media_count (server, "fanvue", 0));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reference)), ==, n_downloads);
  soak.reference = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_downloads; i++)
    g_ptr_array_add (soak.reference, g_list_model_get_item (G_LIST_MODEL (reference), i));

  trove_test_server_process_reset (server);
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    trove_test_server_process_add_fault (server, faults[i]);

  queue = trove_download_queue_new (folder_file, "{chat}/{date} {kind} {id}.{ext}", archive);
  trove_download_queue_set_max_concurrent (queue, JOBS);
  _trove_download_queue_set_backoff_base_ms (queue, 10);

  /* A quarter of the downloads and of the listings at a time, all at once. */
  for (guint q = 0; q < QUARTERS; q++)
    {
      guint listing_quota = n_listings * (q + 1) / QUARTERS;

      for (guint i = n_downloads * q / QUARTERS; i < n_downloads * (q + 1) / QUARTERS; i++)
        g_assert_nonnull (trove_download_queue_add (queue, soak.provider, "acct", "Account", "Chat",
                                                    g_ptr_array_index (soak.reference, i), NULL));

      step_listings (&soak, listing_quota);
      while (trove_download_queue_get_pending (queue) > 0 || soak.listings->len > 0)
        {
          if (g_get_monotonic_time () > deadline)
            g_error ("quarter %u still running after %d s: %u downloads pending, %u listings "
                     "running",
                     q + 1, DEADLINE_SECONDS, trove_download_queue_get_pending (queue),
                     soak.listings->len);
          g_main_context_iteration (NULL, TRUE);
          step_listings (&soak, listing_quota);
        }
      g_assert_cmpuint (soak.listings_done, ==, listing_quota);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==,
                        n_downloads / QUARTERS);
      assert_jobs_done (queue, archive);

      /* Finished jobs stay listed (about 1.7 KB each) until the window's Clear Finished:
       * measured without them, what is left must not grow. */
      kept = heap_in_use ();
      trove_download_queue_clear_finished (queue);
      heap[q] = heap_in_use ();
      rss[q] = resident_kb ();
      g_test_message ("quarter %u after %.1f s: %u downloads, %u listings (%u retried pages); heap "
                      "in use %" G_GSIZE_FORMAT " bytes (%" G_GSIZE_FORMAT
                      " with the finished jobs), VmRSS %" G_GINT64_FORMAT " kB",
                      q + 1, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC,
                      n_downloads * (q + 1) / QUARTERS, soak.listings_done, soak.listing_retries,
                      heap[q], kept, rss[q]);
      if (!SANITIZED)
        g_assert_cmpint (((gint64) kept - (gint64) heap[q]) / (n_downloads / QUARTERS), <,
                         MAX_FINISHED_JOB_BYTES);
    }

  /* The archive lists every item, at a path of its own; nothing is left to take up. */
  for (guint i = 0; i < soak.reference->len; i++)
    {
      char *known = trove_download_archive_lookup (archive, "acct",
                                                   trove_media_get_id (
                                                       g_ptr_array_index (soak.reference, i)));

      g_assert_nonnull (known);
      g_assert_true (g_hash_table_add (destinations, known));
    }
  g_assert_cmpuint (_trove_download_archive_count (archive, "acct"), ==, n_downloads);
  pending = trove_download_archive_list_pending (archive);
  g_assert_cmpuint (pending->len, ==, 0);

  /* The folder holds exactly those files: no .part, no second copy. */
  list_files (folder_file, files);
  for (guint i = 0; i < files->len; i++)
    if (!g_hash_table_contains (destinations, g_ptr_array_index (files, i)))
      g_error ("a file nobody asked for: %s", (char *) g_ptr_array_index (files, i));
  g_assert_cmpuint (files->len, ==, n_downloads);

  /* Every kind of fault did happen; the media host never saw credentials. */
  fired = trove_test_server_process_get_faults (server);
  for (guint i = 0; i < json_array_get_length (fired); i++)
    {
      JsonObject *fault = json_array_get_object_element (fired, i);

      g_test_message ("fault %s: fired %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT,
                      json_object_get_string_member (fault, "spec"),
                      json_object_get_int_member (fault, "fired"),
                      json_object_get_int_member (fault, "matched"));
      if (full_scale)
        g_assert_cmpint (json_object_get_int_member (fault, "fired"), >, 0);
    }
  requests = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (g_str_equal (json_object_get_string_member (request, "server"), "media"))
        g_assert_false (json_object_get_boolean_member (request, "authorization"));
    }
  g_test_message ("%u requests in %.1f s; %u listing pages retried",
                  json_array_get_length (requests),
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC,
                  soak.listing_retries);

  /* Memory: the last quarter's heap no larger than the first's. */
  g_test_message ("VmRSS: first quarter %" G_GINT64_FORMAT " kB, last %" G_GINT64_FORMAT " kB",
                  rss[0], rss[QUARTERS - 1]);
  if (!SANITIZED)
    {
      g_test_message ("heap in use: first quarter %" G_GSIZE_FORMAT " bytes, last %" G_GSIZE_FORMAT
                      " bytes (%+.1f%%, at most %+d allowed)",
                      heap[0], heap[QUARTERS - 1],
                      100.0 * ((double) heap[QUARTERS - 1] - heap[0]) / heap[0],
                      MAX_HEAP_GROWTH_BYTES);
      g_assert_cmpint ((gint64) heap[QUARTERS - 1] - (gint64) heap[0], <, MAX_HEAP_GROWTH_BYTES);
    }

  g_clear_object (&queue);
  g_clear_object (&archive);
  g_ptr_array_unref (soak.listings);
  g_ptr_array_unref (soak.reference);
  g_object_unref (soak.provider);
  g_free (soak.chat);
  trove_test_remove_tree (folder);
  trove_test_remove_tree (state_dir);
}

int
main (int argc, char *argv[])
{
  const char *scale = g_getenv ("TROVE_SOAK_SCALE");
  double factor = 1.0;
  g_autofree char *dataset = NULL;
  const char *args[] = { "--dataset", NULL, "--blob-size", "65536", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (scale != NULL)
    factor = g_ascii_strtod (scale, NULL);
  /* Whole quarters of whole listing batches, at least one of each per quarter. */
  factor = CLAMP (factor, 0.01, 10.0);
  full_scale = factor >= 1.0;
  n_downloads = MAX (QUARTERS, (guint) (DOWNLOADS * factor) / QUARTERS * QUARTERS);
  n_listings = MAX (QUARTERS, (guint) (LISTINGS * factor) / QUARTERS * QUARTERS);
  g_test_message ("%u downloads, %u listings%s", n_downloads, n_listings,
                  SANITIZED ? " (sanitizer build: heap not measured)" : "");

  dataset = g_strdup_printf ("size=%u", n_downloads);
  args[1] = dataset;
  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  g_test_add_func ("/soak/downloads-and-listings", test_soak);

  status = g_test_run ();
  trove_test_server_process_free (server);
  return status;
}
