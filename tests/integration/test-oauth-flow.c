/* test-oauth-flow.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole Fanvue sign-in against trove-test-server, with secrets in a real gnome-keyring:
 * authorize → loopback redirect caught → code exchanged → API call → expiry → one refresh
 * with the rotated refresh token stored first → two concurrent 401s share one refresh → a
 * reused refresh token puts the account in needs-reconnect. Then the refresh of one account
 * by several providers and by several processes at once (one request reaches the token
 * endpoint), and renewed tokens the keyring refuses to store.
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include <string.h>

#include "trove-account-credentials.h"
#include "trove-account-context.h"
#include "trove-account-store-private.h"
#include "trove-error.h"
#include "trove-http-client.h"
#include "trove-oauth.h"
#include "trove-secret-store-private.h"
#include "trove-test-util.h"

#define CLIENT_ID "trove-test-client"
#define CLIENT_SECRET "trove-test-secret"

static TroveTestServerProcess *server;
static SoupSession *session;
static const char *cli_path;

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

/* soup_session_send_and_read_finish, as text. */
static char *
read_text_finish (SoupSession *from, GAsyncResult *result, GError **error)
{
  g_autoptr (GBytes) body = soup_session_send_and_read_finish (from, result, error);

  return body ? g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body)) : NULL;
}

static char *
lookup (const char *account, const char *kind)
{
  Result r = { 0 };

  trove_secret_store_lookup_async (account, kind, NULL, trove_test_async_cb, &r.async);
  r.text = trove_secret_store_lookup_finish (trove_test_wait_async (&r.async, 20), &r.error);
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
  g_autofree char *url =
      g_strconcat (trove_test_server_process_get_api_url (server), "/users/me", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  Result r = { 0 };
  guint status;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Fanvue-API-Version",
                                "2025-06-26");
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, trove_test_async_cb,
                                    &r.async);
  r.text = read_text_finish (session, trove_test_wait_async (&r.async, 20), &r.error);
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
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (requests, i),
                                                  "path"),
                   "/oauth2/token") == 0)
      count++;

  return count;
}

static void
control_post (const char *path)
{
  g_autofree char *url =
      g_strconcat (trove_test_server_process_get_api_url (server), "/__control", path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  Result r = { 0 };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, trove_test_async_cb,
                                    &r.async);
  r.text = read_text_finish (session, trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  result_clear (&r);
}

/* What the browser does: the authorize page, then the 302 to the redirect URI. Returns the
 * status of the page it lands on. */
static guint
browse_authorize (const char *redirect, const char *state, const char *challenge)
{
  g_autofree char *url =
      trove_oauth_build_authorize_url (trove_test_server_process_get_auth_url (server), CLIENT_ID,
                                       redirect, TROVE_OAUTH_SCOPE, state, challenge);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  Result page = { 0 };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, trove_test_async_cb,
                                    &page.async);
  page.text = read_text_finish (session, trove_test_wait_async (&page.async, 20), &page.error);
  g_assert_no_error (page.error);
  result_clear (&page);

  return soup_message_get_status (msg);
}

/* Signs in through the browser's path, without a browser: the session follows the 302. */
static char *
authorize (const char *redirect, const char *state, const char *challenge)
{
  Result caught = { 0 };

  trove_oauth_catch_redirect_async (redirect, state, 30, NULL, trove_test_async_cb, &caught.async);
  g_assert_cmpuint (browse_authorize (redirect, state, challenge), ==, 200);
  caught.text =
      trove_oauth_catch_redirect_finish (trove_test_wait_async (&caught.async, 20), &caught.error);
  g_assert_no_error (caught.error);

  return g_steal_pointer (&caught.text);
}

/* Another page's request to the catcher (another state) gets 400 and leaves the sign-in
 * waiting for its own answer. */
