/* test-account-context.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-account-context.h"
#include "trove-account-store.h"
#include "trove-error.h"
#include "trove-fanvue-agency-provider.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-test-util.h"

static TroveAccountContext *
new_context (void)
{
  g_autoptr (TroveHttpClient) http = trove_http_client_new ();

  return trove_account_context_new (http);
}

/* Everyone asking for the same unchanged account gets the same provider. */
static void
test_same_provider (void)
{
  g_autoptr (TroveAccountContext) context = new_context ();
  g_autoptr (TroveAccount) account = trove_account_new ("context-same");
  g_autoptr (TroveProvider) first = NULL;
  g_autoptr (TroveProvider) second = NULL;

  g_object_set (account, "kind", TROVE_ACCOUNT_KIND_FANVUE, "api-base-url", "http://127.0.0.1:1",
                NULL);
  first = trove_account_context_get_provider (context, account);
  second = trove_account_context_get_provider (context, account);

  g_assert_nonnull (first);
  g_assert_true (first == second);
  /* A setting that is not about the connection changes nothing. */
  trove_account_set_display_name (account, "Renamed");
  g_clear_object (&second);
  second = trove_account_context_get_provider (context, account);
  g_assert_true (first == second);
}

/* After a connection setting changes, the next caller gets a provider for the new settings;
 * every provider of the account shares the one credentials object. */
static void
test_new_provider_after_change (void)
{
  g_autoptr (TroveAccountContext) context = new_context ();
  g_autoptr (TroveAccount) account = trove_account_new ("context-change");
  g_autoptr (TroveProvider) first = NULL;
  g_autoptr (TroveProvider) second = NULL;
  g_autoptr (TroveProvider) third = NULL;
  g_autoptr (TroveProvider) fourth = NULL;
  g_autoptr (TroveProvider) fifth = NULL;

  g_object_set (account, "kind", TROVE_ACCOUNT_KIND_FANVUE, "api-base-url", "http://127.0.0.1:1",
                "auth-method", TROVE_AUTH_METHOD_API_KEY, NULL);
  first = trove_account_context_get_provider (context, account);

  g_object_set (account, "api-base-url", "http://127.0.0.1:2", NULL);
  second = trove_account_context_get_provider (context, account);
  g_assert_true (first != second);
  g_assert_cmpstr (trove_provider_get_api_base_url (second), ==, "http://127.0.0.1:2");

  g_object_set (account, "kind", TROVE_ACCOUNT_KIND_FANVUE_AGENCY, "creator-uuid",
                "7c9e6679-7425-40de-944b-e07fc1f90ae7", NULL);
  third = trove_account_context_get_provider (context, account);
  g_assert_true (third != second);
  g_assert_true (TROVE_IS_FANVUE_AGENCY_PROVIDER (third));
  g_assert_cmpstr (trove_fanvue_agency_provider_get_creator_uuid (
                       TROVE_FANVUE_AGENCY_PROVIDER (third)),
                   ==, "7c9e6679-7425-40de-944b-e07fc1f90ae7");

  g_object_set (account, "auth-method", TROVE_AUTH_METHOD_OAUTH, NULL);
  fourth = trove_account_context_get_provider (context, account);
  g_assert_true (fourth != third);

  g_object_set (account, "kind", TROVE_ACCOUNT_KIND_ONLYFANSAPI, "onlyfans-account-id", "acct_one",
                NULL);
  fifth = trove_account_context_get_provider (context, account);
  g_assert_true (fifth != fourth);

  g_assert_nonnull (trove_provider_get_credentials (first));
  g_assert_true (trove_provider_get_credentials (first) == trove_provider_get_credentials (second));
  g_assert_true (trove_provider_get_credentials (second) == trove_provider_get_credentials (third));
  g_assert_true (trove_provider_get_credentials (third) == trove_provider_get_credentials (fourth));
  g_assert_true (trove_provider_get_credentials (fourth) == trove_provider_get_credentials (fifth));
}

/* Two accounts, two providers, two credentials objects; two contexts share nothing. */
static void
test_accounts_apart (void)
{
  g_autoptr (TroveAccountContext) context = new_context ();
  g_autoptr (TroveAccountContext) other_context = new_context ();
  g_autoptr (TroveAccount) one = trove_account_new ("context-one");
  g_autoptr (TroveAccount) two = trove_account_new ("context-two");
  g_autoptr (TroveProvider) first = NULL;
  g_autoptr (TroveProvider) second = NULL;
  g_autoptr (TroveProvider) elsewhere = NULL;

  first = trove_account_context_get_provider (context, one);
  second = trove_account_context_get_provider (context, two);
  elsewhere = trove_account_context_get_provider (other_context, one);

  g_assert_true (first != second);
  g_assert_true (trove_provider_get_credentials (first) != trove_provider_get_credentials (second));
  g_assert_true (first != elsewhere);
  g_assert_true (trove_provider_get_http_client (first) ==
                 trove_account_context_get_http_client (context));
}

