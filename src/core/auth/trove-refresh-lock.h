/* trove-refresh-lock.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The per-account lock between processes: a file under $XDG_RUNTIME_DIR (or the user cache
 * folder) held with flock() while a refresh or a save of an account's tokens runs. It also
 * records when the stored access token expires: another process may not see this one's
 * settings yet (dconf and the keyfile backend tell others later). The kernel drops the lock
 * with the process. Two holders in one process exclude each other too. */
typedef struct _TroveRefreshLock TroveRefreshLock;

/* Takes @account_id's lock, waiting (on the main context, polling) while another process or
 * object holds it. Where no lock file can be used, the lock orders nothing. */
void trove_refresh_lock_acquire_async (const char *account_id,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
TroveRefreshLock *trove_refresh_lock_acquire_finish (GAsyncResult *result, GError **error);
/* Lets the lock go. */
void trove_refresh_lock_free (TroveRefreshLock *lock);

/* The expiry (seconds since 1970) recorded with the lock; 0 when nothing is recorded. */
gint64 trove_refresh_lock_get_expires (TroveRefreshLock *lock);
void trove_refresh_lock_set_expires (TroveRefreshLock *lock, gint64 expires);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TroveRefreshLock, trove_refresh_lock_free)

G_END_DECLS
