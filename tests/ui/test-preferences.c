/* test-preferences.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-account-credentials.h"
#include "trove-application.h"
#include "trove-preferences-window.h"
#include "trove-secret-store.h"
#include "trove-test-util.h"

static TroveApplication *app;
static TroveTestServerProcess *server;

static void
wait_until_mapped (GtkWidget *widget)
{
  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
find_row (GtkWidget *widget,
          const char *id)
{
  if (ADW_IS_ACTION_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), id) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_preferences_lists_accounts (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  TroveAccountStore *store;
  TroveAccount *fanvue, *onlyfans;
  GtkWidget *window;
  GtkWidget *row;

  g_settings_reset (settings, "accounts");
  store = trove_application_get_account_store (app);
  fanvue = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE_AGENCY, "Agency");
  onlyfans = trove_account_store_add (store, TROVE_ACCOUNT_KIND_ONLYFANSAPI, "OF main");

  window = g_object_ref (GTK_WIDGET (trove_preferences_window_new (NULL, store)));
  gtk_window_present (GTK_WINDOW (window));
  wait_until_mapped (window);

  row = find_row (window, trove_account_get_id (fanvue));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Agency");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Fanvue agency");

  row = find_row (window, trove_account_get_id (onlyfans));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "OnlyFansAPI");

  /* The rows follow the accounts. */
  trove_account_set_state (onlyfans, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  trove_account_store_rename (store, onlyfans, "Renamed");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Renamed");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "OnlyFansAPI — Needs reconnecting");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_settings_reset (settings, "accounts");
}

static GtkWidget *
find_named (GtkWidget *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* An OnlyFansAPI key lists the accounts it reaches; the first usable one is picked. */
static void
test_preferences_finds_onlyfans_accounts (void)
{
  TroveAccountStore *store = trove_application_get_account_store (app);
  GtkWidget *window = g_object_ref (GTK_WIDGET (trove_preferences_window_new (NULL, store)));
  AdwComboRow *found;
  gint64 deadline;

  gtk_window_present (GTK_WINDOW (window));
  wait_until_mapped (window);

  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (window, "kind")), TROVE_ACCOUNT_KIND_ONLYFANSAPI);
  gtk_editable_set_text (GTK_EDITABLE (find_named (window, "token")), "ofapi_test_key");
  gtk_editable_set_text (GTK_EDITABLE (find_named (window, "api-url")), trove_test_server_process_get_onlyfansapi_url (server));
  g_assert_true (gtk_widget_activate_action (window, "prefs.find-accounts", NULL));

  found = ADW_COMBO_ROW (find_named (window, "found-accounts"));
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (adw_combo_row_get_model (found)) < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (found)), ==, 3);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (found)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (window, "onlyfans-account"))), ==, "acct_demo_main");
  /* The stale account says where to fix it. */
  g_assert_nonnull (strstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (found)), 2), "OnlyFansAPI console"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
set_text (GtkWidget *window,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find_named (window, name)), text);
}

