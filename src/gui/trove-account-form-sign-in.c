/* trove-account-form-sign-in.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account form's Fanvue sign-in with the browser: starting TroveSignIn, the address pasted
 * back when the browser cannot reach Trove, and saving the account once signed in.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-context.h"
#include "trove-account-credentials.h"
#include "trove-account-form-private.h"
#include "trove-error.h"
#include "trove-secret-store.h"

static void
signed_in_saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveAccountForm) self = user_data;
  g_autoptr (TroveAccount) account = g_steal_pointer (&self->adding);
  g_autoptr (GError) error = NULL;

  if (!trove_sign_in_save_finish (TROVE_SIGN_IN (object), result, &error))
    {
      if (account != self->editing)
        trove_account_store_remove (self->accounts, account);
      _trove_account_form_say (self, error->message, TRUE);
      return;
    }

  if (account == self->editing)
    _trove_account_form_set_editing (self, NULL);
  _trove_account_form_say (self, _ ("Signed in. The account renews its access by itself."), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->landed_row), FALSE);
}

/* The browser's answer was exchanged for tokens: now the account is added and they are saved. */
static void
signed_in_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveAccountForm) self = user_data;
  TroveSignIn *sign_in = TROVE_SIGN_IN (object);
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;

  if (!trove_sign_in_wait_finish (sign_in, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _trove_account_form_say (self, error->message, TRUE);
      return;
    }

  name = g_strstrip (g_strdup (_trove_account_form_text_of (self->name_row)));
  self->adding = g_object_ref (
      self->editing ? self->editing
                    : trove_account_store_add (self->accounts,
                                               _trove_account_form_selected_kind (self), name));
  _trove_account_form_apply_form (self, self->adding, FALSE);
  _trove_account_form_say (self, _ ("Signing in…"), FALSE);
  trove_sign_in_save_async (sign_in, self->adding, self->cancellable, signed_in_saved_cb,
                            g_object_ref (self));
}

/* When Trove cannot catch the redirect, the user pastes where the browser landed. */
void
_trove_account_form_landed_applied_cb (TroveAccountForm *self)
{
  g_autoptr (GError) error = NULL;

  if (self->sign_in == NULL)
    return;

  if (trove_sign_in_take_landed_uri (self->sign_in, _trove_account_form_text_of (self->landed_row),
                                     &error))
    _trove_account_form_say (self, _ ("Signing in…"), FALSE);
  else if (error != NULL)
    _trove_account_form_say (self, error->message, TRUE);
}

/* No browser came up: _trove_account_form_say so in the form (gtk_show_uri() pops up a bare "Could
 * not show link" dialog while the form says Trove is waiting), and hand the user the address to
 * open. The loopback catcher keeps waiting. */
static void
browser_shown_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveAccountForm) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->sign_in == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                          trove_sign_in_get_authorize_url (self->sign_in));
  text = g_strdup_printf (_ ("Trove could not open a web browser (%s). The sign-in address is on "
                             "the clipboard: paste it into a browser to go on."),
                          error->message);
  _trove_account_form_say (self, text, TRUE);
}

void
_trove_account_form_stop_signing_in (TroveAccountForm *self)
{
  if (self->signing != NULL)
    g_cancellable_cancel (self->signing);
  g_clear_object (&self->signing);
  g_clear_object (&self->sign_in);
}

void
_trove_account_form_sign_in_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveAccountForm *self = TROVE_ACCOUNT_FORM (widget);
  TroveAccountKind kind = _trove_account_form_selected_kind (self);
  g_autoptr (GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!_trove_account_form_name_is_valid (self))
    return;
  if (*_trove_account_form_text_of (self->client_id_row) == '\0' ||
      *_trove_account_form_text_of (self->client_secret_row) == '\0')
    {
      _trove_account_form_say (self,
                               _ ("Enter the client ID and secret of the app you registered in "
                                  "Fanvue’s developer "
                                  "area."),
                               TRUE);
      return;
    }
  if ((kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY &&
       !trove_account_check_creator_uuid (_trove_account_form_text_of (self->creator_row),
                                          &error)) ||
      (*_trove_account_form_text_of (self->api_url_row) != '\0' &&
       !trove_account_check_base_url (_trove_account_form_text_of (self->api_url_row), &error)))
    {
      _trove_account_form_say (self, error->message, TRUE);
      return;
    }

  _trove_account_form_stop_signing_in (self);
  self->sign_in = trove_sign_in_new (kind, _trove_account_form_text_of (self->auth_url_row),
                                     _trove_account_form_text_of (self->client_id_row),
                                     _trove_account_form_text_of (self->client_secret_row),
                                     _trove_account_form_text_of (self->redirect_row), &error);
  if (self->sign_in == NULL)
    {
      _trove_account_form_say (self, error->message, TRUE);
      return;
    }

  self->signing = g_cancellable_new ();
  trove_sign_in_wait_async (self->sign_in, self->signing, signed_in_cb, g_object_ref (self));
  if (trove_sign_in_get_catches_redirect (self->sign_in))
    _trove_account_form_say (self,
                             _ ("Finish signing in in your browser; Trove is waiting for it."),
                             FALSE);
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->landed_row), "");
      gtk_widget_set_visible (GTK_WIDGET (self->landed_row), TRUE);
      _trove_account_form_say (self,
                               _ ("Finish signing in in your browser, then paste the address it "
                                  "lands on below and "
                                  "press Enter."),
                               FALSE);
    }

  gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                     trove_sign_in_get_authorize_url (self->sign_in), GDK_CURRENT_TIME,
                     self->cancellable, browser_shown_cb, g_object_ref (self));
}

/* Editing */
