/* trove-oauth-redirect.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "trove-error.h"
#include "trove-oauth-redirect.h"
#include "trove-url.h"

/* Where the sign-in comes back: checking the address the browser landed on, and catching it on
 * a loopback port. */
static int
effective_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;

  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

static gboolean
same_endpoint (GUri *a, GUri *b)
{
  const char *path_a = *g_uri_get_path (a) ? g_uri_get_path (a) : "/";
  const char *path_b = *g_uri_get_path (b) ? g_uri_get_path (b) : "/";

  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a) ? g_uri_get_host (a) : "",
                             g_uri_get_host (b) ? g_uri_get_host (b) : "") == 0 &&
         effective_port (a) == effective_port (b) && g_str_equal (path_a, path_b);
}

static const char *
wrong_state_message (void)
{
  return _ ("The sign-in answer does not belong to this sign-in (its state does not match). Sign "
            "in again.");
}

/* The parameters of a redirect, whether they arrived in the query or the fragment. */
static gboolean
check_redirect_query (const char *query, const char *expected_state, char **code, GError **error)
{
  g_autoptr (GHashTable) params = NULL;
  const char *error_code;
  const char *value;

  params = query ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL) : NULL;
  if (params == NULL)
    params = g_hash_table_new (g_str_hash, g_str_equal);

  value = g_hash_table_lookup (params, "state");
  if (g_strcmp0 (value, expected_state) != 0)
    {
      g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION, wrong_state_message ());
      return FALSE;
    }

  error_code = g_hash_table_lookup (params, "error");
  if (error_code != NULL)
    {
      const char *description = g_hash_table_lookup (params, "error_description");

      if (g_str_equal (error_code, "access_denied"))
        g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION,
                             _ ("Access was denied: the sign-in was cancelled or not allowed."));
      else if (description != NULL && g_utf8_validate (description, -1, NULL))
        g_set_error (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION,
                     _ ("The sign-in failed: %s (%s)."), description, error_code);
      else
        g_set_error (error, TROVE_ERROR, TROVE_ERROR_AUTHENTICATION, _ ("The sign-in failed (%s)."),
                     g_utf8_validate (error_code, -1, NULL) ? error_code : "?");
      return FALSE;
    }

  value = g_hash_table_lookup (params, "code");
  if (value == NULL || *value == '\0')
    {
      g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                           _ ("The address has no authorization code. Copy the whole address the "
                              "browser landed on."));
      return FALSE;
    }

  if (code != NULL)
    *code = g_strdup (value);

  return TRUE;
}

gboolean
trove_oauth_parse_redirect (const char *uri,
                            const char *expected_redirect,
                            const char *expected_state,
                            char **code,
                            GError **error)
{
  g_autoptr (GUri) landed = NULL;
  g_autoptr (GUri) expected = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (expected_redirect != NULL, FALSE);
  g_return_val_if_fail (expected_state != NULL, FALSE);

  if (code != NULL)
    *code = NULL;

  trimmed = g_strstrip (g_strdup (uri ? uri : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                           _ ("Paste the address the browser landed on after signing in."));
      return FALSE;
    }

  expected = g_uri_parse (expected_redirect, G_URI_FLAGS_NONE, NULL);
  if (expected == NULL)
    {
      g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                           _ ("The redirect URI is not a web address."));
      return FALSE;
    }

  landed = g_uri_parse (trimmed, G_URI_FLAGS_ENCODED_QUERY, NULL);
  if (landed == NULL)
    {
      g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                           _ ("That is not a web address. Copy the whole address the browser "
                              "landed on."));
      return FALSE;
    }

  if (!same_endpoint (landed, expected))
    {
      g_set_error_literal (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                           _ ("That address is not the redirect URI of this sign-in."));
      return FALSE;
    }

  return check_redirect_query (g_uri_get_query (landed), expected_state, code, error);
}

gboolean
trove_oauth_redirect_is_loopback (const char *redirect_uri, guint16 *port)
{
  g_autoptr (GUri) uri = NULL;
  const char *host;

  uri = redirect_uri ? g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL) : NULL;
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;

  host = g_uri_get_host (uri);
  if (g_uri_get_port (uri) <= 0 || g_uri_get_port (uri) > G_MAXUINT16 ||
      (g_ascii_strcasecmp (host, "localhost") != 0 && !trove_url_host_is_loopback (host)))
    return FALSE;

  if (port != NULL)
    *port = (guint16) g_uri_get_port (uri);

  return TRUE;
}

