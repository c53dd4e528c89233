/* trove-window.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "trove-chat.h"
#include "trove-download-queue.h"
#include "trove-media-grid.h"
#include "trove-provider.h"

G_BEGIN_DECLS

#define TROVE_TYPE_WINDOW (trove_window_get_type ())

G_DECLARE_FINAL_TYPE (TroveWindow, trove_window, TROVE, WINDOW, AdwApplicationWindow)

TroveWindow *trove_window_new (GtkApplication *application);

/* The accounts to offer (TroveAccount items); the window follows their changes. */
void trove_window_set_accounts (TroveWindow *self,
                                GListModel *accounts);

/* Where the window's downloads go (shared by every window). */
void trove_window_set_downloads (TroveWindow *self,
                                 TroveDownloadQueue *downloads);

/* Browses @provider's chats; NULL shows "No accounts yet". @title names the account. */
void trove_window_set_provider (TroveWindow *self,
                                TroveProvider *provider,
                                const char *title,
                                const char *subtitle);

/* Opens a chat of the current account by id, as if chosen in the sidebar. */
void trove_window_open_chat (TroveWindow *self,
                             TroveChat *chat);

TroveMediaGrid *trove_window_get_media_grid (TroveWindow *self);
GtkWidget *trove_window_get_viewer (TroveWindow *self);
/* The chat against the disk, as the bar under the grid states it; NULL while it is hidden. */
const char *trove_window_get_tally (TroveWindow *self);
/* Whether the sidebar and the content show one at a time (narrow windows). */
gboolean trove_window_get_folded (TroveWindow *self);

/* "browse" or "viewer" */
const char *trove_window_get_visible_page (TroveWindow *self);

G_END_DECLS