/* What the form says once it has settled (not while checking). */
static const char *
settled_status (GtkWidget *window)
{
  GtkLabel *status = GTK_LABEL (find_named (window, "status"));
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      const char *text = gtk_label_get_label (status);

      if (gtk_widget_get_visible (GTK_WIDGET (status)) && !g_str_has_suffix (text, "…"))
        return text;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
store_result_cb (GObject *object,
                 GAsyncResult *result,
                 gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
lookup_secret (TroveAccount *account,
               const char *kind)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *secret;

  trove_secret_store_lookup_async (trove_account_get_id (account), kind, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  secret = trove_secret_store_lookup_finish (result, &error);
  g_assert_no_error (error);
  return secret;
}

static GtkWidget *
open_preferences (TroveAccountStore *store)
{
  GtkWidget *window = g_object_ref (GTK_WIDGET (trove_preferences_window_new (NULL, store)));

  gtk_window_present (GTK_WINDOW (window));
  wait_until_mapped (window);
  return window;
}

static void
close_preferences (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Through the widgets, as a user would: a Fanvue agency account and an OnlyFansAPI account,
 * each checked against the server, saved with its secret in the keyring. */
static void
test_preferences_adds_accounts (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  TroveAccountStore *store = trove_application_get_account_store (app);
  g_autofree char *creator = trove_test_dataset_creator_id (server);
  g_autofree char *agency_secret = NULL;
  g_autofree char *onlyfans_secret = NULL;
  GtkWidget *window;
  TroveAccount *agency, *onlyfans;

  g_settings_reset (settings, "accounts");
  window = open_preferences (store);

  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (window, "kind")), TROVE_ACCOUNT_KIND_FANVUE_AGENCY);
  set_text (window, "name", "Nova Studio");
  set_text (window, "token", "fv_test_agency");
  set_text (window, "creator", creator);
  set_text (window, "api-url", trove_test_server_process_get_api_url (server));
  g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
  g_assert_cmpstr (settled_status (window), ==, "Account added.");

  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (window, "kind")), TROVE_ACCOUNT_KIND_ONLYFANSAPI);
  set_text (window, "name", "Demo Main");
  set_text (window, "token", "ofapi_test_key");
  set_text (window, "api-url", trove_test_server_process_get_onlyfansapi_url (server));
  g_assert_true (gtk_widget_activate_action (window, "prefs.find-accounts", NULL));
  while (*gtk_editable_get_text (GTK_EDITABLE (find_named (window, "onlyfans-account"))) == '\0')
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
  g_assert_cmpstr (settled_status (window), ==, "Account added.");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  agency = trove_account_store_find (store, "Nova Studio");
  onlyfans = trove_account_store_find (store, "Demo Main");
  g_assert_nonnull (agency);
  g_assert_nonnull (onlyfans);
  g_assert_cmpint (trove_account_get_kind (agency), ==, TROVE_ACCOUNT_KIND_FANVUE_AGENCY);
  g_assert_cmpstr (g_settings_get_string (trove_account_get_settings (agency), "creator-uuid"), ==, creator);
  g_assert_cmpint (trove_account_get_kind (onlyfans), ==, TROVE_ACCOUNT_KIND_ONLYFANSAPI);
  g_assert_cmpstr (g_settings_get_string (trove_account_get_settings (onlyfans), "onlyfans-account-id"), ==, "acct_demo_main");
  agency_secret = lookup_secret (agency, trove_account_credentials_secret_kind (agency));
  onlyfans_secret = lookup_secret (onlyfans, trove_account_credentials_secret_kind (onlyfans));
  g_assert_cmpstr (agency_secret, ==, "fv_test_agency");
  g_assert_cmpstr (onlyfans_secret, ==, "ofapi_test_key");
  /* Both have a row. */
  g_assert_nonnull (find_row (window, trove_account_get_id (agency)));
  g_assert_nonnull (find_row (window, trove_account_get_id (onlyfans)));

  close_preferences (window);
  trove_account_store_remove (store, agency);
  trove_account_store_remove (store, onlyfans);
}

typedef struct
{
  TroveAccountKind kind;
  const char *name;
  const char *token;
  const char *extra;   /* creator UUID or acct_ id */
  const char *api_url; /* NULL: the test server's */
  const char *expected;
} BadInput;

/* Each problem named inline; nothing saved, in the store or in the keyring. */
static void
test_preferences_refuses_bad_input (void)
{
  g_autofree char *creator = trove_test_dataset_creator_id (server);
  const BadInput cases[] = {
    { TROVE_ACCOUNT_KIND_FANVUE, "", "fv_test_creator", NULL, NULL, "Give the account a name." },
    { TROVE_ACCOUNT_KIND_FANVUE, "Empty token", "", NULL, NULL, "Paste the access token." },
    { TROVE_ACCOUNT_KIND_ONLYFANSAPI, "Empty key", "", "acct_demo_main", NULL, "Paste the API key." },
    { TROVE_ACCOUNT_KIND_FANVUE, "Not a URL", "fv_test_creator", NULL, "not a url", "The base URL is not a web address (it should look like https://api.example.com)." },
    { TROVE_ACCOUNT_KIND_FANVUE, "Plain http", "fv_test_creator", NULL, "http://api.example.com", "The base URL must use https:// (only loopback addresses may use http://)." },
    { TROVE_ACCOUNT_KIND_FANVUE, "Wrong token", "fv_wrong", NULL, NULL, "Fanvue rejected this access token: it is wrong or has expired." },
    { TROVE_ACCOUNT_KIND_ONLYFANSAPI, "Wrong key", "ofapi_wrong", "acct_demo_main", NULL, "OnlyFansAPI rejected this API key. Check that you pasted all of it." },
    { TROVE_ACCOUNT_KIND_FANVUE_AGENCY, "Bad creator", "fv_test_agency", "creator-7", NULL, "The creator UUID looks like 7c9e6679-7425-40de-944b-e07fc1f90ae7." },
    { TROVE_ACCOUNT_KIND_ONLYFANSAPI, "Bad account id", "ofapi_test_key", "demo_main", NULL, "The OnlyFansAPI account id starts with acct_." },
  };
  TroveAccountStore *store = trove_application_get_account_store (app);
  GtkWidget *window = open_preferences (store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const BadInput *bad = &cases[i];
      const char *api = bad->api_url                                  ? bad->api_url
                        : bad->kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? trove_test_server_process_get_onlyfansapi_url (server)
                                                                      : trove_test_server_process_get_api_url (server);

      g_test_message ("case %u: %s", i, bad->expected);
      adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (window, "kind")), bad->kind);
      set_text (window, "name", bad->name);
      set_text (window, "token", bad->token);
      set_text (window, "api-url", api);
      if (bad->kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY)
        set_text (window, "creator", bad->extra ? bad->extra : creator);
      if (bad->kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI)
        set_text (window, "onlyfans-account", bad->extra);
      g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
      g_assert_cmpstr (settled_status (window), ==, bad->expected);
      g_assert_true (gtk_widget_has_css_class (find_named (window, "status"), "error"));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
    }

  close_preferences (window);
}

