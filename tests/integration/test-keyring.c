/* test-keyring.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets through a real gnome-keyring-daemon (run-with-keyring.sh starts it on a private
 * session bus), and the message when no Secret Service exists (--no-keyring).
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#include <string.h>

#include "trove-account-context.h"
#include "trove-account-credentials.h"
#include "trove-account-store-private.h"
#include "trove-error.h"
#include "trove-secret-store.h"
#include "trove-test-util.h"

typedef struct
{
  GAsyncResult *async;
  gboolean ok;
  char *text;
  GError *error;
} Result;

static void
result_clear (Result *result)
{
  g_clear_object (&result->async);
  g_clear_pointer (&result->text, g_free);
  g_clear_error (&result->error);
  memset (result, 0, sizeof *result);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
save (const char *account, const char *kind, const char *secret)
{
  g_auto (Result) r = { 0 };

  trove_secret_store_save_async (account, kind, "Trove test", secret, NULL, trove_test_async_cb,
                                 &r.async);
  r.ok = trove_secret_store_save_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
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

static void
test_round_trip (void)
{
  g_autofree char *key = NULL;
  g_autofree char *token = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *other = NULL;
  g_auto (Result) r = { 0 };

  save ("acct-one", TROVE_SECRET_API_KEY, "key-one");
  save ("acct-one", TROVE_SECRET_ACCESS_TOKEN, "token-one");
  save ("acct-two", TROVE_SECRET_API_KEY, "key-two");
  /* Saving again replaces. */
  save ("acct-one", TROVE_SECRET_API_KEY, "key-one-b");

  key = lookup ("acct-one", TROVE_SECRET_API_KEY);
  token = lookup ("acct-one", TROVE_SECRET_ACCESS_TOKEN);
  missing = lookup ("acct-one", TROVE_SECRET_REFRESH_TOKEN);
  g_assert_cmpstr (key, ==, "key-one-b");
  g_assert_cmpstr (token, ==, "token-one");
  g_assert_null (missing);

  /* The attributes hold the account and kind only: what secret-tool would search by. */
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *out = NULL;
    g_autofree char *attributes = NULL;
    int status = 0;
    const char *argv[] = { "secret-tool", "search", "--all", "account", "acct-one", NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                       &attributes, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      {
        /* Under run-with-keyring.sh, or in CI, the check runs or the test fails. */
        if (g_getenv ("TROVE_TEST_KEYRING") != NULL || g_getenv ("CI") != NULL)
          g_test_fail_printf ("secret-tool (libsecret-tools) is needed to check the attributes: %s",
                              error->message);
        else
          g_test_skip_printf ("secret-tool did not run: %s", error->message);
      }
    else
      {
        /* secret-tool prints the attributes on stderr. */
        g_auto (GStrv) lines = g_strsplit (attributes, "\n", -1);

        g_assert_nonnull (strstr (attributes, "attribute.kind = api-key"));
        g_assert_nonnull (strstr (out, "secret = key-one-b"));

        for (guint i = 0; lines[i] != NULL; i++)
          if (g_str_has_prefix (lines[i], "attribute.") &&
              !g_str_has_prefix (lines[i], "attribute.account = ") &&
              !g_str_has_prefix (lines[i], "attribute.kind = ") &&
              !g_str_has_prefix (lines[i], "attribute.xdg:schema = "))
            g_error ("an unexpected attribute: %s", lines[i]);
      }
  }

  trove_secret_store_clear_async ("acct-one", NULL, trove_test_async_cb, &r.async);
  r.ok = trove_secret_store_clear_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);
  result_clear (&r);

  g_clear_pointer (&key, g_free);
  g_clear_pointer (&token, g_free);
  key = lookup ("acct-one", TROVE_SECRET_API_KEY);
  token = lookup ("acct-one", TROVE_SECRET_ACCESS_TOKEN);
  other = lookup ("acct-two", TROVE_SECRET_API_KEY);
  g_assert_null (key);
  g_assert_null (token);
  g_assert_cmpstr (other, ==, "key-two");
}