/* The loopback catcher */

typedef struct
{
  SoupServer *server;
  char *path;
  char *expected_state;
  GSource *timeout;
  GSource *cancelled;
  GCancellable *cancellable;
  gulong cancelled_handler;
  GSource *finish;
  char *code;
  GError *error;
  gboolean answered;
  gboolean returned;
} Catch;

static void
catch_free (Catch *catch)
{
  if (catch->cancellable != NULL)
    g_cancellable_disconnect (catch->cancellable, catch->cancelled_handler);
  g_clear_object (&catch->cancellable);
  if (catch->server != NULL)
    soup_server_disconnect (catch->server);
  g_clear_object (&catch->server);
  g_free (catch->path);
  g_free (catch->expected_state);
  if (catch->timeout != NULL)
    g_source_destroy (catch->timeout);
  g_clear_pointer (&catch->timeout, g_source_unref);
  if (catch->cancelled != NULL)
    g_source_destroy (catch->cancelled);
  g_clear_pointer (&catch->cancelled, g_source_unref);
  if (catch->finish != NULL)
    g_source_destroy (catch->finish);
  g_clear_pointer (&catch->finish, g_source_unref);
  g_free (catch->code);
  g_clear_error (&catch->error);
  g_free (catch);
}

/* Returns the task once: drops the listener and every pending source first. */
static void
catch_return (GTask *task)
{
  Catch *catch = g_task_get_task_data (task);

  if (catch->server != NULL)
    soup_server_disconnect (catch->server);
  if (catch->timeout != NULL)
    g_source_destroy (catch->timeout);
  if (catch->cancelled != NULL)
    g_source_destroy (catch->cancelled);
  if (catch->finish != NULL)
    g_source_destroy (catch->finish);

  if (catch->returned)
    return;
  catch->returned = TRUE;

  if (catch->error != NULL)
    g_task_return_error (task, g_steal_pointer (&catch->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&catch->code), g_free);

  /* The reference trove_oauth_catch_redirect_async() left behind. */
  g_object_unref (task);
}

static gboolean
catch_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Catch *catch = g_task_get_task_data (task);

  g_clear_pointer (&catch->code, g_free);
  g_clear_error (&catch->error);
  g_set_error_literal (&catch->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       _ ("No answer came from the browser in time. Sign in again."));
  catch_return (task);

  return G_SOURCE_REMOVE;
}

static gboolean
catch_cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  Catch *catch = g_task_get_task_data (task);

  g_clear_pointer (&catch->code, g_free);
  g_clear_error (&catch->error);
  g_set_error_literal (&catch->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _ ("Operation was cancelled"));
  catch_return (task);

  return G_SOURCE_REMOVE;
}

/* Lets go of the port as soon as the sign-in is cancelled, before the task returns from the
 * main loop: a new sign-in may want the port at once. */
static void
cancelled_now_cb (GCancellable *cancellable, Catch *catch)
{
  if (catch->server != NULL)
    soup_server_disconnect (catch->server);
}

static gboolean
catch_finish_cb (gpointer user_data)
{
  catch_return (user_data);

  return G_SOURCE_REMOVE;
}

/* Once the page is written: returning from inside the handler could free the server. */
static void
answer_finished_cb (SoupServerMessage *msg, GTask *task)
{
  Catch *catch = g_task_get_task_data (task);

  if (catch->finish != NULL || catch->returned)
    return;

  catch->finish = g_idle_source_new ();
  g_source_set_callback (catch->finish, catch_finish_cb, g_object_ref (task), g_object_unref);
  g_source_attach (catch->finish, g_task_get_context (task));
}

static gboolean
has_state (const char *query, const char *expected_state)
{
  g_autoptr (GHashTable) params =
      query ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL) : NULL;

  return params != NULL && g_strcmp0 (g_hash_table_lookup (params, "state"), expected_state) == 0;
}

static gboolean
host_is_localhost (const char *host)
{
  /* "localhost." is the same name, written absolute. */
  return g_ascii_strcasecmp (host, "localhost") == 0 ||
         g_ascii_strcasecmp (host, "localhost.") == 0;
}

