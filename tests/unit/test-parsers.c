/* test-parsers.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-chat.h"
#include "trove-error.h"
#include "trove-fanvue-parser.h"
#include "trove-json.h"
#include "trove-media.h"
#include "trove-onlyfansapi-parser.h"

#define CHAT "7c9e6679-7425-40de-944b-e07fc1f90ae7"
#define OWNER "4f1b1c2a-1111-4c1e-9f00-aaaaaaaaaaaa"

static GBytes *
bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static TrovePage *
fanvue_media (const char *text, GError **error)
{
  g_autoptr (GBytes) body = bytes (text);

  return trove_fanvue_parse_media (body, "/chats/x/media", CHAT, error);
}

static void
test_fanvue_media (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page =
      fanvue_media ("{\"data\":[{\"uuid\":\"m1\",\"messageUuid\":\"msg1\",\"mediaType\":\"video\","
                    "\"created_at\":null,"
                    "\"sentAt\":\"2024-01-15T10:00:00Z\",\"ownerUuid\":\"" OWNER
                    "\",\"name\":\"Été 🌊.mp4\",\"variants\":["
                    "{\"variantType\":\"main\",\"displayPosition\":0,\"url\":\"https://m.example/"
                    "v?sig=a+b\",\"width\":1920,\"height\":1080,\"lengthMs\":45000},"
                    "{\"variantType\":\"thumbnail\",\"displayPosition\":0,\"url\":\"https://"
                    "m.example/t\",\"width\":320,\"height\":180,\"lengthMs\":null},"
                    "{\"variantType\":\"hologram\",\"url\":\"https://m.example/h\"}]},"
                    "{\"uuid\":\"m2\",\"messageUuid\":\"msg2\",\"mediaType\":\"hologram\","
                    "\"sentAt\":null,\"created_at\":\"2024-01-14T10:00:00Z\","
                    "\"ownerUuid\":\"" CHAT "\",\"name\":null,\"variants\":[]}],"
                    "\"nextCursor\":\"eyJvIjo1MH0=+/\"}",
                    &error);
  TroveMedia *video, *unknown;
  g_autofree char *sent = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (trove_page_get_items (page)->len, ==, 2);
  g_assert_cmpstr (trove_page_get_next_token (page), ==, "eyJvIjo1MH0=+/");

  video = g_ptr_array_index (trove_page_get_items (page), 0);
  g_assert_cmpstr (trove_media_get_id (video), ==, "m1");
  g_assert_cmpstr (trove_media_get_message_id (video), ==, "msg1");
  g_assert_cmpstr (trove_media_get_chat_id (video), ==, CHAT);
  g_assert_cmpint (trove_media_get_kind (video), ==, TROVE_MEDIA_KIND_VIDEO);
  g_assert_cmpstr (trove_media_get_name (video), ==, "Été 🌊.mp4");
  g_assert_true (trove_media_get_from_owner (video));
  g_assert_cmpstr (trove_media_get_sender_id (video), ==, OWNER);
  g_assert_cmpint (trove_media_get_width (video), ==, 1920);
  g_assert_cmpint (trove_media_get_height (video), ==, 1080);
  g_assert_cmpint (trove_media_get_duration_ms (video), ==, 45000);
  g_assert_false (trove_media_get_locked (video));
  g_assert_cmpstr (trove_media_get_variant (video, TROVE_VARIANT_MAIN)->url, ==,
                   "https://m.example/v?sig=a+b");
  g_assert_cmpstr (trove_media_get_variant (video, TROVE_VARIANT_THUMBNAIL)->url, ==,
                   "https://m.example/t");
  g_assert_cmpint (trove_media_get_variant (video, TROVE_VARIANT_THUMBNAIL)->width, ==, 320);
  g_assert_null (trove_media_get_variant (video, TROVE_VARIANT_BLURRED)->url);
  sent = g_date_time_format_iso8601 (trove_media_get_sent_at (video));
  g_assert_cmpstr (sent, ==, "2024-01-15T10:00:00Z");

  /* Unknown kinds are tolerated; the sent time falls back to created_at; the fan sent it. */
  unknown = g_ptr_array_index (trove_page_get_items (page), 1);
  g_assert_cmpint (trove_media_get_kind (unknown), ==, TROVE_MEDIA_KIND_UNKNOWN);
  g_assert_nonnull (trove_media_get_sent_at (unknown));
  g_assert_false (trove_media_get_from_owner (unknown));
  g_assert_null (trove_media_get_name (unknown));
}

