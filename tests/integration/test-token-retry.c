/* test-token-retry.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renewed tokens the keyring refused are kept in memory and saving them is retried. A newer
 * sign-in of the account stored meanwhile, by this process or by another one, must win: the
 * retry never writes the older pair over it, and the next refresh uses the newer refresh token.
 * Against trove-test-server, with secrets in a real gnome-keyring (run-with-keyring.sh).
 */

#include "config.h"

#include <string.h>

#include "trove-account-credentials.h"
#include "trove-account-store-private.h"
#include "trove-error.h"
#include "trove-oauth.h"
#include "trove-secret-store-private.h"
#include "trove-test-util.h"

#define CLIENT_ID "trove-test-client"
#define CLIENT_SECRET "trove-test-secret"

static TroveTestServerProcess *server;
static SoupSession *session;
static const char *self_path;

typedef struct
{
  GAsyncResult *async;
  gboolean ok;
  char *text;
  TroveOAuthTokens *tokens;
  GError *error;
} Result;

static void
result_clear (Result *r)
{
  g_clear_object (&r->async);
  g_clear_pointer (&r->text, g_free);
  g_clear_pointer (&r->tokens, trove_oauth_tokens_free);
  g_clear_error (&r->error);
  memset (r, 0, sizeof *r);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static char *
read_text_finish (SoupSession *from, GAsyncResult *result, GError **error)
{
  g_autoptr (GBytes) body = soup_session_send_and_read_finish (from, result, error);

  return body ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : NULL;
}

static char *
lookup (const char *account, const char *kind)
{
  g_auto (Result) r = { 0 };

  trove_secret_store_lookup_async (account, kind, NULL, trove_test_async_cb, &r.async);
  r.text = trove_secret_store_lookup_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);
  return g_steal_pointer (&r.text);
}

static guint16
free_port (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

/* GET /users/me with @token; returns the HTTP status. */
static guint
get_me (const char *token)
{
  g_autofree char *url =
      g_strconcat (trove_test_server_process_get_api_url (server), "/users/me", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_auto (Result) r = { 0 };

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Fanvue-API-Version",
                                "2025-06-26");
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, trove_test_async_cb,
                                    &r.async);
  r.text = read_text_finish (session, trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);

  return soup_message_get_status (msg);
}

static void
control_post (const char *path)
{
  g_autofree char *url =
      g_strconcat (trove_test_server_process_get_api_url (server), "/__control", path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_auto (Result) r = { 0 };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, trove_test_async_cb,
                                    &r.async);
  r.text = read_text_finish (session, trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
}

/* A whole sign-in at the test server, as the browser and TroveSignIn do it: authorize, the
 * redirect caught on loopback, the code exchanged. A new token family each time. */
static TroveOAuthTokens *
sign_in (void)
{
  guint16 port = free_port ();
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  g_autofree char *verifier = trove_oauth_new_verifier (NULL);
  g_autofree char *challenge = trove_oauth_compute_challenge (verifier);
  g_autofree char *state = trove_oauth_new_state (NULL);
  g_autofree char *url =
      trove_oauth_build_authorize_url (trove_test_server_process_get_auth_url (server), CLIENT_ID,
                                       redirect, TROVE_OAUTH_SCOPE, state, challenge);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_auto (Result) caught = { 0 };
  g_auto (Result) page = { 0 };
  g_auto (Result) r = { 0 };

  trove_oauth_catch_redirect_async (redirect, state, 30, NULL, trove_test_async_cb, &caught.async);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, trove_test_async_cb,
                                    &page.async);
  page.text = read_text_finish (session, trove_test_wait_async (&page.async, 20), &page.error);
  g_assert_no_error (page.error);
  caught.text =
      trove_oauth_catch_redirect_finish (trove_test_wait_async (&caught.async, 20), &caught.error);
  g_assert_no_error (caught.error);

  trove_oauth_exchange_code_async (session, trove_test_server_process_get_auth_url (server),
                                   CLIENT_ID, CLIENT_SECRET, caught.text, redirect, verifier, NULL,
                                   trove_test_async_cb, &r.async);
  r.tokens = trove_oauth_exchange_code_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.tokens->refresh_token);

  return g_steal_pointer (&r.tokens);
}

