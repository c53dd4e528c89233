/* trove-cli-common.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the commands of trove-cli share: exit statuses, the account to open, listing to the end.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "trove-account-context.h"
#include "trove-account-credentials.h"
#include "trove-cli-format.h"
#include "trove-cli.h"
#include "trove-error.h"

gboolean trove_cli_interrupted;

int
trove_cli_usage_error (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  trove_cli_printerr_line ("trove-cli: %s", message);
  return EXIT_USAGE;
}

int
trove_cli_exit_status_for (const GError *error)
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

void
trove_cli_quit_when (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

/* Accounts */

void
trove_cli_query_clear (TroveCliQuery *query)
{
  g_free (query->account_name);
  g_free (query->chat);
  g_clear_pointer (&query->since, g_date_time_unref);
  g_clear_pointer (&query->until, g_date_time_unref);
}

/* Checks the options every listing shares. */
int
trove_cli_parse_query (TroveCliQuery *query,
                       const char *kind,
                       const char *from,
                       const char *since,
                       const char *until)
{
  query->kind = TROVE_MEDIA_KIND_UNKNOWN;
  query->from = -1;

  if (query->account_name == NULL)
    return trove_cli_usage_error ("--account is required");
  if (kind && (!trove_media_kind_from_string (kind, &query->kind) ||
               query->kind == TROVE_MEDIA_KIND_UNKNOWN))
    return trove_cli_usage_error ("--kind must be image, video, audio or document, not “%s”", kind);
  if (from && g_strcmp0 (from, "me") != 0 && g_strcmp0 (from, "fan") != 0)
    return trove_cli_usage_error ("--from must be me or fan, not “%s”", from);
  if (from)
    query->from = g_str_equal (from, "me");
  if (since && (query->since = trove_cli_parse_date (since, FALSE)) == NULL)
    return trove_cli_usage_error (
        "--since: “%s” is not an ISO 8601 date (2024-01-15 or 2024-01-15T08:00:00Z)", since);
  if (until && (query->until = trove_cli_parse_date (until, TRUE)) == NULL)
    return trove_cli_usage_error (
        "--until: “%s” is not an ISO 8601 date (2024-01-15 or 2024-01-15T08:00:00Z)", until);
  if (query->since && query->until && g_date_time_compare (query->since, query->until) > 0)
    return trove_cli_usage_error ("--since is after --until");

  return EXIT_DONE;
}

/* What the account has to tell its user (a renewed sign-in the keyring would not store). */
static void
account_notice_cb (TroveAccount *account)
{
  g_autofree char *name = trove_account_dup_display_name (account);

  if (trove_account_get_notice (account) != NULL)
    trove_cli_printerr_line ("trove-cli: account “%s”: %s", name,
                             trove_account_get_notice (account));
}

TroveProvider *
trove_cli_open_provider (TroveAccountStore *store, const char *name, TroveAccount **out_account)
{
  TroveAccount *account = trove_account_store_find (store, name);

  if (account == NULL)
    {
      trove_cli_usage_error ("no account named “%s” (see trove-cli accounts list)", name);
      return NULL;
    }

  /* TROVE_TOKEN is this account's token for this run, and no other account's. */
  trove_account_credentials_set_token_override (trove_account_get_id (account),
                                                g_getenv ("TROVE_TOKEN"));

  g_signal_connect (account, "notify::notice", G_CALLBACK (account_notice_cb), NULL);
  *out_account = account;
  return trove_account_context_get_provider (trove_account_context_get_default (), account);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *incomplete;
  GError *error;
} LoadAll;

static void
loaded_all_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  LoadAll *load = user_data;

  load->ok = trove_paged_list_load_all_finish (TROVE_PAGED_LIST (object), result, &load->incomplete,
                                               &load->error);
  load->done = TRUE;
}

/* Loads pages until the end, or until @stop_before (newest-first listings) is passed; Ctrl+C
 * stops the page in flight. A listing the service cut short by paging in circles still
 * succeeds: @incomplete says why. */
