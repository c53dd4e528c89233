/* test-dedupe.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each media stored once, against the test server's archive data set: mass-message media
 * shared by 32 chats, and pairs of items with other ids but the same bytes.
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include "trove-download-archive-private.h"
#include "trove-download-queue-private.h"
#include "trove-fanvue-provider.h"
#include "trove-http-client-private.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

/* 34 chats of 4 items, half of them the same two mass-message media: one chat is empty and one
 * answers 404, so each shared id is in 32 chats. */
#define DATASET "archive=34,4,50"
#define TEMPLATE "{chat}/{date} {kind} {id}.{ext}"

static TroveTestServerProcess *server;

typedef struct
{
  char *folder;
  GFile *folder_file;
  char *archive_path;
  TroveProvider *provider;
  TroveDownloadArchive *archive;
  JsonObject *account; /* the data set's Fanvue creator */
  GPtrArray *chats;    /* GPtrArray of TroveMedia, one per chat with media */
  GPtrArray *names;    /* the chats' names, alike */
} Fixture;

static gboolean
in_list (JsonArray *array, const char *id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_array_get_string_element (array, i), id))
      return TRUE;
  return FALSE;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);
  g_autoptr (GError) error = NULL;
  JsonArray *chats;
  JsonObject *archive;

  fixture->folder = g_dir_make_tmp ("trove-dedupe-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->folder_file = g_file_new_for_path (fixture->folder);
  fixture->archive_path = g_build_filename (fixture->folder, "archive.sqlite3", NULL);
  fixture->archive = trove_download_archive_new (fixture->archive_path, &error);
  g_assert_no_error (error);

  fixture->provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  _trove_http_client_set_backoff_base_ms (trove_provider_get_http_client (fixture->provider), 10);

  fixture->account = json_object_ref (json_object_get_object_member (dataset, "fanvue"));
  archive = json_object_get_object_member (fixture->account, "archive");
  chats = json_object_get_array_member (fixture->account, "chats");
  fixture->chats = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  fixture->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (chats); i++)
    {
      JsonObject *chat = json_array_get_object_element (chats, i);
      const char *id = json_object_get_string_member (chat, "id");

      if (in_list (json_object_get_array_member (archive, "gone_chats"), id) ||
          json_object_get_int_member (chat, "media_count") == 0)
        continue;
      g_ptr_array_add (fixture->chats,
                       trove_test_list_all_media (fixture->provider, id,
                                                  json_object_get_int_member (chat,
                                                                              "media_count")));
      g_ptr_array_add (fixture->names, g_strdup (json_object_get_string_member (chat, "name")));
    }
  g_assert_cmpuint (fixture->chats->len, ==, 32);

  trove_test_server_process_reset (server);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  trove_test_remove_tree (fixture->folder);
  g_object_unref (fixture->folder_file);
  g_free (fixture->folder);
  g_free (fixture->archive_path);
  g_object_unref (fixture->provider);
  g_object_unref (fixture->archive);
  json_object_unref (fixture->account);
  g_ptr_array_unref (fixture->chats);
  g_ptr_array_unref (fixture->names);
}

static JsonArray *
archive_member (Fixture *fixture, const char *name)
{
  return json_object_get_array_member (json_object_get_object_member (fixture->account, "archive"),
                                       name);
}

static TroveDownloadQueue *
new_queue (Fixture *fixture, GFile *folder, guint jobs)
{
  TroveDownloadQueue *queue = trove_download_queue_new (folder, TEMPLATE, fixture->archive);

  trove_download_queue_set_max_concurrent (queue, jobs);
  _trove_download_queue_set_backoff_base_ms (queue, 10);
  return queue;
}

