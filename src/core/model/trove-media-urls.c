/* trove-media-urls.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "trove-media-urls.h"

/* The layout: one byte with a bit for each variant that has a URL, then for each such URL its
 * encoded length (LEB128) and its encoded bytes, in which a few byte values are operations. */
enum
{
  OP_PREFIX = 1,  /* + length: the first bytes of the previous URL (only first) */
  OP_ID = 2,      /* the item's id */
  OP_HEX = 3,     /* + count + count/2 rounded up bytes: lowercase hex digits, two a byte */
  OP_LITERAL = 4, /* + byte: a byte that is one of these values */
};

#define MIN_PREFIX 4
#define MIN_HEX 16
#define MAX_RUN 255

static gboolean
is_hex (char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static guint8
nibble (char c)
{
  return c <= '9' ? c - '0' : c - 'a' + 10;
}

gsize
trove_media_urls_bound (const char *const *urls, guint n_urls)
{
  gsize bound = 1;

  /* Escapes at worst double a URL; then its length and a prefix. */
  for (guint i = 0; i < n_urls; i++)
    if (urls[i] != NULL)
      bound += 10 + 2 + 2 * strlen (urls[i]);

  return bound;
}

static gsize
put_length (guint8 *out, gsize length)
{
  gsize n = 0;

  do
    {
      out[n] = (length & 0x7f) | (length > 0x7f ? 0x80 : 0);
      length >>= 7;
      n++;
    }
  while (length > 0);

  return n;
}

static gsize
get_length (const guint8 *data, gsize *length)
{
  gsize n = 0;
  guint shift = 0;

  *length = 0;
  do
    {
      *length |= (gsize) (data[n] & 0x7f) << shift;
      shift += 7;
    }
  while (data[n++] & 0x80);

  return n;
}

/* Encodes @url after a prefix already taken; returns the bytes written. */
static gsize
encode_rest (guint8 *out, const char *url, const char *id, gsize id_length)
{
  gsize n = 0;
  const char *found_id = id_length > 2 ? strstr (url, id) : NULL;

  for (const char *p = url; *p != '\0';)
    {
      const char *stop = found_id != NULL && found_id > p ? found_id : NULL;
      gsize run = 0;

      if (p == found_id)
        {
          out[n++] = OP_ID;
          p += id_length;
          continue;
        }

      while (run < MAX_RUN && is_hex (p[run]) && (stop == NULL || p + run < stop))
        run++;
      if (run >= MIN_HEX)
        {
          out[n++] = OP_HEX;
          out[n++] = (guint8) run;
          for (gsize i = 0; i < run; i += 2)
            out[n++] = (guint8) (nibble (p[i]) << 4 | (i + 1 < run ? nibble (p[i + 1]) : 0));
          p += run;
          continue;
        }

      if ((guint8) *p <= OP_LITERAL)
        out[n++] = OP_LITERAL;
      out[n++] = (guint8) *p++;
    }

  return n;
}

gsize
trove_media_urls_encode (guint8 *out, const char *id, const char *const *urls, guint n_urls)
{
  gsize id_length = strlen (id);
  const char *previous = NULL;
  gsize n = 1;

  out[0] = 0;
  for (guint i = 0; i < n_urls; i++)
    {
      const char *url = urls[i];
      /* Encoded past the room its length may take, then moved down next to it. */
      guint8 *body = out + n + 10;
      gsize prefix = 0, length = 0;

      if (url == NULL)
        continue;

      out[0] |= 1 << i;
      while (previous != NULL && prefix < MAX_RUN && url[prefix] != '\0' &&
             url[prefix] == previous[prefix])
        prefix++;
      if (prefix >= MIN_PREFIX)
        {
          body[length++] = OP_PREFIX;
          body[length++] = (guint8) prefix;
        }
      else
        prefix = 0;

      length += encode_rest (body + length, url + prefix, id, id_length);
      n += put_length (out + n, length);
      memmove (out + n, body, length);
      n += length;
      previous = url;
    }

  return n;
}

static void
decode_one (GString *url, const guint8 *data, gsize length, const char *id, const char *previous)
{
  for (gsize i = 0; i < length;)
    {
      switch (data[i])
        {
        case OP_PREFIX:
          g_string_append_len (url, previous, MIN (data[i + 1], strlen (previous)));
          i += 2;
          break;

        case OP_ID:
          g_string_append (url, id);
          i++;
          break;

        case OP_HEX:
          {
            static const char digits[] = "0123456789abcdef";
            gsize count = data[i + 1];

            i += 2;
            for (gsize j = 0; j < count; j++)
              g_string_append_c (url,
                                 digits[j % 2 == 0 ? data[i + j / 2] >> 4 : data[i + j / 2] & 0xf]);
            i += (count + 1) / 2;
          }
          break;

        case OP_LITERAL:
          g_string_append_c (url, (char) data[i + 1]);
          i += 2;
          break;

        default:
          g_string_append_c (url, (char) data[i]);
          i++;
        }
    }
}

void
trove_media_urls_decode (const guint8 *data, const char *id, char **urls, guint n_urls)
{
  const char *previous = NULL;
  guint8 present = data[0];
  gsize n = 1;

  for (guint i = 0; i < n_urls; i++)
    {
      GString *url;
      gsize length;

      urls[i] = NULL;
      if (!(present & (1 << i)))
        continue;

      n += get_length (data + n, &length);
      url = g_string_new (NULL);
      decode_one (url, data + n, length, id, previous);
      n += length;
      urls[i] = g_string_free (url, FALSE);
      previous = urls[i];
    }
}
