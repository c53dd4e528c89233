/* trove-account.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TROVE_FANVUE_DEFAULT_API_URL "https://api.fanvue.com"
#define TROVE_FANVUE_DEFAULT_AUTH_URL "https://auth.fanvue.com"
#define TROVE_ONLYFANSAPI_DEFAULT_API_URL "https://app.onlyfansapi.com"

/* The nicks match the enums of the GSettings schema. */
typedef enum
{
  TROVE_ACCOUNT_KIND_FANVUE,
  TROVE_ACCOUNT_KIND_FANVUE_AGENCY,
  TROVE_ACCOUNT_KIND_ONLYFANSAPI,
} TroveAccountKind;

typedef enum
{
  TROVE_AUTH_METHOD_API_KEY,
  TROVE_AUTH_METHOD_OAUTH,
  TROVE_AUTH_METHOD_ACCESS_TOKEN,
} TroveAuthMethod;

typedef enum
{
  TROVE_ACCOUNT_STATE_READY,
  TROVE_ACCOUNT_STATE_NEEDS_RECONNECT,
  TROVE_ACCOUNT_STATE_CHECKING,
} TroveAccountState;

#define TROVE_TYPE_ACCOUNT_KIND (trove_account_kind_get_type ())
#define TROVE_TYPE_AUTH_METHOD (trove_auth_method_get_type ())
#define TROVE_TYPE_ACCOUNT_STATE (trove_account_state_get_type ())
#define TROVE_TYPE_ACCOUNT (trove_account_get_type ())

GType trove_account_kind_get_type (void);
GType trove_auth_method_get_type (void);
GType trove_account_state_get_type (void);

/* One configured account, backed by the relocatable io.github.trove.Trove.Account schema at
 * /io/github/trove/Trove/accounts/<id>/: each property of the schema's keys (kind,
 * display-name, api-base-url, auth-base-url, creator-uuid, onlyfans-account-id, auth-method,
 * client-id, redirect-uri, access-token-expires, avatar-url, allow-paid-downloads,
 * paid-downloads-asked) reads and writes its key, and
 * notifies when the key changes, also from another process. Its secrets live in the Secret
 * Service, never here. */
G_DECLARE_FINAL_TYPE (TroveAccount, trove_account, TROVE, ACCOUNT, GObject)

TroveAccount *trove_account_new (const char *id);
/* @backend: NULL for the default one. */
TroveAccount *trove_account_new_with_backend (const char *id, GSettingsBackend *backend);

const char *trove_account_get_id (TroveAccount *self);
/* To read or bind keys; writes go through the properties (or trove_account_reset ()). */
GSettings *trove_account_get_settings (TroveAccount *self);
TroveAccountKind trove_account_get_kind (TroveAccount *self);
void trove_account_set_kind (TroveAccount *self, TroveAccountKind kind);
const char *trove_account_kind_to_string (TroveAccountKind kind);
gboolean trove_account_kind_from_string (const char *text, TroveAccountKind *kind);
/* "Fanvue", "Fanvue agency", "OnlyFansAPI" */
const char *trove_account_kind_describe (TroveAccountKind kind);
TroveAuthMethod trove_account_get_auth_method (TroveAccount *self);
void trove_account_set_auth_method (TroveAccount *self, TroveAuthMethod method);
/* The name the user gave, or the kind's name when there is none. */
char *trove_account_dup_display_name (TroveAccount *self);
void trove_account_set_display_name (TroveAccount *self, const char *display_name);
/* The configured API base URL, or the service's own. */
char *trove_account_dup_api_base_url (TroveAccount *self);
/* The configured sign-in base URL, or Fanvue's own. */
char *trove_account_dup_auth_base_url (TroveAccount *self);
/* Seconds since 1970; 0 when unknown or never. */
gint64 trove_account_get_access_token_expires (TroveAccount *self);
void trove_account_set_access_token_expires (TroveAccount *self, gint64 expires);
/* A needs-reconnect state is kept in the settings, so it survives a restart. */
TroveAccountState trove_account_get_state (TroveAccount *self);
void trove_account_set_state (TroveAccount *self, TroveAccountState state);

/* Something the user should know that does not stop the account from working (such as
 * renewed tokens the keyring could not store yet), as a sentence; NULL when there is none.
 * In this process only. */
const char *trove_account_get_notice (TroveAccount *self);
void trove_account_set_notice (TroveAccount *self, const char *notice);

/* Puts every setting of the account back to its default, as when it is removed. */
void trove_account_reset (TroveAccount *self);

/* Checks a base URL typed by a user: see trove_url_check_base(). */
gboolean trove_account_check_base_url (const char *url, GError **error);
/* Checks the creator UUID of an agency account, as typed by a user; the error
 * (TROVE_ERROR_BAD_REQUEST) is a sentence to show. */
gboolean trove_account_check_creator_uuid (const char *text, GError **error);
/* Checks an OnlyFansAPI account id (acct_...), as typed by a user; as above. */
gboolean trove_account_check_onlyfans_account_id (const char *text, GError **error);

G_END_DECLS
