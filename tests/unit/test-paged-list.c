/* test-paged-list.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-chat.h"
#include "trove-error.h"
#include "trove-fanvue-provider.h"
#include "trove-media.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-paged-list.h"
#include "trove-static-credentials.h"
#include "trove-test-server-process.h"
#include "trove-test-util.h"

/* 137 pages of the largest page Fanvue allows (50), the last one short. */
#define MEDIA_COUNT (136 * 50 + 17)

static TroveTestServerProcess *server;

static TroveProvider *
creator_provider (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");

  return trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server),
                                    credentials);
}

/* The dataset's first creator chat holds MEDIA_COUNT items. */
static char *
big_chat_id (void)
{
  return trove_test_dataset_chat_id (server, "fanvue", 0);
}

static void
test_pages_whole_chat (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  GString *log = trove_test_record_items_changed (G_LIST_MODEL (list));
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GDateTime) previous = NULL;
  g_autoptr (JsonArray) requests = NULL;
  guint n;

  trove_test_server_process_reset (server);
  trove_test_load_all (list, 60);

  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_false (trove_paged_list_get_has_more (list));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, MEDIA_COUNT);

  /* One items-changed per page, in order. */
  for (guint start = 0; start < MEDIA_COUNT; start += 50)
    g_string_append_printf (expected, "%s%u+%u", start ? " " : "", start,
                            MIN (50, MEDIA_COUNT - start));
  g_assert_cmpstr (log->str, ==, expected->str);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (G_LIST_MODEL (list), i);
      GDateTime *sent_at = trove_media_get_sent_at (media);

      g_assert_true (g_hash_table_add (seen, (char *) trove_media_get_id (media)));
      g_assert_nonnull (sent_at);
      if (previous != NULL)
        g_assert_cmpint (g_date_time_compare (previous, sent_at), >=, 0);
      g_clear_pointer (&previous, g_date_time_unref);
      previous = g_date_time_ref (sent_at);
    }

  /* The largest page the API allows, the version header on every request. */
  requests = trove_test_server_process_get_requests (server);
  g_assert_cmpuint (json_array_get_length (requests), ==, 137);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      g_assert_nonnull (strstr (json_object_get_string_member (request, "query"), "limit=50"));
      g_assert_cmpstr (json_object_get_string_member (request, "api_version"), ==,
                       TROVE_FANVUE_API_VERSION);
      g_assert_cmpint (json_object_get_int_member (request, "status"), ==, 200);
    }
}

static void
record_items_changed_cb (GListModel *model,
                         guint position,
                         guint removed,
                         guint added,
                         GString *log)
{
  g_string_append_printf (log, "%s%u+%u", log->len ? " " : "", position, added);
}

static void
loading_done_cb (GObject *object, GParamSpec *pspec, gboolean *done)
{
  *done = !trove_paged_list_get_loading (TROVE_PAGED_LIST (object));
}

/* A page that arrives after reload() belongs to the old list and is dropped. */
static void
test_reload_drops_late_page (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  GString *log = trove_test_record_items_changed (G_LIST_MODEL (list));
  gboolean done = FALSE;

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "latency:ms=800,nth=1");

  trove_paged_list_load_more (list);
  g_assert_true (trove_paged_list_get_loading (list));
  trove_paged_list_reload (list);
  g_assert_true (trove_paged_list_get_loading (list));

  g_signal_connect (list, "notify::loading", G_CALLBACK (loading_done_cb), &done);
  trove_test_wait_for (&done, 30);

  /* Only the second request's page; wait past the slow one to see it never lands. */
  g_assert_cmpstr (log->str, ==, "0+50");
  trove_test_spin (1200);
  g_assert_cmpstr (log->str, ==, "0+50");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 50);
}

/* Loads one page and waits until the list is idle again. */
static void
load_one_page (TrovePagedList *list)
{
  gboolean done = FALSE;
  gulong handler = g_signal_connect (list, "notify::loading", G_CALLBACK (loading_done_cb), &done);

  trove_paged_list_load_more (list);
  g_assert_true (trove_paged_list_get_loading (list));
  trove_test_wait_for (&done, 30);
  g_signal_handler_disconnect (list, handler);
}

/* Fanvue requests are free: the page after the last one delivered is fetched before it is
 * asked for, and no further; asking for it then costs no new request for it. */
