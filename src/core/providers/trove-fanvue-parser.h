/* trove-fanvue-parser.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-page.h"
#include "trove-user.h"

G_BEGIN_DECLS

/* Parsers for the bodies of Fanvue's creator and agency API (`/users/me`, `/creators`, `/chats`,
 * `/chats/{id}/media` and their `/creators/{id}/...` forms). They run in worker threads and
 * report malformed input (missing fields, wrong types, unknown values) as TROVE_ERROR_PROTOCOL,
 * naming @endpoint and what was wrong; nullable fields may be null or absent. */

TroveUser *trove_fanvue_parse_user (GBytes *body, const char *endpoint, GError **error);

/* `/creators`: TroveUser items; next token is the next page number when hasMore. */
TrovePage *
trove_fanvue_parse_creators (GBytes *body, const char *endpoint, guint page, GError **error);

/* `/chats`: TroveChat items (id = user.uuid); next token is the next page number when hasMore. */
TrovePage *
trove_fanvue_parse_chats (GBytes *body, const char *endpoint, guint page, GError **error);

/* `/chats/{id}/media`: TroveMedia items; next token is nextCursor. */
/* The next page's token, read ahead of the full parse (a hint: the parsed page has the last
 * word), or NULL. */
char *trove_fanvue_peek_next_page (GBytes *body, guint page);
char *trove_fanvue_peek_next_cursor (GBytes *body);
TrovePage *
trove_fanvue_parse_media (GBytes *body, const char *endpoint, const char *chat_id, GError **error);

G_END_DECLS
