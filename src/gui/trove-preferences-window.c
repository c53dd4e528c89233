/* trove-preferences-window.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-credentials.h"
#include "trove-avatar-text.h"
#include "trove-error.h"
#include "trove-fanvue-agency-provider.h"
#include "trove-fanvue-provider.h"
#include "trove-filename-template.h"
#include "trove-http-client.h"
#include "trove-media-private.h"
#include "trove-oauth.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-preferences-window.h"
#include "trove-secret-store.h"
#include "trove-static-credentials.h"

struct _TrovePreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GtkListBox *accounts_list;
  AdwComboRow *kind_row;
  AdwEntryRow *name_row;
  AdwEntryRow *token_row;
  AdwEntryRow *client_id_row;
  AdwEntryRow *client_secret_row;
  AdwEntryRow *redirect_row;
  AdwEntryRow *landed_row;
  AdwExpanderRow *guide_row;
  AdwActionRow *guide_create_app_row;
  AdwActionRow *guide_scopes_row;
  AdwActionRow *guide_redirect_row;
  AdwActionRow *guide_credentials_row;
  AdwActionRow *guide_api_key_row;
  AdwActionRow *guide_onlyfans_account_row;
  GtkWidget *sign_in_button;
  AdwEntryRow *creator_row;
  AdwEntryRow *onlyfans_row;
  AdwComboRow *found_accounts_row;
  GtkStringList *found_accounts;
  GPtrArray *found_ids; /* acct_... of each entry of found_accounts */
  AdwEntryRow *api_url_row;
  AdwEntryRow *auth_url_row;
  GtkLabel *add_status;
  AdwPreferencesGroup *form_group;
  GtkLabel *save_label;
  GtkWidget *cancel_edit_button;
  AdwActionRow *folder_row;
  AdwEntryRow *template_row;
  AdwActionRow *preview_row;
  GtkSpinButton *concurrency_spin;
  GtkSwitch *file_times_switch;
  GtkSwitch *provenance_switch;
  AdwActionRow *cache_row;

  TroveAccountStore *accounts;
  TroveAccount *adding;  /* while its secret is being saved */
  TroveAccount *editing; /* the account the form edits; NULL while it adds one */
  char *verifier;        /* of the sign-in in progress */
  char *state;
  char *authorize_url; /* the address the browser was sent to */
  GCancellable *catching;
  GSettings *settings;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (TrovePreferencesWindow, trove_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* What the form suggests: a loopback address Trove can listen on. */
#define SUGGESTED_REDIRECT_URI "http://127.0.0.1:53682/callback"

static void
say (TrovePreferencesWindow *self,
     const char *text,
     gboolean problem)
{
  gtk_label_set_label (self->add_status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->add_status), text != NULL);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->add_status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->add_status), "error");
}

static TroveAccountKind
selected_kind (TrovePreferencesWindow *self)
{
  return (TroveAccountKind) adw_combo_row_get_selected (self->kind_row);
}

/* The redirect URI the user registers with the Fanvue app: the form's, or the suggested one. */
static const char *
redirect_to_register (TrovePreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->redirect_row));

  return *text ? text : SUGGESTED_REDIRECT_URI;
}

static void
redirect_changed_cb (TrovePreferencesWindow *self)
{
  adw_action_row_set_subtitle (self->guide_redirect_row, redirect_to_register (self));
}

/* The guide shows the steps of the selected service; Fanvue's scopes are those Trove asks for,
 * since Fanvue refuses a sign-in whose scopes differ from the app's. */
static void
update_guide (TrovePreferencesWindow *self,
              TroveAccountKind kind)
{
  gboolean fanvue = kind != TROVE_ACCOUNT_KIND_ONLYFANSAPI;
  const char *scopes = kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY
                           ? "openid, offline_access, offline, read:self, read:chat, read:creator"
                           : "openid, offline_access, offline, read:self, read:chat";
  g_autofree char *scopes_text = g_strdup_printf (_ ("%s. No more, no fewer: Fanvue refuses a sign-in whose scopes differ from the app’s."), scopes);

  gtk_widget_set_visible (GTK_WIDGET (self->guide_create_app_row), fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_scopes_row), fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_redirect_row), fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_credentials_row), fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_api_key_row), !fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_onlyfans_account_row), !fanvue);
  adw_action_row_set_subtitle (self->guide_scopes_row, scopes_text);
  redirect_changed_cb (self);
}

static void
copy_redirect_action (GtkWidget *widget,
                      const char *action_name,
                      GVariant *parameter)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), redirect_to_register (self));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_ ("Redirect URI copied")));
}

