/* test-downloads.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The download engine against the test server, through every fault it offers.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include "trove-chat-tally.h"
#include "trove-download-archive-private.h"
#include "trove-download-queue-private.h"
#include "trove-fanvue-provider.h"
#include "trove-filename-template.h"
#include "trove-http-client-private.h"
#include "trove-media-private.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

#define ITEMS 200

static TroveTestServerProcess *server;

typedef struct
{
  char *folder;
  GFile *folder_file;
  TroveProvider *provider;
  TroveDownloadArchive *archive;
  GPtrArray *media;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autofree char *chat = trove_test_dataset_chat_id (server, "fanvue", 0);
  g_autofree char *archive_path = NULL;
  g_autoptr (GError) error = NULL;

  fixture->folder = g_dir_make_tmp ("trove-downloads-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->folder_file = g_file_new_for_path (fixture->folder);
  archive_path = g_build_filename (fixture->folder, "archive.sqlite3", NULL);
  fixture->archive = trove_download_archive_new (archive_path, &error);
  g_assert_no_error (error);

  fixture->provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  _trove_http_client_set_backoff_base_ms (trove_provider_get_http_client (fixture->provider), 10);

  fixture->media = trove_test_list_all_media (fixture->provider, chat, ITEMS);

  trove_test_server_process_reset (server);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  trove_test_remove_tree (fixture->folder);
  g_object_unref (fixture->folder_file);
  g_free (fixture->folder);
  g_object_unref (fixture->provider);
  g_object_unref (fixture->archive);
  g_ptr_array_unref (fixture->media);
}

static TroveDownloadQueue *
new_queue (Fixture *fixture, guint jobs)
{
  TroveDownloadQueue *queue =
      trove_download_queue_new (fixture->folder_file, "{chat}/{date} {kind} {id}.{ext}",
                                fixture->archive);

  trove_download_queue_set_max_concurrent (queue, jobs);
  _trove_download_queue_set_backoff_base_ms (queue, 10);
  return queue;
}

/* The SHA-256 the archive recorded for @media_id (hashed on the way, never read back). */
static char *
archived_sha256 (Fixture *fixture, const char *media_id)
{
  g_autofree char *path = g_build_filename (fixture->folder, "archive.sqlite3", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  char *sha256 = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_prepare_v2 (db, "SELECT sha256 FROM downloads WHERE account = 'acct' AND media = ?",
                          -1, &statement, NULL),
      ==, SQLITE_OK);
  sqlite3_bind_text (statement, 1, media_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (statement) == SQLITE_ROW)
    sha256 = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_finalize (statement);
  sqlite3_close (db);

  return sha256;
}

/* No GIO temporary (".goutputstream-XXXXXX") beside @path: a kill while one is written leaves
 * it behind. */
static void
assert_no_temporary_files (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, ".goutputstream-"));
}

/* Every file whole and byte-identical to what the server holds, with its checksum in the
 * archive; nothing partial anywhere. */
static void
assert_all_done (Fixture *fixture, TroveDownloadQueue *queue)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (queue));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (G_LIST_MODEL (queue), i);
      TroveMedia *media = trove_download_get_media (job);
      g_autoptr (GBytes) expected =
          trove_test_server_process_get_content (server, trove_media_get_id (media), "main");
      g_autofree char *path = g_file_get_path (trove_download_get_destination (job));
      g_autofree char *part = g_strconcat (path, ".part", NULL);
      g_autofree char *contents = NULL;
      g_autofree char *expected_sha256 = NULL;
      g_autofree char *sha256 = NULL;
      gsize length = 0;

      if (trove_download_get_state (job) != TROVE_DOWNLOAD_DONE)
        g_error ("%s ended %d: %s", trove_media_get_id (media), trove_download_get_state (job),
                 trove_download_get_error (job) ? trove_download_get_error (job)->message : "");

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                       g_bytes_get_size (expected));
      g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
      assert_no_temporary_files (path);

      expected_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, expected);
      sha256 = archived_sha256 (fixture, trove_media_get_id (media));
      g_assert_cmpstr (sha256, ==, expected_sha256);
    }
}

static void
queue_all (Fixture *fixture, TroveDownloadQueue *queue, guint *skipped)
{
  for (guint i = 0; i < fixture->media->len; i++)
    {
      g_autofree char *already = NULL;

      if (trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat",
                                    g_ptr_array_index (fixture->media, i), &already) == NULL)
        {
          g_assert_nonnull (already);
          (*skipped)++;
        }
    }
}

static TroveMedia *
first_of_kind (Fixture *fixture, TroveMediaKind kind, guint skip)
{
  for (guint i = 0; i < fixture->media->len; i++)
    if (trove_media_get_kind (g_ptr_array_index (fixture->media, i)) == kind && skip-- == 0)
      return g_ptr_array_index (fixture->media, i);
  g_assert_not_reached ();
}

/* What the media host received for @media_id, in order. */
static GPtrArray *
media_requests (const char *media_id)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (g_str_equal (json_object_get_string_member (request, "server"), "media") &&
          strstr (json_object_get_string_member (request, "path"), media_id) != NULL)
        g_ptr_array_add (found, json_object_ref (request));
    }
  return found;
}

static gint64
size_of (const char *path)
{
  GStatBuf buf;

  return g_lstat (path, &buf) == 0 ? (gint64) buf.st_size : -1;
}

