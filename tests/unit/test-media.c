/* test-media.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TroveMedia keeps its strings packed and its URLs encoded: what goes in comes back out.
 */

#include "config.h"

#include "trove-media-private.h"

#define ID "4c1a3450-6d73-49d2-8f40-c4196fe2d787"
#define SIG "ae904c6c90f35cec89ee6788baf9ab003baaef8a2c964945884747a7c3607176"

/* URLs that exercise every way of keeping them, in variant order. */
static const char *const url_sets[][TROVE_N_VARIANTS] = {
  { "http://127.0.0.1:1/m/" ID "/thumbnail?g=0&exp=1796192714&sig=" SIG,
    "http://127.0.0.1:1/m/" ID "/thumbnail_gallery?g=0&exp=1796192714&sig=" SIG "0",
    "http://127.0.0.1:1/m/" ID "/main?g=0&exp=1796192714&sig=" SIG "1",
    "http://127.0.0.1:1/m/" ID "/blurred?sig=" SIG SIG SIG SIG SIG },
  { NULL, "", NULL, "x" },
  { "\x01\x02\x03\x04\x05\x7f\xc3\xa9", ID ID "abc" ID, "ABCDEF0123456789ABCDEF0123456789",
    "0123456789abcde" },
  { "https://cdn.example/" ID "0123456789abcdef0123456789abcdef" ID, NULL,
    "https://cdn.example/" ID "/f", NULL },
  { NULL, NULL, NULL, NULL },
};

static void
assert_urls (TroveMedia *media, const char *const urls[TROVE_N_VARIANTS])
{
  for (guint i = 0; i < TROVE_N_VARIANTS; i++)
    {
      const TroveMediaVariant *variant = trove_media_get_variant (media, i);

      g_assert_cmpstr (variant->url, ==, urls[i]);
      g_assert_cmpint (variant->width, ==, urls[i] ? 10 + (int) i : 0);
      g_assert_cmpint (variant->height, ==, urls[i] ? 20 + (int) i : 0);
      g_assert_cmpint (variant->size, ==, urls[i] ? 30 + (int) i : 0);
    }
}

static void
test_fields_round_trip (void)
{
  for (gsize set = 0; set < G_N_ELEMENTS (url_sets); set++)
    {
      TroveMediaFields fields = { 0 };
      g_autoptr (TroveMedia) media = NULL;

      fields.id = ID;
      fields.message_id = set % 2 ? NULL : "message 1";
      fields.chat_id = "chat-a";
      fields.name = set % 2 ? "Road trip 🚐.jpg" : NULL;
      fields.sender_id = "sender-b";
      fields.kind = TROVE_MEDIA_KIND_VIDEO;
      for (guint i = 0; i < TROVE_N_VARIANTS; i++)
        if (url_sets[set][i] != NULL)
          {
            fields.variants[i].url = url_sets[set][i];
            fields.variants[i].width = 10 + i;
            fields.variants[i].height = 20 + i;
            fields.variants[i].size = 30 + i;
          }

      media = trove_media_new_from_fields (&fields);
      g_assert_cmpstr (trove_media_get_id (media), ==, ID);
      g_assert_cmpstr (trove_media_get_message_id (media), ==, fields.message_id);
      g_assert_cmpstr (trove_media_get_chat_id (media), ==, "chat-a");
      g_assert_cmpstr (trove_media_get_name (media), ==, fields.name);
      g_assert_cmpstr (trove_media_get_sender_id (media), ==, "sender-b");
      g_assert_cmpint (trove_media_get_kind (media), ==, TROVE_MEDIA_KIND_VIDEO);
      assert_urls (media, url_sets[set]);
    }
}

/* The setters re-pack what is there; a variant read before a setter is read again after it. */
static void
test_setters_round_trip (void)
{
  for (gsize set = 0; set < G_N_ELEMENTS (url_sets); set++)
    {
      g_autoptr (TroveMedia) media = trove_media_new (ID, "m", "c", TROVE_MEDIA_KIND_IMAGE);

      for (guint i = 0; i < TROVE_N_VARIANTS; i++)
        {
          trove_media_set_variant (media, i, "placeholder", 1, 1, 1);
          g_assert_cmpstr (trove_media_get_variant (media, i)->url, ==, "placeholder");
        }
      for (guint i = 0; i < TROVE_N_VARIANTS; i++)
        {
          if (url_sets[set][i] != NULL)
            trove_media_set_variant (media, i, url_sets[set][i], 10 + i, 20 + i, 30 + i);
          else
            trove_media_set_variant (media, i, NULL, 0, 0, 0);
        }
      trove_media_set_name (media, "name");
      g_assert_cmpstr (trove_media_get_name (media), ==, "name");
      g_assert_cmpstr (trove_media_get_message_id (media), ==, "m");
      assert_urls (media, url_sets[set]);
    }
}

/* Kept as an integer, given back as the GDateTime it was, offset included. */
static void
test_sent_at (void)
{
  static const char *const times[] = { "2024-05-31T12:00:00Z", "2024-05-31T12:00:00.250+02:00",
                                       "1969-12-31T23:59:59.5Z", "2024-02-29T23:00:00-05:30" };

  for (gsize i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr (GDateTime) expected = g_date_time_new_from_iso8601 (times[i], utc);
      TroveMediaFields fields = { .id = ID };
      g_autoptr (TroveMedia) media = NULL;
      GDateTime *sent_at;

      g_assert_true (
          trove_media_time_from_iso8601 (times[i], &fields.sent_at_us, &fields.sent_at_offset));
      fields.has_sent_at = TRUE;
      media = trove_media_new_from_fields (&fields);
      sent_at = trove_media_get_sent_at (media);
      g_assert_nonnull (sent_at);
      g_assert_true (g_date_time_equal (sent_at, expected));
      g_assert_cmpint (g_date_time_get_utc_offset (sent_at), ==,
                       g_date_time_get_utc_offset (expected));
      g_assert_true (trove_media_get_sent_at (media) == sent_at);
    }

  {
    gint64 us;
    int offset;
    g_autoptr (TroveMedia) media = trove_media_new (ID, NULL, NULL, TROVE_MEDIA_KIND_IMAGE);

    g_assert_false (trove_media_time_from_iso8601 ("yesterday", &us, &offset));
    g_assert_false (trove_media_time_from_iso8601 (NULL, &us, &offset));
    g_assert_null (trove_media_get_sent_at (media));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/fields-round-trip", test_fields_round_trip);
  g_test_add_func ("/media/setters-round-trip", test_setters_round_trip);
  g_test_add_func ("/media/sent-at", test_sent_at);

  return g_test_run ();
}
