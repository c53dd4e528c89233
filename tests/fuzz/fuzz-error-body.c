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
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t size)
{
  g_autoptr (GBytes) body = g_bytes_new_static (data, size);
  g_autofree char *message = trove_json_error_message (body);
  g_autoptr (GPtrArray) accounts = trove_onlyfansapi_parse_accounts (body, "/api/accounts", NULL);

  return 0;
}
