/* test-cli-sign-in.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * trove-cli accounts add --sign-in against the test server, in a real keyring: this process
 * plays the browser (it opens the address trove-cli prints, the server's consent answers with
 * the redirect trove-cli catches). A signed-in account works; a denied consent, an answer of
 * another sign-in, no answer and Ctrl+C each say why and store nothing.
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <signal.h>
#include <string.h>

#include "trove-account-store-private.h"
#include "trove-secret-store.h"
#include "trove-test-util.h"

#define CLIENT_ID "trove-test-client"
#define CLIENT_SECRET "trove-test-secret"

static TroveTestServerProcess *server;
static SoupSession *session;
static const char *cli_path;

typedef struct
{
  gboolean done;
  char *text;
  GError *error;
} Result;

static void
line_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->text = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                       &r->error);
  r->done = TRUE;
}

static void
fetched_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;
  g_autoptr (GBytes) body =
      soup_session_send_and_read_finish (SOUP_SESSION (object), result, &r->error);

  if (body != NULL)
    r->text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  r->done = TRUE;
}

static void
exited_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, &r->error);
  r->done = TRUE;
}

static void
looked_up_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Result *r = user_data;

  r->text = trove_secret_store_lookup_finish (result, &r->error);
  r->done = TRUE;
}

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->text, g_free);
  g_clear_error (&r->error);
  r->done = FALSE;
}

static guint16
free_port (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

/* What a browser does with @url: follows the redirects; the status of the last page. */
static guint
browse (const char *url, char **page)
{
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  Result r = { 0 };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetched_cb, &r);
  trove_test_wait_for (&r.done, 20);
  g_assert_no_error (r.error);
  if (page != NULL)
    *page = g_steal_pointer (&r.text);
  result_clear (&r);

  return soup_message_get_status (msg);
}

typedef struct
{
  GSubprocess *process;
  GDataInputStream *out;
  char *redirect;
  char *authorize_url;
  char *state;
} Cli;

static void
cli_clear (Cli *cli)
{
  g_clear_object (&cli->process);
  g_clear_object (&cli->out);
  g_clear_pointer (&cli->redirect, g_free);
  g_clear_pointer (&cli->authorize_url, g_free);
  g_clear_pointer (&cli->state, g_free);
}

static char *
read_line (Cli *cli)
{
  Result r = { 0 };

  g_data_input_stream_read_line_async (cli->out, G_PRIORITY_DEFAULT, NULL, line_cb, &r);
  trove_test_wait_for (&r.done, 20);
  g_assert_no_error (r.error);

  return r.text;
}

/* trove-cli accounts add --sign-in for an account named @name, the client secret on its
 * standard input; returns once it printed the address to open. */
static void
cli_start (Cli *cli, const char *name, const char *timeout)
{
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                 G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GHashTable) params = NULL;
  GOutputStream *in;
  char *line;

  if (cli_path == NULL)
    g_error ("no --cli=PATH to trove-cli was given");

  cli->redirect = g_strdup_printf ("http://127.0.0.1:%u/callback", free_port ());
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "TROVE_TOKEN");
  cli->process =
      g_subprocess_launcher_spawn (launcher, &error, cli_path, "accounts", "add", "--name", name,
                                   "--kind", "fanvue", "--sign-in", "--client-id", CLIENT_ID,
                                   "--redirect-uri", cli->redirect, "--auth-url",
                                   trove_test_server_process_get_auth_url (server), "--api-url",
                                   trove_test_server_process_get_api_url (server), "--no-browser",
                                   "--timeout", timeout, NULL);
  g_assert_no_error (error);

  in = g_subprocess_get_stdin_pipe (cli->process);
  g_output_stream_write_all (in, CLIENT_SECRET "\n", strlen (CLIENT_SECRET "\n"), NULL, NULL,
                             &error);
  g_assert_no_error (error);
  g_output_stream_close (in, NULL, &error);
  g_assert_no_error (error);

  cli->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (cli->process));
  while ((line = read_line (cli)) != NULL && !g_str_has_prefix (line, "http"))
    g_free (line);
  if (line == NULL)
    g_error ("trove-cli printed no address to open");
  cli->authorize_url = line;

  uri = g_uri_parse (cli->authorize_url, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_assert_no_error (error);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_WWW_FORM, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, cli->redirect);
  cli->state = g_strdup (g_hash_table_lookup (params, "state"));
  g_assert_nonnull (cli->state);
}