static void
test_reads_one_page_ahead (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  GString *log = trove_test_record_items_changed (G_LIST_MODEL (list));

  trove_test_server_process_reset (server);
  load_one_page (list);
  trove_test_spin (500);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 2);
  g_assert_cmpstr (log->str, ==, "0+50");

  /* The second page is already here: it still comes from the main loop, like a fetched one. */
  load_one_page (list);
  g_assert_cmpstr (log->str, ==, "0+50 50+50");
  trove_test_spin (500);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 3);
}

/* A read-ahead that failed is fetched again when asked for, not reported. */
static void
test_failed_read_ahead_is_retried (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  GString *log = trove_test_record_items_changed (G_LIST_MODEL (list));

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "malformed:nth=2");
  load_one_page (list);
  trove_test_spin (500);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 2);

  load_one_page (list);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_cmpstr (log->str, ==, "0+50 50+50");
}

/* OnlyFansAPI charges per request: nothing is fetched before it is asked for. */
static void
test_billed_service_never_reads_ahead (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("ofapi_test_key");
  g_autoptr (TroveProvider) provider =
      trove_onlyfansapi_provider_new (NULL, trove_test_server_process_get_onlyfansapi_url (server),
                                      credentials, "acct_demo_main");
  g_autofree char *chat_id = trove_test_dataset_chat_id (server, "onlyfansapi", 0);
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  g_autoptr (JsonArray) requests = NULL;
  guint billed = 0;

  trove_test_server_process_reset (server);
  load_one_page (list);
  g_assert_true (trove_paged_list_get_has_more (list));
  trove_test_spin (500);

  /* Counting only this service's requests: an earlier test's read-ahead may land late. */
  requests = trove_test_server_process_get_requests (server);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    billed +=
        g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (requests,
                                                                                        i),
                                                         "path"),
                          "/api/");
  g_assert_cmpuint (billed, ==, 1);
}

/* Calls load_more at most @max_pages times: a list that still has more after that is walking
 * in circles (the test fails instead of hanging). Returns the pages loaded. */
static guint
load_bounded (TrovePagedList *list, guint max_pages)
{
  guint pages = 0;

  while (trove_paged_list_get_has_more (list) && trove_paged_list_get_error (list) == NULL &&
         pages < max_pages)
    {
      load_one_page (list);
      pages++;
    }

  return pages;
}

/* The media requests the server received since the last reset. */
static guint
count_media_requests (void)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    n += g_str_has_suffix (json_object_get_string_member (json_array_get_object_element (requests,
                                                                                         i),
                                                          "path"),
                           "/media");

  return n;
}

/* A Fanvue cursor that comes back unchanged: the list stops, keeps what it listed and says so. */
static void
test_repeated_cursor_stops (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  GString *log = trove_test_record_items_changed (G_LIST_MODEL (list));
  const GError *error;

  trove_test_server_process_reset (server);
  /* Every page is the first one: the second page's nextCursor is its own cursor. */
  trove_test_server_process_add_fault (server, "repeat-cursor:path=/media");
  load_bounded (list, 20);
  trove_test_spin (300);

  g_assert_false (trove_paged_list_get_has_more (list));
  error = trove_paged_list_get_error (list);
  g_assert_error ((GError *) error, TROVE_ERROR, TROVE_ERROR_INCOMPLETE);
  g_assert_cmpstr (error->message, ==, "The service repeated a page; stopped after 50 items.");
  g_assert_cmpstr (log->str, ==, "0+50");
  /* Two pages, and no read-ahead of the repeated cursor. */
  g_assert_cmpuint (count_media_requests (), ==, 2);

  /* Nothing more is asked for; a reload starts a new walk. */
  trove_paged_list_load_more (list);
  g_assert_false (trove_paged_list_get_loading (list));
  trove_test_server_process_clear_faults (server);
  trove_paged_list_reload (list);
  trove_test_load_all (list, 60);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, MEDIA_COUNT);
}

