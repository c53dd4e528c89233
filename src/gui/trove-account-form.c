/* trove-account-form.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-context.h"
#include "trove-account-credentials.h"
#include "trove-account-form-private.h"
#include "trove-account-guide.h"
#include "trove-error.h"
#include "trove-onlyfans-account-picker.h"
#include "trove-secret-store.h"
#include "trove-sign-in.h"

G_DEFINE_FINAL_TYPE (TroveAccountForm, trove_account_form, ADW_TYPE_PREFERENCES_GROUP)

void
_trove_account_form_say (TroveAccountForm *self, const char *text, gboolean problem)
{
  gtk_label_set_label (self->add_status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->add_status), text != NULL);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->add_status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->add_status), "error");
}

TroveAccountKind
_trove_account_form_selected_kind (TroveAccountForm *self)
{
  return (TroveAccountKind) adw_combo_row_get_selected (self->kind_row);
}

const char *
_trove_account_form_text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
redirect_changed_cb (TroveAccountForm *self)
{
  trove_account_guide_set_redirect_uri (self->guide_row,
                                        _trove_account_form_text_of (self->redirect_row));
}

static void
kind_changed_cb (TroveAccountForm *self)
{
  TroveAccountKind kind = _trove_account_form_selected_kind (self);
  gboolean fanvue = kind != TROVE_ACCOUNT_KIND_ONLYFANSAPI;

  trove_account_guide_set_kind (self->guide_row, kind);

  gtk_widget_set_visible (GTK_WIDGET (self->creator_row), kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY);
  gtk_widget_set_visible (GTK_WIDGET (self->client_id_row), fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->client_secret_row), fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->redirect_row), fanvue);
  gtk_widget_set_visible (self->sign_in_button, fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->onlyfans_row), kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI);
  gtk_widget_set_visible (GTK_WIDGET (self->found_accounts_row),
                          kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI &&
                              trove_onlyfans_account_picker_has_accounts (
                                  self->found_accounts_row));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row),
                                 kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI
                                     ? _ ("API key")
                                     : _ ("Or paste an access token (expires in about an hour)"));
  _trove_account_form_say (self, NULL, FALSE);
}

/* Another account than the one edited has @name. */
static gboolean
name_taken (TroveAccountForm *self, const char *name)
{
  TroveAccount *other = trove_account_store_find (self->accounts, name);

  return other != NULL && other != self->editing;
}

/* The name is given and no other account has it; otherwise says what is wrong. */
gboolean
_trove_account_form_name_is_valid (TroveAccountForm *self)
{
  g_autofree char *name = g_strstrip (g_strdup (_trove_account_form_text_of (self->name_row)));

  if (*name == '\0')
    _trove_account_form_say (self, _ ("Give the account a name."), TRUE);
  else if (name_taken (self, name))
    _trove_account_form_say (self, _ ("There is already an account with that name."), TRUE);
  else
    return TRUE;

  return FALSE;
}

/* Checks the form; the first problem is named inline and nothing is saved. */
static gboolean
form_is_valid (TroveAccountForm *self, gboolean to_save)
{
  TroveAccountKind kind = _trove_account_form_selected_kind (self);
  g_autoptr (GError) error = NULL;

  if (to_save && !_trove_account_form_name_is_valid (self))
    return FALSE;
  if (*_trove_account_form_text_of (self->token_row) == '\0' && self->editing == NULL)
    _trove_account_form_say (self,
                             kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? _ ("Paste the API key.")
                                                                    : _ ("Paste the access token."),
                             TRUE);
  else if ((kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY &&
            !trove_account_check_creator_uuid (_trove_account_form_text_of (self->creator_row),
                                               &error)) ||
           (kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI &&
            !trove_account_check_onlyfans_account_id (_trove_account_form_text_of (
                                                          self->onlyfans_row),
                                                      &error)) ||
           (*_trove_account_form_text_of (self->api_url_row) != '\0' &&
            !trove_account_check_base_url (_trove_account_form_text_of (self->api_url_row),
                                           &error)))
    _trove_account_form_say (self, error->message, TRUE);
  else
    return TRUE;

  return FALSE;
}

