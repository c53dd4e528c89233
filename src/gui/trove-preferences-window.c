/* trove-preferences-window.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "trove-preferences-window.h"

struct _TrovePreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  TroveAccountStore *accounts;
  GCancellable *cancellable;

  GtkListBox *accounts_list;
};

G_DEFINE_FINAL_TYPE (TrovePreferencesWindow, trove_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_ACCOUNTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
describe_state (TroveAccountState state)
{
  switch (state)
    {
    case TROVE_ACCOUNT_STATE_NEEDS_RECONNECT:
      return _ ("Needs reconnecting");
    case TROVE_ACCOUNT_STATE_CHECKING:
      return _ ("Checking…");
    case TROVE_ACCOUNT_STATE_READY:
    default:
      return NULL;
    }
}

static void
update_row (AdwActionRow *row,
            GParamSpec *pspec,
            TroveAccount *account)
{
  g_autofree char *name = trove_account_dup_display_name (account);
  g_autofree char *subtitle = NULL;
  const char *kind = trove_account_kind_describe (trove_account_get_kind (account));
  const char *state = describe_state (trove_account_get_state (account));
  AdwAvatar *avatar = g_object_get_data (G_OBJECT (row), "trove-avatar");
  GtkWidget *warning = g_object_get_data (G_OBJECT (row), "trove-warning");

  /* Translators: an account's kind and its state, "Fanvue — Needs reconnecting" */
  subtitle = state ? g_strdup_printf (_ ("%s — %s"), kind, state) : g_strdup (kind);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (row, subtitle);
  adw_avatar_set_text (avatar, name);
  gtk_widget_set_visible (warning, trove_account_get_state (account) == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  TroveAccount *account = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, NULL, TRUE);
  GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *name = trove_account_dup_display_name (account);
  g_autofree char *label = g_strdup_printf (_ ("Remove “%s”"), name);

  gtk_widget_set_tooltip_text (warning, _ ("The service refused this account’s key or token: reconnect it."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (warning), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Needs reconnecting"), -1);
  gtk_widget_add_css_class (warning, "warning");

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _ ("Remove Account"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "preferences.remove-account");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", trove_account_get_id (account));

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), warning);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  g_object_set_data (G_OBJECT (row), "trove-avatar", avatar);
  g_object_set_data (G_OBJECT (row), "trove-warning", warning);
  gtk_widget_set_name (row, trove_account_get_id (account));

  update_row (ADW_ACTION_ROW (row), NULL, account);
  g_signal_connect_object (account, "notify::display-name", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::kind", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::state", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);

  return row;
}

static void
removed_cb (GObject *object,
            GAsyncResult *result,
            gpointer user_data)
{
  g_autoptr (TrovePreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!trove_account_store_remove_finish (TROVE_ACCOUNT_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_ ("The account was removed, but its secrets were not: %s"),
                                               error->message);

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
    }
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char *response,
                    TrovePreferencesWindow *self)
{
  TroveAccount *account = g_object_get_data (G_OBJECT (dialog), "trove-account");

  if (g_strcmp0 (response, "remove") != 0 || account == NULL)
    return;

  trove_account_store_remove_async (self->accounts, account, self->cancellable, removed_cb, g_object_ref (self));
}

static void
remove_account_action (GtkWidget *widget,
                       const char *action_name,
                       GVariant *parameter)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (widget);
  TroveAccount *account = trove_account_store_find (self->accounts, g_variant_get_string (parameter, NULL));
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (account == NULL)
    return;

  name = trove_account_dup_display_name (account);
  heading = g_strdup_printf (_ ("Remove “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _ ("Its settings and the keys and tokens in the keyring are deleted. "
                                      "Downloaded files stay where they are."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "remove", _ ("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "trove-account", g_object_ref (account), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
trove_preferences_window_constructed (GObject *object)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (trove_preferences_window_parent_class)->constructed (object);

  gtk_list_box_bind_model (self->accounts_list, G_LIST_MODEL (self->accounts), create_account_row, self, NULL);
}

static void
trove_preferences_window_dispose (GObject *object)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->accounts_list != NULL)
    gtk_list_box_bind_model (self->accounts_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (trove_preferences_window_parent_class)->dispose (object);
}

static void
trove_preferences_window_finalize (GObject *object)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (object);

  g_clear_object (&self->accounts);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (trove_preferences_window_parent_class)->finalize (object);
}

static void
trove_preferences_window_get_property (GObject *object,
                                       guint prop_id,
                                       GValue *value,
                                       GParamSpec *pspec)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNTS:
      g_value_set_object (value, self->accounts);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_preferences_window_set_property (GObject *object,
                                       guint prop_id,
                                       const GValue *value,
                                       GParamSpec *pspec)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNTS:
      self->accounts = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_preferences_window_class_init (TrovePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = trove_preferences_window_constructed;
  object_class->dispose = trove_preferences_window_dispose;
  object_class->finalize = trove_preferences_window_finalize;
  object_class->get_property = trove_preferences_window_get_property;
  object_class->set_property = trove_preferences_window_set_property;

  properties[PROP_ACCOUNTS] =
      g_param_spec_object ("accounts", NULL, NULL, TROVE_TYPE_ACCOUNT_STORE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trove/Trove/trove-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, accounts_list);

  gtk_widget_class_install_action (widget_class, "preferences.remove-account", "s", remove_account_action);
}

static void
trove_preferences_window_init (TrovePreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
trove_preferences_window_new (GtkWindow *parent,
                              TroveAccountStore *accounts)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TROVE_IS_ACCOUNT_STORE (accounts), NULL);

  return g_object_new (TROVE_TYPE_PREFERENCES_WINDOW,
                       "accounts", accounts,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
