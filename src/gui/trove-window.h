/* trove-window.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "trove-application.h"

G_BEGIN_DECLS

#define TROVE_TYPE_WINDOW (trove_window_get_type ())

G_DECLARE_FINAL_TYPE (TroveWindow, trove_window, TROVE, WINDOW, AdwApplicationWindow)

TroveWindow *trove_window_new (TroveApplication *application);

G_END_DECLS