/* Edit renames and re-points an account; Reconnect appears when it needs it and takes a new
 * token, after which the account is ready again with the new secret in the keyring. */
static void
test_preferences_edit_and_reconnect (void)
{
  TroveAccountStore *store = trove_application_get_account_store (app);
  GtkWidget *window = open_preferences (store);
  g_autofree char *secret = NULL;
  TroveAccount *account;
  GtkWidget *row;

  adw_combo_row_set_selected (ADW_COMBO_ROW (find_named (window, "kind")), TROVE_ACCOUNT_KIND_FANVUE);
  set_text (window, "name", "Mira");
  set_text (window, "token", "fv_test_creator");
  set_text (window, "api-url", trove_test_server_process_get_api_url (server));
  g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
  g_assert_cmpstr (settled_status (window), ==, "Account added.");
  account = trove_account_store_find (store, "Mira");
  g_assert_nonnull (account);
  row = find_row (window, trove_account_get_id (account));
  g_assert_false (gtk_widget_get_visible (find_named (row, "reconnect")));

  /* Renamed, the key in the keyring kept. */
  g_signal_emit_by_name (find_named (row, "edit"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (window, "name"))), ==, "Mira");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (window, "token"))), ==, "");
  set_text (window, "name", "Mira Solberg");
  g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
  g_assert_cmpstr (settled_status (window), ==, "Changes saved.");
  g_assert_true (trove_account_store_find (store, "Mira Solberg") == account);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  secret = lookup_secret (account, trove_account_credentials_secret_kind (account));
  g_assert_cmpstr (secret, ==, "fv_test_creator");

  /* Rejected: Reconnect shows; a wrong token is refused, the right one makes it ready. */
  trove_account_set_state (account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  g_assert_true (gtk_widget_get_visible (find_named (row, "reconnect")));
  g_signal_emit_by_name (find_named (row, "reconnect"), "clicked");
  set_text (window, "token", "fv_wrong");
  g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
  g_assert_cmpstr (settled_status (window), ==, "Fanvue rejected this access token: it is wrong or has expired.");
  g_assert_cmpint (trove_account_get_state (account), ==, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  set_text (window, "token", "fv_test_agency");
  g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
  g_assert_cmpstr (settled_status (window), ==, "Changes saved.");
  g_assert_cmpint (trove_account_get_state (account), ==, TROVE_ACCOUNT_STATE_READY);
  g_assert_false (gtk_widget_get_visible (find_named (row, "reconnect")));
  g_clear_pointer (&secret, g_free);
  secret = lookup_secret (account, trove_account_credentials_secret_kind (account));
  g_assert_cmpstr (secret, ==, "fv_test_agency");

  close_preferences (window);
  trove_account_store_remove (store, account);
}

int
main (int argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");

  g_test_add_func ("/preferences/lists-accounts", test_preferences_lists_accounts);
  g_test_add_func ("/preferences/finds-onlyfans-accounts", test_preferences_finds_onlyfans_accounts);
  g_test_add_func ("/preferences/adds-accounts", test_preferences_adds_accounts);
  g_test_add_func ("/preferences/refuses-bad-input", test_preferences_refuses_bad_input);
  g_test_add_func ("/preferences/edit-and-reconnect", test_preferences_edit_and_reconnect);

  {
    const char *args[] = { "--dataset", "demo", NULL };
    g_autoptr (GError) error = NULL;

    server = trove_test_server_process_new (args, &error);
    g_assert_no_error (error);
  }

  ret = g_test_run ();
  trove_test_server_process_free (server);
  g_clear_object (&app);

  return ret;
}
