/* test-oauth-flow.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole Fanvue sign-in against trove-test-server, with secrets in a real gnome-keyring:
 * authorize → loopback redirect caught → code exchanged → API call → expiry → one refresh
 * with the rotated refresh token stored first → two concurrent 401s share one refresh → a
 * reused refresh token puts the account in needs-reconnect.
 */

#include "config.h"

#include <string.h>

#include "trove-account-credentials.h"
#include "trove-account-store.h"
#include "trove-error.h"
#include "trove-oauth.h"
#include "trove-secret-store.h"
#include "trove-test-util.h"

#define CLIENT_ID "trove-test-client"
#define CLIENT_SECRET "trove-test-secret"

static TroveTestServerProcess *server;
static SoupSession *session;

typedef struct
{
  gboolean done;
  gboolean ok;
  char *text;
  TroveOAuthTokens *tokens;
  GError *error;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->text, g_free);
  g_clear_pointer (&r->tokens, trove_oauth_tokens_free);
  g_clear_error (&r->error);
  memset (r, 0, sizeof *r);
}

static void
caught_cb (GObject *object,
           GAsyncResult *result,
           gpointer user_data)
{
  Result *r = user_data;

  r->text = trove_oauth_catch_redirect_finish (result, &r->error);
  r->done = TRUE;
}

static void
exchanged_cb (GObject *object,
              GAsyncResult *result,
              gpointer user_data)
{
  Result *r = user_data;

  r->tokens = trove_oauth_exchange_code_finish (result, &r->error);
  r->done = TRUE;
}

static void
saved_cb (GObject *object,
          GAsyncResult *result,
          gpointer user_data)
{
  Result *r = user_data;

  r->ok = trove_secret_store_save_finish (result, &r->error);
  r->done = TRUE;
}

static void
tokens_saved_cb (GObject *object,
                 GAsyncResult *result,
                 gpointer user_data)
{
  Result *r = user_data;

  r->ok = trove_account_credentials_save_tokens_finish (result, &r->error);
  r->done = TRUE;
}

static void
looked_up_cb (GObject *object,
              GAsyncResult *result,
              gpointer user_data)
{
  Result *r = user_data;

  r->text = trove_secret_store_lookup_finish (result, &r->error);
  r->done = TRUE;
}

static void
token_cb (GObject *object,
          GAsyncResult *result,
          gpointer user_data)
{
  Result *r = user_data;

  r->text = trove_credentials_get_token_finish (TROVE_CREDENTIALS (object), result, &r->error);
  r->done = TRUE;
}

static void
refreshed_cb (GObject *object,
              GAsyncResult *result,
              gpointer user_data)
{
  Result *r = user_data;

  r->text = trove_credentials_refresh_finish (TROVE_CREDENTIALS (object), result, &r->error);
  r->done = TRUE;
}

static void
fetched_cb (GObject *object,
            GAsyncResult *result,
            gpointer user_data)
{
  Result *r = user_data;
  g_autoptr (GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &r->error);

  if (body != NULL)
    r->text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  r->done = TRUE;
}

static char *
lookup (const char *account,
        const char *kind)
{
  Result r = { 0 };

  trove_secret_store_lookup_async (account, kind, NULL, looked_up_cb, &r);
  trove_test_wait_for (&r.done, 20);
  g_assert_no_error (r.error);
  return r.text;
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

/* GET with the token, as a provider would; returns the HTTP status. */
static guint
get_me (const char *token)
{
  g_autofree char *url = g_strconcat (trove_test_server_process_get_api_url (server), "/users/me", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  Result r = { 0 };
  guint status;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Fanvue-API-Version", "2025-06-26");
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetched_cb, &r);
  trove_test_wait_for (&r.done, 20);
  g_assert_no_error (r.error);
  status = soup_message_get_status (msg);
  result_clear (&r);

  return status;
}

static guint
count_token_requests (void)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (requests, i), "path"),
                   "/oauth2/token") == 0)
      count++;

  return count;
}

