/* test-oauth.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "trove-error.h"
#include "trove-oauth-private.h"
#include "trove-test-util.h"

static void
test_pkce_known_answer (void)
{
  /* RFC 7636, appendix B. (The verifier is "...gFWFOEjXk": "...gFWEoXjXk", as sometimes
   * quoted, is a typo whose challenge is D3asPgit...) */
  static const guint8 octets[] = { 116, 24,  223, 180, 151, 153, 224, 37,  79,  250, 96,
                                   125, 216, 173, 187, 186, 22,  212, 37,  77,  105, 214,
                                   191, 240, 91,  88,  5,   88,  83,  132, 141, 121 };
  g_autofree char *verifier = _trove_oauth_base64url (octets, sizeof octets);
  g_autofree char *challenge = trove_oauth_compute_challenge (verifier);

  g_assert_cmpstr (verifier, ==, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void
test_pkce_random (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *a = trove_oauth_new_verifier (&error);
  g_autofree char *b = trove_oauth_new_verifier (&error);
  g_autofree char *state = trove_oauth_new_state (&error);

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpuint (strlen (state), ==, 22);
  for (const char *p = a; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
}

static void
test_authorize_url (void)
{
  g_autofree char *url =
      trove_oauth_build_authorize_url ("https://auth.example.com/", "my client",
                                       "http://127.0.0.1:8765/cb", TROVE_OAUTH_AGENCY_SCOPE,
                                       "st&ate", "chal");
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr (GHashTable) params = NULL;

  g_assert_nonnull (uri);
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/oauth2/auth");
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, "my client");
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, "http://127.0.0.1:8765/cb");
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==,
                   "openid offline_access offline read:self read:chat read:creator");
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "st&ate");
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge"), ==, "chal");
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
}