gboolean
trove_cli_load_all (TrovePagedList *list,
                    GDateTime *stop_before,
                    GError **incomplete,
                    GError **error)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  LoadAll load = { 0 };

  trove_paged_list_load_all_async (list, stop_before, cancellable, loaded_all_cb, &load);
  while (!load.done)
    {
      g_main_context_iteration (NULL, TRUE);
      if (trove_cli_interrupted)
        g_cancellable_cancel (cancellable);
    }

  if (trove_cli_interrupted)
    {
      g_clear_error (&load.incomplete);
      g_clear_error (&load.error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Interrupted");
      return FALSE;
    }

  if (load.incomplete != NULL)
    g_propagate_error (incomplete, load.incomplete);
  if (!load.ok)
    g_propagate_error (error, load.error);

  return load.ok;
}

int
trove_cli_report_failure (const char *account, const char *chat, const GError *error)
{
  if (chat != NULL)
    trove_cli_printerr_line ("trove-cli: account “%s”, chat %s: %s", account, chat, error->message);
  else
    trove_cli_printerr_line ("trove-cli: account “%s”: %s", account, error->message);

  return trove_cli_exit_status_for (error);
}

/* Says on stderr that the listing stopped early; the exit status for it. */
int
trove_cli_report_incomplete (const char *account, const char *chat, const GError *incomplete)
{
  if (chat != NULL)
    trove_cli_printerr_line ("trove-cli: account “%s”, chat %s: %s", account, chat,
                             incomplete->message);
  else
    trove_cli_printerr_line ("trove-cli: account “%s”: %s", account, incomplete->message);

  return EXIT_INCOMPLETE;
}

void
trove_cli_print_json_lines (GPtrArray *items, TroveCliJsonLineFunc to_json)
{
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *line = to_json (g_ptr_array_index (items, i));

      g_print ("%s\n", line);
    }
}

gboolean
trove_cli_media_matches (TroveMedia *media, const TroveCliQuery *query)
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

typedef struct
{
  TroveCliPageFunc func;
  gpointer user_data;
} PageListed;

static void
page_listed_cb (GListModel *list, guint position, guint removed, guint added, PageListed *listed)
{
  if (added > 0)
    listed->func (list, position, added, listed->user_data);
}

GPtrArray *
trove_cli_list_media_by_page (const TroveCliQuery *query,
                              TroveProvider *provider,
                              TroveCliPageFunc page_func,
                              gpointer user_data,
                              GError **incomplete,
                              GError **error)
{
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, query->chat, query->kind);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  PageListed listed = { page_func, user_data };
  gulong handler = 0;
  gboolean ok;

  if (page_func != NULL)
    handler = g_signal_connect (list, "items-changed", G_CALLBACK (page_listed_cb), &listed);
  ok = trove_cli_load_all (list, query->since, incomplete, error);
  g_clear_signal_handler (&handler, list);
  if (!ok)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (trove_cli_media_matches (media, query))
        g_ptr_array_add (items, g_steal_pointer (&media));
    }

  return g_steal_pointer (&items);
}

GPtrArray *
trove_cli_list_media (const TroveCliQuery *query,
                      TroveProvider *provider,
                      GError **incomplete,
                      GError **error)
{
  return trove_cli_list_media_by_page (query, provider, NULL, NULL, incomplete, error);
}

char *
trove_cli_find_chat_name (TroveProvider *provider, const char *chat_id, GError **error)
{
  g_autoptr (TrovePagedList) list = trove_paged_list_new_for_chats (provider, NULL);
  guint seen = 0;

  /* Page by page, to stop at the chat: every page may cost a credit. */
  while (trove_paged_list_get_has_more (list))
    {
      const GError *failure;
      guint n;

      trove_paged_list_load_more (list);
      while (trove_paged_list_get_loading (list) && !trove_cli_interrupted)
        g_main_context_iteration (NULL, TRUE);
      if (trove_cli_interrupted)
        {
          trove_paged_list_cancel (list);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Interrupted");
          return NULL;
        }

      failure = trove_paged_list_get_error (list);
      if (failure != NULL && !g_error_matches (failure, TROVE_ERROR, TROVE_ERROR_INCOMPLETE))
        {
          g_propagate_error (error, g_error_copy (failure));
          return NULL;
        }

      n = g_list_model_get_n_items (G_LIST_MODEL (list));
      for (; seen < n; seen++)
        {
          g_autoptr (TroveChat) chat = g_list_model_get_item (G_LIST_MODEL (list), seen);

          if (g_strcmp0 (trove_chat_get_id (chat), chat_id) == 0)
            return g_strdup (trove_chat_get_display_name (chat) ? trove_chat_get_display_name (chat)
                                                                : chat_id);
        }
      if (failure != NULL)
        break;
    }

  return NULL;
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *incomplete;
  GError *error;
} WalkRun;