static void
test_fanvue_media_end_and_bad_items (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page =
      fanvue_media ("{\"data\":[{\"uuid\":42,\"mediaType\":\"image\",\"variants\":\"nope\"},"
                    "{\"messageUuid\":\"no-uuid\"}, 7, null,"
                    "{\"uuid\":\"a\",\"mediaType\":[1],\"ownerUuid\":{},\"variants\":[{"
                    "\"variantType\":\"main\",\"width\":1e300,\"height\":-5,\"url\":3}]},"
                    "{\"uuid\":\"a\",\"mediaType\":\"image\"}],"
                    "\"nextCursor\":null}",
                    &error);
  TroveMedia *numeric, *odd;

  g_assert_no_error (error);
  g_assert_null (trove_page_get_next_token (page));
  /* The integer uuid is kept as text; items without one and the duplicate are skipped. */
  g_assert_cmpuint (trove_page_get_items (page)->len, ==, 2);
  numeric = g_ptr_array_index (trove_page_get_items (page), 0);
  g_assert_cmpstr (trove_media_get_id (numeric), ==, "42");
  odd = g_ptr_array_index (trove_page_get_items (page), 1);
  g_assert_cmpint (trove_media_get_kind (odd), ==, TROVE_MEDIA_KIND_UNKNOWN);
  g_assert_cmpint (trove_media_get_width (odd), ==, 100000);
  g_assert_cmpint (trove_media_get_height (odd), ==, 0);
  g_assert_null (trove_media_get_variant (odd, TROVE_VARIANT_MAIN)->url);
}

/* The next page's token, read before the full parse: only the top-level member counts. */
static void
test_fanvue_peek_next_token (void)
{
  static const struct
  {
    const char *body;
    const char *cursor;
  } cases[] = {
    { "{\"data\":[],\"nextCursor\":\"eyJvIjo1MH0=+/\"}", "eyJvIjo1MH0=+/" },
    { " {\"nextCursor\" : \"a\\\"b\" , \"data\":[]}", "a\"b" },
    /* The same name inside an item, or inside a string, is not the cursor. */
    { "{\"data\":[{\"nextCursor\":\"inner\"}],\"x\":\"\\\",\\\"nextCursor\\\":\\\"s\","
      "\"nextCursor\":\"outer\"}",
      "outer" },
    { "{\"data\":[{\"nextCursor\":\"inner\"}]}", NULL },
    { "{\"data\":[],\"nextCursor\":null}", NULL },
    { "{\"data\":[],\"nextCursor\":\"\"}", NULL },
    { "{\"data\":[],\"nextCursor\":42}", NULL },
    { "[{\"nextCursor\":\"a\"}]", NULL },
    { "{\"data\":[],\"nextCursor\":\"unterminated", NULL },
    { "", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) body = bytes (cases[i].body);
      g_autofree char *cursor = trove_fanvue_peek_next_cursor (body);

      g_assert_cmpstr (cursor, ==, cases[i].cursor);
    }

  {
    g_autoptr (GBytes) more = bytes ("{\"data\":[{\"pagination\":{\"hasMore\":false}}],"
                                     "\"pagination\":{\"page\":3,\"hasMore\":true}}");
    g_autoptr (GBytes) last = bytes ("{\"data\":[],\"pagination\":{\"page\":3,\"hasMore\":false}}");
    g_autofree char *next = trove_fanvue_peek_next_page (more, 3);
    g_autofree char *none = trove_fanvue_peek_next_page (last, 3);

    g_assert_cmpstr (next, ==, "4");
    g_assert_null (none);
  }
}

static void
test_bad_bodies (void)
{
  const char *bodies[] = {
    "",         "{\"data\":[",       "[]", "{\"data\":{}}", "{\"items\":[]}", "null",
    "\"data\"", "{\"data\":[]}\xff",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (TrovePage) page = fanvue_media (bodies[i], &error);

      g_assert_null (page);
      g_assert_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (error->message, "/chats/x/media"));
    }
}

static void
test_deep_nesting_refused (void)
{
  g_autoptr (GString) deep = g_string_new ("{\"data\":");
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');

  page = fanvue_media (deep->str, &error);
  g_assert_null (page);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "nested"));
}

