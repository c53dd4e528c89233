/* trove-download-link.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* link(2) or a stand-in (tests make it refuse). */
typedef int (*TroveLinkFunc) (const char *from, const char *to);

/* Fills a place from a file already there, in a worker thread: a hard link to @source under
 * the first free name of @wanted ("name (2).ext", ...; never over a file), or, where the folder
 * refuses links (another file system, EPERM, EMLINK), a copy written to "<wanted>.part" and
 * renamed only when whole. @link_func NULL: link(2). */
void trove_download_link_async (const char *source,
                                GFile *wanted,
                                TroveLinkFunc link_func,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
/* The file under its final name; @copied: a copy, since links were refused. */
GFile *trove_download_link_finish (GAsyncResult *result, gboolean *copied, GError **error);

/* Replaces @fresh, a file just downloaded, by a hard link to @older when both hold the same
 * bytes (compared, not assumed); leaves it as it is otherwise or when links are refused.
 * Blocking: for worker threads. TRUE when replaced. */
gboolean
trove_download_link_same_bytes (const char *fresh, const char *older, TroveLinkFunc link_func);

G_END_DECLS