static char *
part_of (TroveDownload *job)
{
  g_autofree char *path = g_file_get_path (trove_download_get_destination (job));

  return g_strconcat (path, ".part", NULL);
}

/* Until @job has bytes in its .part and waits (the queue's long backoff) to go on. */
static gint64
wait_for_part (TroveDownload *job)
{
  g_autofree char *part = part_of (job);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (size_of (part) <= 0 || trove_download_get_bytes_done (job) != size_of (part))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  trove_test_spin (200);
  g_assert_cmpint (trove_download_get_bytes_done (job), ==, size_of (part));
  return size_of (part);
}

static guint
count_files (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_through_every_fault (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 4);
  g_autoptr (JsonArray) requests = NULL;
  guint skipped = 0, faulted = 0, statuses[600] = { 0 };

  trove_test_server_process_add_fault (server, "cut:p=0.1,server=media,seed=3");
  trove_test_server_process_add_fault (server, "429:p=0.05,server=media,retry-after=1,seed=5");
  trove_test_server_process_add_fault (server, "expire:p=0.05,server=media,seed=7");

  queue_all (fixture, queue, &skipped);
  g_assert_cmpuint (skipped, ==, 0);
  trove_test_drain_queue (queue, 120);
  assert_all_done (fixture, queue);
  g_assert_cmpuint (_trove_download_archive_count (fixture->archive, "acct"), ==, ITEMS);

  /* The faults did happen; no more than 4 at once; the media host never saw credentials. */
  requests = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      gint64 status = json_object_get_int_member (request, "status");

      if (g_strcmp0 (json_object_get_string_member (request, "server"), "media") != 0)
        continue;
      g_assert_false (json_object_get_boolean_member (request, "authorization"));
      if (status >= 0 && status < 600)
        statuses[status]++;
    }
  faulted = statuses[429] + statuses[403];
  g_assert_cmpuint (faulted, >, 0);
  g_assert_cmpint (trove_test_server_process_get_max_in_flight (server, "media"), <=, 4);
}

static void
test_second_run_downloads_nothing (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) first = new_queue (fixture, 4);
  g_autoptr (TroveDownloadQueue) second = new_queue (fixture, 4);
  guint skipped = 0;

  queue_all (fixture, first, &skipped);
  trove_test_drain_queue (first, 120);
  assert_all_done (fixture, first);

  trove_test_server_process_reset (server);
  queue_all (fixture, second, &skipped);
  g_assert_cmpuint (skipped, ==, ITEMS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (second)), ==, 0);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 0);
}

/* Bytes arrive, the job is paused, then resumed: it asks for the rest from where its .part
 * ends and the file ends whole. */
static void
test_resumes_a_part_file (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 1);
  TroveMedia *media = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0);
  g_autoptr (GBytes) content =
      trove_test_server_process_get_content (server, trove_media_get_id (media), "main");
  g_autoptr (GPtrArray) requests = NULL;
  g_autofree char *range = NULL;
  TroveDownload *job;
  gint64 had;

  /* The first answer is cut half way; the retry would wait a minute. */
  _trove_download_queue_set_backoff_base_ms (queue, 60000);
  trove_test_server_process_add_fault (server, "cut:nth=1,server=media");
  job = trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  had = wait_for_part (job);
  g_assert_cmpint (had, >, 0);
  g_assert_cmpint (had, <, (gint64) g_bytes_get_size (content));

  trove_download_pause (job);
  g_assert_cmpint (trove_download_get_state (job), ==, TROVE_DOWNLOAD_PAUSED);
  trove_test_spin (100);
  trove_test_server_process_reset (server);
  trove_download_resume (job);
  g_assert_cmpint (trove_download_get_state (job), !=, TROVE_DOWNLOAD_PAUSED);
  trove_test_drain_queue (queue, 120);
  assert_all_done (fixture, queue);

  requests = media_requests (trove_media_get_id (media));
  g_assert_cmpuint (requests->len, ==, 1);
  range = g_strdup_printf ("bytes=%" G_GINT64_FORMAT "-", had);
  g_assert_cmpstr (json_object_get_string_member (requests->pdata[0], "range"), ==, range);
  g_assert_cmpint (json_object_get_int_member (requests->pdata[0], "status"), ==,
                   SOUP_STATUS_PARTIAL_CONTENT);
}

/* A 206 that is not the part asked for (another start, no Content-Range, a total that
 * contradicts the size the first answer gave) is never saved: the job fetches from zero. */
static void
test_refuses_a_wrong_partial (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 1);
  TroveMedia *media = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0);
  g_autofree char *fault = g_strdup_printf ("%s:server=media,count=1", (const char *) data);
  g_autoptr (GPtrArray) requests = NULL;

  trove_test_server_process_add_fault (server, "cut:nth=1,server=media");
  trove_test_server_process_add_fault (server, fault);
  trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  trove_test_drain_queue (queue, 120);
  assert_all_done (fixture, queue);

  /* Cut; resumed and answered wrongly; then the whole file, asked for without Range. */
  requests = media_requests (trove_media_get_id (media));
  g_assert_cmpuint (requests->len, ==, 3);
  g_assert_true (json_object_get_null_member (requests->pdata[0], "range"));
  g_assert_false (json_object_get_null_member (requests->pdata[1], "range"));
  g_assert_cmpint (json_object_get_int_member (requests->pdata[1], "status"), ==,
                   SOUP_STATUS_PARTIAL_CONTENT);
  g_assert_true (json_object_get_null_member (requests->pdata[2], "range"));
  g_assert_cmpint (json_object_get_int_member (requests->pdata[2], "status"), ==, SOUP_STATUS_OK);
}

