/* trove-json.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-error.h"
#include "trove-json.h"

/* Deepest nesting of arrays and objects, counted outside strings. */
static gsize
nesting_depth (const char *data, gsize length)
{
  gsize depth = 0, deepest = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          depth++;
          deepest = MAX (deepest, depth);
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return deepest;
}

/* Index just past the string that starts at @i (on its opening quote), or @length. */
static gsize
skip_string (const char *data, gsize length, gsize i)
{
  for (i++; i < length; i++)
    {
      if (data[i] == '\\')
        i++;
      else if (data[i] == '"')
        return i + 1;
    }

  return length;
}

static gsize
skip_space (const char *data, gsize length, gsize i)
{
  while (i < length && g_ascii_isspace (data[i]))
    i++;

  return i;
}

/* Where the value of the top-level object's member @name lies in @data, without parsing the
 * rest: keys are compared as written, so an escaped key is simply not found. */
static gboolean
find_top_level_member (const char *data,
                       gsize length,
                       const char *name,
                       gsize *value_start,
                       gsize *value_end)
{
  gsize name_length = strlen (name);
  gsize depth = 1;
  gsize i = skip_space (data, length, 0);

  if (i >= length || data[i] != '{')
    return FALSE;

  for (i++; i < length; i++)
    {
      switch (data[i])
        {
        case '"':
          {
            gsize end = skip_string (data, length, i);
            gsize after = skip_space (data, length, end);

            if (depth == 1 && after < length && data[after] == ':' && end - i - 2 == name_length &&
                memcmp (data + i + 1, name, name_length) == 0)
              {
                gsize j = skip_space (data, length, after + 1);

                *value_start = j;
                /* The value ends at the comma or brace that closes it at this depth. */
                for (; j < length; j++)
                  {
                    if (data[j] == '"')
                      j = skip_string (data, length, j) - 1;
                    else if (data[j] == '[' || data[j] == '{')
                      depth++;
                    else if ((data[j] == ']' || data[j] == '}') && depth > 1)
                      depth--;
                    else if (depth == 1 && (data[j] == ',' || data[j] == '}'))
                      break;
                  }
                *value_end = j;
                return j < length;
              }
            i = end - 1;
          }
          break;

        case '[':
        case '{':
          depth++;
          break;

        case ']':
        case '}':
          if (--depth == 0)
            return FALSE;
          break;

        default:
          break;
        }
    }

  return FALSE;
}

JsonNode *
trove_json_peek_member (GBytes *body, const char *name)
{
  g_autoptr (JsonParser) parser = NULL;
  const char *data;
  gsize length = 0, start, end;

  data = body ? g_bytes_get_data (body, &length) : NULL;

  if (data == NULL || length > TROVE_JSON_MAX_BYTES ||
      !find_top_level_member (data, length, name, &start, &end) ||
      nesting_depth (data + start, end - start) > TROVE_JSON_MAX_DEPTH ||
      !g_utf8_validate_len (data + start, end - start, NULL))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data + start, end - start, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;

  return json_node_ref (json_parser_get_root (parser));
}

JsonNode *
trove_json_parse (GBytes *body, const char *endpoint, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) parse_error = NULL;
  const char *data;
  gsize length = 0;

  data = body ? g_bytes_get_data (body, &length) : NULL;

  if (length == 0)
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL, _ ("The reply to %s was empty."),
                   endpoint);
      return NULL;
    }

  if (length > TROVE_JSON_MAX_BYTES)
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                   _ ("The reply to %s is larger than %d MB."), endpoint,
                   TROVE_JSON_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  if (nesting_depth (data, length) > TROVE_JSON_MAX_DEPTH)
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                   _ ("The reply to %s is nested more than %d levels deep."), endpoint,
                   TROVE_JSON_MAX_DEPTH);
      return NULL;
    }

  /* Not immutable: sealing every node costs a tenth of the parse, and the tree is read once. */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      /* json-glib 1.6 checks the encoding first, and uses this code for nothing else. */
      if (g_error_matches (parse_error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA))
        {
          g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                       _ ("The reply to %s is not valid UTF-8."), endpoint);
          return NULL;
        }
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                   _ ("The reply to %s was not valid JSON: %s"), endpoint, parse_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL, _ ("The reply to %s was empty."),
                   endpoint);
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

JsonObject *
trove_json_parse_object (GBytes *body, const char *endpoint, JsonNode **root, GError **error)
{
  *root = trove_json_parse (body, endpoint, error);
  if (*root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (*root))
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                   _ ("The reply to %s was not a JSON object."), endpoint);
      return NULL;
    }

  return json_node_get_object (*root);
}

JsonArray *
trove_json_require_array (JsonObject *object,
                          const char *name,
                          const char *endpoint,
                          GError **error)
{
  JsonArray *array = trove_json_get_array (object, name);

  if (array == NULL)
    g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL, _ ("The reply to %s has no “%s” list."),
                 endpoint, name);

  return array;
}

static JsonNode *
member (JsonObject *object, const char *name)
{
  return object ? json_object_get_member (object, name) : NULL;
}

const char *
trove_json_get_string (JsonObject *object, const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

char *
trove_json_dup_id (JsonObject *object, const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      return text && *text ? g_strdup (text) : NULL;
    }

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return NULL;
}

gint64
trove_json_get_int (JsonObject *object, const char *name, gint64 fallback)
{
  JsonNode *node = member (object, name);
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);

  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return fallback;

  /* Huge or non-finite numbers are clamped rather than converted out of range. */
  value = json_node_get_double (node);
  if (!(value == value))
    return fallback;
  if (value >= (double) G_MAXINT64)
    return G_MAXINT64;
  if (value <= (double) G_MININT64)
    return G_MININT64;
  return (gint64) value;
}

gboolean
trove_json_get_bool (JsonObject *object, const char *name, gboolean fallback)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;

  return json_node_get_boolean (node);
}

JsonObject *
trove_json_get_object (JsonObject *object, const char *name)
{
  JsonNode *node = member (object, name);

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
trove_json_get_array (JsonObject *object, const char *name)
{
  JsonNode *node = member (object, name);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

GDateTime *
trove_json_get_time (JsonObject *object, const char *name)
{
  const char *text = trove_json_get_string (object, name);
  g_autoptr (GTimeZone) utc = NULL;

  if (text == NULL)
    return NULL;

  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (text, utc);
}

char *
trove_json_error_message (GBytes *body)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *errors;
  const char *text;

  root = trove_json_parse (body, "", NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);

  if ((text = trove_json_get_string (object, "message")) != NULL && *text)
    return g_strdup (text);

  if ((text = trove_json_get_string (object, "error")) != NULL && *text)
    return g_strdup (text);

  if ((text = trove_json_get_string (trove_json_get_object (object, "error"), "message")) != NULL &&
      *text)
    return g_strdup (text);

  errors = trove_json_get_array (object, "errors");
  if (errors != NULL)
    {
      g_autoptr (GString) joined = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (errors) && i < 5; i++)
        {
          JsonNode *node = json_array_get_element (errors, i);
          const char *message = NULL;

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            message = json_node_get_string (node);
          else if (JSON_NODE_HOLDS_OBJECT (node))
            message = trove_json_get_string (json_node_get_object (node), "message");

          if (message != NULL && *message)
            g_string_append_printf (joined, "%s%s", joined->len ? "; " : "", message);
        }

      if (joined->len > 0)
        return g_string_free (g_steal_pointer (&joined), FALSE);
    }

  return NULL;
}
