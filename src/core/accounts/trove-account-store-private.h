/* trove-account-store-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For tests only.
 */

#pragma once

#include "trove-account-store.h"

G_BEGIN_DECLS

/* For the app schema in @settings, whose backend the accounts share (such as a keyfile). */
TroveAccountStore *_trove_account_store_new_with_settings (GSettings *settings);
/* Moves the account at @from to @to. */
void _trove_account_store_move (TroveAccountStore *self, guint from, guint to);

G_END_DECLS
