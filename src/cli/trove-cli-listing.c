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

#include <json-glib/json-glib.h>

int
trove_cli_chats (int argc, char **argv)
{
  TroveCliQuery query = { 0 };
  GOptionEntry entries[] = { { "account", 0, 0, G_OPTION_ARG_STRING, &query.account_name,
                               N_ ("Account name or id"), "NAME" },
                             { "json", 0, 0, G_OPTION_ARG_NONE, &query.json,
                               N_ ("Print JSON Lines"), NULL },
                             { NULL } };
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

char *
trove_cli_media_to_json_in_chat (TroveMedia *media, TroveChat *chat)
{
  g_autofree char *row = trove_cli_media_to_json (media);
  g_autoptr (JsonNode) id = json_node_init_string (json_node_alloc (), trove_chat_get_id (chat));
  g_autoptr (JsonNode) name = json_node_new (JSON_NODE_NULL);
  g_autofree char *id_text = NULL;
  g_autofree char *name_text = NULL;

  if (trove_chat_get_display_name (chat) != NULL)
    json_node_init_string (name, trove_chat_get_display_name (chat));
  id_text = json_to_string (id, FALSE);
  name_text = json_to_string (name, FALSE);

  /* The one-chat row, and the chat it is in. */
  g_assert (g_str_has_suffix (row, "}"));
  row[strlen (row) - 1] = '\0';
  return g_strdup_printf ("%s,\"chat\":%s,\"chat_name\":%s}", row, id_text, name_text);
}

typedef struct
{
  const TroveCliQuery *query;
  const char *account;
} MediaOfAll;

static gboolean
media_chat_listed_cb (TroveAccountWalk *walk, TroveChat *chat, GPtrArray *media, MediaOfAll *all)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new ();

  for (guint i = 0; i < media->len; i++)
    if (trove_cli_media_matches (g_ptr_array_index (media, i), all->query))
      g_ptr_array_add (items, g_ptr_array_index (media, i));

  if (all->query->json)
    for (guint i = 0; i < items->len; i++)
      {
        g_autofree char *line =
            trove_cli_media_to_json_in_chat (g_ptr_array_index (items, i), chat);

        g_print ("%s\n", line);
      }
  else if (items->len > 0)
    {
      trove_cli_print_line ("\n%s (%s)",
                            trove_chat_get_display_name (chat) ? trove_chat_get_display_name (chat)
                                                               : "-",
                            trove_chat_get_id (chat));
      trove_cli_print_media (items);
    }

  return TRUE;
}

static void
media_chat_failed_cb (TroveAccountWalk *walk, TroveChat *chat, GError *error, MediaOfAll *all)
{
  trove_cli_report_chat_failure (all->account, chat, error);
}

/* media --all-chats: every chat's media, chat after chat (a few listed at once, printed in the
 * order they are done). */
static int
media_of_all_chats (const TroveCliQuery *query, TroveProvider *provider, TroveAccount *account)
{
  g_autoptr (TroveAccountWalk) walk =
      trove_account_walk_new (provider, trove_account_get_id (account), NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) incomplete = NULL;
  MediaOfAll all = { query, query->account_name };
  TroveAccountWalkCounts counts;

  trove_account_walk_set_kind (walk, query->kind);
  trove_account_walk_set_since (walk, query->since);
  g_signal_connect (walk, "chat-listed", G_CALLBACK (media_chat_listed_cb), &all);
  g_signal_connect (walk, "chat-failed", G_CALLBACK (media_chat_failed_cb), &all);
  g_signal_connect (walk, "chat-incomplete", G_CALLBACK (media_chat_failed_cb), &all);

  if (!trove_cli_run_walk (walk, NULL, NULL, &incomplete, &error))
    return trove_cli_report_failure (query->account_name, NULL, error);

  trove_account_walk_get_counts (walk, &counts);
  if (counts.failed > 0)
    trove_cli_printerr_line ("trove-cli: account “%s”: %u of %u chats could not be listed",
                             query->account_name, counts.failed, counts.chats);
  if (incomplete != NULL)
    return trove_cli_report_incomplete (query->account_name, NULL, incomplete);
  if (counts.incomplete > 0)
    return EXIT_INCOMPLETE;
  return counts.failed > 0 ? EXIT_SOME_FAILED : EXIT_DONE;
}

int
trove_cli_media (int argc, char **argv)
{
  TroveCliQuery query = { 0 };
  g_autofree char *kind = NULL, *from = NULL, *since = NULL, *until = NULL;
  gboolean all_chats = FALSE;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &query.account_name, N_ ("Account name or id"),
      "NAME" },
    { "chat", 0, 0, G_OPTION_ARG_STRING, &query.chat, N_ ("Chat id"), "ID" },
    { "all-chats", 0, 0, G_OPTION_ARG_NONE, &all_chats,
      N_ ("Every chat of the account, instead of --chat"), NULL },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_ ("image, video, audio or document"), "KIND" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_ ("me or fan"), "WHO" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since, N_ ("Only items sent since DATE (ISO 8601)"),
      "DATE" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_ ("Only items sent until DATE (ISO 8601)"),
      "DATE" },
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
  if ((status = trove_cli_check_chat_choice (query.chat, all_chats)) != EXIT_DONE)
    goto out;

  store = trove_account_store_new ();
  if ((provider = trove_cli_open_provider (store, query.account_name, &account)) == NULL)
    {
      status = EXIT_USAGE;
      goto out;
    }

  if (all_chats)
    {
      status = media_of_all_chats (&query, provider, account);
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