static void
bytes_done_cb (TroveDownload *job, GParamSpec *pspec, guint *temporaries)
{
  g_autofree char *folder =
      g_path_get_dirname (g_file_peek_path (trove_download_get_destination (job)));
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    *temporaries += g_str_has_prefix (name, ".goutputstream-");
}

/* A .part written again from zero is written in place: at no moment (a SIGKILL could come at
 * any) does a temporary file sit beside it. */
static void
test_no_temporary_file_while_writing (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 1);
  TroveMedia *media = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0);
  TroveDownload *job;
  guint temporaries = 0;

  /* Cut half way, then a part without Content-Range: the .part is written again from zero. */
  trove_test_server_process_add_fault (server, "cut:nth=1,server=media");
  trove_test_server_process_add_fault (server, "no-content-range:server=media,count=1");
  job = trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  g_signal_connect (job, "notify::bytes-done", G_CALLBACK (bytes_done_cb), &temporaries);
  trove_test_drain_queue (queue, 120);
  g_assert_cmpuint (temporaries, ==, 0);
  assert_all_done (fixture, queue);
}

/* Adding an item the queue already holds adds nothing. */
static void
test_one_job_per_item (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 2);
  TroveMedia *media = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0);
  TroveDownload *first =
      trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  TroveDownload *again =
      trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);

  g_assert_true (again == first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 1);
  trove_test_drain_queue (queue, 120);
  assert_all_done (fixture, queue);
}

/* Cancel a job (its .part stays), add the item again, press Retry on the first: one job
 * writes the .part, and the file ends whole under one name. */
static void
test_cancelled_part_not_shared (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 2);
  TroveMedia *media = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0);
  g_autofree char *folder = NULL;
  TroveDownload *first;

  _trove_download_queue_set_backoff_base_ms (queue, 60000);
  trove_test_server_process_add_fault (server, "cut:nth=1,server=media");
  first =
      trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  wait_for_part (first);
  trove_download_cancel (first);

  trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  trove_download_retry (first);
  trove_test_drain_queue (queue, 120);
  assert_all_done (fixture, queue);

  folder = g_path_get_dirname (g_file_peek_path (trove_download_get_destination (first)));
  g_assert_cmpuint (count_files (folder), ==, 1);
}

/* A job cancelled before it wrote anything gives up its name; another item takes it (a
 * template without {id}); Retry on the first must not write to the name now in use. */
static void
test_retry_claims_destination_again (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue =
      trove_download_queue_new (fixture->folder_file, "{chat}/{kind}.{ext}", fixture->archive);
  TroveDownload *first, *second;

  trove_download_queue_set_max_concurrent (queue, 2);
  _trove_download_queue_set_backoff_base_ms (queue, 10);
  first = trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat",
                                    first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0), NULL);
  trove_download_cancel (first);
  second = trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat",
                                     first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 1), NULL);
  g_assert_true (g_file_equal (trove_download_get_destination (first),
                               trove_download_get_destination (second)));

  trove_download_retry (first);
  g_assert_false (g_file_equal (trove_download_get_destination (first),
                                trove_download_get_destination (second)));
  trove_test_drain_queue (queue, 120);
  assert_all_done (fixture, queue);
}

/* Another process (the GUI and trove-cli) downloads an item into the same folder; a template
 * without {id} gives a second item the same name. The second never resumes the first one's
 * bytes. */
static void
test_foreign_part_not_resumed (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) gui =
      trove_download_queue_new (fixture->folder_file, "{chat}/{kind}.{ext}", fixture->archive);
  g_autoptr (TroveDownloadQueue) cli =
      trove_download_queue_new (fixture->folder_file, "{chat}/{kind}.{ext}", fixture->archive);
  TroveMedia *x = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0);
  TroveMedia *y = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 1);
  g_autoptr (GBytes) x_content =
      trove_test_server_process_get_content (server, trove_media_get_id (x), "main");
  g_autofree char *x_part = NULL;
  g_autofree char *x_bytes = NULL;
  TroveDownload *x_job, *y_job;
  gsize length = 0;
  gint64 had;

  _trove_download_queue_set_backoff_base_ms (gui, 60000);
  _trove_download_queue_set_backoff_base_ms (cli, 10);
  trove_test_server_process_add_fault (server, "cut:nth=1,server=media");
  x_job = trove_download_queue_add (gui, fixture->provider, "acct", "Account", "Chat", x, NULL);
  had = wait_for_part (x_job);
  x_part = part_of (x_job);

  y_job = trove_download_queue_add (cli, fixture->provider, "acct", "Account", "Chat", y, NULL);
  trove_test_drain_queue (cli, 120);
  assert_all_done (fixture, cli);
  g_assert_false (g_file_equal (trove_download_get_destination (x_job),
                                trove_download_get_destination (y_job)));

  /* The first item's bytes are untouched, and it resumes from them. */
  g_assert_true (g_file_get_contents (x_part, &x_bytes, &length, NULL));
  g_assert_cmpmem (x_bytes, length, g_bytes_get_data (x_content, NULL), had);
  trove_download_pause (x_job);
  trove_download_resume (x_job);
  trove_test_drain_queue (gui, 120);
  assert_all_done (fixture, gui);
}

