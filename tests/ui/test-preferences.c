/* test-preferences.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-application.h"
#include "trove-preferences-window.h"
#include "trove-test-server-process.h"

static TroveApplication *app;

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
  const char *args[] = { "--dataset", "demo", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveTestServerProcess) server = trove_test_server_process_new (args, &error);
  TroveAccountStore *store = trove_application_get_account_store (app);
  GtkWidget *window = g_object_ref (GTK_WIDGET (trove_preferences_window_new (NULL, store)));
  AdwComboRow *found;
  gint64 deadline;

  g_assert_no_error (error);
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

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
