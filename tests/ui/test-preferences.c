/* test-preferences.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>
#include <libsecret/secret.h>

#include "trove-account-credentials.h"
#include "trove-application.h"
#include "trove-fanvue-provider.h"
#include "trove-preferences-window.h"
#include "trove-secret-store.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"
#include "trove-test-widgets.h"
#include "trove-test-widgets.h"

static TroveApplication *app;
static TroveTestServerProcess *server;
static char *private_dir; /* this run's XDG_DATA_HOME and XDG_CONFIG_HOME */
static char *browser_log; /* each address the fake browser was given, one a line */

static GtkWidget *
find_row (GtkWidget *widget, const char *id)
{
  if (ADW_IS_ACTION_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), id) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
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
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window));

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
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "OnlyFansAPI — Needs reconnecting");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_settings_reset (settings, "accounts");
}

static GtkWidget *
find_button_with_icon (GtkWidget *widget, const char *icon_name)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_icon (child, icon_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static AdwMessageDialog *
shown_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

/* Removing asks first: Cancel keeps the account, Remove removes it, also once the row that
 * asked is gone. */
static void
test_preferences_removes_after_asking (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  TroveAccountStore *store;
  TroveAccount *account;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *window;
  g_autofree char *id = NULL;

  g_settings_reset (settings, "accounts");
  store = trove_application_get_account_store (app);
  account = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, "To remove");
  id = g_strdup (trove_account_get_id (account));

  window = g_object_ref (GTK_WIDGET (trove_preferences_window_new (NULL, store)));
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window));

  g_signal_emit_by_name (find_button_with_icon (find_row (window, id), "user-trash-symbolic"),
                         "clicked");
  TROVE_TEST_WAIT_UNTIL ((dialog = shown_message_dialog ()) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Remove “To remove”?");
  /* As its buttons do: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  TROVE_TEST_WAIT_UNTIL (shown_message_dialog () == NULL);
  g_assert_nonnull (trove_account_store_find (store, "To remove"));

  g_signal_emit_by_name (find_button_with_icon (find_row (window, id), "user-trash-symbolic"),
                         "clicked");
  TROVE_TEST_WAIT_UNTIL ((dialog = shown_message_dialog ()) != NULL);
  adw_message_dialog_response (dialog, "remove");
  gtk_window_close (GTK_WINDOW (dialog));
  TROVE_TEST_WAIT_UNTIL (find_row (window, id) == NULL);
  g_assert_null (trove_account_store_find (store, "To remove"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_settings_reset (settings, "accounts");
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
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window));

  adw_combo_row_set_selected (ADW_COMBO_ROW (trove_test_find_named (window, "kind")),
                              TROVE_ACCOUNT_KIND_ONLYFANSAPI);
  gtk_editable_set_text (GTK_EDITABLE (trove_test_find_named (window, "token")), "ofapi_test_key");
  gtk_editable_set_text (GTK_EDITABLE (trove_test_find_named (window, "api-url")),
                         trove_test_server_process_get_onlyfansapi_url (server));
  g_assert_true (gtk_widget_activate_action (window, "prefs.find-accounts", NULL));

  found = ADW_COMBO_ROW (trove_test_find_named (window, "found-accounts"));
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (adw_combo_row_get_model (found)) < 3 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (found)), ==, 3);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (found)));
  g_assert_cmpstr (gtk_editable_get_text (
                       GTK_EDITABLE (trove_test_find_named (window, "onlyfans-account"))),
                   ==, "acct_demo_main");
  /* The stale account says where to fix it. */
  g_assert_nonnull (
      strstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (found)), 2),
              "OnlyFansAPI console"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
set_text (GtkWidget *window, const char *name, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (trove_test_find_named (window, name)), text);
}

/* What the form says once it has settled: not while checking, and not while the browser or the
 * sign-in server is at it. */
