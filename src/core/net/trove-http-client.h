/* trove-http-client.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "trove-credentials.h"
#include "trove-http-policy.h"
#include "trove-rate-governor.h"

G_BEGIN_DECLS

#define TROVE_TYPE_HTTP_CLIENT (trove_http_client_get_type ())

/* The process's one SoupSession, and the sending of every request through it: the Authorization
 * header only on the account's API origin, redirects followed by hand under the rules of
 * trove-http-policy.h, one token refresh on 401, and 429, 5xx and network errors retried with
 * backoff that honours Retry-After. */
G_DECLARE_FINAL_TYPE (TroveHttpClient, trove_http_client, TROVE, HTTP_CLIENT, GObject)

typedef enum
{
  TROVE_HTTP_RETRY = 1 << 0, /* retry 429, 5xx and network errors with backoff */
} TroveHttpFlags;

TroveHttpClient *trove_http_client_get_default (void);
TroveHttpClient *trove_http_client_new (void);
SoupSession *trove_http_client_get_session (TroveHttpClient *self);

/* Sends @message; adds `Authorization: Bearer` from @credentials only while the request is on
 * the origin of @api_base_url, follows redirects itself, asks @credentials for one refresh on 401,
 * spaces requests through @governor (may be NULL). On success returns the body stream of a 2xx
 * response; otherwise a TroveError from the status and body. */
void trove_http_client_send_async (TroveHttpClient *self,
                                   SoupMessage *message,
                                   const char *api_base_url,
                                   TroveCredentials *credentials,
                                   TroveRateGovernor *governor,
                                   TroveHttpFlags flags,
                                   int io_priority,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data);
/* *@out_message: the last message sent (after redirects), set whenever there was a response. */
GInputStream *trove_http_client_send_finish (TroveHttpClient *self,
                                             GAsyncResult *result,
                                             SoupMessage **out_message,
                                             GError **error);

/* As above, reading the whole (capped) body of a JSON API call. */
void trove_http_client_fetch_async (TroveHttpClient *self,
                                    SoupMessage *message,
                                    const char *api_base_url,
                                    TroveCredentials *credentials,
                                    TroveRateGovernor *governor,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
GBytes *
trove_http_client_fetch_finish (TroveHttpClient *self, GAsyncResult *result, GError **error);

G_END_DECLS
