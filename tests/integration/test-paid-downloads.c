/* test-paid-downloads.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OnlyFansAPI media the CDN refuses to serve directly: fetched through the paid download
 * endpoint when the account allows it, reported apart when it does not, against the test
 * server's refusing CDN, grants and billing.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "trove-download-archive-private.h"
#include "trove-download-queue-private.h"
#include "trove-error.h"
#include "trove-fanvue-provider.h"
#include "trove-http-client-private.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

#define ITEMS 12
#define ENDPOINT_ROUTE "GET /api/{account}/media/download/{cdnUrl}"

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
control_post (const char *path_and_query)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (trove_test_server_process_get_api_url (server), "/__control",
                                      path_and_query, NULL);
  g_autoptr (SoupMessage) message = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr (GBytes) body = soup_session_send_and_read (session, message, NULL, NULL);

  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}

static JsonObject *
get_stats (void)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *url =
      g_strconcat (trove_test_server_process_get_api_url (server), "/__control/stats", NULL);
  g_autoptr (SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr (GBytes) body = soup_session_send_and_read (session, message, NULL, NULL);
  g_autoptr (JsonNode) node = NULL;

  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  node = json_from_string (g_bytes_get_data (body, NULL), NULL);
  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static gint64
credits_billed (void)
{
  g_autoptr (JsonObject) stats = get_stats ();

  return json_object_get_int_member (json_object_get_object_member (stats, "credits"), "billed");
}

static gint64
route_count (const char *route)
{
  g_autoptr (JsonObject) stats = get_stats ();
  JsonObject *routes = json_object_get_object_member (stats, "routes");

  return json_object_has_member (routes, route) ? json_object_get_int_member (routes, route) : 0;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("ofapi_test_key");
  g_autofree char *chat = trove_test_dataset_chat_id (server, "onlyfansapi", 0);
  g_autofree char *archive_path = NULL;
  g_autoptr (GError) error = NULL;

  fixture->folder = g_dir_make_tmp ("trove-paid-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->folder_file = g_file_new_for_path (fixture->folder);
  archive_path = g_build_filename (fixture->folder, "archive.sqlite3", NULL);
  fixture->archive = trove_download_archive_new (archive_path, &error);
  g_assert_no_error (error);

  fixture->provider =
      trove_onlyfansapi_provider_new (NULL, trove_test_server_process_get_onlyfansapi_url (server),
                                      credentials, "acct_demo_main");
  _trove_http_client_set_backoff_base_ms (trove_provider_get_http_client (fixture->provider), 10);

  control_post ("/refuse-direct?on=0");
  fixture->media = trove_test_list_all_media (fixture->provider, chat, ITEMS);
  trove_test_server_process_reset (server);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  control_post ("/refuse-direct?on=0");
  trove_test_server_process_clear_faults (server);
  trove_test_remove_tree (fixture->folder);
  g_object_unref (fixture->folder_file);
  g_free (fixture->folder);
  g_object_unref (fixture->provider);
  g_object_unref (fixture->archive);
  g_ptr_array_unref (fixture->media);
}

static TroveDownloadQueue *
new_queue (Fixture *fixture)
{
  TroveDownloadQueue *queue =
      trove_download_queue_new (fixture->folder_file, "{chat}/{date} {kind} {id}.{ext}",
                                fixture->archive);

  trove_download_queue_set_max_concurrent (queue, 2);
  _trove_download_queue_set_backoff_base_ms (queue, 10);
  return queue;
}

/* The first @n unlocked items of the chat, queued. */
static GPtrArray *
queue_unlocked (Fixture *fixture, TroveDownloadQueue *queue, guint n)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < fixture->media->len && jobs->len < n; i++)
    {
      TroveMedia *media = g_ptr_array_index (fixture->media, i);
      TroveDownload *job;

      if (trove_media_get_locked (media))
        continue;
      job = trove_download_queue_add (queue, fixture->provider, "acct", "Account", "Chat", media,
                                      NULL);
      g_assert_nonnull (job);
      g_ptr_array_add (jobs, g_object_ref (job));
    }
  g_assert_cmpuint (jobs->len, ==, n);
  return jobs;
}