/* A .part that is a symbolic link (put there by anyone sharing the folder) is never written
 * through. */
static void
test_part_symlink_not_followed (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 1);
  TroveMedia *media = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0);
  g_autofree char *relative =
      trove_filename_template_render ("{chat}/{date} {kind} {id}.{ext}", media, "Account", "Chat");
  g_autoptr (GFile) wanted = trove_filename_resolve (fixture->folder_file, relative);
  g_autofree char *part = g_strconcat (g_file_peek_path (wanted), ".part", NULL);
  g_autofree char *outside = g_dir_make_tmp ("trove-victim-XXXXXX", NULL);
  g_autofree char *victim = g_build_filename (outside, "victim", NULL);
  g_autofree char *dir = g_path_get_dirname (part);
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (victim, "precious", -1, NULL));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (symlink (victim, part), ==, 0);

  trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  trove_test_drain_queue (queue, 120);

  g_assert_true (g_file_get_contents (victim, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "precious");
  assert_all_done (fixture, queue);
  trove_test_remove_tree (outside);
}

static guint cancelled_while_saving;

static gboolean
cancel_cb (gpointer user_data)
{
  gboolean saving = FALSE;

  g_object_get (user_data, "saving", &saving, NULL);
  cancelled_while_saving += saving;
  trove_download_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
saving_cb (TroveDownload *job, GParamSpec *pspec, gpointer user_data)
{
  gboolean saving = FALSE;

  g_object_get (job, "saving", &saving, NULL);
  if (saving)
    g_idle_add_full (G_PRIORITY_HIGH, cancel_cb, g_object_ref (job), g_object_unref);
}

/* Cancel (or Ctrl+C) while a whole file is being saved: the next run finds it where it went
 * instead of fetching it again as "name (2)". */
static void
test_cancel_while_saving (Fixture *fixture, gconstpointer data)
{
  TroveDownloadQueue *first = new_queue (fixture, 1);
  g_autoptr (TroveDownloadQueue) second = new_queue (fixture, 1);
  TroveMedia *media = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0);
  TroveDownload *job =
      trove_download_queue_add (first, fixture->provider, "acct", "Account", "Chat", media, NULL);
  g_autofree char *wanted = g_file_get_path (trove_download_get_destination (job));
  g_autofree char *at = NULL;

  g_signal_connect (job, "notify::saving", G_CALLBACK (saving_cb), NULL);
  cancelled_while_saving = 0;
  trove_test_drain_queue (first, 120);
  g_assert_cmpuint (cancelled_while_saving, ==, 1);
  g_object_unref (first);
  trove_test_spin (500);

  trove_test_server_process_reset (server);
  g_assert_null (
      trove_download_queue_add (second, fixture->provider, "acct", "Account", "Chat", media, &at));
  g_assert_cmpstr (at, ==, wanted);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 0);
}

/* Stopped after the last byte was written but before the rename (a kill, Ctrl+C in
 * trove-cli): the whole .part is saved as it is, not fetched again. */
static void
test_whole_part_saved (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 1);
  TroveMedia *media = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0);
  g_autoptr (GBytes) content =
      trove_test_server_process_get_content (server, trove_media_get_id (media), "main");
  g_autofree char *relative =
      trove_filename_template_render ("{chat}/{date} {kind} {id}.{ext}", media, "Account", "Chat");
  g_autoptr (GFile) wanted = trove_filename_resolve (fixture->folder_file, relative);
  g_autofree char *part = g_strconcat (g_file_peek_path (wanted), ".part", NULL);
  g_autofree char *dir = g_path_get_dirname (part);
  g_autofree char *owner = g_strdup_printf ("acct/%s", trove_media_get_id (media));
  g_autoptr (GFile) part_file = g_file_new_for_path (part);
  g_autoptr (GPtrArray) requests = NULL;
  g_autoptr (GError) error = NULL;
  TroveDownload *job;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (part, g_bytes_get_data (content, NULL),
                                      g_bytes_get_size (content), NULL));
  g_file_set_attribute_string (part_file, "xattr::trove.media", owner,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &error);
  g_assert_no_error (error);

  job = trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  g_assert_true (g_file_equal (trove_download_get_destination (job), wanted));
  trove_test_drain_queue (queue, 120);
  assert_all_done (fixture, queue);

  /* Asked for what follows the .part: nothing does. */
  requests = media_requests (trove_media_get_id (media));
  g_assert_cmpuint (requests->len, ==, 1);
  g_assert_cmpint (json_object_get_int_member (requests->pdata[0], "status"), ==,
                   SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE);
}

/* An http:// media link from an https API is refused before anything is sent. */
static void
test_insecure_link_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider =
      trove_fanvue_provider_new (NULL, "https://api.fanvue.invalid", credentials);
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 1);
  g_autoptr (TroveMedia) media =
      trove_media_new ("insecure-1", "message-1", "chat-1", TROVE_MEDIA_KIND_IMAGE);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  TroveDownload *job;

  trove_media_set_variant (media, TROVE_VARIANT_MAIN, "http://192.0.2.1/m/insecure-1/main", 0, 0,
                           0);
  job = trove_download_queue_add (queue, provider, "acct", "Account", "Chat", media, NULL);
  while (trove_download_queue_get_pending (queue) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (trove_download_get_state (job), ==, TROVE_DOWNLOAD_FAILED);
  g_assert_nonnull (strstr (trove_download_get_error (job)->message, "insecure link refused"));
}

