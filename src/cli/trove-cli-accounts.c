/* trove-cli-accounts.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * trove-cli accounts list, add and remove.
 */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <unistd.h>

#include "trove-account-budget.h"
#include "trove-account-credentials.h"
#include "trove-cli-format.h"
#include "trove-cli.h"
#include "trove-error.h"
#include "trove-secret-store.h"

static void
add_int_or_null (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The last figures the service reported to any run: `rate_limit` {limit, remaining, reset_at}
 * and `credits`, null where never seen, and when they were seen (`budget_seen_at`). */
static void
add_budget (JsonBuilder *builder, const char *account_id)
{
  TroveAccountBudget budget;

  trove_account_budget_load (account_id, &budget);
  json_builder_set_member_name (builder, "rate_limit");
  if (budget.limit >= 0)
    {
      json_builder_begin_object (builder);
      add_int_or_null (builder, "limit", budget.limit);
      add_int_or_null (builder, "remaining", budget.remaining);
      add_int_or_null (builder, "reset_at", budget.reset_at);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  add_int_or_null (builder, "credits", budget.credits);
  add_int_or_null (builder, "budget_seen_at", budget.updated_at);
}

int
trove_cli_accounts_list (int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON Lines"),
                               NULL },
                             { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("- list the configured accounts"));
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveAccountStore) store = NULL;
  guint n;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 1)
    return trove_cli_usage_error ("%s",
                                  error ? error->message : "accounts list takes no arguments");

  store = trove_account_store_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *name = trove_account_dup_display_name (account);
      g_autofree char *api = trove_account_dup_api_base_url (account);

      if (json)
        {
          g_autoptr (JsonBuilder) builder = json_builder_new ();
          g_autoptr (JsonNode) root = NULL;
          g_autofree char *line = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, trove_account_get_id (account));
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, trove_account_kind_to_string (
                                                      trove_account_get_kind (account)));
          json_builder_set_member_name (builder, "api_url");
          json_builder_add_string_value (builder, api);
          add_budget (builder, trove_account_get_id (account));
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          line = json_to_string (root, FALSE);
          g_print ("%s\n", line);
        }
      else
        trove_cli_print_line ("%-36s  %-14s  %s", trove_account_get_id (account),
                              trove_account_kind_to_string (trove_account_get_kind (account)),
                              name);
    }

  return EXIT_DONE;
}

typedef struct
{
  gboolean done;
  GError *error;
} Wait;

static void
saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  trove_secret_store_save_finish (result, &wait->error);
  wait->done = TRUE;
}

static void
cleared_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  trove_secret_store_clear_finish (result, &wait->error);
  wait->done = TRUE;
}

static char *
read_token_from_stdin (void)
{
  g_autoptr (GInputStream) in = g_unix_input_stream_new (0, FALSE);
  g_autoptr (GDataInputStream) data = g_data_input_stream_new (in);
  char *line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, NULL);

  return line ? g_strstrip (line) : NULL;
}

