/* trove-cli.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * trove-cli: the accounts, listings and downloads of Trove for scripts. See trove-cli(1).
 */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "trove-account-credentials.h"
#include "trove-account-context.h"
#include "trove-account-store.h"
#include "trove-chat.h"
#include "trove-download-queue.h"
#include "trove-filename-template.h"
#include "trove-cli-format.h"
#include "trove-error.h"
#include "trove-paged-list.h"
#include "trove-secret-store.h"

enum
{
  EXIT_DONE = 0,
  EXIT_SOME_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_CREDENTIALS = 3,
  EXIT_SERVICE = 4,
  EXIT_INCOMPLETE = 5, /* the service broke its paging: what it listed was printed or downloaded */
  EXIT_INTERRUPTED = 130,
};

static GMainLoop *loop;
static gboolean interrupted;
static GCancellable *cancellable;

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  trove_cli_printerr_line ("trove-cli: %s", message);
  return EXIT_USAGE;
}

static int
exit_status_for (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return EXIT_INTERRUPTED;
  if (g_error_matches (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION) ||
      g_error_matches (error, TROVE_ERROR, TROVE_ERROR_PERMISSION))
    return EXIT_CREDENTIALS;
  if (g_error_matches (error, TROVE_ERROR, TROVE_ERROR_NOT_FOUND) ||
      g_error_matches (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST))
    return EXIT_USAGE;
  return EXIT_SERVICE;
}

static gboolean
interrupt_cb (gpointer user_data)
{
  interrupted = TRUE;
  g_cancellable_cancel (cancellable);
  return G_SOURCE_CONTINUE;
}

static void
quit_when (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

/* Accounts */

static int
accounts_list (int argc,
               char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON Lines"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("- list the configured accounts"));
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveAccountStore) store = NULL;
  guint n;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 1)
    return usage_error ("%s", error ? error->message : "accounts list takes no arguments");

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
          json_builder_add_string_value (builder, trove_account_kind_to_string (trove_account_get_kind (account)));
          json_builder_set_member_name (builder, "api_url");
          json_builder_add_string_value (builder, api);
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          line = json_to_string (root, FALSE);
          g_print ("%s\n", line);
        }
      else
        trove_cli_print_line ("%-36s  %-14s  %s", trove_account_get_id (account),
                              trove_account_kind_to_string (trove_account_get_kind (account)), name);
    }

  return EXIT_DONE;
}

typedef struct
{
  gboolean done;
  GError *error;
} Wait;

static void
saved_cb (GObject *object,
          GAsyncResult *result,
          gpointer user_data)
{
  Wait *wait = user_data;

  trove_secret_store_save_finish (result, &wait->error);
  wait->done = TRUE;
}

static void
cleared_cb (GObject *object,
            GAsyncResult *result,
            gpointer user_data)
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

