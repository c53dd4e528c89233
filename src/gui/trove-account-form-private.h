/* trove-account-form-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-account-form.h"
#include "trove-account-guide.h"
#include "trove-onlyfans-account-picker.h"
#include "trove-sign-in.h"

G_BEGIN_DECLS

struct _TroveAccountForm
{
  AdwPreferencesGroup parent_instance;

  AdwComboRow *kind_row;
  AdwEntryRow *name_row;
  AdwEntryRow *token_row;
  AdwEntryRow *client_id_row;
  AdwEntryRow *client_secret_row;
  AdwEntryRow *redirect_row;
  AdwEntryRow *landed_row;
  TroveAccountGuide *guide_row;
  GtkWidget *sign_in_button;
  AdwEntryRow *creator_row;
  AdwEntryRow *onlyfans_row;
  TroveOnlyfansAccountPicker *found_accounts_row;
  AdwEntryRow *api_url_row;
  AdwEntryRow *auth_url_row;
  GtkLabel *add_status;
  GtkLabel *save_label;
  GtkWidget *cancel_edit_button;

  TroveAccountStore *accounts;
  TroveAccount *adding;  /* while its secret is being saved */
  TroveAccount *editing; /* the account the form edits; NULL while it adds one */
  TroveSignIn *sign_in;  /* the browser sign-in in progress */
  GCancellable *signing; /* of sign_in's wait */
  GCancellable *cancellable;
};

/* What the form's files share: the form (trove-account-form.c) and its browser sign-in
 * (trove-account-form-sign-in.c). */
void
_trove_account_form_apply_form (TroveAccountForm *self, TroveAccount *account, gboolean new_secret);
gboolean _trove_account_form_name_is_valid (TroveAccountForm *self);
void _trove_account_form_say (TroveAccountForm *self, const char *text, gboolean problem);
TroveAccountKind _trove_account_form_selected_kind (TroveAccountForm *self);
void _trove_account_form_set_editing (TroveAccountForm *self, TroveAccount *account);
const char *_trove_account_form_text_of (AdwEntryRow *row);
void _trove_account_form_landed_applied_cb (TroveAccountForm *self);
void _trove_account_form_sign_in_action (GtkWidget *widget,
                                         const char *action_name,
                                         GVariant *parameter);
void _trove_account_form_stop_signing_in (TroveAccountForm *self);

G_END_DECLS