/* Tries the form's key or token out, without saving anything. */
static void
identify (TroveAccountForm *self, GAsyncReadyCallback callback)
{
  g_autoptr (TroveProvider) provider =
      trove_account_context_create_trial_provider (trove_account_context_get_default (),
                                                   _trove_account_form_selected_kind (self),
                                                   _trove_account_form_text_of (self->api_url_row),
                                                   _trove_account_form_text_of (self->token_row),
                                                   _trove_account_form_text_of (self->creator_row),
                                                   _trove_account_form_text_of (
                                                       self->onlyfans_row));

  _trove_account_form_say (self, _ ("Checking…"), FALSE);
  trove_provider_identify_async (provider, self->cancellable, callback, g_object_ref (self));
}

static void
identified_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveAccountForm) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveUser) user =
      trove_provider_identify_finish (TROVE_PROVIDER (object), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (user == NULL)
    {
      _trove_account_form_say (self, error->message, TRUE);
      return;
    }

  text = g_strdup_printf (_ ("Signed in as %s (@%s)."),
                          trove_user_get_display_name (user) ? trove_user_get_display_name (user)
                                                             : trove_user_get_id (user),
                          trove_user_get_handle (user) ? trove_user_get_handle (user) : "");
  _trove_account_form_say (self, text, FALSE);
}

static void
test_connection_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveAccountForm *self = TROVE_ACCOUNT_FORM (widget);

  if (!form_is_valid (self, FALSE))
    return;
  if (*_trove_account_form_text_of (self->token_row) == '\0')
    {
      _trove_account_form_say (self, _ ("Paste the key or token to test it."), TRUE);
      return;
    }

  identify (self, identified_cb);
}

/* The form's settings onto @account; the auth method too when a new key or token comes with them.
 */
void
_trove_account_form_apply_form (TroveAccountForm *self, TroveAccount *account, gboolean new_secret)
{
  TroveAccountKind kind = trove_account_get_kind (account);
  g_autofree char *name = g_strstrip (g_strdup (_trove_account_form_text_of (self->name_row)));

  trove_account_store_rename (self->accounts, account, name);
  g_object_set (account, "api-base-url", _trove_account_form_text_of (self->api_url_row),
                "auth-base-url", _trove_account_form_text_of (self->auth_url_row), NULL);
  if (kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY)
    g_object_set (account, "creator-uuid", _trove_account_form_text_of (self->creator_row), NULL);
  if (kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI)
    g_object_set (account, "onlyfans-account-id", _trove_account_form_text_of (self->onlyfans_row),
                  NULL);
  if (new_secret)
    {
      trove_account_set_auth_method (account, kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI
                                                  ? TROVE_AUTH_METHOD_API_KEY
                                                  : TROVE_AUTH_METHOD_ACCESS_TOKEN);
      trove_account_set_state (account, TROVE_ACCOUNT_STATE_READY);
    }
}

static void
saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveAccountForm) self = user_data;
  g_autoptr (TroveAccount) account = g_steal_pointer (&self->adding);
  g_autoptr (GError) error = NULL;

  if (!trove_secret_store_save_finish (result, &error))
    {
      /* Without its secret a new account is useless: take it back out. */
      if (account != self->editing)
        trove_account_store_remove (self->accounts, account);
      _trove_account_form_say (self, error->message, TRUE);
      return;
    }

  if (account == self->editing)
    {
      _trove_account_form_apply_form (self, account, TRUE);
      _trove_account_form_set_editing (self, NULL);
      _trove_account_form_say (self, _ ("Changes saved."), FALSE);
      return;
    }

  _trove_account_form_say (self, _ ("Account added."), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
}

