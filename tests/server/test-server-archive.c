/* test-server-archive.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * trove-test-server's whole-account data set (README.md, "archive"): media shared across
 * chats, identical bytes under other ids, empty and missing chats, chat lists ordered by
 * their last message, media added at run time, a CDN that refuses direct fetches and the
 * paid download endpoint with one-time grants, billed in credits.
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libsoup/soup.h>

#include "trove-test-server-process.h"

#define API_VERSION "2025-06-26"

static TroveTestServerProcess *server;
static SoupSession *session;

typedef struct
{
  guint status;
  GBytes *body;
  SoupMessage *message;
} Response;

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_object (&response->message);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

static Response
request (const char *method, const char *url, const char *token, const char *range)
{
  Response response = { 0 };
  g_autoptr (GError) error = NULL;
  SoupMessageHeaders *headers;

  response.message = soup_message_new (method, url);
  g_assert_nonnull (response.message);
  soup_message_add_flags (response.message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (response.message);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_append (headers, "Authorization", value);
    }
  soup_message_headers_append (headers, "X-Fanvue-API-Version", API_VERSION);
  if (range != NULL)
    soup_message_headers_append (headers, "Range", range);

  response.body = soup_session_send_and_read (session, response.message, NULL, &error);
  g_assert_no_error (error);
  response.status = soup_message_get_status (response.message);
  return response;
}

static JsonNode *
json_of (Response *response)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text =
      g_strndup (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body));
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonNode *
get_json (const char *path, const char *token, guint status)
{
  g_autofree char *url = g_strconcat (trove_test_server_process_get_api_url (server), path, NULL);
  g_auto (Response) response = request ("GET", url, token, NULL);

  if (response.status != status)
    g_error ("%s: %u, expected %u", path, response.status, status);
  return json_of (&response);
}

static JsonNode *
control_post (const char *path)
{
  g_autofree char *url =
      g_strconcat (trove_test_server_process_get_api_url (server), "/__control", path, NULL);
  g_auto (Response) response = request ("POST", url, NULL, NULL);

  g_assert_cmpuint (response.status, ==, 200);
  return json_of (&response);
}

static JsonObject *
dataset_account (JsonObject *dataset, const char *service)
{
  if (g_str_equal (service, "fanvue"))
    return json_object_get_object_member (dataset, "fanvue");
  return json_array_get_object_element (json_object_get_array_member (dataset, service), 0);
}

/* The archive summary of one account: {shared, duplicates, empty_chats, gone_chats, ...}. */
static JsonObject *
archive_of (JsonObject *dataset, const char *service)
{
  return json_object_get_object_member (dataset_account (dataset, service), "archive");
}

/* Every media id of a chat's listing, with each main URL in @urls (id -> url). */
static GPtrArray *
list_chat (const char *service, const char *account, const char *chat, GHashTable *urls)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) root = NULL;

  if (g_str_equal (service, "onlyfansapi"))
    {
      JsonArray *list;

      path = g_strdup_printf ("/api/%s/chats/%s/media?limit=100", account, chat);
      root = get_json (path, "ofapi_test_key", 200);
      list =
          json_object_get_array_member (json_object_get_object_member (json_node_get_object (root),
                                                                       "data"),
                                        "list");
      g_assert_false (
          json_object_get_boolean_member (json_object_get_object_member (json_node_get_object (
                                                                             root),
                                                                         "data"),
                                          "hasMore"));
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonArray *media =
              json_object_get_array_member (json_array_get_object_element (list, i), "media");

          for (guint m = 0; m < json_array_get_length (media); m++)
            {
              JsonObject *item = json_array_get_object_element (media, m);
              JsonObject *full =
                  json_object_get_object_member (json_object_get_object_member (item, "files"),
                                                 "full");
              g_autofree char *id =
                  g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (item, "id"));

              if (urls && !json_object_get_null_member (full, "url"))
                {
                  g_hash_table_replace (urls, g_strdup (id),
                                        g_strdup (json_object_get_string_member (full, "url")));
                  /* The listing tells the size of what the media host serves. */
                  g_hash_table_replace (urls, g_strconcat (id, "#size", NULL),
                                        g_strdup_printf ("%" G_GINT64_FORMAT,
                                                         json_object_get_int_member (full,
                                                                                     "size")));
                }
              g_ptr_array_add (ids, g_steal_pointer (&id));
            }
        }
      return ids;
    }

  path = g_str_equal (service, "fanvue")
             ? g_strdup_printf ("/chats/%s/media?limit=50", chat)
             : g_strdup_printf ("/creators/%s/chats/%s/media?limit=50", account, chat);
  root =
      get_json (path, g_str_equal (service, "fanvue") ? "fv_test_creator" : "fv_test_agency", 200);
  g_assert_true (json_object_get_null_member (json_node_get_object (root), "nextCursor"));
  {
    JsonArray *data = json_object_get_array_member (json_node_get_object (root), "data");

    for (guint i = 0; i < json_array_get_length (data); i++)
      {
        JsonObject *item = json_array_get_object_element (data, i);
        JsonObject *main =
            json_array_get_object_element (json_object_get_array_member (item, "variants"), 0);

        g_assert_cmpstr (json_object_get_string_member (main, "variantType"), ==, "main");
        if (urls)
          g_hash_table_replace (urls, g_strdup (json_object_get_string_member (item, "uuid")),
                                g_strdup (json_object_get_string_member (main, "url")));
        g_ptr_array_add (ids, g_strdup (json_object_get_string_member (item, "uuid")));
      }
  }
  return ids;
}