static void
test_wrong_state_refused (void)
{
  guint16 port = free_port ();
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  g_autofree char *verifier = trove_oauth_new_verifier (NULL);
  g_autofree char *challenge = trove_oauth_compute_challenge (verifier);
  Result caught = { 0 };

  trove_oauth_catch_redirect_async (redirect, "state-expected", 30, NULL, trove_test_async_cb,
                                    &caught.async);
  g_assert_cmpuint (browse_authorize (redirect, "state-forged", challenge), ==, 400);
  trove_test_spin (100);
  g_assert_null (caught.async);

  g_assert_cmpuint (browse_authorize (redirect, "state-expected", challenge), ==, 200);
  caught.text =
      trove_oauth_catch_redirect_finish (trove_test_wait_async (&caught.async, 20), &caught.error);
  g_assert_no_error (caught.error);
  g_assert_true (g_str_has_prefix (caught.text, "code_"));
  result_clear (&caught);
}

static TroveOAuthTokens *
exchange (const char *code,
          const char *client_secret,
          const char *redirect,
          const char *verifier,
          GError **error)
{
  Result r = { 0 };
  TroveOAuthTokens *tokens;

  trove_oauth_exchange_code_async (session, trove_test_server_process_get_auth_url (server),
                                   CLIENT_ID, client_secret, code, redirect, verifier, NULL,
                                   trove_test_async_cb, &r.async);
  r.tokens = trove_oauth_exchange_code_finish (trove_test_wait_async (&r.async, 20), &r.error);
  if (r.error != NULL)
    g_propagate_error (error, g_steal_pointer (&r.error));
  tokens = g_steal_pointer (&r.tokens);
  result_clear (&r);

  return tokens;
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
                "redirect-uri", redirect, "auth-base-url",
                trove_test_server_process_get_auth_url (server), "api-base-url",
                trove_test_server_process_get_api_url (server), NULL);
  trove_secret_store_save_async (id, TROVE_SECRET_CLIENT_SECRET, "test", CLIENT_SECRET, NULL,
                                 trove_test_async_cb, &r.async);
  r.ok = trove_secret_store_save_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_true (r.ok);
  result_clear (&r);

  /* authorize → loopback redirect caught; a wrong PKCE verifier (with the right client) is
   * refused, and the code is burnt. */
  code = authorize (redirect, state, challenge);
  g_assert_nonnull (code);
  {
    g_autofree char *other_verifier = trove_oauth_new_verifier (NULL);
    g_autoptr (TroveOAuthTokens) refused =
        exchange (code, CLIENT_SECRET, redirect, other_verifier, &error);

    g_assert_null (refused);
    g_assert_error (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION);
    g_assert_nonnull (strstr (error->message, "refused the grant"));
    g_clear_error (&error);
  }

  /* A wrong client secret (with the right verifier) is refused too. */
  g_clear_pointer (&code, g_free);
  code = authorize (redirect, state, challenge);
  {
    g_autoptr (TroveOAuthTokens) refused =
        exchange (code, "wrong-secret", redirect, verifier, &error);

    g_assert_null (refused);
    g_assert_error (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION);
    g_assert_nonnull (strstr (error->message, "client"));
    g_clear_error (&error);
  }

  /* code exchanged: a new one, as a code is sent once */
  g_clear_pointer (&code, g_free);
  code = authorize (redirect, state, challenge);
  trove_oauth_exchange_code_async (session, trove_test_server_process_get_auth_url (server),
                                   CLIENT_ID, CLIENT_SECRET, code, redirect, verifier, NULL,
                                   trove_test_async_cb, &r.async);
  r.tokens = trove_oauth_exchange_code_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.tokens->refresh_token);
  g_assert_cmpint (r.tokens->expires_in, >, 0);
  trove_account_credentials_save_tokens_async (account, r.tokens, NULL, trove_test_async_cb,
                                               &r2.async);
  r2.ok = trove_account_credentials_save_tokens_finish (trove_test_wait_async (&r2.async, 20),
                                                        &r2.error);
  g_assert_no_error (r2.error);
  first_access = g_strdup (r.tokens->access_token);
  first_refresh = g_strdup (r.tokens->refresh_token);
  result_clear (&r);
  result_clear (&r2);
  g_assert_cmpint (trove_account_get_access_token_expires (account), >,
                   g_get_real_time () / G_USEC_PER_SEC + 60);

  /* API call succeeds with the credentials' token */
  credentials = trove_account_credentials_new_with_session (account, session);
  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_get_token_finish (credentials, trove_test_wait_async (&r.async, 20),
                                               &r.error);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.text, ==, first_access);
  g_assert_cmpuint (get_me (r.text), ==, 200);
  result_clear (&r);

  /* access token expires (in 30 s: within the margin) → one refresh, shared by two callers */
  trove_test_server_process_reset (server);
  trove_account_set_access_token_expires (account, g_get_real_time () / G_USEC_PER_SEC + 30);
  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &r.async);
  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &r2.async);
  r.text = trove_credentials_get_token_finish (credentials, trove_test_wait_async (&r.async, 20),
                                               &r.error);
  r2.text = trove_credentials_get_token_finish (credentials, trove_test_wait_async (&r2.async, 20),
                                                &r2.error);
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
  trove_credentials_refresh_async (credentials, second_access, NULL, trove_test_async_cb, &r.async);
  trove_credentials_refresh_async (credentials, second_access, NULL, trove_test_async_cb,
                                   &r2.async);
  r.text = trove_credentials_refresh_finish (credentials, trove_test_wait_async (&r.async, 20),
                                             &r.error);
  r2.text = trove_credentials_refresh_finish (credentials, trove_test_wait_async (&r2.async, 20),
                                              &r2.error);
  g_assert_no_error (r.error);
  g_assert_no_error (r2.error);
  g_assert_cmpstr (r.text, ==, r2.text);
  g_assert_cmpstr (r.text, !=, second_access);
  g_assert_cmpuint (count_token_requests (), ==, 1);
  result_clear (&r2);
  trove_credentials_refresh_async (credentials, first_access, NULL, trove_test_async_cb, &r2.async);
  r2.text = trove_credentials_refresh_finish (credentials, trove_test_wait_async (&r2.async, 20),
                                              &r2.error);
  g_assert_cmpstr (r2.text, ==, r.text);
  g_assert_cmpuint (count_token_requests (), ==, 1);
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_READY);
  result_clear (&r2);

  /* a reused refresh token: the server revokes the family, the account needs reconnecting */
  trove_secret_store_save_async (id, TROVE_SECRET_REFRESH_TOKEN, "test", first_refresh, NULL,
                                 trove_test_async_cb, &r2.async);
  r2.ok = trove_secret_store_save_finish (trove_test_wait_async (&r2.async, 20), &r2.error);
  g_assert_true (r2.ok);
  result_clear (&r2);
  trove_credentials_refresh_async (credentials, r.text, NULL, trove_test_async_cb, &r2.async);
  r2.text = trove_credentials_refresh_finish (credentials, trove_test_wait_async (&r2.async, 20),
                                              &r2.error);
  g_assert_error (r2.error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION);
  g_assert_nonnull (strstr (r2.error->message, "Reconnect this account"));
  g_assert_null (strstr (r2.error->message, first_refresh));
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  /* The family is revoked: the last access token no longer works either. */
  g_assert_cmpuint (get_me (r.text), ==, 401);
  result_clear (&r);
  result_clear (&r2);
}

