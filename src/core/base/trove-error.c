/* trove-error.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "trove-error.h"

G_DEFINE_QUARK (trove_error_quark, trove_error)

static gboolean
is_scope_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == ':' || c == '.';
}

/* "read:chat", "write:media": a Fanvue scope has a verb, a colon and a resource. */
static gboolean
is_resource_scope (const char *token)
{
  const char *colon = strchr (token, ':');

  if (colon == NULL || colon == token || colon[1] == '\0' || strchr (colon + 1, ':') != NULL)
    return FALSE;
  for (const char *p = token; *p; p++)
    if (!(g_ascii_islower (*p) || *p == '_' || *p == ':'))
      return FALSE;
  return TRUE;
}

char *
trove_error_missing_scope (const char *text)
{
  static const char *const bare_scopes[] = { "offline_access", "openid", "offline", NULL };
  g_autofree char *lower = NULL;
  g_autofree char *bare = NULL;
  const char *p;

  if (text == NULL)
    return NULL;

  lower = g_ascii_strdown (text, -1);
  if (strstr (lower, "scope") == NULL)
    return NULL;

  p = text;
  while (*p)
    {
      g_autofree char *token = NULL;
      const char *start;
      gsize len;

      if (!is_scope_char (*p))
        {
          p++;
          continue;
        }
      start = p;
      while (*p && is_scope_char (*p))
        p++;

      /* A sentence's full stop or a "scope:" colon is not part of the name. */
      len = p - start;
      while (len > 0 && (start[len - 1] == '.' || start[len - 1] == ':'))
        len--;
      token = g_strndup (start, len);

      if (is_resource_scope (token))
        return g_steal_pointer (&token);
      if (bare == NULL && g_strv_contains (bare_scopes, token))
        bare = g_steal_pointer (&token);
    }

  return g_steal_pointer (&bare);
}
