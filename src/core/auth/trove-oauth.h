/* trove-oauth.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "trove-oauth-redirect.h"

G_BEGIN_DECLS

/* Fanvue's sign-in: OAuth 2.0 authorization code with PKCE S256 (RFC 6749, RFC 7636). */

#define TROVE_OAUTH_SCOPE "openid offline_access offline read:self read:chat"
#define TROVE_OAUTH_AGENCY_SCOPE TROVE_OAUTH_SCOPE " read:creator"

typedef struct
{
  char *access_token;
  char *refresh_token; /* NULL when the server sent none */
  gint64 expires_in;   /* seconds; 0 when the server did not say */
  char *token_type;
  char *scope; /* NULL when the server did not say */
} TroveOAuthTokens;

#define TROVE_TYPE_OAUTH_TOKENS (trove_oauth_tokens_get_type ())

GType trove_oauth_tokens_get_type (void);
TroveOAuthTokens *trove_oauth_tokens_copy (const TroveOAuthTokens *tokens);
void trove_oauth_tokens_free (TroveOAuthTokens *tokens);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TroveOAuthTokens, trove_oauth_tokens_free)

/* 32 bytes from the system's random source, base64url (43 characters). */
char *trove_oauth_new_verifier (GError **error);
/* 16 bytes from the system's random source, base64url. */
char *trove_oauth_new_state (GError **error);
/* base64url (SHA-256 (@verifier)) */
char *trove_oauth_compute_challenge (const char *verifier);

/* <auth_base>/oauth2/auth?response_type=code&client_id=…&redirect_uri=…&scope=…&state=…
 * &code_challenge=…&code_challenge_method=S256 */
char *trove_oauth_build_authorize_url (const char *auth_base_url,
                                       const char *client_id,
                                       const char *redirect_uri,
                                       const char *scope,
                                       const char *state,
                                       const char *code_challenge);

/* POST <auth_base>/oauth2/token, client credentials as HTTP Basic. A refused grant
 * (invalid_grant) or client (invalid_client) is TROVE_ERROR_AUTHENTICATION. A code is sent
 * once per process: exchanging it again fails at once with TROVE_ERROR_BAD_REQUEST. */
void trove_oauth_exchange_code_async (SoupSession *session,
                                      const char *auth_base_url,
                                      const char *client_id,
                                      const char *client_secret,
                                      const char *code,
                                      const char *redirect_uri,
                                      const char *code_verifier,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
TroveOAuthTokens *trove_oauth_exchange_code_finish (GAsyncResult *result, GError **error);

void trove_oauth_refresh_async (SoupSession *session,
                                const char *auth_base_url,
                                const char *client_id,
                                const char *client_secret,
                                const char *refresh_token,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
TroveOAuthTokens *trove_oauth_refresh_finish (GAsyncResult *result, GError **error);

G_END_DECLS
