/* trove-account-context.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-account-store.h"
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

/* The provider of @account, with its secret from the keyring (or trove-cli's TROVE_TOKEN).
 * Transfer full: the caller gets a new reference to the one provider the context keeps for the
 * account's id, so every caller shares it (and its credentials) while the account's connection
 * settings (kind, api-base-url, creator-uuid, onlyfans-account-id, auth-method) stay the same;
 * after they change, the next call returns a new provider. */
TroveProvider *trove_account_context_get_provider (TroveAccountContext *self,
                                                   TroveAccount *account);

/* Lets go of what the context keeps for accounts that @accounts no longer lists (removed
 * ones). Providers already handed out keep working; once they are gone, so are the account's
 * credentials, with any retry to store its tokens. */
void trove_account_context_forget_removed (TroveAccountContext *self, TroveAccountStore *accounts);

/* A provider for account details a user has typed but not saved (Test Connection, looking up
 * the OnlyFansAPI accounts of a key): static credentials holding @token; @api_base_url NULL or
 * "" for the service's own. Not shared, not kept: transfer full. */
TroveProvider *trove_account_context_create_trial_provider (TroveAccountContext *self,
                                                            TroveAccountKind kind,
                                                            const char *api_base_url,
                                                            const char *token,
                                                            const char *creator_uuid,
                                                            const char *onlyfans_account_id);

/* Where downloads go: the application's download-folder setting, or <Downloads>/Trove (the
 * home folder when there is no Downloads folder). Transfer full. */
GFile *trove_account_context_dup_download_folder (TroveAccountContext *self);

G_END_DECLS
