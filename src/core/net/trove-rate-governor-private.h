/* trove-rate-governor-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-rate-governor.h"

G_BEGIN_DECLS

/* For tests: an X-RateLimit-Reset value (-1: absent) as unix seconds: a value that can only be
 * unix milliseconds is read as such, and nothing lies more than an hour after @now. */
gint64 _trove_rate_governor_reset_from_header (gint64 value, gint64 now);

G_END_DECLS
