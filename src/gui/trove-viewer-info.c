/* trove-viewer-info.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-download-archive.h"
#include "trove-media-cell.h"
#include "trove-viewer-info.h"

/* Chats named in the panel; past them, a count. */
#define MAX_CHATS_NAMED 5

/* The app's archive (trove-application.c opens the same file), opened once. */
static TroveDownloadArchive *
app_archive (void)
{
  static TroveDownloadArchive *archive;

  if (archive == NULL)
    archive = trove_download_archive_new (NULL, NULL);
  return archive;
}

/* "Also in 1,204 chats" and the first of their names: the other chats of the window's account
 * the archive knows the item in, a mass message's media being in many. */
static void
append_other_chats (GString *info, TroveMedia *media, GtkWidget *viewer)
{
  GtkRoot *root = viewer ? gtk_widget_get_root (viewer) : NULL;
  g_autofree char *account_id = NULL;
  g_auto (GStrv) others = NULL;
  guint n;

  if (root == NULL || app_archive () == NULL ||
      g_object_class_find_property (G_OBJECT_GET_CLASS (root), "account-id") == NULL)
    return;

  /* Downloads without an account are recorded under "default", as the window does. */
  g_object_get (root, "account-id", &account_id, NULL);
  others =
      trove_download_archive_list_other_chats (app_archive (),
                                               account_id && *account_id ? account_id : "default",
                                               trove_media_get_id (media),
                                               trove_media_get_chat_id (media));
  n = g_strv_length (others);
  if (n == 0)
    return;

  g_string_append_c (info, '\n');
  g_string_append_printf (info, ngettext ("Also in %'u chat", "Also in %'u chats", n), n);
  g_string_append_c (info, '\n');
  for (guint i = 0; i < n && i < MAX_CHATS_NAMED; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (others[i], -1);

      g_string_append_printf (info, "• %s\n", escaped);
    }
  if (n > MAX_CHATS_NAMED)
    {
      g_string_append_printf (info,
                              ngettext ("and %'u other", "and %'u others", n - MAX_CHATS_NAMED),
                              n - MAX_CHATS_NAMED);
      g_string_append_c (info, '\n');
    }
}

char *
trove_viewer_info_markup (TroveMedia *media, GtkWidget *viewer)
{
  GDateTime *sent_at = trove_media_get_sent_at (media);
  GString *info = g_string_new (NULL);
  g_autofree char *escaped_name =
      g_markup_escape_text (trove_media_get_name (media) ? trove_media_get_name (media)
                                                         : _ ("Untitled"),
                            -1);

  g_string_append_printf (info, "<b>%s</b>\n\n", escaped_name);
  if (sent_at != NULL)
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (sent_at);
      /* Translators: date and time an item was sent */
      g_autofree char *date = g_date_time_format (local, _ ("%-d %B %Y, %H:%M"));

      g_string_append_printf (info, "%s\n", date);
    }
  g_string_append_printf (info, "%s\n",
                          trove_media_get_from_owner (media) ? _ ("Sent by you")
                                                             : _ ("Sent by the fan"));
  if (trove_media_get_width (media) > 0 && trove_media_get_height (media) > 0)
    g_string_append_printf (info, _ ("%d × %d pixels\n"), trove_media_get_width (media),
                            trove_media_get_height (media));
  if (trove_media_get_duration_ms (media) > 0)
    {
      g_autofree char *duration = trove_format_duration (trove_media_get_duration_ms (media));

      g_string_append_printf (info, _ ("Duration %s\n"), duration);
    }
  append_other_chats (info, media, viewer);

  return g_string_free (info, FALSE);
}