static void
kind_changed_cb (TrovePreferencesWindow *self)
{
  TroveAccountKind kind = selected_kind (self);

  gboolean fanvue = kind != TROVE_ACCOUNT_KIND_ONLYFANSAPI;

  update_guide (self, kind);

  gtk_widget_set_visible (GTK_WIDGET (self->creator_row), kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY);
  gtk_widget_set_visible (GTK_WIDGET (self->client_id_row), fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->client_secret_row), fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->redirect_row), fanvue);
  gtk_widget_set_visible (self->sign_in_button, fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->onlyfans_row), kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI);
  gtk_widget_set_visible (GTK_WIDGET (self->found_accounts_row),
                          kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI && self->found_ids != NULL && self->found_ids->len > 0);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row),
                                 kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? _ ("API key") : _ ("Or paste an access token (expires in about an hour)"));
  say (self, NULL, FALSE);
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Another account than the one edited has @name. */
static gboolean
name_taken (TrovePreferencesWindow *self,
            const char *name)
{
  TroveAccount *other = trove_account_store_find (self->accounts, name);

  return other != NULL && other != self->editing;
}

/* Checks the form; the first problem is named inline and nothing is saved. */
static gboolean
form_is_valid (TrovePreferencesWindow *self,
               gboolean to_save)
{
  TroveAccountKind kind = selected_kind (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (text_of (self->name_row)));

  if (to_save && *name == '\0')
    say (self, _ ("Give the account a name."), TRUE);
  else if (to_save && name_taken (self, name))
    say (self, _ ("There is already an account with that name."), TRUE);
  else if (*text_of (self->token_row) == '\0' && self->editing == NULL)
    say (self, kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? _ ("Paste the API key.") : _ ("Paste the access token."), TRUE);
  else if (kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY && !g_uuid_string_is_valid (text_of (self->creator_row)))
    say (self, _ ("The creator UUID looks like 7c9e6679-7425-40de-944b-e07fc1f90ae7."), TRUE);
  else if (kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI && !g_str_has_prefix (text_of (self->onlyfans_row), "acct_"))
    say (self, _ ("The OnlyFansAPI account id starts with acct_."), TRUE);
  else if (*text_of (self->api_url_row) != '\0' && !trove_account_check_base_url (text_of (self->api_url_row), &error))
    say (self, error->message, TRUE);
  else
    return TRUE;

  return FALSE;
}

static TroveProvider *
form_provider (TrovePreferencesWindow *self)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new (text_of (self->token_row));
  TroveAccountKind kind = selected_kind (self);
  const char *api = *text_of (self->api_url_row)             ? text_of (self->api_url_row)
                    : kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? TROVE_ONLYFANSAPI_DEFAULT_API_URL
                                                             : TROVE_FANVUE_DEFAULT_API_URL;

  switch (kind)
    {
    case TROVE_ACCOUNT_KIND_FANVUE_AGENCY:
      return trove_fanvue_agency_provider_new (NULL, api, credentials, text_of (self->creator_row));
    case TROVE_ACCOUNT_KIND_ONLYFANSAPI:
      return trove_onlyfansapi_provider_new (NULL, api, credentials, text_of (self->onlyfans_row));
    case TROVE_ACCOUNT_KIND_FANVUE:
    default:
      return trove_fanvue_provider_new (NULL, api, credentials);
    }
}

static void
identified_cb (GObject *object,
               GAsyncResult *result,
               gpointer user_data)
{
  g_autoptr (TrovePreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveUser) user = trove_provider_identify_finish (TROVE_PROVIDER (object), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (user == NULL)
    {
      say (self, error->message, TRUE);
      return;
    }

  text = g_strdup_printf (_ ("Signed in as %s (@%s)."), trove_user_get_display_name (user) ? trove_user_get_display_name (user) : trove_user_get_id (user),
                          trove_user_get_handle (user) ? trove_user_get_handle (user) : "");
  say (self, text, FALSE);
}

static void
test_connection_action (GtkWidget *widget,
                        const char *action_name,
                        GVariant *parameter)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (widget);
  g_autoptr (TroveProvider) provider = NULL;

  if (!form_is_valid (self, FALSE))
    return;
  if (*text_of (self->token_row) == '\0')
    {
      say (self, _ ("Paste the key or token to test it."), TRUE);
      return;
    }

  say (self, _ ("Checking…"), FALSE);
  provider = form_provider (self);
  trove_provider_identify_async (provider, self->cancellable, identified_cb, g_object_ref (self));
}