/* The provider outlives the context and the caller's account reference. */
static void
test_provider_outlives_context (void)
{
  g_autoptr (TroveAccountContext) context = new_context ();
  g_autoptr (TroveAccount) account = trove_account_new ("context-outlive");
  g_autoptr (TroveProvider) provider = trove_account_context_get_provider (context, account);

  g_object_add_weak_pointer (G_OBJECT (context), (gpointer *) &context);
  g_object_unref (context);
  g_assert_null (context);
  g_clear_object (&account);
  g_assert_nonnull (trove_provider_get_credentials (provider));
}

/* Once an account leaves the list, the context lets go of its provider and credentials. */
static void
test_forget_removed (void)
{
  g_autoptr (TroveAccountContext) context = new_context ();
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  g_autoptr (TroveAccountStore) store = NULL;
  g_autoptr (TroveAccount) kept = NULL;
  g_autoptr (TroveAccount) removed = NULL;
  g_autoptr (TroveProvider) kept_provider = NULL;
  g_autoptr (TroveProvider) removed_provider = NULL;
  g_autoptr (TroveProvider) again = NULL;
  TroveCredentials *removed_credentials;
  const char *both[] = { "forget_kept", "forget_removed", NULL };
  const char *one[] = { "forget_kept", NULL };

  g_settings_set_strv (settings, "accounts", both);
  store = trove_account_store_new ();
  kept = g_list_model_get_item (G_LIST_MODEL (store), 0);
  removed = g_list_model_get_item (G_LIST_MODEL (store), 1);
  kept_provider = trove_account_context_get_provider (context, kept);
  removed_provider = trove_account_context_get_provider (context, removed);
  removed_credentials = trove_provider_get_credentials (removed_provider);
  g_object_add_weak_pointer (G_OBJECT (removed_credentials), (gpointer *) &removed_credentials);

  g_settings_set_strv (settings, "accounts", one);
  trove_test_spin (50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  trove_account_context_forget_removed (context, store);

  /* Providers handed out keep working; the context no longer holds them. */
  g_assert_nonnull (removed_credentials);
  g_clear_object (&removed_provider);
  g_assert_null (removed_credentials);

  again = trove_account_context_get_provider (context, kept);
  g_assert_true (again == kept_provider);
  g_settings_reset (settings, "accounts");
}

static void
test_trial_provider (void)
{
  g_autoptr (TroveAccountContext) context = new_context ();
  g_autoptr (TroveProvider) fanvue = NULL;
  g_autoptr (TroveProvider) agency = NULL;
  g_autoptr (TroveProvider) onlyfans = NULL;

  fanvue = trove_account_context_create_trial_provider (context, TROVE_ACCOUNT_KIND_FANVUE, NULL,
                                                        "typed", NULL, NULL);
  g_assert_cmpstr (trove_provider_get_api_base_url (fanvue), ==, TROVE_FANVUE_DEFAULT_API_URL);
  agency =
      trove_account_context_create_trial_provider (context, TROVE_ACCOUNT_KIND_FANVUE_AGENCY,
                                                   "http://127.0.0.1:3", "typed", "c-uuid", NULL);
  g_assert_true (TROVE_IS_FANVUE_AGENCY_PROVIDER (agency));
  g_assert_cmpstr (trove_provider_get_api_base_url (agency), ==, "http://127.0.0.1:3");
  onlyfans = trove_account_context_create_trial_provider (context, TROVE_ACCOUNT_KIND_ONLYFANSAPI,
                                                          "", "typed", NULL, "acct_x");
  g_assert_cmpstr (trove_provider_get_api_base_url (onlyfans), ==,
                   TROVE_ONLYFANSAPI_DEFAULT_API_URL);
  g_assert_true (trove_provider_get_http_client (onlyfans) ==
                 trove_account_context_get_http_client (context));
}

static void
test_check_creator_uuid (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (trove_account_check_creator_uuid ("7c9e6679-7425-40de-944b-e07fc1f90ae7", &error));
  g_assert_no_error (error);

  g_assert_false (trove_account_check_creator_uuid ("7c9e6679", &error));
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST);
  g_assert_cmpstr (error->message, ==,
                   "The creator UUID looks like 7c9e6679-7425-40de-944b-e07fc1f90ae7.");
  g_clear_error (&error);

  g_assert_false (trove_account_check_creator_uuid ("", &error));
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_false (trove_account_check_creator_uuid (NULL, NULL));
}

