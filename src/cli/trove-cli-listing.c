/* trove-cli-listing.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * trove-cli chats and media.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "trove-chat.h"
#include "trove-cli-format.h"
#include "trove-cli.h"
#include "trove-error.h"

int
trove_cli_chats (int argc,
                 char **argv)
{
  TroveCliQuery query = { 0 };
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
    return trove_cli_usage_error ("%s", error->message);
  if (argc > 1)
    return trove_cli_usage_error ("unexpected argument “%s”", argv[1]);
  if ((status = trove_cli_parse_query (&query, NULL, NULL, NULL, NULL)) != EXIT_DONE)
    goto out;

  store = trove_account_store_new ();
  if ((provider = trove_cli_open_provider (store, query.account_name, &account)) == NULL)
    {
      status = EXIT_USAGE;
      goto out;
    }

  list = trove_paged_list_new_for_chats (provider, NULL);
  if (!trove_cli_load_all (list, NULL, &incomplete, &error))
    {
      status = trove_cli_report_failure (query.account_name, NULL, error);
      goto out;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (list), i));

  if (query.json)
    trove_cli_print_json_lines (items, (TroveCliJsonLineFunc) trove_cli_chat_to_json);
  else
    trove_cli_print_chats (items);
  if (incomplete != NULL)
    status = trove_cli_report_incomplete (query.account_name, NULL, incomplete);

out:
  trove_cli_query_clear (&query);
  return status;
}

int
trove_cli_media (int argc,
                 char **argv)
{
  TroveCliQuery query = { 0 };
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
    return trove_cli_usage_error ("%s", error->message);
  if (argc > 1)
    return trove_cli_usage_error ("unexpected argument “%s”", argv[1]);
  if ((status = trove_cli_parse_query (&query, kind, from, since, until)) != EXIT_DONE)
    goto out;
  if (query.chat == NULL || *query.chat == '\0' || strpbrk (query.chat, "/?#% ") != NULL)
    {
      status = trove_cli_usage_error ("--chat needs a chat id as trove-cli chats shows it");
      goto out;
    }

  store = trove_account_store_new ();
  if ((provider = trove_cli_open_provider (store, query.account_name, &account)) == NULL)
    {
      status = EXIT_USAGE;
      goto out;
    }

  items = trove_cli_list_media (&query, provider, &incomplete, &error);
  if (items == NULL)
    {
      status = trove_cli_report_failure (query.account_name, query.chat, error);
      goto out;
    }

  if (query.json)
    trove_cli_print_json_lines (items, (TroveCliJsonLineFunc) trove_cli_media_to_json);
  else
    trove_cli_print_media (items);
  if (incomplete != NULL)
    status = trove_cli_report_incomplete (query.account_name, query.chat, incomplete);

out:
  trove_cli_query_clear (&query);
  return status;
}
