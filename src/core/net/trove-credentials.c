/* trove-credentials.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-credentials.h"

G_DEFINE_INTERFACE (TroveCredentials, trove_credentials, G_TYPE_OBJECT)

static void
trove_credentials_default_init (TroveCredentialsInterface *iface)
{
}

void
trove_credentials_get_token_async (TroveCredentials *self,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_return_if_fail (TROVE_IS_CREDENTIALS (self));

  TROVE_CREDENTIALS_GET_IFACE (self)->get_token_async (self, cancellable, callback, user_data);
}

char *
trove_credentials_get_token_finish (TroveCredentials *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (TROVE_IS_CREDENTIALS (self), NULL);

  return TROVE_CREDENTIALS_GET_IFACE (self)->get_token_finish (self, result, error);
}

void
trove_credentials_refresh_async (TroveCredentials *self,
                                 const char *rejected_token,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (TROVE_IS_CREDENTIALS (self));

  TROVE_CREDENTIALS_GET_IFACE (self)->refresh_async (self, rejected_token, cancellable, callback,
                                                     user_data);
}

char *
trove_credentials_refresh_finish (TroveCredentials *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (TROVE_IS_CREDENTIALS (self), NULL);

  return TROVE_CREDENTIALS_GET_IFACE (self)->refresh_finish (self, result, error);
}
