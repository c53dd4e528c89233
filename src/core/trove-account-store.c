/* trove-account-store.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-account-store.h"
#include "trove-secret-store.h"

struct _TroveAccountStore
{
  GObject parent_instance;

  GSettings *settings;
  GPtrArray *accounts; /* TroveAccount */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TroveAccountStore, trove_account_store, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

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
trove_account_store_get_item (GListModel *model,
                              guint position)
{
  TroveAccountStore *self = TROVE_ACCOUNT_STORE (model);

  return position < self->accounts->len ? g_object_ref (g_ptr_array_index (self->accounts, position)) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = trove_account_store_get_item_type;
  iface->get_n_items = trove_account_store_get_n_items;
  iface->get_item = trove_account_store_get_item;
}

static TroveAccount *
find_by_id (GPtrArray *accounts,
            const char *id)
{
  for (guint i = 0; i < accounts->len; i++)
    if (g_str_equal (trove_account_get_id (g_ptr_array_index (accounts, i)), id))
      return g_ptr_array_index (accounts, i);

  return NULL;
}

/* Rebuilds the list from the key, keeping the objects of accounts that stay. */
static void
accounts_changed_cb (TroveAccountStore *self)
{
  g_auto (GStrv) ids = g_settings_get_strv (self->settings, "accounts");
  g_autoptr (GPtrArray) old = self->accounts;
  guint old_n = old->len;

  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      TroveAccount *account = find_by_id (old, ids[i]);

      if (*ids[i] == '\0' || find_by_id (self->accounts, ids[i]) != NULL)
        continue;
      g_ptr_array_add (self->accounts, account ? g_object_ref (account) : trove_account_new (ids[i]));
    }

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->accounts->len);
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
trove_account_store_add (TroveAccountStore *self,
                         TroveAccountKind kind,
                         const char *display_name)
{
  g_autofree char *uuid = g_uuid_string_random ();
  TroveAccount *account;

  g_return_val_if_fail (TROVE_IS_ACCOUNT_STORE (self), NULL);

  /* Ids are path components of the settings: no dashes or capitals needed. */
  g_strdelimit (uuid, "-", '_');
  account = trove_account_new (uuid);
  g_settings_set_enum (trove_account_get_settings (account), "kind", kind);
  g_settings_set_string (trove_account_get_settings (account), "display-name", display_name ? display_name : "");

  g_ptr_array_add (self->accounts, account);
  save (self);
  g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);

  return account;
}

static void
secrets_cleared_cb (GObject *object,
                    GAsyncResult *result,
                    gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!trove_secret_store_clear_finish (result, &error))
    g_warning ("Could not remove an account's secrets: %s", error->message);
}

void
trove_account_store_remove (TroveAccountStore *self,
                            TroveAccount *account)
{
  guint position;
  GSettings *settings;
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  g_return_if_fail (TROVE_IS_ACCOUNT_STORE (self));

  if (!g_ptr_array_find (self->accounts, account, &position))
    return;

  settings = trove_account_get_settings (account);
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  trove_secret_store_clear_async (trove_account_get_id (account), NULL, secrets_cleared_cb, NULL);

  g_ptr_array_remove_index (self->accounts, position);
  save (self);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

TroveAccount *
trove_account_store_find (TroveAccountStore *self,
                          const char *name_or_id)
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
  self->settings = g_settings_new (BASE_APPLICATION_ID);
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (self->settings, "changed::accounts", G_CALLBACK (accounts_changed_cb), self);
  accounts_changed_cb (self);
}

TroveAccountStore *
trove_account_store_new (void)
{
  return g_object_new (TROVE_TYPE_ACCOUNT_STORE, NULL);
}