/* Stores a sign-in's tokens as TroveSignIn does. */
static void
store_sign_in (TroveAccount *account, const TroveOAuthTokens *tokens)
{
  g_auto (Result) r = { 0 };

  trove_account_credentials_save_tokens_async (account, tokens, NULL, trove_test_async_cb,
                                               &r.async);
  r.ok =
      trove_account_credentials_save_tokens_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);
}

/* An OAuth account of the test server, its client secret in the keyring, signed in. */
static TroveAccount *
signed_in_account (TroveAccountStore *store, const char *name, TroveOAuthTokens **out_tokens)
{
  TroveAccount *account = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, name);
  g_autoptr (TroveOAuthTokens) tokens = NULL;
  g_auto (Result) r = { 0 };

  g_object_set (account, "auth-method", TROVE_AUTH_METHOD_OAUTH, "client-id", CLIENT_ID,
                "auth-base-url", trove_test_server_process_get_auth_url (server), "api-base-url",
                trove_test_server_process_get_api_url (server), NULL);
  trove_secret_store_save_async (trove_account_get_id (account), TROVE_SECRET_CLIENT_SECRET, "test",
                                 CLIENT_SECRET, NULL, trove_test_async_cb, &r.async);
  r.ok = trove_secret_store_save_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);

  tokens = sign_in ();
  store_sign_in (account, tokens);
  *out_tokens = g_steal_pointer (&tokens);

  return account;
}

static char *
account_notice (TroveAccount *account)
{
  char *notice = NULL;

  g_object_get (account, "notice", &notice, NULL);
  return notice;
}

/* Waits until the account's notice about unsaved tokens is gone: the retry has run. */
static void
wait_notice_gone (TroveAccount *account)
{
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *notice = account_notice (account);

      if (notice == NULL)
        return;
      trove_test_spin (50);
    }
  g_error ("the notice about renewed tokens the keyring refused never went away");
}

static char *
token_now (TroveCredentials *credentials)
{
  g_auto (Result) r = { 0 };

  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_get_token_finish (credentials, trove_test_wait_async (&r.async, 20),
                                               &r.error);
  g_assert_no_error (r.error);

  return g_steal_pointer (&r.text);
}

/* The access token expires; this process's keyring saves of refresh tokens are refused
 * @refusals times. The credentials keep the renewed pair in memory, and the retry of the save is
 * pending. Returns the renewed access token. */
static char *
refresh_refused_by_keyring (TroveAccount *account, TroveCredentials *credentials, guint refusals)
{
  g_autofree char *token = NULL;
  g_autofree char *notice = NULL;

  trove_account_set_access_token_expires (account, g_get_real_time () / G_USEC_PER_SEC - 10);
  _trove_secret_store_fail_saves (TROVE_SECRET_REFRESH_TOKEN, refusals);
  token = token_now (credentials);
  g_assert_cmpuint (get_me (token), ==, SOUP_STATUS_OK);
  notice = account_notice (account);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, "keyring"));

  return g_steal_pointer (&token);
}

/* After the retry had its chance: the keyring holds @newer, the credentials hand out its access
 * token, and the next refresh spends @newer's refresh token. */
static void
assert_newer_pair_kept (TroveAccount *account,
                        TroveCredentials *credentials,
                        const TroveOAuthTokens *newer)
{
  const char *id = trove_account_get_id (account);
  g_autofree char *stored_refresh = NULL;
  g_autofree char *stored_access = NULL;
  g_autofree char *token = NULL;
  g_auto (Result) r = { 0 };

  wait_notice_gone (account);
  /* A retry scheduled later still (2 s and more) would write after the notice went. */
  trove_test_spin (2500);

  stored_refresh = lookup (id, TROVE_SECRET_REFRESH_TOKEN);
  stored_access = lookup (id, TROVE_SECRET_ACCESS_TOKEN);
  g_assert_cmpstr (stored_refresh, ==, newer->refresh_token);
  g_assert_cmpstr (stored_access, ==, newer->access_token);
  token = token_now (credentials);
  g_assert_cmpstr (token, ==, newer->access_token);

  /* The next refresh: the newer refresh token is spent by it, and what it gave is stored. */
  control_post ("/expire-tokens");
  trove_credentials_refresh_async (credentials, token, NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_refresh_finish (credentials, trove_test_wait_async (&r.async, 20),
                                             &r.error);
  g_assert_no_error (r.error);
  g_assert_cmpuint (get_me (r.text), ==, SOUP_STATUS_OK);
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_READY);
  g_clear_pointer (&stored_refresh, g_free);
  stored_refresh = lookup (id, TROVE_SECRET_REFRESH_TOKEN);
  g_assert_cmpstr (stored_refresh, !=, newer->refresh_token);
  result_clear (&r);

  /* Spent: presenting it again is refused (and revokes the family: the end of this test). */
  trove_oauth_refresh_async (session, trove_test_server_process_get_auth_url (server), CLIENT_ID,
                             CLIENT_SECRET, newer->refresh_token, NULL, trove_test_async_cb,
                             &r.async);
  r.tokens = trove_oauth_refresh_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_error (r.error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION);
}