static const char *
settled_status (GtkWidget *window)
{
  GtkLabel *status = GTK_LABEL (trove_test_find_named (window, "status"));
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      const char *text = gtk_label_get_label (status);

      if (gtk_widget_get_visible (GTK_WIDGET (status)) && !g_str_has_suffix (text, "…") &&
          !g_str_has_prefix (text, "Finish signing in in your browser"))
        return text;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static char *
lookup_secret (TroveAccount *account, const char *kind)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *secret;

  trove_secret_store_lookup_async (trove_account_get_id (account), kind, NULL, trove_test_async_cb,
                                   &result);
  secret = trove_secret_store_lookup_finish (trove_test_wait_async (&result, 30), &error);
  g_assert_no_error (error);
  return secret;
}

static GtkWidget *
open_preferences (TroveAccountStore *store)
{
  GtkWidget *window = g_object_ref (GTK_WIDGET (trove_preferences_window_new (NULL, store)));

  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window));
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

  adw_combo_row_set_selected (ADW_COMBO_ROW (trove_test_find_named (window, "kind")),
                              TROVE_ACCOUNT_KIND_FANVUE_AGENCY);
  set_text (window, "name", "Nova Studio");
  set_text (window, "token", "fv_test_agency");
  set_text (window, "creator", creator);
  set_text (window, "api-url", trove_test_server_process_get_api_url (server));
  g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
  g_assert_cmpstr (settled_status (window), ==, "Account added.");

  adw_combo_row_set_selected (ADW_COMBO_ROW (trove_test_find_named (window, "kind")),
                              TROVE_ACCOUNT_KIND_ONLYFANSAPI);
  set_text (window, "name", "Demo Main");
  set_text (window, "token", "ofapi_test_key");
  set_text (window, "api-url", trove_test_server_process_get_onlyfansapi_url (server));
  g_assert_true (gtk_widget_activate_action (window, "prefs.find-accounts", NULL));
  while (*gtk_editable_get_text (
             GTK_EDITABLE (trove_test_find_named (window, "onlyfans-account"))) == '\0')
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
  g_assert_cmpstr (settled_status (window), ==, "Account added.");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  agency = trove_account_store_find (store, "Nova Studio");
  onlyfans = trove_account_store_find (store, "Demo Main");
  g_assert_nonnull (agency);
  g_assert_nonnull (onlyfans);
  g_assert_cmpint (trove_account_get_kind (agency), ==, TROVE_ACCOUNT_KIND_FANVUE_AGENCY);
  g_assert_cmpint (trove_account_get_kind (onlyfans), ==, TROVE_ACCOUNT_KIND_ONLYFANSAPI);
  {
    g_autofree char *creator_uuid =
        g_settings_get_string (trove_account_get_settings (agency), "creator-uuid");
    g_autofree char *onlyfans_id =
        g_settings_get_string (trove_account_get_settings (onlyfans), "onlyfans-account-id");

    g_assert_cmpstr (creator_uuid, ==, creator);
    g_assert_cmpstr (onlyfans_id, ==, "acct_demo_main");
  }
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
    { TROVE_ACCOUNT_KIND_ONLYFANSAPI, "Empty key", "", "acct_demo_main", NULL,
      "Paste the API key." },
    { TROVE_ACCOUNT_KIND_FANVUE, "Not a URL", "fv_test_creator", NULL, "not a url",
      "The base URL is not a web address (it should look like https://api.example.com)." },
    { TROVE_ACCOUNT_KIND_FANVUE, "Plain http", "fv_test_creator", NULL, "http://api.example.com",
      "The base URL must use https:// (only loopback addresses may use http://)." },
    { TROVE_ACCOUNT_KIND_FANVUE, "Wrong token", "fv_wrong", NULL, NULL,
      "Fanvue rejected this access token: it is wrong or has expired." },
    { TROVE_ACCOUNT_KIND_ONLYFANSAPI, "Wrong key", "ofapi_wrong", "acct_demo_main", NULL,
      "OnlyFansAPI rejected this API key. Check that you pasted all of it." },
    { TROVE_ACCOUNT_KIND_FANVUE_AGENCY, "Bad creator", "fv_test_agency", "creator-7", NULL,
      "The creator UUID looks like 7c9e6679-7425-40de-944b-e07fc1f90ae7." },
    { TROVE_ACCOUNT_KIND_ONLYFANSAPI, "Bad account id", "ofapi_test_key", "demo_main", NULL,
      "The OnlyFansAPI account id starts with acct_." },
  };
  TroveAccountStore *store = trove_application_get_account_store (app);
  GtkWidget *window = open_preferences (store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const BadInput *bad = &cases[i];
      const char *api = bad->api_url ? bad->api_url
                        : bad->kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI
                            ? trove_test_server_process_get_onlyfansapi_url (server)
                            : trove_test_server_process_get_api_url (server);

      g_test_message ("case %u: %s", i, bad->expected);
      adw_combo_row_set_selected (ADW_COMBO_ROW (trove_test_find_named (window, "kind")),
                                  bad->kind);
      set_text (window, "name", bad->name);
      set_text (window, "token", bad->token);
      set_text (window, "api-url", api);
      if (bad->kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY)
        set_text (window, "creator", bad->extra ? bad->extra : creator);
      if (bad->kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI)
        set_text (window, "onlyfans-account", bad->extra);
      g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
      g_assert_cmpstr (settled_status (window), ==, bad->expected);
      g_assert_true (gtk_widget_has_css_class (trove_test_find_named (window, "status"), "error"));
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

  adw_combo_row_set_selected (ADW_COMBO_ROW (trove_test_find_named (window, "kind")),
                              TROVE_ACCOUNT_KIND_FANVUE);
  set_text (window, "name", "Mira");
  set_text (window, "token", "fv_test_creator");
  set_text (window, "api-url", trove_test_server_process_get_api_url (server));
  g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
  g_assert_cmpstr (settled_status (window), ==, "Account added.");
  account = trove_account_store_find (store, "Mira");
  g_assert_nonnull (account);
  row = find_row (window, trove_account_get_id (account));
  g_assert_false (gtk_widget_get_visible (trove_test_find_named (row, "reconnect")));

  /* Renamed, the key in the keyring kept. */
  g_signal_emit_by_name (trove_test_find_named (row, "edit"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (trove_test_find_named (window, "name"))),
                   ==, "Mira");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (trove_test_find_named (window, "token"))),
                   ==, "");
  set_text (window, "name", "Mira Solberg");
  g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
  g_assert_cmpstr (settled_status (window), ==, "Changes saved.");
  g_assert_true (trove_account_store_find (store, "Mira Solberg") == account);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  secret = lookup_secret (account, trove_account_credentials_secret_kind (account));
  g_assert_cmpstr (secret, ==, "fv_test_creator");

  /* Rejected: Reconnect shows; a wrong token is refused, the right one makes it ready. */
  trove_account_set_state (account, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  g_assert_true (gtk_widget_get_visible (trove_test_find_named (row, "reconnect")));
  g_signal_emit_by_name (trove_test_find_named (row, "reconnect"), "clicked");
  set_text (window, "token", "fv_wrong");
  g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
  g_assert_cmpstr (settled_status (window), ==,
                   "Fanvue rejected this access token: it is wrong or has expired.");
  g_assert_cmpint (trove_account_get_state (account), ==, TROVE_ACCOUNT_STATE_NEEDS_RECONNECT);
  set_text (window, "token", "fv_test_agency");
  g_assert_true (gtk_widget_activate_action (window, "prefs.add-account", NULL));
  g_assert_cmpstr (settled_status (window), ==, "Changes saved.");
  g_assert_cmpint (trove_account_get_state (account), ==, TROVE_ACCOUNT_STATE_READY);
  g_assert_false (gtk_widget_get_visible (trove_test_find_named (row, "reconnect")));
  g_clear_pointer (&secret, g_free);
  secret = lookup_secret (account, trove_account_credentials_secret_kind (account));
  g_assert_cmpstr (secret, ==, "fv_test_agency");

  close_preferences (window);
  trove_account_store_remove (store, account);
}

