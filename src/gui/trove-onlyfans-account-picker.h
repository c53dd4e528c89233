/* trove-onlyfans-account-picker.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "trove-onlyfansapi-provider.h"

G_BEGIN_DECLS

#define TROVE_TYPE_ONLYFANS_ACCOUNT_PICKER (trove_onlyfans_account_picker_get_type ())

/* The OnlyFans accounts an OnlyFansAPI key reaches, to pick one from: a combo row that shows
 * itself once it holds accounts, picks the first usable one, and says in "account-id" the
 * acct_ id picked. */
G_DECLARE_FINAL_TYPE (TroveOnlyfansAccountPicker,
                      trove_onlyfans_account_picker,
                      TROVE,
                      ONLYFANS_ACCOUNT_PICKER,
                      AdwComboRow)

/* Looks up the accounts @api_key reaches (@api_base_url NULL or "": the service's own) and
 * lists them. A key that reaches none fails with TROVE_ERROR_NOT_FOUND and a message for the
 * user. */
void trove_onlyfans_account_picker_find_async (TroveOnlyfansAccountPicker *self,
                                               const char *api_base_url,
                                               const char *api_key,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data);
gboolean trove_onlyfans_account_picker_find_finish (TroveOnlyfansAccountPicker *self,
                                                    GAsyncResult *result,
                                                    GError **error);

/* The acct_ id picked; NULL before any was found. */
const char *trove_onlyfans_account_picker_get_account_id (TroveOnlyfansAccountPicker *self);
gboolean trove_onlyfans_account_picker_has_accounts (TroveOnlyfansAccountPicker *self);

G_END_DECLS