/* json-glib finds the bad byte; the message says what a user can tell the service's support. */
static void
test_bad_encoding_refused (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page = fanvue_media ("{\"data\":[{\"uuid\":\"m\xc3\x28\"}]}", &error);

  g_assert_null (page);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "not valid UTF-8"));
}

static void
test_huge_body_refused (void)
{
  gsize size = TROVE_JSON_MAX_BYTES + 1;
  char *data = g_malloc (size);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  memset (data, ' ', size);
  body = g_bytes_new_take (data, size);
  node = trove_json_parse (body, "/chats", &error);
  g_assert_null (node);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL);
}

static void
test_fanvue_chats_and_creators (void)
{
  g_autoptr (GBytes) chats_body = bytes (
      "{\"data\":[{\"user\":{\"uuid\":\"" CHAT
      "\",\"handle\":\"sam\",\"displayName\":\"Sam\",\"nickname\":\"Sammy\",\"avatarUrl\":null},"
      "\"lastMessageAt\":\"2024-02-01T08:00:00Z\",\"unreadMessagesCount\":3,\"isRead\":false,"
      "\"isMuted\":false,\"lastMessage\":null},"
      "{\"user\":{\"handle\":\"nouuid\"}}],"
      "\"pagination\":{\"page\":2,\"size\":50,\"hasMore\":true}}");
  g_autoptr (GBytes) creators_body =
      bytes ("{\"data\":[{\"uuid\":\"c1\",\"handle\":\"star\",\"displayName\":\"Star\","
             "\"avatarUrl\":\"https://a/x.png\"}],"
             "\"pagination\":{\"page\":1,\"size\":50,\"hasMore\":false}}");
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) chats = trove_fanvue_parse_chats (chats_body, "/chats", 2, &error);
  g_autoptr (TrovePage) creators = NULL;
  TroveChat *chat;
  TroveUser *creator;

  g_assert_no_error (error);
  g_assert_cmpuint (trove_page_get_items (chats)->len, ==, 1);
  g_assert_cmpstr (trove_page_get_next_token (chats), ==, "3");
  chat = g_ptr_array_index (trove_page_get_items (chats), 0);
  g_assert_cmpstr (trove_chat_get_id (chat), ==, CHAT);
  g_assert_cmpstr (trove_chat_get_display_name (chat), ==, "Sammy");
  g_assert_cmpstr (trove_chat_get_handle (chat), ==, "sam");
  g_assert_null (trove_chat_get_avatar_url (chat));
  g_assert_cmpuint (trove_chat_get_unread_count (chat), ==, 3);
  g_assert_nonnull (trove_chat_get_last_message_at (chat));

  creators = trove_fanvue_parse_creators (creators_body, "/creators", 1, &error);
  g_assert_no_error (error);
  g_assert_null (trove_page_get_next_token (creators));
  creator = g_ptr_array_index (trove_page_get_items (creators), 0);
  g_assert_cmpstr (trove_user_get_id (creator), ==, "c1");
  g_assert_cmpstr (trove_user_get_display_name (creator), ==, "Star");
  g_assert_cmpstr (trove_user_get_avatar_url (creator), ==, "https://a/x.png");
}

