/* trove-filename-template.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-error.h"
#include "trove-filename-template.h"

/* A file system's limit for one name, less what the queue and the download may add to the
 * last one: " (9999)" for a taken name and ".part" while it downloads. */
#define MAX_COMPONENT_BYTES                                                                        \
  (255 - (sizeof " (" G_STRINGIFY (TROVE_FILENAME_MAX_TAKEN) ")" - 1) - (sizeof ".part" - 1))

static const char *const placeholders[] = { "account", "chat",    "sender", "date", "time", "kind",
                                            "id",      "message", "name",   "ext",  NULL };

gboolean
trove_filename_template_check (const char *template_text, GError **error)
{
  const char *p = template_text;

  if (template_text == NULL || *template_text == '\0')
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                   _ ("The file name template is empty."));
      return FALSE;
    }

  while ((p = strchr (p, '{')) != NULL)
    {
      const char *end = strchr (p, '}');
      g_autofree char *name = NULL;

      if (end == NULL)
        {
          g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                       _ ("The file name template has a “{” without its “}”."));
          return FALSE;
        }

      name = g_strndup (p + 1, end - p - 1);
      if (!g_strv_contains (placeholders, name))
        {
          g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                       _ ("The file name template uses {%s}, which Trove does not know."), name);
          return FALSE;
        }
      p = end + 1;
    }

  return TRUE;
}

const char *
trove_filename_extension (TroveMedia *media)
{
  const char *name = trove_media_get_name (media);
  const char *dot = name ? strrchr (name, '.') : NULL;

  /* The service's own name knows best, when it has a sane extension. */
  if (dot != NULL && dot[1] != '\0' && strlen (dot + 1) <= 5 && strchr (dot + 1, '/') == NULL)
    {
      gboolean plain = TRUE;

      for (const char *c = dot + 1; *c; c++)
        plain &= g_ascii_isalnum (*c);
      if (plain)
        return dot + 1;
    }

  switch (trove_media_get_kind (media))
    {
    case TROVE_MEDIA_KIND_IMAGE:
      return "jpg";
    case TROVE_MEDIA_KIND_VIDEO:
      return "mp4";
    case TROVE_MEDIA_KIND_AUDIO:
      return "m4a";
    case TROVE_MEDIA_KIND_DOCUMENT:
      return "pdf";
    case TROVE_MEDIA_KIND_UNKNOWN:
    default:
      return "bin";
    }
}

/* Refused by the file systems of removable drives (FAT, exFAT, NTFS), or bidirectional
 * controls that can make "gpj.exe" read as "exe.jpg". */
static gboolean
unsafe (gunichar c)
{
  return (c < 0x80 && strchr (":*?\"<>|", (int) c) != NULL && c != 0) ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

char *
trove_filename_sanitize_component (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *clean = g_string_new (NULL);
  const char *dot;
  gsize keep;

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || g_unichar_iscntrl (c) || unsafe (c))
        g_string_append_c (clean, '_');
      else
        g_string_append_unichar (clean, c);
    }

  /* No leading or trailing dots and spaces: no "..", no hidden files, nothing Windows drops. */
  while (clean->len > 0 && (clean->str[0] == '.' || clean->str[0] == ' '))
    g_string_erase (clean, 0, 1);
  while (clean->len > 0 && (clean->str[clean->len - 1] == '.' || clean->str[clean->len - 1] == ' '))
    g_string_truncate (clean, clean->len - 1);

  if (clean->len == 0)
    g_string_assign (clean, "_");

  if (clean->len <= MAX_COMPONENT_BYTES)
    return g_string_free (clean, FALSE);

  /* Too long: cut on a character boundary, keeping a short extension. */
  dot = strrchr (clean->str, '.');
  if (dot == NULL || strlen (dot) > 16)
    dot = clean->str + clean->len;

  keep = MAX_COMPONENT_BYTES - strlen (dot);
  while (keep > 0 && (clean->str[keep] & 0xc0) == 0x80)
    keep--;

  {
    g_autofree char *extension = g_strdup (dot);

    g_string_truncate (clean, keep);
    g_string_append (clean, extension);
  }

  return g_string_free (clean, FALSE);
}

char *
trove_filename_numbered (const char *basename, guint n)
{
  const char *dot = strrchr (basename, '.');

  if (dot == NULL || dot == basename)
    dot = basename + strlen (basename);
  return g_strdup_printf ("%.*s (%u)%s", (int) (dot - basename), basename, n, dot);
}

