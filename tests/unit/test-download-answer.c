/* test-download-answer.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pure parts of a download: Content-Range values, what an answer to a resumed request
 * is, and which links a file may come from.
 */

#include "config.h"

#include "trove-download-private.h"

static void
test_parses_content_range (void)
{
  struct
  {
    const char *header;
    gboolean valid;
    gint64 start, end, total;
  } cases[] = {
    { "bytes 0-99/100", TRUE, 0, 99, 100 },
    { "bytes 100-199/200", TRUE, 100, 199, 200 },
    { "BYTES 5-5/6", TRUE, 5, 5, 6 },
    { "bytes 100-199/*", TRUE, 100, 199, -1 },
    { "bytes 9223372036854775806-9223372036854775806/9223372036854775807", TRUE, G_MAXINT64 - 1,
      G_MAXINT64 - 1, G_MAXINT64 },
    { "bytes */200", FALSE },
    { "bytes 100-99/200", FALSE },
    { "bytes 100-200/200", FALSE },
    { "bytes 0-0/0", FALSE },
    { "bytes -1-5/10", FALSE },
    { "bytes 1-5/10 ", FALSE },
    { "bytes 1-5/10,20-30/40", FALSE },
    { "bytes 1-/10", FALSE },
    { "bytes 1-5", FALSE },
    { "items 1-5/10", FALSE },
    { "bytes 99999999999999999999-99999999999999999999/99999999999999999999", FALSE },
    { "", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 start = -7, end = -7, total = -7;
      gboolean valid = _trove_download_parse_content_range (cases[i].header, &start, &end, &total);

      g_test_message ("%s", cases[i].header ? cases[i].header : "(null)");
      g_assert_cmpint (valid, ==, cases[i].valid);
      if (!valid)
        continue;
      g_assert_cmpint (start, ==, cases[i].start);
      g_assert_cmpint (end, ==, cases[i].end);
      g_assert_cmpint (total, ==, cases[i].total);
    }
}

static void
test_checks_the_answer (void)
{
  struct
  {
    guint status;
    const char *content_range;
    gint64 length, requested, known;
    TroveDownloadAnswer answer;
    gint64 total;
  } cases[] = {
    /* The rest from the offset asked for. */
    { SOUP_STATUS_PARTIAL_CONTENT, "bytes 1000-4999/5000", 4000, 1000, -1,
      TROVE_DOWNLOAD_ANSWER_APPEND, 5000 },
    { SOUP_STATUS_PARTIAL_CONTENT, "bytes 1000-4999/5000", -1, 1000, 5000,
      TROVE_DOWNLOAD_ANSWER_APPEND, 5000 },
    /* Another start, none at all, a total that contradicts what is known. */
    { SOUP_STATUS_PARTIAL_CONTENT, "bytes 500-4999/5000", 4500, 1000, -1,
      TROVE_DOWNLOAD_ANSWER_REFUSED, -1 },
    { SOUP_STATUS_PARTIAL_CONTENT, "bytes 2000-4999/5000", 3000, 1000, -1,
      TROVE_DOWNLOAD_ANSWER_REFUSED, -1 },
    { SOUP_STATUS_PARTIAL_CONTENT, NULL, 4000, 1000, -1, TROVE_DOWNLOAD_ANSWER_REFUSED, -1 },
    { SOUP_STATUS_PARTIAL_CONTENT, "garbage", 4000, 1000, -1, TROVE_DOWNLOAD_ANSWER_REFUSED, -1 },
    { SOUP_STATUS_PARTIAL_CONTENT, "bytes 1000-5999/6000", 5000, 1000, 5000,
      TROVE_DOWNLOAD_ANSWER_REFUSED, -1 },
    /* Not up to the end, an unknown total, a length that disagrees with the range. */
    { SOUP_STATUS_PARTIAL_CONTENT, "bytes 1000-1999/5000", 1000, 1000, -1,
      TROVE_DOWNLOAD_ANSWER_REFUSED, -1 },
    { SOUP_STATUS_PARTIAL_CONTENT, "bytes 1000-4999/*", 4000, 1000, -1,
      TROVE_DOWNLOAD_ANSWER_REFUSED, -1 },
    { SOUP_STATUS_PARTIAL_CONTENT, "bytes 1000-4999/5000", 3999, 1000, -1,
      TROVE_DOWNLOAD_ANSWER_REFUSED, -1 },
    /* The whole file: a server that ignores Range, or no Range asked. */
    { SOUP_STATUS_OK, NULL, 5000, 1000, 5000, TROVE_DOWNLOAD_ANSWER_WHOLE, 5000 },
    { SOUP_STATUS_OK, NULL, -1, 0, -1, TROVE_DOWNLOAD_ANSWER_WHOLE, -1 },
    { SOUP_STATUS_PARTIAL_CONTENT, "bytes 0-4999/5000", 5000, 0, -1, TROVE_DOWNLOAD_ANSWER_WHOLE,
      5000 },
    { SOUP_STATUS_PARTIAL_CONTENT, "bytes 10-4999/5000", 4990, 0, -1, TROVE_DOWNLOAD_ANSWER_REFUSED,
      -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 total = -7;
      TroveDownloadAnswer answer =
          _trove_download_check_answer (cases[i].status, cases[i].content_range, cases[i].length,
                                        cases[i].requested, cases[i].known, &total);

      g_test_message ("case %u", i);
      g_assert_cmpint (answer, ==, cases[i].answer);
      if (answer != TROVE_DOWNLOAD_ANSWER_REFUSED)
        g_assert_cmpint (total, ==, cases[i].total);
    }
}

static void
test_insecure_links (void)
{
  struct
  {
    const char *api;
    const char *link;
    gboolean secure;
  } cases[] = {
    { "https://api.fanvue.com", "https://media.fanvue.com/x", TRUE },
    { "https://api.fanvue.com", "http://media.fanvue.com/x", FALSE },
    { "https://app.onlyfansapi.com", "HTTP://cdn.example.com/x", FALSE },
    { "https://api.fanvue.com", "ftp://media.fanvue.com/x", FALSE },
    /* Loopback test servers stay allowed. */
    { "https://api.fanvue.com", "http://127.0.0.1:8080/x", TRUE },
    { "https://api.fanvue.com", "http://localhost:8080/x", TRUE },
    { "https://api.fanvue.com", "http://[::1]:8080/x", TRUE },
    { "http://127.0.0.1:9000", "http://127.0.0.1:9001/m/x", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GUri) link = g_uri_parse (cases[i].link, G_URI_FLAGS_NONE, NULL);

      g_test_message ("%s from %s", cases[i].link, cases[i].api);
      g_assert_cmpint (_trove_download_link_is_secure (cases[i].api, link), ==, cases[i].secure);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/download-answer/parses-content-range", test_parses_content_range);
  g_test_add_func ("/download-answer/checks-the-answer", test_checks_the_answer);
  g_test_add_func ("/download-answer/insecure-links", test_insecure_links);

  return g_test_run ();
}