static void
test_check_onlyfans_account_id (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (trove_account_check_onlyfans_account_id ("acct_demo_main", &error));
  g_assert_no_error (error);

  g_assert_false (trove_account_check_onlyfans_account_id ("demo_main", &error));
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST);
  g_assert_cmpstr (error->message, ==, "The OnlyFansAPI account id starts with acct_.");
  g_clear_error (&error);

  g_assert_false (trove_account_check_onlyfans_account_id (NULL, &error));
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST);
}

static void
test_download_folder (void)
{
  g_autoptr (TroveAccountContext) context = new_context ();
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);
  g_autofree char *expected =
      g_build_filename (downloads ? downloads : g_get_home_dir (), "Trove", NULL);
  g_autoptr (GFile) folder = NULL;
  g_autofree char *path = NULL;

  g_settings_reset (settings, "download-folder");
  folder = trove_account_context_dup_download_folder (context);
  path = g_file_get_path (folder);
  g_assert_cmpstr (path, ==, expected);
  g_clear_object (&folder);
  g_clear_pointer (&path, g_free);

  g_settings_set_string (settings, "download-folder", "/tmp/trove-chosen");
  folder = trove_account_context_dup_download_folder (context);
  path = g_file_get_path (folder);
  g_assert_cmpstr (path, ==, "/tmp/trove-chosen");
  g_settings_reset (settings, "download-folder");
}

/* "Allow paid downloads" is an account setting, off by default, that the account's provider
 * follows as it changes (the same provider: nothing about the connection changed), and that
 * another object of the same account sees; whether the user was asked is kept beside it. */
static void
test_paid_downloads_follow_setting (void)
{
  g_autoptr (TroveAccountContext) context = new_context ();
  g_autoptr (TroveAccount) account = trove_account_new ("context-paid");
  g_autoptr (TroveAccount) twin = trove_account_new ("context-paid");
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (TroveProvider) again = NULL;
  gboolean allow = TRUE, asked = TRUE;

  trove_account_reset (account);
  g_object_set (account, "kind", TROVE_ACCOUNT_KIND_ONLYFANSAPI, "api-base-url",
                "http://127.0.0.1:1", "onlyfans-account-id", "acct_demo_main", NULL);
  g_object_get (account, "allow-paid-downloads", &allow, "paid-downloads-asked", &asked, NULL);
  g_assert_false (allow);
  g_assert_false (asked);

  provider = trove_account_context_get_provider (context, account);
  g_assert_true (TROVE_IS_ONLYFANSAPI_PROVIDER (provider));
  g_assert_false (
      trove_onlyfansapi_provider_get_allow_paid_downloads (TROVE_ONLYFANSAPI_PROVIDER (provider)));

  g_object_set (twin, "allow-paid-downloads", TRUE, "paid-downloads-asked", TRUE, NULL);
  g_assert_true (
      trove_onlyfansapi_provider_get_allow_paid_downloads (TROVE_ONLYFANSAPI_PROVIDER (provider)));
  g_object_get (account, "allow-paid-downloads", &allow, "paid-downloads-asked", &asked, NULL);
  g_assert_true (allow);
  g_assert_true (asked);
  again = trove_account_context_get_provider (context, account);
  g_assert_true (again == provider);

  g_object_set (account, "allow-paid-downloads", FALSE, NULL);
  g_assert_false (
      trove_onlyfansapi_provider_get_allow_paid_downloads (TROVE_ONLYFANSAPI_PROVIDER (provider)));
  trove_account_reset (account);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/account-context/same-provider", test_same_provider);
  g_test_add_func ("/account-context/new-provider-after-change", test_new_provider_after_change);
  g_test_add_func ("/account-context/accounts-apart", test_accounts_apart);
  g_test_add_func ("/account-context/provider-outlives-context", test_provider_outlives_context);
  g_test_add_func ("/account-context/forget-removed", test_forget_removed);
  g_test_add_func ("/account-context/trial-provider", test_trial_provider);
  g_test_add_func ("/account-context/check-creator-uuid", test_check_creator_uuid);
  g_test_add_func ("/account-context/check-onlyfans-account-id", test_check_onlyfans_account_id);
  g_test_add_func ("/account-context/download-folder", test_download_folder);
  g_test_add_func ("/account-context/paid-downloads-follow-setting",
                   test_paid_downloads_follow_setting);

  return g_test_run ();
}
