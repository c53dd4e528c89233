/* trove-http-client-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-http-client.h"

G_BEGIN_DECLS

/* For tests: the first retry waits about this long, each next one twice as long. */
void _trove_http_client_set_backoff_base_ms (TroveHttpClient *self, guint base_ms);

G_END_DECLS
