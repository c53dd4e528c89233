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
TroveAccount *
trove_account_store_add (TroveAccountStore *self, TroveAccountKind kind, const char *display_name);
/* Forgets the account at once (the list changes before this returns) and resets its
 * settings; then removes its secrets from the keyring and finishes. */
void trove_account_store_remove_async (TroveAccountStore *self,
                                       TroveAccount *account,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
gboolean
trove_account_store_remove_finish (TroveAccountStore *self, GAsyncResult *result, GError **error);
/* The same, warning when the secrets could not be removed. */
void trove_account_store_remove (TroveAccountStore *self, TroveAccount *account);
/* Renames the account: the list is unchanged, the account notifies display-name. */
void trove_account_store_rename (TroveAccountStore *self,
                                 TroveAccount *account,
                                 const char *display_name);
/* By id, or else by display name (case-insensitive). */
TroveAccount *trove_account_store_find (TroveAccountStore *self, const char *name_or_id);

G_END_DECLS
