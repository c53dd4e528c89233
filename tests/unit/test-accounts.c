/* test-accounts.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#include "trove-account-store-private.h"
#include "trove-error.h"
#include "trove-secret-store.h"
#include "trove-test-util.h"
#include "trove-url.h"

/* Removing an account clears its secrets: here through libsecret's file backend, with nothing
 * stored (writing that file leaks inside GLib 2.74's g_file_replace_contents_async). Secrets
 * themselves are tested against a real keyring in tests/integration/. */
static char *tmpdir;

static void
reset_accounts (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);

  g_settings_reset (settings, "accounts");
}

static void
notified_cb (GObject *object, GParamSpec *pspec, GString *log)
{
  g_string_append_printf (log, "%s%s", log->len ? " " : "", pspec->name);
}

static void
test_store_add_rename_move (void)
{
  g_autoptr (TroveAccountStore) store = NULL;
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  g_auto (GStrv) ids = NULL;
  g_autoptr (GString) notified = g_string_new (NULL);
  g_autoptr (TroveAccount) first = NULL;
  TroveAccount *a, *b, *c;
  GString *log;

  reset_accounts ();
  store = trove_account_store_new ();
  log = trove_test_record_items_changed (G_LIST_MODEL (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == TROVE_TYPE_ACCOUNT);

  a = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, "Main");
  b = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE_AGENCY, "Agency");
  c = trove_account_store_add (store, TROVE_ACCOUNT_KIND_ONLYFANSAPI, "OF");
  g_assert_cmpstr (log->str, ==, "0+1 1+1 2+1");

  ids = g_settings_get_strv (settings, "accounts");
  g_assert_cmpuint (g_strv_length (ids), ==, 3);
  g_assert_cmpstr (ids[0], ==, trove_account_get_id (a));
  g_assert_cmpstr (ids[2], ==, trove_account_get_id (c));
  g_assert_true (trove_account_get_kind (b) == TROVE_ACCOUNT_KIND_FANVUE_AGENCY);
  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_true (first == a);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 3));

  /* Rename: the list is unchanged, the account notifies. */
  g_string_truncate (log, 0);
  g_signal_connect (a, "notify", G_CALLBACK (notified_cb), notified);
  trove_account_store_rename (store, a, "Renamed");
  trove_account_store_rename (store, a, "Renamed");
  g_assert_cmpstr (log->str, ==, "");
  g_assert_cmpstr (notified->str, ==, "display-name");
  g_assert_true (trove_account_store_find (store, "renamed") == a);
  g_assert_true (trove_account_store_find (store, trove_account_get_id (b)) == b);
  g_assert_null (trove_account_store_find (store, "Main"));
  g_signal_handlers_disconnect_by_func (a, notified_cb, notified);

  /* Move the last one first: one replacement of the three. */
  _trove_account_store_move (store, 2, 0);
  g_assert_cmpstr (log->str, ==, "0-3+3");
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (store), 0) == (gpointer) c);
  g_object_unref (c);
  g_clear_pointer (&ids, g_strfreev);
  ids = g_settings_get_strv (settings, "accounts");
  g_assert_cmpstr (ids[0], ==, trove_account_get_id (c));

  /* Swap the last two. */
  g_string_truncate (log, 0);
  _trove_account_store_move (store, 1, 2);
  g_assert_cmpstr (log->str, ==, "1-2+2");
}