/* The user signs in again in this process (Preferences' Reconnect) while a retry is pending. */
static void
test_sign_in_during_retry (void)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  g_autoptr (TroveCredentials) credentials = NULL;
  g_autoptr (TroveOAuthTokens) first = NULL;
  g_autoptr (TroveOAuthTokens) again = NULL;
  g_autofree char *renewed = NULL;
  TroveAccount *account;

  account = signed_in_account (store, "Signed in again", &first);
  credentials = trove_account_credentials_new_with_session (account, session);
  /* Before the refresh: storing it then takes milliseconds, well within the 1 s retry. */
  again = sign_in ();

  renewed = refresh_refused_by_keyring (account, credentials, 1);
  store_sign_in (account, again);

  assert_newer_pair_kept (account, credentials, again);
}

/* Another process signs in again and stores its pair while this one's retry is pending; this
 * process's settings do not hear of it (dconf tells others late, or not at all). */
static void
test_other_process_stores_during_retry (void)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  g_autoptr (TroveCredentials) credentials = NULL;
  g_autoptr (TroveOAuthTokens) first = NULL;
  g_autoptr (TroveOAuthTokens) again = NULL;
  g_autoptr (GSubprocess) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *renewed = NULL;
  g_autofree char *expires_in = NULL;
  TroveAccount *account;

  account = signed_in_account (store, "Signed in elsewhere", &first);
  credentials = trove_account_credentials_new_with_session (account, session);
  again = sign_in ();
  expires_in = g_strdup_printf ("%" G_GINT64_FORMAT, again->expires_in);

  /* This process's saves stay refused until the other process has stored: starting it may take
   * longer than the first retry's second. The fault is this process's only. */
  renewed = refresh_refused_by_keyring (account, credentials, G_MAXUINT);
  other = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--store-tokens",
                            trove_account_get_id (account), again->refresh_token,
                            again->access_token, expires_in, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (other, NULL, &error);
  g_assert_no_error (error);
  _trove_secret_store_fail_saves (NULL, 0);

  assert_newer_pair_kept (account, credentials, again);
}

/* The other process: stores a sign-in's tokens for the account, as TroveSignIn does, with
 * settings of its own (GSETTINGS_BACKEND=memory). */
static int
store_tokens_main (const char *account_id,
                   const char *refresh_token,
                   const char *access_token,
                   const char *expires_in)
{
  g_autoptr (TroveAccount) account = trove_account_new (account_id);
  TroveOAuthTokens tokens = { (char *) access_token, (char *) refresh_token,
                              g_ascii_strtoll (expires_in, NULL, 10), (char *) "Bearer", NULL };

  store_sign_in (account, &tokens);
  return 0;
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_unsetenv ("TROVE_TOKEN");
  g_unsetenv ("SECRET_BACKEND");

  if (argc == 6 && g_str_equal (argv[1], "--store-tokens"))
    return store_tokens_main (argv[2], argv[3], argv[4], argv[5]);

  g_test_init (&argc, &argv, NULL);
  self_path = argv[0];

  server = trove_test_server_process_new (NULL, &error);
  g_assert_no_error (error);
  session = soup_session_new ();

  g_test_add_func ("/token-retry/sign-in-during-retry", test_sign_in_during_retry);
  g_test_add_func ("/token-retry/other-process-stores-during-retry",
                   test_other_process_stores_during_retry);

  ret = g_test_run ();

  g_clear_object (&session);
  trove_test_server_process_free (server);

  return ret;
}