static void
test_onlyfansapi_media (void)
{
  g_autoptr (GBytes) body = bytes (
      "{\"data\":{\"list\":["
      "{\"id\":900,\"createdAt\":\"2025-01-01T00:00:00+00:00\",\"fromUser\":{\"id\":123},"
      "\"isFree\":true,\"price\":0,\"media\":["
      "{\"id\":1,\"type\":\"photo\",\"canView\":true,\"isReady\":true,\"createdAt\":\"2025-01-"
      "01T00:00:00+00:00\",\"duration\":0,"
      "\"files\":{\"full\":{\"url\":\"https://cdn/"
      "full1\",\"width\":2048,\"height\":1360,\"size\":5000},"
      "\"thumb\":{\"url\":\"https://cdn/thumb1\",\"width\":300,\"height\":300,\"size\":0},"
      "\"preview\":{\"url\":\"https://cdn/prev1\",\"width\":960,\"height\":638,\"size\":0},"
      "\"squarePreview\":{\"url\":\"https://cdn/sq1\",\"width\":960,\"height\":960,\"size\":0}}},"
      "{\"id\":2,\"type\":\"video\",\"canView\":false,\"duration\":12,\"files\":{\"full\":{\"url\":"
      "null},\"thumb\":{\"url\":null}}}]},"
      "{\"id\":901,\"createdAt\":\"2024-12-31T00:00:00+00:00\",\"fromUser\":{\"id\":555},\"media\":"
      "["
      "{\"id\":1,\"type\":\"photo\"},{\"id\":3,\"type\":\"gif\",\"canView\":true,\"files\":{"
      "\"full\":{\"url\":\"https://cdn/full3\"}}},"
      "{\"id\":4,\"type\":\"audio\",\"files\":{\"full\":{\"url\":\"https://cdn/"
      "a4\"}},\"duration\":61}]}],"
      "\"hasMore\":true,\"nextLastId\":\"123\"},"
      "\"_meta\":{\"_credits\":{\"used\":1},\"_rate_limits\":{\"limit_minute\":1000,\"limit_day\":"
      "50000,\"remaining_minute\":999,\"remaining_day\":49985}}}");
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page =
      trove_onlyfansapi_parse_media (body, "/api/acct/chats/123/media", "123", 40, &error);
  GPtrArray *items;
  TroveMedia *photo, *locked, *gif, *audio;
  gint64 limit = 0, remaining = 0;

  g_assert_no_error (error);
  items = trove_page_get_items (page);
  /* Two messages, five media, one repeated: four items. */
  g_assert_cmpuint (items->len, ==, 4);
  g_assert_cmpstr (trove_page_get_next_token (page), ==, "42");
  g_assert_true (trove_page_get_rate_limit (page, &limit, &remaining));
  g_assert_cmpint (limit, ==, 1000);
  g_assert_cmpint (remaining, ==, 999);

  photo = g_ptr_array_index (items, 0);
  g_assert_cmpstr (trove_media_get_id (photo), ==, "1");
  g_assert_cmpstr (trove_media_get_message_id (photo), ==, "900");
  g_assert_cmpint (trove_media_get_kind (photo), ==, TROVE_MEDIA_KIND_IMAGE);
  g_assert_false (trove_media_get_from_owner (photo)); /* fromUser is the fan */
  g_assert_cmpint (trove_media_get_width (photo), ==, 2048);
  g_assert_cmpstr (trove_media_get_variant (photo, TROVE_VARIANT_MAIN)->url, ==,
                   "https://cdn/full1");
  g_assert_cmpint (trove_media_get_variant (photo, TROVE_VARIANT_MAIN)->size, ==, 5000);
  g_assert_cmpstr (trove_media_get_variant (photo, TROVE_VARIANT_GALLERY_THUMBNAIL)->url, ==,
                   "https://cdn/thumb1");

  locked = g_ptr_array_index (items, 1);
  g_assert_true (trove_media_get_locked (locked));
  g_assert_cmpint (trove_media_get_kind (locked), ==, TROVE_MEDIA_KIND_VIDEO);
  g_assert_cmpint (trove_media_get_duration_ms (locked), ==, 12000);

  gif = g_ptr_array_index (items, 2);
  g_assert_cmpint (trove_media_get_kind (gif), ==, TROVE_MEDIA_KIND_IMAGE);
  g_assert_true (trove_media_get_from_owner (gif));
  audio = g_ptr_array_index (items, 3);
  g_assert_cmpint (trove_media_get_kind (audio), ==, TROVE_MEDIA_KIND_AUDIO);
  g_assert_cmpint (trove_media_get_duration_ms (audio), ==, 61000);
}

static void
test_onlyfansapi_end_and_errors (void)
{
  g_autoptr (GBytes) last = bytes ("{\"data\":{\"list\":[],\"hasMore\":false}}");
  g_autoptr (GBytes) no_list = bytes ("{\"data\":{\"hasMore\":true}}");
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page = trove_onlyfansapi_parse_media (last, "/m", "1", 0, &error);
  g_autoptr (TrovePage) bad = NULL;

  g_assert_no_error (error);
  g_assert_null (trove_page_get_next_token (page));
  g_assert_cmpuint (trove_page_get_items (page)->len, ==, 0);

  bad = trove_onlyfansapi_parse_media (no_list, "/m", "1", 0, &error);
  g_assert_null (bad);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL);
}

