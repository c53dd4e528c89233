/* trove-avatar-text.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-avatar-text.h"

char *
trove_avatar_text (const char *name)
{
  g_auto (GStrv) words = NULL;
  g_autoptr (GString) text = g_string_new (NULL);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_strdup ("");

  words = g_strsplit_set (name, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0' || !g_unichar_isalnum (g_utf8_get_char (words[i])))
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, words[i]);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : g_strdup (name);
}