/* The form's settings onto @account; the auth method too when a new key or token comes with them. */
static void
apply_form (TrovePreferencesWindow *self,
            TroveAccount *account,
            gboolean new_secret)
{
  TroveAccountKind kind = trove_account_get_kind (account);
  GSettings *settings = trove_account_get_settings (account);
  g_autofree char *name = g_strstrip (g_strdup (text_of (self->name_row)));

  trove_account_store_rename (self->accounts, account, name);
  g_settings_set_string (settings, "api-base-url", text_of (self->api_url_row));
  g_settings_set_string (settings, "auth-base-url", text_of (self->auth_url_row));
  if (kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY)
    g_settings_set_string (settings, "creator-uuid", text_of (self->creator_row));
  if (kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI)
    g_settings_set_string (settings, "onlyfans-account-id", text_of (self->onlyfans_row));
  if (new_secret)
    {
      g_settings_set_enum (settings, "auth-method", kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? TROVE_AUTH_METHOD_API_KEY : TROVE_AUTH_METHOD_ACCESS_TOKEN);
      trove_account_set_state (account, TROVE_ACCOUNT_STATE_READY);
    }
}

static void set_editing (TrovePreferencesWindow *self, TroveAccount *account);

static void
saved_cb (GObject *object,
          GAsyncResult *result,
          gpointer user_data)
{
  g_autoptr (TrovePreferencesWindow) self = user_data;
  g_autoptr (TroveAccount) account = g_steal_pointer (&self->adding);
  g_autoptr (GError) error = NULL;

  if (!trove_secret_store_save_finish (result, &error))
    {
      /* Without its secret a new account is useless: take it back out. */
      if (account != self->editing)
        trove_account_store_remove (self->accounts, account);
      say (self, error->message, TRUE);
      return;
    }

  if (account == self->editing)
    {
      apply_form (self, account, TRUE);
      set_editing (self, NULL);
      say (self, _ ("Changes saved."), FALSE);
      return;
    }

  say (self, _ ("Account added."), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
}

/* The key or token worked: only now is anything saved. */
static void
verified_cb (GObject *object,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr (TrovePreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveUser) user = trove_provider_identify_finish (TROVE_PROVIDER (object), result, &error);
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  TroveAccount *account;

  if (user == NULL)
    {
      if (g_error_matches (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION))
        say (self, selected_kind (self) == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? _ ("OnlyFansAPI rejected this API key. Check that you pasted all of it.") : _ ("Fanvue rejected this access token: it is wrong or has expired."),
             TRUE);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, error->message, TRUE);
      return;
    }

  name = g_strstrip (g_strdup (text_of (self->name_row)));
  if (self->editing != NULL)
    account = self->editing;
  else
    {
      account = trove_account_store_add (self->accounts, selected_kind (self), name);
      apply_form (self, account, TRUE);
    }

  /* Translators: the name of the account's secret in the keyring (Passwords and Keys) */
  label = g_strdup_printf (_ ("Trove: %s"), name);
  self->adding = g_object_ref (account);
  trove_secret_store_save_async (trove_account_get_id (account), trove_account_credentials_secret_kind (account), label,
                                 text_of (self->token_row), self->cancellable, saved_cb, g_object_ref (self));
}

static void
add_account_action (GtkWidget *widget,
                    const char *action_name,
                    GVariant *parameter)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (widget);
  g_autoptr (TroveProvider) provider = NULL;

  if (self->adding != NULL || !form_is_valid (self, TRUE))
    return;

  /* Edited without a new key or token: the one in the keyring stays. */
  if (self->editing != NULL && *text_of (self->token_row) == '\0')
    {
      apply_form (self, self->editing, FALSE);
      set_editing (self, NULL);
      say (self, _ ("Changes saved."), FALSE);
      return;
    }

  say (self, _ ("Checking…"), FALSE);
  provider = form_provider (self);
  trove_provider_identify_async (provider, self->cancellable, verified_cb, g_object_ref (self));
}

/* OnlyFansAPI: which accounts the key reaches, to pick from. */

static void
found_account_selected_cb (TrovePreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->found_accounts_row);

  if (self->found_ids != NULL && selected < self->found_ids->len)
    gtk_editable_set_text (GTK_EDITABLE (self->onlyfans_row), g_ptr_array_index (self->found_ids, selected));
}

static void
accounts_found_cb (GObject *object,
                   GAsyncResult *result,
                   gpointer user_data)
{
  g_autoptr (TrovePreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) accounts = trove_onlyfansapi_provider_list_accounts_finish (TROVE_ONLYFANSAPI_PROVIDER (object), result, &error);
  guint first_usable = G_MAXUINT;

  if (accounts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, error->message, TRUE);
      return;
    }

  if (accounts->len == 0)
    {
      say (self, _ ("This key reaches no OnlyFans account. Connect one in the OnlyFansAPI console."), TRUE);
      return;
    }

  g_clear_pointer (&self->found_ids, g_ptr_array_unref);
  self->found_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_splice (self->found_accounts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->found_accounts)), NULL);

  for (guint i = 0; i < accounts->len; i++)
    {
      TroveUser *user = g_ptr_array_index (accounts, i);
      const char *name = trove_user_get_display_name (user) ? trove_user_get_display_name (user) : trove_user_get_id (user);
      g_autofree char *label = trove_user_get_authenticated (user)
                                   ? g_strdup_printf ("%s (@%s)", name, trove_user_get_handle (user) ? trove_user_get_handle (user) : "")
                                   : g_strdup_printf (_ ("%s — reconnect it in the OnlyFansAPI console"), name);

      gtk_string_list_append (self->found_accounts, label);
      g_ptr_array_add (self->found_ids, g_strdup (trove_user_get_id (user)));
      if (first_usable == G_MAXUINT && trove_user_get_authenticated (user))
        first_usable = i;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->found_accounts_row), TRUE);
  adw_combo_row_set_selected (self->found_accounts_row, first_usable == G_MAXUINT ? 0 : first_usable);
  found_account_selected_cb (self);
  say (self, NULL, FALSE);
}