static void
test_parse_redirect (void)
{
  static const struct
  {
    const char *uri;
    const char *code;
    int error; /* -1: none */
    const char *says;
  } cases[] = {
    { "https://trove.invalid/callback?code=abc&state=S1", "abc", -1, NULL },
    { "  https://trove.invalid/callback?state=S1&code=a%2Bb&scope=x  ", "a+b", -1, NULL },
    { "https://TROVE.invalid:443/callback?code=abc&state=S1", "abc", -1, NULL },
    { "https://trove.invalid/callback?code=abc&state=S2", NULL, TROVE_ERROR_AUTHENTICATION,
      "state" },
    { "https://trove.invalid/callback?code=abc", NULL, TROVE_ERROR_AUTHENTICATION, "state" },
    { "https://trove.invalid/callback?error=access_denied&state=S1", NULL,
      TROVE_ERROR_AUTHENTICATION, "denied" },
    { "https://trove.invalid/callback?error=server_error&error_description=Boom&state=S1", NULL,
      TROVE_ERROR_AUTHENTICATION, "Boom" },
    { "https://evil.example/callback?code=abc&state=S1", NULL, TROVE_ERROR_BAD_REQUEST,
      "not the redirect URI" },
    { "https://trove.invalid/other?code=abc&state=S1", NULL, TROVE_ERROR_BAD_REQUEST,
      "not the redirect URI" },
    { "http://trove.invalid/callback?code=abc&state=S1", NULL, TROVE_ERROR_BAD_REQUEST,
      "not the redirect URI" },
    { "https://trove.invalid:8443/callback?code=abc&state=S1", NULL, TROVE_ERROR_BAD_REQUEST,
      "not the redirect URI" },
    { "https://trove.invalid/callback?state=S1", NULL, TROVE_ERROR_BAD_REQUEST,
      "no authorization code" },
    { "https://trove.invalid/callback?state=S1&code=", NULL, TROVE_ERROR_BAD_REQUEST,
      "no authorization code" },
    { "https://trove.invalid/callback?state=S%261&code=abc", NULL, TROVE_ERROR_AUTHENTICATION,
      "state" },
    { "https://trove.invalid/callback?state=S1&code=a%26b%3Dc", "a&b=c", -1, NULL },
    { "", NULL, TROVE_ERROR_BAD_REQUEST, "Paste" },
    { "abc", NULL, TROVE_ERROR_BAD_REQUEST, "not a web address" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *code = NULL;
      gboolean ok = trove_oauth_parse_redirect (cases[i].uri, "https://trove.invalid/callback",
                                                "S1", &code, &error);

      if (cases[i].error < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (code, ==, cases[i].code);
        }
      else
        {
          g_assert_false (ok);
          g_assert_null (code);
          g_assert_error (error, TROVE_ERROR, cases[i].error);
          if (strstr (error->message, cases[i].says) == NULL)
            g_error ("%s: “%s” does not say “%s”", cases[i].uri, error->message, cases[i].says);
        }
    }
}

static void
test_redirect_is_loopback (void)
{
  guint16 port = 0;

  g_assert_true (trove_oauth_redirect_is_loopback ("http://127.0.0.1:8765/cb", &port));
  g_assert_cmpuint (port, ==, 8765);
  g_assert_true (trove_oauth_redirect_is_loopback ("http://localhost:9/", &port));
  g_assert_cmpuint (port, ==, 9);
  g_assert_true (trove_oauth_redirect_is_loopback ("http://[::1]:1234/x", NULL));
  g_assert_false (trove_oauth_redirect_is_loopback ("http://127.0.0.1/cb", NULL));
  g_assert_false (trove_oauth_redirect_is_loopback ("https://127.0.0.1:8765/cb", NULL));
  g_assert_false (trove_oauth_redirect_is_loopback ("http://example.com:8765/cb", NULL));
  g_assert_false (trove_oauth_redirect_is_loopback ("https://trove.invalid/callback", NULL));
  g_assert_false (trove_oauth_redirect_is_loopback (NULL, NULL));
}

static GBytes *
bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
test_token_response (void)
{
  static const struct
  {
    guint status;
    const char *body;
    int error; /* -1: none */
    const char *says;
  } cases[] = {
    { 200,
      "{\"access_token\":\"at\",\"refresh_token\":\"rt\",\"expires_in\":3600,\"token_type\":"
      "\"Bearer\",\"scope\":\"openid\"}",
      -1, NULL },
    { 200, "{\"access_token\":\"at\",\"expires_in\":3600.0,\"token_type\":\"bearer\"}", -1, NULL },
    { 200, "{\"access_token\":\"at\"}", -1, NULL },
    { 200, "{\"refresh_token\":\"rt\"}", TROVE_ERROR_PROTOCOL, "no access token" },
    { 200, "{\"access_token\":\"\"}", TROVE_ERROR_PROTOCOL, "no access token" },
    { 200, "{\"access_token\":42}", TROVE_ERROR_PROTOCOL, "no access token" },
    { 200, "{\"access_token\":\"at\",\"token_type\":\"mac\"}", TROVE_ERROR_PROTOCOL,
      "unknown type" },
    { 200, "{\"access_token\":\"at\",\"expires_in\":\"soon\"}", TROVE_ERROR_PROTOCOL,
      "not a number" },
    { 200, "{\"access_token\":\"at\",\"expires_in\":-5}", TROVE_ERROR_PROTOCOL, "impossible" },
    { 200, "[1,2]", TROVE_ERROR_PROTOCOL, "not a JSON object" },
    { 200, "{\"access_tok", TROVE_ERROR_PROTOCOL, "not a JSON object" },
    { 400, "{\"error\":\"invalid_grant\",\"error_description\":\"reuse\"}",
      TROVE_ERROR_AUTHENTICATION, "Reconnect" },
    { 401, "{\"error\":\"invalid_client\"}", TROVE_ERROR_AUTHENTICATION, "client secret" },
    { 400, "{\"error\":\"invalid_request\"}", TROVE_ERROR_BAD_REQUEST, "invalid_request" },
    { 502, "<html>", TROVE_ERROR_SERVER, "502" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) body = bytes (cases[i].body);
      g_autoptr (GError) error = NULL;
      g_autoptr (TroveOAuthTokens) tokens =
          _trove_oauth_parse_token_response (cases[i].status, body, &error);

      if (cases[i].error < 0)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (tokens->access_token, ==, "at");
        }
      else
        {
          g_assert_null (tokens);
          g_assert_error (error, TROVE_ERROR, cases[i].error);
          if (strstr (error->message, cases[i].says) == NULL)
            g_error ("%s: “%s” does not say “%s”", cases[i].body, error->message, cases[i].says);
        }
    }

  {
    g_autoptr (GBytes) body = bytes (cases[0].body);
    g_autoptr (TroveOAuthTokens) tokens = _trove_oauth_parse_token_response (200, body, NULL);
    g_autoptr (TroveOAuthTokens) copy = trove_oauth_tokens_copy (tokens);

    g_assert_cmpstr (copy->refresh_token, ==, "rt");
    g_assert_cmpint (copy->expires_in, ==, 3600);
    g_assert_cmpstr (copy->token_type, ==, "Bearer");
    g_assert_cmpstr (copy->scope, ==, "openid");
  }
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

/* Asynchronous: the catcher answers from the same main context. */
static char *
get_page (SoupSession *session, const char *url, guint *status)
{
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GAsyncResult) fetched = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  char *page;

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, trove_test_async_cb,
                                    &fetched);
  body = soup_session_send_and_read_finish (session, trove_test_wait_async (&fetched, 10), &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  page = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  return page;
}

