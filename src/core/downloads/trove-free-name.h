/* trove-free-name.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Takes @candidate for the caller (a check, or the rename itself): FALSE with
 * G_IO_ERROR_EXISTS when something else has that name, FALSE with another error to give up. */
typedef gboolean (*TroveFreeNameTake) (GFile *candidate, gpointer user_data, GError **error);

/* The first of @wanted, "name (2).ext", "name (3).ext", ... up to TROVE_FILENAME_MAX_TAKEN that
 * @take takes; NULL with @take's error when it gives up or every name is taken. */
GFile *
trove_free_name_find (GFile *wanted, TroveFreeNameTake take, gpointer user_data, GError **error);

G_END_DECLS