static int
accounts_add (int argc,
              char **argv)
{
  g_autofree char *name = NULL, *kind_text = NULL, *api_url = NULL, *auth_url = NULL, *creator = NULL, *onlyfans = NULL;
  gboolean token_stdin = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_ ("The account's name"), "NAME" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_ ("fanvue, fanvue-agency or onlyfansapi"), "KIND" },
    { "api-url", 0, 0, G_OPTION_ARG_STRING, &api_url, N_ ("API base URL"), "URL" },
    { "auth-url", 0, 0, G_OPTION_ARG_STRING, &auth_url, N_ ("Sign-in base URL (Fanvue)"), "URL" },
    { "creator", 0, 0, G_OPTION_ARG_STRING, &creator, N_ ("Creator UUID (agency accounts)"), "UUID" },
    { "onlyfans-account", 0, 0, G_OPTION_ARG_STRING, &onlyfans, N_ ("OnlyFansAPI account id (acct_...)"), "ID" },
    { "token-stdin", 0, 0, G_OPTION_ARG_NONE, &token_stdin, N_ ("Read the API key or access token from standard input"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("- add an account"));
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveAccountStore) store = NULL;
  g_autofree char *token = NULL;
  TroveAccountKind kind;
  TroveAccount *account;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _ ("Where the keys come from: see “Your own accounts” in Trove’s README.\n"
                                       "Fanvue: create an app in Fanvue’s developer area, tick exactly openid,\n"
                                       "offline_access, offline, read:self and read:chat (and read:creator for an\n"
                                       "agency), and sign in with it in Trove’s Preferences; here, pipe an access\n"
                                       "token (it lasts about an hour) to --token-stdin. OnlyFansAPI: an API key\n"
                                       "from the OnlyFansAPI console (API keys) to --token-stdin, and the acct_ id\n"
                                       "of an account connected there to --onlyfans-account.\n"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error ("unexpected argument “%s” (secrets are read with --token-stdin, never from arguments)", argv[1]);
  if (name == NULL || *name == '\0')
    return usage_error ("--name is required");
  if (!trove_account_kind_from_string (kind_text, &kind))
    return usage_error ("--kind must be fanvue, fanvue-agency or onlyfansapi");
  if (api_url && !trove_account_check_base_url (api_url, &error))
    return usage_error ("--api-url: %s", error->message);
  if (auth_url && !trove_account_check_base_url (auth_url, &error))
    return usage_error ("--auth-url: %s", error->message);
  if (kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY && (creator == NULL || !g_uuid_string_is_valid (creator)))
    return usage_error ("an agency account needs --creator with the creator's UUID");
  if (kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI && (onlyfans == NULL || !g_str_has_prefix (onlyfans, "acct_")))
    return usage_error ("an OnlyFansAPI account needs --onlyfans-account acct_...");

  store = trove_account_store_new ();
  if (trove_account_store_find (store, name) != NULL)
    return usage_error ("there is already an account named “%s”", name);

  if (token_stdin)
    {
      token = read_token_from_stdin ();
      if (token == NULL || *token == '\0')
        return usage_error ("--token-stdin: standard input held no token");
    }

  account = trove_account_store_add (store, kind, name);
  if (api_url)
    g_settings_set_string (trove_account_get_settings (account), "api-base-url", api_url);
  if (auth_url)
    g_settings_set_string (trove_account_get_settings (account), "auth-base-url", auth_url);
  if (creator)
    g_settings_set_string (trove_account_get_settings (account), "creator-uuid", creator);
  if (onlyfans)
    g_settings_set_string (trove_account_get_settings (account), "onlyfans-account-id", onlyfans);
  g_settings_set_enum (trove_account_get_settings (account), "auth-method",
                       kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI ? 0 : 2);

  if (token != NULL)
    {
      Wait wait = { 0 };
      g_autofree char *label = g_strdup_printf ("Trove: %s", name);

      trove_secret_store_save_async (trove_account_get_id (account), trove_account_credentials_secret_kind (account),
                                     label, token, NULL, saved_cb, &wait);
      quit_when (&wait.done);
      if (wait.error != NULL)
        {
          trove_cli_printerr_line ("trove-cli: account “%s” not added: %s", name, wait.error->message);
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

static int
accounts_remove (int argc,
                 char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("NAME - remove an account and its secrets"));
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveAccountStore) store = NULL;
  TroveAccount *account;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc != 2)
    return usage_error ("accounts remove takes one account name or id");

  store = trove_account_store_new ();
  account = trove_account_store_find (store, argv[1]);
  if (account == NULL)
    return usage_error ("no account named “%s” (see trove-cli accounts list)", argv[1]);

  {
    Wait wait = { 0 };
    g_autofree char *id = g_strdup (trove_account_get_id (account));

    trove_account_store_remove (store, account);
    g_settings_sync ();

    /* The store removes the secrets in the background; wait for it here. */
    trove_secret_store_clear_async (id, NULL, cleared_cb, &wait);
    quit_when (&wait.done);
    /* Without a keyring (TROVE_TOKEN machines) there were no secrets to remove. */
    if (g_error_matches (wait.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
      g_clear_error (&wait.error);
    if (wait.error != NULL)
      {
        trove_cli_printerr_line ("trove-cli: the account was removed but its secrets could not be: %s", wait.error->message);
        g_error_free (wait.error);
        return EXIT_CREDENTIALS;
      }
  }

  return EXIT_DONE;
}

/* Listings */

typedef struct
{
  char *account_name;
  char *chat;
  TroveMediaKind kind;
  int from; /* -1 any, 0 fan, 1 me */
  GDateTime *since;
  GDateTime *until;
  gboolean json;
} Query;

static void
query_clear (Query *query)
{
  g_free (query->account_name);
  g_free (query->chat);
  g_clear_pointer (&query->since, g_date_time_unref);
  g_clear_pointer (&query->until, g_date_time_unref);
}

/* Checks the options every listing shares. */
static int
parse_query (Query *query,
             const char *kind,
             const char *from,
             const char *since,
             const char *until)
{
  query->kind = TROVE_MEDIA_KIND_UNKNOWN;
  query->from = -1;

  if (query->account_name == NULL)
    return usage_error ("--account is required");
  if (kind && (!trove_media_kind_from_string (kind, &query->kind) || query->kind == TROVE_MEDIA_KIND_UNKNOWN))
    return usage_error ("--kind must be image, video, audio or document, not “%s”", kind);
  if (from && g_strcmp0 (from, "me") != 0 && g_strcmp0 (from, "fan") != 0)
    return usage_error ("--from must be me or fan, not “%s”", from);
  if (from)
    query->from = g_str_equal (from, "me");
  if (since && (query->since = trove_cli_parse_date (since, FALSE)) == NULL)
    return usage_error ("--since: “%s” is not an ISO 8601 date (2024-01-15 or 2024-01-15T08:00:00Z)", since);
  if (until && (query->until = trove_cli_parse_date (until, TRUE)) == NULL)
    return usage_error ("--until: “%s” is not an ISO 8601 date (2024-01-15 or 2024-01-15T08:00:00Z)", until);
  if (query->since && query->until && g_date_time_compare (query->since, query->until) > 0)
    return usage_error ("--since is after --until");

  return EXIT_DONE;
}

/* What the account has to tell its user (a renewed sign-in the keyring would not store). */
static void
account_notice_cb (TroveAccount *account)
{
  g_autofree char *name = trove_account_dup_display_name (account);

  if (trove_account_get_notice (account) != NULL)
    trove_cli_printerr_line ("trove-cli: account “%s”: %s", name, trove_account_get_notice (account));
}

static TroveProvider *
open_provider (TroveAccountStore *store,
               const char *name,
               TroveAccount **out_account)
{
  TroveAccount *account = trove_account_store_find (store, name);

  if (account == NULL)
    {
      usage_error ("no account named “%s” (see trove-cli accounts list)", name);
      return NULL;
    }

  /* TROVE_TOKEN is this account's token for this run, and no other account's. */
  trove_account_credentials_set_token_override (trove_account_get_id (account), g_getenv ("TROVE_TOKEN"));

  g_signal_connect (account, "notify::notice", G_CALLBACK (account_notice_cb), NULL);
  *out_account = account;
  return trove_account_context_get_provider (trove_account_context_get_default (), account);
}

static void
loading_cb (GObject *object,
            GParamSpec *pspec,
            gboolean *idle)
{
  *idle = !trove_paged_list_get_loading (TROVE_PAGED_LIST (object));
}

/* Loads pages until the end, or until @stop_before (newest-first listings) is passed. A
 * listing the service cut short by paging in circles still succeeds: @incomplete says why. */
static gboolean
load_all (TrovePagedList *list,
          GDateTime *stop_before,
          GError **incomplete,
          GError **error)
{
  gulong handler = 0;

  while (trove_paged_list_get_has_more (list) && !interrupted)
    {
      gboolean idle = FALSE;
      guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

      if (stop_before != NULL && n > 0)
        {
          g_autoptr (TroveMedia) last = g_list_model_get_item (G_LIST_MODEL (list), n - 1);

          if (trove_media_get_sent_at (last) && g_date_time_compare (trove_media_get_sent_at (last), stop_before) < 0)
            break;
        }

      handler = g_signal_connect (list, "notify::loading", G_CALLBACK (loading_cb), &idle);
      trove_paged_list_load_more (list);
      quit_when (&idle);
      g_signal_handler_disconnect (list, handler);

      if (g_error_matches (trove_paged_list_get_error (list), TROVE_ERROR, TROVE_ERROR_INCOMPLETE))
        g_propagate_error (incomplete, g_error_copy (trove_paged_list_get_error (list)));
      else if (trove_paged_list_get_error (list) != NULL)
        {
          g_propagate_error (error, g_error_copy (trove_paged_list_get_error (list)));
          return FALSE;
        }
    }

  if (interrupted)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Interrupted");
      return FALSE;
    }

  return TRUE;
}

static int
report_failure (const char *account,
                const char *chat,
                const GError *error)
{
  if (chat != NULL)
    trove_cli_printerr_line ("trove-cli: account “%s”, chat %s: %s", account, chat, error->message);
  else
    trove_cli_printerr_line ("trove-cli: account “%s”: %s", account, error->message);

  return exit_status_for (error);
}

/* Says on stderr that the listing stopped early; the exit status for it. */
static int
report_incomplete (const char *account,
                   const char *chat,
                   const GError *incomplete)
{
  if (chat != NULL)
    trove_cli_printerr_line ("trove-cli: account “%s”, chat %s: %s", account, chat, incomplete->message);
  else
    trove_cli_printerr_line ("trove-cli: account “%s”: %s", account, incomplete->message);

  return EXIT_INCOMPLETE;
}

typedef char *(*JsonLineFunc) (gpointer item);

static void
print_json_lines (GPtrArray *items,
                  JsonLineFunc to_json)
{
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *line = to_json (g_ptr_array_index (items, i));

      g_print ("%s\n", line);
    }
}