/* Queues chats [@from, @to); the count of items skipped as already there. */
static guint
queue_chats (Fixture *fixture, TroveDownloadQueue *queue, guint from, guint to)
{
  guint skipped = 0;

  for (guint c = from; c < to; c++)
    {
      GPtrArray *media = g_ptr_array_index (fixture->chats, c);

      for (guint i = 0; i < media->len; i++)
        {
          g_autofree char *already = NULL;

          if (trove_download_queue_add (queue, fixture->provider, "acct", "Account",
                                        g_ptr_array_index (fixture->names, c),
                                        g_ptr_array_index (media, i), &already) == NULL)
            {
              g_assert_nonnull (already);
              skipped++;
            }
        }
    }
  return skipped;
}

/* Bytes the media host sent for @media_id, and in how many requests. */
static gint64
media_bytes (const char *media_id, guint *requests)
{
  g_autoptr (JsonArray) log = trove_test_server_process_get_requests (server);
  gint64 bytes = 0;

  *requests = 0;
  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *request = json_array_get_object_element (log, i);

      if (g_str_equal (json_object_get_string_member (request, "server"), "media") &&
          g_strcmp0 (json_object_get_string_member (request, "media_id"), media_id) == 0)
        {
          bytes += json_object_get_int_member (request, "bytes");
          (*requests)++;
        }
    }
  return bytes;
}

static guint
media_requests_total (void)
{
  g_autoptr (JsonArray) log = trove_test_server_process_get_requests (server);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (log); i++)
    n += g_str_equal (json_object_get_string_member (json_array_get_object_element (log, i),
                                                     "server"),
                      "media");
  return n;
}

static void
assert_bytes (const char *path, const char *media_id)
{
  g_autoptr (GBytes) expected = trove_test_server_process_get_content (server, media_id, "main");
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                   g_bytes_get_size (expected));
}

static void
stat_path (const char *path, GStatBuf *buf)
{
  g_assert_cmpint (g_lstat (path, buf), ==, 0);
  g_assert_true (S_ISREG (buf->st_mode));
}

/* The jobs of @media_id's places, each done with the item's exact bytes. */
static GPtrArray *
jobs_of (TroveDownloadQueue *queue, const char *media_id)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (G_LIST_MODEL (queue), i);

      if (!g_str_equal (trove_media_get_id (trove_download_get_media (job)), media_id))
        continue;
      if (trove_download_get_state (job) != TROVE_DOWNLOAD_DONE)
        g_error ("%s ended %d: %s", media_id, trove_download_get_state (job),
                 trove_download_get_error (job) ? trove_download_get_error (job)->message : "");
      assert_bytes (g_file_peek_path (trove_download_get_destination (job)), media_id);
      g_ptr_array_add (found, g_object_ref (job));
    }
  return found;
}

/* Every place of every shared id: the same file (inode) in each of the 32 chat folders,
 * fetched once, the rest done by linking; the archive lists every place and chat. */
static void
assert_shared_linked (Fixture *fixture, TroveDownloadQueue *queue, gboolean same_inode)
{
  JsonArray *shared = archive_member (fixture, "shared");

  g_assert_cmpuint (json_array_get_length (shared), >=, 1);
  for (guint s = 0; s < json_array_get_length (shared); s++)
    {
      const char *id = json_array_get_string_element (shared, s);
      g_autoptr (GPtrArray) jobs = jobs_of (queue, id);
      g_autoptr (GHashTable) folders =
          g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_auto (GStrv) places = trove_download_archive_list_places (fixture->archive, "acct", id);
      g_auto (GStrv) chats = trove_download_archive_list_chats (fixture->archive, "acct", id);
      guint deduplicated = 0;
      GStatBuf first, buf;

      g_assert_cmpuint (jobs->len, ==, 32);
      stat_path (g_file_peek_path (trove_download_get_destination (g_ptr_array_index (jobs, 0))),
                 &first);
      for (guint i = 0; i < jobs->len; i++)
        {
          TroveDownload *job = g_ptr_array_index (jobs, i);
          const char *path = g_file_peek_path (trove_download_get_destination (job));

          stat_path (path, &buf);
          if (same_inode)
            {
              g_assert_cmpuint (buf.st_dev, ==, first.st_dev);
              g_assert_cmpuint (buf.st_ino, ==, first.st_ino);
            }
          g_hash_table_add (folders, g_path_get_dirname (path));
          g_assert_true (g_strv_contains ((const char *const *) places, path));
          deduplicated += trove_download_get_deduplicated (job);
        }
      g_assert_cmpuint (g_hash_table_size (folders), ==, 32);
      g_assert_cmpuint (deduplicated, ==, 31);
      g_assert_cmpuint (g_strv_length (places), ==, 32);
      g_assert_cmpuint (g_strv_length (chats), ==, 32);
      g_assert_cmpuint (trove_download_archive_count_chats (fixture->archive, "acct", id), ==, 32);

      /* For the viewer: the other chats by the names the places were made under. */
      {
        TroveMedia *media = trove_download_get_media (g_ptr_array_index (jobs, 0));
        g_auto (GStrv) others =
            trove_download_archive_list_other_chats (fixture->archive, "acct", id,
                                                     trove_media_get_chat_id (media));

        g_assert_cmpuint (g_strv_length (others), ==, 31);
        for (guint i = 0; others[i] != NULL; i++)
          g_assert_true (
              g_ptr_array_find_with_equal_func (fixture->names, others[i], g_str_equal, NULL));
      }
    }
}

