/* test-budget-menu.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account's budget in the window: the account menu tells the rate limit and credits the
 * server's answers report, and a bar says when requests wait for the rate limit.
 */

#include "config.h"

#include "trove-application.h"
#include "trove-fanvue-provider.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"
#include "trove-test-widgets.h"
#include "trove-window-private.h"

static TroveApplication *app;

static TroveTestServerProcess *
start_server (const char *const *extra)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  TroveTestServerProcess *server;

  g_ptr_array_add (args, (char *) "--dataset");
  g_ptr_array_add (args, (char *) "demo");
  for (; *extra != NULL; extra++)
    g_ptr_array_add (args, (char *) *extra);
  g_ptr_array_add (args, NULL);

  server = trove_test_server_process_new ((const char *const *) args->pdata, &error);
  g_assert_no_error (error);
  return server;
}

static TroveProvider *
fanvue (TroveTestServerProcess *server)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");

  return trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server),
                                    credentials);
}

static TroveProvider *
onlyfansapi (TroveTestServerProcess *server)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("ofapi_test_key");

  return trove_onlyfansapi_provider_new (NULL,
                                         trove_test_server_process_get_onlyfansapi_url (server),
                                         credentials, "acct_demo_main");
}

static TroveWindow *
open_window (TroveProvider *provider)
{
  TroveWindow *window = g_object_ref (trove_window_new (GTK_APPLICATION (app)));

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  _trove_window_set_provider (window, provider, "Test", NULL);
  return window;
}

