/* trove-onlyfans-account-picker.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-context.h"
#include "trove-error.h"
#include "trove-onlyfans-account-picker.h"

struct _TroveOnlyfansAccountPicker
{
  AdwComboRow parent_instance;

  GtkStringList *labels;
  GPtrArray *ids; /* acct_... of each label */
};

G_DEFINE_FINAL_TYPE (TroveOnlyfansAccountPicker, trove_onlyfans_account_picker, ADW_TYPE_COMBO_ROW)

enum
{
  PROP_0,
  PROP_ACCOUNT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
selected_cb (TroveOnlyfansAccountPicker *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);
}

static void
show_accounts (TroveOnlyfansAccountPicker *self, GPtrArray *accounts)
{
  guint first_usable = G_MAXUINT;

  g_ptr_array_set_size (self->ids, 0);
  gtk_string_list_splice (self->labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->labels)),
                          NULL);

  for (guint i = 0; i < accounts->len; i++)
    {
      TroveUser *user = g_ptr_array_index (accounts, i);
      const char *name = trove_user_get_display_name (user) ? trove_user_get_display_name (user)
                                                            : trove_user_get_id (user);
      g_autofree char *label =
          trove_user_get_authenticated (user)
              ? g_strdup_printf ("%s (@%s)", name,
                                 trove_user_get_handle (user) ? trove_user_get_handle (user) : "")
              : g_strdup_printf (_ ("%s — reconnect it in the OnlyFansAPI console"), name);

      g_ptr_array_add (self->ids, g_strdup (trove_user_get_id (user)));
      gtk_string_list_append (self->labels, label);
      if (first_usable == G_MAXUINT && trove_user_get_authenticated (user))
        first_usable = i;
    }

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self), first_usable == G_MAXUINT ? 0 : first_usable);
  /* The same position as before selects nothing new, but the accounts are new. */
  selected_cb (self);
}

static void
listed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  TroveOnlyfansAccountPicker *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr (GPtrArray) accounts =
      trove_onlyfansapi_provider_list_accounts_finish (TROVE_ONLYFANSAPI_PROVIDER (object), result,
                                                       &error);

  if (accounts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (accounts->len == 0)
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_NOT_FOUND, "%s",
                               _ ("This key reaches no OnlyFans account. Connect one in the "
                                  "OnlyFansAPI console."));
      return;
    }

  show_accounts (self, accounts);
  g_task_return_boolean (task, TRUE);
}

void
trove_onlyfans_account_picker_find_async (TroveOnlyfansAccountPicker *self,
                                          const char *api_base_url,
                                          const char *api_key,
                                          GCancellable *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  g_autoptr (TroveProvider) provider = NULL;
  GTask *task;

  g_return_if_fail (TROVE_IS_ONLYFANS_ACCOUNT_PICKER (self));
  g_return_if_fail (api_key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_onlyfans_account_picker_find_async);
  /* No account id yet: that is what is being looked for. */
  provider = trove_account_context_create_trial_provider (trove_account_context_get_default (),
                                                          TROVE_ACCOUNT_KIND_ONLYFANSAPI,
                                                          api_base_url, api_key, NULL, "");
  trove_onlyfansapi_provider_list_accounts_async (TROVE_ONLYFANSAPI_PROVIDER (provider),
                                                  cancellable, listed_cb, task);
}

gboolean
trove_onlyfans_account_picker_find_finish (TroveOnlyfansAccountPicker *self,
                                           GAsyncResult *result,
                                           GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
trove_onlyfans_account_picker_get_account_id (TroveOnlyfansAccountPicker *self)
{
  guint selected;

  g_return_val_if_fail (TROVE_IS_ONLYFANS_ACCOUNT_PICKER (self), NULL);

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));

  return selected < self->ids->len ? g_ptr_array_index (self->ids, selected) : NULL;
}

gboolean
trove_onlyfans_account_picker_has_accounts (TroveOnlyfansAccountPicker *self)
{
  g_return_val_if_fail (TROVE_IS_ONLYFANS_ACCOUNT_PICKER (self), FALSE);

  return self->ids->len > 0;
}

static void
trove_onlyfans_account_picker_get_property (GObject *object,
                                            guint prop_id,
                                            GValue *value,
                                            GParamSpec *pspec)
{
  TroveOnlyfansAccountPicker *self = TROVE_ONLYFANS_ACCOUNT_PICKER (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_ID:
      g_value_set_string (value, trove_onlyfans_account_picker_get_account_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_onlyfans_account_picker_finalize (GObject *object)
{
  TroveOnlyfansAccountPicker *self = TROVE_ONLYFANS_ACCOUNT_PICKER (object);

  g_clear_pointer (&self->ids, g_ptr_array_unref);
  g_clear_object (&self->labels);

  G_OBJECT_CLASS (trove_onlyfans_account_picker_parent_class)->finalize (object);
}

static void
trove_onlyfans_account_picker_class_init (TroveOnlyfansAccountPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = trove_onlyfans_account_picker_get_property;
  object_class->finalize = trove_onlyfans_account_picker_finalize;

  properties[PROP_ACCOUNT_ID] =
      g_param_spec_string ("account-id", NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_onlyfans_account_picker_init (TroveOnlyfansAccountPicker *self)
{
  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->labels = gtk_string_list_new (NULL);
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (self->labels));
  g_signal_connect (self, "notify::selected", G_CALLBACK (selected_cb), NULL);
}
