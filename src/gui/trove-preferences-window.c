/* trove-preferences-window.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-form.h"
#include "trove-account-row.h"
#include "trove-cache-row.h"
#include "trove-downloads-group.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-preferences-window.h"

struct _TrovePreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GtkListBox *accounts_list;
  AdwPreferencesGroup *paid_group;
  GtkListBox *paid_list;
  GtkFilterListModel *onlyfansapi_accounts;
  TroveAccountForm *form;
  TroveDownloadsGroup *downloads_group;
  TroveCacheRow *cache_row;

  TroveAccountStore *accounts;
};

G_DEFINE_FINAL_TYPE (TrovePreferencesWindow, trove_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The dialog is transient for the preferences window, which outlives it. */
static void
remove_response_cb (AdwMessageDialog *dialog, const char *response, TroveAccount *account)
{
  TrovePreferencesWindow *self =
      TROVE_PREFERENCES_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));

  if (g_strcmp0 (response, "remove") == 0)
    trove_account_store_remove (self->accounts, account);
}

static void
remove_cb (TroveAccountRow *row, TrovePreferencesWindow *self)
{
  TroveAccount *account = trove_account_row_get_account (row);
  g_autofree char *name = trove_account_dup_display_name (account);
  g_autofree char *heading = g_strdup_printf (_ ("Remove “%s”?"), name);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _ ("Its key or token is deleted from the "
                                                          "keyring. Downloaded files stay.")));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "remove", _ ("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_data (dialog, "response", G_CALLBACK (remove_response_cb),
                         g_object_ref (account), (GClosureNotify) g_object_unref,
                         G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_cb (TroveAccountRow *row, TrovePreferencesWindow *self)
{
  trove_account_form_edit (self->form, trove_account_row_get_account (row));
}

static void
reconnect_cb (TroveAccountRow *row, TrovePreferencesWindow *self)
{
  trove_account_form_reconnect (self->form, trove_account_row_get_account (row));
}

static GtkWidget *
create_account_row (gpointer item, gpointer user_data)
{
  GtkWidget *row = trove_account_row_new (item);

  g_signal_connect_object (row, "edit", G_CALLBACK (edit_cb), user_data, 0);
  g_signal_connect_object (row, "reconnect", G_CALLBACK (reconnect_cb), user_data, 0);
  g_signal_connect_object (row, "remove", G_CALLBACK (remove_cb), user_data, 0);

  return row;
}

static gboolean
is_onlyfansapi (gpointer item, gpointer user_data)
{
  return trove_account_get_kind (item) == TROVE_ACCOUNT_KIND_ONLYFANSAPI;
}

/* Flipped by the user: the question need not be asked any more. */
static void
paid_switch_changed_cb (GtkSwitch *toggle, GParamSpec *pspec, TroveAccount *account)
{
  g_object_set (account, "paid-downloads-asked", TRUE, NULL);
}

/* "Allow paid downloads" of one OnlyFansAPI account, applied at once. */
static GtkWidget *
create_paid_row (gpointer item, gpointer user_data)
{
  g_autofree char *name = trove_account_dup_display_name (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _ ("Allow paid downloads"));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  g_object_bind_property (item, "allow-paid-downloads", toggle, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (toggle, "notify::active", G_CALLBACK (paid_switch_changed_cb), item, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  return row;
}

static void
onlyfansapi_accounts_changed_cb (TrovePreferencesWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->paid_group),
                          g_list_model_get_n_items (G_LIST_MODEL (self->onlyfansapi_accounts)) > 0);
}

/* Each group installs its own "prefs." actions, for its buttons; the window offers them too,
 * as it did before it had groups. */
static const struct
{
  const char *name;
  gsize group_offset;
} forwarded[] = {
  { "prefs.test-connection", G_STRUCT_OFFSET (TrovePreferencesWindow, form) },
  { "prefs.sign-in", G_STRUCT_OFFSET (TrovePreferencesWindow, form) },
  { "prefs.find-accounts", G_STRUCT_OFFSET (TrovePreferencesWindow, form) },
  { "prefs.add-account", G_STRUCT_OFFSET (TrovePreferencesWindow, form) },
  { "prefs.cancel-edit", G_STRUCT_OFFSET (TrovePreferencesWindow, form) },
  { "prefs.choose-folder", G_STRUCT_OFFSET (TrovePreferencesWindow, downloads_group) },
  { "prefs.clear-cache", G_STRUCT_OFFSET (TrovePreferencesWindow, cache_row) },
};

static void
forward_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  for (gsize i = 0; i < G_N_ELEMENTS (forwarded); i++)
    if (g_str_equal (action_name, forwarded[i].name))
      gtk_widget_activate_action_variant (G_STRUCT_MEMBER (GtkWidget *, widget,
                                                           forwarded[i].group_offset),
                                          action_name, parameter);
}