/* Signs in through the browser's path, without a browser: the session follows the 302. */
static char *
authorize (const char *redirect,
           const char *state,
           const char *challenge,
           gboolean agency,
           const char *catch_state,
           GError **error)
{
  g_autofree char *url = trove_oauth_build_authorize_url (trove_test_server_process_get_auth_url (server),
                                                          CLIENT_ID, redirect,
                                                          agency ? TROVE_OAUTH_AGENCY_SCOPE : TROVE_OAUTH_SCOPE,
                                                          state, challenge);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  Result caught = { 0 };
  Result page = { 0 };

  trove_oauth_catch_redirect_async (redirect, catch_state, 30, NULL, caught_cb, &caught);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetched_cb, &page);
  trove_test_wait_for (&page.done, 20);
  g_assert_no_error (page.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  result_clear (&page);
  trove_test_wait_for (&caught.done, 20);

  if (caught.error != NULL)
    g_propagate_error (error, g_steal_pointer (&caught.error));
  return g_steal_pointer (&caught.text);
}

static void
test_wrong_state_refused (void)
{
  guint16 port = free_port ();
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  g_autofree char *verifier = trove_oauth_new_verifier (NULL);
  g_autofree char *challenge = trove_oauth_compute_challenge (verifier);
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;

  code = authorize (redirect, "state-sent", challenge, FALSE, "state-expected", &error);
  g_assert_null (code);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION);
  g_assert_nonnull (strstr (error->message, "state"));
}

