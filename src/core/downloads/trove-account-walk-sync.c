/* trove-account-walk-sync.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a sync walk decides: where the chat list ends, which chats are listed, where a chat's
 * listing stops. */

#include "config.h"

#include "trove-account-walk-private.h"
#include "trove-chat.h"

gint64
trove_account_walk_last_message_at (TroveChat *chat)
{
  GDateTime *last = trove_chat_get_last_message_at (chat);

  return last ? g_date_time_to_unix (last) : 0;
}

/* Whether the archive has @media in this chat from before the chat's last sync. Newer items it
 * has may be the newest of a sync that stopped or failed part way: older ones may still be
 * missing. A media sent to many chats being in the archive for another one says nothing about
 * this one. */
static gboolean
is_known (TroveAccountWalkListing *listing, TroveMedia *media)
{
  TroveAccountWalk *self = listing->self;
  GDateTime *sent_at = trove_media_get_sent_at (media);
  g_autofree char *path = NULL;

  if (trove_media_get_locked (media) ||
      (sent_at != NULL && g_date_time_to_unix (sent_at) >= listing->synced_message_at))
    return FALSE;

  path = trove_download_archive_lookup_in_chat (self->archive, self->account_id,
                                                trove_media_get_id (media),
                                                trove_chat_get_id (listing->chat));
  return path != NULL;
}

gboolean
trove_account_walk_stop_at_known_cb (TrovePagedList *list, guint position, gpointer user_data)
{
  TroveAccountWalkListing *listing = user_data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = position; i < n; i++)
    {
      g_autoptr (TroveMedia) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (is_known (listing, item))
        {
          listing->known_at = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Whether a sync lists @chat, and how: FALSE when nothing is new in it since it was synced. */
gboolean
trove_account_walk_sync_takes_chat (TroveAccountWalk *self,
                                    TroveChat *chat,
                                    TroveAccountWalkListing *listing)
{
  gint64 last = trove_account_walk_last_message_at (chat);
  gint64 synced_message_at = 0;
  gboolean synced;
  gboolean unfinished;

  synced =
      trove_download_archive_get_chat_sync (self->archive, self->account_id,
                                            trove_chat_get_id (chat), NULL, &synced_message_at);
  /* A download that failed or was stopped: its chat is listed in full until it is fetched. */
  unfinished = g_hash_table_contains (self->unfinished_chats, trove_chat_get_id (chat));
  if (!self->full && synced && !unfinished && last <= synced_message_at)
    return FALSE;

  listing->stop_at_known = !self->full && synced && !unfinished;
  listing->synced_message_at = synced_message_at;
  return TRUE;
}

/* A sync's chat list is ordered by last message: from the first chat no newer than the last
 * complete sync on, every chat was synced since. */
guint
trove_account_walk_find_watermark (TroveAccountWalk *self, guint position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->chats));

  for (guint i = position; i < n; i++)
    {
      g_autoptr (TroveChat) chat = g_list_model_get_item (G_LIST_MODEL (self->chats), i);

      if (trove_account_walk_last_message_at (chat) <= self->watermark)
        return i;
    }

  return G_MAXUINT;
}

gboolean
trove_account_walk_stop_at_watermark_cb (TrovePagedList *list, guint position, gpointer user_data)
{
  return trove_account_walk_find_watermark (user_data, position) != G_MAXUINT;
}

/* Chats with downloads the archive holds as pending for this account. */
void
trove_account_walk_find_unfinished_chats (TroveAccountWalk *self)
{
  g_autoptr (GPtrArray) pending = trove_download_archive_list_pending (self->archive);

  g_hash_table_remove_all (self->unfinished_chats);
  for (guint i = 0; i < pending->len; i++)
    {
      TroveDownloadPending *row = g_ptr_array_index (pending, i);

      if (g_strcmp0 (row->account_id, self->account_id) == 0 && row->chat_id != NULL)
        g_hash_table_add (self->unfinished_chats, g_strdup (row->chat_id));
    }
}