/* Fanvue sign-in, through the real widgets and the real gtk_show_uri(): the "browser" is a
 * script that GIO launches as this session's default http handler (see main()). It writes the
 * address it was given to browser_log, then follows it with curl, as a browser would, to the
 * redirect URI (http only: an https redirect such as https://trove.invalid is not followed). */

static void
forget_browser_visits (void)
{
  g_assert_true (g_file_set_contents (browser_log, "", 0, NULL));
}

/* The address the fake browser was last sent to, once it was. */
static char *
browser_visit (void)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *contents = NULL;
      g_auto (GStrv) lines = NULL;
      guint n;

      g_assert_true (g_file_get_contents (browser_log, &contents, NULL, NULL));
      lines = g_strsplit (g_strstrip (contents), "\n", -1);
      n = g_strv_length (lines);
      if (n > 0 && *lines[n - 1] != '\0')
        return g_strdup (lines[n - 1]);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* A loopback port nothing listens on (the catcher binds it next). */
static guint16
free_port (void)
{
  g_autoptr (GSocket) socket =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
port_is_free (guint16 port)
{
  g_autoptr (GSocket) socket =
      g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  return g_socket_bind (socket, address, TRUE, NULL);
}

static void
fill_sign_in_form (GtkWidget *window,
                   const char *name,
                   const char *client_secret,
                   const char *redirect_uri,
                   const char *auth_url)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (trove_test_find_named (window, "kind")),
                              TROVE_ACCOUNT_KIND_FANVUE);
  set_text (window, "name", name);
  set_text (window, "client-id", "trove-test-client");
  set_text (window, "client-secret", client_secret);
  set_text (window, "redirect", redirect_uri);
  set_text (window, "api-url", trove_test_server_process_get_api_url (server));
  set_text (window, "auth-url", auth_url);
}