static GBytes *
fetch_media (const char *url)
{
  g_auto (Response) response = request ("GET", url, NULL, NULL);

  g_assert_cmpuint (response.status, ==, 200);
  return g_bytes_ref (response.body);
}

/* The chat list of an account in the order the service gives: [{id, name, last}]. */
static JsonArray *
chat_list (const char *service, const char *account, const char *sort)
{
  JsonArray *chats = json_array_new ();

  for (guint page = 1;; page++)
    {
      g_autofree char *path = NULL;
      g_autoptr (JsonNode) root = NULL;
      JsonArray *data;
      gboolean more;

      if (g_str_equal (service, "onlyfansapi"))
        path = g_strdup_printf ("/api/%s/chats?limit=10&offset=%u&skip_users=none%s%s", account,
                                (page - 1) * 10, sort ? "&order=" : "", sort ? sort : "");
      else if (g_str_equal (service, "fanvue"))
        path = g_strdup_printf ("/chats?page=%u&size=15%s%s", page, sort ? "&sortBy=" : "",
                                sort ? sort : "");
      else
        path = g_strdup_printf ("/creators/%s/chats?page=%u&size=15%s%s", account, page,
                                sort ? "&sortBy=" : "", sort ? sort : "");
      root = get_json (path,
                       g_str_equal (service, "onlyfansapi") ? "ofapi_test_key"
                       : g_str_equal (service, "fanvue")    ? "fv_test_creator"
                                                            : "fv_test_agency",
                       200);
      data = json_object_get_array_member (json_node_get_object (root), "data");
      for (guint i = 0; i < json_array_get_length (data); i++)
        {
          JsonObject *chat = json_array_get_object_element (data, i);
          JsonObject *row = json_object_new ();

          if (g_str_equal (service, "onlyfansapi"))
            {
              JsonObject *fan = json_object_get_object_member (chat, "fan");
              JsonObject *last = json_object_get_object_member (chat, "lastMessage");
              g_autofree char *id =
                  g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (fan, "id"));

              json_object_set_string_member (row, "id", id);
              json_object_set_string_member (row, "name",
                                             json_object_get_string_member (fan, "name"));
              json_object_set_string_member (row, "last",
                                             json_object_get_string_member (last, "createdAt"));
            }
          else
            {
              JsonObject *user = json_object_get_object_member (chat, "user");

              json_object_set_string_member (row, "id",
                                             json_object_get_string_member (user, "uuid"));
              json_object_set_string_member (row, "name",
                                             json_object_get_string_member (user, "displayName"));
              json_object_set_string_member (row, "last",
                                             json_object_get_string_member (chat, "lastMessageAt"));
            }
          json_array_add_object_element (chats, row);
        }

      if (g_str_equal (service, "onlyfansapi"))
        more = !json_object_get_null_member (json_object_get_object_member (json_node_get_object (
                                                                                root),
                                                                            "_pagination"),
                                             "next_page");
      else
        more = json_object_get_boolean_member (json_object_get_object_member (json_node_get_object (
                                                                                  root),
                                                                              "pagination"),
                                               "hasMore");
      if (!more)
        break;
    }

  return chats;
}