/* Pages that say "more" and bring nothing: a couple are stepped over, then the list stops. */
static void
test_empty_pages_stop (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  const GError *error;

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "empty-more:path=/media");
  load_bounded (list, 20);
  trove_test_spin (300);

  g_assert_false (trove_paged_list_get_has_more (list));
  error = trove_paged_list_get_error (list);
  g_assert_error ((GError *) error, TROVE_ERROR, TROVE_ERROR_INCOMPLETE);
  g_assert_cmpstr (error->message, ==,
                   "The service kept saying there was more but sent nothing new; stopped after 0 "
                   "items.");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  /* Three empty pages (plus at most one read ahead), not twenty. */
  g_assert_cmpuint (count_media_requests (), <=, 4);
}

/* One empty page in the middle of a chat is not the end of it. */
static void
test_one_empty_page_is_stepped_over (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "empty-more:nth=2,path=/media");
  trove_test_load_all (list, 60);

  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, MEDIA_COUNT);
}

/* OnlyFansAPI offsets walked over a service that answers the first page every time: every
 * extra page is billed, so the walk stops after a few pages with nothing new. */
static void
test_repeating_offsets_stop (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("ofapi_test_key");
  g_autoptr (TroveProvider) provider =
      trove_onlyfansapi_provider_new (NULL, trove_test_server_process_get_onlyfansapi_url (server),
                                      credentials, "acct_demo_main");
  g_autofree char *chat_id = trove_test_dataset_chat_id (server, "onlyfansapi", 0);
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  GString *log = trove_test_record_items_changed (G_LIST_MODEL (list));
  guint first_page;

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "repeat-cursor:path=/media");
  load_bounded (list, 20);

  g_assert_false (trove_paged_list_get_has_more (list));
  g_assert_error ((GError *) trove_paged_list_get_error (list), TROVE_ERROR,
                  TROVE_ERROR_INCOMPLETE);
  first_page = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (first_page, >, 0);
  g_assert_cmpstr (strchr (log->str, ' '), ==, NULL);
  g_assert_cmpuint (count_media_requests (), ==, 4);
}

/* An OnlyFansAPI next_page that points at the page just served. */
static void
test_repeated_next_page_stops (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("ofapi_test_key");
  g_autoptr (TroveProvider) provider =
      trove_onlyfansapi_provider_new (NULL, trove_test_server_process_get_onlyfansapi_url (server),
                                      credentials, "acct_demo_main");
  g_autoptr (TrovePagedList) list = trove_paged_list_new_for_chats (provider, NULL);

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "repeat-cursor:path=/chats");
  load_bounded (list, 20);

  g_assert_false (trove_paged_list_get_has_more (list));
  g_assert_error ((GError *) trove_paged_list_get_error (list), TROVE_ERROR,
                  TROVE_ERROR_INCOMPLETE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 2);
}

/* Re-resolving a restored download walks the chat: a repeated cursor ends the walk. */
static void
test_resolve_walk_stops (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePage) first = NULL;
  g_autoptr (TrovePage) second = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (TroveMedia) resolved = NULL;
  TroveMedia *wanted;

  /* The walk lists the item's kind only: the item is on the second page of those. */
  trove_test_server_process_reset (server);
  first = trove_test_list_media (provider, chat_id, TROVE_MEDIA_KIND_IMAGE, NULL, &error);
  g_assert_no_error (error);
  second = trove_test_list_media (provider, chat_id, TROVE_MEDIA_KIND_IMAGE,
                                  trove_page_get_next_token (first), &error);
  g_assert_no_error (error);
  wanted = g_ptr_array_index (trove_page_get_items (second), 10);

  /* Every page after the first is the first again: the item is never reached. */
  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "repeat-cursor:path=/media");
  trove_provider_resolve_media_async (provider, wanted, NULL, trove_test_async_cb, &result);
  resolved =
      trove_provider_resolve_media_finish (provider, trove_test_wait_async (&result, 20), &error);

  g_assert_null (resolved);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_INCOMPLETE);
  g_assert_cmpuint (count_media_requests (), ==, 2);
}

/* Spins the loop until the server has received @n media requests since the last reset. */
static void
wait_for_media_requests (guint n)
{
  for (guint i = 0; i < 500 && count_media_requests () < n; i++)
    trove_test_spin (10);

  g_assert_cmpuint (count_media_requests (), >=, n);
}

/* A page cancelled in flight never lands: not after cancel, not after dispose. Each request is
 * cancelled once the server holds it (300 ms of latency), and the loop runs well past the
 * moment its page would have arrived before anything is judged. */