static void
test_refuses_a_web_page (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 2);
  g_autoptr (JsonArray) requests = NULL;
  TroveMediaKind kind = GPOINTER_TO_INT (data);
  TroveMedia *media = NULL;

  /* A document may be any file, but not an error page when it is not named as a page. */
  for (guint i = 0; i < fixture->media->len && media == NULL; i++)
    if (trove_media_get_kind (g_ptr_array_index (fixture->media, i)) == kind)
      media = g_ptr_array_index (fixture->media, i);
  g_assert_nonnull (media);

  /* Two error pages, then the real file: it ends whole, never as a saved page. */
  trove_test_server_process_add_fault (server, "content-type:server=media,count=2");
  trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  trove_test_drain_queue (queue, 120);
  assert_all_done (fixture, queue);
  requests = trove_test_server_process_get_requests (server);
  g_assert_cmpuint (json_array_get_length (requests), ==, 3);
}

/* An expired link is resolved again by walking the chat; a page of that walk that comes back
 * malformed is asked for again where the walk stands, and a walk that fails altogether (a
 * page and its three retries) is retried. */
static void
test_resolves_through_bad_pages (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 1);
  g_autofree char *malformed = g_strdup_printf ("malformed:server=api,%s", (const char *) data);
  g_autoptr (JsonArray) requests = NULL;
  guint first_pages = 0;
  TroveMedia *media = NULL;

  /* The oldest image: the walk goes through every page of images. */
  for (guint i = fixture->media->len; i > 0 && media == NULL; i--)
    if (trove_media_get_kind (g_ptr_array_index (fixture->media, i - 1)) == TROVE_MEDIA_KIND_IMAGE)
      media = g_ptr_array_index (fixture->media, i - 1);
  g_assert_nonnull (media);

  trove_test_server_process_add_fault (server, "expire:server=media,count=1");
  trove_test_server_process_add_fault (server, malformed);
  trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  trove_test_drain_queue (queue, 120);
  assert_all_done (fixture, queue);

  requests = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      first_pages += g_str_equal (json_object_get_string_member (request, "server"), "api") &&
                     strstr (json_object_get_string_member (request, "query"), "cursor=") == NULL;
    }
  /* nth=2: the walk went on from its second page. count=4: its first page, tried four times,
   * then a new walk. */
  g_assert_cmpuint (first_pages, ==, g_str_has_prefix (data, "nth=") ? 1 : 5);
}

static TroveProvider *
provider_for_cb (const char *account_id, gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_str_equal (account_id, "acct") ? g_object_ref (fixture->provider) : NULL;
}

/* Quitting mid-download and starting again takes the unfinished jobs up from their .part:
 * each one with bytes on disk asks for the rest with Range. */
static void
test_restart_takes_up_unfinished (Fixture *fixture, gconstpointer data)
{
  TroveDownloadQueue *first = new_queue (fixture, 2);
  g_autoptr (TroveDownloadQueue) second = new_queue (fixture, 2);
  g_autoptr (GPtrArray) left = NULL;
  g_autoptr (GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) had = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint queued = 0, resumed = 0;

  /* The first two answers are cut half way, and their retries would wait a minute. */
  _trove_download_queue_set_backoff_base_ms (first, 60000);
  trove_test_server_process_add_fault (server, "cut:count=2,server=media");
  for (guint i = 0; i < fixture->media->len && queued < 8; i++)
    if (trove_media_get_kind (g_ptr_array_index (fixture->media, i)) == TROVE_MEDIA_KIND_DOCUMENT)
      {
        g_ptr_array_add (jobs, g_object_ref (
                                   trove_download_queue_add (first, fixture->provider, "acct",
                                                             "Account", "Chat",
                                                             g_ptr_array_index (fixture->media, i),
                                                             NULL)));
        queued++;
      }
  g_assert_cmpuint (queued, ==, 8);
  wait_for_part (jobs->pdata[0]);
  wait_for_part (jobs->pdata[1]);
  g_assert_cmpuint (trove_download_queue_get_pending (first), ==, 8);
  for (guint i = 0; i < jobs->len; i++)
    {
      g_autofree char *part = part_of (jobs->pdata[i]);

      if (size_of (part) > 0)
        g_hash_table_insert (had,
                             g_strdup (
                                 trove_media_get_id (trove_download_get_media (jobs->pdata[i]))),
                             GSIZE_TO_POINTER (size_of (part)));
    }
  g_assert_cmpuint (g_hash_table_size (had), ==, 2);

  /* The app quits. */
  g_object_unref (first);
  left = trove_download_archive_list_pending (fixture->archive);
  g_assert_cmpuint (left->len, ==, 8);
  trove_test_server_process_reset (server);

  g_assert_cmpuint (trove_download_queue_restore (second, provider_for_cb, fixture), ==, left->len);
  trove_test_drain_queue (second, 120);
  assert_all_done (fixture, second);
  g_clear_pointer (&left, g_ptr_array_unref);
  left = trove_download_archive_list_pending (fixture->archive);
  g_assert_cmpuint (left->len, ==, 0);
  g_assert_cmpuint (_trove_download_archive_count (fixture->archive, "acct"), ==, queued);

  for (guint i = 0; i < jobs->len; i++)
    {
      const char *id = trove_media_get_id (trove_download_get_media (jobs->pdata[i]));
      g_autoptr (GPtrArray) requests = media_requests (id);
      gsize bytes = GPOINTER_TO_SIZE (g_hash_table_lookup (had, id));
      g_autofree char *range = g_strdup_printf ("bytes=%" G_GSIZE_FORMAT "-", bytes);

      g_assert_cmpuint (requests->len, ==, 1);
      if (bytes == 0)
        {
          g_assert_true (json_object_get_null_member (requests->pdata[0], "range"));
          continue;
        }
      g_assert_cmpstr (json_object_get_string_member (requests->pdata[0], "range"), ==, range);
      g_assert_cmpint (json_object_get_int_member (requests->pdata[0], "status"), ==,
                       SOUP_STATUS_PARTIAL_CONTENT);
      resumed++;
    }
  g_assert_cmpuint (resumed, ==, 2);
}