/* Waits for trove-cli to end; its exit status, the rest of its output and its errors. */
static int
cli_finish (Cli *cli, char **out, char **err)
{
  g_autoptr (GDataInputStream) errors =
      g_data_input_stream_new (g_subprocess_get_stderr_pipe (cli->process));
  GString *rest = g_string_new (NULL);
  GString *said = g_string_new (NULL);
  Result r = { 0 };
  char *line;

  while ((line = read_line (cli)) != NULL)
    {
      g_string_append_printf (rest, "%s\n", line);
      g_free (line);
    }
  for (;;)
    {
      Result l = { 0 };

      g_data_input_stream_read_line_async (errors, G_PRIORITY_DEFAULT, NULL, line_cb, &l);
      trove_test_wait_for (&l.done, 20);
      g_assert_no_error (l.error);
      if (l.text == NULL)
        break;
      g_string_append_printf (said, "%s\n", l.text);
      g_free (l.text);
    }

  g_subprocess_wait_async (cli->process, NULL, exited_cb, &r);
  trove_test_wait_for (&r.done, 30);
  g_assert_no_error (r.error);
  *out = g_string_free (rest, FALSE);
  *err = g_string_free (said, FALSE);

  if (g_subprocess_get_if_signaled (cli->process))
    return 128 + g_subprocess_get_term_sig (cli->process);
  return g_subprocess_get_exit_status (cli->process);
}

/* The account of that name, as trove-cli left it in the settings; NULL when there is none. */
static TroveAccount *
find_account (TroveAccountStore **store, const char *name)
{
  g_autofree char *path =
      g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);
  g_autoptr (GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);
  g_autoptr (GSettings) settings = g_settings_new_with_backend (BASE_APPLICATION_ID, backend);

  g_clear_object (store);
  *store = _trove_account_store_new_with_settings (settings);

  return trove_account_store_find (*store, name);
}

static char *
lookup (const char *account_id, const char *kind)
{
  Result r = { 0 };

  trove_secret_store_lookup_async (account_id, kind, NULL, looked_up_cb, &r);
  trove_test_wait_for (&r.done, 20);
  g_assert_no_error (r.error);

  return r.text;
}

/* The catcher's port is free again: trove-cli stopped listening. */
static void
assert_port_free (const char *redirect)
{
  g_autoptr (GUri) uri = g_uri_parse (redirect, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, g_uri_get_port (uri));
  g_autoptr (GError) error = NULL;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
}

static void
test_signed_in (void)
{
  g_autoptr (TroveAccountStore) store = NULL;
  g_autofree char *out = NULL, *err = NULL, *page = NULL, *access = NULL, *refresh = NULL,
                  *secret = NULL;
  g_autofree char *client_id = NULL;
  Cli cli = { 0 };
  TroveAccount *account;
  int status;

  cli_start (&cli, "Browser", "30");
  g_assert_cmpuint (browse (cli.authorize_url, &page), ==, SOUP_STATUS_OK);
  g_assert_nonnull (strstr (page, "Signed in"));
  status = cli_finish (&cli, &out, &err);
  g_assert_cmpint (status, ==, 0);

  account = find_account (&store, "Browser");
  g_assert_nonnull (account);
  g_assert_nonnull (strstr (out, trove_account_get_id (account)));
  g_object_get (account, "client-id", &client_id, NULL);
  g_assert_cmpstr (client_id, ==, CLIENT_ID);
  g_assert_true (trove_account_get_state (account) == TROVE_ACCOUNT_STATE_READY);

  access = lookup (trove_account_get_id (account), TROVE_SECRET_ACCESS_TOKEN);
  refresh = lookup (trove_account_get_id (account), TROVE_SECRET_REFRESH_TOKEN);
  secret = lookup (trove_account_get_id (account), TROVE_SECRET_CLIENT_SECRET);
  g_assert_nonnull (access);
  g_assert_nonnull (refresh);
  g_assert_cmpstr (secret, ==, CLIENT_SECRET);
  /* No secret on the terminal. */
  g_assert_null (strstr (out, access));
  g_assert_null (strstr (err, access));
  assert_port_free (cli.redirect);
  cli_clear (&cli);
}

