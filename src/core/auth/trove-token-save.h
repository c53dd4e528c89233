/* trove-token-save.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-account.h"
#include "trove-oauth.h"
#include "trove-refresh-lock.h"

G_BEGIN_DECLS

/* Stores an account's tokens in the keyring: the refresh token first (when there is one), then
 * the access token, then its expiry, in the lock file and the account's settings. Under @lock,
 * which the caller holds and keeps; NULL: the save takes the account's lock itself. */
void trove_token_save_async (TroveAccount *account,
                             TroveRefreshLock *lock,
                             const char *refresh_token,
                             const char *access_token,
                             gint64 expires,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
/* @out_refresh_token_saved: whether the refresh token reached the keyring, also on failure. */
gboolean
trove_token_save_finish (GAsyncResult *result, gboolean *out_refresh_token_saved, GError **error);

/* When tokens just received expire, in seconds since 1970; 0 when they do not say. */
gint64 trove_token_save_expiry_of (const TroveOAuthTokens *tokens);

G_END_DECLS
