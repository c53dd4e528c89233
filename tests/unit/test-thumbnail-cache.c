/* test-thumbnail-cache.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The thumbnail loader's disk cache (a thumbnail seen once is never fetched again, even by a
 * new process) and its answer to an expired signed URL (a fresh page, then the thumbnail).
 */

#include "config.h"

#include <glib/gstdio.h>

#include "trove-error.h"
#include "trove-fanvue-provider.h"
#include "trove-http-client-private.h"
#include "trove-media.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"
#include "trove-thumbnail-loader.h"

static TroveTestServerProcess *server;

typedef struct
{
  char *cache_dir;
  TroveHttpClient *client;
  TroveProvider *provider;
  TroveMedia *media;
  char *chat;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;

  fixture->cache_dir = g_dir_make_tmp ("trove-thumbnails-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->client = trove_http_client_new ();
  _trove_http_client_set_backoff_base_ms (fixture->client, 10);
  fixture->provider =
      trove_fanvue_provider_new (fixture->client, trove_test_server_process_get_api_url (server),
                                 credentials);
  fixture->chat = trove_test_dataset_chat_id (server, "fanvue", 0);

  page = trove_test_list_media (fixture->provider, fixture->chat, TROVE_MEDIA_KIND_IMAGE, NULL,
                                &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trove_page_get_items (page)->len, >, 0);
  fixture->media = g_object_ref (g_ptr_array_index (trove_page_get_items (page), 0));
  g_assert_nonnull (trove_media_get_variant (fixture->media, TROVE_VARIANT_THUMBNAIL)->url);

  trove_test_server_process_reset (server);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  trove_test_remove_tree (fixture->cache_dir);
  g_free (fixture->cache_dir);
  g_free (fixture->chat);
  g_object_unref (fixture->media);
  g_object_unref (fixture->provider);
  g_object_unref (fixture->client);
}

static GBytes *
load (TroveThumbnailLoader *loader, Fixture *fixture, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  trove_thumbnail_loader_load_async (loader, fixture->provider, fixture->media,
                                     TROVE_VARIANT_THUMBNAIL, 0, NULL, trove_test_async_cb,
                                     &result);
  return trove_thumbnail_loader_load_finish (loader, trove_test_wait_async (&result, 30), error);
}

static void
assert_is_the_thumbnail (Fixture *fixture, GBytes *bytes)
{
  g_autoptr (GBytes) expected =
      trove_test_server_process_get_content (server, trove_media_get_id (fixture->media),
                                             "thumbnail");

  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

/* The files under @dir, at any depth, but for the temporary ones a consistent write renames
 * into place ("name.XXXXXX"). */
static guint
count_files (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n += count_files (child);
      else
        n += strchr (name, '.') == NULL;
    }

  return n;
}

static guint
media_requests (void)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    n += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (requests, i),
                                                   "server"),
                    "media") == 0;

  return n;
}

/* A thumbnail fetched once is written to the cache folder; a new loader (a new run of the app,
 * nothing in memory) on the same folder serves it from there without a request. */
static void
test_disk_cache (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveThumbnailLoader) first =
      trove_thumbnail_loader_new (fixture->cache_dir, 4, 1024 * 1024);
  g_autoptr (TroveThumbnailLoader) second =
      trove_thumbnail_loader_new (fixture->cache_dir, 4, 1024 * 1024);
  g_autoptr (GBytes) fetched = NULL;
  g_autoptr (GBytes) cached = NULL;
  g_autoptr (GError) error = NULL;
  gint64 deadline;

  fetched = load (first, fixture, &error);
  g_assert_no_error (error);
  assert_is_the_thumbnail (fixture, fetched);
  g_assert_cmpuint (media_requests (), ==, 1);
  g_assert_cmpuint (trove_thumbnail_loader_get_fetched (first), ==, 1);

  /* The file is written in a worker thread, after the waiters have their bytes. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (count_files (fixture->cache_dir) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      trove_test_spin (20);
    }
  g_assert_cmpuint (count_files (fixture->cache_dir), ==, 1);

  trove_test_server_process_reset (server);
  cached = load (second, fixture, &error);
  g_assert_no_error (error);
  assert_is_the_thumbnail (fixture, cached);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 0);
  g_assert_cmpuint (trove_thumbnail_loader_get_fetched (second), ==, 0);
}

/* The same with no memory at all (a budget of 0 bytes): the second load still makes no
 * request. Without a cache folder it does: the count above can see a fetch. */