/* Stopped between renaming a finished file and recording it: the next run records the file
 * it finds at the pending destination (its .part gone) instead of fetching it again as
 * "name (2)"; a destination whose .part is still there belongs to somebody else. */
static void
test_adopts_a_renamed_file (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 2);
  TroveMedia *renamed = g_ptr_array_index (fixture->media, 0);
  TroveMedia *taken = g_ptr_array_index (fixture->media, 1);
  TroveMedia *restored = g_ptr_array_index (fixture->media, 2);
  g_autofree char *renamed_path = g_build_filename (fixture->folder, "renamed.jpg", NULL);
  g_autofree char *taken_path = g_build_filename (fixture->folder, "taken.jpg", NULL);
  g_autofree char *taken_part = g_strconcat (taken_path, ".part", NULL);
  g_autofree char *restored_path = g_build_filename (fixture->folder, "restored.jpg", NULL);
  g_autofree char *at = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) left = NULL;
  TroveMedia *items[] = { renamed, taken, restored };
  const char *paths[] = { renamed_path, taken_path, restored_path };

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      TroveMedia *media = items[i];

      trove_download_archive_add_pending (fixture->archive, "acct", trove_media_get_id (media),
                                          trove_media_get_message_id (media),
                                          trove_media_get_chat_id (media),
                                          trove_media_get_kind (media),
                                          trove_media_get_name (media), 0, paths[i]);
      g_file_set_contents (paths[i], "whole file", -1, &error);
      g_assert_no_error (error);
    }
  g_file_set_contents (taken_part, "half", -1, &error);
  g_assert_no_error (error);

  g_assert_null (
      trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", renamed, &at));
  g_assert_cmpstr (at, ==, renamed_path);
  g_clear_pointer (&at, g_free);
  g_assert_nonnull (
      trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", taken, &at));
  g_assert_null (at);
  trove_test_drain_queue (queue, 120);

  /* A restart takes up only what is really unfinished. */
  trove_download_archive_remove_pending (fixture->archive, "acct", trove_media_get_id (taken));
  g_assert_cmpuint (trove_download_queue_restore (queue, provider_for_cb, fixture), ==, 0);
  left = trove_download_archive_list_pending (fixture->archive);
  g_assert_cmpuint (left->len, ==, 0);

  at = trove_download_archive_lookup (fixture->archive, "acct", trove_media_get_id (restored));
  g_assert_cmpstr (at, ==, restored_path);
  g_clear_pointer (&at, g_free);
  at = trove_download_archive_lookup (fixture->archive, "acct", trove_media_get_id (taken));
  g_assert_nonnull (at);
  g_assert_cmpstr (at, !=, taken_path);
  g_assert_cmpuint (_trove_download_archive_count (fixture->archive, "acct"), ==, 3);
}

/* The per-chat line: listed, downloaded (and still on disk), missing, failed, locked. */
static void
test_chat_tally (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 2);
  g_autoptr (GListStore) chat = g_list_store_new (TROVE_TYPE_MEDIA);
  g_autoptr (TroveMedia) locked =
      trove_media_new ("locked-1", "message-1", "chat", TROVE_MEDIA_KIND_IMAGE);
  TroveMedia *broken = g_ptr_array_index (fixture->media, 5);
  g_autofree char *fault =
      g_strdup_printf ("5xx:server=media,status=500,path=%s", trove_media_get_id (broken));
  g_autofree char *text = NULL;
  TroveDownload *first = NULL;
  TroveChatTally tally;

  trove_media_set_locked (locked, TRUE);
  for (guint i = 0; i < 10; i++)
    g_list_store_append (chat, g_ptr_array_index (fixture->media, i));
  g_list_store_append (chat, locked);

  trove_test_server_process_add_fault (server, fault);
  for (guint i = 0; i < 6; i++)
    {
      TroveDownload *job =
          trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat",
                                    g_ptr_array_index (fixture->media, i), NULL);

      first = first ? first : job;
    }
  trove_test_drain_queue (queue, 120);

  trove_chat_tally_count (&tally, G_LIST_MODEL (chat), FALSE, "acct", fixture->archive, queue);
  g_assert_cmpuint (tally.listed, ==, 11);
  g_assert_cmpuint (tally.downloaded, ==, 5);
  g_assert_cmpuint (tally.missing, ==, 5);
  g_assert_cmpuint (tally.failed, ==, 1);
  g_assert_cmpuint (tally.locked, ==, 1);
  text = trove_chat_tally_describe (&tally);
  g_assert_cmpstr (text, ==, "11 listed so far · 5 downloaded · 5 missing · 1 failed · 1 locked");

  /* A file gone from disk is missing again; another account has downloaded nothing. */
  g_assert_true (g_file_delete (trove_download_get_destination (first), NULL, NULL));
  trove_chat_tally_count (&tally, G_LIST_MODEL (chat), TRUE, "acct", fixture->archive, queue);
  g_clear_pointer (&text, g_free);
  text = trove_chat_tally_describe (&tally);
  g_assert_cmpstr (text, ==, "11 on server · 4 downloaded · 6 missing · 1 failed · 1 locked");
  trove_chat_tally_count (&tally, G_LIST_MODEL (chat), TRUE, "other", fixture->archive, queue);
  g_assert_cmpuint (tally.downloaded, ==, 0);
  g_assert_cmpuint (tally.failed, ==, 0);

  /* Retried with the fault gone, the failed item counts as downloaded. */
  trove_test_server_process_clear_faults (server);
  trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", broken, NULL);
  trove_test_drain_queue (queue, 120);
  trove_chat_tally_count (&tally, G_LIST_MODEL (chat), TRUE, "acct", fixture->archive, queue);
  g_assert_cmpuint (tally.downloaded, ==, 5);
  g_assert_cmpuint (tally.failed, ==, 0);
}