static void
find_accounts_action (GtkWidget *widget,
                      const char *action_name,
                      GVariant *parameter)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (widget);
  g_autoptr (TroveCredentials) credentials = NULL;
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (GError) error = NULL;
  const char *api = *text_of (self->api_url_row) ? text_of (self->api_url_row) : TROVE_ONLYFANSAPI_DEFAULT_API_URL;

  if (*text_of (self->token_row) == '\0')
    {
      say (self, _ ("Paste the API key first."), TRUE);
      return;
    }
  if (!trove_account_check_base_url (api, &error))
    {
      say (self, error->message, TRUE);
      return;
    }

  say (self, _ ("Looking for the accounts of this key…"), FALSE);
  credentials = trove_static_credentials_new (text_of (self->token_row));
  provider = trove_onlyfansapi_provider_new (NULL, api, credentials, "");
  trove_onlyfansapi_provider_list_accounts_async (TROVE_ONLYFANSAPI_PROVIDER (provider), self->cancellable,
                                                  accounts_found_cb, g_object_ref (self));
}

/* Fanvue sign-in: browser, code, tokens, then the account. */

static void
signed_in_saved_cb (GObject *object,
                    GAsyncResult *result,
                    gpointer user_data)
{
  g_autoptr (TrovePreferencesWindow) self = user_data;
  g_autoptr (TroveAccount) account = g_steal_pointer (&self->adding);
  g_autoptr (GError) error = NULL;

  if (!trove_account_credentials_save_tokens_finish (result, &error))
    {
      if (account != self->editing)
        trove_account_store_remove (self->accounts, account);
      say (self, error->message, TRUE);
      return;
    }

  trove_account_set_state (account, TROVE_ACCOUNT_STATE_READY);
  if (account == self->editing)
    set_editing (self, NULL);
  say (self, _ ("Signed in. The account renews its access by itself."), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->landed_row), FALSE);
}

static void
client_secret_saved_cb (GObject *object,
                        GAsyncResult *result,
                        gpointer user_data)
{
  g_autoptr (TrovePreferencesWindow) self = user_data;
  TroveOAuthTokens *tokens = g_object_get_data (G_OBJECT (self), "tokens");
  g_autoptr (GError) error = NULL;

  if (!trove_secret_store_save_finish (result, &error))
    {
      g_autoptr (TroveAccount) account = g_steal_pointer (&self->adding);

      if (account != self->editing)
        trove_account_store_remove (self->accounts, account);
      say (self, error->message, TRUE);
      return;
    }

  trove_account_credentials_save_tokens_async (self->adding, tokens, self->cancellable, signed_in_saved_cb, g_object_ref (self));
}

static void
tokens_cb (GObject *object,
           GAsyncResult *result,
           gpointer user_data)
{
  g_autoptr (TrovePreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveOAuthTokens) tokens = trove_oauth_exchange_code_finish (result, &error);
  TroveAccountKind kind = selected_kind (self);
  g_autofree char *name = NULL;
  GSettings *settings;

  if (tokens == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, error->message, TRUE);
      return;
    }

  name = g_strstrip (g_strdup (text_of (self->name_row)));
  self->adding = g_object_ref (self->editing ? self->editing : trove_account_store_add (self->accounts, kind, name));
  apply_form (self, self->adding, FALSE);
  settings = trove_account_get_settings (self->adding);
  g_settings_set_string (settings, "client-id", text_of (self->client_id_row));
  g_settings_set_string (settings, "redirect-uri", text_of (self->redirect_row));
  g_settings_set_enum (settings, "auth-method", TROVE_AUTH_METHOD_OAUTH);

  g_object_set_data_full (G_OBJECT (self), "tokens", g_steal_pointer (&tokens), (GDestroyNotify) trove_oauth_tokens_free);
  trove_secret_store_save_async (trove_account_get_id (self->adding), TROVE_SECRET_CLIENT_SECRET, "Trove client secret",
                                 text_of (self->client_secret_row), self->cancellable, client_secret_saved_cb, g_object_ref (self));
}

