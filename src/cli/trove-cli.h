/* trove-cli.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the commands of trove-cli share.
 */

#pragma once

#include "trove-account-store.h"
#include "trove-account-walk.h"
#include "trove-download-queue.h"
#include "trove-media.h"
#include "trove-paged-list.h"

G_BEGIN_DECLS

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

/* Set by Ctrl+C or SIGTERM. */
extern gboolean trove_cli_interrupted;

typedef struct
{
  char *account_name;
  char *chat;
  TroveMediaKind kind;
  int from; /* -1 any, 0 fan, 1 me */
  GDateTime *since;
  GDateTime *until;
  gboolean json;
} TroveCliQuery;

typedef char *(*TroveCliJsonLineFunc) (gpointer item);

/* Prints "trove-cli: MESSAGE" on stderr; EXIT_USAGE. */
int trove_cli_usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);
int trove_cli_exit_status_for (const GError *error);
void trove_cli_quit_when (gboolean *done);

void trove_cli_query_clear (TroveCliQuery *query);
/* Checks the options every listing shares. */
int trove_cli_parse_query (TroveCliQuery *query,
                           const char *kind,
                           const char *from,
                           const char *since,
                           const char *until);

/* The provider of the account named @name (TROVE_TOKEN is its token for this run), or NULL
 * after saying why. */
TroveProvider *
trove_cli_open_provider (TroveAccountStore *store, const char *name, TroveAccount **out_account);
/* Loads pages until the end, or until @stop_before (newest-first listings) is passed. A
 * listing the service cut short by paging in circles still succeeds: @incomplete says why. */
gboolean trove_cli_load_all (TrovePagedList *list,
                             GDateTime *stop_before,
                             GError **incomplete,
                             GError **error);
int trove_cli_report_failure (const char *account, const char *chat, const GError *error);
/* Says on stderr that the listing stopped early; the exit status for it. */
int trove_cli_report_incomplete (const char *account, const char *chat, const GError *incomplete);
/* The chat's media that match @query, newest first. */
GPtrArray *trove_cli_list_media (const TroveCliQuery *query,
                                 TroveProvider *provider,
                                 GError **incomplete,
                                 GError **error);
/* Called with each page as it comes in (its items at @position in @list), while the next one is
 * fetched. */
typedef void (*TroveCliPageFunc) (GListModel *list,
                                  guint position,
                                  guint added,
                                  gpointer user_data);
/* trove_cli_list_media(), telling @page_func each page. */
GPtrArray *trove_cli_list_media_by_page (const TroveCliQuery *query,
                                         TroveProvider *provider,
                                         TroveCliPageFunc page_func,
                                         gpointer user_data,
                                         GError **incomplete,
                                         GError **error);
void trove_cli_print_json_lines (GPtrArray *items, TroveCliJsonLineFunc to_json);
/* --chat ID or --all-chats, one of them: EXIT_DONE, or EXIT_USAGE after saying why. */
int trove_cli_check_chat_choice (const char *chat, gboolean all_chats);
/* "trove-cli: account “A”, chat ID (NAME): MESSAGE" on stderr; the walk goes on. */
void trove_cli_report_chat_failure (const char *account, TroveChat *chat, const GError *error);
/* A media row of trove-cli media --json, with the chat it is in: chat, chat_name. */
char *trove_cli_media_to_json_in_chat (TroveMedia *media, TroveChat *chat);
/* Whether @media passes the filters of @query the listing itself does not apply. */
gboolean trove_cli_media_matches (TroveMedia *media, const TroveCliQuery *query);

/* The name the chat list gives chat @chat_id (what the GUI names its folder after); NULL
 * without an error when the list does not have it. Stops paging once found. */
char *trove_cli_find_chat_name (TroveProvider *provider, const char *chat_id, GError **error);

typedef gboolean (*TroveCliBusyFunc) (gpointer user_data);
/* Runs @walk on the main loop, then goes on while @busy (may be NULL) says there is work left;
 * Ctrl+C cancels the walk (@busy's owner stops its own work). */
gboolean trove_cli_run_walk (TroveAccountWalk *walk,
                             TroveCliBusyFunc busy,
                             gpointer user_data,
                             GError **incomplete,
                             GError **error);

/* Counts the listing requests the service answered (what OnlyFansAPI bills) on @provider's
 * session between start and stop. */
typedef struct
{
  guint pages;
  GUri *api;
  SoupSession *session;
} TroveCliPageCount;

void trove_cli_page_count_start (TroveCliPageCount *count, TroveProvider *provider);
void trove_cli_page_count_stop (TroveCliPageCount *count);

int trove_cli_accounts_list (int argc, char **argv);
int trove_cli_accounts_add (int argc, char **argv);
int trove_cli_accounts_remove (int argc, char **argv);

/* What --sign-in suggests: a loopback address trove-cli can listen on. */
#define TROVE_CLI_SIGN_IN_REDIRECT_URI "http://127.0.0.1:53682/callback"

/* Signs the new account @name in with the browser (the app's client secret on standard input)
 * and adds it with its tokens in the keyring; nothing is stored when that fails. */
int trove_cli_accounts_sign_in (TroveAccountStore *store,
                                TroveAccountKind kind,
                                const char *name,
                                const char *api_url,
                                const char *auth_url,
                                const char *creator,
                                const char *client_id,
                                const char *redirect_uri,
                                int timeout_seconds,
                                gboolean open_browser);
int trove_cli_chats (int argc, char **argv);
int trove_cli_media (int argc, char **argv);
int trove_cli_download (int argc, char **argv);
int trove_cli_sync (int argc, char **argv);
/* download --all-chats, after the options shared with a one-chat download were checked. */
typedef struct
{
  TroveCliQuery *query;
  TroveProvider *provider;
  TroveAccount *account;
  TroveDownloadArchive *archive;
  TroveDownloadQueue *queue; /* NULL for a dry run */
  const char *template_text;
  gboolean dry_run;
  gboolean json;
} TroveCliDownloadAll;

int trove_cli_download_all_chats (const TroveCliDownloadAll *options);

G_END_DECLS