static void
trove_preferences_window_dispose (GObject *object)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (object);

  /* The list box can outlive the window (accessibility keeps it): it must not make rows for a
   * window that is gone. */
  if (self->accounts_list != NULL)
    gtk_list_box_bind_model (self->accounts_list, NULL, NULL, NULL, NULL);
  if (self->paid_list != NULL)
    gtk_list_box_bind_model (self->paid_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->accounts);
  g_clear_object (&self->onlyfansapi_accounts);

  G_OBJECT_CLASS (trove_preferences_window_parent_class)->dispose (object);
}

static void
trove_preferences_window_class_init (TrovePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_preferences_window_dispose;

  g_type_ensure (TROVE_TYPE_ACCOUNT_FORM);
  g_type_ensure (TROVE_TYPE_DOWNLOADS_GROUP);
  g_type_ensure (TROVE_TYPE_CACHE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trove/Trove/"
                                                             "trove-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, paid_group);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, paid_list);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, form);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, downloads_group);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, cache_row);

  for (gsize i = 0; i < G_N_ELEMENTS (forwarded); i++)
    gtk_widget_class_install_action (widget_class, forwarded[i].name, NULL, forward_action);
}

static void
trove_preferences_window_init (TrovePreferencesWindow *self)
{
  g_autofree char *description = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: %d is the price in credits per MB. */
  description = g_strdup_printf (
      ngettext ("When OnlyFans refuses to serve a file directly, OnlyFansAPI can fetch it for %d "
                "credit per MB. Off unless allowed; Trove asks the first time a file needs it.",
                "When OnlyFans refuses to serve a file directly, OnlyFansAPI can fetch it for %d "
                "credits per MB. Off unless allowed; Trove asks the first time a file needs it.",
                TROVE_ONLYFANSAPI_CREDITS_PER_MB),
      TROVE_ONLYFANSAPI_CREDITS_PER_MB);
  adw_preferences_group_set_description (self->paid_group, description);
}

TrovePreferencesWindow *
trove_preferences_window_new (GtkWindow *parent, TroveAccountStore *accounts)
{
  TrovePreferencesWindow *self =
      g_object_new (TROVE_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "modal", TRUE, NULL);

  self->accounts = g_object_ref (accounts);
  trove_account_form_set_accounts (self->form, accounts);
  gtk_list_box_bind_model (self->accounts_list, G_LIST_MODEL (accounts), create_account_row, self,
                           NULL);
  self->onlyfansapi_accounts =
      gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (accounts)),
                                 GTK_FILTER (gtk_custom_filter_new (is_onlyfansapi, NULL, NULL)));
  g_signal_connect_object (self->onlyfansapi_accounts, "items-changed",
                           G_CALLBACK (onlyfansapi_accounts_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->paid_list, G_LIST_MODEL (self->onlyfansapi_accounts),
                           create_paid_row, self, NULL);
  onlyfansapi_accounts_changed_cb (self);

  return self;
}
