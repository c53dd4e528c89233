/* trove-oauth-redirect.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long trove_oauth_catch_redirect_async() waits for the browser by default. */
#define TROVE_OAUTH_CATCH_TIMEOUT_SECONDS (5 * 60)

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
gboolean trove_oauth_redirect_is_loopback (const char *redirect_uri, guint16 *port);

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
char *trove_oauth_catch_redirect_finish (GAsyncResult *result, GError **error);

G_END_DECLS
