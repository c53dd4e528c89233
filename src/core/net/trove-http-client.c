/* trove-http-client.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-delay.h"
#include "trove-error.h"
#include "trove-http-client-private.h"
#include "trove-http-client.h"
#include "trove-http-policy.h"
#include "trove-json.h"
#include "trove-read-all.h"

#define USER_AGENT "Trove/" PACKAGE_VERSION
#define CONNECT_TIMEOUT_SECONDS 30
#define IDLE_TIMEOUT_SECONDS 60
/* Downloads run up to 8 at once against one media host. */
#define MAX_CONNS_PER_HOST 8
#define MAX_CONNS 32
#define MAX_REDIRECTS 10
#define DEFAULT_BACKOFF_BASE_MS 500
#define MAX_RETRIES 5
/* A wait the service asks for beyond this is reported rather than sat out. */
#define MAX_RETRY_AFTER_SECONDS 120
#define MAX_ERROR_BODY_BYTES (64 * 1024)

struct _TroveHttpClient
{
  GObject parent_instance;
  SoupSession *session;
  guint backoff_base_ms;
};

G_DEFINE_FINAL_TYPE (TroveHttpClient, trove_http_client, G_TYPE_OBJECT)

typedef struct
{
  SoupMessage *message;
  GUri *api_base;
  TroveCredentials *credentials;
  TroveRateGovernor *governor;
  TroveHttpFlags flags;
  int io_priority;
  char *token;
  guint retries;
  guint redirects;
  gboolean refreshed;
  gboolean waiting; /* counted in the governor's waiting requests */
} SendData;

/* The request no longer waits for the budget (sent, cancelled or failed). */
static void
stop_waiting (SendData *data)
{
  if (data->waiting)
    trove_rate_governor_end_wait (data->governor);
  data->waiting = FALSE;
}

/* A wait of @ms for the governor's budget is one the user should see. */
static void
start_waiting (SendData *data, guint ms)
{
  if (data->governor == NULL || data->waiting)
    return;

  data->waiting = TRUE;
  trove_rate_governor_begin_wait (data->governor, ms);
}

static void
send_data_free (SendData *data)
{
  stop_waiting (data);
  g_clear_object (&data->message);
  g_clear_pointer (&data->api_base, g_uri_unref);
  g_clear_object (&data->credentials);
  g_clear_object (&data->governor);
  g_clear_pointer (&data->token, g_free);
  g_free (data);
}

static void
trove_http_client_dispose (GObject *object)
{
  TroveHttpClient *self = TROVE_HTTP_CLIENT (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (trove_http_client_parent_class)->dispose (object);
}

static void
trove_http_client_class_init (TroveHttpClientClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = trove_http_client_dispose;
}

static void
trove_http_client_init (TroveHttpClient *self)
{
  self->backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
  self->session =
      g_object_new (SOUP_TYPE_SESSION, "user-agent", USER_AGENT, "timeout", CONNECT_TIMEOUT_SECONDS,
                    "idle-timeout", IDLE_TIMEOUT_SECONDS, "max-conns-per-host", MAX_CONNS_PER_HOST,
                    "max-conns", MAX_CONNS, NULL);
}

TroveHttpClient *
trove_http_client_new (void)
{
  return g_object_new (TROVE_TYPE_HTTP_CLIENT, NULL);
}

TroveHttpClient *
trove_http_client_get_default (void)
{
  static TroveHttpClient *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, trove_http_client_new ());

  return instance;
}

void
_trove_http_client_set_backoff_base_ms (TroveHttpClient *self, guint base_ms)
{
  g_return_if_fail (TROVE_IS_HTTP_CLIENT (self));

  self->backoff_base_ms = base_ms;
}

static guint
backoff_ms (GTask *task)
{
  TroveHttpClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);

  return trove_delay_backoff_ms (self->backoff_base_ms, data->retries);
}

SoupSession *
trove_http_client_get_session (TroveHttpClient *self)
{
  g_return_val_if_fail (TROVE_IS_HTTP_CLIENT (self), NULL);

  return self->session;
}

static gboolean
on_api_host (SendData *data)
{
  return trove_http_same_origin (soup_message_get_uri (data->message), data->api_base);
}

/* A fresh message for the same request, to retry or to follow a redirect to @uri. Credentials
 * are never copied: send_message adds them again where they belong. */
static SoupMessage *
copy_message (SoupMessage *message, GUri *uri)
{
  SoupMessage *copy = soup_message_new_from_uri (soup_message_get_method (message), uri);
  SoupMessageHeaders *from = soup_message_get_request_headers (message);
  SoupMessageHeaders *to = soup_message_get_request_headers (copy);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  soup_message_headers_iter_init (&iter, from);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Authorization") != 0)
      soup_message_headers_append (to, name, value);

  soup_message_set_flags (copy, soup_message_get_flags (message));

  return copy;
}