static void
assert_newest_first (JsonArray *chats)
{
  for (guint i = 1; i < json_array_get_length (chats); i++)
    {
      const char *before =
          json_object_get_string_member (json_array_get_object_element (chats, i - 1), "last");
      const char *after =
          json_object_get_string_member (json_array_get_object_element (chats, i), "last");

      /* Both APIs write ISO 8601 in UTC of one width: text order is time order. */
      g_assert_nonnull (before);
      g_assert_nonnull (after);
      g_assert_cmpint (strcmp (before, after), >=, 0);
    }
}

static const char *
account_id (JsonObject *dataset, const char *service)
{
  return json_object_get_string_member (dataset_account (dataset, service), "id");
}

/* Per API: 40 chats, the shared media in 30+ of them with the same bytes everywhere, other ids
 * with the same bytes, empty chats, chats whose media answer 404, newest chats first. */
static void
test_dataset (void)
{
  const char *services[] = { "fanvue", "agency", "onlyfansapi" };
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);

  for (guint s = 0; s < G_N_ELEMENTS (services); s++)
    {
      const char *service = services[s];
      const char *account = account_id (dataset, service);
      JsonObject *archive = archive_of (dataset, service);
      JsonArray *shared = json_object_get_array_member (archive, "shared");
      JsonArray *duplicates = json_object_get_array_member (archive, "duplicates");
      JsonArray *gone = json_object_get_array_member (archive, "gone_chats");
      JsonArray *empty = json_object_get_array_member (archive, "empty_chats");
      g_autoptr (JsonArray) chats = chat_list (service, account, NULL);
      g_autoptr (GHashTable) in_chats =
          g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr (GHashTable) urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
      const char *shared_id;
      g_autoptr (GBytes) first_bytes = NULL;
      guint placements = 0;

      g_test_message ("%s: %u chats", service, json_array_get_length (chats));
      g_assert_cmpuint (json_array_get_length (chats), ==, 40);
      assert_newest_first (chats);
      g_assert_cmpuint (json_array_get_length (shared), ==, 6); /* 30 % of 20 */
      g_assert_cmpuint (json_array_get_length (duplicates), >, 0);
      g_assert_cmpuint (json_array_get_length (gone), >, 0);
      g_assert_cmpuint (json_array_get_length (empty), >, 0);

      for (guint c = 0; c < json_array_get_length (chats); c++)
        {
          JsonObject *chat = json_array_get_object_element (chats, c);
          const char *id = json_object_get_string_member (chat, "id");
          gboolean is_gone = FALSE;

          /* Fan names, each once in an account. */
          g_assert_true (
              g_hash_table_add (names, (char *) json_object_get_string_member (chat, "name")));
          g_assert_nonnull (strchr (json_object_get_string_member (chat, "name"), ' '));

          for (guint g = 0; g < json_array_get_length (gone); g++)
            is_gone |= g_str_equal (json_array_get_string_element (gone, g), id);
          if (is_gone)
            {
              g_autofree char *path =
                  g_str_equal (service, "onlyfansapi")
                      ? g_strdup_printf ("/api/%s/chats/%s/media", account, id)
                  : g_str_equal (service, "fanvue")
                      ? g_strdup_printf ("/chats/%s/media", id)
                      : g_strdup_printf ("/creators/%s/chats/%s/media", account, id);
              g_autoptr (JsonNode) root =
                  get_json (path,
                            g_str_equal (service, "onlyfansapi") ? "ofapi_test_key"
                            : g_str_equal (service, "fanvue")    ? "fv_test_creator"
                                                                 : "fv_test_agency",
                            404);
              continue;
            }

          {
            g_autoptr (GPtrArray) ids = list_chat (service, account, id, urls);

            for (guint e = 0; e < json_array_get_length (empty); e++)
              if (g_str_equal (json_array_get_string_element (empty, e), id))
                g_assert_cmpuint (ids->len, ==, 0);
            if (ids->len > 0)
              g_assert_cmpuint (ids->len, ==, 20);
            for (guint i = 0; i < ids->len; i++)
              {
                guint n = GPOINTER_TO_UINT (g_hash_table_lookup (in_chats, ids->pdata[i]));

                g_hash_table_replace (in_chats, g_strdup (ids->pdata[i]), GUINT_TO_POINTER (n + 1));
              }
            placements += ids->len;
          }
        }
      g_assert_cmpuint (placements, ==, json_object_get_int_member (archive, "placements"));

      /* Every shared id is in 30+ chats, and the media host serves the same bytes for it. */
      for (guint i = 0; i < json_array_get_length (shared); i++)
        g_assert_cmpuint (GPOINTER_TO_UINT (
                              g_hash_table_lookup (in_chats,
                                                   json_array_get_string_element (shared, i))),
                          >=, 30);
      shared_id = json_array_get_string_element (shared, 0);
      if (g_str_equal (service, "onlyfansapi"))
        {
          /* Started with --refuse-direct-cdn: refused until that is turned off. */
          g_auto (Response) refused =
              request ("GET", g_hash_table_lookup (urls, shared_id), NULL, NULL);

          g_assert_cmpuint (refused.status, ==, 403);
          json_node_unref (control_post ("/refuse-direct?on=0"));
        }
      first_bytes = fetch_media (g_hash_table_lookup (urls, shared_id));
      {
        g_autoptr (GBytes) expected =
            trove_test_server_process_get_content (server, shared_id, "main");

        g_assert_true (g_bytes_equal (first_bytes, expected));
      }

      /* Other ids, the same bytes; and unrelated ids, other bytes. */
      for (guint d = 0; d < json_array_get_length (duplicates); d++)
        {
          JsonArray *group = json_array_get_array_element (duplicates, d);
          g_autoptr (GBytes) a = NULL;
          g_autoptr (GBytes) b = NULL;

          g_assert_cmpuint (json_array_get_length (group), >=, 2);
          g_assert_cmpstr (json_array_get_string_element (group, 0), !=,
                           json_array_get_string_element (group, 1));
          a = fetch_media (g_hash_table_lookup (urls, json_array_get_string_element (group, 0)));
          b = fetch_media (g_hash_table_lookup (urls, json_array_get_string_element (group, 1)));
          g_assert_true (g_bytes_equal (a, b));
          g_assert_false (g_bytes_equal (a, first_bytes));
        }

      /* OnlyFansAPI says the size of every full file; it is what the media host serves. */
      if (g_str_equal (service, "onlyfansapi"))
        {
          GHashTableIter iter;
          gpointer key, value;
          guint checked = 0, images = 0;

          g_hash_table_iter_init (&iter, urls);
          while (g_hash_table_iter_next (&iter, &key, &value) && checked < 40)
            {
              g_autofree char *size_key = g_strconcat (key, "#size", NULL);
              g_autoptr (GBytes) bytes = NULL;
              const char *size = g_hash_table_lookup (urls, size_key);

              if (g_str_has_suffix (key, "#size"))
                continue;
              bytes = fetch_media (value);
              g_assert_nonnull (size);
              g_assert_cmpint (g_ascii_strtoll (size, NULL, 10), ==, g_bytes_get_size (bytes));
              checked++;

              /* The padded pictures still decode. */
              if (images < 3 && g_bytes_get_size (bytes) > 2 &&
                  ((const guint8 *) g_bytes_get_data (bytes, NULL))[0] == 0xff)
                {
                  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
                  g_autoptr (GError) error = NULL;

                  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, bytes, &error));
                  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
                  g_assert_no_error (error);
                  g_assert_cmpint (gdk_pixbuf_get_width (gdk_pixbuf_loader_get_pixbuf (loader)), >,
                                   0);
                  images++;
                }
            }
          g_assert_cmpuint (checked, ==, 40);
          g_assert_cmpuint (images, >, 0);
        }

      /* Fanvue's other orders keep the list; OnlyFansAPI's "old" reverses it. */
      {
        g_autoptr (JsonArray) other =
            chat_list (service, account,
                       g_str_equal (service, "onlyfansapi") ? "old" : "online_now");
        guint n = json_array_get_length (other);

        g_assert_cmpuint (n, ==, json_array_get_length (chats));
        if (g_str_equal (service, "onlyfansapi"))
          for (guint i = 0; i < n; i++)
            g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (other,
                                                                                           i),
                                                            "id"),
                             ==,
                             json_object_get_string_member (json_array_get_object_element (chats,
                                                                                           n - 1 -
                                                                                               i),
                                                            "id"));
      }
    }
}

