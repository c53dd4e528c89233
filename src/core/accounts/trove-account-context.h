/* trove-account-context.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-account.h"
#include "trove-http-client.h"
#include "trove-provider.h"

G_BEGIN_DECLS

#define TROVE_TYPE_ACCOUNT_CONTEXT (trove_account_context_get_type ())

/* What a process shares per account: the one provider (and through it the one credentials
 * object) that the grid, the viewer, the thumbnails, restored downloads and trove-cli use.
 * It is the only place that turns an account's settings into a provider. */
G_DECLARE_FINAL_TYPE (TroveAccountContext, trove_account_context, TROVE, ACCOUNT_CONTEXT, GObject)

TroveAccountContext *trove_account_context_new (TroveHttpClient *http_client);
/* The process's context, on the default HTTP client. */
TroveAccountContext *trove_account_context_get_default (void);

TroveHttpClient *trove_account_context_get_http_client (TroveAccountContext *self);

/* The provider of @account, with its secret from the keyring (or trove-cli's TROVE_TOKEN);
 * a new reference. */
TroveProvider *trove_account_context_get_provider (TroveAccountContext *self, TroveAccount *account);

G_END_DECLS