static void
assert_file_exact (TroveDownload *job)
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

/* The API key went to the API only: never to the media host, whatever the redirects. */
static void
assert_key_never_on_media_host (void)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
  guint media_requests = 0;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (!g_str_equal (json_object_get_string_member (request, "server"), "media"))
        continue;
      media_requests++;
      g_assert_false (json_object_get_boolean_member (request, "api_key"));
      g_assert_false (json_object_get_boolean_member (request, "authorization"));
    }
  g_assert_cmpuint (media_requests, >, 0);
}

/* What each endpoint request billed, checked against 3 credits per MB of the Range it sent
 * (or of the whole file); returns their sum. */
static gint64
assert_billing_per_request (Fixture *fixture, guint *n_requests)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
  gint64 sum = 0;

  *n_requests = 0;
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      const char *range;
      g_autofree char *media_id = NULL;
      g_autoptr (GBytes) content = NULL;
      gint64 size, from = 0;
      const char *path;
      const char *slash;

      if (g_strcmp0 (json_object_get_string_member (request, "route"), ENDPOINT_ROUTE) != 0)
        continue;
      (*n_requests)++;
      g_assert_true (json_object_get_boolean_member (request, "api_key"));
      g_assert_cmpint (json_object_get_int_member (request, "status"), ==, SOUP_STATUS_FOUND);

      /* ".../media/download/http://host:port/m/{id}/main" */
      path = json_object_get_string_member (request, "path");
      slash = g_strrstr (path, "/m/");
      g_assert_nonnull (slash);
      media_id = g_strndup (slash + 3, strchr (slash + 3, '/') - (slash + 3));
      content = trove_test_server_process_get_content (server, media_id, "main");
      size = g_bytes_get_size (content);
      range = json_object_get_null_member (request, "range")
                  ? NULL
                  : json_object_get_string_member (request, "range");
      if (range != NULL)
        {
          g_assert_true (g_str_has_prefix (range, "bytes="));
          from = g_ascii_strtoll (range + strlen ("bytes="), NULL, 10);
        }
      g_assert_cmpint (json_object_get_int_member (request, "credits"), ==,
                       trove_onlyfansapi_credits_for_bytes (size - from));
      sum += json_object_get_int_member (request, "credits");
    }
  return sum;
}

static void
test_paid_when_allowed (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture);
  g_autoptr (GPtrArray) jobs = NULL;
  guint n_requests = 0;
  gint64 sum, expected = 0;

  trove_onlyfansapi_provider_set_allow_paid_downloads (TROVE_ONLYFANSAPI_PROVIDER (
                                                           fixture->provider),
                                                       TRUE);
  control_post ("/refuse-direct?on=1");

  jobs = queue_unlocked (fixture, queue, 3);
  trove_test_drain_queue (queue, 120);

  for (guint i = 0; i < jobs->len; i++)
    {
      TroveDownload *job = g_ptr_array_index (jobs, i);
      g_autoptr (GBytes) content =
          trove_test_server_process_get_content (server,
                                                 trove_media_get_id (
                                                     trove_download_get_media (job)),
                                                 "main");

      assert_file_exact (job);
      expected += trove_onlyfansapi_credits_for_bytes (g_bytes_get_size (content));
    }

  /* One grant per item, paid once, at 3 credits per MB; the key never left the API. */
  sum = assert_billing_per_request (fixture, &n_requests);
  g_assert_cmpuint (n_requests, ==, 3);
  g_assert_cmpint (sum, ==, expected);
  g_assert_cmpint (credits_billed (), ==, expected);
  assert_key_never_on_media_host ();
}