/* The local time zone, loaded once (again only when TZ changes). GLib 2.74's
 * g_time_zone_new_local() compares its cached zone's name with TZ, so with TZ unset it reads
 * the zone from disk on every call: a stat, a readlink and a parse per file name. */
static GTimeZone *
local_zone (void)
{
  static GMutex lock;
  static GTimeZone *zone;
  static char *zone_tz;
  const char *tz = g_getenv ("TZ");
  GTimeZone *result;

  g_mutex_lock (&lock);
  if (zone == NULL || g_strcmp0 (tz, zone_tz) != 0)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      g_free (zone_tz);
      zone = g_time_zone_new_local ();
      zone_tz = g_strdup (tz);
    }
  result = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);

  return result;
}

static char *
value_of (const char *placeholder,
          TroveMedia *media,
          const char *account_name,
          const char *chat_name,
          GDateTime **local)
{
  GDateTime *sent_at = trove_media_get_sent_at (media);

  /* Only for {date} and {time}, once per name. */
  if (*local == NULL && sent_at != NULL &&
      (g_str_equal (placeholder, "date") || g_str_equal (placeholder, "time")))
    {
      g_autoptr (GTimeZone) zone = local_zone ();

      *local = g_date_time_to_timezone (sent_at, zone);
    }

  if (g_str_equal (placeholder, "account"))
    return g_strdup (account_name ? account_name : "account");
  if (g_str_equal (placeholder, "chat"))
    return g_strdup (chat_name ? chat_name : trove_media_get_chat_id (media));
  if (g_str_equal (placeholder, "sender"))
    return g_strdup (trove_media_get_from_owner (media) ? "me" : "fan");
  if (g_str_equal (placeholder, "date"))
    return *local ? g_date_time_format (*local, "%Y-%m-%d") : g_strdup ("undated");
  if (g_str_equal (placeholder, "time"))
    return *local ? g_date_time_format (*local, "%H-%M-%S") : g_strdup ("");
  if (g_str_equal (placeholder, "kind"))
    return g_strdup (trove_media_kind_to_string (trove_media_get_kind (media)));
  if (g_str_equal (placeholder, "id"))
    return g_strdup (trove_media_get_id (media));
  if (g_str_equal (placeholder, "message"))
    return g_strdup (trove_media_get_message_id (media) ? trove_media_get_message_id (media) : "");
  if (g_str_equal (placeholder, "ext"))
    return g_strdup (trove_filename_extension (media));
  if (g_str_equal (placeholder, "name"))
    {
      const char *name = trove_media_get_name (media);
      const char *dot = name ? strrchr (name, '.') : NULL;

      if (name == NULL)
        return g_strdup (trove_media_get_id (media));
      return dot && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
    }

  return g_strdup ("");
}

char *
trove_filename_template_render (const char *template_text,
                                TroveMedia *media,
                                const char *account_name,
                                const char *chat_name)
{
  g_auto (GStrv) components = NULL;
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDateTime) local = NULL;

  g_return_val_if_fail (TROVE_IS_MEDIA (media), NULL);

  /* The template's "/" separate folders; a "/" inside a value never does. */
  components = g_strsplit (template_text, "/", -1);
  for (guint i = 0; components[i] != NULL; i++)
    {
      GString *text = g_string_new (NULL);
      const char *p = components[i];

      while (*p)
        {
          const char *end;

          if (*p == '{' && (end = strchr (p, '}')) != NULL)
            {
              g_autofree char *name = g_strndup (p + 1, end - p - 1);
              g_autofree char *value = value_of (name, media, account_name, chat_name, &local);

              g_string_append (text, value);
              p = end + 1;
            }
          else
            g_string_append_c (text, *p++);
        }

      if (text->len > 0)
        g_ptr_array_add (parts, trove_filename_sanitize_component (text->str));
      g_string_free (text, TRUE);
    }

  if (parts->len == 0)
    g_ptr_array_add (parts, trove_filename_sanitize_component (trove_media_get_id (media)));
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

GFile *
trove_filename_resolve (GFile *folder, const char *relative)
{
  g_autoptr (GFile) file = NULL;

  if (relative == NULL || g_path_is_absolute (relative))
    return NULL;

  file = g_file_resolve_relative_path (folder, relative);
  if (!g_file_has_prefix (file, folder))
    return NULL;

  return g_steal_pointer (&file);
}
