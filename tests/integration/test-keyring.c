/* test-keyring.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets through a real Secret Service (gnome-keyring-daemon, see run-with-keyring.sh), and a
 * clear error when there is none.
 */

#include "config.h"

#include "trove-account-credentials.h"
#include "trove-account-store.h"
#include "trove-error.h"
#include "trove-secret-store.h"
#include "trove-test-util.h"

typedef struct
{
  gboolean done;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject *object,
         GAsyncResult *result,
         gpointer user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
finish (Wait *wait)
{
  trove_test_wait_for (&wait->done, 30);
  return wait->result;
}

static void
test_round_trip (void)
{
  g_autoptr (TroveAccountStore) store = trove_account_store_new ();
  TroveAccount *account = trove_account_store_add (store, TROVE_ACCOUNT_KIND_ONLYFANSAPI, "Keyring test");
  g_autoptr (TroveCredentials) credentials = trove_account_credentials_new (account);
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *token = NULL;
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;
  Wait save = { 0 }, lookup = { 0 }, via_credentials = { 0 }, clear = { 0 }, gone = { 0 };

  trove_secret_store_save_async (trove_account_get_id (account), TROVE_SECRET_API_KEY, "Trove test", "ofapi_secret_value",
                                 NULL, done_cb, &save);
  g_assert_true (trove_secret_store_save_finish (finish (&save), &error));
  g_assert_no_error (error);

  trove_secret_store_lookup_async (trove_account_get_id (account), TROVE_SECRET_API_KEY, NULL, done_cb, &lookup);
  secret = trove_secret_store_lookup_finish (finish (&lookup), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "ofapi_secret_value");

  /* What providers use: the account's credentials read the same secret. */
  trove_credentials_get_token_async (credentials, NULL, done_cb, &via_credentials);
  token = trove_credentials_get_token_finish (credentials, finish (&via_credentials), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "ofapi_secret_value");

  /* No secret in the settings. */
  g_object_get (trove_account_get_settings (account), "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    {
      g_autoptr (GVariant) value = g_settings_get_value (trove_account_get_settings (account), keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, "ofapi_secret_value"));
    }

  trove_secret_store_clear_async (trove_account_get_id (account), NULL, done_cb, &clear);
  g_assert_true (trove_secret_store_clear_finish (finish (&clear), &error));
  trove_secret_store_lookup_async (trove_account_get_id (account), TROVE_SECRET_API_KEY, NULL, done_cb, &gone);
  g_clear_pointer (&secret, g_free);
  secret = trove_secret_store_lookup_finish (finish (&gone), &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  g_object_unref (save.result);
  g_object_unref (lookup.result);
  g_object_unref (via_credentials.result);
  g_object_unref (clear.result);
  g_object_unref (gone.result);
}

static void
test_no_secret_service (void)
{
  g_autoptr (GError) error = NULL;
  Wait save = { 0 };

  trove_secret_store_save_async ("nobody", TROVE_SECRET_API_KEY, "Trove test", "value", NULL, done_cb, &save);
  g_assert_false (trove_secret_store_save_finish (finish (&save), &error));
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION);
  g_assert_nonnull (strstr (error->message, "keyring"));
  g_assert_nonnull (strstr (error->message, "TROVE_TOKEN"));
  g_object_unref (save.result);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc > 1 && g_str_equal (argv[1], "--no-keyring"))
    g_test_add_func ("/keyring/no-secret-service", test_no_secret_service);
  else
    g_test_add_func ("/keyring/round-trip", test_round_trip);

  return g_test_run ();
}
