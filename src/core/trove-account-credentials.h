/* trove-account-credentials.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-account.h"
#include "trove-credentials.h"

G_BEGIN_DECLS

#define TROVE_TYPE_ACCOUNT_CREDENTIALS (trove_account_credentials_get_type ())

/* An account's token: TROVE_TOKEN from the environment for this run when set, otherwise
 * the secret in the Secret Service (the API key, or the access token). */
G_DECLARE_FINAL_TYPE (TroveAccountCredentials, trove_account_credentials, TROVE, ACCOUNT_CREDENTIALS, GObject)

TroveCredentials *trove_account_credentials_new (TroveAccount *account);

/* Which secret the account's requests carry. */
const char *trove_account_credentials_secret_kind (TroveAccount *account);

G_END_DECLS