/* POST /__control/add-media?chats=N: N chats get a newer message with new media and come first. */
static void
test_add_media (void)
{
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);
  const char *agency = account_id (dataset, "agency");
  g_autoptr (JsonArray) before = chat_list ("agency", agency, "most_recent_messages");
  g_autoptr (JsonNode) added = control_post ("/add-media?chats=3&account=agency");
  JsonArray *changed =
      json_object_get_array_member (json_object_get_object_member (json_node_get_object (added),
                                                                   "chats"),
                                    "agency");
  g_autoptr (JsonArray) after = chat_list ("agency", agency, "most_recent_messages");
  g_autoptr (GHashTable) changed_ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (json_array_get_length (changed), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_hash_table_add (changed_ids, (char *) json_array_get_string_element (changed, i));
  assert_newest_first (after);
  g_assert_cmpuint (json_array_get_length (after), ==, json_array_get_length (before));
  /* The changed chats lead, newer than anything before. */
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *chat = json_array_get_object_element (after, i);

      g_assert_true (
          g_hash_table_contains (changed_ids, json_object_get_string_member (chat, "id")));
      g_assert_cmpint (strcmp (json_object_get_string_member (chat, "last"),
                               json_object_get_string_member (json_array_get_object_element (before,
                                                                                             0),
                                                              "last")),
                       >, 0);
    }
  /* Each changed chat has one more item. */
  {
    g_autoptr (GPtrArray) ids =
        list_chat ("agency", agency, json_array_get_string_element (changed, 0), NULL);

    g_assert_cmpuint (ids->len, ==, 21);
  }

  /* A new mass message: the same two new ids, newest, in each of the chats. */
  {
    g_autoptr (JsonNode) mass =
        control_post ("/add-media?chats=4&count=2&shared=1&account=onlyfansapi");
    JsonObject *changed_by = json_object_get_object_member (json_node_get_object (mass), "chats");
    JsonArray *mass_chats = json_object_get_array_member (changed_by, "onlyfansapi");
    const char *account = account_id (dataset, "onlyfansapi");
    g_autoptr (GPtrArray) first = NULL;

    g_assert_false (json_object_has_member (changed_by, "fanvue"));
    g_assert_cmpuint (json_array_get_length (mass_chats), ==, 4);
    for (guint i = 0; i < 4; i++)
      {
        g_autoptr (GPtrArray) ids =
            list_chat ("onlyfansapi", account, json_array_get_string_element (mass_chats, i), NULL);

        if (first == NULL)
          first = g_ptr_array_ref (ids);
        g_assert_cmpstr (ids->pdata[0], ==, first->pdata[0]);
        g_assert_cmpstr (ids->pdata[1], ==, first->pdata[1]);
        g_assert_cmpstr (ids->pdata[0], !=, ids->pdata[1]);
      }
  }
}

