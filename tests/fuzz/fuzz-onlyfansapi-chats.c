/* fuzz-onlyfansapi-chats.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-onlyfansapi-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) body = g_bytes_new_static (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page = trove_onlyfansapi_parse_chats (body, "/api/a/chats", &error);

  /* Either a page or a reason, never both and never neither. */
  if ((page == NULL) == (error == NULL))
    abort ();

  return 0;
}