static gboolean
cancel_and_retry_cb (gpointer user_data)
{
  gboolean saving = FALSE;

  g_object_get (user_data, "saving", &saving, NULL);
  cancelled_while_saving += saving;
  trove_download_cancel (user_data);
  trove_download_retry (user_data);
  return G_SOURCE_REMOVE;
}

static void
saving_retry_cb (TroveDownload *job, GParamSpec *pspec, gpointer user_data)
{
  gboolean saving = FALSE;

  g_object_get (job, "saving", &saving, NULL);
  if (saving)
    g_idle_add_full (G_PRIORITY_HIGH, cancel_and_retry_cb, g_object_ref (job), g_object_unref);
}

/* Cancelled and retried while its file is saved in a worker thread: the save of that attempt
 * ends the job, and the file and the archive's record are the item's, where the job says. */
static void
test_cancel_and_retry_while_saving (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 1);
  TroveMedia *media = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0);
  TroveDownload *job =
      trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  g_autofree char *wanted = g_file_get_path (trove_download_get_destination (job));
  g_autofree char *recorded = NULL;

  g_signal_connect (job, "notify::saving", G_CALLBACK (saving_retry_cb), NULL);
  cancelled_while_saving = 0;
  trove_test_drain_queue (queue, 120);
  g_assert_cmpuint (cancelled_while_saving, ==, 1);
  assert_all_done (fixture, queue);
  g_assert_cmpstr (g_file_peek_path (trove_download_get_destination (job)), ==, wanted);
  recorded = trove_download_archive_lookup (fixture->archive, "acct", trove_media_get_id (media));
  g_assert_cmpstr (recorded, ==, wanted);
}

static void
assert_failed_with (TroveDownload *job, GQuark domain, int code)
{
  const GError *error = trove_download_get_error (job);

  g_assert_cmpint (trove_download_get_state (job), ==, TROVE_DOWNLOAD_FAILED);
  g_assert_nonnull (error);
  g_assert_error ((GError *) error, domain, code);
}

/* The disk's errors reach the job as they are: the chat's folder is a file, so the .part
 * cannot be opened. */
static void
test_disk_error_keeps_its_code (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 1);
  TroveMedia *media = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0);
  g_autofree char *chat = g_build_filename (fixture->folder, "Chat", NULL);
  TroveDownload *job;

  g_assert_true (g_file_set_contents (chat, "not a folder", -1, NULL));
  job = trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  trove_test_drain_queue (queue, 120);
  assert_failed_with (job, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
}

