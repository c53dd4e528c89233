/* trove-file-tree.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A folder tree on disk (the thumbnail cache) measured or deleted in a worker thread, so that
 * a large one never holds up the main loop. Symbolic links are neither followed nor counted
 * beyond themselves; a missing folder measures 0 bytes and is deleted without error. */

void trove_file_tree_measure_async (GFile *dir,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
/* The bytes of every file in the tree. */
guint64 trove_file_tree_measure_finish (GAsyncResult *result, GError **error);

/* Deletes @dir and everything in it; what cannot be deleted stays, without error. */
void trove_file_tree_delete_async (GFile *dir,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
gboolean trove_file_tree_delete_finish (GAsyncResult *result, GError **error);

G_END_DECLS