static void
exchange_code (TrovePreferencesWindow *self,
               const char *code)
{
  say (self, _ ("Signing in…"), FALSE);
  trove_oauth_exchange_code_async (trove_http_client_get_session (trove_http_client_get_default ()),
                                   *text_of (self->auth_url_row) ? text_of (self->auth_url_row) : TROVE_FANVUE_DEFAULT_AUTH_URL,
                                   text_of (self->client_id_row), text_of (self->client_secret_row), code,
                                   text_of (self->redirect_row), self->verifier, self->cancellable, tokens_cb, g_object_ref (self));
}

static void
caught_cb (GObject *object,
           GAsyncResult *result,
           gpointer user_data)
{
  g_autoptr (TrovePreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *code = trove_oauth_catch_redirect_finish (result, &error);

  if (code == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, error->message, TRUE);
      return;
    }

  exchange_code (self, code);
}

/* When Trove cannot catch the redirect, the user pastes where the browser landed. */
static void
landed_applied_cb (TrovePreferencesWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;

  if (self->state == NULL)
    return;

  if (!trove_oauth_parse_redirect (text_of (self->landed_row), text_of (self->redirect_row), self->state, &code, &error))
    {
      say (self, error->message, TRUE);
      return;
    }

  /* A code is exchanged once: Enter pressed again does nothing until the next sign-in. */
  g_clear_pointer (&self->state, g_free);
  exchange_code (self, code);
}

/* No browser came up: say so in the form (gtk_show_uri() pops up a bare "Could not show link"
 * dialog while the form says Trove is waiting), and hand the user the address to open. The
 * loopback catcher keeps waiting. */
static void
browser_shown_cb (GObject *object,
                  GAsyncResult *result,
                  gpointer user_data)
{
  g_autoptr (TrovePreferencesWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->authorize_url == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->authorize_url);
  text = g_strdup_printf (_ ("Trove could not open a web browser (%s). The sign-in address is on the clipboard: paste it into a browser to go on."),
                          error->message);
  say (self, text, TRUE);
}

static void
sign_in_action (GtkWidget *widget,
                const char *action_name,
                GVariant *parameter)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (widget);
  TroveAccountKind kind = selected_kind (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strstrip (g_strdup (text_of (self->name_row)));
  g_autofree char *challenge = NULL;
  g_autofree char *url = NULL;
  const char *auth = *text_of (self->auth_url_row) ? text_of (self->auth_url_row) : TROVE_FANVUE_DEFAULT_AUTH_URL;

  if (*name == '\0')
    {
      say (self, _ ("Give the account a name."), TRUE);
      return;
    }
  if (name_taken (self, name))
    {
      say (self, _ ("There is already an account with that name."), TRUE);
      return;
    }
  if (*text_of (self->client_id_row) == '\0' || *text_of (self->client_secret_row) == '\0')
    {
      say (self, _ ("Enter the client ID and secret of the app you registered in Fanvue’s developer area."), TRUE);
      return;
    }
  if (kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY && !g_uuid_string_is_valid (text_of (self->creator_row)))
    {
      say (self, _ ("The creator UUID looks like 7c9e6679-7425-40de-944b-e07fc1f90ae7."), TRUE);
      return;
    }
  if (!trove_account_check_base_url (auth, &error) ||
      (*text_of (self->api_url_row) != '\0' && !trove_account_check_base_url (text_of (self->api_url_row), &error)))
    {
      say (self, error->message, TRUE);
      return;
    }

  g_clear_pointer (&self->verifier, g_free);
  g_clear_pointer (&self->state, g_free);
  self->verifier = trove_oauth_new_verifier (&error);
  self->state = self->verifier ? trove_oauth_new_state (&error) : NULL;
  if (self->state == NULL)
    {
      say (self, error->message, TRUE);
      return;
    }

  challenge = trove_oauth_compute_challenge (self->verifier);
  url = trove_oauth_build_authorize_url (auth, text_of (self->client_id_row), text_of (self->redirect_row),
                                         kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY ? TROVE_OAUTH_AGENCY_SCOPE : TROVE_OAUTH_SCOPE,
                                         self->state, challenge);

  if (self->catching != NULL)
    g_cancellable_cancel (self->catching);
  g_clear_object (&self->catching);

  if (trove_oauth_redirect_is_loopback (text_of (self->redirect_row), NULL))
    {
      self->catching = g_cancellable_new ();
      trove_oauth_catch_redirect_async (text_of (self->redirect_row), self->state, 0, self->catching, caught_cb, g_object_ref (self));
      say (self, _ ("Finish signing in in your browser; Trove is waiting for it."), FALSE);
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->landed_row), "");
      gtk_widget_set_visible (GTK_WIDGET (self->landed_row), TRUE);
      say (self, _ ("Finish signing in in your browser, then paste the address it lands on below and press Enter."), FALSE);
    }

  g_free (self->authorize_url);
  self->authorize_url = g_strdup (url);
  gtk_show_uri_full (GTK_WINDOW (self), url, GDK_CURRENT_TIME, self->cancellable, browser_shown_cb, g_object_ref (self));
}

