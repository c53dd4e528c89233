/* trove-onlyfansapi-paid.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OnlyFansAPI's paid download endpoint, for files the CDN refuses to serve through their own
 * link: its price, its requests, and a free probe that tells beforehand whether an item
 * needs it.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-error.h"
#include "trove-onlyfansapi-provider.h"

gint64
trove_onlyfansapi_credits_for_bytes (gint64 bytes)
{
  if (bytes <= 0)
    return 0;
  /* Decimal megabytes, rounded up; in two steps so that no product overflows. */
  return (bytes / 1000000) * TROVE_ONLYFANSAPI_CREDITS_PER_MB +
         ((bytes % 1000000) * TROVE_ONLYFANSAPI_CREDITS_PER_MB + 999999) / 1000000;
}

char *
trove_onlyfansapi_describe_price (void)
{
  return g_strdup_printf (ngettext ("%d credit per MB", "%d credits per MB",
                                    TROVE_ONLYFANSAPI_CREDITS_PER_MB),
                          TROVE_ONLYFANSAPI_CREDITS_PER_MB);
}

SoupMessage *
trove_onlyfansapi_provider_build_paid_download_message (TroveOnlyfansapiProvider *self,
                                                        TroveMedia *media,
                                                        TroveVariant variant,
                                                        GError **error)
{
  g_autoptr (SoupMessage) direct = NULL;
  g_autofree char *account = NULL;
  g_autofree char *url = NULL;
  SoupMessage *message;

  g_return_val_if_fail (TROVE_IS_ONLYFANSAPI_PROVIDER (self), NULL);
  g_return_val_if_fail (TROVE_IS_MEDIA (media), NULL);

  /* The same checks as a direct fetch: locked items and missing or invalid links fail alike. */
  direct = trove_provider_build_download_message (TROVE_PROVIDER (self), media, variant, error);
  if (direct == NULL)
    return NULL;

  /* The service wants the CDN URL appended as it is: its query becomes the request's. */
  account = g_uri_escape_string (trove_onlyfansapi_provider_get_account_id (self)
                                     ? trove_onlyfansapi_provider_get_account_id (self)
                                     : "",
                                 NULL, FALSE);
  url = g_strconcat (trove_provider_get_api_base_url (TROVE_PROVIDER (self)), "/api/", account,
                     "/media/download/", trove_media_get_variant (media, variant)->url, NULL);
  message = soup_message_new (SOUP_METHOD_GET, url);
  if (message == NULL)
    g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                 _ ("The service gave an invalid link for this item."));
  return message;
}

/* The last response, even on failure, as trove_provider_open_download_finish() gives it. */
static void
paid_sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  GInputStream *stream;

  stream = trove_http_client_send_finish (TROVE_HTTP_CLIENT (object), result, &message, &error);
  g_task_set_task_data (task, g_steal_pointer (&message), g_object_unref);

  if (stream == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, stream, g_object_unref);
}

void
trove_onlyfansapi_provider_open_paid_download_async (TroveOnlyfansapiProvider *self,
                                                     TroveMedia *media,
                                                     TroveVariant variant,
                                                     goffset offset,
                                                     int io_priority,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data)
{
  TroveProvider *provider = TROVE_PROVIDER (self);
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) message = NULL;
  GError *error = NULL;

  g_return_if_fail (TROVE_IS_ONLYFANSAPI_PROVIDER (self));
  g_return_if_fail (offset >= 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_onlyfansapi_provider_open_paid_download_async);

  message = trove_onlyfansapi_provider_build_paid_download_message (self, media, variant, &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The service bills the Range it is sent: a resume pays for the rest only. */
  if (offset > 0)
    soup_message_headers_set_range (soup_message_get_request_headers (message), offset, -1);

  /* No retries (a grant works once and each request is billed); the client follows the 302
   * itself and sends the key to the API's origin only. */
  trove_http_client_send_async (trove_provider_get_http_client (provider), message,
                                trove_provider_get_api_base_url (provider),
                                trove_provider_get_credentials (provider),
                                trove_provider_get_rate_governor (provider), 0, io_priority,
                                cancellable, paid_sent_cb, g_steal_pointer (&task));
}

GInputStream *
trove_onlyfansapi_provider_open_paid_download_finish (TroveOnlyfansapiProvider *self,
                                                      GAsyncResult *result,
                                                      SoupMessage **out_message,
                                                      GError **error)
{
  SoupMessage *message;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  message = g_task_get_task_data (G_TASK (result));
  if (out_message != NULL)
    *out_message = message ? g_object_ref (message) : NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  gint64 size;
  gint64 listed_size;
} ProbeData;

static void
probe_read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GBytes) bytes =
      g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  /* One byte was asked for: whatever came, the answer is known. */
  g_input_stream_close (G_INPUT_STREAM (object), NULL, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
probe_sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  ProbeData *data = g_task_get_task_data (task);
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GInputStream) stream = NULL;
  SoupMessageHeaders *headers;
  GCancellable *cancellable;
  goffset start, end, total = -1;

  stream = trove_http_client_send_finish (TROVE_HTTP_CLIENT (object), result, &message, &error);
  if (stream == NULL)
    {
      if (g_error_matches (error, TROVE_ERROR, TROVE_ERROR_LINK_REFUSED))
        data->size = data->listed_size > 0 ? data->listed_size : -1;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  headers = soup_message_get_response_headers (message);
  if (soup_message_get_status (message) == SOUP_STATUS_PARTIAL_CONTENT &&
      soup_message_headers_get_content_range (headers, &start, &end, &total) && total > 0)
    data->size = total;
  else if (soup_message_get_status (message) == SOUP_STATUS_OK &&
           soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    data->size = soup_message_headers_get_content_length (headers);

  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (stream, 1, G_PRIORITY_DEFAULT, cancellable, probe_read_cb,
                                   g_steal_pointer (&task));
}

void
trove_onlyfansapi_provider_probe_direct_async (TroveOnlyfansapiProvider *self,
                                               TroveMedia *media,
                                               TroveVariant variant,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer user_data)
{
  TroveProvider *provider = TROVE_PROVIDER (self);
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) message = NULL;
  ProbeData *data;
  GError *error = NULL;

  g_return_if_fail (TROVE_IS_ONLYFANSAPI_PROVIDER (self));
  g_return_if_fail (TROVE_IS_MEDIA (media));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_onlyfansapi_provider_probe_direct_async);
  data = g_new0 (ProbeData, 1);
  data->size = -1;
  data->listed_size =
      trove_media_get_variant (media, variant) ? trove_media_get_variant (media, variant)->size : 0;
  g_task_set_task_data (task, data, g_free);

  message = trove_provider_build_download_message (provider, media, variant, &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A GET of one byte, not a HEAD: a refusal is told from an expiry by its body. */
  soup_message_headers_set_range (soup_message_get_request_headers (message), 0, 0);
  trove_http_client_send_async (trove_provider_get_http_client (provider), message,
                                trove_provider_get_api_base_url (provider),
                                trove_provider_get_credentials (provider), NULL, 0,
                                G_PRIORITY_DEFAULT, cancellable, probe_sent_cb,
                                g_steal_pointer (&task));
}

gboolean
trove_onlyfansapi_provider_probe_direct_finish (TroveOnlyfansapiProvider *self,
                                                GAsyncResult *result,
                                                gint64 *out_size,
                                                GError **error)
{
  ProbeData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (out_size != NULL)
    *out_size = data->size;
  return g_task_propagate_boolean (G_TASK (result), error);
}
