/* trove-download-archive-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-download-archive.h"

G_BEGIN_DECLS

/* For tests: how many downloads of @account_id are recorded. */
guint _trove_download_archive_count (TroveDownloadArchive *self, const char *account_id);

G_END_DECLS
