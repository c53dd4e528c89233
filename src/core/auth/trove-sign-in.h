/* trove-sign-in.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "trove-account.h"
#include "trove-oauth.h"

G_BEGIN_DECLS

#define TROVE_TYPE_SIGN_IN (trove_sign_in_get_type ())

/* One Fanvue sign-in with the browser: its own PKCE verifier and state, the address to open in
 * the browser, then the authorization code (caught on a loopback redirect URI, or taken from
 * the address the user pastes) exchanged for tokens, which trove_sign_in_save_async() stores
 * with the account. Nothing is stored before that. */
G_DECLARE_FINAL_TYPE (TroveSignIn, trove_sign_in, TROVE, SIGN_IN, GObject)

/* @auth_base_url NULL or "": Fanvue's. Fails when the base URL is not acceptable or the system
 * gives no random bytes. */
TroveSignIn *trove_sign_in_new (TroveAccountKind kind,
                                const char *auth_base_url,
                                const char *client_id,
                                const char *client_secret,
                                const char *redirect_uri,
                                GError **error);

/* The address the browser must open. */
const char *trove_sign_in_get_authorize_url (TroveSignIn *self);
/* Whether the redirect URI is a loopback address Trove listens on; otherwise the user pastes
 * the address the browser landed on into trove_sign_in_take_landed_uri(). */
gboolean trove_sign_in_get_catches_redirect (TroveSignIn *self);
/* How long a caught redirect is waited for (0: TROVE_OAUTH_CATCH_TIMEOUT_SECONDS). */
void trove_sign_in_set_timeout (TroveSignIn *self, guint seconds);

/* Waits for the browser's answer and exchanges its code: a denied consent or a failed sign-in
 * is TROVE_ERROR_AUTHENTICATION, no answer in time G_IO_ERROR_TIMED_OUT. Listening on the
 * loopback port has begun when this returns. Without a loopback catcher only a pasted address
 * or @cancellable ends the wait: pass one. */
void trove_sign_in_wait_async (TroveSignIn *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean trove_sign_in_wait_finish (TroveSignIn *self, GAsyncResult *result, GError **error);

/* The address the user pasted, while trove_sign_in_wait_async() waits without a loopback
 * catcher: TRUE when its code is being exchanged. A wrong address fails with an error and the
 * sign-in keeps waiting; FALSE without an error when no address is awaited (a code is taken
 * once). */
gboolean trove_sign_in_take_landed_uri (TroveSignIn *self, const char *uri, GError **error);

/* After a successful wait: the app's client id and redirect URI and the OAuth method onto
 * @account, the client secret and the tokens into the keyring; the account is then ready. */
void trove_sign_in_save_async (TroveSignIn *self,
                               TroveAccount *account,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean trove_sign_in_save_finish (TroveSignIn *self, GAsyncResult *result, GError **error);

G_END_DECLS