static void
test_store_follows_key (void)
{
  g_autoptr (TroveAccountStore) store = NULL;
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  const char *three[] = { "aaa", "bbb", "ccc", NULL };
  const char *removed[] = { "aaa", "ccc", NULL };
  const char *swapped[] = { "ccc", "aaa", NULL };
  const char *bad[] = { "ccc", "", "x/y", "ccc", "aaa", "ddd", NULL };
  g_autoptr (TroveAccount) kept = NULL;
  GString *log;

  reset_accounts ();
  store = trove_account_store_new ();
  log = trove_test_record_items_changed (G_LIST_MODEL (store));

  /* Another process (trove-cli) writes the key. */
  g_settings_set_strv (settings, "accounts", three);
  trove_test_spin (50);
  g_assert_cmpstr (log->str, ==, "0+3");
  kept = g_list_model_get_item (G_LIST_MODEL (store), 2);

  g_settings_set_strv (settings, "accounts", removed);
  trove_test_spin (50);
  g_assert_cmpstr (log->str, ==, "0+3 1-1+0");

  g_settings_set_strv (settings, "accounts", swapped);
  trove_test_spin (50);
  g_assert_cmpstr (log->str, ==, "0+3 1-1+0 0-2+2");
  /* The same object for the same account. */
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (store), 0) == (gpointer) kept);
  g_object_unref (kept);

  /* Empty, invalid and repeated ids are skipped. */
  g_settings_set_strv (settings, "accounts", bad);
  trove_test_spin (50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_cmpstr (log->str, ==, "0+3 1-1+0 0-2+2 2+1");
}

static void
test_store_remove (void)
{
  g_autoptr (TroveAccountStore) store = NULL;
  g_autoptr (TroveAccount) b = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GAsyncResult) removed = NULL;
  g_autoptr (GError) error = NULL;
  TroveAccount *a;
  GString *log;

  reset_accounts ();
  store = trove_account_store_new ();
  a = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, "A");
  b = g_object_ref (trove_account_store_add (store, TROVE_ACCOUNT_KIND_ONLYFANSAPI, "B"));
  trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, "C");
  id = g_strdup (trove_account_get_id (b));
  g_object_set (b, "api-base-url", "http://127.0.0.1:1", "onlyfans-account-id", "acct_x", NULL);

  log = trove_test_record_items_changed (G_LIST_MODEL (store));
  trove_account_store_remove_async (store, b, NULL, trove_test_async_cb, &removed);
  /* The list changes at once, the secrets go afterwards. */
  g_assert_cmpstr (log->str, ==, "1-1+0");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_true (
      trove_account_store_remove_finish (store, trove_test_wait_async (&removed, 10), &error));
  g_assert_no_error (error);

  /* Its settings are back to the defaults. */
  {
    g_autoptr (TroveAccount) again = trove_account_new (id);
    g_autofree char *api = NULL;

    g_object_get (again, "api-base-url", &api, NULL);
    g_assert_cmpstr (api, ==, "");
    g_assert_true (trove_account_get_kind (again) == TROVE_ACCOUNT_KIND_FANVUE);
  }

  g_assert_true (trove_account_store_find (store, "A") == a);
  g_assert_null (trove_account_store_find (store, "B"));
}