static void
test_shared_media_fetched_once (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, fixture->folder_file, 4);
  JsonArray *shared = archive_member (fixture, "shared");
  guint shared_places = 32 * json_array_get_length (shared);

  g_assert_cmpuint (queue_chats (fixture, queue, 0, fixture->chats->len), ==, 0);
  trove_test_drain_queue (queue, 120);

  for (guint s = 0; s < json_array_get_length (shared); s++)
    {
      const char *id = json_array_get_string_element (shared, s);
      g_autoptr (GBytes) content = trove_test_server_process_get_content (server, id, "main");
      guint requests = 0;

      /* Once from the media host, whole, for 32 chats. */
      g_assert_cmpint (media_bytes (id, &requests), ==, g_bytes_get_size (content));
      g_assert_cmpuint (requests, ==, 1);
    }
  assert_shared_linked (fixture, queue, TRUE);
  g_assert_cmpuint (trove_download_queue_get_deduplicated (queue), ==,
                    shared_places - json_array_get_length (shared));

  /* The figure for the report: bytes from the media host against the account's unique bytes
   * (duplicate pairs are fetched twice: nothing tells them apart before their bytes are in). */
  {
    g_autoptr (JsonArray) log = trove_test_server_process_get_requests (server);
    JsonObject *archive = json_object_get_object_member (fixture->account, "archive");
    gint64 total = 0;

    for (guint i = 0; i < json_array_get_length (log); i++)
      total += json_object_get_int_member (json_array_get_object_element (log, i), "bytes");
    g_test_message ("media host sent %" G_GINT64_FORMAT " bytes for %" G_GINT64_FORMAT
                    " unique bytes, %u places",
                    total, json_object_get_int_member (archive, "unique_main_bytes"),
                    g_list_model_get_n_items (G_LIST_MODEL (queue)));
  }
  g_assert_null (trove_download_queue_get_warning (queue));
}

/* Other ids, same bytes: both downloaded (nothing says they are the same before), then the
 * second file is replaced by a link to the first; each name still holds its exact bytes. */
static void
test_same_bytes_linked (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, fixture->folder_file, 4);
  JsonArray *duplicates = archive_member (fixture, "duplicates");

  queue_chats (fixture, queue, 0, fixture->chats->len);
  trove_test_drain_queue (queue, 120);

  g_assert_cmpuint (json_array_get_length (duplicates), >=, 2);
  for (guint d = 0; d < json_array_get_length (duplicates); d++)
    {
      JsonArray *pair = json_array_get_array_element (duplicates, d);
      g_autoptr (GPtrArray) a = jobs_of (queue, json_array_get_string_element (pair, 0));
      g_autoptr (GPtrArray) b = jobs_of (queue, json_array_get_string_element (pair, 1));
      GStatBuf buf_a, buf_b;

      g_assert_cmpuint (a->len, ==, 1);
      g_assert_cmpuint (b->len, ==, 1);
      stat_path (g_file_peek_path (trove_download_get_destination (g_ptr_array_index (a, 0))),
                 &buf_a);
      stat_path (g_file_peek_path (trove_download_get_destination (g_ptr_array_index (b, 0))),
                 &buf_b);
      g_assert_cmpuint (buf_a.st_ino, ==, buf_b.st_ino);
      g_assert_cmpuint (buf_a.st_nlink, ==, 2);
    }
}

