/* trove-account-store.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "trove-account-store-private.h"
#include "trove-secret-store.h"

struct _TroveAccountStore
{
  GObject parent_instance;

  GSettings *settings;
  GSettingsBackend *backend;
  GPtrArray *accounts; /* TroveAccount */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TroveAccountStore,
                               trove_account_store,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
trove_account_store_get_item_type (GListModel *model)
{
  return TROVE_TYPE_ACCOUNT;
}

static guint
trove_account_store_get_n_items (GListModel *model)
{
  return TROVE_ACCOUNT_STORE (model)->accounts->len;
}

static gpointer
trove_account_store_get_item (GListModel *model, guint position)
{
  TroveAccountStore *self = TROVE_ACCOUNT_STORE (model);

  return position < self->accounts->len
             ? g_object_ref (g_ptr_array_index (self->accounts, position))
             : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = trove_account_store_get_item_type;
  iface->get_n_items = trove_account_store_get_n_items;
  iface->get_item = trove_account_store_get_item;
}

static TroveAccount *
find_by_id (GPtrArray *accounts, const char *id)
{
  for (guint i = 0; i < accounts->len; i++)
    if (g_str_equal (trove_account_get_id (g_ptr_array_index (accounts, i)), id))
      return g_ptr_array_index (accounts, i);

  return NULL;
}

static gboolean
valid_id (const char *id)
{
  return *id != '\0' && strchr (id, '/') == NULL;
}

/* Follows the key, keeping the objects of accounts that stay, and announces the change as
 * one replacement of the smallest range that differs. */
static void
accounts_changed_cb (TroveAccountStore *self)
{
  g_auto (GStrv) ids = g_settings_get_strv (self->settings, "accounts");
  g_autoptr (GPtrArray) old = self->accounts;
  guint prefix = 0, suffix = 0;

  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      TroveAccount *account;

      if (!valid_id (ids[i]) || find_by_id (self->accounts, ids[i]) != NULL)
        continue;

      account = find_by_id (old, ids[i]);
      g_ptr_array_add (self->accounts,
                       account ? g_object_ref (account)
                               : trove_account_new_with_backend (ids[i], self->backend));
    }

  while (prefix < old->len && prefix < self->accounts->len &&
         g_ptr_array_index (old, prefix) == g_ptr_array_index (self->accounts, prefix))
    prefix++;
  while (suffix < old->len - prefix && suffix < self->accounts->len - prefix &&
         g_ptr_array_index (old, old->len - 1 - suffix) ==
             g_ptr_array_index (self->accounts, self->accounts->len - 1 - suffix))
    suffix++;

  if (old->len - prefix - suffix > 0 || self->accounts->len - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old->len - prefix - suffix,
                                self->accounts->len - prefix - suffix);
}

static void
save (TroveAccountStore *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) ids = NULL;

  for (guint i = 0; i < self->accounts->len; i++)
    g_strv_builder_add (builder, trove_account_get_id (g_ptr_array_index (self->accounts, i)));
  ids = g_strv_builder_end (builder);

  g_signal_handlers_block_by_func (self->settings, accounts_changed_cb, self);
  g_settings_set_strv (self->settings, "accounts", (const char *const *) ids);
  g_signal_handlers_unblock_by_func (self->settings, accounts_changed_cb, self);
}

TroveAccount *
trove_account_store_add (TroveAccountStore *self, TroveAccountKind kind, const char *display_name)
{
  g_autofree char *uuid = g_uuid_string_random ();
  TroveAccount *account;

  g_return_val_if_fail (TROVE_IS_ACCOUNT_STORE (self), NULL);

  /* Ids are path components of the settings: no dashes or capitals needed. */
  g_strdelimit (uuid, "-", '_');
  account = trove_account_new_with_backend (uuid, self->backend);
  g_object_set (account, "kind", kind, "display-name", display_name, NULL);

  g_ptr_array_add (self->accounts, account);
  save (self);
  g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);

  return account;
}

static void
secrets_cleared_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (!trove_secret_store_clear_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
trove_account_store_remove_async (TroveAccountStore *self,
                                  TroveAccount *account,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  guint position;

  g_return_if_fail (TROVE_IS_ACCOUNT_STORE (self));
  g_return_if_fail (TROVE_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_account_store_remove_async);

  if (!g_ptr_array_find (self->accounts, account, &position))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_object_ref (account);
  g_ptr_array_remove_index (self->accounts, position);
  save (self);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  trove_account_reset (account);

  trove_secret_store_clear_async (trove_account_get_id (account), cancellable, secrets_cleared_cb,
                                  g_steal_pointer (&task));
  g_object_unref (account);
}

gboolean
trove_account_store_remove_finish (TroveAccountStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
removed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!trove_account_store_remove_finish (TROVE_ACCOUNT_STORE (object), result, &error))
    g_warning ("Could not remove an account’s secrets: %s", error->message);
}

void
trove_account_store_remove (TroveAccountStore *self, TroveAccount *account)
{
  trove_account_store_remove_async (self, account, NULL, removed_cb, NULL);
}

void
_trove_account_store_move (TroveAccountStore *self, guint from, guint to)
{
  gpointer account;

  g_return_if_fail (TROVE_IS_ACCOUNT_STORE (self));
  g_return_if_fail (from < self->accounts->len && to < self->accounts->len);

  if (from == to)
    return;

  account = g_ptr_array_steal_index (self->accounts, from);
  g_ptr_array_insert (self->accounts, to, account);
  save (self);
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, to),
                              MAX (from, to) - MIN (from, to) + 1,
                              MAX (from, to) - MIN (from, to) + 1);
}

void
trove_account_store_rename (TroveAccountStore *self,
                            TroveAccount *account,
                            const char *display_name)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_STORE (self));
  g_return_if_fail (TROVE_IS_ACCOUNT (account));

  /* The list stays as it is; the account notifies display-name. */
  trove_account_set_display_name (account, display_name);
}

TroveAccount *
trove_account_store_find (TroveAccountStore *self, const char *name_or_id)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_STORE (self), NULL);

  if (name_or_id == NULL)
    return NULL;

  if (find_by_id (self->accounts, name_or_id) != NULL)
    return find_by_id (self->accounts, name_or_id);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      TroveAccount *account = g_ptr_array_index (self->accounts, i);
      g_autofree char *name = trove_account_dup_display_name (account);
      g_autofree char *a = g_utf8_casefold (name, -1);
      g_autofree char *b = g_utf8_casefold (name_or_id, -1);

      if (g_str_equal (a, b))
        return account;
    }

  return NULL;
}

static void
trove_account_store_finalize (GObject *object)
{
  TroveAccountStore *self = TROVE_ACCOUNT_STORE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->backend);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);

  G_OBJECT_CLASS (trove_account_store_parent_class)->finalize (object);
}

static void
trove_account_store_class_init (TroveAccountStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trove_account_store_finalize;
}

static void
trove_account_store_init (TroveAccountStore *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
}

TroveAccountStore *
trove_account_store_new (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);

  return _trove_account_store_new_with_settings (settings);
}

TroveAccountStore *
_trove_account_store_new_with_settings (GSettings *settings)
{
  TroveAccountStore *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (TROVE_TYPE_ACCOUNT_STORE, NULL);
  self->settings = g_object_ref (settings);
  g_object_get (settings, "backend", &self->backend, NULL);
  g_signal_connect_swapped (self->settings, "changed::accounts", G_CALLBACK (accounts_changed_cb),
                            self);
  accounts_changed_cb (self);

  return self;
}
