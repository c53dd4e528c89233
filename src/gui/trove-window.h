/* trove-window.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "trove-download-queue.h"

G_BEGIN_DECLS

#define TROVE_TYPE_WINDOW (trove_window_get_type ())

G_DECLARE_FINAL_TYPE (TroveWindow, trove_window, TROVE, WINDOW, AdwApplicationWindow)

TroveWindow *trove_window_new (GtkApplication *application);

/* The accounts to offer (TroveAccount items); the window follows their changes. */
void trove_window_set_accounts (TroveWindow *self, GListModel *accounts);

/* Where the window's downloads go (shared by every window). */
void trove_window_set_downloads (TroveWindow *self, TroveDownloadQueue *downloads);

/* Shows again, and takes up, the Download Everything the last session left unfinished (after
 * trove_window_set_downloads()); @provider_for gives each account's provider. */
void trove_window_resume_everything (TroveWindow *self,
                                     TroveProviderForAccount provider_for,
                                     gpointer user_data);

G_END_DECLS
