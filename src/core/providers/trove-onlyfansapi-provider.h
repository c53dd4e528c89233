/* trove-onlyfansapi-provider.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-provider.h"

G_BEGIN_DECLS

/* What OnlyFansAPI's download endpoint costs: 3 credits per MB (10^6 bytes), rounded up per
 * request, for the bytes asked for (the Range, or the whole file). */
#define TROVE_ONLYFANSAPI_CREDITS_PER_MB 3

#define TROVE_TYPE_ONLYFANSAPI_PROVIDER (trove_onlyfansapi_provider_get_type ())

/* One OnlyFans account (acct_...) reached through an OnlyFansAPI key. */
G_DECLARE_FINAL_TYPE (TroveOnlyfansapiProvider,
                      trove_onlyfansapi_provider,
                      TROVE,
                      ONLYFANSAPI_PROVIDER,
                      TroveProvider)

TroveProvider *trove_onlyfansapi_provider_new (TroveHttpClient *http_client,
                                               const char *api_base_url,
                                               TroveCredentials *credentials,
                                               const char *account_id);

const char *trove_onlyfansapi_provider_get_account_id (TroveOnlyfansapiProvider *self);

/* Every account the API key reaches (TroveUser items), for choosing which to add. */
void trove_onlyfansapi_provider_list_accounts_async (TroveOnlyfansapiProvider *self,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer user_data);
GPtrArray *trove_onlyfansapi_provider_list_accounts_finish (TroveOnlyfansapiProvider *self,
                                                            GAsyncResult *result,
                                                            GError **error);

/* Property allow-paid-downloads (default FALSE): whether a file the CDN refuses to serve
 * directly may be fetched through the paid download endpoint. */
gboolean trove_onlyfansapi_provider_get_allow_paid_downloads (TroveOnlyfansapiProvider *self);
void trove_onlyfansapi_provider_set_allow_paid_downloads (TroveOnlyfansapiProvider *self,
                                                          gboolean allow);

/* The credits a paid download of @bytes bytes costs (one request). Whether an item needs one
 * is not known before it is tried: the CDN decides when it refuses the direct fetch, so an
 * estimate can only say what an item would cost if it did. */
gint64 trove_onlyfansapi_credits_for_bytes (gint64 bytes);
/* The price as a person reads it: "3 credits per MB". */
char *trove_onlyfansapi_describe_price (void);

/* Asks the file host for the first byte of @variant of @media through its own link (free: no
 * credit is spent), to learn before downloading whether the item needs a paid download.
 * TRUE: served directly. FALSE with TROVE_ERROR_LINK_REFUSED: only the paid endpoint would
 * fetch it, for trove_onlyfansapi_credits_for_bytes (*@out_size) credits. Other errors as a
 * download's (TROVE_ERROR_EXPIRED_LINK: list the item again first). *@out_size: the file's
 * length when the host said it (also when refused, as the listing's files.full.size), else -1. */
void trove_onlyfansapi_provider_probe_direct_async (TroveOnlyfansapiProvider *self,
                                                    TroveMedia *media,
                                                    TroveVariant variant,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer user_data);
gboolean trove_onlyfansapi_provider_probe_direct_finish (TroveOnlyfansapiProvider *self,
                                                         GAsyncResult *result,
                                                         gint64 *out_size,
                                                         GError **error);

/* The request for @variant of @media through the download endpoint
 * (GET /api/{account}/media/download/{cdnUrl}, the CDN URL appended as it is): the service
 * answers 302 to a one-time grant on its own file host, and bills it. Send it with
 * trove_onlyfansapi_provider_open_paid_download_async(), which never lets the API key follow
 * the redirect. */
SoupMessage *trove_onlyfansapi_provider_build_paid_download_message (TroveOnlyfansapiProvider *self,
                                                                     TroveMedia *media,
                                                                     TroveVariant variant,
                                                                     GError **error);
/* As trove_provider_open_download_async(), through the download endpoint: each call asks for
 * (and pays for) a new grant, from @offset on. */
void trove_onlyfansapi_provider_open_paid_download_async (TroveOnlyfansapiProvider *self,
                                                          TroveMedia *media,
                                                          TroveVariant variant,
                                                          goffset offset,
                                                          int io_priority,
                                                          GCancellable *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer user_data);
GInputStream *trove_onlyfansapi_provider_open_paid_download_finish (TroveOnlyfansapiProvider *self,
                                                                    GAsyncResult *result,
                                                                    SoupMessage **out_message,
                                                                    GError **error);

G_END_DECLS
