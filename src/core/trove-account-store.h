/* trove-account-store.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-account.h"

G_BEGIN_DECLS

#define TROVE_TYPE_ACCOUNT_STORE (trove_account_store_get_type ())

/* The configured accounts as a GListModel, in step with the app schema's `accounts` key
 * (also when another process, such as trove-cli, changes it). */
G_DECLARE_FINAL_TYPE (TroveAccountStore, trove_account_store, TROVE, ACCOUNT_STORE, GObject)

TroveAccountStore *trove_account_store_new (void);

/* A new account with a fresh id, appended. */
TroveAccount *trove_account_store_add (TroveAccountStore *self, TroveAccountKind kind, const char *display_name);
/* Forgets the account and its settings; its secrets are removed from the keyring. */
void trove_account_store_remove (TroveAccountStore *self, TroveAccount *account);
/* By id, or else by display name (case-insensitive). */
TroveAccount *trove_account_store_find (TroveAccountStore *self, const char *name_or_id);

G_END_DECLS