static void
test_denied (void)
{
  g_autoptr (TroveAccountStore) store = NULL;
  g_autofree char *out = NULL, *err = NULL, *page = NULL;
  g_autofree char *answer = NULL;
  Cli cli = { 0 };

  cli_start (&cli, "Denied", "30");
  /* The consent page's "Deny": the browser lands on the redirect with error=access_denied. */
  answer = g_strdup_printf ("%s?error=access_denied&state=%s", cli.redirect, cli.state);
  g_assert_cmpuint (browse (answer, &page), ==, SOUP_STATUS_OK);
  g_assert_nonnull (strstr (page, "denied"));

  g_assert_cmpint (cli_finish (&cli, &out, &err), ==, 3);
  g_assert_nonnull (strstr (err, "Access was denied"));
  g_assert_null (find_account (&store, "Denied"));
  assert_port_free (cli.redirect);
  cli_clear (&cli);
}

static void
test_wrong_state (void)
{
  g_autoptr (TroveAccountStore) store = NULL;
  g_autofree char *out = NULL, *err = NULL, *page = NULL;
  g_autofree char *answer = NULL;
  Cli cli = { 0 };

  cli_start (&cli, "Forged", "2");
  /* Another page's answer: refused with the reason, and trove-cli keeps waiting until its
   * time is up. */
  answer = g_strdup_printf ("%s?code=code_forged&state=not-%s", cli.redirect, cli.state);
  g_assert_cmpuint (browse (answer, &page), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_nonnull (strstr (page, "does not belong to this sign-in"));

  g_assert_cmpint (cli_finish (&cli, &out, &err), ==, 4);
  g_assert_nonnull (strstr (err, "No answer came from the browser in time"));
  g_assert_null (find_account (&store, "Forged"));
  assert_port_free (cli.redirect);
  cli_clear (&cli);
}

static void
test_timeout (void)
{
  g_autoptr (TroveAccountStore) store = NULL;
  g_autofree char *out = NULL, *err = NULL;
  Cli cli = { 0 };

  cli_start (&cli, "Late", "1");
  g_assert_cmpint (cli_finish (&cli, &out, &err), ==, 4);
  g_assert_nonnull (strstr (err, "No answer came from the browser in time"));
  g_assert_null (find_account (&store, "Late"));
  cli_clear (&cli);
}

static void
test_interrupted (void)
{
  g_autoptr (TroveAccountStore) store = NULL;
  g_autofree char *out = NULL, *err = NULL;
  Cli cli = { 0 };

  cli_start (&cli, "Interrupted", "30");
  g_subprocess_send_signal (cli.process, SIGINT);
  g_assert_cmpint (cli_finish (&cli, &out, &err), ==, 130);
  g_assert_nonnull (strstr (err, "cancelled"));
  g_assert_null (find_account (&store, "Interrupted"));
  assert_port_free (cli.redirect);
  cli_clear (&cli);
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  g_unsetenv ("TROVE_TOKEN");
  g_unsetenv ("SECRET_BACKEND");
  g_test_init (&argc, &argv, NULL);

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--cli="))
      cli_path = argv[i] + strlen ("--cli=");

  server = trove_test_server_process_new (NULL, &error);
  g_assert_no_error (error);
  session = soup_session_new ();

  g_test_add_func ("/cli-sign-in/signed-in", test_signed_in);
  g_test_add_func ("/cli-sign-in/denied", test_denied);
  g_test_add_func ("/cli-sign-in/wrong-state", test_wrong_state);
  g_test_add_func ("/cli-sign-in/timeout", test_timeout);
  g_test_add_func ("/cli-sign-in/interrupted", test_interrupted);

  ret = g_test_run ();

  g_clear_object (&session);
  trove_test_server_process_free (server);

  return ret;
}