static void
test_needs_paid_when_not_allowed (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture);
  g_autoptr (GPtrArray) jobs = NULL;

  control_post ("/refuse-direct?on=1");

  jobs = queue_unlocked (fixture, queue, 2);
  trove_test_drain_queue (queue, 120);

  for (guint i = 0; i < jobs->len; i++)
    {
      TroveDownload *job = g_ptr_array_index (jobs, i);

      g_assert_cmpint (trove_download_get_state (job), ==, TROVE_DOWNLOAD_FAILED);
      g_assert_error (trove_download_get_error (job), TROVE_ERROR, TROVE_ERROR_PAYMENT_REQUIRED);
    }

  /* Refused once each, and then left alone: no fresh links asked for, nothing billed. */
  g_assert_cmpint (route_count (ENDPOINT_ROUTE), ==, 0);
  g_assert_cmpint (route_count ("GET /api/{account}/chats/{chat}/media"), ==, 0);
  g_assert_cmpint (route_count ("GET /m/{media}/{variant}"), ==, 2);
  g_assert_cmpint (credits_billed (), ==, 0);
}

static void
test_expiry_refreshes_for_free (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture);
  g_autoptr (GPtrArray) jobs = NULL;

  /* Allowed, but an expired link is not a refusal: a fresh link, fetched directly. */
  trove_onlyfansapi_provider_set_allow_paid_downloads (TROVE_ONLYFANSAPI_PROVIDER (
                                                           fixture->provider),
                                                       TRUE);
  trove_test_server_process_expire_urls (server);

  jobs = queue_unlocked (fixture, queue, 2);
  trove_test_drain_queue (queue, 120);

  for (guint i = 0; i < jobs->len; i++)
    assert_file_exact (g_ptr_array_index (jobs, i));
  g_assert_cmpint (route_count (ENDPOINT_ROUTE), ==, 0);
  g_assert_cmpint (route_count ("GET /api/{account}/chats/{chat}/media"), >, 0);
}

static void
test_resumes_through_a_new_grant (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture);
  g_autoptr (GPtrArray) jobs = NULL;
  g_autoptr (JsonArray) requests = NULL;
  g_autofree char *fault = NULL;
  TroveDownload *job;
  const char *media_id;
  guint n_requests = 0, resumed = 0;
  gint64 sum;

  trove_onlyfansapi_provider_set_allow_paid_downloads (TROVE_ONLYFANSAPI_PROVIDER (
                                                           fixture->provider),
                                                       TRUE);
  control_post ("/refuse-direct?on=1");

  jobs = queue_unlocked (fixture, queue, 1);
  job = g_ptr_array_index (jobs, 0);
  media_id = trove_media_get_id (trove_download_get_media (job));
  /* The direct fetch is refused (first), the grant's body cut half way (second). */
  fault = g_strdup_printf ("cut:server=media,nth=2,path=%s", media_id);
  trove_test_server_process_add_fault (server, fault);
  trove_test_drain_queue (queue, 120);

  assert_file_exact (job);

  /* Two grants: the whole file, then the rest from where the cut left it, each paid for what
   * it asked; the used grant was never presented again. */
  sum = assert_billing_per_request (fixture, &n_requests);
  g_assert_cmpuint (n_requests, ==, 2);
  g_assert_cmpint (credits_billed (), ==, sum);
  requests = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (g_strcmp0 (json_object_get_string_member (request, "route"), ENDPOINT_ROUTE) == 0 &&
          !json_object_get_null_member (request, "range"))
        resumed++;
      if (g_str_equal (json_object_get_string_member (request, "server"), "media") &&
          json_object_get_string_member (request, "query") != NULL &&
          strstr (json_object_get_string_member (request, "query"), "grant=") != NULL)
        g_assert_cmpint (json_object_get_int_member (request, "status"), !=, SOUP_STATUS_FORBIDDEN);
    }
  g_assert_cmpuint (resumed, ==, 1);
  assert_key_never_on_media_host ();
}

/* A Fanvue file host that denies a link: no paid way round it, never "needs paid download";
 * a fresh link, as for an expiry. */