/* Enter twice on a pasted address: one exchange reaches the server, and the tokens it gave
 * still work (the test server, like RFC 6749 asks, revokes them when a code comes twice). */
static void
test_code_exchanged_once (void)
{
  guint16 port = free_port ();
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  g_autofree char *verifier = trove_oauth_new_verifier (NULL);
  g_autofree char *challenge = trove_oauth_compute_challenge (verifier);
  g_autofree char *state = trove_oauth_new_state (NULL);
  g_autofree char *code = authorize (redirect, state, challenge);
  Result first = { 0 }, second = { 0 };

  trove_test_server_process_reset (server);
  trove_oauth_exchange_code_async (session, trove_test_server_process_get_auth_url (server),
                                   CLIENT_ID, CLIENT_SECRET, code, redirect, verifier, NULL,
                                   trove_test_async_cb, &first.async);
  trove_oauth_exchange_code_async (session, trove_test_server_process_get_auth_url (server),
                                   CLIENT_ID, CLIENT_SECRET, code, redirect, verifier, NULL,
                                   trove_test_async_cb, &second.async);
  first.tokens =
      trove_oauth_exchange_code_finish (trove_test_wait_async (&first.async, 20), &first.error);
  second.tokens =
      trove_oauth_exchange_code_finish (trove_test_wait_async (&second.async, 20), &second.error);

  g_assert_no_error (first.error);
  g_assert_error (second.error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (second.error->message, "already used"));
  g_assert_cmpuint (count_token_requests (), ==, 1);
  g_assert_cmpuint (get_me (first.tokens->access_token), ==, 200);
  result_clear (&first);
  result_clear (&second);
}

