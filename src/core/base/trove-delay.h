/* trove-delay.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Completes after @ms milliseconds, or at once with G_IO_ERROR_CANCELLED when @cancellable
 * is cancelled meanwhile. */
void trove_delay_async (guint ms,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data);
gboolean trove_delay_finish (GAsyncResult *result, GError **error);

/* Exponential backoff from @base_ms with jitter for the attempt'th retry (0-based), in ms. */
guint trove_delay_backoff_ms (guint base_ms, guint attempt);

G_END_DECLS
