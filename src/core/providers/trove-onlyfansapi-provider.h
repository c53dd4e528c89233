/* trove-onlyfansapi-provider.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-provider.h"

G_BEGIN_DECLS

#define TROVE_TYPE_ONLYFANSAPI_PROVIDER (trove_onlyfansapi_provider_get_type ())

/* One OnlyFans account (acct_...) reached through an OnlyFansAPI key. */
G_DECLARE_FINAL_TYPE (TroveOnlyfansapiProvider, trove_onlyfansapi_provider, TROVE, ONLYFANSAPI_PROVIDER, TroveProvider)

TroveProvider *trove_onlyfansapi_provider_new (TroveHttpClient *http_client,
                                               const char *api_base_url,
                                               TroveCredentials *credentials,
                                               const char *account_id);

const char *trove_onlyfansapi_provider_get_account_id (TroveOnlyfansapiProvider *self);

/* Every account the API key reaches (TroveUser items), for choosing which to add. */
void trove_onlyfansapi_provider_list_accounts_async (TroveOnlyfansapiProvider *self,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
GPtrArray *trove_onlyfansapi_provider_list_accounts_finish (TroveOnlyfansapiProvider *self,
                                                            GAsyncResult *result,
                                                            GError **error);

G_END_DECLS