/* An OAuth account of the test server with its client secret in the keyring, signed in:
 * its tokens are stored as a sign-in stores them. */
static TroveAccount *
signed_in_account (TroveAccountStore *store, const char *name, char **out_refresh_token)
{
  guint16 port = free_port ();
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  g_autofree char *verifier = trove_oauth_new_verifier (NULL);
  g_autofree char *challenge = trove_oauth_compute_challenge (verifier);
  g_autofree char *state = trove_oauth_new_state (NULL);
  g_autofree char *code = NULL;
  g_autoptr (TroveOAuthTokens) tokens = NULL;
  g_autoptr (GError) error = NULL;
  TroveAccount *account = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, name);
  Result r = { 0 };

  g_object_set (account, "auth-method", TROVE_AUTH_METHOD_OAUTH, "client-id", CLIENT_ID,
                "redirect-uri", redirect, "auth-base-url",
                trove_test_server_process_get_auth_url (server), "api-base-url",
                trove_test_server_process_get_api_url (server), NULL);
  trove_secret_store_save_async (trove_account_get_id (account), TROVE_SECRET_CLIENT_SECRET, "test",
                                 CLIENT_SECRET, NULL, trove_test_async_cb, &r.async);
  r.ok = trove_secret_store_save_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_true (r.ok);
  result_clear (&r);

  code = authorize (redirect, state, challenge);
  tokens = exchange (code, CLIENT_SECRET, redirect, verifier, &error);
  g_assert_no_error (error);
  trove_account_credentials_save_tokens_async (account, tokens, NULL, trove_test_async_cb,
                                               &r.async);
  r.ok =
      trove_account_credentials_save_tokens_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);
  result_clear (&r);

  if (out_refresh_token != NULL)
    *out_refresh_token = g_strdup (tokens->refresh_token);
  return account;
}

typedef struct
{
  guint pending;
  guint failed;
  GString *errors;
} Listings;

static void
listed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Listings *listings = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (TrovePage) page = trove_provider_list_finish (TROVE_PROVIDER (object), result, &error);

  if (page == NULL)
    {
      listings->failed++;
      g_string_append_printf (listings->errors, "%s; ", error->message);
    }
  listings->pending--;
}

#define N_PROVIDERS 4

/* Several providers of one account (a restart with several downloads pending, the chat list
 * and the grid) all need a new token at once. */
static void
refresh_by_providers (gboolean expiry_known)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  g_autoptr (TroveHttpClient) http = trove_http_client_new ();
  g_autoptr (TroveAccountContext) context = trove_account_context_new (http);
  g_autoptr (GString) errors = g_string_new (NULL);
  g_autofree char *first_refresh = NULL;
  g_autofree char *stored_refresh = NULL;
  g_autofree char *stored_access = NULL;
  TroveProvider *providers[N_PROVIDERS];
  Listings listings = { N_PROVIDERS, 0, errors };
  TroveAccount *account;

  account = signed_in_account (store, expiry_known ? "Expired" : "Rejected", &first_refresh);

  /* The access token has expired at the server. Either this process knows (the expiry it
   * stored has passed), or it finds out from the 401s. */
  control_post ("/expire-tokens");
  if (expiry_known)
    trove_account_set_access_token_expires (account, g_get_real_time () / G_USEC_PER_SEC - 10);
  trove_test_server_process_reset (server);

  for (guint i = 0; i < N_PROVIDERS; i++)
    providers[i] = trove_account_context_get_provider (context, account);
  for (guint i = 0; i < N_PROVIDERS; i++)
    trove_provider_list_chats_async (providers[i], NULL, NULL, NULL, listed_cb, &listings);
  while (listings.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (errors->str, ==, "");
  g_assert_cmpuint (listings.failed, ==, 0);
  g_assert_cmpuint (count_token_requests (), ==, 1);
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_READY);

  stored_refresh = lookup (trove_account_get_id (account), TROVE_SECRET_REFRESH_TOKEN);
  g_assert_cmpstr (stored_refresh, !=, first_refresh);
  stored_access = lookup (trove_account_get_id (account), TROVE_SECRET_ACCESS_TOKEN);
  g_assert_cmpuint (get_me (stored_access), ==, 200);

  for (guint i = 0; i < N_PROVIDERS; i++)
    g_object_unref (providers[i]);
}