static const SecretSchema *
secret_schema (void)
{
  static const SecretSchema schema = { BASE_APPLICATION_ID,
                                       SECRET_SCHEMA_NONE,
                                       {
                                           { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                           { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                           { NULL, 0 },
                                       } };

  return &schema;
}

/* How many of Trove's secrets the keyring holds; how many of them are @value. */
static guint
count_secrets (const char *value, guint *n_equal)
{
  g_autoptr (GError) error = NULL;
  GList *items = secret_password_search_sync (secret_schema (),
                                              SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK |
                                                  SECRET_SEARCH_LOAD_SECRETS,
                                              NULL, &error, NULL);
  guint n = 0;

  g_assert_no_error (error);
  *n_equal = 0;
  for (GList *l = items; l != NULL; l = l->next, n++)
    {
      SecretValue *secret = secret_retrievable_retrieve_secret_sync (l->data, NULL, &error);

      g_assert_no_error (error);
      if (secret != NULL && g_strcmp0 (secret_value_get_text (secret), value) == 0)
        (*n_equal)++;
      g_clear_pointer (&secret, secret_value_unref);
    }
  g_list_free_full (items, g_object_unref);

  return n;
}

/* A signed-in account as the sign-in must leave it: OAuth, ready, its three secrets stored,
 * and an access token the API takes. */
static void
assert_signed_in (TroveAccount *account, const char *redirect_uri)
{
  GSettings *settings = trove_account_get_settings (account);
  g_autofree char *client_id = g_settings_get_string (settings, "client-id");
  g_autofree char *redirect = g_settings_get_string (settings, "redirect-uri");
  g_autofree char *api = g_settings_get_string (settings, "api-base-url");
  g_autofree char *auth = g_settings_get_string (settings, "auth-base-url");
  g_autofree char *client_secret = lookup_secret (account, TROVE_SECRET_CLIENT_SECRET);
  g_autofree char *access = lookup_secret (account, TROVE_SECRET_ACCESS_TOKEN);
  g_autofree char *refresh = lookup_secret (account, TROVE_SECRET_REFRESH_TOKEN);
  g_autoptr (TroveCredentials) credentials = NULL;
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (TroveUser) user = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (trove_account_get_kind (account), ==, TROVE_ACCOUNT_KIND_FANVUE);
  g_assert_cmpint (trove_account_get_state (account), ==, TROVE_ACCOUNT_STATE_READY);
  g_assert_cmpint (g_settings_get_enum (settings, "auth-method"), ==, TROVE_AUTH_METHOD_OAUTH);
  g_assert_cmpstr (client_id, ==, "trove-test-client");
  g_assert_cmpstr (redirect, ==, redirect_uri);
  g_assert_cmpstr (api, ==, trove_test_server_process_get_api_url (server));
  g_assert_cmpstr (auth, ==, trove_test_server_process_get_auth_url (server));
  g_assert_cmpstr (client_secret, ==, "trove-test-secret");
  g_assert_true (g_str_has_prefix (access, "fvat_"));
  g_assert_true (g_str_has_prefix (refresh, "fvrt_"));

  credentials = trove_static_credentials_new (access);
  provider = trove_fanvue_provider_new (NULL, api, credentials);
  trove_provider_identify_async (provider, NULL, trove_test_async_cb, &result);
  user = trove_provider_identify_finish (provider, trove_test_wait_async (&result, 30), &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
}

/* Loopback: Trove listens on the redirect URI, the browser lands there, and the account is saved.
 */
static void
test_preferences_signs_in_with_browser (void)
{
  TroveAccountStore *store = trove_application_get_account_store (app);
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", free_port ());
  g_autofree char *escaped_redirect = g_uri_escape_string (redirect, NULL, FALSE);
  g_autofree char *authorize =
      g_strconcat (trove_test_server_process_get_auth_url (server), "/oauth2/auth?", NULL);
  g_autofree char *visit = NULL;
  GtkWidget *window = open_preferences (store);
  GtkWidget *status = trove_test_find_named (window, "status");
  TroveAccount *account;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  fill_sign_in_form (window, "Mira OAuth", "trove-test-secret", redirect,
                     trove_test_server_process_get_auth_url (server));
  forget_browser_visits ();
  g_assert_true (gtk_widget_activate_action (window, "prefs.sign-in", NULL));
  g_assert_false (gtk_widget_get_visible (trove_test_find_named (window, "landed")));

  g_assert_cmpstr (settled_status (window), ==,
                   "Signed in. The account renews its access by itself.");
  g_assert_false (gtk_widget_has_css_class (status, "error"));
  visit = browser_visit ();
  g_assert_true (g_str_has_prefix (visit, authorize));
  g_assert_nonnull (strstr (visit, escaped_redirect));
  g_assert_nonnull (strstr (visit, "code_challenge_method=S256"));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  account = trove_account_store_find (store, "Mira OAuth");
  g_assert_nonnull (account);
  assert_signed_in (account, redirect);
  /* The secret left the form with the sign-in. */
  g_assert_cmpstr (gtk_editable_get_text (
                       GTK_EDITABLE (trove_test_find_named (window, "client-secret"))),
                   ==, "");
  g_assert_nonnull (find_row (window, trove_account_get_id (account)));

  close_preferences (window);
  trove_account_store_remove (store, account);
}

/* The token endpoint refuses the client secret: said inline, and nothing is saved. */
static void
test_preferences_sign_in_wrong_secret (void)
{
  TroveAccountStore *store = trove_application_get_account_store (app);
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", free_port ());
  g_autofree char *visit = NULL;
  GtkWidget *window = open_preferences (store);
  guint n_before, n_after, n_wrong;

  n_before = count_secrets ("wrong-secret", &n_wrong);
  g_assert_cmpuint (n_wrong, ==, 0);
  fill_sign_in_form (window, "Mira Wrong", "wrong-secret", redirect,
                     trove_test_server_process_get_auth_url (server));
  forget_browser_visits ();
  g_assert_true (gtk_widget_activate_action (window, "prefs.sign-in", NULL));

  g_assert_cmpstr (settled_status (window), ==,
                   "The sign-in server refused the client ID or client secret.");
  g_assert_true (gtk_widget_has_css_class (trove_test_find_named (window, "status"), "error"));
  /* The browser did get there: it is the token endpoint that said no. */
  visit = browser_visit ();
  g_assert_true (g_str_has_prefix (visit, trove_test_server_process_get_auth_url (server)));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_null (trove_account_store_find (store, "Mira Wrong"));
  n_after = count_secrets ("wrong-secret", &n_wrong);
  g_assert_cmpuint (n_wrong, ==, 0);
  g_assert_cmpuint (n_after, <=, n_before);

  close_preferences (window);
}

/* What is wrong in the form is said before any browser opens; nothing is saved. */
static void
test_preferences_sign_in_refuses_bad_form (void)
{
  const struct
  {
    const char *name;
    const char *client_secret;
    const char *api_url; /* NULL: the test server's */
    const char *expected;
  } cases[] = {
    { "", "trove-test-secret", NULL, "Give the account a name." },
    { "No secret", "", NULL,
      "Enter the client ID and secret of the app you registered in Fanvue’s developer area." },
    { "Plain http", "trove-test-secret", "http://api.example.com",
      "The base URL must use https:// (only loopback addresses may use http://)." },
  };
  TroveAccountStore *store = trove_application_get_account_store (app);
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", free_port ());
  GtkWidget *window = open_preferences (store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *visits = NULL;

      g_test_message ("case %u: %s", i, cases[i].expected);
      fill_sign_in_form (window, cases[i].name, cases[i].client_secret, redirect,
                         trove_test_server_process_get_auth_url (server));
      if (cases[i].api_url != NULL)
        set_text (window, "api-url", cases[i].api_url);
      forget_browser_visits ();
      g_assert_true (gtk_widget_activate_action (window, "prefs.sign-in", NULL));
      g_assert_cmpstr (settled_status (window), ==, cases[i].expected);
      g_assert_true (gtk_widget_has_css_class (trove_test_find_named (window, "status"), "error"));
      trove_test_spin (200);
      g_assert_true (g_file_get_contents (browser_log, &visits, NULL, NULL));
      g_assert_cmpstr (visits, ==, "");
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
    }

  close_preferences (window);
}

/* The Location the authorize endpoint answers @url with: where a browser would land. */
static char *
landing_address (const char *url)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;

  soup_message_set_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_FOUND);

  return g_strdup (
      soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"));
}

static char *
query_value (const char *url, const char *name)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr (GHashTable) params = NULL;

  g_assert_nonnull (uri);
  g_assert_nonnull (g_uri_get_query (uri));
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  g_assert_nonnull (params);

  return g_strdup (g_hash_table_lookup (params, name));
}

static void
paste_landed (GtkWidget *window, const char *address)
{
  set_text (window, "landed", address);
  g_signal_emit_by_name (trove_test_find_named (window, "landed"), "apply");
}

/* Not a loopback redirect: the user pastes where the browser landed. A paste without a code or
 * with another sign-in's state is refused, and nothing is saved; the real address signs in. */
static void
test_preferences_sign_in_pasted_redirect (void)
{
  TroveAccountStore *store = trove_application_get_account_store (app);
  const char *redirect = "https://trove.invalid/callback";
  g_autofree char *visit = NULL;
  g_autofree char *state = NULL;
  g_autofree char *landed = NULL;
  g_autofree char *code = NULL;
  g_autofree char *without_code = NULL;
  g_autofree char *other_state = NULL;
  GtkWidget *window = open_preferences (store);
  GtkWidget *status = trove_test_find_named (window, "status");
  TroveAccount *account;

  g_assert_false (gtk_widget_get_visible (trove_test_find_named (window, "landed")));
  fill_sign_in_form (window, "Mira Pasted", "trove-test-secret", redirect,
                     trove_test_server_process_get_auth_url (server));
  forget_browser_visits ();
  g_assert_true (gtk_widget_activate_action (window, "prefs.sign-in", NULL));
  g_assert_true (gtk_widget_get_visible (trove_test_find_named (window, "landed")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (status)), ==,
                   "Finish signing in in your browser, then paste the address it lands on below "
                   "and press Enter.");

  visit = browser_visit ();
  state = query_value (visit, "state");
  g_assert_nonnull (state);
  landed = landing_address (visit);
  g_assert_true (g_str_has_prefix (landed, "https://trove.invalid/callback?"));
  code = query_value (landed, "code");
  g_assert_nonnull (code);
  without_code = g_strdup_printf ("%s?state=%s", redirect, state);
  other_state = g_strdup_printf ("%s?code=%s&state=not-%s", redirect, code, state);

  paste_landed (window, without_code);
  g_assert_cmpstr (settled_status (window), ==,
                   "The address has no authorization code. Copy the whole address the browser "
                   "landed on.");
  g_assert_true (gtk_widget_has_css_class (status, "error"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  paste_landed (window, other_state);
  g_assert_cmpstr (settled_status (window), ==,
                   "The sign-in answer does not belong to this sign-in (its state does not match). "
                   "Sign in again.");
  g_assert_true (gtk_widget_has_css_class (status, "error"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  /* The code was not spent by the refused paste: the real address still signs in. */
  paste_landed (window, landed);
  g_assert_cmpstr (settled_status (window), ==,
                   "Signed in. The account renews its access by itself.");
  g_assert_false (gtk_widget_has_css_class (status, "error"));
  g_assert_false (gtk_widget_get_visible (trove_test_find_named (window, "landed")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  account = trove_account_store_find (store, "Mira Pasted");
  g_assert_nonnull (account);
  assert_signed_in (account, redirect);

  close_preferences (window);
  trove_account_store_remove (store, account);
}

/* No program opens https addresses: Trove says so (no GTK warning) and puts the sign-in
 * address on the clipboard, to be opened by hand. */
static void
test_preferences_sign_in_without_browser (void)
{
  TroveAccountStore *store = trove_application_get_account_store (app);
  g_autoptr (GAppInfo) handler = g_app_info_get_default_for_uri_scheme ("https");
  guint16 port = free_port ();
  g_autofree char *redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  g_autofree char *copied = NULL;
  g_autoptr (GAsyncResult) read = NULL;
  g_autoptr (GError) read_error = NULL;
  GtkWidget *window;
  const char *status;
  gint64 deadline;

  if (handler != NULL)
    {
      trove_test_skip ("this system has a handler of https addresses");
      return;
    }

  window = open_preferences (store);
  fill_sign_in_form (window, "Mira No Browser", "trove-test-secret", redirect,
                     "https://auth.trove.invalid");
  g_assert_true (gtk_widget_activate_action (window, "prefs.sign-in", NULL));

  status = settled_status (window);
  g_assert_true (g_str_has_prefix (status, "Trove could not open a web browser"));
  g_assert_true (gtk_widget_has_css_class (trove_test_find_named (window, "status"), "error"));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (window), NULL, trove_test_async_cb,
                                 &read);
  copied = gdk_clipboard_read_text_finish (gtk_widget_get_clipboard (window),
                                           trove_test_wait_async (&read, 30), &read_error);
  g_assert_no_error (read_error);
  g_assert_nonnull (copied);
  g_assert_true (g_str_has_prefix (copied, "https://auth.trove.invalid/oauth2/auth?"));
  /* Trove still waits for the browser on the redirect URI. */
  g_assert_false (port_is_free (port));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  /* Closed while Trove still listens for the browser: it stops, which lets go of the window
   * and of the port (a sign-in from Preferences opened again can listen on it). */
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_unref (window);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (window != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_true (port_is_free (port));
}

/* Before anything reads them: private data and config directories in which the default
 * handler of http addresses is a fake browser, so that gtk_show_uri() launches it through GIO
 * exactly as it would launch the user's browser. */
static void
setup_fake_browser (void)
{
  static const char *const http[] = { "x-scheme-handler/http", NULL };
  g_autoptr (GError) error = NULL;

  private_dir = g_dir_make_tmp ("trove-test-preferences-XXXXXX", &error);
  g_assert_no_error (error);
  browser_log =
      trove_test_install_default_app (private_dir, "browser", http,
                                      "exec curl --silent --output /dev/null --location --proto "
                                      "=http "
                                      "--proto-redir =http --noproxy '*' --max-time 20 \"$1\"");
}

static GtkWidget *
find_of_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Each OnlyFansAPI account has its "Allow paid downloads" switch, off, with the price said;
 * flipping it is the account's setting, and the answer to the question asked otherwise. */
static void
test_preferences_paid_downloads_switch (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  TroveAccountStore *store;
  TroveAccount *onlyfans;
  GtkWidget *window, *group, *row, *toggle;
  gboolean allow = TRUE, asked = TRUE;

  g_settings_reset (settings, "accounts");
  store = trove_application_get_account_store (app);
  trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, "Creator");

  window = g_object_ref (GTK_WIDGET (trove_preferences_window_new (NULL, store)));
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window));
  group = trove_test_find_named (window, "paid-downloads");
  g_assert_nonnull (group);
  /* Nothing to allow for Fanvue. */
  g_assert_false (gtk_widget_get_visible (group));

  onlyfans = trove_account_store_add (store, TROVE_ACCOUNT_KIND_ONLYFANSAPI, "OF main");
  trove_account_reset (onlyfans);
  g_assert_true (gtk_widget_get_visible (group));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)),
                            "3 credits per MB"));
  row = find_of_type (group, ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "OF main");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Allow paid downloads");
  toggle = find_of_type (row, GTK_TYPE_SWITCH);
  g_assert_nonnull (toggle);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));

  /* As a click on the row does. */
  g_assert_true (gtk_widget_activate (row));
  /* The switch moves over before it is on. */
  TROVE_TEST_WAIT_UNTIL (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_object_get (onlyfans, "allow-paid-downloads", &allow, "paid-downloads-asked", &asked, NULL);
  g_assert_true (allow);
  g_assert_true (asked);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  trove_account_reset (onlyfans);
  g_settings_reset (settings, "accounts");
}

