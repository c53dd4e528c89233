/* trove-cli-format.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "trove-cli-format.h"

/* Skips the rest of an escape sequence whose introducer was just read, and returns where the
 * text goes on: CSI parameters up to their final byte; OSC, DCS, SOS, PM and APC strings up to
 * BEL or the string terminator; the one byte of a two-byte escape. */
static const char *
skip_sequence (const char *p, gunichar introducer)
{
  gboolean is_string = FALSE;

  if (introducer == 0x1b)
    {
      switch (*p)
        {
        case '[':
          introducer = 0x9b;
          break;
        case ']':
        case 'P':
        case 'X':
        case '^':
        case '_':
          is_string = TRUE;
          break;
        default:
          /* Two bytes: ESC and one printable character. */
          return *p >= 0x20 && *p < 0x7f ? p + 1 : p;
        }
      p++;
    }
  else
    is_string = introducer == 0x90 || introducer == 0x98 || introducer == 0x9d ||
                introducer == 0x9e || introducer == 0x9f;

  if (introducer == 0x9b)
    {
      while (*p >= 0x20 && *p < 0x40)
        p++;
      return *p >= 0x40 && *p < 0x7f ? p + 1 : p;
    }

  if (is_string)
    {
      while (*p != '\0' && *p != '\a' && !(p[0] == 0x1b && p[1] == '\\') &&
             !((guchar) p[0] == 0xc2 && (guchar) p[1] == 0x9c))
        p++;
      if (*p == '\a')
        return p + 1;
      if (*p != '\0')
        return p + 2;
    }

  return p;
}

char *
trove_cli_printable (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0';)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (c == 0x1b || (c >= 0x80 && c < 0xa0))
        {
          /* A whole escape sequence shows as one mark: nothing of it reaches the terminal. */
          g_string_append_c (out, '?');
          p = skip_sequence (next, c);
          continue;
        }

      if (c < 0x20 || c == 0x7f)
        g_string_append_c (out, '?');
      else
        g_string_append_len (out, p, next - p);
      p = next;
    }

  return g_string_free (out, FALSE);
}

static void print_line (FILE *stream, const char *format, va_list args) G_GNUC_PRINTF (2, 0);

static void
print_line (FILE *stream, const char *format, va_list args)
{
  g_autofree char *text = g_strdup_vprintf (format, args);
  g_autofree char *printable = trove_cli_printable (text);

  if (stream == stderr)
    g_printerr ("%s\n", printable);
  else
    g_print ("%s\n", printable);
}

void
trove_cli_print_line (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_line (stdout, format, args);
  va_end (args);
}

void
trove_cli_printerr_line (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_line (stderr, format, args);
  va_end (args);
}

static void
add_time (JsonBuilder *builder, const char *name, GDateTime *time)
{
  json_builder_set_member_name (builder, name);
  if (time == NULL)
    json_builder_add_null_value (builder);
  else
    {
      g_autoptr (GDateTime) utc = g_date_time_to_utc (time);
      g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

      json_builder_add_string_value (builder, text);
    }
}

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static void
add_positive (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  if (value <= 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, value);
}

static char *
finish (JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

char *
trove_cli_chat_to_json (TroveChat *chat)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "id", trove_chat_get_id (chat));
  add_string (builder, "name", trove_chat_get_display_name (chat));
  add_string (builder, "handle", trove_chat_get_handle (chat));
  add_time (builder, "last_message_at", trove_chat_get_last_message_at (chat));
  json_builder_set_member_name (builder, "unread");
  json_builder_add_int_value (builder, trove_chat_get_unread_count (chat));

  return finish (builder);
}

char *
trove_cli_media_to_json (TroveMedia *media)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "id", trove_media_get_id (media));
  add_string (builder, "message_id", trove_media_get_message_id (media));
  add_string (builder, "kind", trove_media_kind_to_string (trove_media_get_kind (media)));
  add_string (builder, "name", trove_media_get_name (media));
  add_time (builder, "sent_at", trove_media_get_sent_at (media));
  add_string (builder, "from", trove_media_get_from_owner (media) ? "me" : "fan");
  add_positive (builder, "width", trove_media_get_width (media));
  add_positive (builder, "height", trove_media_get_height (media));
  add_positive (builder, "duration_ms", trove_media_get_duration_ms (media));
  json_builder_set_member_name (builder, "locked");
  json_builder_add_boolean_value (builder, trove_media_get_locked (media));

  return finish (builder);
}