static void
test_sign_in_refresh_reuse (void)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  g_autoptr (TroveCredentials) credentials = NULL;
  guint16 port = free_port ();
  g_autofree char *redirect = g_strdup_printf ("http://localhost:%u/callback", port);
  g_autofree char *verifier = trove_oauth_new_verifier (NULL);
  g_autofree char *challenge = trove_oauth_compute_challenge (verifier);
  g_autofree char *state = trove_oauth_new_state (NULL);
  g_autofree char *code = NULL;
  g_autofree char *first_access = NULL;
  g_autofree char *first_refresh = NULL;
  g_autofree char *second_access = NULL;
  g_autofree char *stored = NULL;
  g_autoptr (GError) error = NULL;
  TroveAccount *account;
  Result r = { 0 }, r2 = { 0 };
  const char *id;

  account = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, "Signed in");
  id = trove_account_get_id (account);
  g_object_set (account, "auth-method", TROVE_AUTH_METHOD_OAUTH, "client-id", CLIENT_ID,
                "redirect-uri", redirect, "auth-base-url", trove_test_server_process_get_auth_url (server),
                "api-base-url", trove_test_server_process_get_api_url (server), NULL);
  trove_secret_store_save_async (id, TROVE_SECRET_CLIENT_SECRET, "test", CLIENT_SECRET, NULL, saved_cb, &r);
  trove_test_wait_for (&r.done, 20);
  g_assert_true (r.ok);
  result_clear (&r);

  /* authorize → loopback redirect caught */
  code = authorize (redirect, state, challenge, FALSE, state, &error);
  g_assert_no_error (error);
  g_assert_nonnull (code);

  /* A wrong verifier is refused (and burns the code, as a real server does). */
  trove_oauth_exchange_code_async (session, trove_test_server_process_get_auth_url (server), CLIENT_ID,
                                   "wrong-secret", code, redirect, verifier, NULL, exchanged_cb, &r);
  trove_test_wait_for (&r.done, 20);
  g_assert_error (r.error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION);
  g_assert_nonnull (strstr (r.error->message, "client"));
  result_clear (&r);

  /* code exchanged */
  trove_oauth_exchange_code_async (session, trove_test_server_process_get_auth_url (server), CLIENT_ID,
                                   CLIENT_SECRET, code, redirect, verifier, NULL, exchanged_cb, &r);
  trove_test_wait_for (&r.done, 20);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.tokens->refresh_token);
  g_assert_cmpint (r.tokens->expires_in, >, 0);
  trove_account_credentials_save_tokens_async (account, r.tokens, NULL, tokens_saved_cb, &r2);
  trove_test_wait_for (&r2.done, 20);
  g_assert_no_error (r2.error);
  first_access = g_strdup (r.tokens->access_token);
  first_refresh = g_strdup (r.tokens->refresh_token);
  result_clear (&r);
  result_clear (&r2);
  g_assert_cmpint (trove_account_get_access_token_expires (account), >, g_get_real_time () / G_USEC_PER_SEC + 60);

  /* API call succeeds with the credentials' token */
  credentials = trove_account_credentials_new_with_session (account, session);
  trove_credentials_get_token_async (credentials, NULL, token_cb, &r);
  trove_test_wait_for (&r.done, 20);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.text, ==, first_access);
  g_assert_cmpuint (get_me (r.text), ==, 200);
  result_clear (&r);

  /* access token expires (in 30 s: within the margin) → one refresh, shared by two callers */
  trove_test_server_process_reset (server);
  trove_account_set_access_token_expires (account, g_get_real_time () / G_USEC_PER_SEC + 30);
  trove_credentials_get_token_async (credentials, NULL, token_cb, &r);
  trove_credentials_get_token_async (credentials, NULL, token_cb, &r2);
  trove_test_wait_for (&r.done, 20);
  trove_test_wait_for (&r2.done, 20);
  g_assert_no_error (r.error);
  g_assert_no_error (r2.error);
  g_assert_cmpstr (r.text, !=, first_access);
  g_assert_cmpstr (r.text, ==, r2.text);
  g_assert_cmpuint (count_token_requests (), ==, 1);
  second_access = g_strdup (r.text);
  g_assert_cmpuint (get_me (second_access), ==, 200);
  result_clear (&r);
  result_clear (&r2);

  /* the rotated refresh token and the new access token are stored */
  stored = lookup (id, TROVE_SECRET_REFRESH_TOKEN);
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored, !=, first_refresh);
  g_clear_pointer (&stored, g_free);
  stored = lookup (id, TROVE_SECRET_ACCESS_TOKEN);
  g_assert_cmpstr (stored, ==, second_access);
  g_clear_pointer (&stored, g_free);

  /* two concurrent 401s → one refresh; a late 401 for an old token gets the current one */
  trove_test_server_process_reset (server);
  trove_credentials_refresh_async (credentials, second_access, NULL, refreshed_cb, &r);
  trove_credentials_refresh_async (credentials, second_access, NULL, refreshed_cb, &r2);
  trove_test_wait_for (&r.done, 20);
  trove_test_wait_for (&r2.done, 20);
  g_assert_no_error (r.error);
  g_assert_no_error (r2.error);
  g_assert_cmpstr (r.text, ==, r2.text);
  g_assert_cmpstr (r.text, !=, second_access);
  g_assert_cmpuint (count_token_requests (), ==, 1);
  result_clear (&r2);
  trove_credentials_refresh_async (credentials, first_access, NULL, refreshed_cb, &r2);
  trove_test_wait_for (&r2.done, 20);
  g_assert_cmpstr (r2.text, ==, r.text);
  g_assert_cmpuint (count_token_requests (), ==, 1);
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_READY);
  result_clear (&r2);

  /* a reused refresh token: the server revokes the family, the account needs reconnecting */
  trove_secret_store_save_async (id, TROVE_SECRET_REFRESH_TOKEN, "test", first_refresh, NULL, saved_cb, &r2);
  trove_test_wait_for (&r2.done, 20);
  g_assert_true (r2.ok);
  result_clear (&r2);
  trove_credentials_refresh_async (credentials, r.text, NULL, refreshed_cb, &r2);
  trove_test_wait_for (&r2.done, 20);
  g_assert_error (r2.error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION);
  g_assert_nonnull (strstr (r2.error->message, "Reconnect this account"));
  g_assert_null (strstr (r2.error->message, first_refresh));
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  /* The family is revoked: the last access token no longer works either. */
  g_assert_cmpuint (get_me (r.text), ==, 401);
  result_clear (&r);
  result_clear (&r2);
}

int
main (int argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_unsetenv ("TROVE_TOKEN");
  g_unsetenv ("SECRET_BACKEND");
  g_test_init (&argc, &argv, NULL);

  server = trove_test_server_process_new (NULL, &error);
  g_assert_no_error (error);
  session = soup_session_new ();

  g_test_add_func ("/oauth-flow/wrong-state-refused", test_wrong_state_refused);
  g_test_add_func ("/oauth-flow/sign-in-refresh-reuse", test_sign_in_refresh_reuse);

  ret = g_test_run ();

  g_clear_object (&session);
  trove_test_server_process_free (server);

  return ret;
}
