/* trove-window-dnd.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-media-content-provider.h"
#include "trove-window-private.h"

static GdkContentProvider *
drag_content_cb (GPtrArray *items, gpointer user_data)
{
  TroveWindow *self = user_data;
  g_autofree char *account_name = _trove_window_dup_account_name (self);

  if (self->downloads == NULL || self->provider == NULL)
    return NULL;

  return trove_media_content_provider_new (self->downloads, self->provider,
                                           _trove_window_get_account_id (self), account_name,
                                           self->chat ? trove_chat_get_display_name (self->chat)
                                                      : NULL,
                                           items);
}

static gboolean
is_downloaded_cb (TroveMedia *media, gpointer user_data)
{
  TroveWindow *self = user_data;
  g_autoptr (TroveDownloadArchive) archive = NULL;
  g_autofree char *path = NULL;

  if (self->downloads == NULL || self->account == NULL)
    return FALSE;

  g_object_get (self->downloads, "archive", &archive, NULL);
  path = archive ? trove_download_archive_lookup (archive, trove_account_get_id (self->account),
                                                  trove_media_get_id (media))
                 : NULL;
  return path != NULL;
}

void
_trove_window_dnd_init (TroveWindow *self)
{
  trove_media_grid_set_drag_func (self->media_grid, drag_content_cb, self);
  trove_media_grid_set_downloaded_func (self->media_grid, is_downloaded_cb, self);
}
