/* fuzz-error-body.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-json.h"
#include "trove-onlyfansapi-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) body = g_bytes_new_static (data, size);
  g_autofree char *message = trove_json_error_message (body);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) accounts = trove_onlyfansapi_parse_accounts (body, "/api/accounts", &error);

  /* A message, when there is one, is readable text; accounts come with no error, or none with one.
   */
  if ((message != NULL && (*message == '\0' || !g_utf8_validate (message, -1, NULL))) ||
      (accounts == NULL) == (error == NULL))
    abort ();

  return 0;
}