static int
chats (int argc,
       char **argv)
{
  Query query = { 0 };
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &query.account_name, N_ ("Account name or id"), "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &query.json, N_ ("Print JSON Lines"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("- list an account's chats"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) incomplete = NULL;
  g_autoptr (TroveAccountStore) store = NULL;
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (TrovePagedList) list = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  TroveAccount *account = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error ("unexpected argument “%s”", argv[1]);
  if ((status = parse_query (&query, NULL, NULL, NULL, NULL)) != EXIT_DONE)
    goto out;

  store = trove_account_store_new ();
  if ((provider = open_provider (store, query.account_name, &account)) == NULL)
    {
      status = EXIT_USAGE;
      goto out;
    }

  list = trove_paged_list_new_for_chats (provider, NULL);
  if (!load_all (list, NULL, &incomplete, &error))
    {
      status = report_failure (query.account_name, NULL, error);
      goto out;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (list), i));

  if (query.json)
    print_json_lines (items, (JsonLineFunc) trove_cli_chat_to_json);
  else
    trove_cli_print_chats (items);
  if (incomplete != NULL)
    status = report_incomplete (query.account_name, NULL, incomplete);

out:
  query_clear (&query);
  return status;
}

static gboolean
media_matches (TroveMedia *media,
               const Query *query)
{
  GDateTime *sent = trove_media_get_sent_at (media);

  if (query->from >= 0 && trove_media_get_from_owner (media) != query->from)
    return FALSE;
  if (query->since && (sent == NULL || g_date_time_compare (sent, query->since) < 0))
    return FALSE;
  if (query->until && (sent == NULL || g_date_time_compare (sent, query->until) > 0))
    return FALSE;

  return TRUE;
}

