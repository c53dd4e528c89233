/* test-finished-files.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a download leaves on disk: a transfer paused in the middle resumes with a Range from the
 * byte it stopped at and ends whole; a finished file carries the message's date as its mtime
 * and where it came from in user extended attributes.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/xattr.h>

#include "trove-download-queue-private.h"
#include "trove-fanvue-provider.h"
#include "trove-http-client-private.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

#define ITEMS 3
#define BLOB_SIZE (1024 * 1024)
#define STALL_AT (256 * 1024)

static TroveTestServerProcess *server;

typedef struct
{
  char *folder;
  GFile *folder_file;
  TroveProvider *provider;
  GPtrArray *media;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autofree char *chat = trove_test_dataset_chat_id (server, "fanvue", 0);
  g_autofree char *cwd = g_get_current_dir ();

  /* In the build folder, on the disk: /tmp may be a tmpfs without user extended attributes. */
  fixture->folder = g_build_filename (cwd, "trove-finished-files-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (fixture->folder));
  fixture->folder_file = g_file_new_for_path (fixture->folder);

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
  g_ptr_array_unref (fixture->media);
}

static TroveDownloadQueue *
new_queue (Fixture *fixture)
{
  TroveDownloadQueue *queue = trove_download_queue_new (fixture->folder_file, "{id}.{ext}", NULL);

  trove_download_queue_set_max_concurrent (queue, 1);
  _trove_download_queue_set_backoff_base_ms (queue, 10);
  return queue;
}

static gint64
size_of (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (gint64) buf.st_size : -1;
}

static void
assert_whole (TroveDownload *job)
{
  TroveMedia *media = trove_download_get_media (job);
  g_autoptr (GBytes) expected =
      trove_test_server_process_get_content (server, trove_media_get_id (media), "main");
  g_autofree char *path = g_file_get_path (trove_download_get_destination (job));
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (trove_download_get_state (job) != TROVE_DOWNLOAD_DONE)
    g_error ("%s ended %d: %s", trove_media_get_id (media), trove_download_get_state (job),
             trove_download_get_error (job) ? trove_download_get_error (job)->message : "");

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                   g_bytes_get_size (expected));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

/* The media host sends the first 256 KiB and then holds the connection: the job sits mid-way
 * with those bytes in its .part. The user pauses it there and resumes it; it asks for the rest
 * from byte 262144 on and ends whole. */
static void
test_pause_and_resume_mid_transfer (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture);
  g_autoptr (JsonArray) requests = NULL;
  g_autofree char *path = NULL;
  g_autofree char *part = NULL;
  g_autofree char *range = g_strdup_printf ("bytes=%d-", STALL_AT);
  TroveMedia *media = g_ptr_array_index (fixture->media, 0);
  TroveDownload *job;
  gint64 deadline;

  trove_test_server_process_add_fault (server, "stall:server=media,bytes=262144,count=1");

  job = trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media, NULL);
  g_assert_nonnull (job);
  path = g_file_get_path (trove_download_get_destination (job));
  part = g_strconcat (path, ".part", NULL);

  /* Well within the job's own stall timeout (30 s), which would retry by itself. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (trove_download_get_bytes_done (job) < STALL_AT)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (trove_download_get_state (job), ==, TROVE_DOWNLOAD_RUNNING);
  g_assert_cmpint (trove_download_get_bytes_done (job), ==, STALL_AT);
  g_assert_cmpint (trove_download_get_bytes_total (job), ==, BLOB_SIZE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  trove_download_pause (job);
  g_assert_cmpint (trove_download_get_state (job), ==, TROVE_DOWNLOAD_PAUSED);
  /* Paused: nothing more is asked, the bytes stay in the .part, no file under the final name. */
  trove_test_spin (500);
  g_assert_cmpint (trove_download_get_state (job), ==, TROVE_DOWNLOAD_PAUSED);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 1);
  g_assert_cmpint (size_of (part), ==, STALL_AT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  trove_download_resume (job);
  trove_test_drain_queue (queue, 60);
  assert_whole (job);

  requests = trove_test_server_process_get_requests (server);
  g_assert_cmpuint (json_array_get_length (requests), ==, 2);
  {
    JsonObject *first = json_array_get_object_element (requests, 0);
    JsonObject *second = json_array_get_object_element (requests, 1);

    g_assert_true (json_object_get_null_member (first, "range"));
    g_assert_cmpstr (json_object_get_string_member (second, "server"), ==, "media");
    g_assert_cmpstr (json_object_get_string_member (second, "range"), ==, range);
    g_assert_cmpint (json_object_get_int_member (second, "status"), ==,
                     SOUP_STATUS_PARTIAL_CONTENT);
  }
}

