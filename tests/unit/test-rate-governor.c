/* test-rate-governor.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-rate-governor-private.h"
#include "trove-rate-governor.h"

#define HOUR_MS (3600 * 1000)

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The delay of a governor told by headers that no budget is left until @reset. */
static guint
delay_for_reset (gint64 reset)
{
  g_autoptr (TroveRateGovernor) governor = trove_rate_governor_new ();
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, reset);

  soup_message_headers_replace (headers, "X-RateLimit-Limit", "200");
  soup_message_headers_replace (headers, "X-RateLimit-Remaining", "0");
  soup_message_headers_replace (headers, "X-RateLimit-Reset", text);
  trove_rate_governor_update_from_headers (governor, headers);

  return trove_rate_governor_get_delay_ms (governor);
}

/* A reset in milliseconds with no budget left: wait until then, not for weeks. */
static void
test_reset_in_milliseconds (void)
{
  guint delay = delay_for_reset ((now_s () + 30) * 1000);

  g_assert_cmpuint (delay, >, 25 * 1000);
  g_assert_cmpuint (delay, <=, 30 * 1000);
}

/* Unix seconds, as documented, still work. */
static void
test_reset_in_seconds (void)
{
  guint delay = delay_for_reset (now_s () + 30);

  g_assert_cmpuint (delay, >, 25 * 1000);
  g_assert_cmpuint (delay, <=, 30 * 1000);
}

/* However far the header says, never more than an hour. */
static void
test_reset_capped_at_an_hour (void)
{
  g_assert_cmpuint (delay_for_reset (now_s () + 10 * 24 * 3600), <=, HOUR_MS);
  g_assert_cmpuint (delay_for_reset (now_s () + 10 * 24 * 3600), >, HOUR_MS - 5000);
  g_assert_cmpuint (delay_for_reset ((now_s () + 10 * 24 * 3600) * 1000), <=, HOUR_MS);
  g_assert_cmpuint (delay_for_reset (G_MAXINT64 / 2), <=, HOUR_MS);
}

/* The pure reading of the header value. */
static void
test_reset_from_header (void)
{
  gint64 now = 1767225600; /* 2026-01-01 */

  g_assert_cmpint (_trove_rate_governor_reset_from_header (-1, now), ==, -1);
  g_assert_cmpint (_trove_rate_governor_reset_from_header (now + 59, now), ==, now + 59);
  g_assert_cmpint (_trove_rate_governor_reset_from_header ((now + 59) * 1000 + 999, now), ==,
                   now + 59);
  g_assert_cmpint (_trove_rate_governor_reset_from_header ((now + 59) * 1000000, now), ==,
                   now + 3600);
  g_assert_cmpint (_trove_rate_governor_reset_from_header (now + 3601, now), ==, now + 3600);
  g_assert_cmpint (_trove_rate_governor_reset_from_header (G_MAXINT64, now), ==, now + 3600);
  /* A time already past stays past: the caller falls back on its own window. */
  g_assert_cmpint (_trove_rate_governor_reset_from_header (now - 10, now), ==, now - 10);
  g_assert_cmpint (_trove_rate_governor_reset_from_header ((now - 10) * 1000, now), ==, now - 10);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rate-governor/reset-in-milliseconds", test_reset_in_milliseconds);
  g_test_add_func ("/rate-governor/reset-in-seconds", test_reset_in_seconds);
  g_test_add_func ("/rate-governor/reset-capped-at-an-hour", test_reset_capped_at_an_hour);
  g_test_add_func ("/rate-governor/reset-from-header", test_reset_from_header);

  return g_test_run ();
}
