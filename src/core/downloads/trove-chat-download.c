/* trove-chat-download.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-chat-download.h"

GPtrArray *
trove_chat_download_plan (TroveChatDownload *count,
                          GListModel *items,
                          const char *account_id,
                          TroveDownloadArchive *archive)
{
  GPtrArray *wanted = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (count != NULL, wanted);
  g_return_val_if_fail (G_IS_LIST_MODEL (items), wanted);

  *count = (TroveChatDownload){ .listed = g_list_model_get_n_items (items) };
  for (guint i = 0; i < count->listed; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (items, i);
      g_autofree char *at =
          archive ? trove_download_archive_lookup_in_chat (archive, account_id,
                                                           trove_media_get_id (media),
                                                           trove_media_get_chat_id (media))
                  : NULL;
      gboolean locked = trove_media_get_locked (media);

      count->locked += locked;
      count->downloaded += at != NULL;
      if (!locked && at == NULL)
        g_ptr_array_add (wanted, g_steal_pointer (&media));
    }
  count->wanted = wanted->len;

  return wanted;
}

void
trove_chat_download_queue (TroveChatDownload *count,
                           TroveDownloadQueue *queue,
                           TroveProvider *provider,
                           const char *account_id,
                           const char *account_name,
                           const char *chat_name,
                           GPtrArray *items)
{
  g_return_if_fail (count != NULL);
  g_return_if_fail (TROVE_IS_DOWNLOAD_QUEUE (queue));
  g_return_if_fail (items != NULL);

  *count = (TroveChatDownload){ .listed = items->len };
  for (guint i = 0; i < items->len; i++)
    {
      TroveMedia *media = g_ptr_array_index (items, i);
      g_autofree char *at = NULL;

      if (trove_media_get_locked (media))
        count->locked++;
      else if (trove_download_queue_add (queue, provider, account_id, account_name, chat_name,
                                         media, &at) != NULL)
        count->wanted++;
      else
        count->downloaded++;
    }
}