static void send_message (GTask *task);

static gboolean
may_retry (SendData *data)
{
  return (data->flags & TROVE_HTTP_RETRY) != 0 && data->retries < MAX_RETRIES;
}

static void
retry_delay_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  stop_waiting (g_task_get_task_data (task));
  if (!trove_delay_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send_message (g_steal_pointer (&task));
}

static void
retry_after (GTask *task, guint ms)
{
  SendData *data = g_task_get_task_data (task);
  SoupMessage *copy = copy_message (data->message, soup_message_get_uri (data->message));

  g_set_object (&data->message, copy);
  g_object_unref (copy);
  data->retries++;

  trove_delay_async (ms, g_task_get_cancellable (task), retry_delay_cb, task);
}

static void
refresh_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  SoupMessage *copy;

  token = trove_credentials_refresh_finish (TROVE_CREDENTIALS (object), result, &error);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_free (data->token);
  data->token = g_steal_pointer (&token);
  copy = copy_message (data->message, soup_message_get_uri (data->message));
  g_set_object (&data->message, copy);
  g_object_unref (copy);

  send_message (g_steal_pointer (&task));
}

static void
error_body_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr (GBytes) body = NULL;

  /* An unreadable or huge error body only loses the service's wording. */
  body = trove_read_all_finish (result, NULL);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_error (task,
                       trove_http_error_for_response (data->message, on_api_host (data), body));
}

/* Reads a little of an error body for its message, then fails the task. */
static void
fail_with_response (GTask *task, GInputStream *stream)
{
  SendData *data = g_task_get_task_data (task);

  trove_read_all_async (stream, MAX_ERROR_BODY_BYTES, data->io_priority,
                        g_task_get_cancellable (task), error_body_read_cb, g_object_ref (task));
}

/* FALSE when the redirect is not followed; @error says why when it was refused. */
static gboolean
follow_redirect (GTask *task, GError **error)
{
  SendData *data = g_task_get_task_data (task);
  const char *location;
  g_autoptr (GUri) target = NULL;
  g_autoptr (SoupMessage) next = NULL;

  location =
      soup_message_headers_get_one (soup_message_get_response_headers (data->message), "Location");
  if (location == NULL)
    return FALSE;

  target = g_uri_parse_relative (soup_message_get_uri (data->message), location,
                                 SOUP_HTTP_URI_FLAGS, NULL);
  if (target == NULL)
    return FALSE;

  /* Never from https (or loopback) down to plain http elsewhere. */
  if (!trove_http_check_redirect (soup_message_get_uri (data->message), target, error))
    return FALSE;

  if (++data->redirects > MAX_REDIRECTS)
    return FALSE;

  next = copy_message (data->message, target);
  g_set_object (&data->message, next);
  send_message (g_object_ref (task));

  return TRUE;
}

static void
sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GError) error = NULL;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  if (stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (may_retry (data))
        {
          guint ms = backoff_ms (task);

          retry_after (g_steal_pointer (&task), ms);
        }
      else
        g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_NETWORK,
                                 _ ("Could not reach %s: %s"),
                                 g_uri_get_host (soup_message_get_uri (data->message)),
                                 error->message);
      return;
    }

  if (data->governor != NULL && on_api_host (data))
    trove_rate_governor_update_from_headers (data->governor,
                                             soup_message_get_response_headers (data->message));

  status = soup_message_get_status (data->message);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_pointer (task, g_steal_pointer (&stream), g_object_unref);
      return;
    }

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      g_input_stream_close (stream, NULL, NULL);
      if (follow_redirect (task, &error))
        return;
      if (error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (status == SOUP_STATUS_UNAUTHORIZED && data->credentials != NULL && on_api_host (data) &&
      !data->refreshed)
    {
      data->refreshed = TRUE;
      g_input_stream_close (stream, NULL, NULL);
      trove_credentials_refresh_async (data->credentials, data->token,
                                       g_task_get_cancellable (task), refresh_cb,
                                       g_object_ref (task));
      return;
    }

  if ((status == TROVE_HTTP_STATUS_TOO_MANY_REQUESTS ||
       status >= SOUP_STATUS_INTERNAL_SERVER_ERROR) &&
      may_retry (data))
    {
      gint64 wait = trove_http_retry_after_seconds (data->message);
      guint ms = backoff_ms (task);

      if (wait <= MAX_RETRY_AFTER_SECONDS)
        {
          if (wait >= 0)
            ms = MAX (ms, (guint) wait * 1000);
          if (status == TROVE_HTTP_STATUS_TOO_MANY_REQUESTS && data->governor != NULL)
            {
              trove_rate_governor_back_off (data->governor, ms / 1000);
              start_waiting (data, ms);
            }

          g_input_stream_close (stream, NULL, NULL);
          retry_after (g_steal_pointer (&task), ms);
          return;
        }
    }

  fail_with_response (task, stream);
}

