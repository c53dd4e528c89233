/* ts-server.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "ts-content.h"
#include "ts-dataset.h"

G_BEGIN_DECLS

typedef enum
{
  TS_LISTENER_API,
  TS_LISTENER_MEDIA,
} TsListener;

typedef struct
{
  char *kind; /* latency 429 5xx cut stall expire malformed content-type corrupt oversize
                 repeat-cursor empty-more hostile-names redirect wrong-range no-content-range
                 wrong-total */
  char *spec; /* as given, for GET /__control/faults */
  guint ms;
  guint retry_after;
  guint status;
  double probability;
  guint nth;
  guint count;
  gint64 bytes; /* stall: body bytes sent before the silence; -1: half */
  char *path;
  char *message;  /* 5xx: the error message, percent-decoded */
  char *location; /* redirect: where to, percent-decoded */
  int listener;   /* -1: either */
  guint matched;
  guint fired;
  GRand *rand;
} TsFault;

typedef struct _TsOAuth TsOAuth;

#define TS_ONLYFANSAPI_KEY "ofapi_test_key"

typedef struct
{
  TsDataset *dataset;
  TsContent *content;
  SoupServer *api;
  SoupServer *media;
  char *api_url;
  char *media_url;

  guint latency_ms;
  guint latency_jitter_ms;
  guint url_ttl;
  guint token_ttl;
  guint rate_limit;
  guint rate_window; /* seconds */

  GRand *rand;
  GPtrArray *log; /* JsonObject */
  guint64 next_seq;
  guint in_flight[2];
  guint max_in_flight[2];
  GPtrArray *faults; /* TsFault */
  guint url_generation;
  GHashTable *rate_windows; /* token -> gint64[2] {window start, count} */
  TsOAuth *oauth;
  char *sign_key;

  gboolean refuse_direct; /* the media host refuses OnlyFansAPI media without a grant */
  gint64 credit_balance;  /* OnlyFansAPI credits left */
  GHashTable *grants; /* token -> TsGrant: one-time media-host grants of the download endpoint */
  guint64 next_grant;
} TsServer;

typedef struct
{
  char *media_id;
  char *variant;
  gboolean head_only;
} TsGrant;

/* Faults */
TsFault *ts_fault_parse (const char *spec, GError **error);
void ts_fault_free (TsFault *fault);
/* The paging fault of @kind (repeat-cursor, empty-more) that fires on this listing request. */
TsFault *ts_server_paging_fault (TsServer *self, SoupServerMessage *msg, const char *kind);
/* @name, with terminal escapes around it when @hostile (a hostile-names fault fired). */
char *ts_hostile_name (gboolean hostile, const char *name);
/* The first fault of one of @kinds that fires on this request (counted as matched and fired). */
TsFault *ts_server_fault_for (TsServer *self,
                              TsListener listener,
                              const char *path,
                              const char *const *kinds);

/* Responses */
void ts_respond_json (SoupServerMessage *msg, guint status, JsonNode *node);
void
ts_respond_text (SoupServerMessage *msg, guint status, const char *content_type, const char *text);
/* {"error": @error, "message": @message} */
void
ts_respond_error (SoupServerMessage *msg, guint status, const char *error, const char *message);

/* JSON members; NULL strings and non-positive times are written as null. */
void ts_json_string (JsonBuilder *builder, const char *name, const char *value);
void ts_json_int (JsonBuilder *builder, const char *name, gint64 value);
void ts_json_bool (JsonBuilder *builder, const char *name, gboolean value);
/* ISO 8601 in UTC, as both APIs write it ("Z" or "+00:00"). */
void ts_json_time (JsonBuilder *builder, const char *name, gint64 unix_time, gboolean zulu);

/* A signed, expiring media-host URL for @variant of @media. */
char *ts_server_media_url (TsServer *self, TsMedia *media, const char *variant);
/* Whether @query signs @media_id/@variant and is still valid; the reason otherwise. */
gboolean ts_server_check_signature (TsServer *self,
                                    const char *media_id,
                                    const char *variant,
                                    GHashTable *query,
                                    const char **reason);

/* Bills @credits OnlyFansAPI credits to the request @msg (its log entry's "credits"). */
void ts_server_bill (TsServer *self, SoupServerMessage *msg, gint64 credits);
/* A media-host URL for @variant of @media that works once (for HEAD only, any number of times,
 * when @head_only). */
char *ts_server_grant (TsServer *self, TsMedia *media, const char *variant, gboolean head_only);
void ts_grant_free (TsGrant *grant);

/* The bearer token of @msg, or NULL. */
const char *ts_request_bearer (SoupServerMessage *msg);

/* Routes */
gboolean
ts_fanvue_handle (TsServer *self, SoupServerMessage *msg, const char *path, GHashTable *query);
gboolean
ts_onlyfansapi_handle (TsServer *self, SoupServerMessage *msg, const char *path, GHashTable *query);
gboolean
ts_oauth_handle (TsServer *self, SoupServerMessage *msg, const char *path, GHashTable *query);
gboolean
ts_control_handle (TsServer *self, SoupServerMessage *msg, const char *path, GHashTable *query);
void
ts_media_host_handle (TsServer *self, SoupServerMessage *msg, const char *path, GHashTable *query);

/* OAuth state, and what a token may do: 0 invalid, 1 creator, 2 agency. */
TsOAuth *ts_oauth_new (void);
void ts_oauth_free (TsOAuth *self);
int ts_oauth_token_scope (TsServer *self, const char *token);
/* Every access token issued so far has expired (answers 401). */
void ts_oauth_expire_tokens (TsServer *self);

void ts_server_listen (TsServer *self, guint api_port, guint media_port, GError **error);

G_END_DECLS