static void
test_disk_cache_without_memory (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveThumbnailLoader) loader = trove_thumbnail_loader_new (fixture->cache_dir, 4, 0);
  g_autoptr (TroveThumbnailLoader) uncached = trove_thumbnail_loader_new (NULL, 4, 0);
  g_autoptr (GError) error = NULL;
  gint64 deadline;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (GBytes) bytes = load (uncached, fixture, &error);

      g_assert_no_error (error);
      assert_is_the_thumbnail (fixture, bytes);
    }
  g_assert_cmpuint (media_requests (), ==, 2);

  trove_test_server_process_reset (server);
  {
    g_autoptr (GBytes) bytes = load (loader, fixture, &error);

    g_assert_no_error (error);
    assert_is_the_thumbnail (fixture, bytes);
  }
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (count_files (fixture->cache_dir) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      trove_test_spin (20);
    }

  trove_test_server_process_reset (server);
  {
    g_autoptr (GBytes) bytes = load (loader, fixture, &error);

    g_assert_no_error (error);
    assert_is_the_thumbnail (fixture, bytes);
  }
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 0);
}

/* Every signed URL the item carries has expired: the media host answers 403, the loader asks
 * the API for the chat's media again, and fetches the thumbnail from the fresh link. */
static void
test_expired_url (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveThumbnailLoader) loader = trove_thumbnail_loader_new (NULL, 4, 1024 * 1024);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) requests = NULL;
  g_autofree char *media_path = g_strdup_printf ("/chats/%s/media", fixture->chat);
  JsonObject *request;

  trove_test_server_process_expire_urls (server);
  bytes = load (loader, fixture, &error);
  g_assert_no_error (error);
  assert_is_the_thumbnail (fixture, bytes);

  requests = trove_test_server_process_get_requests (server);
  g_assert_cmpuint (json_array_get_length (requests), >=, 3);

  request = json_array_get_object_element (requests, 0);
  g_assert_cmpstr (json_object_get_string_member (request, "server"), ==, "media");
  g_assert_cmpint (json_object_get_int_member (request, "status"), ==, 403);

  /* Then the chat's media pages until the item turns up (the first page here). */
  for (guint i = 1; i + 1 < json_array_get_length (requests); i++)
    {
      request = json_array_get_object_element (requests, i);
      g_assert_cmpstr (json_object_get_string_member (request, "server"), ==, "api");
      g_assert_cmpstr (json_object_get_string_member (request, "path"), ==, media_path);
      g_assert_cmpint (json_object_get_int_member (request, "status"), ==, 200);
    }

  request = json_array_get_object_element (requests, json_array_get_length (requests) - 1);
  g_assert_cmpstr (json_object_get_string_member (request, "server"), ==, "media");
  g_assert_cmpint (json_object_get_int_member (request, "status"), ==, 200);
  g_assert_false (json_object_get_boolean_member (request, "authorization"));
}

/* A link that keeps failing is resolved once, not for ever: the load fails as an expired link
 * after one fresh page. */
static void
test_expired_url_gives_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveThumbnailLoader) loader = trove_thumbnail_loader_new (NULL, 4, 1024 * 1024);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  trove_test_server_process_add_fault (server, "expire:server=media");
  bytes = load (loader, fixture, &error);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_EXPIRED_LINK);
  g_assert_null (bytes);
  g_assert_cmpuint (media_requests (), ==, 2);
}

int
main (int argc, char *argv[])
{
  const char *args[] = { "--dataset", "demo", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  g_test_add ("/thumbnail-cache/disk-cache", Fixture, NULL, fixture_set_up, test_disk_cache,
              fixture_tear_down);
  g_test_add ("/thumbnail-cache/disk-cache-without-memory", Fixture, NULL, fixture_set_up,
              test_disk_cache_without_memory, fixture_tear_down);
  g_test_add ("/thumbnail-cache/expired-url", Fixture, NULL, fixture_set_up, test_expired_url,
              fixture_tear_down);
  g_test_add ("/thumbnail-cache/expired-url-gives-up", Fixture, NULL, fixture_set_up,
              test_expired_url_gives_up, fixture_tear_down);

  status = g_test_run ();
  trove_test_server_process_free (server);

  return status;
}
