/* trove-account.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-provider.h"

G_BEGIN_DECLS

typedef enum
{
  TROVE_ACCOUNT_KIND_FANVUE,
  TROVE_ACCOUNT_KIND_FANVUE_AGENCY,
  TROVE_ACCOUNT_KIND_ONLYFANSAPI,
} TroveAccountKind;

typedef enum
{
  TROVE_ACCOUNT_STATE_READY,
  TROVE_ACCOUNT_STATE_NEEDS_RECONNECT,
  TROVE_ACCOUNT_STATE_CHECKING,
} TroveAccountState;

#define TROVE_TYPE_ACCOUNT_KIND (trove_account_kind_get_type ())
#define TROVE_TYPE_ACCOUNT_STATE (trove_account_state_get_type ())
#define TROVE_TYPE_ACCOUNT (trove_account_get_type ())

GType trove_account_kind_get_type (void);
GType trove_account_state_get_type (void);

/* One configured account, backed by the relocatable io.github.trove.Trove.Account schema at
 * /io/github/trove/Trove/accounts/<id>/. Its secret lives in the Secret Service. */
G_DECLARE_FINAL_TYPE (TroveAccount, trove_account, TROVE, ACCOUNT, GObject)

TroveAccount *trove_account_new (const char *id);

const char *trove_account_get_id (TroveAccount *self);
GSettings *trove_account_get_settings (TroveAccount *self);
TroveAccountKind trove_account_get_kind (TroveAccount *self);
const char *trove_account_kind_to_string (TroveAccountKind kind);
gboolean trove_account_kind_from_string (const char *text, TroveAccountKind *kind);
/* "Fanvue", "Fanvue agency", "OnlyFansAPI" */
const char *trove_account_kind_describe (TroveAccountKind kind);
char *trove_account_dup_display_name (TroveAccount *self);
/* The configured API base URL, or the service's own. */
char *trove_account_dup_api_base_url (TroveAccount *self);
TroveAccountState trove_account_get_state (TroveAccount *self);
void trove_account_set_state (TroveAccount *self, TroveAccountState state);

/* The provider for this account, with the secret from the keyring or TROVE_TOKEN. */
TroveProvider *trove_account_create_provider (TroveAccount *self, TroveHttpClient *http_client);

/* Checks a base URL typed by a user: absolute http(s), https unless loopback. */
gboolean trove_account_check_base_url (const char *url, GError **error);

G_END_DECLS
