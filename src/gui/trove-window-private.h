/* trove-window-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-account.h"
#include "trove-budget-view.h"
#include "trove-chat.h"
#include "trove-chat-sidebar.h"
#include "trove-downloads-popover.h"
#include "trove-media-grid.h"
#include "trove-paid-downloads-ask.h"
#include "trove-provider.h"
#include "trove-tally-bar.h"
#include "trove-thumbnail-loader.h"
#include "trove-viewer.h"
#include "trove-window.h"

G_BEGIN_DECLS

#define TROVE_WINDOW_N_ZOOM_LEVELS 3

/* The window's state, shared by trove-window.c and trove-window-actions.c. */
struct _TroveWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwLeaflet *leaflet;
  AdwWindowTitle *account_title;
  GtkPopoverMenu *account_popover;
  TroveBudgetView *account_budget; /* in the account menu */
  TroveBudgetView *pacing_bar;
  TroveChatSidebar *chat_sidebar;
  AdwWindowTitle *chat_title;
  GtkStack *content_stack;
  TroveMediaGrid *media_grid;
  TroveTallyBar *tally_bar;
  TroveViewer *viewer;
  GtkMenuButton *downloads_button;
  TroveDownloadsPopover *downloads_popover;
  GtkWidget *zoom_button;
  GtkWidget *selection_button;
  TroveDownloadQueue *downloads;
  TrovePaidDownloadsAsk *paid_ask;

  GSettings *settings;
  GListModel *accounts;
  TroveAccount *account;
  GMenu *account_section;
  TroveThumbnailLoader *loader;
  TroveProvider *provider;
  TroveChat *chat;
  GHashTable *media_lists;      /* "kind:chat id" -> TrovePagedList */
  GHashTable *scroll_positions; /* "kind:chat id" -> guint*: the first item on screen */
  GHashTable *everything_runs;  /* account id -> its Download Everything under way */

  TroveMediaKind kind_filter;
  TroveSenderFilter sender_filter;
  int zoom_level;
  gboolean selection_mode;
};

/* trove-window.c. The first seven are for tests and benchmarks too. */

/* Browses @provider's chats; NULL shows "No accounts yet". @title names the account. */
void _trove_window_set_provider (TroveWindow *self,
                                 TroveProvider *provider,
                                 const char *title,
                                 const char *subtitle);

/* Opens a chat of the current account, as if chosen in the sidebar. */
void _trove_window_open_chat (TroveWindow *self, TroveChat *chat);

TroveMediaGrid *_trove_window_get_media_grid (TroveWindow *self);
GtkWidget *_trove_window_get_viewer (TroveWindow *self);
/* The chat against the disk, as the bar under the grid states it; NULL while it is hidden. */
const char *_trove_window_get_tally (TroveWindow *self);
/* Whether the sidebar and the content show one at a time (narrow windows). */
gboolean _trove_window_get_folded (TroveWindow *self);

/* "browse" or "viewer" */
const char *_trove_window_get_visible_page (TroveWindow *self);

void _trove_window_set_zoom_level (TroveWindow *self, int level);
void _trove_window_set_selection_mode (TroveWindow *self, gboolean selection_mode);
void _trove_window_toast (TroveWindow *self, const char *text);
/* "default" without an account. */
const char *_trove_window_get_account_id (TroveWindow *self);
/* The account's name, or "Trove". */
char *_trove_window_dup_account_name (TroveWindow *self);

/* trove-window-dnd.c: items dragged out of the grid, and the grid's downloaded badges. */
void _trove_window_dnd_init (TroveWindow *self);

/* trove-window-everything.c: "Download Everything…" of the account menu. */
void _trove_window_download_everything (TroveWindow *self);

/* trove-window-actions.c */
/* Installs the win.* actions and their keys; after the window's properties. */
void _trove_window_class_actions_init (GtkWidgetClass *widget_class);
/* The input that acts without an action: Ctrl+scroll over the grid. */
void _trove_window_actions_init (TroveWindow *self);

G_END_DECLS
