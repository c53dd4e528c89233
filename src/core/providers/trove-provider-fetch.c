/* trove-provider-fetch.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What every provider's requests go through: building an API request, sending it with the
 * account's credentials and rate governor, and parsing the answer off the main thread. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-error.h"
#include "trove-provider-private.h"

SoupMessage *
trove_provider_new_api_message (TroveProvider *self, const char *path, const char *query)
{
  g_autofree char *url = NULL;

  url = g_strconcat (trove_provider_get_api_base_url (self), path, query ? "?" : NULL, query, NULL);

  return soup_message_new (SOUP_METHOD_GET, url);
}

gboolean
trove_provider_parse_number_token (const char *token, guint *number, GError **error)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (token, 10, 0, G_MAXINT, &value, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Page token “%s” is not from this listing", token);
      return FALSE;
    }

  *number = (guint) value;
  return TRUE;
}

typedef struct
{
  TroveParseFunc parse;
  TrovePeekFunc peek;
  gpointer parse_data;
  GDestroyNotify parse_data_free;
  GDestroyNotify result_free;
  char *endpoint;
  GBytes *body;
  gboolean is_page;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  if (data->parse_data_free != NULL)
    data->parse_data_free (data->parse_data);
  g_clear_pointer (&data->endpoint, g_free);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data);
}

static void
parse_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  FetchData *data = task_data;
  g_autoptr (GError) error = NULL;
  gpointer result;

  result = data->parse (data->body, data->endpoint, data->parse_data, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, data->result_free);
}

static void
parsed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  FetchData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  gpointer parsed;

  parsed = g_task_propagate_pointer (G_TASK (result), &error);
  if (parsed == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->is_page)
    {
      TroveRateGovernor *governor = trove_provider_get_rate_governor (TROVE_PROVIDER (object));
      gint64 limit, remaining;

      if (trove_page_get_rate_limit (parsed, &limit, &remaining))
        trove_rate_governor_update (governor, limit, remaining, 0);
      if (trove_page_get_credits (parsed) >= 0)
        trove_rate_governor_set_credits (governor, trove_page_get_credits (parsed));
      if (trove_page_get_credits_used (parsed) > 0)
        trove_rate_governor_add_credits_used (governor, trove_page_get_credits_used (parsed));
    }

  g_task_return_pointer (task, parsed, data->result_free);
}

static void
fetched_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GTask) parse_task = NULL;
  g_autoptr (GError) error = NULL;
  FetchData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  data->body = trove_http_client_fetch_finish (TROVE_HTTP_CLIENT (object), result, &error);
  if (data->body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The parse task borrows the data; the outer task keeps owning it. */
  parse_task = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                           parsed_cb, g_object_ref (task));
  g_task_set_source_tag (parse_task, fetched_cb);
  g_task_set_task_data (parse_task, data, NULL);
  g_task_run_in_thread (parse_task, parse_thread);

  /* Told here, while the page parses, rather than from the parse thread: the next request leaves
   * without two thread hops on the way. Only a listing with a cancellable can be told apart by
   * whoever waits for the next page. */
  if (data->peek != NULL && cancellable != NULL && !g_cancellable_is_cancelled (cancellable))
    {
      g_autofree char *next_token = data->peek (data->body, data->parse_data);

      if (next_token != NULL)
        g_signal_emit_by_name (g_task_get_source_object (task), "next-page-known", cancellable,
                               next_token);
    }
}

static void
fetch_internal (TroveProvider *self,
                SoupMessage *message,
                TroveParseFunc parse,
                TrovePeekFunc peek,
                gpointer parse_data,
                GDestroyNotify parse_data_free,
                GDestroyNotify result_free,
                gboolean is_page,
                GTask *task)
{
  FetchData *data;

  if (message == NULL)
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                               _ ("The account’s API address “%s” is not a valid URL."),
                               trove_provider_get_api_base_url (self));
      g_object_unref (task);
      return;
    }

  data = g_new0 (FetchData, 1);

  data->parse = parse;
  data->peek = peek;
  data->parse_data = parse_data;
  data->parse_data_free = parse_data_free;
  data->result_free = result_free;
  data->endpoint = g_strdup (g_uri_get_path (soup_message_get_uri (message)));
  data->is_page = is_page;
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  trove_http_client_fetch_async (trove_provider_get_http_client (self), message,
                                 trove_provider_get_api_base_url (self),
                                 trove_provider_get_credentials (self),
                                 trove_provider_get_rate_governor (self),
                                 g_task_get_cancellable (task), fetched_cb, task);
}

void
trove_provider_fetch (TroveProvider *self,
                      SoupMessage *message,
                      TroveParseFunc parse,
                      gpointer parse_data,
                      GDestroyNotify parse_data_free,
                      GDestroyNotify result_free,
                      GTask *task)
{
  fetch_internal (self, message, parse, NULL, parse_data, parse_data_free, result_free, FALSE,
                  task);
}

void
trove_provider_fetch_page (TroveProvider *self,
                           SoupMessage *message,
                           TroveParseFunc parse,
                           TrovePeekFunc peek,
                           gpointer parse_data,
                           GDestroyNotify parse_data_free,
                           GTask *task)
{
  fetch_internal (self, message, parse, peek, parse_data, parse_data_free,
                  (GDestroyNotify) trove_page_unref, TRUE, task);
}
