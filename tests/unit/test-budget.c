/* test-budget.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-account-budget.h"
#include "trove-chat.h"
#include "trove-fanvue-provider.h"
#include "trove-http-client.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

static TroveTestServerProcess *
start_server (const char *first_arg, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  TroveTestServerProcess *server;
  const char *arg = first_arg;
  va_list ap;

  g_ptr_array_add (args, (char *) "--dataset");
  g_ptr_array_add (args, (char *) "demo");
  va_start (ap, first_arg);
  for (; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  server = trove_test_server_process_new ((const char *const *) args->pdata, &error);
  g_assert_no_error (error);

  return server;
}

static TroveProvider *
fanvue (TroveTestServerProcess *server)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveHttpClient) client = trove_http_client_new ();

  return trove_fanvue_provider_new (client, trove_test_server_process_get_api_url (server),
                                    credentials);
}

static TroveProvider *
onlyfansapi (TroveTestServerProcess *server)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("ofapi_test_key");
  g_autoptr (TroveHttpClient) client = trove_http_client_new ();

  return trove_onlyfansapi_provider_new (client,
                                         trove_test_server_process_get_onlyfansapi_url (server),
                                         credentials, "acct_demo_main");
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* The Fanvue figures are the server's X-RateLimit-* headers of the last answer. */
static void
test_rate_limit_follows_headers (void)
{
  g_autoptr (TroveTestServerProcess) server = start_server ("--rate-limit", "50", NULL);
  g_autoptr (TroveProvider) provider = fanvue (server);
  TroveRateGovernor *governor = trove_provider_get_rate_governor (provider);
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint notified = 0;

  g_assert_cmpint (trove_rate_governor_get_remaining (governor), ==, -1);
  g_signal_connect (governor, "notify::remaining", G_CALLBACK (count_notify), &notified);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (TrovePage) page = trove_test_list_chats (provider, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (trove_rate_governor_get_remaining (governor), ==, 50 - 1 - (gint64) i);
    }

  g_assert_cmpint (trove_rate_governor_get_limit (governor), ==, 50);
  g_assert_cmpint (trove_rate_governor_get_reset_at (governor), >, now);
  g_assert_cmpint (trove_rate_governor_get_reset_at (governor), <=, now + 61);
  g_assert_cmpuint (notified, >=, 3);
  g_assert_cmpint (trove_rate_governor_get_credits (governor), ==, -1);
}

/* Credits billed by the server in its request log, since it started. */
static gint64
credits_billed (TroveTestServerProcess *server)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
  gint64 billed = 0;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    billed += json_object_get_int_member (json_array_get_object_element (requests, i), "credits");

  return billed;
}

/* The OnlyFansAPI balance is the `_meta._credits` of the last answer. */
static void
test_credits_follow_meta (void)
{
  g_autoptr (TroveTestServerProcess) server = start_server ("--credits", "1000", NULL);
  g_autoptr (TroveProvider) provider = onlyfansapi (server);
  TroveRateGovernor *governor = trove_provider_get_rate_governor (provider);
  g_autoptr (TrovePage) chats = NULL;
  g_autoptr (TrovePage) media = NULL;
  g_autoptr (GError) error = NULL;
  guint notified = 0;

  g_assert_cmpint (trove_rate_governor_get_credits (governor), ==, -1);
  g_signal_connect (governor, "notify::credits", G_CALLBACK (count_notify), &notified);

  chats = trove_test_list_chats (provider, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (credits_billed (server), >, 0);
  g_assert_cmpint (trove_rate_governor_get_credits (governor), ==, 1000 - credits_billed (server));

  media = trove_test_list_media (provider,
                                 trove_chat_get_id (
                                     g_ptr_array_index (trove_page_get_items (chats), 0)),
                                 TROVE_MEDIA_KIND_UNKNOWN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (trove_rate_governor_get_credits (governor), ==, 1000 - credits_billed (server));
  g_assert_cmpint (trove_rate_governor_get_credits (governor), <, 999);
  g_assert_cmpint (trove_rate_governor_get_credits_used (governor), ==, credits_billed (server));
  g_assert_cmpuint (notified, ==, 2);
}

typedef struct
{
  gint64 longest_wait_us; /* the furthest waiting-until seen, from when it was set */
  guint starts;
  guint ends;
} Waits;

static void
waiting_changed (TroveRateGovernor *governor, GParamSpec *pspec, Waits *waits)
{
  gint64 until = trove_rate_governor_get_waiting_until (governor);

  if (until == 0)
    {
      waits->ends++;
      return;
    }

  waits->starts++;
  waits->longest_wait_us = MAX (waits->longest_wait_us, until - g_get_real_time ());
}

/* With the budget spent, the next request waits for the window, and says so while it waits. */
static void
test_pacing_is_announced (void)
{
  g_autoptr (TroveTestServerProcess) server =
      start_server ("--rate-limit", "2", "--rate-window", "2", NULL);
  g_autoptr (TroveProvider) provider = fanvue (server);
  TroveRateGovernor *governor = trove_provider_get_rate_governor (provider);
  g_autoptr (GError) error = NULL;
  Waits waits = { 0 };

  g_signal_connect (governor, "notify::waiting-until", G_CALLBACK (waiting_changed), &waits);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (TrovePage) page = trove_test_list_chats (provider, NULL, &error);

      g_assert_no_error (error);
    }

  g_assert_cmpuint (waits.starts, >=, 1);
  g_assert_cmpuint (waits.ends, >=, 1);
  g_assert_cmpint (waits.longest_wait_us, >, 0);
  g_assert_cmpint (waits.longest_wait_us, <=, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (trove_rate_governor_get_waiting_until (governor), ==, 0);
}

/* The figures outlive the process, for `trove-cli accounts list`. */
static void
test_figures_recorded (void)
{
  g_autoptr (TroveTestServerProcess) server = start_server ("--credits", "500", NULL);
  g_autoptr (TroveProvider) provider = onlyfansapi (server);
  TroveRateGovernor *governor = trove_provider_get_rate_governor (provider);
  g_autoptr (TrovePage) chats = NULL;
  g_autoptr (GError) error = NULL;
  TroveAccountBudget budget;

  g_assert_false (trove_account_budget_load ("budget-recorded", &budget));
  g_assert_cmpint (budget.credits, ==, -1);

  trove_account_budget_watch (governor, "budget-recorded");
  /* Nothing known yet: nothing written over what an earlier run learned. */
  g_assert_false (trove_account_budget_load ("budget-recorded", &budget));

  chats = trove_test_list_chats (provider, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (trove_account_budget_load ("budget-recorded", &budget));
  g_assert_cmpint (budget.credits, ==, 500 - credits_billed (server));
  g_assert_cmpint (budget.limit, ==, trove_rate_governor_get_limit (governor));
  g_assert_cmpint (budget.remaining, ==, trove_rate_governor_get_remaining (governor));
  g_assert_cmpint (budget.updated_at, >=, g_get_real_time () / G_USEC_PER_SEC - 60);
}

int
main (int argc, char *argv[])
{
  /* A state dir of the test's own (GLib's isolated dirs leak under the sanitizer). */
  g_autofree char *state = g_dir_make_tmp ("trove-budget-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/budget/rate-limit-follows-headers", test_rate_limit_follows_headers);
  g_test_add_func ("/budget/credits-follow-meta", test_credits_follow_meta);
  g_test_add_func ("/budget/pacing-is-announced", test_pacing_is_announced);
  g_test_add_func ("/budget/figures-recorded", test_figures_recorded);

  status = g_test_run ();
  trove_test_remove_tree (state);
  return status;
}