static void
test_credentials_api_key (void)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  g_autoptr (TroveCredentials) credentials = NULL;
  TroveAccount *account = trove_account_store_add (store, TROVE_ACCOUNT_KIND_ONLYFANSAPI, "OF");
  g_auto (Result) r = { 0 };

  save (trove_account_get_id (account), TROVE_SECRET_API_KEY, "ofapi-key");
  credentials = trove_account_credentials_new_with_session (account, NULL);

  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_get_token_finish (credentials, trove_test_wait_async (&r.async, 20),
                                               &r.error);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.text, ==, "ofapi-key");
  result_clear (&r);

  /* trove-cli's TROVE_TOKEN wins for this run. */
  trove_account_credentials_set_token_override (trove_account_get_id (account), "from-env");
  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_get_token_finish (credentials, trove_test_wait_async (&r.async, 20),
                                               &r.error);
  g_assert_cmpstr (r.text, ==, "from-env");
  result_clear (&r);
  trove_credentials_refresh_async (credentials, "from-env", NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_refresh_finish (credentials, trove_test_wait_async (&r.async, 20),
                                             &r.error);
  g_assert_error (r.error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION);
  g_assert_null (strstr (r.error->message, "from-env"));
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_READY);
  result_clear (&r);
  trove_account_credentials_set_token_override (NULL, NULL);

  /* A refused key: reconnect, and the key is not in the message. */
  trove_credentials_refresh_async (credentials, "ofapi-key", NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_refresh_finish (credentials, trove_test_wait_async (&r.async, 20),
                                             &r.error);
  g_assert_error (r.error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION);
  g_assert_nonnull (strstr (r.error->message, "Reconnect this account"));
  g_assert_null (strstr (r.error->message, "ofapi-key"));
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  result_clear (&r);

  /* Removing the account removes its secrets. */
  {
    g_autofree char *id = g_strdup (trove_account_get_id (account));
    g_autofree char *gone = NULL;
    gboolean done = FALSE;

    trove_account_store_remove (store, account);
    while (!done)
      {
        g_autofree char *left = lookup (id, TROVE_SECRET_API_KEY);

        done = left == NULL;
        if (!done)
          trove_test_spin (20);
      }
  }
}

static void
test_credentials_pasted_token_expired (void)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  g_autoptr (TroveCredentials) credentials = NULL;
  TroveAccount *account = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, "Pasted");
  g_auto (Result) r = { 0 };

  trove_account_set_auth_method (account, TROVE_AUTH_METHOD_ACCESS_TOKEN);
  trove_account_set_access_token_expires (account, g_get_real_time () / G_USEC_PER_SEC - 10);
  save (trove_account_get_id (account), TROVE_SECRET_ACCESS_TOKEN, "pasted-token");
  credentials = trove_account_credentials_new_with_session (account, NULL);

  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_get_token_finish (credentials, trove_test_wait_async (&r.async, 20),
                                               &r.error);
  g_assert_error (r.error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION);
  g_assert_nonnull (strstr (r.error->message, "expired"));
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  result_clear (&r);
}

/* Stores the tokens of a sign-in for @account and waits for it. */
static void
save_tokens (TroveAccount *account, const TroveOAuthTokens *tokens)
{
  g_auto (Result) r = { 0 };

  trove_account_credentials_save_tokens_async (account, tokens, NULL, trove_test_async_cb,
                                               &r.async);
  r.ok =
      trove_account_credentials_save_tokens_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);
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

/* Signing in again (Reconnect) while the account's provider is in use: the credentials the
 * process shares take the new token, without a restart. */
static void
test_sign_in_reaches_shared_credentials (void)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  g_autoptr (TroveHttpClient) http = trove_http_client_new ();
  g_autoptr (TroveAccountContext) context = trove_account_context_new (http);
  g_autoptr (TroveProvider) provider = NULL;
  TroveOAuthTokens first = { (char *) "first-access", (char *) "first-refresh", 3600,
                             (char *) "Bearer", NULL };
  TroveOAuthTokens again = { (char *) "again-access", (char *) "again-refresh", 7200,
                             (char *) "Bearer", NULL };
  g_autofree char *token = NULL;
  TroveAccount *account;

  account = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, "Signed in twice");
  g_object_set (account, "auth-method", TROVE_AUTH_METHOD_OAUTH, "client-id", "client-1", NULL);
  save_tokens (account, &first);

  provider = trove_account_context_get_provider (context, account);
  token = token_now (trove_provider_get_credentials (provider));
  g_assert_cmpstr (token, ==, "first-access");
  g_clear_pointer (&token, g_free);

  save_tokens (account, &again);
  token = token_now (trove_provider_get_credentials (provider));
  g_assert_cmpstr (token, ==, "again-access");
}