static void
walk_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  WalkRun *run = user_data;

  run->ok = trove_account_walk_run_finish (TROVE_ACCOUNT_WALK (object), result, &run->incomplete,
                                           &run->error);
  run->done = TRUE;
}

gboolean
trove_cli_run_walk (TroveAccountWalk *walk,
                    TroveCliBusyFunc busy,
                    gpointer user_data,
                    GError **incomplete,
                    GError **error)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  WalkRun run = { 0 };

  trove_account_walk_run_async (walk, cancellable, walk_done_cb, &run);
  while (!run.done || (busy != NULL && busy (user_data)))
    {
      if (trove_cli_interrupted)
        g_cancellable_cancel (cancellable);
      if (!run.done || (busy != NULL && busy (user_data)))
        g_main_context_iteration (NULL, TRUE);
    }

  if (run.incomplete != NULL)
    g_propagate_error (incomplete, run.incomplete);
  if (!run.ok)
    g_propagate_error (error, run.error);

  return run.ok;
}

static void
request_unqueued_cb (SoupSession *session, SoupMessage *message, TroveCliPageCount *count)
{
  GUri *uri = soup_message_get_uri (message);

  /* A refused request (401, 404, 422) is not billed; only listings are pages. */
  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)) &&
      g_strcmp0 (g_uri_get_host (uri), g_uri_get_host (count->api)) == 0 &&
      g_uri_get_port (uri) == g_uri_get_port (count->api) &&
      strstr (g_uri_get_path (uri), "/chats") != NULL)
    count->pages++;
}

void
trove_cli_page_count_start (TroveCliPageCount *count, TroveProvider *provider)
{
  SoupSession *session = trove_http_client_get_session (trove_provider_get_http_client (provider));

  count->pages = 0;
  count->api = g_uri_parse (trove_provider_get_api_base_url (provider), G_URI_FLAGS_NONE, NULL);
  count->session = g_object_ref (session);
  if (count->api != NULL)
    g_signal_connect (session, "request-unqueued", G_CALLBACK (request_unqueued_cb), count);
}

void
trove_cli_page_count_stop (TroveCliPageCount *count)
{
  if (count->session != NULL)
    g_signal_handlers_disconnect_by_data (count->session, count);
  g_clear_object (&count->session);
  g_clear_pointer (&count->api, g_uri_unref);
}

int
trove_cli_check_chat_choice (const char *chat, gboolean all_chats)
{
  if (all_chats && chat != NULL)
    return trove_cli_usage_error ("--chat and --all-chats go one without the other");
  if (all_chats)
    return EXIT_DONE;
  if (chat == NULL || *chat == '\0' || strpbrk (chat, "/?#% ") != NULL)
    return trove_cli_usage_error (
        "--chat needs a chat id as trove-cli chats shows it (or --all-chats)");
  return EXIT_DONE;
}

void
trove_cli_report_chat_failure (const char *account, TroveChat *chat, const GError *error)
{
  const char *name = trove_chat_get_display_name (chat);

  if (name != NULL)
    trove_cli_printerr_line ("trove-cli: account “%s”, chat %s (%s): %s", account,
                             trove_chat_get_id (chat), name, error->message);
  else
    trove_cli_printerr_line ("trove-cli: account “%s”, chat %s: %s", account,
                             trove_chat_get_id (chat), error->message);
}
