/* trove-provider.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "trove-credentials.h"
#include "trove-http-client.h"
#include "trove-media.h"
#include "trove-page.h"
#include "trove-user.h"

G_BEGIN_DECLS

#define TROVE_TYPE_PROVIDER (trove_provider_get_type ())

G_DECLARE_DERIVABLE_TYPE (TroveProvider, trove_provider, TROVE, PROVIDER, GObject)

/* A listing call the paged list can drive: fetch the page named by @page_token (NULL = first). */
typedef void (*TroveListFunc) (TroveProvider *provider,
                               const char *page_token,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);

struct _TroveProviderClass
{
  GObjectClass parent_class;

  void (*identify_async) (TroveProvider *self,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data);
  void (*list_creators_async) (TroveProvider *self,
                               const char *page_token,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
  void (*list_chats_async) (TroveProvider *self,
                            const char *search,
                            const char *page_token,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data);
  void (*list_media_async) (TroveProvider *self,
                            const char *chat_id,
                            TroveMediaKind kind,
                            const char *page_token,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data);
  /* The request that fetches @variant of @media (the Authorization header is added by the
   * HTTP client, for the API host only). */
  SoupMessage *(*build_download_message) (TroveProvider *self,
                                          TroveMedia *media,
                                          TroveVariant variant,
                                          GError **error);

  /* The service charges for each request: nothing is fetched before it is asked for. */
  gboolean bills_requests;
};

/* Properties: http-client, api-base-url, credentials (construct-only). */
TroveHttpClient *trove_provider_get_http_client (TroveProvider *self);
const char *trove_provider_get_api_base_url (TroveProvider *self);
TroveCredentials *trove_provider_get_credentials (TroveProvider *self);
/* The account's request budget, as the service last reported it. */
TroveRateGovernor *trove_provider_get_rate_governor (TroveProvider *self);
gboolean trove_provider_bills_requests (TroveProvider *self);

void trove_provider_identify_async (TroveProvider *self,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
TroveUser *
trove_provider_identify_finish (TroveProvider *self, GAsyncResult *result, GError **error);

/* Agency providers only; others fail with G_IO_ERROR_NOT_SUPPORTED. */
void trove_provider_list_creators_async (TroveProvider *self,
                                         const char *page_token,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
void trove_provider_list_chats_async (TroveProvider *self,
                                      const char *search,
                                      const char *page_token,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
/* @kind TROVE_MEDIA_KIND_UNKNOWN lists every kind. */
void trove_provider_list_media_async (TroveProvider *self,
                                      const char *chat_id,
                                      TroveMediaKind kind,
                                      const char *page_token,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
/* Finishes any of the three listings. */
TrovePage *trove_provider_list_finish (TroveProvider *self, GAsyncResult *result, GError **error);

/* Fetches @media's current URLs again (they are signed and expire): the same item, fresh. */
void trove_provider_resolve_media_async (TroveProvider *self,
                                         TroveMedia *media,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
TroveMedia *
trove_provider_resolve_media_finish (TroveProvider *self, GAsyncResult *result, GError **error);

SoupMessage *trove_provider_build_download_message (TroveProvider *self,
                                                    TroveMedia *media,
                                                    TroveVariant variant,
                                                    GError **error);

/* Sends a download message built above, starting at byte @offset (a Range request when > 0),
 * following redirects without credentials on other hosts. No retries: the caller decides
 * (Retry-After is on the returned message). On HTTP errors the stream is NULL, the error a
 * TroveError (403/404 from a media host: TROVE_ERROR_EXPIRED_LINK) and *@out_message is
 * still set when there was a response. */
void trove_provider_open_download_async (TroveProvider *self,
                                         TroveMedia *media,
                                         TroveVariant variant,
                                         goffset offset,
                                         int io_priority,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);
GInputStream *trove_provider_open_download_finish (TroveProvider *self,
                                                   GAsyncResult *result,
                                                   SoupMessage **out_message,
                                                   GError **error);

G_END_DECLS
