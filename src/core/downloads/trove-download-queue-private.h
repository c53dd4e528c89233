/* trove-download-queue-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-download-link.h"
#include "trove-download-queue.h"

G_BEGIN_DECLS

/* For tests: the first delay before a retry, for the jobs added afterwards. */
void _trove_download_queue_set_backoff_base_ms (TroveDownloadQueue *self, guint base_ms);

/* For tests: what makes hard links (link(2) by default), for the jobs linked afterwards. */
void _trove_download_queue_set_link_func (TroveDownloadQueue *self, TroveLinkFunc link_func);

G_END_DECLS