/* A chat whose shared media the archive already has, downloaded for another chat: linked at
 * once, nothing fetched; a run again skips every place. */
static void
test_archived_media_linked_at_once (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) first = new_queue (fixture, fixture->folder_file, 4);
  g_autoptr (TroveDownloadQueue) second = new_queue (fixture, fixture->folder_file, 4);
  g_autoptr (TroveDownloadQueue) third = new_queue (fixture, fixture->folder_file, 4);
  JsonArray *shared = archive_member (fixture, "shared");

  queue_chats (fixture, first, 0, 1);
  trove_test_drain_queue (first, 120);
  trove_test_server_process_reset (server);

  queue_chats (fixture, second, 1, fixture->chats->len);
  trove_test_drain_queue (second, 120);
  for (guint s = 0; s < json_array_get_length (shared); s++)
    {
      guint requests = 0;

      g_assert_cmpint (media_bytes (json_array_get_string_element (shared, s), &requests), ==, 0);
      g_assert_cmpuint (requests, ==, 0);
    }
  g_assert_cmpuint (trove_download_queue_get_deduplicated (second), ==,
                    31 * json_array_get_length (shared));

  trove_test_server_process_reset (server);
  g_assert_cmpuint (queue_chats (fixture, third, 0, fixture->chats->len), ==,
                    4 * fixture->chats->len);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (third)), ==, 0);
  g_assert_cmpuint (media_requests_total (), ==, 0);
}

static TroveProvider *
provider_for_cb (const char *account_id, gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_str_equal (account_id, "acct") ? g_object_ref (fixture->provider) : NULL;
}

/* The app quits while places wait to be linked (to a download done, and to one still to
 * come): after a restart the queue takes them up again from the archive, fetching no media
 * stored before; every place of every shared id is then filled, one file linked 32 times. */
static void
test_waiting_links_restored (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) first = new_queue (fixture, fixture->folder_file, 1);
  g_autoptr (TroveDownloadQueue) second = NULL;
  JsonArray *shared = archive_member (fixture, "shared");
  const char *first_shared = json_array_get_string_element (shared, 0);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autofree char *known = NULL;

  g_assert_cmpuint (json_array_get_length (shared), >=, 2);
  queue_chats (fixture, first, 0, fixture->chats->len);
  /* Stopped as soon as one shared media is stored: its other places still wait for their
   * links, and those of the next shared media for its download. */
  while ((known = trove_download_archive_lookup (fixture->archive, "acct", first_shared)) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (trove_download_archive_count_chats (fixture->archive, "acct", first_shared), <,
                    32);
  g_clear_object (&first);
  trove_test_server_process_reset (server);

  /* A new run over the same archive. */
  second = new_queue (fixture, fixture->folder_file, 4);
  g_assert_cmpuint (trove_download_queue_restore (second, provider_for_cb, fixture), >, 0);
  trove_test_drain_queue (second, 120);

  for (guint s = 0; s < json_array_get_length (shared); s++)
    {
      const char *id = json_array_get_string_element (shared, s);
      g_auto (GStrv) places = trove_download_archive_list_places (fixture->archive, "acct", id);
      g_autoptr (GHashTable) folders =
          g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      guint requests = 0;
      GStatBuf first_buf, buf;

      g_assert_cmpuint (trove_download_archive_count_chats (fixture->archive, "acct", id), ==, 32);
      g_assert_cmpuint (g_strv_length (places), ==, 32);
      stat_path (places[0], &first_buf);
      for (guint i = 0; places[i] != NULL; i++)
        {
          stat_path (places[i], &buf);
          g_assert_cmpuint (buf.st_ino, ==, first_buf.st_ino);
          assert_bytes (places[i], id);
          g_hash_table_add (folders, g_path_get_dirname (places[i]));
        }
      g_assert_cmpuint (g_hash_table_size (folders), ==, 32);
      /* After the restart: the media stored before is not fetched again, the others once. */
      media_bytes (id, &requests);
      g_assert_cmpuint (requests, <=, g_str_equal (id, first_shared) ? 0 : 1);
    }
}