/* The key or token worked: only now is anything saved. */
static void
verified_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveAccountForm) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveUser) user =
      trove_provider_identify_finish (TROVE_PROVIDER (object), result, &error);
  g_autofree char *name = NULL, *label = NULL;
  TroveAccount *account;

  if (user == NULL)
    {
      if (g_error_matches (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION))
        _trove_account_form_say (
            self,
            _trove_account_form_selected_kind (self) == TROVE_ACCOUNT_KIND_ONLYFANSAPI
                ? _ ("OnlyFansAPI rejected this API key. Check that you pasted all of it.")
                : _ ("Fanvue rejected this access token: it is wrong or has expired."),
            TRUE);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _trove_account_form_say (self, error->message, TRUE);
      return;
    }

  name = g_strstrip (g_strdup (_trove_account_form_text_of (self->name_row)));
  if (self->editing != NULL)
    account = self->editing;
  else
    {
      account =
          trove_account_store_add (self->accounts, _trove_account_form_selected_kind (self), name);
      _trove_account_form_apply_form (self, account, TRUE);
    }

  /* Translators: the name of the account's secret in the keyring (Passwords and Keys) */
  label = g_strdup_printf (_ ("Trove: %s"), name);
  self->adding = g_object_ref (account);
  trove_secret_store_save_async (trove_account_get_id (account),
                                 trove_account_credentials_secret_kind (account), label,
                                 _trove_account_form_text_of (self->token_row), self->cancellable,
                                 saved_cb, g_object_ref (self));
}

static void
add_account_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveAccountForm *self = TROVE_ACCOUNT_FORM (widget);

  if (self->adding != NULL || !form_is_valid (self, TRUE))
    return;

  /* Edited without a new key or token: the one in the keyring stays. */
  if (self->editing != NULL && *_trove_account_form_text_of (self->token_row) == '\0')
    {
      _trove_account_form_apply_form (self, self->editing, FALSE);
      _trove_account_form_set_editing (self, NULL);
      _trove_account_form_say (self, _ ("Changes saved."), FALSE);
      return;
    }

  identify (self, verified_cb);
}

/* OnlyFansAPI: which accounts the key reaches, to pick from. */

static void
found_account_picked_cb (TroveAccountForm *self)
{
  const char *id = trove_onlyfans_account_picker_get_account_id (self->found_accounts_row);

  if (id != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->onlyfans_row), id);
}

static void
accounts_found_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveAccountForm) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!trove_onlyfans_account_picker_find_finish (TROVE_ONLYFANS_ACCOUNT_PICKER (object), result,
                                                  &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _trove_account_form_say (self, error->message, TRUE);
      return;
    }

  _trove_account_form_say (self, NULL, FALSE);
}

static void
find_accounts_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveAccountForm *self = TROVE_ACCOUNT_FORM (widget);
  g_autoptr (GError) error = NULL;
  const char *api = _trove_account_form_text_of (self->api_url_row);

  if (*_trove_account_form_text_of (self->token_row) == '\0')
    {
      _trove_account_form_say (self, _ ("Paste the API key first."), TRUE);
      return;
    }
  if (*api != '\0' && !trove_account_check_base_url (api, &error))
    {
      _trove_account_form_say (self, error->message, TRUE);
      return;
    }

  _trove_account_form_say (self, _ ("Looking for the accounts of this key…"), FALSE);
  trove_onlyfans_account_picker_find_async (self->found_accounts_row, api,
                                            _trove_account_form_text_of (self->token_row),
                                            self->cancellable, accounts_found_cb,
                                            g_object_ref (self));
}

/* Fanvue sign-in: browser, code, tokens, then the account. */

static void
set_text_from (AdwEntryRow *row, TroveAccount *account, const char *property, gboolean even_empty)
{
  g_autofree char *text = NULL;

  g_object_get (account, property, &text, NULL);
  if ((text && *text) || even_empty)
    gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

/* The form edits @account (filled in from it), or adds a new one when NULL. */
void
_trove_account_form_set_editing (TroveAccountForm *self, TroveAccount *account)
{
  g_autofree char *title = NULL, *name = NULL, *escaped_name = NULL;

  g_set_object (&self->editing, account);
  gtk_widget_set_visible (self->cancel_edit_button, account != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), account == NULL);
  /* A label of its own: a button's own mnemonic label is read out as "_Add Account Add Account". */
  gtk_label_set_text_with_mnemonic (self->save_label,
                                    account ? _ ("_Save Changes") : _ ("_Add Account"));
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->landed_row), FALSE);

  if (account == NULL)
    {
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _ ("Add an Account"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
      return;
    }

  name = trove_account_dup_display_name (account);
  /* A group's title is markup, and the name is the user's. */
  escaped_name = g_markup_escape_text (name, -1);
  title = g_strdup_printf (_ ("Edit “%s”"), escaped_name);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _ ("Leave the key or token empty to keep the one in the "
                                            "keyring."));
  adw_combo_row_set_selected (self->kind_row, trove_account_get_kind (account));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  set_text_from (self->api_url_row, account, "api-base-url", TRUE);
  set_text_from (self->auth_url_row, account, "auth-base-url", TRUE);
  set_text_from (self->creator_row, account, "creator-uuid", TRUE);
  set_text_from (self->onlyfans_row, account, "onlyfans-account-id", TRUE);
  set_text_from (self->client_id_row, account, "client-id", FALSE);
  set_text_from (self->redirect_row, account, "redirect-uri", FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
cancel_edit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  trove_account_form_edit (TROVE_ACCOUNT_FORM (widget), NULL);
}