static void
test_providers_refresh_once_expired (void)
{
  refresh_by_providers (TRUE);
}

static void
test_providers_refresh_once_rejected (void)
{
  refresh_by_providers (FALSE);
}

typedef struct
{
  GAsyncResult *async;
  gboolean ok;
  char *out;
  char *err;
} Ran;

/* trove-cli twice and this process, all at once, on one account whose token has expired:
 * one of them refreshes, the others wait for it and take the token it stored. */
static void
test_processes_refresh_once (void)
{
  /* trove-cli reads the settings through GSETTINGS_BACKEND=keyfile: the same file. */
  g_autofree char *path =
      g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);
  g_autoptr (GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);
  g_autoptr (GSettings) settings = g_settings_new_with_backend (BASE_APPLICATION_ID, backend);
  g_autoptr (TroveAccountStore) store = _trove_account_store_new_with_settings (settings);
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  GSubprocess *cli[2] = { NULL, NULL };
  g_autoptr (TroveCredentials) credentials = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first_refresh = NULL;
  g_autofree char *stored_refresh = NULL;
  g_autofree char *stored_access = NULL;
  Ran ran[2] = { { 0 }, { 0 } };
  TroveAccount *account;
  Result r = { 0 };

  if (cli_path == NULL)
    {
      g_test_fail_printf ("no --cli=PATH to trove-cli was given");
      return;
    }

  account = signed_in_account (store, "Shared", &first_refresh);
  control_post ("/expire-tokens");
  trove_account_set_access_token_expires (account, g_get_real_time () / G_USEC_PER_SEC - 10);
  g_settings_sync ();
  trove_test_server_process_reset (server);
  /* A slow token endpoint: every party is sure to want a token while the first refresh is out. */
  trove_test_server_process_add_fault (server, "latency:ms=1000,path=/oauth2/token");

  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "TROVE_TOKEN");
  for (guint i = 0; i < 2; i++)
    {
      cli[i] = g_subprocess_launcher_spawn (launcher, &error, cli_path, "chats", "--account",
                                            "Shared", "--json", NULL);
      g_assert_no_error (error);
    }

  credentials = trove_account_credentials_new_with_session (account, session);
  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &r.async);
  for (guint i = 0; i < 2; i++)
    g_subprocess_communicate_utf8_async (cli[i], NULL, NULL, trove_test_async_cb, &ran[i].async);
  r.text = trove_credentials_get_token_finish (credentials, trove_test_wait_async (&r.async, 60),
                                               &r.error);
  for (guint i = 0; i < 2; i++)
    {
      g_subprocess_communicate_utf8_finish (cli[i], trove_test_wait_async (&ran[i].async, 60),
                                            &ran[i].out, &ran[i].err, &error);
      g_assert_no_error (error);
      ran[i].ok = g_subprocess_get_successful (cli[i]);
    }

  for (guint i = 0; i < 2; i++)
    {
      if (!ran[i].ok)
        g_error ("trove-cli %u failed: %s", i, ran[i].err);
      g_assert_nonnull (strstr (ran[i].out, "\"id\""));
    }
  g_assert_no_error (r.error);
  g_assert_cmpuint (count_token_requests (), ==, 1);

  /* Every party used the one new token: it is the stored one, and it works. */
  stored_access = lookup (trove_account_get_id (account), TROVE_SECRET_ACCESS_TOKEN);
  stored_refresh = lookup (trove_account_get_id (account), TROVE_SECRET_REFRESH_TOKEN);
  g_assert_cmpstr (r.text, ==, stored_access);
  g_assert_cmpstr (stored_refresh, !=, first_refresh);
  g_assert_cmpuint (get_me (stored_access), ==, 200);
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_READY);

  /* What the other processes left in the settings says the same. */
  {
    g_autoptr (GSettingsBackend) again = g_keyfile_settings_backend_new (path, "/", NULL);
    g_autofree char *account_path =
        g_strdup_printf ("/io/github/trove/Trove/accounts/%s/", trove_account_get_id (account));
    g_autoptr (GSettings) reread =
        g_settings_new_with_backend_and_path (BASE_APPLICATION_ID ".Account", again, account_path);

    g_assert_false (g_settings_get_boolean (reread, "needs-reconnect"));
  }

  trove_test_server_process_clear_faults (server);
  result_clear (&r);
  for (guint i = 0; i < 2; i++)
    {
      g_free (ran[i].out);
      g_free (ran[i].err);
      g_clear_object (&ran[i].async);
      g_object_unref (cli[i]);
    }
}

