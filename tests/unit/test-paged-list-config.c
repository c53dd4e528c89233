/* test-paged-list-config.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The paged list as a configured model: its construct properties, reconfiguring it, and
 * load_all() walking it to the end. */

#include "config.h"

#include "trove-chat.h"
#include "trove-error.h"
#include "trove-fanvue-provider.h"
#include "trove-media.h"
#include "trove-paged-list.h"
#include "trove-static-credentials.h"
#include "trove-test-server-process.h"
#include "trove-test-util.h"

/* 13 pages of 50, the last one short. */
#define MEDIA_COUNT (12 * 50 + 17)

static TroveTestServerProcess *server;

static TroveProvider *
creator_provider (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");

  return trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server),
                                    credentials);
}

static char *
big_chat_id (void)
{
  return trove_test_dataset_chat_id (server, "fanvue", 0);
}

static void
loading_done_cb (GObject *object, GParamSpec *pspec, gboolean *done)
{
  *done = !trove_paged_list_get_loading (TROVE_PAGED_LIST (object));
}

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

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *incomplete;
  GError *error;
} LoadAll;

static void
load_all_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  LoadAll *out = user_data;

  out->ok = trove_paged_list_load_all_finish (TROVE_PAGED_LIST (object), result, &out->incomplete,
                                              &out->error);
  out->done = TRUE;
}

static void
load_all_clear (LoadAll *out)
{
  g_clear_error (&out->incomplete);
  g_clear_error (&out->error);
}

/* g_object_new() with the construct properties is the same list the convenience constructor
 * makes: it lists the chat given, filtered by the kind given. */
static void
test_construct_properties (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list = NULL;
  g_autoptr (TrovePagedList) wrapped = NULL;
  g_autoptr (TroveProvider) got_provider = NULL;
  g_autofree char *got_chat = NULL;
  GType item_type = G_TYPE_INVALID;
  TroveMediaKind kind = TROVE_MEDIA_KIND_UNKNOWN;
  guint n;

  trove_test_server_process_reset (server);
  list = g_object_new (TROVE_TYPE_PAGED_LIST, "item-type", TROVE_TYPE_MEDIA, "provider", provider,
                       "chat-id", chat_id, "kind", TROVE_MEDIA_KIND_IMAGE, NULL);
  g_object_get (list, "provider", &got_provider, "chat-id", &got_chat, "kind", &kind, "item-type",
                &item_type, NULL);
  g_assert_true (got_provider == provider);
  g_assert_cmpstr (got_chat, ==, chat_id);
  g_assert_cmpint (kind, ==, TROVE_MEDIA_KIND_IMAGE);
  g_assert_true (item_type == TROVE_TYPE_MEDIA);
  g_assert_true (trove_paged_list_get_has_more (list));

  load_one_page (list);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (trove_media_get_kind (media), ==, TROVE_MEDIA_KIND_IMAGE);
    }

  wrapped = trove_paged_list_new_for_chats (provider, "needle");
  g_clear_object (&got_provider);
  g_object_get (wrapped, "provider", &got_provider, "item-type", &item_type, NULL);
  g_assert_true (got_provider == provider);
  g_assert_true (item_type == TROVE_TYPE_CHAT);
  g_assert_cmpstr (trove_paged_list_get_search (wrapped), ==, "needle");
}

/* Without a provider (or, for media, a chat) there is nothing to list: the list is empty,
 * has no more and load_more does nothing; once configured it lists. */
static void
test_absent_provider (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      g_object_new (TROVE_TYPE_PAGED_LIST, "item-type", TROVE_TYPE_MEDIA, NULL);
  LoadAll out = { 0 };

  g_assert_null (trove_paged_list_get_provider (list));
  g_assert_false (trove_paged_list_get_has_more (list));
  trove_paged_list_load_more (list);
  g_assert_false (trove_paged_list_get_loading (list));

  trove_paged_list_load_all_async (list, NULL, NULL, load_all_cb, &out);
  trove_test_wait_for (&out.done, 10);
  g_assert_no_error (out.error);
  g_assert_true (out.ok);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* A provider alone does not name a chat yet. */
  g_object_set (list, "provider", provider, NULL);
  g_assert_false (trove_paged_list_get_has_more (list));

  trove_test_server_process_reset (server);
  g_object_set (list, "chat-id", chat_id, NULL);
  g_assert_true (trove_paged_list_get_has_more (list));
  load_one_page (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 50);
}

/* Changing what the list shows drops its items and the page in flight; the old page never
 * lands, and the next load_more lists the new configuration. */
