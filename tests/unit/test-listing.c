/* test-listing.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Listings the app makes besides a chat's media: an agency's creators, and chats found by a
 * search (Fanvue's search=), through the paged list the window uses.
 */

#include "config.h"

#include "trove-chat.h"
#include "trove-error.h"
#include "trove-fanvue-agency-provider.h"
#include "trove-fanvue-provider.h"
#include "trove-http-client-private.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"
#include "trove-user.h"

static TroveTestServerProcess *server;
static TroveHttpClient *client;

static TroveProvider *
fanvue (const char *token)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new (token);

  return trove_fanvue_provider_new (client, trove_test_server_process_get_api_url (server),
                                    credentials);
}

static TroveProvider *
agency (const char *token, const char *creator)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new (token);

  return trove_fanvue_agency_provider_new (client, trove_test_server_process_get_api_url (server),
                                           credentials, creator);
}

static JsonObject *
only_request (void)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);

  g_assert_cmpuint (json_array_get_length (requests), ==, 1);
  return json_object_ref (json_array_get_object_element (requests, 0));
}

/* A query parameter of a logged request, decoded. */
static char *
query_param (JsonObject *request, const char *name)
{
  g_autoptr (GHashTable) params = NULL;
  g_autoptr (GError) error = NULL;

  params = g_uri_parse_params (json_object_get_string_member (request, "query"), -1, "&",
                               G_URI_PARAMS_WWW_FORM, &error);
  g_assert_no_error (error);
  return g_strdup (g_hash_table_lookup (params, name));
}

/* The agency's creators, in the server's order, with what the window shows of them. */
static void
test_agency_creators (void)
{
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);
  JsonArray *creators = json_object_get_array_member (dataset, "agency");
  g_autoptr (TroveProvider) provider = agency ("fv_test_agency", NULL);
  g_autoptr (TrovePagedList) list = trove_paged_list_new_for_creators (provider);
  g_autoptr (JsonObject) request = NULL;
  g_autofree char *page = NULL;
  g_autofree char *size = NULL;
  guint n;

  trove_test_server_process_reset (server);
  trove_test_load_all (list, 60);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_false (trove_paged_list_get_has_more (list));

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, json_array_get_length (creators));
  g_assert_cmpuint (n, >=, 2);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveUser) user = g_list_model_get_item (G_LIST_MODEL (list), i);
      JsonObject *expected = json_array_get_object_element (creators, i);

      g_assert_true (TROVE_IS_USER (user));
      g_assert_cmpstr (trove_user_get_id (user), ==,
                       json_object_get_string_member (expected, "id"));
      g_assert_cmpstr (trove_user_get_handle (user), ==,
                       json_object_get_string_member (expected, "handle"));
      g_assert_cmpstr (trove_user_get_display_name (user), ==,
                       json_object_get_string_member (expected, "name"));
    }

  request = only_request ();
  g_assert_cmpstr (json_object_get_string_member (request, "path"), ==, "/creators");
  g_assert_true (json_object_get_boolean_member (request, "authorization"));
  g_assert_cmpstr (json_object_get_string_member (request, "api_version"), ==,
                   TROVE_FANVUE_API_VERSION);
  page = query_param (request, "page");
  size = query_param (request, "size");
  g_assert_cmpstr (page, ==, "1");
  g_assert_nonnull (size);
  g_assert_cmpuint (g_ascii_strtoull (size, NULL, 10), >=, 1);
  g_assert_cmpuint (g_ascii_strtoull (size, NULL, 10), <=, 50);
}

/* A creator's token lacks read:creator: the listing says so, it is not an empty list. */
static void
test_agency_creators_need_the_scope (void)
{
  g_autoptr (TroveProvider) provider = agency ("fv_test_creator", NULL);
  g_autoptr (TrovePagedList) list = trove_paged_list_new_for_creators (provider);

  trove_test_server_process_reset (server);
  trove_test_load_all (list, 60);
  g_assert_error ((GError *) trove_paged_list_get_error (list), TROVE_ERROR,
                  TROVE_ERROR_PERMISSION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

/* A creator account has no creators to list, and asks nothing of the service to find out. */
static void
test_creators_only_for_agencies (void)
{
  g_autoptr (TroveProvider) provider = fanvue ("fv_test_creator");
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  trove_test_server_process_reset (server);
  trove_provider_list_creators_async (provider, NULL, NULL, trove_test_async_cb, &result);
  page = trove_provider_list_finish (provider, trove_test_wait_async (&result, 30), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (page);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 0);
}

/* The same through the paged list: it ends with the error instead of loading for ever (the
 * paged list knows its answers by their cancellable, which the error once came without). */
static void
test_creators_paged_list_for_non_agency (void)
{
  g_autoptr (TroveProvider) provider = fanvue ("fv_test_creator");
  g_autoptr (TrovePagedList) list = trove_paged_list_new_for_creators (provider);

  trove_test_server_process_reset (server);
  trove_test_load_all (list, 10);
  g_assert_error ((GError *) trove_paged_list_get_error (list), G_IO_ERROR,
                  G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 0);
}

/* The ids of @chats (the data set's) a search for @term should find: the display name holds it
 * whatever the case, or the handle holds it as typed. */
static GPtrArray *
expected_matches (JsonArray *chats, const char *term)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *wanted = g_utf8_casefold (term, -1);

  for (guint i = 0; i < json_array_get_length (chats); i++)
    {
      JsonObject *chat = json_array_get_object_element (chats, i);
      g_autofree char *name = g_utf8_casefold (json_object_get_string_member (chat, "name"), -1);

      if (strstr (name, wanted) != NULL ||
          strstr (json_object_get_string_member (chat, "handle"), term) != NULL)
        g_ptr_array_add (ids, g_strdup (json_object_get_string_member (chat, "id")));
    }

  return ids;
}

/* Searches @provider's chats for @term as the window does, and checks the list holds exactly
 * the chats of @chats that match, found by the service (the term went out as search=). */
static void
assert_search_finds (TroveProvider *provider,
                     JsonArray *chats,
                     const char *term,
                     const char *path,
                     guint expected_n)
{
  g_autoptr (TrovePagedList) list = trove_paged_list_new_for_chats (provider, term);
  g_autoptr (GPtrArray) expected = expected_matches (chats, term);
  g_autoptr (JsonObject) request = NULL;
  g_autofree char *sent = NULL;
  guint n;

  /* The term splits the data set: some chats match, others not. */
  g_assert_cmpuint (expected->len, ==, expected_n);
  g_assert_cmpuint (expected->len, <, json_array_get_length (chats));

  trove_test_server_process_reset (server);
  trove_test_load_all (list, 60);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, expected->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveChat) chat = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_true (
          g_ptr_array_find_with_equal_func (expected, trove_chat_get_id (chat), g_str_equal, NULL));
    }

  request = only_request ();
  g_assert_cmpstr (json_object_get_string_member (request, "path"), ==, path);
  sent = query_param (request, "search");
  g_assert_cmpstr (sent, ==, term);
}