static char *
account_notice (TroveAccount *account)
{
  char *notice = NULL;

  g_object_get (account, "notice", &notice, NULL);
  return notice;
}

/* The keyring refuses to store the renewed tokens: they are used and kept in memory, the
 * account says so, the next refresh uses the refresh token from memory (the stored one is
 * spent), and once the keyring works again they are stored. */
static void
test_keyring_save_fails (void)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  g_autoptr (TroveCredentials) credentials = NULL;
  g_autofree char *first_refresh = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *second_access = NULL;
  TroveAccount *account;
  Result r = { 0 };

  account = signed_in_account (store, "Locked keyring", &first_refresh);
  trove_account_set_access_token_expires (account, g_get_real_time () / G_USEC_PER_SEC - 10);
  credentials = trove_account_credentials_new_with_session (account, session);
  trove_test_server_process_reset (server);

  _trove_secret_store_fail_saves (NULL, G_MAXUINT);
  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_get_token_finish (credentials, trove_test_wait_async (&r.async, 20),
                                               &r.error);
  g_assert_no_error (r.error);
  g_assert_cmpuint (get_me (r.text), ==, 200);
  g_assert_cmpuint (count_token_requests (), ==, 1);
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_READY);
  notice = account_notice (account);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, "keyring"));
  stored = lookup (trove_account_get_id (account), TROVE_SECRET_REFRESH_TOKEN);
  g_assert_cmpstr (stored, ==, first_refresh);
  g_clear_pointer (&stored, g_free);

  /* A 401 now: the refresh must use the refresh token in memory; the spent one in the
   * keyring would revoke the whole sign-in. */
  g_clear_object (&r.async);
  trove_credentials_refresh_async (credentials, r.text, NULL, trove_test_async_cb, &r.async);
  g_clear_pointer (&r.text, g_free);
  r.text = trove_credentials_refresh_finish (credentials, trove_test_wait_async (&r.async, 20),
                                             &r.error);
  g_assert_no_error (r.error);
  g_assert_cmpuint (count_token_requests (), ==, 2);
  g_assert_cmpuint (get_me (r.text), ==, 200);
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_READY);
  second_access = g_strdup (r.text);
  result_clear (&r);

  /* The keyring works again: the tokens are stored by the retry, the notice goes. */
  _trove_secret_store_fail_saves (NULL, 0);
  for (guint i = 0; i < 300; i++)
    {
      g_clear_pointer (&notice, g_free);
      notice = account_notice (account);
      if (notice == NULL)
        break;
      trove_test_spin (100);
    }
  g_assert_null (notice);
  stored = lookup (trove_account_get_id (account), TROVE_SECRET_ACCESS_TOKEN);
  g_assert_cmpstr (stored, ==, second_access);
  g_clear_pointer (&stored, g_free);

  /* And what was stored is the live refresh token. */
  trove_credentials_refresh_async (credentials, second_access, NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_refresh_finish (credentials, trove_test_wait_async (&r.async, 20),
                                             &r.error);
  g_assert_no_error (r.error);
  g_assert_cmpuint (count_token_requests (), ==, 3);
  g_assert_cmpuint (get_me (r.text), ==, 200);
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_READY);
  result_clear (&r);
}

/* The keyring takes the renewed refresh token but not the access token: nothing is at risk,
 * and from then on the keyring's refresh token is the one to use, as another process may
 * rotate it. */