static gboolean
has_tooltip (GtkWidget *widget, const char *tooltip)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static GtkWidget *
find_by_tooltip (GtkWidget *widget, const char *tooltip)
{
  if (has_tooltip (widget, tooltip))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Opens the account menu as a click does; returns its popover. */
static GtkWidget *
open_account_menu (TroveWindow *window)
{
  GtkWidget *button = find_by_tooltip (GTK_WIDGET (window), "Accounts");
  GtkPopover *popover;

  g_assert_true (GTK_IS_MENU_BUTTON (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  return GTK_WIDGET (popover);
}

/* The text of the label named @name in @root, when it is on screen; NULL otherwise. */
static const char *
shown_text (GtkWidget *root, const char *name)
{
  GtkWidget *label = trove_test_find_named (root, name);

  if (label == NULL || !gtk_widget_get_mapped (label))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

/* What the API server has answered, and the credits it billed, since it started. */
/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

/* API requests the server refused for the rate limit. */
static guint
count_refused (TroveTestServerProcess *server)
{
  g_autoptr (JsonArray) log = trove_test_server_process_get_requests (server);
  guint refused = 0;

  for (guint i = 0; i < json_array_get_length (log); i++)
    refused += json_object_get_int_member (json_array_get_object_element (log, i), "status") ==
               HTTP_TOO_MANY_REQUESTS;
  return refused;
}

static void
count_api (TroveTestServerProcess *server, guint *requests, gint64 *credits)
{
  g_autoptr (JsonArray) log = trove_test_server_process_get_requests (server);

  *requests = 0;
  *credits = 0;
  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *entry = json_array_get_object_element (log, i);

      *requests += g_str_equal (json_object_get_string_member (entry, "server"), "api");
      *credits += json_object_get_int_member (entry, "credits");
    }
}

static char *
expected_rate (TroveTestServerProcess *server, guint limit)
{
  guint requests;
  gint64 credits;
  g_autofree char *left = NULL;
  g_autofree char *all = g_strdup_printf ("%'u", limit);

  count_api (server, &requests, &credits);
  left = g_strdup_printf ("%'u", limit - requests);
  return g_strdup_printf ("Rate limit: %s of %s requests left", left, all);
}

static char *
expected_credits (TroveTestServerProcess *server, gint64 start)
{
  guint requests;
  gint64 credits;
  g_autofree char *balance = NULL;

  count_api (server, &requests, &credits);
  balance = g_strdup_printf ("%'" G_GINT64_FORMAT, start - credits);
  return g_strdup_printf ("Credits: %s", balance);
}

/* The account menu shows the figures of the server's last answer, and follows new answers. */
static void
test_menu_follows_the_server (void)
{
  const char *args[] = { "--rate-limit", "40", "--credits", "5000", NULL };
  g_autoptr (TroveTestServerProcess) server = start_server (args);
  g_autoptr (TroveProvider) provider = fanvue (server);
  g_autoptr (TroveProvider) paid = onlyfansapi (server);
  g_autoptr (TroveWindow) window = open_window (provider);
  g_autofree char *chat = trove_test_dataset_chat_id (server, "fanvue", 1);
  g_autoptr (TroveChat) second = trove_chat_new (chat, "Second", NULL, NULL, NULL, 0);
  g_autofree char *wanted = NULL;
  GtkWidget *menu;
  guint requests;
  gint64 credits;

  /* The chat list is the first answer. */
  TROVE_TEST_WAIT_UNTIL (
      (count_api (server, &requests, &credits), requests >= 1) &&
      trove_rate_governor_get_remaining (trove_provider_get_rate_governor (provider)) >= 0);
  menu = open_account_menu (window);
  g_clear_pointer (&wanted, g_free);
  wanted = expected_rate (server, 40);
  TROVE_TEST_WAIT_UNTIL (g_strcmp0 (shown_text (menu, "budget-rate"), wanted) == 0);
  g_assert_null (shown_text (menu, "budget-credits"));
  g_assert_null (shown_text (menu, "budget-pacing"));

  /* Each call spends one more, and the open menu follows. */
  _trove_window_open_chat (window, second);
  TROVE_TEST_WAIT_UNTIL ((count_api (server, &requests, &credits), requests >= 2));
  g_clear_pointer (&wanted, g_free);
  wanted = expected_rate (server, 40);
  TROVE_TEST_WAIT_UNTIL (g_strcmp0 (shown_text (menu, "budget-rate"), wanted) == 0);
  gtk_popover_popdown (GTK_POPOVER (menu));

  /* OnlyFansAPI: the credit balance of `_meta._credits`. */
  trove_test_server_process_reset (server);
  _trove_window_set_provider (window, paid, "Paid", NULL);
  TROVE_TEST_WAIT_UNTIL (
      (count_api (server, &requests, &credits), credits >= 1) &&
      trove_rate_governor_get_credits (trove_provider_get_rate_governor (paid)) >= 0);
  menu = open_account_menu (window);
  g_clear_pointer (&wanted, g_free);
  wanted = expected_credits (server, 5000 - 0);
  g_assert_cmpint (credits, >, 0);
  TROVE_TEST_WAIT_UNTIL (g_strcmp0 (shown_text (menu, "budget-credits"), wanted) == 0);
  gtk_popover_popdown (GTK_POPOVER (menu));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* With the rate limit spent, the window says what it waits for, then stops saying it. */
static void
test_pacing_is_shown (void)
{
  const char *args[] = { "--rate-limit", "2", "--rate-window", "4", NULL };
  g_autoptr (TroveTestServerProcess) server = start_server (args);
  g_autoptr (TroveProvider) provider = fanvue (server);
  g_autoptr (TroveWindow) window = open_window (provider);
  GtkWidget *bar = GTK_WIDGET (window->pacing_bar);
  g_autoptr (GRegex) waiting = g_regex_new ("^Waiting [1-4] s for the rate limit$", 0, 0, NULL);
  guint before, requests;
  gint64 credits;

  g_assert_false (gtk_widget_get_visible (bar));

  /* The chat list spends one; two chats opened one after the other need the next window. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *id = trove_test_dataset_chat_id (server, "fanvue", i);
      g_autoptr (TroveChat) chat = trove_chat_new (id, "Chat", NULL, NULL, NULL, 0);

      _trove_window_open_chat (window, chat);
    }

  /* It waits rather than spends: nothing is refused. How many requests went out before the
   * wait depends on how slowly the window opened (a rate window may pass meanwhile). */
  TROVE_TEST_WAIT_UNTIL (shown_text (bar, "budget-pacing") != NULL);
  g_assert_true (g_regex_match (waiting, shown_text (bar, "budget-pacing"), 0, NULL));
  count_api (server, &before, &credits);
  g_assert_cmpuint (before, >=, 2);
  g_assert_cmpuint (count_refused (server), ==, 0);

  /* The wait ends with the window: the request goes out and the bar goes away. */
  TROVE_TEST_WAIT_UNTIL (!gtk_widget_get_visible (bar));
  TROVE_TEST_WAIT_UNTIL ((count_api (server, &requests, &credits), requests > before));
  g_assert_cmpuint (count_refused (server), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/budget-ui/menu-follows-the-server", test_menu_follows_the_server);
  g_test_add_func ("/budget-ui/pacing-is-shown", test_pacing_is_shown);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
