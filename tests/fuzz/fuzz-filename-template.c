/* fuzz-filename-template.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Templates and server-given names, however hostile, render to paths that stay inside the
 * download folder, with valid, non-empty components that fit in 255 bytes with " (N)" and
 * ".part", and no characters that removable drives refuse or that disguise an extension.
 */

#include "config.h"

#include "trove-filename-template.h"
#include "trove-media-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_component (const char *component)
{
  /* Room is left for " (N)" and ".part". */
  gsize room = 255 - strlen (" (" G_STRINGIFY (TROVE_FILENAME_MAX_TAKEN) ").part");

  if (*component == '\0' || g_str_equal (component, ".") || g_str_equal (component, "..") ||
      strlen (component) > room || !g_utf8_validate (component, -1, NULL))
    abort ();
  for (const char *p = component; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || strchr (":*?\"<>|\\", (int) (c < 0x80 ? c : 1)) != NULL ||
          (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        abort ();
    }
}

static void
check_path (const char *relative)
{
  g_auto (GStrv) components = g_strsplit (relative, "/", -1);
  g_autoptr (GFile) folder = g_file_new_for_path ("/downloads");
  g_autoptr (GFile) resolved = NULL;

  for (guint i = 0; components[i] != NULL; i++)
    check_component (components[i]);

  resolved = trove_filename_resolve (folder, relative);
  if (resolved == NULL || !g_file_has_prefix (resolved, folder))
    abort ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  /* Template, then the item's name, split at the first newline. */
  const guint8 *newline = memchr (data, '\n', size);
  gsize template_length = newline ? (gsize) (newline - data) : size;
  g_autofree char *template_text = g_strndup ((const char *) data, template_length);
  g_autofree char *name =
      newline ? g_strndup ((const char *) newline + 1, size - template_length - 1) : g_strdup ("");
  g_autoptr (TroveMedia) media = trove_media_new (name, "message", "chat", TROVE_MEDIA_KIND_VIDEO);
  g_autofree char *component = trove_filename_sanitize_component (name);

  check_component (component);

  trove_media_set_name (media, name);
  if (trove_filename_template_check (template_text, NULL))
    {
      g_autofree char *relative = trove_filename_template_render (template_text, media, name, name);

      check_path (relative);
    }

  return 0;
}
