/* trove-static-credentials.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-error.h"
#include "trove-static-credentials.h"

struct _TroveStaticCredentials
{
  GObject parent_instance;
  char *token;
};

static void credentials_iface_init (TroveCredentialsInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TroveStaticCredentials,
                               trove_static_credentials,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TROVE_TYPE_CREDENTIALS,
                                                      credentials_iface_init))

static void
trove_static_credentials_get_token_async (TroveCredentials *credentials,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  TroveStaticCredentials *self = TROVE_STATIC_CREDENTIALS (credentials);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, trove_static_credentials_get_token_async);
  g_task_return_pointer (task, g_strdup (self->token), g_free);
}

static char *
trove_static_credentials_token_finish (TroveCredentials *credentials,
                                       GAsyncResult *result,
                                       GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A fixed token cannot be renewed: the 401 stands. */
static void
trove_static_credentials_refresh_async (TroveCredentials *credentials,
                                        const char *rejected_token,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (credentials, cancellable, callback, user_data);

  g_task_set_source_tag (task, trove_static_credentials_refresh_async);
  g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION,
                           _ ("The service rejected the token. Reconnect the account with a new "
                              "one."));
}

static void
credentials_iface_init (TroveCredentialsInterface *iface)
{
  iface->get_token_async = trove_static_credentials_get_token_async;
  iface->get_token_finish = trove_static_credentials_token_finish;
  iface->refresh_async = trove_static_credentials_refresh_async;
  iface->refresh_finish = trove_static_credentials_token_finish;
}

static void
trove_static_credentials_finalize (GObject *object)
{
  TroveStaticCredentials *self = TROVE_STATIC_CREDENTIALS (object);

  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (trove_static_credentials_parent_class)->finalize (object);
}

static void
trove_static_credentials_class_init (TroveStaticCredentialsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trove_static_credentials_finalize;
}

static void
trove_static_credentials_init (TroveStaticCredentials *self)
{
}

TroveCredentials *
trove_static_credentials_new (const char *token)
{
  TroveStaticCredentials *self;

  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (TROVE_TYPE_STATIC_CREDENTIALS, NULL);
  self->token = g_strdup (token);

  return TROVE_CREDENTIALS (self);
}
