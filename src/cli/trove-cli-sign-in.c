/* trove-cli-sign-in.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * trove-cli accounts add --sign-in: a Fanvue account signed in with the browser.
 */

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "trove-cli-format.h"
#include "trove-cli.h"
#include "trove-error.h"
#include "trove-sign-in.h"

typedef struct
{
  gboolean done;
  GError *error;
} Wait;

static void
waited_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  trove_sign_in_wait_finish (TROVE_SIGN_IN (object), result, &wait->error);
  wait->done = TRUE;
}

static void
saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;

  trove_sign_in_save_finish (TROVE_SIGN_IN (object), result, &wait->error);
  wait->done = TRUE;
}

/* Runs the main context until @wait is done; Ctrl+C cancels @cancellable. */
static void
run_until_done (Wait *wait, GCancellable *cancellable)
{
  while (!wait->done)
    {
      g_main_context_iteration (NULL, TRUE);
      if (trove_cli_interrupted)
        g_cancellable_cancel (cancellable);
    }
}

static char *
read_client_secret (void)
{
  g_autoptr (GInputStream) in = g_unix_input_stream_new (0, FALSE);
  g_autoptr (GDataInputStream) data = g_data_input_stream_new (in);
  char *line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, NULL);

  return line ? g_strstrip (line) : NULL;
}

static int
not_signed_in (const char *name, const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    trove_cli_printerr_line (_ ("trove-cli: sign-in of “%s” cancelled; nothing was stored"), name);
  else
    trove_cli_printerr_line (_ ("trove-cli: “%s” is not signed in: %s"), name, error->message);

  return trove_cli_exit_status_for (error);
}

int
trove_cli_accounts_sign_in (TroveAccountStore *store,
                            TroveAccountKind kind,
                            const char *name,
                            const char *api_url,
                            const char *auth_url,
                            const char *creator,
                            const char *client_id,
                            const char *redirect_uri,
                            int timeout_seconds,
                            gboolean open_browser)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (TroveSignIn) sign_in = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *client_secret = NULL;
  TroveAccount *account;
  Wait wait = { 0 };
  int status;

  if (kind == TROVE_ACCOUNT_KIND_ONLYFANSAPI)
    return trove_cli_usage_error (
        "--sign-in is for Fanvue accounts; an OnlyFansAPI account takes --token-stdin");
  if (client_id == NULL || *client_id == '\0')
    return trove_cli_usage_error (
        "--sign-in needs --client-id with the client ID of your Fanvue app");
  if (timeout_seconds < 0)
    return trove_cli_usage_error ("--timeout takes a number of seconds");

  client_secret = read_client_secret ();
  if (client_secret == NULL || *client_secret == '\0')
    return trove_cli_usage_error (
        "--sign-in reads the app's client secret from standard input, which held none");

  sign_in = trove_sign_in_new (kind, auth_url, client_id, client_secret, redirect_uri, &error);
  if (sign_in == NULL)
    return trove_cli_usage_error ("%s", error->message);
  if (!trove_sign_in_get_catches_redirect (sign_in))
    return trove_cli_usage_error ("--redirect-uri must be a loopback address with a port, such as "
                                  "%s",
                                  TROVE_CLI_SIGN_IN_REDIRECT_URI);
  trove_sign_in_set_timeout (sign_in, (guint) timeout_seconds);

  /* Listening before the browser can answer. */
  trove_sign_in_wait_async (sign_in, cancellable, waited_cb, &wait);

  trove_cli_printerr_line (_ (
      "Open this address in a web browser and allow Trove; trove-cli is waiting for the answer:"));
  g_print ("%s\n", trove_sign_in_get_authorize_url (sign_in));
  if (open_browser && g_getenv ("TROVE_NO_BROWSER") == NULL && !wait.done &&
      !g_app_info_launch_default_for_uri (trove_sign_in_get_authorize_url (sign_in), NULL, &error))
    {
      trove_cli_printerr_line (_ ("trove-cli: no web browser could be opened (%s); open the "
                                  "address yourself"),
                               error->message);
      g_clear_error (&error);
    }

  run_until_done (&wait, cancellable);
  if (wait.error != NULL)
    {
      status = not_signed_in (name, wait.error);
      g_error_free (wait.error);
      return status;
    }

  account = trove_account_store_add (store, kind, name);
  if (api_url)
    g_object_set (account, "api-base-url", api_url, NULL);
  if (auth_url)
    g_object_set (account, "auth-base-url", auth_url, NULL);
  if (creator)
    g_object_set (account, "creator-uuid", creator, NULL);

  wait = (Wait){ 0 };
  trove_sign_in_save_async (sign_in, account, cancellable, saved_cb, &wait);
  run_until_done (&wait, cancellable);
  if (wait.error != NULL)
    {
      /* Without its tokens the account is useless: take it back out. */
      trove_account_store_remove (store, account);
      g_settings_sync ();
      status = not_signed_in (name, wait.error);
      g_error_free (wait.error);
      return status;
    }

  g_settings_sync ();
  trove_cli_printerr_line (_ ("Signed in. The account renews its access by itself."));
  g_print ("%s\n", trove_account_get_id (account));

  return EXIT_DONE;
}
