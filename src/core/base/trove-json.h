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

/* The value of the top-level member @name, found and parsed without parsing the whole body
 * (a hint: the full parse has the last word), or NULL. */
JsonNode *trove_json_peek_member (GBytes *body, const char *name);
/* The body's top-level object, which *@root keeps alive. */
JsonObject *
trove_json_parse_object (GBytes *body, const char *endpoint, JsonNode **root, GError **error);
/* @member of @object, which must be an array. */
JsonArray *trove_json_require_array (JsonObject *object,
                                     const char *member,
                                     const char *endpoint,
                                     GError **error);

/* The human message of an API error body ({message}, {error}, {errors:[...]}), or NULL. */
char *trove_json_error_message (GBytes *body);

/* Members of untrusted objects, NULL (or @fallback) when absent or of another type: json-glib's
 * own getters emit criticals on a type mismatch. @object may be NULL. */
const char *trove_json_get_string (JsonObject *object, const char *member);
/* A string or an integer id, as a string. */
char *trove_json_dup_id (JsonObject *object, const char *member);
gint64 trove_json_get_int (JsonObject *object, const char *member, gint64 fallback);
gboolean trove_json_get_bool (JsonObject *object, const char *member, gboolean fallback);
JsonObject *trove_json_get_object (JsonObject *object, const char *member);
JsonArray *trove_json_get_array (JsonObject *object, const char *member);
GDateTime *trove_json_get_time (JsonObject *object, const char *member);

G_END_DECLS
