/* trove-credentials.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TROVE_TYPE_CREDENTIALS (trove_credentials_get_type ())

/* Where a provider gets the bearer token of its account. */
G_DECLARE_INTERFACE (TroveCredentials, trove_credentials, TROVE, CREDENTIALS, GObject)

struct _TroveCredentialsInterface
{
  GTypeInterface parent_iface;

  void (*get_token_async) (TroveCredentials *self,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data);
  char *(*get_token_finish) (TroveCredentials *self, GAsyncResult *result, GError **error);

  /* Called once after the API answered 401 to @rejected_token. Implementations refresh at
   * most once at a time, and answer at once with the current token when it is no longer
   * @rejected_token (another request refreshed it meanwhile). */
  void (*refresh_async) (TroveCredentials *self,
                         const char *rejected_token,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data);
  char *(*refresh_finish) (TroveCredentials *self, GAsyncResult *result, GError **error);
};

void trove_credentials_get_token_async (TroveCredentials *self,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
char *
trove_credentials_get_token_finish (TroveCredentials *self, GAsyncResult *result, GError **error);
void trove_credentials_refresh_async (TroveCredentials *self,
                                      const char *rejected_token,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
char *
trove_credentials_refresh_finish (TroveCredentials *self, GAsyncResult *result, GError **error);

G_END_DECLS