/* The chat's media that match @query, newest first. */
static GPtrArray *
list_media (const Query *query,
            TroveProvider *provider,
            GError **incomplete,
            GError **error)
{
  g_autoptr (TrovePagedList) list = trove_paged_list_new_for_media (provider, query->chat, query->kind);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (!load_all (list, query->since, incomplete, error))
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (media_matches (media, query))
        g_ptr_array_add (items, g_steal_pointer (&media));
    }

  return g_steal_pointer (&items);
}

static int
media (int argc,
       char **argv)
{
  Query query = { 0 };
  g_autofree char *kind = NULL, *from = NULL, *since = NULL, *until = NULL;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &query.account_name, N_ ("Account name or id"), "NAME" },
    { "chat", 0, 0, G_OPTION_ARG_STRING, &query.chat, N_ ("Chat id"), "ID" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_ ("image, video, audio or document"), "KIND" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_ ("me or fan"), "WHO" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_ ("Only items sent since DATE (ISO 8601)"), "DATE" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_ ("Only items sent until DATE (ISO 8601)"), "DATE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &query.json, N_ ("Print JSON Lines"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("- list the media of a chat"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) incomplete = NULL;
  g_autoptr (TroveAccountStore) store = NULL;
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (GPtrArray) items = NULL;
  TroveAccount *account = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error ("unexpected argument “%s”", argv[1]);
  if ((status = parse_query (&query, kind, from, since, until)) != EXIT_DONE)
    goto out;
  if (query.chat == NULL || *query.chat == '\0' || strpbrk (query.chat, "/?#% ") != NULL)
    {
      status = usage_error ("--chat needs a chat id as trove-cli chats shows it");
      goto out;
    }

  store = trove_account_store_new ();
  if ((provider = open_provider (store, query.account_name, &account)) == NULL)
    {
      status = EXIT_USAGE;
      goto out;
    }

  items = list_media (&query, provider, &incomplete, &error);
  if (items == NULL)
    {
      status = report_failure (query.account_name, query.chat, error);
      goto out;
    }

  if (query.json)
    print_json_lines (items, (JsonLineFunc) trove_cli_media_to_json);
  else
    trove_cli_print_media (items);
  if (incomplete != NULL)
    status = report_incomplete (query.account_name, query.chat, incomplete);

out:
  query_clear (&query);
  return status;
}