static void
test_account_properties (void)
{
  g_autoptr (TroveAccount) account = trove_account_new ("props");
  g_autoptr (TroveAccount) twin = trove_account_new ("props");
  g_autoptr (GString) notified = g_string_new (NULL);
  g_autofree char *url = NULL;
  TroveAuthMethod method;
  gint64 expires;

  trove_account_reset (account);
  g_assert_true (trove_account_get_kind (account) == TROVE_ACCOUNT_KIND_FANVUE);
  url = trove_account_dup_api_base_url (account);
  g_assert_cmpstr (url, ==, "https://api.fanvue.com");
  g_clear_pointer (&url, g_free);
  url = trove_account_dup_auth_base_url (account);
  g_assert_cmpstr (url, ==, "https://auth.fanvue.com");
  g_clear_pointer (&url, g_free);
  url = trove_account_dup_display_name (account);
  g_assert_cmpstr (url, ==, "Fanvue");
  g_clear_pointer (&url, g_free);

  /* Both ways: a property writes the key, a key written elsewhere notifies. */
  g_signal_connect (twin, "notify", G_CALLBACK (notified_cb), notified);
  g_object_set (account, "kind", TROVE_ACCOUNT_KIND_ONLYFANSAPI, "auth-method",
                TROVE_AUTH_METHOD_API_KEY, "access-token-expires", (gint64) 1234, NULL);
  url = trove_account_dup_api_base_url (twin);
  g_assert_cmpstr (url, ==, "https://app.onlyfansapi.com");
  g_object_get (twin, "auth-method", &method, "access-token-expires", &expires, NULL);
  g_assert_cmpint (method, ==, TROVE_AUTH_METHOD_API_KEY);
  g_assert_cmpint (expires, ==, 1234);
  g_assert_cmpstr (notified->str, ==, "kind display-name access-token-expires");

  /* Setting the same value again writes and notifies nothing. */
  g_string_truncate (notified, 0);
  g_object_set (account, "kind", TROVE_ACCOUNT_KIND_ONLYFANSAPI, "access-token-expires",
                (gint64) 1234, NULL);
  g_assert_cmpstr (notified->str, ==, "");

  /* needs-reconnect survives a restart; checking does not touch the setting. */
  trove_account_set_state (account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  g_assert_true (trove_account_get_state (twin) == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  {
    g_autoptr (TroveAccount) later = trove_account_new ("props");

    g_assert_true (trove_account_get_state (later) == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  }
  trove_account_set_state (account, TROVE_ACCOUNT_STATE_CHECKING);
  g_assert_true (trove_account_get_state (twin) == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  trove_account_set_state (account, TROVE_ACCOUNT_STATE_READY);
  g_assert_true (trove_account_get_state (twin) == TROVE_ACCOUNT_STATE_READY);
  g_signal_handlers_disconnect_by_func (twin, notified_cb, notified);
}

/* Through a keyfile: the accounts come back after a restart, that is from the file, through
 * a new backend, settings and store (the first ones keep what was written in memory). (That
 * no secret reaches the settings is checked against a real keyring in
 * tests/integration/test-keyring.c.) */
static void
test_store_keyfile (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "settings.ini", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *agency_id = NULL;
  g_autofree char *onlyfans_id = NULL;

  {
    g_autoptr (GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);
    g_autoptr (GSettings) settings = g_settings_new_with_backend (BASE_APPLICATION_ID, backend);
    g_autoptr (TroveAccountStore) store = _trove_account_store_new_with_settings (settings);
    TroveAccount *account;

    account = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE_AGENCY, "Agency one");
    g_object_set (account, "creator-uuid", "4bd5d6a4-0b5a-4c4a-9d41-7d2e5bb1e3c1", "client-id",
                  "client-1", "auth-method", TROVE_AUTH_METHOD_OAUTH, "access-token-expires",
                  (gint64) 1234567890, NULL);
    agency_id = g_strdup (trove_account_get_id (account));
    account = trove_account_store_add (store, TROVE_ACCOUNT_KIND_ONLYFANSAPI, "OF");
    g_object_set (account, "onlyfans-account-id", "acct_demo_main", NULL);
    onlyfans_id = g_strdup (trove_account_get_id (account));
    _trove_account_store_move (store, 1, 0);
    g_settings_sync ();
    trove_test_spin (100);
  }

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Agency one"));
  g_assert_nonnull (strstr (contents, agency_id));

  {
    g_autoptr (GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);
    g_autoptr (GSettings) settings = g_settings_new_with_backend (BASE_APPLICATION_ID, backend);
    g_autoptr (TroveAccountStore) again = _trove_account_store_new_with_settings (settings);
    g_autoptr (TroveAccount) first = NULL;
    g_autofree char *name = NULL;
    g_autofree char *creator = NULL;
    g_autofree char *client = NULL;
    g_autofree char *onlyfans = NULL;
    TroveAccount *account;
    gint64 expires = 0;

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
    first = g_list_model_get_item (G_LIST_MODEL (again), 0);
    g_assert_cmpstr (trove_account_get_id (first), ==, onlyfans_id);
    g_object_get (first, "onlyfans-account-id", &onlyfans, NULL);
    g_assert_cmpstr (onlyfans, ==, "acct_demo_main");
    g_assert_true (trove_account_get_kind (first) == TROVE_ACCOUNT_KIND_ONLYFANSAPI);

    account = trove_account_store_find (again, "agency ONE");
    g_assert_nonnull (account);
    g_assert_cmpstr (trove_account_get_id (account), ==, agency_id);
    g_object_get (account, "display-name", &name, "creator-uuid", &creator, "client-id", &client,
                  "access-token-expires", &expires, NULL);
    g_assert_cmpstr (name, ==, "Agency one");
    g_assert_cmpstr (creator, ==, "4bd5d6a4-0b5a-4c4a-9d41-7d2e5bb1e3c1");
    g_assert_cmpstr (client, ==, "client-1");
    g_assert_cmpint (expires, ==, 1234567890);
    g_assert_true (trove_account_get_kind (account) == TROVE_ACCOUNT_KIND_FANVUE_AGENCY);
    g_assert_true (trove_account_get_auth_method (account) == TROVE_AUTH_METHOD_OAUTH);
  }
}

static void
test_url_validation (void)
{
  static const struct
  {
    const char *url;
    const char *error; /* a piece of the message, or NULL when valid */
  } cases[] = {
    { "https://api.fanvue.com", NULL },
    { "https://api.fanvue.com/", NULL },
    { "https://proxy.example.com:8443/fanvue", NULL },
    { "http://127.0.0.1:8080", NULL },
    { "http://127.1.2.3", NULL },
    { "http://[::1]:9000/", NULL },
    { "http://localhost:3000", NULL },
    { "http://LOCALHOST", NULL },
    { "http://api.fanvue.com", "only loopback addresses may use http://" },
    { "http://192.168.1.10", "only loopback addresses may use http://" },
    { "http://localhost.example.com", "only loopback addresses may use http://" },
    { "http://128.0.0.1", "only loopback addresses may use http://" },
    { "http://[::2]", "only loopback addresses may use http://" },
    { "", "is empty" },
    { "api.fanvue.com", "not a web address" },
    { "not a url", "not a web address" },
    { "ftp://api.fanvue.com", "must start with https://" },
    { "file:///etc/passwd", "must start with https://" },
    { "https://", "no host" },
    { "https://user:pw@api.fanvue.com", "user name" },
    { "https://api.fanvue.com/?a=b", "without" },
    { "https://api.fanvue.com/#x", "without" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      gboolean ok = trove_url_check_base (cases[i].url, "The API base URL", &error);

      if (cases[i].error == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST);
          if (strstr (error->message, cases[i].error) == NULL)
            g_error ("%s: “%s” does not say “%s”", cases[i].url, error->message, cases[i].error);
          g_assert_true (g_str_has_prefix (error->message, "The API base URL"));
        }
    }

  g_assert_false (trove_url_check_base (NULL, NULL, NULL));
  g_assert_true (trove_url_host_is_loopback ("127.0.0.1"));
  g_assert_true (trove_url_host_is_loopback ("::1"));
  g_assert_false (trove_url_host_is_loopback ("0.0.0.0"));
  g_assert_false (trove_url_host_is_loopback (NULL));
}

int
main (int argc, char *argv[])
{
  g_autofree char *keyring = NULL;
  int ret;

  tmpdir = g_dir_make_tmp ("trove-test-accounts-XXXXXX", NULL);
  keyring = g_build_filename (tmpdir, "keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);
  g_unsetenv ("TROVE_TOKEN");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/accounts/store/add-rename-move", test_store_add_rename_move);
  g_test_add_func ("/accounts/store/follows-key", test_store_follows_key);
  g_test_add_func ("/accounts/store/remove", test_store_remove);
  g_test_add_func ("/accounts/store/keyfile", test_store_keyfile);
  g_test_add_func ("/accounts/account/properties", test_account_properties);
  g_test_add_func ("/accounts/url-validation", test_url_validation);

  ret = g_test_run ();

  {
    g_autofree char *settings = g_build_filename (tmpdir, "settings.ini", NULL);

    g_unlink (keyring);
    g_unlink (settings);
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);

  return ret;
}
