/* fuzz-oauth-redirect.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The address a user pastes after signing in: whatever it is, a code or a readable error.
 */

#include "config.h"

#include "trove-oauth.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *uri = g_strndup ((const char *) data, size);
  g_autofree char *code = NULL;
  g_autoptr (GError) error = NULL;
  guint16 port = 0;

  if (trove_oauth_parse_redirect (uri, "http://127.0.0.1:53682/callback", "state-1234", &code,
                                  &error))
    {
      if (code == NULL || *code == '\0' || error != NULL)
        abort ();
    }
  else if (error == NULL || error->message == NULL || *error->message == '\0' || code != NULL)
    abort ();

  if (trove_oauth_redirect_is_loopback (uri, &port) && port == 0)
    abort ();

  return 0;
}