void
trove_account_form_set_accounts (TroveAccountForm *self, TroveAccountStore *accounts)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_FORM (self));

  g_set_object (&self->accounts, accounts);
}

void
trove_account_form_edit (TroveAccountForm *self, TroveAccount *account)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_FORM (self));

  _trove_account_form_set_editing (self, account);
  _trove_account_form_say (self, NULL, FALSE);
}

/* A rejected refresh or a revoked key: sign in again, or paste a new key or token. */
void
trove_account_form_reconnect (TroveAccountForm *self, TroveAccount *account)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_FORM (self));

  _trove_account_form_set_editing (self, account);
  if (trove_account_get_kind (account) == TROVE_ACCOUNT_KIND_ONLYFANSAPI)
    _trove_account_form_say (self,
                             _ ("Paste a new API key, then save. If the OnlyFans account itself "
                                "was disconnected, "
                                "reconnect it in the OnlyFansAPI console first."),
                             FALSE);
  else
    _trove_account_form_say (self,
                             _ ("Enter the client secret and sign in with the browser again, or "
                                "paste a new access "
                                "token, then save."),
                             FALSE);
}

/* Closed (gtk_window_destroy() does not dispose while the catcher holds the form): stop
 * listening for the browser, which frees the port and the form. */
static void
trove_account_form_unrealize (GtkWidget *widget)
{
  TroveAccountForm *self = TROVE_ACCOUNT_FORM (widget);

  if (self->signing != NULL)
    g_cancellable_cancel (self->signing);

  GTK_WIDGET_CLASS (trove_account_form_parent_class)->unrealize (widget);
}

static void
trove_account_form_dispose (GObject *object)
{
  TroveAccountForm *self = TROVE_ACCOUNT_FORM (object);

  g_cancellable_cancel (self->cancellable);
  _trove_account_form_stop_signing_in (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_ACCOUNT_FORM);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->adding);
  g_clear_object (&self->editing);
  g_clear_object (&self->accounts);

  G_OBJECT_CLASS (trove_account_form_parent_class)->dispose (object);
}

static void
trove_account_form_class_init (TroveAccountFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_account_form_dispose;
  widget_class->unrealize = trove_account_form_unrealize;

  g_type_ensure (TROVE_TYPE_ACCOUNT_GUIDE);
  g_type_ensure (TROVE_TYPE_ONLYFANS_ACCOUNT_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-account-form.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, token_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, client_secret_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, redirect_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, landed_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, guide_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, creator_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, onlyfans_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, found_accounts_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, api_url_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, auth_url_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, add_status);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, save_label);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountForm, cancel_edit_button);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, found_account_picked_cb);

  gtk_widget_class_install_action (widget_class, "prefs.test-connection", NULL,
                                   test_connection_action);
  gtk_widget_class_install_action (widget_class, "prefs.sign-in", NULL,
                                   _trove_account_form_sign_in_action);
  gtk_widget_class_install_action (widget_class, "prefs.find-accounts", NULL, find_accounts_action);
  gtk_widget_class_install_action (widget_class, "prefs.add-account", NULL, add_account_action);
  gtk_widget_class_install_action (widget_class, "prefs.cancel-edit", NULL, cancel_edit_action);
}

static void
trove_account_form_init (TroveAccountForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->landed_row, "apply",
                            G_CALLBACK (_trove_account_form_landed_applied_cb), self);
  adw_entry_row_set_show_apply_button (self->landed_row, TRUE);
  g_signal_connect_swapped (self->redirect_row, "changed", G_CALLBACK (redirect_changed_cb), self);
  redirect_changed_cb (self);
  kind_changed_cb (self);
}
