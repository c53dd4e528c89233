/* trove-secret-store.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a stored secret is. Its value never leaves the Secret Service except to be sent to
 * the account's own API host. */
#define TROVE_SECRET_API_KEY "api-key"
#define TROVE_SECRET_ACCESS_TOKEN "access-token"
#define TROVE_SECRET_REFRESH_TOKEN "refresh-token"
#define TROVE_SECRET_CLIENT_SECRET "client-secret"

/* Secrets of accounts in the Secret Service (libsecret), keyed by account id and kind only:
 * attributes are stored unencrypted, so they hold nothing else. */
void trove_secret_store_save_async (const char *account_id,
                                    const char *kind,
                                    const char *label,
                                    const char *secret,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
gboolean trove_secret_store_save_finish (GAsyncResult *result, GError **error);

/* NULL without error when there is no such secret. */
void trove_secret_store_lookup_async (const char *account_id,
                                      const char *kind,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
char *trove_secret_store_lookup_finish (GAsyncResult *result, GError **error);

/* Removes every secret of the account. */
void trove_secret_store_clear_async (const char *account_id,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean trove_secret_store_clear_finish (GAsyncResult *result, GError **error);

G_END_DECLS
