/* trove-viewer-info.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-media-cell.h"
#include "trove-viewer-info.h"

char *
trove_viewer_info_markup (TroveMedia *media)
{
  GDateTime *sent_at = trove_media_get_sent_at (media);
  GString *info = g_string_new (NULL);
  g_autofree char *escaped_name = g_markup_escape_text (trove_media_get_name (media) ? trove_media_get_name (media) : _ ("Untitled"), -1);

  g_string_append_printf (info, "<b>%s</b>\n\n", escaped_name);
  if (sent_at != NULL)
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (sent_at);
      /* Translators: date and time an item was sent */
      g_autofree char *date = g_date_time_format (local, _ ("%-d %B %Y, %H:%M"));

      g_string_append_printf (info, "%s\n", date);
    }
  g_string_append_printf (info, "%s\n", trove_media_get_from_owner (media) ? _ ("Sent by you") : _ ("Sent by the fan"));
  if (trove_media_get_width (media) > 0 && trove_media_get_height (media) > 0)
    g_string_append_printf (info, _ ("%d × %d pixels\n"), trove_media_get_width (media), trove_media_get_height (media));
  if (trove_media_get_duration_ms (media) > 0)
    {
      g_autofree char *duration = trove_format_duration (trove_media_get_duration_ms (media));

      g_string_append_printf (info, _ ("Duration %s\n"), duration);
    }

  return g_string_free (info, FALSE);
}