static GFile *
default_download_folder (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  g_autofree char *folder = g_settings_get_string (settings, "download-folder");
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  if (*folder != '\0')
    return g_file_new_for_path (folder);

  return g_file_new_build_filename (downloads ? downloads : g_get_home_dir (), "Trove", NULL);
}

typedef struct
{
  guint downloaded;
  guint failed;
  guint total;
  gboolean terminal;
  gboolean progress_bar;
} Progress;

/* "[####------] 12/40" on stderr, redrawn in place, for people watching a terminal. */
static void
draw_progress (Progress *progress)
{
  guint done = progress->downloaded + progress->failed;
  guint width = 30, filled = progress->total ? width * done / progress->total : width;
  g_autoptr (GString) bar = g_string_new ("\r[");

  if (!progress->progress_bar)
    return;

  for (guint i = 0; i < width; i++)
    g_string_append_c (bar, i < filled ? '#' : '-');
  g_string_append_printf (bar, "] %u/%u", done, progress->total);
  fputs (bar->str, stderr);
  if (done == progress->total)
    fputc ('\n', stderr);
  fflush (stderr);
}

static void
job_state_cb (TroveDownload *job,
              GParamSpec *pspec,
              Progress *progress)
{
  TroveDownloadState state = trove_download_get_state (job);
  g_autofree char *path = g_file_get_path (trove_download_get_destination (job));

  if (state == TROVE_DOWNLOAD_DONE)
    {
      progress->downloaded++;
      if (progress->progress_bar)
        fputs ("\r\033[K", stderr);
      if (progress->terminal)
        trove_cli_print_line ("%s", path);
    }
  else if (state == TROVE_DOWNLOAD_FAILED)
    {
      progress->failed++;
      if (progress->progress_bar)
        fputs ("\r\033[K", stderr);
      trove_cli_printerr_line ("trove-cli: %s (%s): %s", trove_media_get_id (trove_download_get_media (job)), path,
                               trove_download_get_error (job)->message);
    }
  else
    return;

  draw_progress (progress);
}