static void
test_keyring_save_fails_halfway (void)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  g_autoptr (TroveCredentials) credentials = NULL;
  g_autoptr (TroveOAuthTokens) elsewhere = NULL;
  g_autofree char *first_refresh = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *first_access = NULL;
  TroveAccount *account;
  Result r = { 0 };

  account = signed_in_account (store, "Half stored", &first_refresh);
  trove_account_set_access_token_expires (account, g_get_real_time () / G_USEC_PER_SEC - 10);
  credentials = trove_account_credentials_new_with_session (account, session);

  _trove_secret_store_fail_saves (TROVE_SECRET_ACCESS_TOKEN, G_MAXUINT);
  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_get_token_finish (credentials, trove_test_wait_async (&r.async, 20),
                                               &r.error);
  _trove_secret_store_fail_saves (NULL, 0);
  g_assert_no_error (r.error);
  first_access = g_strdup (r.text);
  result_clear (&r);
  notice = account_notice (account);
  g_assert_null (notice);
  stored = lookup (trove_account_get_id (account), TROVE_SECRET_REFRESH_TOKEN);
  g_assert_cmpstr (stored, !=, first_refresh);

  /* The token in use expires; another process renews with the stored refresh token and
   * stores what it got (straight into the keyring, as this process cannot see it). */
  control_post ("/expire-tokens");
  {
    Result other = { 0 };

    trove_oauth_refresh_async (session, trove_test_server_process_get_auth_url (server), CLIENT_ID,
                               CLIENT_SECRET, stored, NULL, trove_test_async_cb, &other.async);
    other.tokens =
        trove_oauth_refresh_finish (trove_test_wait_async (&other.async, 20), &other.error);
    g_assert_no_error (other.error);
    elsewhere = g_steal_pointer (&other.tokens);
    result_clear (&other);
    trove_secret_store_save_async (trove_account_get_id (account), TROVE_SECRET_REFRESH_TOKEN,
                                   "test", elsewhere->refresh_token, NULL, trove_test_async_cb,
                                   &other.async);
    other.ok =
        trove_secret_store_save_finish (trove_test_wait_async (&other.async, 20), &other.error);
    g_assert_true (other.ok);
    result_clear (&other);
    trove_secret_store_save_async (trove_account_get_id (account), TROVE_SECRET_ACCESS_TOKEN,
                                   "test", elsewhere->access_token, NULL, trove_test_async_cb,
                                   &other.async);
    other.ok =
        trove_secret_store_save_finish (trove_test_wait_async (&other.async, 20), &other.error);
    g_assert_true (other.ok);
    result_clear (&other);
  }

  /* A 401 here: the token another process stored is taken; refreshing with the refresh
   * token this process had would be a reuse that revokes the sign-in. */
  trove_test_server_process_reset (server);
  trove_credentials_refresh_async (credentials, first_access, NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_refresh_finish (credentials, trove_test_wait_async (&r.async, 20),
                                             &r.error);
  g_assert_no_error (r.error);
  g_assert_cmpuint (get_me (r.text), ==, 200);
  g_assert_cmpuint (get_me (elsewhere->access_token), ==, 200);
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_READY);
  result_clear (&r);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_unsetenv ("TROVE_TOKEN");
  g_unsetenv ("SECRET_BACKEND");
  g_test_init (&argc, &argv, NULL);

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--cli="))
      cli_path = argv[i] + strlen ("--cli=");

  server = trove_test_server_process_new (NULL, &error);
  g_assert_no_error (error);
  session = soup_session_new ();

  g_test_add_func ("/oauth-flow/wrong-state-refused", test_wrong_state_refused);
  g_test_add_func ("/oauth-flow/sign-in-refresh-reuse", test_sign_in_refresh_reuse);
  g_test_add_func ("/oauth-flow/code-exchanged-once", test_code_exchanged_once);
  g_test_add_func ("/oauth-flow/providers-refresh-once/expired",
                   test_providers_refresh_once_expired);
  g_test_add_func ("/oauth-flow/providers-refresh-once/rejected",
                   test_providers_refresh_once_rejected);
  g_test_add_func ("/oauth-flow/processes-refresh-once", test_processes_refresh_once);
  g_test_add_func ("/oauth-flow/keyring-save-fails", test_keyring_save_fails);
  g_test_add_func ("/oauth-flow/keyring-save-fails-halfway", test_keyring_save_fails_halfway);

  ret = g_test_run ();

  g_clear_object (&session);
  trove_test_server_process_free (server);

  return ret;
}
