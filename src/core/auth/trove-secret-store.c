/* trove-secret-store.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "trove-error.h"
#include "trove-secret-store-private.h"

static const SecretSchema *
schema (void)
{
  static const SecretSchema the_schema = { BASE_APPLICATION_ID,
                                           SECRET_SCHEMA_NONE,
                                           {
                                               { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                               { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                               { NULL, 0 },
                                           } };

  return &the_schema;
}

/* D-Bus errors say little to a user: say what is missing and what to do. Keyring errors
 * never contain a secret, but they are logged only at debug level anyway. */
static GError *
readable_error (GError *error)
{
  GError *readable;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  g_debug ("Secret Service: %s (%s %d)", error->message, g_quark_to_string (error->domain),
           error->code);

  if (error->domain == SECRET_ERROR && error->code == SECRET_ERROR_IS_LOCKED)
    readable = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                                    _ ("The keyring is locked: unlock it and try again."));
  else if (error->domain == SECRET_ERROR)
    readable =
        g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _ ("The keyring failed: %s"), error->message);
  else
    readable = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                    _ ("No keyring is available: install and start GNOME Keyring, "
                                       "or set TROVE_TOKEN for scripts."));
  g_error_free (error);
  return readable;
}

static void
stored_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, readable_error (error));
}

static guint failing_saves;
static char *failing_kind;

void
_trove_secret_store_fail_saves (const char *kind, guint count)
{
  g_free (failing_kind);
  failing_kind = g_strdup (kind);
  failing_saves = count;
}

void
trove_secret_store_save_async (const char *account_id,
                               const char *kind,
                               const char *label,
                               const char *secret,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, trove_secret_store_save_async);

  if (failing_saves > 0 && (failing_kind == NULL || g_str_equal (failing_kind, kind)))
    {
      failing_saves--;
      g_task_return_error (task, readable_error (
                                     g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED,
                                                          "Cannot store in a locked collection")));
      g_object_unref (task);
      return;
    }

  secret_password_store (schema (), SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                         stored_cb, task, "account", account_id, "kind", kind, NULL);
}

gboolean
trove_secret_store_save_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
looked_up_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, readable_error (error));
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

void
trove_secret_store_lookup_async (const char *account_id,
                                 const char *kind,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, trove_secret_store_lookup_async);
  secret_password_lookup (schema (), cancellable, looked_up_cb, task, "account", account_id, "kind",
                          kind, NULL);
}

char *
trove_secret_store_lookup_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleared_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, readable_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
trove_secret_store_clear_async (const char *account_id,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, trove_secret_store_clear_async);
  secret_password_clear (schema (), cancellable, cleared_cb, task, "account", account_id, NULL);
}

gboolean
trove_secret_store_clear_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