/* The downloads group says whether the daily sync timer is on: systemd's enablement link in the
 * user's config ($XDG_CONFIG_HOME/systemd/user/timers.target.wants/), read again on each show. */
static void
test_preferences_shows_sync_timer (void)
{
  TroveAccountStore *store = trove_application_get_account_store (app);
  g_autofree char *wants =
      g_build_filename (g_get_user_config_dir (), "systemd", "user", "timers.target.wants", NULL);
  g_autofree char *link = g_build_filename (wants, "trove-sync.timer", NULL);
  GtkWidget *window;
  GtkWidget *row;

  g_assert_true (g_str_has_prefix (g_get_user_config_dir (), private_dir));
  g_remove (link);

  window = g_object_ref (GTK_WIDGET (trove_preferences_window_new (NULL, store)));
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window));
  row = find_row (window, "sync_timer_row");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Daily Sync");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Off. To turn it on: systemctl --user enable --now trove-sync.timer");
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  /* What `systemctl --user enable` leaves behind (the unit it links to need not exist here). */
  g_assert_cmpint (g_mkdir_with_parents (wants, 0700), ==, 0);
  g_assert_cmpint (symlink ("/usr/lib/systemd/user/trove-sync.timer", link), ==, 0);

  window = g_object_ref (GTK_WIDGET (trove_preferences_window_new (NULL, store)));
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window));
  row = find_row (window, "sync_timer_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "On: trove-cli sync downloads what is new once a day");
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);

  g_remove (link);
}