static int
download (int argc,
          char **argv)
{
  Query query = { 0 };
  g_autofree char *kind = NULL, *from = NULL, *since = NULL, *until = NULL, *dest = NULL, *template_text = NULL;
  int jobs = -1; /* not given: the setting */
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &query.account_name, N_ ("Account name or id"), "NAME" },
    { "chat", 0, 0, G_OPTION_ARG_STRING, &query.chat, N_ ("Chat id"), "ID" },
    { "dest", 0, 0, G_OPTION_ARG_FILENAME, &dest, N_ ("Folder to download to"), "DIR" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_ ("image, video, audio or document"), "KIND" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_ ("me or fan"), "WHO" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_ ("Only items sent since DATE (ISO 8601)"), "DATE" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_ ("Only items sent until DATE (ISO 8601)"), "DATE" },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &jobs, N_ ("Downloads at once, 1 to 8"), "N" },
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_text, N_ ("File name template"), "T" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_ ("Print what would be downloaded"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("- download the media of a chat"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) incomplete = NULL;
  g_autoptr (TroveAccountStore) store = NULL;
  g_autoptr (TroveProvider) provider = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (GFile) folder = NULL;
  g_autoptr (TroveDownloadArchive) archive = NULL;
  g_autoptr (TroveDownloadQueue) queue = NULL;
  g_autofree char *account_name = NULL;
  TroveAccount *account = NULL;
  Progress progress = { 0, 0, 0, isatty (1), isatty (2) };
  guint skipped = 0, locked = 0;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error ("unexpected argument “%s”", argv[1]);
  if ((status = parse_query (&query, kind, from, since, until)) != EXIT_DONE)
    goto out;
  if (query.chat == NULL || *query.chat == '\0' || strpbrk (query.chat, "/?#% ") != NULL)
    {
      status = usage_error ("--chat needs a chat id as trove-cli chats shows it");
      goto out;
    }

  settings = g_settings_new (BASE_APPLICATION_ID);
  if (jobs == -1)
    jobs = g_settings_get_int (settings, "max-concurrent-downloads");
  if (jobs < 1 || jobs > 8)
    {
      status = usage_error ("--jobs must be between 1 and 8, not %d", jobs);
      goto out;
    }
  if (template_text == NULL)
    template_text = g_settings_get_string (settings, "filename-template");
  if (!trove_filename_template_check (template_text, &error))
    {
      status = usage_error ("--template: %s", error->message);
      goto out;
    }
  folder = dest ? g_file_new_for_commandline_arg (dest) : default_download_folder ();

  store = trove_account_store_new ();
  if ((provider = open_provider (store, query.account_name, &account)) == NULL)
    {
      status = EXIT_USAGE;
      goto out;
    }
  account_name = trove_account_dup_display_name (account);

  items = list_media (&query, provider, &incomplete, &error);
  if (items == NULL)
    {
      status = report_failure (query.account_name, query.chat, error);
      goto out;
    }

  archive = trove_download_archive_new (NULL, &error);
  if (archive == NULL)
    {
      trove_cli_printerr_line ("trove-cli: %s", error->message);
      status = EXIT_SERVICE;
      goto out;
    }

  queue = trove_download_queue_new (folder, template_text, dry_run ? NULL : archive);
  trove_download_queue_set_max_concurrent (queue, jobs);
  trove_download_queue_set_file_times (queue, g_settings_get_boolean (settings, "set-file-times"));
  trove_download_queue_set_provenance (queue, g_settings_get_boolean (settings, "write-provenance"));
  /* Nothing starts before every job is queued: the queue pumps on the main loop. */
  for (guint i = 0; i < items->len && !interrupted; i++)
    {
      TroveMedia *media = g_ptr_array_index (items, i);
      g_autofree char *already = NULL;
      g_autofree char *relative = NULL;
      TroveDownload *job;

      if (trove_media_get_locked (media))
        {
          locked++;
          continue;
        }

      if (dry_run)
        {
          already = trove_download_archive_lookup (archive, trove_account_get_id (account), trove_media_get_id (media));
          relative = trove_filename_template_render (template_text, media, account_name, query.chat);
          if (already != NULL)
            skipped++;
          else
            trove_cli_print_line ("%s", relative);
          continue;
        }

      job = trove_download_queue_add (queue, provider, trove_account_get_id (account), account_name, query.chat, media, &already);
      if (job == NULL)
        skipped++;
      else
        {
          progress.total++;
          g_signal_connect (job, "notify::state", G_CALLBACK (job_state_cb), &progress);
        }
    }

  while (!dry_run && trove_download_queue_get_pending (queue) > 0)
    {
      if (interrupted)
        trove_download_queue_cancel_all (queue);
      else
        g_main_context_iteration (NULL, TRUE);
    }

  if (dry_run)
    g_print ("would download %u, skipped %u, locked %u\n", items->len - skipped - locked, skipped, locked);
  else
    g_print ("downloaded %u, skipped %u, failed %u, locked %u\n", progress.downloaded, skipped, progress.failed, locked);

  if (incomplete != NULL)
    status = report_incomplete (query.account_name, query.chat, incomplete);

  if (interrupted)
    status = EXIT_INTERRUPTED;
  else if (progress.failed > 0)
    status = EXIT_SOME_FAILED;

  /* Jobs outlive their signal handlers' data otherwise. */
  if (queue != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
      {
        g_autoptr (GObject) job = g_list_model_get_item (G_LIST_MODEL (queue), i);

        g_signal_handlers_disconnect_by_data (job, &progress);
      }

out:
  query_clear (&query);
  return status;
}

static void
print_usage (void)
{
  /* Translators: the commands and options are typed as they are: translate only the words
   * around them and the upper-case placeholders. */
  g_printerr ("%s", _ ("Usage: trove-cli COMMAND [OPTIONS]\n\n"
                       "Commands:\n"
                       "  accounts list [--json]\n"
                       "  accounts add --name NAME --kind fanvue|fanvue-agency|onlyfansapi [--token-stdin] ...\n"
                       "  accounts remove NAME\n"
                       "  chats    --account NAME [--json]\n"
                       "  media    --account NAME --chat ID [--kind K] [--from me|fan] [--since D] [--until D] [--json]\n"
                       "  download --account NAME --chat ID [--dest DIR] [--jobs N] [--template T] [--dry-run] ...\n\n"
                       "Each command takes --help. See trove-cli(1).\n"));
}

int
main (int argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  /* Past a file-size limit, a write should fail (and the job with it), not kill the process. */
  signal (SIGXFSZ, SIG_IGN);
  /* Catalogs from elsewhere: the build tree's, or a test's pseudo-translation. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TROVE_LOCALEDIR") ? g_getenv ("TROVE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_usage ();
      return argc < 2 ? EXIT_USAGE : EXIT_DONE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  g_unix_signal_add (SIGINT, interrupt_cb, NULL);
  g_unix_signal_add (SIGTERM, interrupt_cb, NULL);

  if (g_str_equal (argv[1], "accounts") && argc >= 3 && g_str_equal (argv[2], "list"))
    status = accounts_list (argc - 2, argv + 2);
  else if (g_str_equal (argv[1], "accounts") && argc >= 3 && g_str_equal (argv[2], "add"))
    status = accounts_add (argc - 2, argv + 2);
  else if (g_str_equal (argv[1], "accounts") && argc >= 3 && g_str_equal (argv[2], "remove"))
    status = accounts_remove (argc - 2, argv + 2);
  else if (g_str_equal (argv[1], "chats"))
    status = chats (argc - 1, argv + 1);
  else if (g_str_equal (argv[1], "media"))
    status = media (argc - 1, argv + 1);
  else if (g_str_equal (argv[1], "download"))
    status = download (argc - 1, argv + 1);
  else
    {
      print_usage ();
      status = EXIT_USAGE;
    }

  if (interrupted && status == EXIT_DONE)
    status = EXIT_INTERRUPTED;

  g_clear_object (&cancellable);
  g_main_loop_unref (loop);
  return status;
}
