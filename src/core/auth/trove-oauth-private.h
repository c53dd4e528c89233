/* trove-oauth-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The steps of trove-oauth.c that tests check on their own.
 */

#pragma once

#include "trove-oauth.h"

G_BEGIN_DECLS

/* Base64url without padding (RFC 4648 section 5). */
char *_trove_oauth_base64url (const guint8 *data, gsize length);

/* Interprets the token endpoint's answer. */
TroveOAuthTokens *_trove_oauth_parse_token_response (guint status, GBytes *body, GError **error);

G_END_DECLS