int
main (int argc, char *argv[])
{
  int ret;

  setup_fake_browser ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");

  g_test_add_func ("/preferences/lists-accounts", test_preferences_lists_accounts);
  g_test_add_func ("/preferences/removes-after-asking", test_preferences_removes_after_asking);
  g_test_add_func ("/preferences/finds-onlyfans-accounts",
                   test_preferences_finds_onlyfans_accounts);
  g_test_add_func ("/preferences/paid-downloads-switch", test_preferences_paid_downloads_switch);
  g_test_add_func ("/preferences/adds-accounts", test_preferences_adds_accounts);
  g_test_add_func ("/preferences/refuses-bad-input", test_preferences_refuses_bad_input);
  g_test_add_func ("/preferences/edit-and-reconnect", test_preferences_edit_and_reconnect);
  g_test_add_func ("/preferences/signs-in-with-browser", test_preferences_signs_in_with_browser);
  g_test_add_func ("/preferences/sign-in-wrong-secret", test_preferences_sign_in_wrong_secret);
  g_test_add_func ("/preferences/sign-in-refuses-bad-form",
                   test_preferences_sign_in_refuses_bad_form);
  g_test_add_func ("/preferences/sign-in-pasted-redirect",
                   test_preferences_sign_in_pasted_redirect);
  g_test_add_func ("/preferences/sign-in-without-browser",
                   test_preferences_sign_in_without_browser);
  g_test_add_func ("/preferences/shows-sync-timer", test_preferences_shows_sync_timer);

  {
    const char *args[] = { "--dataset", "demo", NULL };
    g_autoptr (GError) error = NULL;

    server = trove_test_server_process_new (args, &error);
    g_assert_no_error (error);
  }

  ret = g_test_run ();
  trove_test_server_process_free (server);
  g_clear_object (&app);
  trove_test_remove_tree (private_dir);
  g_free (private_dir);
  g_free (browser_log);

  return ret;
}