static void
send_now (GTask *task)
{
  SendData *data = g_task_get_task_data (task);
  TroveHttpClient *self = g_task_get_source_object (task);
  SoupMessageHeaders *headers = soup_message_get_request_headers (data->message);

  soup_message_add_flags (data->message, SOUP_MESSAGE_NO_REDIRECT);

  if (data->token != NULL && on_api_host (data))
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", data->token);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  else
    {
      soup_message_headers_remove (headers, "Authorization");
    }

  if (data->governor != NULL && on_api_host (data))
    trove_rate_governor_note_request (data->governor);

  soup_session_send_async (self->session, data->message, data->io_priority,
                           g_task_get_cancellable (task), sent_cb, task);
}

static void
governor_delay_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  stop_waiting (g_task_get_task_data (task));
  if (!trove_delay_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send_now (g_steal_pointer (&task));
}

/* Takes ownership of @task. */
static void
send_message (GTask *task)
{
  SendData *data = g_task_get_task_data (task);
  guint delay = 0;

  if (data->governor != NULL && on_api_host (data))
    delay = trove_rate_governor_get_delay_ms (data->governor);

  if (delay > 0)
    {
      start_waiting (data, delay);
      trove_delay_async (delay, g_task_get_cancellable (task), governor_delay_cb, task);
    }
  else
    send_now (task);
}

static void
token_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  data->token = trove_credentials_get_token_finish (TROVE_CREDENTIALS (object), result, &error);
  if (data->token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send_message (g_steal_pointer (&task));
}

void
trove_http_client_send_async (TroveHttpClient *self,
                              SoupMessage *message,
                              const char *api_base_url,
                              TroveCredentials *credentials,
                              TroveRateGovernor *governor,
                              TroveHttpFlags flags,
                              int io_priority,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  SendData *data;

  g_return_if_fail (TROVE_IS_HTTP_CLIENT (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (credentials == NULL || TROVE_IS_CREDENTIALS (credentials));
  g_return_if_fail (governor == NULL || TROVE_IS_RATE_GOVERNOR (governor));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_http_client_send_async);

  data = g_new0 (SendData, 1);
  data->message = g_object_ref (message);
  data->api_base = api_base_url ? g_uri_parse (api_base_url, SOUP_HTTP_URI_FLAGS, NULL) : NULL;
  data->credentials = credentials ? g_object_ref (credentials) : NULL;
  data->governor = governor ? g_object_ref (governor) : NULL;
  data->flags = flags;
  data->io_priority = io_priority;
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  if (data->credentials != NULL && data->api_base != NULL)
    trove_credentials_get_token_async (data->credentials, cancellable, token_cb,
                                       g_steal_pointer (&task));
  else
    send_message (g_steal_pointer (&task));
}

GInputStream *
trove_http_client_send_finish (TroveHttpClient *self,
                               GAsyncResult *result,
                               SoupMessage **out_message,
                               GError **error)
{
  SendData *data;

  g_return_val_if_fail (TROVE_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (out_message != NULL)
    *out_message = soup_message_get_status (data->message) != SOUP_STATUS_NONE
                       ? g_object_ref (data->message)
                       : NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fetch_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  const char *endpoint = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  GBytes *body;

  body = trove_read_all_finish (result, &error);
  if (body != NULL)
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                             _ ("The reply to %s is larger than %u MB."), endpoint,
                             TROVE_JSON_MAX_BYTES / (1024 * 1024));
  else
    g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_NETWORK,
                             _ ("The connection broke while reading %s: %s"), endpoint,
                             error->message);
}

static void
fetch_sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GError) error = NULL;

  stream = trove_http_client_send_finish (TROVE_HTTP_CLIENT (object), result, NULL, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  trove_read_all_async (stream, TROVE_JSON_MAX_BYTES, G_PRIORITY_DEFAULT,
                        g_task_get_cancellable (task), fetch_read_cb, g_object_ref (task));
}

void
trove_http_client_fetch_async (TroveHttpClient *self,
                               SoupMessage *message,
                               const char *api_base_url,
                               TroveCredentials *credentials,
                               TroveRateGovernor *governor,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (TROVE_IS_HTTP_CLIENT (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_http_client_fetch_async);
  g_task_set_task_data (task, g_strdup (g_uri_get_path (soup_message_get_uri (message))), g_free);

  trove_http_client_send_async (self, message, api_base_url, credentials, governor,
                                TROVE_HTTP_RETRY, G_PRIORITY_DEFAULT, cancellable, fetch_sent_cb,
                                g_steal_pointer (&task));
}

GBytes *
trove_http_client_fetch_finish (TroveHttpClient *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (TROVE_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
