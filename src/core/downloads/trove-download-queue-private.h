/* trove-download-queue-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-download-queue.h"

G_BEGIN_DECLS

/* For tests: the first delay before a retry, for the jobs added afterwards. */
void _trove_download_queue_set_backoff_base_ms (TroveDownloadQueue *self, guint base_ms);

G_END_DECLS