static int
refuse_link (const char *from, const char *to)
{
  errno = EXDEV;
  return -1;
}

static void
count_cb (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* Where the folder takes no hard links (link() made to fail with EXDEV, as across file
 * systems), every place is a whole copy, and the queue warns once. */
static void
test_links_refused_copies (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, fixture->folder_file, 4);
  JsonArray *shared = archive_member (fixture, "shared");
  guint warnings = 0;

  _trove_download_queue_set_link_func (queue, refuse_link);
  g_signal_connect (queue, "notify::warning", G_CALLBACK (count_cb), &warnings);
  queue_chats (fixture, queue, 0, fixture->chats->len);
  trove_test_drain_queue (queue, 120);

  assert_shared_linked (fixture, queue, FALSE);
  g_assert_cmpuint (warnings, ==, 1);
  g_assert_nonnull (trove_download_queue_get_warning (queue));
  for (guint s = 0; s < json_array_get_length (shared); s++)
    {
      guint requests = 0;

      media_bytes (json_array_get_string_element (shared, s), &requests);
      g_assert_cmpuint (requests, ==, 1);
    }
}

/* The same, for real: the archive's file on one file system, the chat folders on another
 * (/dev/shm is a tmpfs). */
static void
test_other_file_system_copies (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) first = new_queue (fixture, fixture->folder_file, 4);
  g_autoptr (TroveDownloadQueue) second = NULL;
  g_autofree char *other = g_build_filename ("/dev/shm", "trove-dedupe-XXXXXX", NULL);
  g_autoptr (GFile) other_file = NULL;
  JsonArray *shared = archive_member (fixture, "shared");
  GStatBuf here, there;
  guint warnings = 0;

  if (g_mkdtemp (other) == NULL || g_stat (fixture->folder, &here) != 0 ||
      g_stat (other, &there) != 0 || here.st_dev == there.st_dev)
    {
      g_rmdir (other);
      g_test_skip ("no second file system at /dev/shm");
      return;
    }
  other_file = g_file_new_for_path (other);
  second = new_queue (fixture, other_file, 4);
  g_signal_connect (second, "notify::warning", G_CALLBACK (count_cb), &warnings);

  queue_chats (fixture, first, 0, 1);
  trove_test_drain_queue (first, 120);
  trove_test_server_process_reset (server);
  queue_chats (fixture, second, 1, fixture->chats->len);
  trove_test_drain_queue (second, 120);

  g_assert_cmpuint (warnings, ==, 1);
  g_assert_cmpuint (trove_download_queue_get_deduplicated (second), ==,
                    31 * json_array_get_length (shared));
  for (guint s = 0; s < json_array_get_length (shared); s++)
    {
      const char *id = json_array_get_string_element (shared, s);
      g_autoptr (GPtrArray) jobs = jobs_of (second, id);
      guint requests = 0;

      g_assert_cmpuint (jobs->len, ==, 31);
      g_assert_cmpint (media_bytes (id, &requests), ==, 0);
    }
  trove_test_remove_tree (other);
}

/* Every file under a final name in @folder is whole: the bytes of the item the archive
 * recorded for it. */
static guint
assert_final_names_whole (Fixture *fixture, const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *id = NULL;
      g_autofree char *recorded = NULL;
      const char *space;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          n += assert_final_names_whole (fixture, path);
          continue;
        }
      if (g_str_has_suffix (name, ".part") || g_str_has_prefix (name, "archive.sqlite3"))
        continue;
      /* "{date} {kind} {id}.{ext}" */
      space = strrchr (name, ' ');
      g_assert_nonnull (space);
      id = g_strndup (space + 1, strcspn (space + 1, "."));
      assert_bytes (path, id);
      recorded = trove_download_archive_lookup (fixture->archive, "acct", id);
      g_assert_nonnull (recorded);
      n++;
    }
  return n;
}