static void
test_reconfigure_drops_page_in_flight (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autoptr (TroveProvider) other = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  GString *log = trove_test_record_items_changed (G_LIST_MODEL (list));

  trove_test_server_process_reset (server);
  load_one_page (list);
  g_assert_cmpstr (log->str, ==, "0+50");

  /* The second page is held by the server when the list is pointed at the other provider. */
  trove_test_server_process_add_fault (server, "latency:ms=600");
  trove_paged_list_load_more (list);
  g_assert_true (trove_paged_list_get_loading (list));
  g_object_set (list, "provider", other, NULL);
  g_assert_false (trove_paged_list_get_loading (list));
  g_assert_true (trove_paged_list_get_has_more (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpstr (log->str, ==, "0+50 0-50+0");
  g_assert_true (trove_paged_list_get_provider (list) == other);

  trove_test_spin (1200);
  g_assert_cmpstr (log->str, ==, "0+50 0-50+0");

  trove_test_server_process_clear_faults (server);
  load_one_page (list);
  g_assert_cmpstr (log->str, ==, "0+50 0-50+0 0+50");

  /* Setting the same value again changes nothing. */
  g_object_set (list, "provider", other, "chat-id", chat_id, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 50);
}

static void
test_load_all_walks_to_the_end (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  GString *log = trove_test_record_items_changed (G_LIST_MODEL (list));
  LoadAll out = { 0 };

  trove_test_server_process_reset (server);
  trove_paged_list_load_all_async (list, NULL, NULL, load_all_cb, &out);
  trove_test_wait_for (&out.done, 60);

  g_assert_no_error (out.error);
  g_assert_no_error (out.incomplete);
  g_assert_true (out.ok);
  g_assert_false (trove_paged_list_get_has_more (list));
  g_assert_false (trove_paged_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, MEDIA_COUNT);
  g_assert_true (g_str_has_suffix (log->str, "600+17"));
}

/* A newest-first listing stops at the first page that reaches past @stop_before. */
static void
test_load_all_stops_before (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) full =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  g_autoptr (TroveMedia) pivot = NULL;
  g_autoptr (GDateTime) stop_before = NULL;
  LoadAll out = { 0 };
  guint expected = 0;

  trove_test_server_process_reset (server);
  trove_paged_list_load_all_async (full, NULL, NULL, load_all_cb, &out);
  trove_test_wait_for (&out.done, 60);
  g_assert_true (out.ok);
  load_all_clear (&out);

  /* Stop before an item on the fourth page: the pages up to the first one whose last item is
   * older than that, and none after. */
  pivot = g_list_model_get_item (G_LIST_MODEL (full), 170);
  stop_before = g_date_time_ref (trove_media_get_sent_at (pivot));
  for (guint end = 50; end < MEDIA_COUNT && expected == 0; end += 50)
    {
      g_autoptr (TroveMedia) last = g_list_model_get_item (G_LIST_MODEL (full), end - 1);

      if (g_date_time_compare (trove_media_get_sent_at (last), stop_before) < 0)
        expected = end;
    }
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, MEDIA_COUNT);

  trove_test_server_process_reset (server);
  out = (LoadAll){ 0 };
  trove_paged_list_load_all_async (list, stop_before, NULL, load_all_cb, &out);
  trove_test_wait_for (&out.done, 60);

  g_assert_no_error (out.error);
  g_assert_true (out.ok);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
  g_assert_true (trove_paged_list_get_has_more (list));
}

/* A service paging in circles: load_all succeeds with what was listed and says why it stopped. */
static void
test_load_all_incomplete_keeps_items (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  LoadAll out = { 0 };

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "repeat-cursor:path=/media");
  trove_paged_list_load_all_async (list, NULL, NULL, load_all_cb, &out);
  trove_test_wait_for (&out.done, 30);

  g_assert_no_error (out.error);
  g_assert_true (out.ok);
  g_assert_error (out.incomplete, TROVE_ERROR, TROVE_ERROR_INCOMPLETE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 50);
  g_assert_false (trove_paged_list_get_has_more (list));
  load_all_clear (&out);
}

/* A page that fails ends load_all with its error. */
static void
test_load_all_reports_failure (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  LoadAll out = { 0 };

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "malformed:nth=1");
  trove_paged_list_load_all_async (list, NULL, NULL, load_all_cb, &out);
  trove_test_wait_for (&out.done, 30);

  g_assert_false (out.ok);
  g_assert_error (out.error, TROVE_ERROR, TROVE_ERROR_PROTOCOL);
  g_assert_no_error (out.incomplete);
  load_all_clear (&out);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Cancelling load_all stops the page in flight: it never lands. */
static void
test_load_all_cancel (void)
{
  g_autoptr (TroveProvider) provider = creator_provider ();
  g_autofree char *chat_id = big_chat_id ();
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  GString *log = trove_test_record_items_changed (G_LIST_MODEL (list));
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  LoadAll out = { 0 };

  trove_test_server_process_reset (server);
  trove_test_server_process_add_fault (server, "latency:ms=400");
  trove_paged_list_load_all_async (list, NULL, cancellable, load_all_cb, &out);
  g_timeout_add (100, cancel_cb, cancellable);
  trove_test_wait_for (&out.done, 30);

  g_assert_false (out.ok);
  g_assert_error (out.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (trove_paged_list_get_loading (list));
  trove_test_spin (800);
  g_assert_cmpstr (log->str, ==, "");
  load_all_clear (&out);
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

  g_test_add_func ("/paged-list-config/construct-properties", test_construct_properties);
  g_test_add_func ("/paged-list-config/absent-provider", test_absent_provider);
  g_test_add_func ("/paged-list-config/reconfigure-drops-page-in-flight",
                   test_reconfigure_drops_page_in_flight);
  g_test_add_func ("/paged-list-config/load-all/walks-to-the-end", test_load_all_walks_to_the_end);
  g_test_add_func ("/paged-list-config/load-all/stops-before", test_load_all_stops_before);
  g_test_add_func ("/paged-list-config/load-all/incomplete-keeps-items",
                   test_load_all_incomplete_keeps_items);
  g_test_add_func ("/paged-list-config/load-all/reports-failure", test_load_all_reports_failure);
  g_test_add_func ("/paged-list-config/load-all/cancel", test_load_all_cancel);

  status = g_test_run ();
  trove_test_server_process_free (server);

  return status;
}
