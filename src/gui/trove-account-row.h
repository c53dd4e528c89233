/* trove-account-row.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "trove-account.h"

G_BEGIN_DECLS

#define TROVE_TYPE_ACCOUNT_ROW (trove_account_row_get_type ())

/* One account in Preferences' list: its name, its service and whether it needs reconnecting,
 * with Reconnect, Edit and Remove buttons that emit "reconnect", "edit" and "remove". The row's
 * widget name is the account's id. */
G_DECLARE_FINAL_TYPE (TroveAccountRow, trove_account_row, TROVE, ACCOUNT_ROW, AdwActionRow)

GtkWidget *trove_account_row_new (TroveAccount *account);
TroveAccount *trove_account_row_get_account (TroveAccountRow *self);

G_END_DECLS
