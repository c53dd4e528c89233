/* fuzz-content-range.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Content-Range values and the answers they come with, however hostile: a part is appended
 * only when it is exactly the rest of the file from the offset asked for, and what libsoup
 * writes for a range reads back the same.
 */

#include "config.h"

#include <libsoup/soup.h>

#include "trove-download-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static gint64
take_number (const guint8 **data, size_t *size)
{
  gint64 value = 0;

  /* Four bytes, signed, so that -1 (unknown) and values near the limits all come up. */
  for (guint i = 0; i < 4 && *size > 0; i++, (*data)++, (*size)--)
    value = (value << 8) | **data;
  return (gint32) value;
}

static void
check_parse (const char *header)
{
  gint64 start = -2, end = -2, total = -2;

  if (!_trove_download_parse_content_range (header, &start, &end, &total))
    return;
  if (start < 0 || end < start || total < -1 || (total >= 0 && end >= total))
    abort ();
}

static void
check_round_trip (gint64 start, gint64 end, gint64 total)
{
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  gint64 got_start, got_end, got_total;
  gboolean valid = start >= 0 && end >= start && (total == -1 || total > end);

  if (!valid)
    return;
  soup_message_headers_set_content_range (headers, start, end, total);
  if (!_trove_download_parse_content_range (soup_message_headers_get_one (headers, "Content-Range"),
                                            &got_start, &got_end, &got_total) ||
      got_start != start || got_end != end || got_total != total)
    abort ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  gint64 requested, known_total, length, total = -2, start, end, size_said;
  guint status;
  const guint8 *newline;
  g_autofree char *header = NULL;
  TroveDownloadAnswer answer;

  /* Four numbers (offset asked for, size known, Content-Length, status), then the header. */
  requested = take_number (&data, &size);
  known_total = take_number (&data, &size);
  length = take_number (&data, &size);
  status = (guint) take_number (&data, &size) % 600;
  newline = memchr (data, '\n', size);
  header = g_strndup ((const char *) data, newline ? (gsize) (newline - data) : size);

  check_parse (header);
  check_round_trip (requested, known_total, length);
  check_round_trip (requested, length, -1);

  if (requested < 0)
    requested = 0;
  if (known_total < -1)
    known_total = -1;
  if (length < -1)
    length = -1;

  answer = _trove_download_check_answer (status, header, length, requested, known_total, &total);
  switch (answer)
    {
    case TROVE_DOWNLOAD_ANSWER_APPEND:
      if (status != SOUP_STATUS_PARTIAL_CONTENT || requested == 0 ||
          !_trove_download_parse_content_range (header, &start, &end, &size_said) ||
          start != requested || end != size_said - 1 || total != size_said ||
          (known_total >= 0 && total != known_total) || (length >= 0 && length != end - start + 1))
        abort ();
      break;

    case TROVE_DOWNLOAD_ANSWER_WHOLE:
      if (status == SOUP_STATUS_PARTIAL_CONTENT && requested != 0)
        abort ();
      break;

    case TROVE_DOWNLOAD_ANSWER_REFUSED:
      if (status != SOUP_STATUS_PARTIAL_CONTENT)
        abort ();
      break;

    default:
      abort ();
    }

  return 0;
}