static gboolean
disk_full (const GError *error)
{
  return error != NULL && error->domain == G_IO_ERROR &&
         (error->code == G_IO_ERROR_NO_SPACE ||
          strstr (error->message, g_strerror (EFBIG)) != NULL);
}

/* A disk that fills (a file-size limit here) stops the run: the jobs after the first refusal
 * fail without fetching anything, nothing partial sits under a final name, and what the
 * archive says is there is there whole. */
static void
test_disk_full_stops_cleanly (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture, fixture->folder_file, 1);
  g_autoptr (GError) error = NULL;
  guint n, done = 0, full = 0;
  struct rlimit saved, limit;
  sqlite3 *db = NULL;

  /* Documents (1 MB each, past the limit) last: some files are whole before the disk fills. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint c = 0; c < 4; c++)
      {
        GPtrArray *media = g_ptr_array_index (fixture->chats, c);

        for (guint i = 0; i < media->len; i++)
          if ((trove_media_get_kind (g_ptr_array_index (media, i)) == TROVE_MEDIA_KIND_DOCUMENT) ==
              pass)
            trove_download_queue_add (queue, fixture->provider, "acct", "Account",
                                      g_ptr_array_index (fixture->names, c),
                                      g_ptr_array_index (media, i), NULL);
      }
  n = g_list_model_get_n_items (G_LIST_MODEL (queue));

  /* The archive's journal starts empty, so that the limit is met by media first. */
  g_assert_cmpint (sqlite3_open (fixture->archive_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = 700 * 1000;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  trove_test_drain_queue (queue, 120);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (G_LIST_MODEL (queue), i);

      if (trove_download_get_state (job) == TROVE_DOWNLOAD_DONE)
        done++;
      else
        {
          g_assert_cmpint (trove_download_get_state (job), ==, TROVE_DOWNLOAD_FAILED);
          g_assert_true (disk_full (trove_download_get_error (job)));
          full++;
        }
    }
  g_assert_cmpuint (full, >, 0);
  g_assert_cmpuint (done, >, 0);
  /* Stopped: far fewer fetches than jobs (one job at a time, the first refusal ends it). */
  g_assert_cmpuint (media_requests_total (), <, n - full + 2);
  g_assert_cmpuint (assert_final_names_whole (fixture, fixture->folder), ==, done);
}

int
main (int argc, char *argv[])
{
  const char *args[] = { "--dataset", DATASET, "--blob-size", "1000000", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  g_test_add ("/dedupe/shared-media-fetched-once", Fixture, NULL, fixture_set_up,
              test_shared_media_fetched_once, fixture_tear_down);
  g_test_add ("/dedupe/same-bytes-linked", Fixture, NULL, fixture_set_up, test_same_bytes_linked,
              fixture_tear_down);
  g_test_add ("/dedupe/archived-media-linked-at-once", Fixture, NULL, fixture_set_up,
              test_archived_media_linked_at_once, fixture_tear_down);
  g_test_add ("/dedupe/waiting-links-restored", Fixture, NULL, fixture_set_up,
              test_waiting_links_restored, fixture_tear_down);
  g_test_add ("/dedupe/links-refused-copies", Fixture, NULL, fixture_set_up,
              test_links_refused_copies, fixture_tear_down);
  g_test_add ("/dedupe/other-file-system-copies", Fixture, NULL, fixture_set_up,
              test_other_file_system_copies, fixture_tear_down);
  g_test_add ("/dedupe/disk-full-stops-cleanly", Fixture, NULL, fixture_set_up,
              test_disk_full_stops_cleanly, fixture_tear_down);

  status = g_test_run ();
  trove_test_server_process_free (server);
  return status;
}