int
trove_cli_accounts_add (int argc, char **argv)
{
  g_autofree char *name = NULL, *kind_text = NULL, *api_url = NULL, *auth_url = NULL,
                  *creator = NULL, *onlyfans = NULL;
  g_autofree char *client_id = NULL, *redirect_uri = NULL;
  gboolean token_stdin = FALSE, sign_in = FALSE, no_browser = FALSE;
  int timeout = 0;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_ ("The account's name"), "NAME" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_ ("fanvue, fanvue-agency or onlyfansapi"),
      "KIND" },
    { "api-url", 0, 0, G_OPTION_ARG_STRING, &api_url, N_ ("API base URL"), "URL" },
    { "auth-url", 0, 0, G_OPTION_ARG_STRING, &auth_url, N_ ("Sign-in base URL (Fanvue)"), "URL" },
    { "creator", 0, 0, G_OPTION_ARG_STRING, &creator, N_ ("Creator UUID (agency accounts)"),
      "UUID" },
    { "onlyfans-account", 0, 0, G_OPTION_ARG_STRING, &onlyfans,
      N_ ("OnlyFansAPI account id (acct_...)"), "ID" },
    { "token-stdin", 0, 0, G_OPTION_ARG_NONE, &token_stdin,
      N_ ("Read the API key or access token from standard input"), NULL },
    { "sign-in", 0, 0, G_OPTION_ARG_NONE, &sign_in,
      N_ ("Fanvue: sign in with the browser (client secret on standard input)"), NULL },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &client_id,
      N_ ("The client ID of your Fanvue app (--sign-in)"), "ID" },
    { "redirect-uri", 0, 0, G_OPTION_ARG_STRING, &redirect_uri,
      N_ ("The app's loopback redirect URI (--sign-in)"), "URI" },
    { "no-browser", 0, 0, G_OPTION_ARG_NONE, &no_browser,
      N_ ("Print the sign-in address, open no browser (also TROVE_NO_BROWSER=1)"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_ ("Seconds to wait for the browser (--sign-in; default 300)"), "SECONDS" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("- add an account"));
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveAccountStore) store = NULL;
  g_autofree char *token = NULL;
  TroveAccountKind kind;
  TroveAccount *account;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (
      context, _ ("Where the keys come from: see “Your own accounts” in Trove’s README.\n"
                  "Fanvue: create an app in Fanvue’s developer area, tick exactly openid,\n"
                  "offline_access, offline, read:self and read:chat (and read:creator for an\n"
                  "agency), and sign in with it: here with --sign-in --client-id ID (the\n"
                  "client secret on standard input; trove-cli prints the address to open and\n"
                  "catches the browser's answer on the loopback --redirect-uri), or in Trove’s\n"
                  "Preferences; or pipe an access token (it lasts about an hour) to\n"
                  "--token-stdin. OnlyFansAPI: an API key\n"
                  "from the OnlyFansAPI console (API keys) to --token-stdin, and the acct_ id\n"
                  "of an account connected there to --onlyfans-account.\n"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return trove_cli_usage_error ("%s", error->message);
  if (argc > 1)
    return trove_cli_usage_error ("unexpected argument “%s” (secrets are read with --token-stdin, "
                                  "never from arguments)",
                                  argv[1]);
  if (name == NULL || *name == '\0')
    return trove_cli_usage_error ("--name is required");
  if (!trove_account_kind_from_string (kind_text, &kind))
    return trove_cli_usage_error ("--kind must be fanvue, fanvue-agency or onlyfansapi");
  if (api_url && !trove_account_check_base_url (api_url, &error))
    return trove_cli_usage_error ("--api-url: %s", error->message);
  if (auth_url && !trove_account_check_base_url (auth_url, &error))
    return trove_cli_usage_error ("--auth-url: %s", error->message);
  if (kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY && creator == NULL)
    return trove_cli_usage_error ("an agency account needs --creator with the creator's UUID");
  if (kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY &&
      !trove_account_check_creator_uuid (creator, &error))
    return trove_cli_usage_error ("--creator: %s", error->message);
  if (kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI && onlyfans == NULL)
    return trove_cli_usage_error ("an OnlyFansAPI account needs --onlyfans-account acct_...");
  if (kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI &&
      !trove_account_check_onlyfans_account_id (onlyfans, &error))
    return trove_cli_usage_error ("--onlyfans-account: %s", error->message);

  store = trove_account_store_new ();
  if (trove_account_store_find (store, name) != NULL)
    return trove_cli_usage_error ("there is already an account named “%s”", name);

  if (sign_in && token_stdin)
    return trove_cli_usage_error ("--sign-in and --token-stdin exclude each other");
  if (sign_in)
    return trove_cli_accounts_sign_in (store, kind, name, api_url, auth_url, creator, client_id,
                                       redirect_uri ? redirect_uri : TROVE_CLI_SIGN_IN_REDIRECT_URI,
                                       timeout, !no_browser);

  if (token_stdin)
    {
      token = read_token_from_stdin ();
      if (token == NULL || *token == '\0')
        return trove_cli_usage_error ("--token-stdin: standard input held no token");
    }

  account = trove_account_store_add (store, kind, name);
  if (api_url)
    g_object_set (account, "api-base-url", api_url, NULL);
  if (auth_url)
    g_object_set (account, "auth-base-url", auth_url, NULL);
  if (creator)
    g_object_set (account, "creator-uuid", creator, NULL);
  if (onlyfans)
    g_object_set (account, "onlyfans-account-id", onlyfans, NULL);
  /* A token given here is an API key (OnlyFansAPI) or a pasted access token (Fanvue). */
  trove_account_set_auth_method (account, kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI
                                              ? TROVE_AUTH_METHOD_API_KEY
                                              : TROVE_AUTH_METHOD_ACCESS_TOKEN);

  if (token != NULL)
    {
      Wait wait = { 0 };
      g_autofree char *label = g_strdup_printf ("Trove: %s", name);

      trove_secret_store_save_async (trove_account_get_id (account),
                                     trove_account_credentials_secret_kind (account), label, token,
                                     NULL, saved_cb, &wait);
      trove_cli_quit_when (&wait.done);
      if (wait.error != NULL)
        {
          trove_cli_printerr_line ("trove-cli: account “%s” not added: %s", name,
                                   wait.error->message);
          trove_account_store_remove (store, account);
          g_settings_sync ();
          g_error_free (wait.error);
          return EXIT_CREDENTIALS;
        }
    }

  g_settings_sync ();
  g_print ("%s\n", trove_account_get_id (account));
  return EXIT_DONE;
}

int
trove_cli_accounts_remove (int argc, char **argv)
{
  g_autoptr (GOptionContext) context =
      g_option_context_new (_ ("NAME - remove an account and its secrets"));
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveAccountStore) store = NULL;
  TroveAccount *account;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return trove_cli_usage_error ("%s", error->message);
  if (argc != 2)
    return trove_cli_usage_error ("accounts remove takes one account name or id");

  store = trove_account_store_new ();
  account = trove_account_store_find (store, argv[1]);
  if (account == NULL)
    return trove_cli_usage_error ("no account named “%s” (see trove-cli accounts list)", argv[1]);

  {
    Wait wait = { 0 };
    g_autofree char *id = g_strdup (trove_account_get_id (account));

    trove_account_store_remove (store, account);
    g_settings_sync ();

    /* The store removes the secrets in the background; wait for it here. */
    trove_secret_store_clear_async (id, NULL, cleared_cb, &wait);
    trove_cli_quit_when (&wait.done);
    /* Without a keyring (TROVE_TOKEN machines) there were no secrets to remove. */
    if (g_error_matches (wait.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
      g_clear_error (&wait.error);
    if (wait.error != NULL)
      {
        trove_cli_printerr_line ("trove-cli: the account was removed but its secrets could not be: "
                                 "%s",
                                 wait.error->message);
        g_error_free (wait.error);
        return EXIT_CREDENTIALS;
      }
  }

  return EXIT_DONE;
}
