/* trove-provider-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-provider.h"

G_BEGIN_DECLS

/* What subclasses share: building API requests and fetching + parsing them. */

/* Runs in a worker thread on the body of a successful response. */
typedef gpointer (*TroveParseFunc) (GBytes *body,
                                    const char *endpoint,
                                    gpointer parse_data,
                                    GError **error);

/* Also in the worker thread, before @parse: the next page's token when the body tells it
 * cheaply (trove_json_peek_member()), or NULL. */
typedef char *(*TrovePeekFunc) (GBytes *body, gpointer parse_data);

/* GET @path (already escaped) with @query (already encoded, may be NULL) on the API base. */
SoupMessage *
trove_provider_new_api_message (TroveProvider *self, const char *path, const char *query);

/* Sends @message with the account's credentials and governor, parses the body with @parse in a
 * thread, and completes @task (whose source object is the provider) with the parsed object
 * (freed with @result_free). Takes ownership of @task. A TrovePage result updates the governor
 * from the rate limits its body reported. */
void trove_provider_fetch (TroveProvider *self,
                           SoupMessage *message,
                           TroveParseFunc parse,
                           gpointer parse_data,
                           GDestroyNotify parse_data_free,
                           GDestroyNotify result_free,
                           GTask *task);

/* The same, for a listing: the result is a TrovePage. When @peek finds the next page's token
 * first, TroveProvider::next-page-known announces it while the page is still being parsed. */
void trove_provider_fetch_page (TroveProvider *self,
                                SoupMessage *message,
                                TroveParseFunc parse,
                                TrovePeekFunc peek,
                                gpointer parse_data,
                                GDestroyNotify parse_data_free,
                                GTask *task);

/* Parses a page token that is a non-negative decimal number. */
gboolean trove_provider_parse_number_token (const char *token, guint *number, GError **error);

G_END_DECLS
