/* fuzz-fanvue-media.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "trove-fanvue-parser.h"
#include "trove-media.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* The member named twice: the full parse keeps the last one, the peek finds the first. */
static gboolean
named_twice (const guint8 *data, size_t size, const char *name)
{
  /* A body with a NUL byte is never parsed: stopping at one is fine. */
  const char *text = (const char *) data;
  const char *first = g_strstr_len (text, size, name);

  return first != NULL && g_strstr_len (first + 1, size - (first + 1 - text), name) != NULL;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) body = g_bytes_new_static (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page = trove_fanvue_parse_media (body, "/chats/x/media", "x", &error);
  g_autofree char *peeked = trove_fanvue_peek_next_cursor (body);

  /* Either a page or a reason, never both and never neither. */
  if ((page == NULL) == (error == NULL))
    abort ();

  /* Items keep their URLs and date packed: unpacking them reads only what was packed. */
  for (guint i = 0; page != NULL && i < trove_page_get_items (page)->len; i++)
    {
      TroveMedia *media = g_ptr_array_index (trove_page_get_items (page), i);

      for (guint v = 0; v < TROVE_N_VARIANTS; v++)
        {
          const char *url = trove_media_get_variant (media, v)->url;

          if (url != NULL && strlen (url) > size)
            abort ();
        }
      trove_media_get_sent_at (media);
    }

  /* The cursor read ahead of the parse is the parsed one. */
  if (page != NULL && peeked != NULL && g_strcmp0 (peeked, trove_page_get_next_token (page)) != 0 &&
      !named_twice (data, size, "\"nextCursor\""))
    abort ();

  return 0;
}