static void
set_text_from (AdwEntryRow *row,
               GSettings *settings,
               const char *key,
               gboolean even_empty)
{
  g_autofree char *text = g_settings_get_string (settings, key);

  if (*text || even_empty)
    gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* The form edits @account (filled in from it), or adds a new one when NULL. */
static void
set_editing (TrovePreferencesWindow *self,
             TroveAccount *account)
{
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  g_autofree char *escaped_name = NULL;
  GSettings *settings;

  g_set_object (&self->editing, account);
  gtk_widget_set_visible (self->cancel_edit_button, account != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), account == NULL);
  /* A label of its own: a button's own mnemonic label is read out as "_Add Account Add Account". */
  gtk_label_set_text_with_mnemonic (self->save_label, account ? _ ("_Save Changes") : _ ("_Add Account"));
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->landed_row), FALSE);

  if (account == NULL)
    {
      adw_preferences_group_set_title (self->form_group, _ ("Add an Account"));
      adw_preferences_group_set_description (self->form_group, NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
      return;
    }

  name = trove_account_dup_display_name (account);
  /* A group's title is markup, and the name is the user's. */
  escaped_name = g_markup_escape_text (name, -1);
  title = g_strdup_printf (_ ("Edit “%s”"), escaped_name);
  settings = trove_account_get_settings (account);
  adw_preferences_group_set_title (self->form_group, title);
  adw_preferences_group_set_description (self->form_group, _ ("Leave the key or token empty to keep the one in the keyring."));
  adw_combo_row_set_selected (self->kind_row, trove_account_get_kind (account));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  set_text_from (self->api_url_row, settings, "api-base-url", TRUE);
  set_text_from (self->auth_url_row, settings, "auth-base-url", TRUE);
  set_text_from (self->creator_row, settings, "creator-uuid", TRUE);
  set_text_from (self->onlyfans_row, settings, "onlyfans-account-id", TRUE);
  set_text_from (self->client_id_row, settings, "client-id", FALSE);
  set_text_from (self->redirect_row, settings, "redirect-uri", FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
cancel_edit_action (GtkWidget *widget,
                    const char *action_name,
                    GVariant *parameter)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (widget);

  set_editing (self, NULL);
  say (self, NULL, FALSE);
}

static void
edit_clicked_cb (GtkButton *button,
                 TrovePreferencesWindow *self)
{
  set_editing (self, g_object_get_data (G_OBJECT (button), "account"));
  say (self, NULL, FALSE);
}

/* A rejected refresh or a revoked key: sign in again, or paste a new key or token. */
static void
reconnect_clicked_cb (GtkButton *button,
                      TrovePreferencesWindow *self)
{
  TroveAccount *account = g_object_get_data (G_OBJECT (button), "account");

  set_editing (self, account);
  if (trove_account_get_kind (account) == TROVE_ACCOUNT_KIND_ONLYFANSAPI)
    say (self, _ ("Paste a new API key, then save. If the OnlyFans account itself was disconnected, reconnect it in the OnlyFansAPI console first."), FALSE);
  else
    say (self, _ ("Enter the client secret and sign in with the browser again, or paste a new access token, then save."), FALSE);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char *response,
                    TrovePreferencesWindow *self)
{
  TroveAccount *account = g_object_get_data (G_OBJECT (dialog), "account");

  if (g_strcmp0 (response, "remove") == 0)
    trove_account_store_remove (self->accounts, account);
}

static void
remove_clicked_cb (GtkButton *button,
                   TrovePreferencesWindow *self)
{
  TroveAccount *account = g_object_get_data (G_OBJECT (button), "account");
  g_autofree char *name = trove_account_dup_display_name (account);
  g_autofree char *heading = g_strdup_printf (_ ("Remove “%s”?"), name);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _ ("Its key or token is deleted from the keyring. Downloaded files stay.")));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "remove", _ ("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "account", g_object_ref (account), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Title and subtitle follow the account: renamed, or in need of reconnecting. */
static void
update_account_row (AdwActionRow *row,
                    GParamSpec *pspec,
                    TroveAccount *account)
{
  GtkWidget *reconnect = g_object_get_data (G_OBJECT (row), "reconnect");
  g_autofree char *name = trove_account_dup_display_name (account);
  const char *kind = trove_account_kind_describe (trove_account_get_kind (account));
  g_autofree char *subtitle = trove_account_get_state (account) == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT
                                  ? g_strdup_printf (_ ("%s — Needs reconnecting"), kind)
                                  : g_strdup (kind);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (row, subtitle);
  if (reconnect != NULL)
    gtk_widget_set_visible (reconnect, trove_account_get_state (account) == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
}

/* A button at the end of an account's row. */
static GtkWidget *
add_row_button (GtkWidget *row,
                TroveAccount *account,
                const char *icon_or_label,
                gboolean is_icon,
                const char *tooltip,
                const char *accessible_label,
                GCallback clicked,
                gpointer user_data)
{
  GtkWidget *button = is_icon ? gtk_button_new_from_icon_name (icon_or_label) : gtk_button_new_with_mnemonic (icon_or_label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (is_icon)
    gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  g_object_set_data_full (G_OBJECT (button), "account", g_object_ref (account), g_object_unref);
  g_signal_connect (button, "clicked", clicked, user_data);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return button;
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  TroveAccount *account = item;
  g_autofree char *name = trove_account_dup_display_name (account);
  g_autofree char *reconnect_label = g_strdup_printf (_ ("Reconnect %s"), name);
  g_autofree char *edit_label = g_strdup_printf (_ ("Edit %s"), name);
  g_autofree char *remove_label = g_strdup_printf (_ ("Remove %s"), name);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *avatar_text = trove_avatar_text (name);
  GtkWidget *reconnect;

  gtk_widget_set_name (row, trove_account_get_id (account));
  /* Names are the user's text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), adw_avatar_new (32, avatar_text, TRUE));

  reconnect = add_row_button (row, account, _ ("_Reconnect"), FALSE, _ ("Sign in again"), reconnect_label,
                              G_CALLBACK (reconnect_clicked_cb), user_data);
  gtk_widget_set_name (reconnect, "reconnect");
  g_object_set_data (G_OBJECT (row), "reconnect", reconnect);
  gtk_widget_set_name (add_row_button (row, account, "document-edit-symbolic", TRUE, _ ("Edit"), edit_label,
                                       G_CALLBACK (edit_clicked_cb), user_data),
                       "edit");
  add_row_button (row, account, "user-trash-symbolic", TRUE, _ ("Remove"), remove_label, G_CALLBACK (remove_clicked_cb), user_data);

  update_account_row (ADW_ACTION_ROW (row), NULL, account);
  g_signal_connect_object (account, "notify::display-name", G_CALLBACK (update_account_row), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::state", G_CALLBACK (update_account_row), row, G_CONNECT_SWAPPED);

  return row;
}

/* An example item, so that the template's effect is visible as it is typed. */
static void
template_changed_cb (TrovePreferencesWindow *self)
{
  const char *template_text = text_of (self->template_row);
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveMedia) media = NULL;
  g_autoptr (GDateTime) sent = NULL;
  g_autofree char *example = NULL;

  if (!trove_filename_template_check (template_text, &error))
    {
      adw_action_row_set_subtitle (self->preview_row, error->message);
      return;
    }

  media = trove_media_new ("8f14e45f-ceea-4e7a-9bd2-1c7a4f5b6c3d", "a1b2c3", "sam", TROVE_MEDIA_KIND_VIDEO);
  sent = g_date_time_new_utc (2024, 1, 15, 10, 30, 0);
  trove_media_set_name (media, "Rooftop sunset.mp4");
  trove_media_set_sent_at (media, sent);
  example = trove_filename_template_render (template_text, media, "Mira Solberg", "Sam A.");
  adw_action_row_set_subtitle (self->preview_row, example);
  g_settings_set_string (self->settings, "filename-template", template_text);
}

static char *
download_folder (TrovePreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "download-folder");
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  if (*folder)
    return g_steal_pointer (&folder);
  return g_build_filename (downloads ? downloads : g_get_home_dir (), "Trove", NULL);
}

static void
folder_chosen_cb (GtkNativeDialog *dialog,
                  int response,
                  TrovePreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (folder);

      g_settings_set_string (self->settings, "download-folder", path);
      adw_action_row_set_subtitle (self->folder_row, path);
    }
  g_object_unref (dialog);
}

static void
choose_folder_action (GtkWidget *widget,
                      const char *action_name,
                      GVariant *parameter)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_ ("Download Folder"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("_Select"), NULL);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (folder_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static char *
cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "trove", "thumbnails", NULL);
}

