/* trove-read-all.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads @stream to its end and closes it. More than @max_bytes fails with
 * G_IO_ERROR_MESSAGE_TOO_LARGE: bodies are untrusted. */
void trove_read_all_async (GInputStream *stream,
                           gsize max_bytes,
                           int io_priority,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
GBytes *trove_read_all_finish (GAsyncResult *result, GError **error);

G_END_DECLS