static void
test_catch_redirect (void)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  guint16 port = free_port ();
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  g_autofree char *wrong_path = g_strdup_printf ("http://127.0.0.1:%u/favicon.ico", port);
  g_autofree char *landing = g_strdup_printf ("%s?code=the-code&state=S1", redirect);
  g_autofree char *page = NULL;
  g_autoptr (GAsyncResult) caught = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;
  guint status = 0;

  trove_oauth_catch_redirect_async (redirect, "S1", 30, NULL, trove_test_async_cb, &caught);

  page = get_page (session, wrong_path, &status);
  g_assert_cmpuint (status, ==, 404);
  g_assert_null (caught);
  g_clear_pointer (&page, g_free);

  page = get_page (session, landing, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (page, "close this tab"));
  code = trove_oauth_catch_redirect_finish (trove_test_wait_async (&caught, 10), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "the-code");
}

/* Any local page can request the catcher's address: an answer with another state is not the
 * answer. It gets 400 and the catcher keeps waiting for the real one. */
static void
test_catch_redirect_wrong_state (void)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  guint16 port = free_port ();
  g_autofree char *forged = g_strdup_printf ("http://localhost:%u/cb?code=c&state=forged", port);
  g_autofree char *stateless = g_strdup_printf ("http://localhost:%u/cb?code=c", port);
  g_autofree char *landing =
      g_strdup_printf ("http://localhost:%u/cb?code=the-code&state=S1", port);
  g_autofree char *redirect = g_strdup_printf ("http://localhost:%u/cb", port);
  g_autofree char *page = NULL;
  g_autoptr (GAsyncResult) caught = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;
  guint status = 0;

  trove_oauth_catch_redirect_async (redirect, "S1", 30, NULL, trove_test_async_cb, &caught);
  page = get_page (session, forged, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (page, "does not belong to this sign-in"));
  g_clear_pointer (&page, g_free);
  page = get_page (session, stateless, &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&page, g_free);
  trove_test_spin (100);
  g_assert_null (caught);

  page = get_page (session, landing, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (page, "close this tab"));
  code = trove_oauth_catch_redirect_finish (trove_test_wait_async (&caught, 10), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "the-code");
}

/* The right state with an error is the answer: the sign-in ends with it. */
static void
test_catch_redirect_denied (void)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  guint16 port = free_port ();
  g_autofree char *landing =
      g_strdup_printf ("http://127.0.0.1:%u/cb?error=access_denied&state=S1", port);
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/cb", port);
  g_autofree char *page = NULL;
  g_autoptr (GAsyncResult) caught = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;
  guint status = 0;

  trove_oauth_catch_redirect_async (redirect, "S1", 30, NULL, trove_test_async_cb, &caught);
  page = get_page (session, landing, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (page, "Sign-in failed"));
  code = trove_oauth_catch_redirect_finish (trove_test_wait_async (&caught, 10), &error);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION);
  g_assert_null (code);
  g_clear_error (&error);
}

/* "localhost." (the absolute name) counts as loopback, so the catcher must listen for it. */
static void
test_catch_redirect_localhost_dot (void)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  guint16 port = free_port ();
  g_autofree char *redirect = g_strdup_printf ("http://localhost.:%u/cb", port);
  g_autofree char *landing =
      g_strdup_printf ("http://127.0.0.1:%u/cb?code=dot-code&state=S1", port);
  g_autofree char *page = NULL;
  g_autoptr (GAsyncResult) caught = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;
  guint status = 0;

  g_assert_true (trove_oauth_redirect_is_loopback (redirect, NULL));
  trove_oauth_catch_redirect_async (redirect, "S1", 30, NULL, trove_test_async_cb, &caught);
  trove_test_spin (50);
  g_assert_null (caught);
  page = get_page (session, landing, &status);
  g_assert_cmpuint (status, ==, 200);
  code = trove_oauth_catch_redirect_finish (trove_test_wait_async (&caught, 10), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "dot-code");
}