static guint64
tree_size (GFile *file)
{
  g_autoptr (GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                                    G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;
  guint64 total = 0;

  while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_autoptr (GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          total += tree_size (child);
        }
      else
        total += g_file_info_get_size (info);
      g_object_unref (info);
    }

  return total;
}

static void
update_cache_row (TrovePreferencesWindow *self)
{
  g_autofree char *path = cache_dir ();
  g_autoptr (GFile) dir = g_file_new_for_path (path);
  g_autofree char *size = g_format_size (tree_size (dir));
  g_autofree char *subtitle = g_strdup_printf (_ ("%s used"), size);

  adw_action_row_set_subtitle (self->cache_row, subtitle);
}

static void
delete_tree (GFile *file)
{
  g_autoptr (GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr (GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      delete_tree (child);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

static void
clear_cache_action (GtkWidget *widget,
                    const char *action_name,
                    GVariant *parameter)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (widget);
  g_autofree char *path = cache_dir ();
  g_autoptr (GFile) dir = g_file_new_for_path (path);

  delete_tree (dir);
  update_cache_row (self);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_ ("Thumbnail cache cleared")));
}

/* Closed (gtk_window_destroy() does not dispose while the catcher holds the window): stop
 * listening for the browser, which frees the port and the window. */
static void
trove_preferences_window_unrealize (GtkWidget *widget)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (widget);

  if (self->catching != NULL)
    g_cancellable_cancel (self->catching);

  GTK_WIDGET_CLASS (trove_preferences_window_parent_class)->unrealize (widget);
}