static void
test_onlyfansapi_accounts_and_chats (void)
{
  g_autoptr (GBytes) bare = bytes ("[{\"id\":\"acct_a\",\"display_name\":\"A\",\"onlyfans_"
                                   "username\":\"a\",\"is_authenticated\":true},"
                                   "{\"id\":\"acct_b\",\"display_name\":\"B\",\"is_authenticated\":"
                                   "false},{\"name\":\"no id\"}]");
  g_autoptr (GBytes) wrapped = bytes ("{\"data\":[{\"id\":\"acct_c\",\"is_authenticated\":true}]}");
  g_autoptr (GBytes) chats_body = bytes (
      "{\"data\":[{\"fan\":{\"id\":77,\"username\":\"fan77\",\"name\":\"Fan\",\"avatar\":null},"
      "\"lastMessage\":{\"createdAt\":\"2025-01-01T00:00:00+00:00\"},\"unreadMessagesCount\":2}],"
      "\"_pagination\":{\"next_page\":\"http://127.0.0.1:1/api/acct_a/chats?offset=50\"}}");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) accounts = trove_onlyfansapi_parse_accounts (bare, "/api/accounts", &error);
  g_autoptr (GPtrArray) more = NULL;
  g_autoptr (TrovePage) chats = NULL;
  TroveChat *chat;

  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpstr (trove_user_get_id (g_ptr_array_index (accounts, 0)), ==, "acct_a");
  g_assert_cmpstr (trove_user_get_handle (g_ptr_array_index (accounts, 0)), ==, "a");
  g_assert_true (trove_user_get_authenticated (g_ptr_array_index (accounts, 0)));
  g_assert_false (trove_user_get_authenticated (g_ptr_array_index (accounts, 1)));

  more = trove_onlyfansapi_parse_accounts (wrapped, "/api/accounts", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (more->len, ==, 1);

  chats = trove_onlyfansapi_parse_chats (chats_body, "/api/acct_a/chats", &error);
  g_assert_no_error (error);
  chat = g_ptr_array_index (trove_page_get_items (chats), 0);
  g_assert_cmpstr (trove_chat_get_id (chat), ==, "77");
  g_assert_cmpstr (trove_chat_get_handle (chat), ==, "fan77");
  g_assert_cmpuint (trove_chat_get_unread_count (chat), ==, 2);
  g_assert_cmpstr (trove_page_get_next_token (chats), ==,
                   "http://127.0.0.1:1/api/acct_a/chats?offset=50");
}

static void
test_error_messages (void)
{
  const struct
  {
    const char *body;
    const char *message;
  } cases[] = {
    { "{\"error\":\"Unauthorized\"}", "Unauthorized" },
    { "{\"error\":\"x\",\"message\":\"No such conversation\"}", "No such conversation" },
    { "{\"errors\":[\"limit too big\",{\"message\":\"cursor bad\"}]}",
      "limit too big; cursor bad" },
    { "{\"error\":{\"message\":\"nested\"}}", "nested" },
    { "<html>502</html>", NULL },
    { "{\"errors\":[1,2]}", NULL },
    { "", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) body = bytes (cases[i].body);
      g_autofree char *message = trove_json_error_message (body);

      g_assert_cmpstr (message, ==, cases[i].message);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parsers/fanvue/media", test_fanvue_media);
  g_test_add_func ("/parsers/fanvue/media-end-and-bad-items", test_fanvue_media_end_and_bad_items);
  g_test_add_func ("/parsers/fanvue/chats-and-creators", test_fanvue_chats_and_creators);
  g_test_add_func ("/parsers/fanvue/peek-next-token", test_fanvue_peek_next_token);
  g_test_add_func ("/parsers/bad-bodies", test_bad_bodies);
  g_test_add_func ("/parsers/deep-nesting-refused", test_deep_nesting_refused);
  g_test_add_func ("/parsers/bad-encoding-refused", test_bad_encoding_refused);
  g_test_add_func ("/parsers/huge-body-refused", test_huge_body_refused);
  g_test_add_func ("/parsers/onlyfansapi/media", test_onlyfansapi_media);
  g_test_add_func ("/parsers/onlyfansapi/end-and-errors", test_onlyfansapi_end_and_errors);
  g_test_add_func ("/parsers/onlyfansapi/accounts-and-chats", test_onlyfansapi_accounts_and_chats);
  g_test_add_func ("/parsers/error-messages", test_error_messages);

  return g_test_run ();
}