static gint64
balance_now (const char *account)
{
  g_autofree char *path = g_strdup_printf ("/api/%s/chats?limit=1", account);
  g_autoptr (JsonNode) root = get_json (path, "ofapi_test_key", 200);
  JsonObject *credits =
      json_object_get_object_member (json_object_get_object_member (json_node_get_object (root),
                                                                    "_meta"),
                                     "_credits");

  g_assert_cmpint (json_object_get_int_member (credits, "used"), ==, 1);
  return json_object_get_int_member (credits, "balance");
}

/* --refuse-direct-cdn: OnlyFansAPI's signed URLs answer 403 (not expired); the download
 * endpoint answers 302 with a one-time grant, bills 3 credits per MB and never sees the key
 * reach the media host. */
static void
test_paid_download (void)
{
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);
  const char *account = account_id (dataset, "onlyfansapi");
  JsonObject *archive = archive_of (dataset, "onlyfansapi");
  const char *shared_id =
      json_array_get_string_element (json_object_get_array_member (archive, "shared"), 0);
  const char *chat = NULL;
  g_autoptr (GHashTable) urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GBytes) expected = trove_test_server_process_get_content (server, shared_id, "main");
  g_autofree char *download = NULL;
  g_autofree char *location = NULL;
  gsize size = g_bytes_get_size (expected);
  gint64 credits = (3 * (gint64) size + 999999) / 1000000, balance_before, balance_after;

  {
    g_autoptr (JsonArray) chats = chat_list ("onlyfansapi", account, NULL);

    /* A chat with media: the first whose listing has the shared id. */
    for (guint c = 0; c < json_array_get_length (chats) && chat == NULL; c++)
      {
        const char *id =
            json_object_get_string_member (json_array_get_object_element (chats, c), "id");
        gboolean gone = FALSE;
        JsonArray *gone_chats = json_object_get_array_member (archive, "gone_chats");

        for (guint g = 0; g < json_array_get_length (gone_chats); g++)
          gone |= g_str_equal (json_array_get_string_element (gone_chats, g), id);
        if (!gone)
          {
            g_clear_pointer (&ids, g_ptr_array_unref);
            ids = list_chat ("onlyfansapi", account, id, urls);
            if (g_hash_table_contains (urls, shared_id))
              chat = id;
          }
      }
  }
  g_assert_nonnull (chat);
  g_assert_cmpuint (size, >, 100000);

  json_node_unref (control_post ("/refuse-direct?on=1"));
  trove_test_server_process_reset (server);
  /* Direct: refused, and not as an expiry. */
  {
    g_auto (Response) direct = request ("GET", g_hash_table_lookup (urls, shared_id), NULL, NULL);
    g_autofree char *text =
        g_strndup (g_bytes_get_data (direct.body, NULL), g_bytes_get_size (direct.body));

    g_assert_cmpuint (direct.status, ==, 403);
    g_assert_null (strstr (text, "xpired"));
    g_assert_nonnull (strstr (text, "Access denied"));
  }

  balance_before = balance_now (account);

  /* Through the endpoint, the CDN URL appended as it is. */
  download = g_strdup_printf ("%s/api/%s/media/download/%s",
                              trove_test_server_process_get_onlyfansapi_url (server), account,
                              (const char *) g_hash_table_lookup (urls, shared_id));
  {
    g_auto (Response) redirect = request ("GET", download, "ofapi_test_key", NULL);
    g_autoptr (JsonNode) meta = NULL;

    g_assert_cmpuint (redirect.status, ==, 302);
    location = g_strdup (
        soup_message_headers_get_one (soup_message_get_response_headers (redirect.message),
                                      "Location"));
    g_assert_true (g_str_has_prefix (location, trove_test_server_process_get_media_url (server)));
    g_assert_nonnull (strstr (location, "grant="));
    meta = json_of (&redirect);
    g_assert_cmpint (json_object_get_int_member (
                         json_object_get_object_member (
                             json_object_get_object_member (json_node_get_object (meta), "_meta"),
                             "_credits"),
                         "used"),
                     ==, credits);
  }
  {
    g_auto (Response) granted = request ("GET", location, NULL, NULL);
    g_auto (Response) again = request ("GET", location, NULL, NULL);

    g_assert_cmpuint (granted.status, ==, 200);
    g_assert_true (g_bytes_equal (granted.body, expected));
    g_assert_cmpuint (again.status, ==, 403);
  }
  /* A resume: a new grant for the rest, billed for the rest. */
  {
    g_auto (Response) redirect = request ("GET", download, "ofapi_test_key", "bytes=100000-");
    const char *resume =
        soup_message_headers_get_one (soup_message_get_response_headers (redirect.message),
                                      "Location");
    g_auto (Response) part = request ("GET", resume, NULL, "bytes=100000-");

    g_assert_cmpuint (redirect.status, ==, 302);
    g_assert_cmpuint (part.status, ==, 206);
    g_assert_cmpmem (g_bytes_get_data (part.body, NULL), g_bytes_get_size (part.body),
                     (const guint8 *) g_bytes_get_data (expected, NULL) + 100000, size - 100000);
  }

  /* HEAD through the endpoint: free, and its grant serves HEAD only, as often as asked. */
  {
    g_auto (Response) redirect = request ("HEAD", download, "ofapi_test_key", NULL);
    const char *head_location =
        soup_message_headers_get_one (soup_message_get_response_headers (redirect.message),
                                      "Location");
    g_auto (Response) first = request ("HEAD", head_location, NULL, NULL);
    g_auto (Response) second = request ("HEAD", head_location, NULL, NULL);
    g_auto (Response) get = request ("GET", head_location, NULL, NULL);

    g_assert_cmpuint (redirect.status, ==, 302);
    g_assert_cmpuint (first.status, ==, 200);
    g_assert_cmpuint (second.status, ==, 200);
    g_assert_cmpint (soup_message_headers_get_content_length (
                         soup_message_get_response_headers (second.message)),
                     ==, size);
    g_assert_cmpuint (get.status, ==, 403);
  }

  balance_after = balance_now (account);
  /* One page, the download, the resume (3 per MB of the rest), one page. */
  g_assert_cmpint (balance_before - balance_after, ==,
                   credits + (3 * ((gint64) size - 100000) + 999999) / 1000000 + 1);

  /* The log: routes, bytes per media id, credits, and the key never at the media host. */
  {
    g_autofree char *url =
        g_strconcat (trove_test_server_process_get_api_url (server), "/__control/stats", NULL);
    g_auto (Response) response = request ("GET", url, NULL, NULL);
    g_autoptr (JsonNode) root = json_of (&response);
    JsonObject *stats = json_node_get_object (root);
    JsonObject *routes = json_object_get_object_member (stats, "routes");
    JsonObject *bytes = json_object_get_object_member (stats, "media_bytes");
    g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
    gint64 logged_credits = 0;

    g_assert_cmpint (json_object_get_int_member (routes,
                                                 "GET /api/{account}/media/download/{cdnUrl}"),
                     ==, 2);
    g_assert_cmpint (json_object_get_int_member (routes,
                                                 "HEAD /api/{account}/media/download/{cdnUrl}"),
                     ==, 1);
    g_assert_cmpint (json_object_get_int_member (routes, "GET /api/{account}/chats"), ==, 2);
    /* Refused, granted, reused, resumed; then the HEAD grant's refused GET. */
    g_assert_cmpint (json_object_get_int_member (routes, "GET /m/{media}/{variant}"), ==, 5);
    g_assert_cmpint (json_object_get_int_member (routes, "HEAD /m/{media}/{variant}"), ==, 2);
    /* The refused and the reused grant served nothing. */
    g_assert_cmpint (json_object_get_int_member (bytes, shared_id), ==, size + size - 100000);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (stats, "credits"),
                                                 "billed"),
                     ==, balance_before - balance_after + 1);
    for (guint i = 0; i < json_array_get_length (requests); i++)
      {
        JsonObject *entry = json_array_get_object_element (requests, i);

        logged_credits += json_object_get_int_member (entry, "credits");
        if (g_str_equal (json_object_get_string_member (entry, "server"), "media"))
          {
            g_assert_false (json_object_get_boolean_member (entry, "api_key"));
            g_assert_cmpstr (json_object_get_string_member (entry, "media_id"), ==, shared_id);
          }
        else
          g_assert_true (json_object_get_boolean_member (entry, "api_key"));
      }
    g_assert_cmpint (logged_credits, ==, balance_before - balance_after + 1);
  }

  /* Fanvue's media are not bound: a direct fetch works. */
  {
    const char *fanvue_shared =
        json_array_get_string_element (json_object_get_array_member (archive_of (dataset, "fanvue"),
                                                                     "shared"),
                                       0);
    g_autoptr (GHashTable) fanvue_urls =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr (JsonArray) chats = chat_list ("fanvue", NULL, "most_recent_messages");

    for (guint c = 0;
         c < json_array_get_length (chats) && !g_hash_table_contains (fanvue_urls, fanvue_shared);
         c++)
      {
        const char *id =
            json_object_get_string_member (json_array_get_object_element (chats, c), "id");
        g_autofree char *path = g_strdup_printf ("/chats/%s/media?limit=50", id);
        g_autofree char *url =
            g_strconcat (trove_test_server_process_get_api_url (server), path, NULL);
        g_auto (Response) response = request ("GET", url, "fv_test_creator", NULL);

        if (response.status == 200)
          g_ptr_array_unref (list_chat ("fanvue", NULL, id, fanvue_urls));
      }
    g_bytes_unref (fetch_media (g_hash_table_lookup (fanvue_urls, fanvue_shared)));
  }
}

int
main (int argc, char *argv[])
{
  const char *args[] = { "--dataset", "archive", "--refuse-direct-cdn", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);
  session = soup_session_new ();

  g_test_add_func ("/server/archive/dataset", test_dataset);
  g_test_add_func ("/server/archive/add-media", test_add_media);
  g_test_add_func ("/server/archive/paid-download", test_paid_download);

  status = g_test_run ();

  g_object_unref (session);
  trove_test_server_process_free (server);
  return status;
}