static void
trove_preferences_window_dispose (GObject *object)
{
  TrovePreferencesWindow *self = TROVE_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->catching != NULL)
    g_cancellable_cancel (self->catching);
  g_clear_object (&self->catching);
  g_clear_pointer (&self->verifier, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->authorize_url, g_free);
  g_clear_pointer (&self->found_ids, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->adding);
  g_clear_object (&self->editing);
  g_clear_object (&self->accounts);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (trove_preferences_window_parent_class)->dispose (object);
}

static void
trove_preferences_window_class_init (TrovePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_preferences_window_dispose;
  widget_class->unrealize = trove_preferences_window_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trove/Trove/trove-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, kind_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, client_secret_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, redirect_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, landed_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, guide_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, guide_create_app_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, guide_scopes_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, guide_redirect_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, guide_credentials_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, guide_api_key_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, guide_onlyfans_account_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, creator_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, onlyfans_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, found_accounts_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, found_accounts);
  gtk_widget_class_bind_template_callback (widget_class, found_account_selected_cb);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, api_url_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, auth_url_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, add_status);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, form_group);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, save_label);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, cancel_edit_button);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, template_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, preview_row);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, file_times_switch);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, provenance_switch);
  gtk_widget_class_bind_template_child (widget_class, TrovePreferencesWindow, cache_row);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_changed_cb);

  gtk_widget_class_install_action (widget_class, "prefs.test-connection", NULL, test_connection_action);
  gtk_widget_class_install_action (widget_class, "prefs.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "prefs.copy-redirect", NULL, copy_redirect_action);
  gtk_widget_class_install_action (widget_class, "prefs.find-accounts", NULL, find_accounts_action);
  gtk_widget_class_install_action (widget_class, "prefs.add-account", NULL, add_account_action);
  gtk_widget_class_install_action (widget_class, "prefs.cancel-edit", NULL, cancel_edit_action);
  gtk_widget_class_install_action (widget_class, "prefs.choose-folder", NULL, choose_folder_action);
  gtk_widget_class_install_action (widget_class, "prefs.clear-cache", NULL, clear_cache_action);
}

static void
trove_preferences_window_init (TrovePreferencesWindow *self)
{
  g_autofree char *folder = NULL;
  g_autofree char *template_text = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->landed_row, "apply", G_CALLBACK (landed_applied_cb), self);
  adw_entry_row_set_show_apply_button (self->landed_row, TRUE);
  g_signal_connect_swapped (self->redirect_row, "changed", G_CALLBACK (redirect_changed_cb), self);
  kind_changed_cb (self);
  self->settings = g_settings_new (BASE_APPLICATION_ID);

  folder = download_folder (self);
  adw_action_row_set_subtitle (self->folder_row, folder);
  template_text = g_settings_get_string (self->settings, "filename-template");
  gtk_editable_set_text (GTK_EDITABLE (self->template_row), template_text);
  g_settings_bind (self->settings, "max-concurrent-downloads", self->concurrency_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "set-file-times", self->file_times_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "write-provenance", self->provenance_switch, "active", G_SETTINGS_BIND_DEFAULT);
  update_cache_row (self);
}

TrovePreferencesWindow *
trove_preferences_window_new (GtkWindow *parent,
                              TroveAccountStore *accounts)
{
  TrovePreferencesWindow *self = g_object_new (TROVE_TYPE_PREFERENCES_WINDOW,
                                               "transient-for", parent,
                                               "modal", TRUE,
                                               NULL);

  self->accounts = g_object_ref (accounts);
  gtk_list_box_bind_model (self->accounts_list, G_LIST_MODEL (accounts), create_account_row, self, NULL);

  return self;
}
