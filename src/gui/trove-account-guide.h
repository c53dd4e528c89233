/* trove-account-guide.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "trove-account.h"

G_BEGIN_DECLS

#define TROVE_TYPE_ACCOUNT_GUIDE (trove_account_guide_get_type ())

/* "How to Get These": what to set up at the service before filling in the account form, the
 * steps of one kind of account, with the redirect URI to register and its Copy button (the
 * "prefs.copy-redirect" action). */
G_DECLARE_FINAL_TYPE (TroveAccountGuide, trove_account_guide, TROVE, ACCOUNT_GUIDE, AdwExpanderRow)

void trove_account_guide_set_kind (TroveAccountGuide *self, TroveAccountKind kind);
/* The redirect URI the form holds; empty: the suggested one. */
void trove_account_guide_set_redirect_uri (TroveAccountGuide *self, const char *redirect_uri);

G_END_DECLS