static void
test_fanvue_refusal_resolves (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) fanvue =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  g_autofree char *chat = trove_test_dataset_chat_id (server, "fanvue", 0);
  g_autoptr (GPtrArray) media = trove_test_list_all_media (fanvue, chat, ITEMS);
  g_autoptr (TroveDownloadQueue) queue = new_queue (fixture);
  TroveDownload *job;

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "5xx:status=403,server=media,count=1,message=Access%"
                                               "20denied");
  job = trove_download_queue_add (queue, fanvue, "acct", "Account", "Chat",
                                  g_ptr_array_index (media, 0), NULL);
  trove_test_drain_queue (queue, 120);

  assert_file_exact (job);
  g_assert_cmpint (route_count ("GET /chats/{chat}/media"), >, 0);
}

typedef struct
{
  gboolean done;
  gboolean direct;
  gint64 size;
  GError *error;
} Probe;

static void
probed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Probe *probe = user_data;

  probe->direct =
      trove_onlyfansapi_provider_probe_direct_finish (TROVE_ONLYFANSAPI_PROVIDER (object), result,
                                                      &probe->size, &probe->error);
  probe->done = TRUE;
}

/* What a dry run can know before spending anything: whether the file host serves an item
 * directly, and if not what the paid endpoint would bill for it; probing costs no credit. */
static void
test_probe_is_free (Fixture *fixture, gconstpointer data)
{
  TroveMedia *media = NULL;
  g_autoptr (GBytes) content = NULL;

  for (guint i = 0; i < fixture->media->len && media == NULL; i++)
    if (!trove_media_get_locked (g_ptr_array_index (fixture->media, i)))
      media = g_ptr_array_index (fixture->media, i);
  content = trove_test_server_process_get_content (server, trove_media_get_id (media), "main");

  for (int refuse = 0; refuse <= 1; refuse++)
    {
      Probe probe = { 0 };

      control_post (refuse ? "/refuse-direct?on=1" : "/refuse-direct?on=0");
      trove_onlyfansapi_provider_probe_direct_async (TROVE_ONLYFANSAPI_PROVIDER (fixture->provider),
                                                     media, TROVE_VARIANT_MAIN, NULL, probed_cb,
                                                     &probe);
      trove_test_wait_for (&probe.done, 30);
      if (refuse)
        {
          /* From the listing: this data set's files.full.size says 0, "unknown". */
          if (trove_media_get_variant (media, TROVE_VARIANT_MAIN)->size > 0)
            g_assert_cmpint (probe.size, ==, g_bytes_get_size (content));
          else
            g_assert_cmpint (probe.size, ==, -1);
          g_assert_false (probe.direct);
          g_assert_error (probe.error, TROVE_ERROR, TROVE_ERROR_LINK_REFUSED);
        }
      else
        {
          g_assert_no_error (probe.error);
          g_assert_true (probe.direct);
          g_assert_cmpint (probe.size, ==, g_bytes_get_size (content));
        }
      g_clear_error (&probe.error);
    }

  g_assert_cmpint (route_count (ENDPOINT_ROUTE), ==, 0);
  g_assert_cmpint (credits_billed (), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_autofree char *dataset = g_strdup_printf ("size=%d", ITEMS);
  const char *args[] = { "--dataset", dataset, NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  g_test_add ("/paid-downloads/through-the-endpoint-when-allowed", Fixture, NULL, fixture_set_up,
              test_paid_when_allowed, fixture_tear_down);
  g_test_add ("/paid-downloads/needs-paid-download-when-not-allowed", Fixture, NULL, fixture_set_up,
              test_needs_paid_when_not_allowed, fixture_tear_down);
  g_test_add ("/paid-downloads/expiry-refreshes-for-free", Fixture, NULL, fixture_set_up,
              test_expiry_refreshes_for_free, fixture_tear_down);
  g_test_add ("/paid-downloads/fanvue-refusal-resolves", Fixture, NULL, fixture_set_up,
              test_fanvue_refusal_resolves, fixture_tear_down);
  g_test_add ("/paid-downloads/probe-is-free", Fixture, NULL, fixture_set_up, test_probe_is_free,
              fixture_tear_down);
  g_test_add ("/paid-downloads/resumes-through-a-new-grant", Fixture, NULL, fixture_set_up,
              test_resumes_through_a_new_grant, fixture_tear_down);

  status = g_test_run ();
  trove_test_server_process_free (server);
  return status;
}