/* Whether @folder keeps user extended attributes; the test cannot check provenance where not. */
static gboolean
supports_user_xattrs (const char *folder)
{
  g_autofree char *probe = g_build_filename (folder, "xattr-probe", NULL);
  int saved;
  int result;

  g_assert_true (g_file_set_contents (probe, "", 0, NULL));
  result = setxattr (probe, "user.trove-test-probe", "1", 1, 0);
  saved = errno;
  g_unlink (probe);

  if (result != 0)
    g_test_message ("setxattr on %s: %s", folder, g_strerror (saved));
  return result == 0;
}

static char *
get_user_xattr (const char *path, const char *name)
{
  char value[4096];
  ssize_t length = getxattr (path, name, value, sizeof value);

  return length < 0 ? NULL : g_strndup (value, length);
}

/* mtime is the message's date (not the time of the download), user.xdg.origin.url says the
 * API and item the file came from (not the signed URL, which expires and carries a signature)
 * and user.trove.media-id the item. */
static void
test_mtime_and_provenance (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!supports_user_xattrs (fixture->folder))
    {
      trove_test_skip ("the test folder's file system keeps no user extended attributes");
      return;
    }

  for (guint i = 0; i < fixture->media->len; i++)
    g_assert_nonnull (trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat",
                                                g_ptr_array_index (fixture->media, i), NULL));
  trove_test_drain_queue (queue, 60);

  for (guint i = 0; i < fixture->media->len; i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (G_LIST_MODEL (queue), i);
      TroveMedia *media = trove_download_get_media (job);
      g_autofree char *path = g_file_get_path (trove_download_get_destination (job));
      g_autofree char *origin = NULL;
      g_autofree char *media_id = NULL;
      g_autofree char *expected_origin = NULL;
      GDateTime *sent_at = trove_media_get_sent_at (media);
      GStatBuf buf;

      assert_whole (job);
      g_assert_nonnull (sent_at);
      /* The data set's messages are older than the test: a date that happens to be now would
       * prove nothing. */
      g_assert_cmpint (g_date_time_to_unix (sent_at), <, now - 3600);

      g_assert_cmpint (g_stat (path, &buf), ==, 0);
      g_assert_cmpint ((gint64) buf.st_mtime, ==, g_date_time_to_unix (sent_at));

      expected_origin =
          g_strdup_printf ("%s#media=%s", trove_test_server_process_get_api_url (server),
                           trove_media_get_id (media));
      origin = get_user_xattr (path, "user.xdg.origin.url");
      media_id = get_user_xattr (path, "user.trove.media-id");
      g_assert_cmpstr (origin, ==, expected_origin);
      g_assert_cmpstr (media_id, ==, trove_media_get_id (media));
    }
}

/* With both options off, the file is dated when it was written and carries no attributes: the
 * checks above see what the options do. */
static void
test_options_off (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture);
  g_autoptr (TroveDownload) job = NULL;
  g_autofree char *path = NULL;
  g_autofree char *origin = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  GStatBuf buf;

  trove_download_queue_set_file_times (queue, FALSE);
  trove_download_queue_set_provenance (queue, FALSE);
  job = g_object_ref (trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat",
                                                g_ptr_array_index (fixture->media, 0), NULL));
  trove_test_drain_queue (queue, 60);
  assert_whole (job);

  path = g_file_get_path (trove_download_get_destination (job));
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint ((gint64) buf.st_mtime, >=, before - 1);
  origin = get_user_xattr (path, "user.xdg.origin.url");
  g_assert_null (origin);
}

int
main (int argc, char *argv[])
{
  g_autofree char *dataset = g_strdup_printf ("documents=%d", ITEMS);
  g_autofree char *blob_size = g_strdup_printf ("%d", BLOB_SIZE);
  const char *args[] = { "--dataset", dataset, "--blob-size", blob_size, NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  g_test_add ("/finished-files/pause-and-resume-mid-transfer", Fixture, NULL, fixture_set_up,
              test_pause_and_resume_mid_transfer, fixture_tear_down);
  g_test_add ("/finished-files/mtime-and-provenance", Fixture, NULL, fixture_set_up,
              test_mtime_and_provenance, fixture_tear_down);
  g_test_add ("/finished-files/options-off", Fixture, NULL, fixture_set_up, test_options_off,
              fixture_tear_down);

  status = g_test_run ();
  trove_test_server_process_free (server);
  return status;
}
