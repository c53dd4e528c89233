/* trove-static-credentials.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-credentials.h"

G_BEGIN_DECLS

#define TROVE_TYPE_STATIC_CREDENTIALS (trove_static_credentials_get_type ())

/* A fixed token (an API key, a pasted access token, TROVE_TOKEN): nothing to refresh. */
G_DECLARE_FINAL_TYPE (TroveStaticCredentials,
                      trove_static_credentials,
                      TROVE,
                      STATIC_CREDENTIALS,
                      GObject)

TroveCredentials *trove_static_credentials_new (const char *token);

G_END_DECLS