static void
test_catch_redirect_cancel_and_timeout (void)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  guint16 port = free_port ();
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/cb", port);
  g_autoptr (GAsyncResult) caught = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *code = NULL;

  trove_oauth_catch_redirect_async (redirect, "S1", 30, cancellable, trove_test_async_cb, &caught);
  g_cancellable_cancel (cancellable);
  code = trove_oauth_catch_redirect_finish (trove_test_wait_async (&caught, 10), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The port is free again. */
  g_clear_object (&caught);
  trove_oauth_catch_redirect_async (redirect, "S1", 1, NULL, trove_test_async_cb, &caught);
  code = trove_oauth_catch_redirect_finish (trove_test_wait_async (&caught, 10), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_clear_error (&error);

  g_clear_object (&caught);
  trove_oauth_catch_redirect_async ("https://trove.invalid/callback", "S1", 1, NULL,
                                    trove_test_async_cb, &caught);
  code = trove_oauth_catch_redirect_finish (trove_test_wait_async (&caught, 10), &error);
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST);
  g_clear_error (&error);
}

static void
token_endpoint_cb (SoupServer *server,
                   SoupServerMessage *msg,
                   const char *path,
                   GHashTable *query,
                   gpointer user_data)
{
  static const char body[] =
      "{\"access_token\":\"at\",\"refresh_token\":\"rt\",\"expires_in\":3600}";
  guint *requests = user_data;

  (*requests)++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
}

/* Enter pressed twice on a pasted address: an authorization code goes to the server once
 * (RFC 6749 section 10.5: a server may revoke what the first exchange gave on a second). */
static void
test_exchange_code_once (void)
{
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *base = NULL;
  g_autoslist (GUri) uris = NULL;
  g_autoptr (GAsyncResult) first = NULL;
  g_autoptr (GAsyncResult) second = NULL;
  g_autoptr (GAsyncResult) other = NULL;
  g_autoptr (GError) second_error = NULL;
  TroveOAuthTokens *tokens, *second_tokens;
  guint requests = 0;

  soup_server_add_handler (server, "/oauth2/token", token_endpoint_cb, &requests, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  trove_oauth_exchange_code_async (session, base, "client", "secret", "code-once",
                                   "http://127.0.0.1:1/cb", "verifier", NULL, trove_test_async_cb,
                                   &first);
  trove_oauth_exchange_code_async (session, base, "client", "secret", "code-once",
                                   "http://127.0.0.1:1/cb", "verifier", NULL, trove_test_async_cb,
                                   &second);
  trove_test_wait_async (&first, 10);
  second_tokens =
      trove_oauth_exchange_code_finish (trove_test_wait_async (&second, 10), &second_error);
  tokens = trove_oauth_exchange_code_finish (first, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tokens->access_token, ==, "at");
  trove_oauth_tokens_free (tokens);
  g_assert_error (second_error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (second_error->message, "already used"));
  g_assert_null (second_tokens);
  g_assert_cmpuint (requests, ==, 1);

  /* A new sign-in brings a new code. */
  trove_oauth_exchange_code_async (session, base, "client", "secret", "code-two",
                                   "http://127.0.0.1:1/cb", "verifier", NULL, trove_test_async_cb,
                                   &other);
  tokens = trove_oauth_exchange_code_finish (trove_test_wait_async (&other, 10), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests, ==, 2);
  trove_oauth_tokens_free (tokens);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth/pkce/known-answer", test_pkce_known_answer);
  g_test_add_func ("/oauth/pkce/random", test_pkce_random);
  g_test_add_func ("/oauth/authorize-url", test_authorize_url);
  g_test_add_func ("/oauth/parse-redirect", test_parse_redirect);
  g_test_add_func ("/oauth/redirect-is-loopback", test_redirect_is_loopback);
  g_test_add_func ("/oauth/token-response", test_token_response);
  g_test_add_func ("/oauth/catch-redirect/code", test_catch_redirect);
  g_test_add_func ("/oauth/catch-redirect/wrong-state", test_catch_redirect_wrong_state);
  g_test_add_func ("/oauth/catch-redirect/denied", test_catch_redirect_denied);
  g_test_add_func ("/oauth/catch-redirect/localhost-dot", test_catch_redirect_localhost_dot);
  g_test_add_func ("/oauth/exchange/code-once", test_exchange_code_once);
  g_test_add_func ("/oauth/catch-redirect/cancel-and-timeout",
                   test_catch_redirect_cancel_and_timeout);

  return g_test_run ();
}
