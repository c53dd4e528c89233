/* bench-downloads.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 100 files of 8 MB from the test server: the download queue at 4 jobs against, in the same
 * run, the equal work scripted with curl: `curl --parallel --parallel-max 4`, then `sha256sum`
 * and `sync` over the same files, which is what a careful curl user must add to get what the
 * queue gives (every file's hash in the archive, its data on disk before it has its name).
 * Target: at least 1.0x that. Also printed: the ratio to bare curl, the queue with 1 job (as
 * gallery-dl and OF-DL download) and with 8, and the peak resident memory while the queue runs
 * (under 64 MB).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "trove-bench.h"
#include "trove-download-archive-private.h"
#include "trove-download-queue.h"
#include "trove-fanvue-provider.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

#define FILES 100
#define FILE_BYTES (8 * 1024 * 1024)
#define RUNS 5

/* The peak resident size starts again from the current one (Linux 4.0 and later). Written in
 * place: a procfs file cannot be replaced through a temporary file. */
static void
reset_peak_resident (void)
{
  int fd = open ("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);

  if (fd < 0 || write (fd, "5", 1) != 1)
    g_error ("Could not reset the peak resident size: %s", g_strerror (errno));
  close (fd);
}

static void
assert_file_size (const char *path)
{
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    g_error ("%s: %s", path, g_strerror (errno));
  g_assert_cmpint (buf.st_size, ==, FILE_BYTES);
}

/* curl on the same (signed) URLs, 4 at once; with @equal_work, followed by sha256sum and sync
 * over the files. Returns its throughput. */
static double
curl_pass (TroveTestServerProcess *server,
           TrovePagedList *list,
           double megabytes,
           gboolean equal_work)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("trove-bench-curl-XXXXXX", &error);
  int status = 0;
  gint64 start;
  double mb_s;

  g_assert_no_error (error);
  g_ptr_array_add (args, g_strdup ("curl"));
  /* Errors are said, progress is not. */
  g_ptr_array_add (args, g_strdup ("--no-progress-meter"));
  /* An error page is a failure, not a file. */
  g_ptr_array_add (args, g_strdup ("--fail"));
  g_ptr_array_add (args, g_strdup ("--parallel"));
  g_ptr_array_add (args, g_strdup ("--parallel-max"));
  g_ptr_array_add (args, g_strdup ("4"));
  for (guint i = 0; i < FILES; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_ptr_array_add (args, g_strdup ("-o"));
      g_ptr_array_add (args, g_strdup_printf ("%s/%u", dir, i));
      g_ptr_array_add (args, g_strdup (trove_media_get_variant (media, TROVE_VARIANT_MAIN)->url));
    }
  g_ptr_array_add (args, NULL);

  /* Each side starts with nothing of the other's left to write back. */
  sync ();
  start = g_get_monotonic_time ();
  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  if (equal_work)
    {
      g_autofree char *script =
          g_strdup_printf ("sha256sum -- '%s'/* > '%s.sums' && sync", dir, dir);
      const char *shell[] = { "/bin/sh", "-c", script, NULL };

      g_spawn_sync (NULL, (char **) shell, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status,
                    &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  mb_s = megabytes / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  for (guint i = 0; i < FILES; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%u", dir, i);

      assert_file_size (path);
    }
  /* And the bytes of one of them. */
  {
    g_autoptr (TroveMedia) media = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr (GBytes) expected =
        trove_test_server_process_get_content (server, trove_media_get_id (media), "main");
    g_autofree char *path = g_strdup_printf ("%s/0", dir);
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                     g_bytes_get_size (expected));
  }
  if (equal_work)
    {
      g_autofree char *sums = g_strconcat (dir, ".sums", NULL);
      g_autofree char *contents = NULL;

      guint lines = 0;

      g_assert_true (g_file_get_contents (sums, &contents, NULL, NULL));
      for (const char *c = contents; *c; c++)
        lines += *c == '\n';
      g_assert_cmpuint (lines, ==, FILES);
      g_unlink (sums);
    }
  trove_test_remove_tree (dir);

  return mb_s;
}

/* The queue as the app runs it, @jobs at once: an archive (a fresh one: every file is
 * fetched), provenance and file times on. Returns its throughput; @peak_mb the peak resident
 * memory meanwhile. */
static double
engine_pass (TroveProvider *provider,
             TrovePagedList *list,
             double megabytes,
             guint jobs,
             double *peak_mb)
{
  g_autoptr (TroveDownloadQueue) queue = NULL;
  g_autoptr (TroveDownloadArchive) archive = NULL;
  g_autoptr (GFile) folder = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("trove-bench-XXXXXX", &error);
  g_autofree char *archive_path = NULL;
  gint64 start;
  double mb_s;

  g_assert_no_error (error);
  folder = g_file_new_for_path (dir);
  archive_path = g_build_filename (dir, "archive.sqlite3", NULL);
  archive = trove_download_archive_new (archive_path, &error);
  g_assert_no_error (error);
  queue = trove_download_queue_new (folder, "{id}.{ext}", archive);
  trove_download_queue_set_max_concurrent (queue, jobs);
  trove_download_queue_set_provenance (queue, TRUE);
  trove_download_queue_set_file_times (queue, TRUE);

  /* Each side starts with nothing of the other's left to write back. */
  sync ();
  reset_peak_resident ();
  start = g_get_monotonic_time ();
  for (guint i = 0; i < FILES; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (G_LIST_MODEL (list), i);

      trove_download_queue_add (queue, provider, "bench", "Bench", "Chat", media, NULL);
    }
  while (trove_download_queue_get_pending (queue) > 0)
    g_main_context_iteration (NULL, TRUE);
  mb_s = megabytes / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  if (peak_mb != NULL)
    *peak_mb = trove_test_status_kib ("VmHWM:") / 1024.0;

  for (guint i = 0; i < FILES; i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (G_LIST_MODEL (queue), i);
      g_autofree char *path = g_file_get_path (trove_download_get_destination (job));

      g_assert_cmpint (trove_download_get_state (job), ==, TROVE_DOWNLOAD_DONE);
      g_assert_cmpint (trove_download_get_bytes_done (job), ==, FILE_BYTES);
      assert_file_size (path);
    }
  g_assert_cmpuint (_trove_download_archive_count (archive, "bench"), ==, FILES);
  trove_test_remove_tree (dir);

  return mb_s;
}

int
main (int argc, char *argv[])
{
  g_autofree char *dataset = g_strdup_printf ("documents=%d", FILES);
  g_autofree char *blob = g_strdup_printf ("%d", FILE_BYTES);
  /* Room to keep every file generated: the server then costs only its socket copies, and the
   * two clients compete for the processor with as little of it as possible. */
  const char *args[] = { "--dataset", dataset, "--blob-size", blob, "--cache-mb", "1024", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveTestServerProcess) server = NULL;
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (TrovePagedList) list = NULL;
  g_autofree char *chat = NULL;
  g_autoptr (TroveBench) bench = trove_bench_new ("bench-downloads");
  double engine_mb_s[RUNS], equal_mb_s[RUNS], curl_mb_s[RUNS], peak_mb[RUNS], one_job[RUNS],
      eight_jobs[RUNS];
  const double megabytes = FILES * (FILE_BYTES / 1048576.0);

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);
  chat = trove_test_dataset_chat_id (server, "fanvue", 0);
  provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);

  list = trove_paged_list_new_for_media (provider, chat, TROVE_MEDIA_KIND_UNKNOWN);
  trove_test_load_all (list, 120);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, FILES);

  /* Untimed: the test server generates each file once, and no timed run pays for that. */
  curl_pass (server, list, megabytes, FALSE);

  /* Alternating runs of each side, the median of each. */
  for (guint run = 0; run < RUNS; run++)
    {
      engine_mb_s[run] = engine_pass (provider, list, megabytes, 4, &peak_mb[run]);
      equal_mb_s[run] = curl_pass (server, list, megabytes, TRUE);
      curl_mb_s[run] = curl_pass (server, list, megabytes, FALSE);
      one_job[run] = engine_pass (provider, list, megabytes, 1, NULL);
      eight_jobs[run] = engine_pass (provider, list, megabytes, 8, NULL);
    }

  g_print ("downloading %d files of %d MB, %d runs of each side\n", FILES,
           FILE_BYTES / (1024 * 1024), RUNS);
  trove_bench_add (bench, "download queue throughput, 4 jobs", "MB/s", engine_mb_s, RUNS,
                   "curl --parallel-max 4, then sha256sum and sync", equal_mb_s, RUNS,
                   TROVE_BENCH_AT_LEAST, 1.0);
  trove_bench_add (bench, "download queue throughput, 4 jobs", "MB/s", engine_mb_s, RUNS,
                   "bare curl --parallel --parallel-max 4", curl_mb_s, RUNS, TROVE_BENCH_SHOWN, 0);
  trove_bench_add (bench, "download queue throughput, 1 job", "MB/s", one_job, RUNS, NULL, NULL, 0,
                   TROVE_BENCH_SHOWN, 0);
  trove_bench_add (bench, "download queue throughput, 8 jobs", "MB/s", eight_jobs, RUNS, NULL, NULL,
                   0, TROVE_BENCH_SHOWN, 0);
  trove_bench_add (bench, "peak resident memory while downloading", "MB", peak_mb, RUNS, NULL, NULL,
                   0, TROVE_BENCH_AT_MOST, 64);
  trove_bench_finish (bench);

  return 0;
}
