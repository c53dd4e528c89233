/* trove-account-credentials-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the credentials object (trove-account-credentials.c) and its token refresh
 * (trove-account-credentials-refresh.c) share. Inside the auth layer only.
 */

#pragma once

#include "trove-account-credentials.h"
#include "trove-refresh-lock.h"

G_BEGIN_DECLS

struct _TroveAccountCredentials
{
  GObject parent_instance;

  TroveAccount *account;
  SoupSession *session; /* NULL: the default HTTP client's */
  char *token;          /* after the first lookup */
  gboolean looked_up;

  /* The refresh in flight, shared by every caller that needs it. */
  GPtrArray *waiters; /* GTask */
  GCancellable *cancellable;
  gboolean running;    /* a refresh or a save holds or awaits the account's lock */
  char *rejected;      /* the token the waiters want replaced (refused, or expiring) */
  char *refresh_token; /* meanwhile */
  TroveRefreshLock *lock;

  /* Renewed tokens the keyring has not taken yet: the only valid refresh token may be here. */
  TroveOAuthTokens *unsaved;
  gint64 unsaved_expires;
  /* What the keyring held when they were renewed. Anything else found there later was stored
   * after them (a sign-in, here or in another process): saving them then would undo it. */
  char *unsaved_base_refresh;
  char *unsaved_base_access;
  char *stored_access; /* the keyring's access token, read before a refresh */
  guint retry_seconds;
  GSource *save_retry;
  gboolean after_refresh; /* the run refreshed: its waiters get the new token */
};

/* The access token expires within the refresh margin of @expires (0: never). */
gboolean trove_account_credentials_expires_soon_at (gint64 expires);
/* An authentication error that asks the user to reconnect the account, after @why. */
GError *trove_account_credentials_reconnect_error (TroveAccountCredentials *self, const char *why);

/* Adds @task (owned) to the waiters of the refresh in flight, or starts one to replace
 * @rejected; the task returns the new token. */
void trove_account_credentials_join_refresh (TroveAccountCredentials *self,
                                             GTask *task,
                                             const char *rejected);
/* Saves the renewed tokens kept in memory now, instead of at the pending retry. */
void trove_account_credentials_save_unsaved_now (TroveAccountCredentials *self);
/* Stops a retry of saving renewed tokens that is waiting. */
void trove_account_credentials_cancel_save_retry (TroveAccountCredentials *self);

G_END_DECLS
