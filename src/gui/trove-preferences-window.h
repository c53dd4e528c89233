/* trove-preferences-window.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "trove-account-store.h"

G_BEGIN_DECLS

#define TROVE_TYPE_PREFERENCES_WINDOW (trove_preferences_window_get_type ())

/* Accounts (add, test, remove), download settings with a live file-name example, and the
 * thumbnail cache. */
G_DECLARE_FINAL_TYPE (TrovePreferencesWindow,
                      trove_preferences_window,
                      TROVE,
                      PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

TrovePreferencesWindow *trove_preferences_window_new (GtkWindow *parent,
                                                      TroveAccountStore *accounts);

G_END_DECLS
