/* trove-onlyfansapi-parser.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-page.h"
#include "trove-user.h"

G_BEGIN_DECLS

/* Parsers for OnlyFansAPI bodies, run in worker threads. Malformed input is a
 * TROVE_ERROR_PROTOCOL naming @endpoint and what was wrong. */

/* `/api/accounts`, bare array or {data:[...]}: TroveUser items (id acct_..., handle
 * onlyfans_username, authenticated = is_authenticated). */
GPtrArray *trove_onlyfansapi_parse_accounts (GBytes *body, const char *endpoint, GError **error);

/* `/api/{account}/chats`: TroveChat items (id = fan.id); next token is `_pagination.next_page`
 * verbatim (the provider checks its host). Records `_meta._rate_limits` and `_meta._credits`
 * on the page. */
TrovePage *trove_onlyfansapi_parse_chats (GBytes *body, const char *endpoint, GError **error);

/* `/api/{account}/chats/{chat}/media` fetched at @offset: TroveMedia items de-duplicated by
 * media id; next token is the next offset (offset + number of messages) while hasMore.
 * Also records `_meta._rate_limits` and `_meta._credits` on the page. */
TrovePage *trove_onlyfansapi_parse_media (GBytes *body,
                                          const char *endpoint,
                                          const char *chat_id,
                                          guint offset,
                                          GError **error);

G_END_DECLS