static void
test_chat_search (void)
{
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);
  JsonArray *chats =
      json_object_get_array_member (json_object_get_object_member (dataset, "fanvue"), "chats");
  g_autoptr (TroveProvider) provider = fanvue ("fv_test_creator");

  assert_search_finds (provider, chats, "kenji", "/chats", 2);
  /* Case, accents and a space, which the query must carry intact. */
  assert_search_finds (provider, chats, "ZOË E", "/chats", 1);
  assert_search_finds (provider, chats, "Léa", "/chats", 1);
}

static void
test_agency_chat_search (void)
{
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);
  JsonObject *creator =
      json_array_get_object_element (json_object_get_array_member (dataset, "agency"), 0);
  JsonArray *chats = json_object_get_array_member (creator, "chats");
  const char *creator_id = json_object_get_string_member (creator, "id");
  g_autoptr (TroveProvider) provider = agency ("fv_test_agency", creator_id);
  g_autofree char *path = g_strdup_printf ("/creators/%s/chats", creator_id);

  assert_search_finds (provider, chats, "zoë", path, 1);
}

/* Nothing matches: an empty list that is done, not an error and not a list that keeps loading. */
static void
test_chat_search_finds_nothing (void)
{
  g_autoptr (TroveProvider) provider = fanvue ("fv_test_creator");
  g_autoptr (TrovePagedList) list = trove_paged_list_new_for_chats (provider, "no such chat & co");
  g_autoptr (JsonObject) request = NULL;
  g_autofree char *sent = NULL;

  trove_test_server_process_reset (server);
  trove_test_load_all (list, 60);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_false (trove_paged_list_get_has_more (list));
  g_assert_false (trove_paged_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  request = only_request ();
  sent = query_param (request, "search");
  g_assert_cmpstr (sent, ==, "no such chat & co");
}

/* Fanvue takes at most 100 characters of search: a longer one sends its first 100 rather than
 * failing the whole chat list. */
static void
test_chat_search_too_long (void)
{
  g_autofree char *term = g_strnfill (150, 'z');
  g_autoptr (TroveProvider) provider = fanvue ("fv_test_creator");
  g_autoptr (TrovePagedList) list = trove_paged_list_new_for_chats (provider, term);
  g_autoptr (JsonObject) request = NULL;
  g_autofree char *sent = NULL;

  trove_test_server_process_reset (server);
  trove_test_load_all (list, 60);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  request = only_request ();
  sent = query_param (request, "search");
  g_assert_cmpuint (g_utf8_strlen (sent, -1), ==, 100);
  g_assert_true (g_str_has_prefix (term, sent));
}

/* An empty search is no search: every chat, and no search= sent. */
static void
test_chat_search_empty (void)
{
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);
  JsonArray *chats =
      json_object_get_array_member (json_object_get_object_member (dataset, "fanvue"), "chats");
  g_autoptr (TroveProvider) provider = fanvue ("fv_test_creator");
  g_autoptr (TrovePagedList) list = trove_paged_list_new_for_chats (provider, "");
  g_autoptr (JsonObject) request = NULL;
  g_autofree char *sent = NULL;

  trove_test_server_process_reset (server);
  trove_test_load_all (list, 60);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    json_array_get_length (chats));

  request = only_request ();
  sent = query_param (request, "search");
  g_assert_null (sent);
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
  client = trove_http_client_new ();
  _trove_http_client_set_backoff_base_ms (client, 10);

  g_test_add_func ("/listing/agency-creators", test_agency_creators);
  g_test_add_func ("/listing/agency-creators-need-the-scope", test_agency_creators_need_the_scope);
  g_test_add_func ("/listing/creators-only-for-agencies", test_creators_only_for_agencies);
  g_test_add_func ("/listing/creators-paged-list-for-non-agency",
                   test_creators_paged_list_for_non_agency);
  g_test_add_func ("/listing/chat-search", test_chat_search);
  g_test_add_func ("/listing/agency-chat-search", test_agency_chat_search);
  g_test_add_func ("/listing/chat-search-finds-nothing", test_chat_search_finds_nothing);
  g_test_add_func ("/listing/chat-search-empty", test_chat_search_empty);
  g_test_add_func ("/listing/chat-search-too-long", test_chat_search_too_long);

  status = g_test_run ();
  g_object_unref (client);
  trove_test_server_process_free (server);

  return status;
}
