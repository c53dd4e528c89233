/* trove-oauth.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Fanvue's sign-in: OAuth 2.0 authorization code with PKCE S256 (RFC 6749, RFC 7636). */

#define TROVE_OAUTH_SCOPE "openid offline_access offline read:self read:chat"
#define TROVE_OAUTH_AGENCY_SCOPE TROVE_OAUTH_SCOPE " read:creator"

/* How long trove_oauth_catch_redirect_async() waits for the browser by default. */
#define TROVE_OAUTH_CATCH_TIMEOUT_SECONDS (5 * 60)

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

/* Base64url without padding (RFC 4648 section 5). */
char *trove_oauth_base64url (const guint8 *data, gsize length);
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

/* Checks the URL the browser landed on: same origin and path as @expected_redirect, the same
 * state, no error, a code. Errors are TROVE_ERROR_AUTHENTICATION or TROVE_ERROR_BAD_REQUEST
 * with a message for the user. */
gboolean trove_oauth_parse_redirect (const char *uri,
                                     const char *expected_redirect,
                                     const char *expected_state,
                                     char **code,
                                     GError **error);

/* Whether @redirect_uri is http://127.0.0.1:PORT/… , http://[::1]:PORT/… or
 * http://localhost:PORT/… with an explicit port, so that Trove can catch the redirect. */
gboolean trove_oauth_redirect_is_loopback (const char *redirect_uri,
                                           guint16 *port);

/* Listens on the loopback port of @redirect_uri (already when this returns) and answers the
 * browser's redirect with a short page; finishes with the authorization code, or the error the
 * answer carries. A request without @expected_state is not the answer: it gets 400 and the
 * catcher keeps waiting. Fails with
 * G_IO_ERROR_TIMED_OUT after @timeout_seconds (0: the default). */
void trove_oauth_catch_redirect_async (const char *redirect_uri,
                                       const char *expected_state,
                                       guint timeout_seconds,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
char *trove_oauth_catch_redirect_finish (GAsyncResult *result,
                                         GError **error);

/* Interprets the token endpoint's answer. */
TroveOAuthTokens *trove_oauth_parse_token_response (guint status,
                                                    GBytes *body,
                                                    GError **error);

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
TroveOAuthTokens *trove_oauth_exchange_code_finish (GAsyncResult *result,
                                                    GError **error);

void trove_oauth_refresh_async (SoupSession *session,
                                const char *auth_base_url,
                                const char *client_id,
                                const char *client_secret,
                                const char *refresh_token,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
TroveOAuthTokens *trove_oauth_refresh_finish (GAsyncResult *result,
                                              GError **error);

G_END_DECLS