static void
test_cancel_and_dispose_emit_nothing (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  TrovePagedList *list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  g_autoptr (GString) log = g_string_new (NULL);

  /* The list's own log dies with it: record into one that outlives it. */
  g_signal_connect (list, "items-changed", G_CALLBACK (record_items_changed_cb), log);

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "latency:ms=300");

  trove_paged_list_load_more (list);
  wait_for_media_requests (1);
  trove_paged_list_cancel (list);
  g_assert_false (trove_paged_list_get_loading (list));
  trove_test_spin (800);
  g_assert_cmpstr (log->str, ==, "");
  g_assert_false (trove_paged_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* load_more continues from where the list stands; disposing mid-request is silent. */
  trove_paged_list_load_more (list);
  g_assert_true (trove_paged_list_get_loading (list));
  wait_for_media_requests (2);
  g_object_add_weak_pointer (G_OBJECT (list), (gpointer *) &list);
  g_object_unref (list);
  g_assert_null (list);

  trove_test_spin (800);
  g_assert_cmpstr (log->str, ==, "");
}

/* A provider whose listing task carries no cancellable of its own: the list must still know
 * which of its requests the page answers. */
typedef struct
{
  TroveProvider parent_instance;
} QuietProvider;

typedef struct
{
  TroveProviderClass parent_class;
} QuietProviderClass;

static GType quiet_provider_get_type (void);
G_DEFINE_TYPE (QuietProvider, quiet_provider, TROVE_TYPE_PROVIDER)

static void
quiet_provider_list_chats_async (TroveProvider *self,
                                 const char *search,
                                 const char *page_token,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, NULL, callback, user_data);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (items, trove_chat_new ("c1", "One", "one", NULL, NULL, 0));
  g_ptr_array_add (items, trove_chat_new ("c2", "Two", "two", NULL, NULL, 0));
  g_task_return_pointer (task, trove_page_new (items, NULL), (GDestroyNotify) trove_page_unref);
}

static void
quiet_provider_class_init (QuietProviderClass *klass)
{
  TROVE_PROVIDER_CLASS (klass)->list_chats_async = quiet_provider_list_chats_async;
}

static void
quiet_provider_init (QuietProvider *self)
{
}

static void
test_page_without_task_cancellable (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("quiet");
  g_autoptr (TroveProvider) provider =
      g_object_new (quiet_provider_get_type (), "api-base-url", "http://127.0.0.1:1/",
                    "credentials", credentials, NULL);
  g_autoptr (TrovePagedList) list = trove_paged_list_new_for_chats (provider, NULL);

  load_one_page (list);

  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
}

int
main (int argc, char *argv[])
{
  g_autofree char *dataset = g_strdup_printf ("size=%d", MEDIA_COUNT);
  const char *args[] = { "--dataset", dataset, NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  g_test_add_func ("/paged-list/pages-whole-chat", test_pages_whole_chat);
  g_test_add_func ("/paged-list/reload-drops-late-page", test_reload_drops_late_page);
  g_test_add_func ("/paged-list/reads-one-page-ahead", test_reads_one_page_ahead);
  g_test_add_func ("/paged-list/failed-read-ahead-is-retried", test_failed_read_ahead_is_retried);
  g_test_add_func ("/paged-list/billed-service-never-reads-ahead",
                   test_billed_service_never_reads_ahead);
  g_test_add_func ("/paged-list/cancel-and-dispose-emit-nothing",
                   test_cancel_and_dispose_emit_nothing);
  g_test_add_func ("/paged-list/repeated-cursor-stops", test_repeated_cursor_stops);
  g_test_add_func ("/paged-list/empty-pages-stop", test_empty_pages_stop);
  g_test_add_func ("/paged-list/one-empty-page-is-stepped-over",
                   test_one_empty_page_is_stepped_over);
  g_test_add_func ("/paged-list/repeating-offsets-stop", test_repeating_offsets_stop);
  g_test_add_func ("/paged-list/repeated-next-page-stops", test_repeated_next_page_stops);
  g_test_add_func ("/paged-list/resolve-walk-stops", test_resolve_walk_stops);
  g_test_add_func ("/paged-list/page-without-task-cancellable", test_page_without_task_cancellable);

  status = g_test_run ();
  trove_test_server_process_free (server);

  return status;
}
