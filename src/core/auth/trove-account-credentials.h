/* trove-account-credentials.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "trove-account.h"
#include "trove-credentials.h"
#include "trove-oauth.h"

G_BEGIN_DECLS

/* Access tokens are renewed this long before they expire. */
#define TROVE_ACCOUNT_CREDENTIALS_REFRESH_MARGIN_SECONDS 60

#define TROVE_TYPE_ACCOUNT_CREDENTIALS (trove_account_credentials_get_type ())

/* An account's token: the override trove-cli set from TROVE_TOKEN for the account it was run
 * for (for scripts; nothing is stored), otherwise the secret in the Secret Service: the API key
 * (OnlyFansAPI) or the access token (Fanvue). A Fanvue OAuth access token is renewed with the
 * refresh token shortly before it expires and after a 401, and the rotated refresh token is
 * stored before the new access token is handed out. A refused refresh puts the account in
 * needs-reconnect.
 *
 * Refresh tokens are single use, so an account is refreshed once at a time: one credentials
 * object serves every request of an account in a process (TroveAccountContext keeps it; each
 * trove_account_credentials_new_with_session () makes a new one), and between processes, and
 * between objects, a refresh holds the account's lock file (see trove-refresh-lock.h), then reads
 * the keyring again and takes a token another process stored meanwhile instead of refreshing. Every
 * waiting caller gets the new token. When the keyring refuses the renewed tokens they are used and
 * kept in memory, saving is retried, and the account's notice says so; a retry first reads the
 * keyring, and when it holds tokens stored after the renewal (a sign-in, in this process or
 * another) those win and the renewed ones are dropped. When the account's expiry
 * changes (a sign-in stored new tokens), the next request reads the keyring again. */
G_DECLARE_FINAL_TYPE (TroveAccountCredentials,
                      trove_account_credentials,
                      TROVE,
                      ACCOUNT_CREDENTIALS,
                      GObject)

/* Refreshes through @session, or the default HTTP client's when NULL. */
TroveCredentials *trove_account_credentials_new_with_session (TroveAccount *account,
                                                              SoupSession *session);

/* From now on in this process, @token is the token of the account @account_id and of no other
 * (trove-cli's TROVE_TOKEN for --account). NULL clears it. */
void trove_account_credentials_set_token_override (const char *account_id, const char *token);

/* Which secret the account's requests carry (TROVE_SECRET_API_KEY or _ACCESS_TOKEN). */
const char *trove_account_credentials_secret_kind (TroveAccount *account);

/* Stores the tokens of a sign-in or refresh, under the account's lock: the refresh token
 * first, then the access token, then its expiry in the account's settings (from which the
 * account's credentials learn to read the keyring again). */
void trove_account_credentials_save_tokens_async (TroveAccount *account,
                                                  const TroveOAuthTokens *tokens,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data);
gboolean trove_account_credentials_save_tokens_finish (GAsyncResult *result, GError **error);

G_END_DECLS
