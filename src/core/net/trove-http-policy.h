/* trove-http-policy.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The rules every request keeps, apart from the session that sends it: credentials go only to
 * the account's API origin, redirects never downgrade to plain http (except to loopback), and a
 * failed response becomes a TroveError that says what to do (401: reconnect, 410: update Trove,
 * 429: wait as Retry-After asks). */

/* libsoup 3.2 has no name for it. */
#define TROVE_HTTP_STATUS_TOO_MANY_REQUESTS 429

/* Same scheme, host and port: where credentials may go. */
gboolean trove_http_same_origin (GUri *a, GUri *b);
/* Whether a redirect from @from may be followed to @to: https, or plain http to a loopback host
 * only. Otherwise FALSE with TROVE_ERROR_PROTOCOL ("Insecure link refused: ..."). */
gboolean trove_http_check_redirect (GUri *from, GUri *to, GError **error);

/* Seconds from @message's Retry-After header (delta-seconds or an HTTP date), or -1. */
gint64 trove_http_retry_after_seconds (SoupMessage *message);

/* The TroveError for @message's failed response; @body (may be NULL) is what the service said.
 * @on_api_host: the request went to the account's API host (a 403/404 elsewhere is an expired
 * media link). */
GError *trove_http_error_for_response (SoupMessage *message, gboolean on_api_host, GBytes *body);

G_END_DECLS