/* After adding accounts with secrets, no secret is anywhere in a keyfile of the settings. */
static void
test_no_secret_in_settings (void)
{
  g_autofree char *dir = g_dir_make_tmp ("trove-keyfile-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "settings.ini", NULL);
  g_autoptr (GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);
  g_autoptr (GSettings) settings = g_settings_new_with_backend (BASE_APPLICATION_ID, backend);
  g_autoptr (TroveAccountStore) store = _trove_account_store_new_with_settings (settings);
  TroveOAuthTokens tokens = { (char *) "secret-access-token", (char *) "secret-refresh-token", 3600,
                              (char *) "Bearer", NULL };
  g_autofree char *contents = NULL;
  TroveAccount *fanvue, *onlyfans;
  g_auto (Result) r = { 0 };

  fanvue = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, "Fanvue one");
  g_object_set (fanvue, "auth-method", TROVE_AUTH_METHOD_OAUTH, "client-id", "client-1", NULL);
  save (trove_account_get_id (fanvue), TROVE_SECRET_CLIENT_SECRET, "secret-client");
  trove_account_credentials_save_tokens_async (fanvue, &tokens, NULL, trove_test_async_cb,
                                               &r.async);
  r.ok =
      trove_account_credentials_save_tokens_finish (trove_test_wait_async (&r.async, 20), &r.error);
  g_assert_no_error (r.error);
  result_clear (&r);
  onlyfans = trove_account_store_add (store, TROVE_ACCOUNT_KIND_ONLYFANSAPI, "OF one");
  save (trove_account_get_id (onlyfans), TROVE_SECRET_API_KEY, "secret-api-key");
  g_settings_sync ();
  trove_test_spin (100);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Fanvue one"));
  g_assert_nonnull (strstr (contents, "access-token-expires"));
  g_assert_null (strstr (contents, "secret-"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_no_keyring (void)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  g_autoptr (TroveCredentials) credentials = NULL;
  TroveAccount *account =
      trove_account_store_add (store, TROVE_ACCOUNT_KIND_ONLYFANSAPI, "No keyring");
  g_auto (Result) r = { 0 };

  trove_secret_store_save_async ("acct", TROVE_SECRET_API_KEY, "Trove test", "never-stored", NULL,
                                 trove_test_async_cb, &r.async);
  r.ok = trove_secret_store_save_finish (trove_test_wait_async (&r.async, 30), &r.error);
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (r.error->message, ==,
                   "No keyring is available: install and start GNOME Keyring, or set TROVE_TOKEN "
                   "for scripts.");
  result_clear (&r);

  credentials = trove_account_credentials_new_with_session (account, NULL);
  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_get_token_finish (credentials, trove_test_wait_async (&r.async, 30),
                                               &r.error);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  result_clear (&r);

  /* Scripts still work. */
  trove_account_credentials_set_token_override (trove_account_get_id (account), "script-token");
  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &r.async);
  r.text = trove_credentials_get_token_finish (credentials, trove_test_wait_async (&r.async, 30),
                                               &r.error);
  g_assert_no_error (r.error);
  g_assert_cmpstr (r.text, ==, "script-token");
  result_clear (&r);
  trove_account_credentials_set_token_override (NULL, NULL);
}

int
main (int argc, char *argv[])
{
  gboolean no_keyring = FALSE;

  g_unsetenv ("TROVE_TOKEN");
  g_unsetenv ("SECRET_BACKEND");
  g_test_init (&argc, &argv, NULL);

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--no-keyring"))
      no_keyring = TRUE;

  if (no_keyring)
    g_test_add_func ("/keyring/missing", test_no_keyring);
  else
    {
      g_test_add_func ("/keyring/round-trip", test_round_trip);
      g_test_add_func ("/keyring/credentials/api-key", test_credentials_api_key);
      g_test_add_func ("/keyring/credentials/pasted-token-expired",
                       test_credentials_pasted_token_expired);
      g_test_add_func ("/keyring/no-secret-in-settings", test_no_secret_in_settings);
      g_test_add_func ("/keyring/credentials/sign-in-reaches-shared",
                       test_sign_in_reaches_shared_credentials);
    }

  return g_test_run ();
}
