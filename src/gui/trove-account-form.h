/* trove-account-form.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "trove-account-store.h"

G_BEGIN_DECLS

#define TROVE_TYPE_ACCOUNT_FORM (trove_account_form_get_type ())

/* Preferences' form that adds an account or edits one: a how-to guide per service, the
 * account's details checked before anything is saved, Test Connection, the OnlyFansAPI account
 * picker, and Fanvue's sign-in with the browser. Its actions: prefs.test-connection,
 * prefs.sign-in, prefs.find-accounts, prefs.add-account, prefs.cancel-edit. */
G_DECLARE_FINAL_TYPE (TroveAccountForm,
                      trove_account_form,
                      TROVE,
                      ACCOUNT_FORM,
                      AdwPreferencesGroup)

void trove_account_form_set_accounts (TroveAccountForm *self, TroveAccountStore *accounts);
/* The form edits @account (filled in from it), or adds a new account when NULL. */
void trove_account_form_edit (TroveAccountForm *self, TroveAccount *account);
/* As edit, saying how to reconnect it. */
void trove_account_form_reconnect (TroveAccountForm *self, TroveAccount *account);

G_END_DECLS
