/* test-token-override.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-account-credentials.h"
#include "trove-account-store.h"
#include "trove-test-util.h"

/* The token the account's requests would carry, or NULL when it has none (nothing is stored in
 * this test's empty keyring: saving to libsecret's file backend leaks inside GIO). */
static char *
token_of (TroveAccount *account)
{
  g_autoptr (TroveCredentials) credentials =
      trove_account_credentials_new_with_session (account, NULL);
  g_autoptr (GAsyncResult) result = NULL;

  trove_credentials_get_token_async (credentials, NULL, trove_test_async_cb, &result);
  return trove_credentials_get_token_finish (credentials, trove_test_wait_async (&result, 20),
                                             NULL);
}

/* TROVE_TOKEN in the environment of a process that did not take it up (the GUI, anything a
 * process launches) reaches no account. */
static void
test_environment_alone_reaches_no_account (void)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  TroveAccount *fanvue = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, "env-fanvue");
  TroveAccount *onlyfans =
      trove_account_store_add (store, TROVE_ACCOUNT_KIND_ONLYFANSAPI, "env-onlyfans");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_setenv ("TROVE_TOKEN", "from-environment", TRUE);
  first = token_of (fanvue);
  second = token_of (onlyfans);
  g_unsetenv ("TROVE_TOKEN");

  g_assert_cmpstr (first, ==, NULL);
  g_assert_cmpstr (second, ==, NULL);
}

/* trove-cli's override: the account it was run for gets the token, no other account does. */
static void
test_override_reaches_one_account (void)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  TroveAccount *named = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, "named");
  TroveAccount *other = trove_account_store_add (store, TROVE_ACCOUNT_KIND_ONLYFANSAPI, "other");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *after = NULL;

  trove_account_credentials_set_token_override (trove_account_get_id (named), "for-named");
  first = token_of (named);
  second = token_of (other);
  trove_account_credentials_set_token_override (NULL, NULL);
  after = token_of (named);

  g_assert_cmpstr (first, ==, "for-named");
  g_assert_cmpstr (second, ==, NULL);
  g_assert_cmpstr (after, ==, NULL);
}

int
main (int argc, char *argv[])
{
  g_autofree char *tmpdir = g_dir_make_tmp ("trove-test-token-XXXXXX", NULL);
  g_autofree char *keyring = g_build_filename (tmpdir, "keyring", NULL);
  int status;

  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);
  g_unsetenv ("TROVE_TOKEN");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/token-override/environment-alone-reaches-no-account",
                   test_environment_alone_reaches_no_account);
  g_test_add_func ("/token-override/override-reaches-one-account",
                   test_override_reaches_one_account);

  status = g_test_run ();
  trove_test_remove_tree (tmpdir);

  return status;
}
