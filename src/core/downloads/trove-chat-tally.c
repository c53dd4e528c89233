/* trove-chat-tally.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-chat-tally.h"

/* Media ids of @account_id whose last job in @queue failed. */
static GHashTable *
collect_failed (TroveDownloadQueue *queue, const char *account_id)
{
  GHashTable *failed = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = queue ? g_list_model_get_n_items (G_LIST_MODEL (queue)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveDownload) download = g_list_model_get_item (G_LIST_MODEL (queue), i);
      const char *media_id = trove_media_get_id (trove_download_get_media (download));

      if (g_strcmp0 (trove_download_get_account_id (download), account_id) != 0)
        continue;
      /* Jobs are in order: a later attempt overrides an earlier one. */
      if (trove_download_get_state (download) == TROVE_DOWNLOAD_FAILED)
        g_hash_table_add (failed, (gpointer) media_id);
      else
        g_hash_table_remove (failed, media_id);
    }

  return failed;
}

void
trove_chat_tally_count (TroveChatTally *tally,
                        GListModel *items,
                        gboolean complete,
                        const char *account_id,
                        TroveDownloadArchive *archive,
                        TroveDownloadQueue *queue)
{
  g_autoptr (GHashTable) failed = NULL;

  g_return_if_fail (tally != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (items));

  *tally = (TroveChatTally){ .listed = g_list_model_get_n_items (items), .complete = complete };
  failed = collect_failed (queue, account_id);

  for (guint i = 0; i < tally->listed; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (items, i);
      g_autofree char *path = NULL;

      if (trove_media_get_locked (media))
        {
          tally->locked++;
          continue;
        }

      path = archive ? trove_download_archive_lookup_in_chat (archive, account_id,
                                                              trove_media_get_id (media),
                                                              trove_media_get_chat_id (media))
                     : NULL;
      if (path != NULL)
        {
          tally->downloaded++;
          continue;
        }

      tally->missing++;
      if (g_hash_table_contains (failed, trove_media_get_id (media)))
        tally->failed++;
    }
}

char *
trove_chat_tally_describe (const TroveChatTally *tally)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (tally != NULL, NULL);

  /* Translators: the parts of a chat's tally, as in "120 on server · 30 downloaded · 90 missing
   * · 0 failed"; each is a count of media items. */
  if (tally->complete)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE, "%u on server", "%u on server",
                                         tally->listed),
                            tally->listed);
  else
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE, "%u listed so far", "%u listed so far",
                                         tally->listed),
                            tally->listed);
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, " · %u downloaded", " · %u downloaded",
                                       tally->downloaded),
                          tally->downloaded);
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, " · %u missing", " · %u missing",
                                       tally->missing),
                          tally->missing);
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, " · %u failed", " · %u failed",
                                       tally->failed),
                          tally->failed);
  if (tally->locked > 0)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE, " · %u locked", " · %u locked",
                                         tally->locked),
                            tally->locked);

  return g_string_free (text, FALSE);
}