/* A download folder that cannot be made (a file is in the way) fails with the GIO error. */
static void
test_folder_error_keeps_its_code (Fixture *fixture, gconstpointer data)
{
  g_autofree char *blocker = g_build_filename (fixture->folder, "blocker", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (blocker);
  g_autoptr (TroveDownloadQueue) queue =
      trove_download_queue_new (folder, "{chat}/{id}.{ext}", fixture->archive);
  TroveMedia *media = first_of_kind (fixture, TROVE_MEDIA_KIND_DOCUMENT, 0);
  TroveDownload *job;

  g_assert_true (g_file_set_contents (blocker, "not a folder", -1, NULL));
  _trove_download_queue_set_backoff_base_ms (queue, 10);
  job = trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  trove_test_drain_queue (queue, 120);
  assert_failed_with (job, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
}

/* A write refused by the disk (a file-size limit here) keeps its code too, and is not retried. */
static void
test_write_error_keeps_its_code (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, 1);
  TroveMedia *media = first_of_kind (fixture, TROVE_MEDIA_KIND_VIDEO, 0);
  g_autoptr (GBytes) content =
      trove_test_server_process_get_content (server, trove_media_get_id (media), "main");
  struct rlimit saved, limit;
  TroveDownload *job;

  g_assert_cmpuint (g_bytes_get_size (content), >, 4096);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = g_bytes_get_size (content) / 2;
  signal (SIGXFSZ, SIG_IGN);

  /* The job starts writing on a later turn of the main loop, when the limit is in place. */
  job = trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  trove_test_drain_queue (queue, 120);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  assert_failed_with (job, G_IO_ERROR, g_io_error_from_errno (EFBIG));
}

int
main (int argc, char *argv[])
{
  g_autofree char *dataset = g_strdup_printf ("size=%d", ITEMS);
  const char *args[] = { "--dataset", dataset, "--blob-size", "300000", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  g_test_add ("/downloads/through-every-fault", Fixture, NULL, fixture_set_up,
              test_through_every_fault, fixture_tear_down);
  g_test_add ("/downloads/second-run-downloads-nothing", Fixture, NULL, fixture_set_up,
              test_second_run_downloads_nothing, fixture_tear_down);
  g_test_add ("/downloads/resumes-a-part-file", Fixture, NULL, fixture_set_up,
              test_resumes_a_part_file, fixture_tear_down);
  g_test_add ("/downloads/refuses-a-206-from-another-offset", Fixture, "wrong-range",
              fixture_set_up, test_refuses_a_wrong_partial, fixture_tear_down);
  g_test_add ("/downloads/refuses-a-206-without-content-range", Fixture, "no-content-range",
              fixture_set_up, test_refuses_a_wrong_partial, fixture_tear_down);
  g_test_add ("/downloads/refuses-a-206-with-another-total", Fixture, "wrong-total", fixture_set_up,
              test_refuses_a_wrong_partial, fixture_tear_down);
  g_test_add ("/downloads/no-temporary-file-while-writing", Fixture, NULL, fixture_set_up,
              test_no_temporary_file_while_writing, fixture_tear_down);
  g_test_add ("/downloads/one-job-per-item", Fixture, NULL, fixture_set_up, test_one_job_per_item,
              fixture_tear_down);
  g_test_add ("/downloads/cancelled-part-not-shared", Fixture, NULL, fixture_set_up,
              test_cancelled_part_not_shared, fixture_tear_down);
  g_test_add ("/downloads/retry-claims-destination-again", Fixture, NULL, fixture_set_up,
              test_retry_claims_destination_again, fixture_tear_down);
  g_test_add ("/downloads/foreign-part-not-resumed", Fixture, NULL, fixture_set_up,
              test_foreign_part_not_resumed, fixture_tear_down);
  g_test_add ("/downloads/part-symlink-not-followed", Fixture, NULL, fixture_set_up,
              test_part_symlink_not_followed, fixture_tear_down);
  g_test_add ("/downloads/cancel-while-saving", Fixture, NULL, fixture_set_up,
              test_cancel_while_saving, fixture_tear_down);
  g_test_add ("/downloads/whole-part-saved", Fixture, NULL, fixture_set_up, test_whole_part_saved,
              fixture_tear_down);
  g_test_add ("/downloads/insecure-link-refused", Fixture, NULL, fixture_set_up,
              test_insecure_link_refused, fixture_tear_down);
  g_test_add ("/downloads/restart-takes-up-unfinished", Fixture, NULL, fixture_set_up,
              test_restart_takes_up_unfinished, fixture_tear_down);
  g_test_add ("/downloads/adopts-a-renamed-file", Fixture, NULL, fixture_set_up,
              test_adopts_a_renamed_file, fixture_tear_down);
  g_test_add ("/downloads/refuses-a-web-page", Fixture, GINT_TO_POINTER (TROVE_MEDIA_KIND_VIDEO),
              fixture_set_up, test_refuses_a_web_page, fixture_tear_down);
  g_test_add ("/downloads/refuses-a-web-page-for-a-document", Fixture,
              GINT_TO_POINTER (TROVE_MEDIA_KIND_DOCUMENT), fixture_set_up, test_refuses_a_web_page,
              fixture_tear_down);
  g_test_add ("/downloads/resolves-through-a-bad-page", Fixture, "nth=2", fixture_set_up,
              test_resolves_through_bad_pages, fixture_tear_down);
  g_test_add ("/downloads/resolves-again-after-a-failed-walk", Fixture, "count=4", fixture_set_up,
              test_resolves_through_bad_pages, fixture_tear_down);
  g_test_add ("/downloads/chat-tally", Fixture, NULL, fixture_set_up, test_chat_tally,
              fixture_tear_down);
  g_test_add ("/downloads/cancel-and-retry-while-saving", Fixture, NULL, fixture_set_up,
              test_cancel_and_retry_while_saving, fixture_tear_down);
  g_test_add ("/downloads/disk-error-keeps-its-code", Fixture, NULL, fixture_set_up,
              test_disk_error_keeps_its_code, fixture_tear_down);
  g_test_add ("/downloads/folder-error-keeps-its-code", Fixture, NULL, fixture_set_up,
              test_folder_error_keeps_its_code, fixture_tear_down);
  g_test_add ("/downloads/write-error-keeps-its-code", Fixture, NULL, fixture_set_up,
              test_write_error_keeps_its_code, fixture_tear_down);

  status = g_test_run ();
  trove_test_server_process_free (server);
  return status;
}
