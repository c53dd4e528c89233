/* trove-json.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Bodies larger than this are refused before parsing. */
#define TROVE_JSON_MAX_BYTES (16 * 1024 * 1024)
/* json-glib 1.6 has no nesting limit and crashes on deep input: checked first. */
#define TROVE_JSON_MAX_DEPTH 64

/* Parses an untrusted response body. Errors are TROVE_ERROR_PROTOCOL naming @endpoint. */
JsonNode *trove_json_parse (GBytes *body, const char *endpoint, GError **error);

/* The human message of an API error body ({message}, {error}, {errors:[...]}), or NULL. */
char *trove_json_error_message (GBytes *body);

G_END_DECLS