static void
catch_handler (SoupServer *server,
               SoupServerMessage *msg,
               const char *path,
               GHashTable *query,
               gpointer user_data)
{
  GTask *task = user_data;
  Catch *catch = g_task_get_task_data (task);
  g_autofree char *escaped = NULL;
  const char *title;
  const char *text;
  guint status = SOUP_STATUS_OK;

  if (catch->answered || !g_str_equal (path, catch->path))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (!has_state (g_uri_get_query (soup_server_message_get_uri (msg)), catch->expected_state))
    {
      /* Any local page can ask for this address: only the answer to this sign-in ends it. */
      status = SOUP_STATUS_BAD_REQUEST;
      title = _ ("Not this sign-in");
      text = wrong_state_message ();
    }
  else
    {
      catch->answered = TRUE;
      if (check_redirect_query (g_uri_get_query (soup_server_message_get_uri (msg)),
                                catch->expected_state, &catch->code, &catch->error))
        {
          title = _ ("Signed in");
          text = _ ("You can close this tab and go back to Trove.");
        }
      else
        {
          title = _ ("Sign-in failed");
          text = catch->error->message;
        }
    }

  escaped = g_markup_printf_escaped (
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Trove: %s</title></head>"
      "<body style=\"font-family: sans-serif; text-align: center; margin-top: 4em\">"
      "<h1>%s</h1><p>%s</p></body></html>",
      title, title, text);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, escaped,
                                    strlen (escaped));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "no-store");
  if (catch->answered)
    g_signal_connect_object (msg, "finished", G_CALLBACK (answer_finished_cb), task, 0);
}

void
trove_oauth_catch_redirect_async (const char *redirect_uri,
                                  const char *expected_state,
                                  guint timeout_seconds,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GInetAddress) address = NULL;
  g_autoptr (GSocketAddress) socket_address = NULL;
  GError *error = NULL;
  Catch *catch;
  guint16 port = 0;
  const char *host;

  g_return_if_fail (expected_state != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_oauth_catch_redirect_async);

  if (!trove_oauth_redirect_is_loopback (redirect_uri, &port))
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                               _ ("The redirect URI is not a loopback address with a port, such as "
                                  "http://127.0.0.1:8765/callback."));
      return;
    }

  uri = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL);
  host = g_uri_get_host (uri);

  catch = g_new0 (Catch, 1);
  catch->path = g_strdup (*g_uri_get_path (uri) ? g_uri_get_path (uri) : "/");
  catch->expected_state = g_strdup (expected_state);
  catch->server = soup_server_new ("server-header", "Trove", NULL);
  g_task_set_task_data (task, catch, (GDestroyNotify) catch_free);

  soup_server_add_handler (catch->server, NULL, catch_handler, task, NULL);

  if (host_is_localhost (host))
    soup_server_listen_local (catch->server, port, 0, &error);
  else
    {
      address = g_inet_address_new_from_string (host);
      socket_address = g_inet_socket_address_new (address, port);
      soup_server_listen (catch->server, socket_address, 0, &error);
    }

  if (error != NULL)
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _ ("Could not listen on port %u for the sign-in (%s). Is another "
                                  "program using it?"),
                               port, error->message);
      g_error_free (error);
      return;
    }

  catch->timeout = g_timeout_source_new_seconds (
      timeout_seconds ? timeout_seconds : TROVE_OAUTH_CATCH_TIMEOUT_SECONDS);
  g_source_set_callback (catch->timeout, catch_timeout_cb, task, NULL);
  g_source_attach (catch->timeout, g_task_get_context (task));

  if (cancellable != NULL)
    {
      catch->cancellable = g_object_ref (cancellable);
      catch->cancelled_handler =
          g_cancellable_connect (cancellable, G_CALLBACK (cancelled_now_cb), catch, NULL);
      catch->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (catch->cancelled, G_SOURCE_FUNC (catch_cancelled_cb), task, NULL);
      g_source_attach (catch->cancelled, g_task_get_context (task));
    }

  /* The server and the sources hold the task through its data; returning it frees them. */
  g_steal_pointer (&task);
}

char *
trove_oauth_catch_redirect_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