static char *
short_time (GDateTime *time)
{
  g_autoptr (GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("-");

  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* Pads by characters, not bytes: names are often not ASCII. */
static void
print_padded (const char *text, guint width)
{
  g_autofree char *printable = trove_cli_printable (text);
  glong length = g_utf8_strlen (printable, -1);

  g_print ("%s", printable);
  for (glong i = length; i < (glong) width; i++)
    g_print (" ");
}

static guint
column_width (GPtrArray *rows, guint column, guint minimum)
{
  guint width = minimum;

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *printable =
          trove_cli_printable (((char **) g_ptr_array_index (rows, i))[column]);

      width = MAX (width, (guint) g_utf8_strlen (printable, -1));
    }

  return MIN (width, 40);
}

static void
print_table (const char *const *header, guint n_columns, GPtrArray *rows)
{
  g_autofree guint *widths = g_new0 (guint, n_columns);

  for (guint c = 0; c < n_columns; c++)
    widths[c] = column_width (rows, c, g_utf8_strlen (header[c], -1));

  for (guint c = 0; c < n_columns; c++)
    {
      print_padded (header[c], c + 1 < n_columns ? widths[c] + 2 : 0);
    }
  g_print ("\n");

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      for (guint c = 0; c < n_columns; c++)
        print_padded (row[c], c + 1 < n_columns ? widths[c] + 2 : 0);
      g_print ("\n");
    }
}

void
trove_cli_print_chats (GPtrArray *chats)
{
  static const char *const header[] = { "ID", "NAME", "HANDLE", "LAST MESSAGE", "UNREAD" };
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < chats->len; i++)
    {
      TroveChat *chat = g_ptr_array_index (chats, i);
      char **row = g_new0 (char *, 6);

      row[0] = g_strdup (trove_chat_get_id (chat));
      row[1] =
          g_strdup (trove_chat_get_display_name (chat) ? trove_chat_get_display_name (chat) : "-");
      row[2] = g_strdup (trove_chat_get_handle (chat) ? trove_chat_get_handle (chat) : "-");
      row[3] = short_time (trove_chat_get_last_message_at (chat));
      row[4] = g_strdup_printf ("%u", trove_chat_get_unread_count (chat));
      g_ptr_array_add (rows, row);
    }

  print_table (header, G_N_ELEMENTS (header), rows);
}

void
trove_cli_print_media (GPtrArray *media)
{
  static const char *const header[] = { "ID", "KIND", "SENT", "FROM", "SIZE", "NAME" };
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < media->len; i++)
    {
      TroveMedia *item = g_ptr_array_index (media, i);
      char **row = g_new0 (char *, 7);

      row[0] = g_strdup (trove_media_get_id (item));
      row[1] = g_strdup (trove_media_get_locked (item)
                             ? "locked"
                             : trove_media_kind_to_string (trove_media_get_kind (item)));
      row[2] = short_time (trove_media_get_sent_at (item));
      row[3] = g_strdup (trove_media_get_from_owner (item) ? "me" : "fan");
      row[4] = trove_media_get_width (item) > 0
                   ? g_strdup_printf ("%dx%d", trove_media_get_width (item),
                                      trove_media_get_height (item))
                   : g_strdup ("-");
      row[5] = g_strdup (trove_media_get_name (item) ? trove_media_get_name (item) : "-");
      g_ptr_array_add (rows, row);
    }

  print_table (header, G_N_ELEMENTS (header), rows);
}

GDateTime *
trove_cli_parse_date (const char *text, gboolean end_of_day)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  int year, month, day;
  char tail;
  GDateTime *day_start;

  if (text == NULL)
    return NULL;

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3 && strlen (text) == 10)
    {
      day_start = g_date_time_new (local, year, month, day, 0, 0, 0);
      if (day_start == NULL || !end_of_day)
        return day_start;

      {
        GDateTime *day_end = g_date_time_add_seconds (day_start, 24 * 3600 - 0.001);

        g_date_time_unref (day_start);
        return day_end;
      }
    }

  return g_date_time_new_from_iso8601 (text, local);
}
