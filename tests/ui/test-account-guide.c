/* test-account-guide.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-application.h"
#include "trove-preferences-window.h"
#include "trove-test-util.h"
#include "trove-test-widgets.h"

static TroveApplication *app;

static GtkWidget *
open_preferences (void)
{
  GtkWidget *window = g_object_ref (
      GTK_WIDGET (trove_preferences_window_new (NULL, trove_application_get_account_store (app))));

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);

  return window;
}

static void
select_kind (GtkWidget *window, TroveAccountKind kind)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (trove_test_find_named (window, "kind")), kind);
}

static const char *
subtitle_of (GtkWidget *window, const char *name)
{
  GtkWidget *row = trove_test_find_named (window, name);

  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* A row of the guide is shown for this kind of account. */
static gboolean
shown (GtkWidget *window, const char *name)
{
  GtkWidget *row = trove_test_find_named (window, name);

  g_assert_nonnull (row);
  return gtk_widget_get_visible (row);
}

/* Clicks the guide's Copy button, as a person does, and reads the clipboard back. */
static char *
copy_redirect (GtkWidget *window)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (window);
  GtkWidget *button = trove_test_find_named (window, "guide-copy");
  g_autoptr (GAsyncResult) read = NULL;
  g_autoptr (GError) error = NULL;
  char *copied;

  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  /* Something else on the clipboard first, so that a stale value cannot pass. */
  gdk_clipboard_set_text (clipboard, "not the redirect URI");
  g_signal_emit_by_name (button, "clicked");
  gdk_clipboard_read_text_async (clipboard, NULL, trove_test_async_cb, &read);
  copied = gdk_clipboard_read_text_finish (clipboard, trove_test_wait_async (&read, 30), &error);
  g_assert_no_error (error);
  g_assert_nonnull (copied);

  return copied;
}

static void
assert_contains (const char *text, const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not say “%s”", text ? text : "(null)", part);
}

/* Fanvue: the steps, the exact scopes for each kind of account, the redirect URI shown and
 * copied from the form. */
static void
test_account_guide_fanvue (void)
{
  GtkWidget *window = open_preferences ();
  GtkWidget *guide = trove_test_find_named (window, "guide");
  GtkEditable *redirect = GTK_EDITABLE (trove_test_find_named (window, "redirect"));
  const char *scopes;
  g_autofree char *copied = NULL;
  g_autofree char *copied_again = NULL;
  g_autofree char *copied_default = NULL;

  g_assert_true (ADW_IS_EXPANDER_ROW (guide));
  g_assert_true (gtk_widget_get_visible (guide));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (guide), TRUE);

  select_kind (window, TROVE_ACCOUNT_KIND_FANVUE);
  g_assert_true (shown (window, "guide-create-app"));
  g_assert_false (shown (window, "guide-api-key"));
  g_assert_false (shown (window, "guide-onlyfans-account"));
  assert_contains (subtitle_of (window, "guide-create-app"), "developer area");
  scopes = subtitle_of (window, "guide-scopes");
  assert_contains (scopes, "read:self");
  assert_contains (scopes, "read:chat");
  assert_contains (scopes, "openid");
  assert_contains (scopes, "offline_access");
  assert_contains (scopes, "offline,");
  g_assert_null (strstr (scopes, "read:creator"));
  assert_contains (subtitle_of (window, "guide-credentials"), "client ID");

  select_kind (window, TROVE_ACCOUNT_KIND_FANVUE_AGENCY);
  assert_contains (subtitle_of (window, "guide-scopes"), "read:creator");
  g_assert_true (shown (window, "guide-redirect"));

  /* The URI shown is the form's, as it is typed. */
  g_assert_cmpstr (subtitle_of (window, "guide-redirect"), ==, gtk_editable_get_text (redirect));
  copied = copy_redirect (window);
  g_assert_cmpstr (copied, ==, gtk_editable_get_text (redirect));

  gtk_editable_set_text (redirect, "http://localhost:40123/trove");
  g_assert_cmpstr (subtitle_of (window, "guide-redirect"), ==, "http://localhost:40123/trove");
  copied_again = copy_redirect (window);
  g_assert_cmpstr (copied_again, ==, "http://localhost:40123/trove");

  /* An empty field: the guide offers the address Trove suggests. */
  gtk_editable_set_text (redirect, "");
  g_assert_cmpstr (subtitle_of (window, "guide-redirect"), ==, "http://127.0.0.1:53682/callback");
  copied_default = copy_redirect (window);
  g_assert_cmpstr (copied_default, ==, "http://127.0.0.1:53682/callback");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* OnlyFansAPI: where the API key and the acct_ id come from, and that the form finds them. */
static void
test_account_guide_onlyfansapi (void)
{
  GtkWidget *window = open_preferences ();

  select_kind (window, TROVE_ACCOUNT_KIND_ONLYFANSAPI);
  g_assert_true (gtk_widget_get_visible (trove_test_find_named (window, "guide")));
  g_assert_true (shown (window, "guide-api-key"));
  g_assert_true (shown (window, "guide-onlyfans-account"));
  g_assert_false (shown (window, "guide-create-app"));
  g_assert_false (shown (window, "guide-scopes"));
  g_assert_false (shown (window, "guide-redirect"));
  g_assert_false (shown (window, "guide-credentials"));
  assert_contains (subtitle_of (window, "guide-api-key"), "OnlyFansAPI console");
  assert_contains (subtitle_of (window, "guide-api-key"), "API keys");
  assert_contains (subtitle_of (window, "guide-onlyfans-account"), "acct_");
  assert_contains (subtitle_of (window, "guide-onlyfans-account"), "find");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int argc, char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");

  g_test_add_func ("/account-guide/fanvue", test_account_guide_fanvue);
  g_test_add_func ("/account-guide/onlyfansapi", test_account_guide_onlyfansapi);

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
