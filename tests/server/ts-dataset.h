/* ts-dataset.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  TS_KIND_IMAGE,
  TS_KIND_VIDEO,
  TS_KIND_AUDIO,
  TS_KIND_DOCUMENT,
} TsKind;

typedef enum
{
  TS_SERVICE_FANVUE,
  TS_SERVICE_AGENCY,
  TS_SERVICE_ONLYFANSAPI,
} TsService;

typedef struct _TsChat TsChat;
typedef struct _TsAccount TsAccount;

typedef struct
{
  char *id;
  TsKind kind;
  char *name;
  gint64 sent_at; /* unix seconds */
  gboolean from_owner;
  gboolean locked;
  int width;
  int height;
  gint64 duration_ms;
  TsChat *chat;
  const char *message_id; /* owned by its TsMessage */
} TsMedia;

typedef struct
{
  char *id;
  gint64 sent_at;
  gboolean from_owner;
  GPtrArray *media; /* TsMedia, unowned */
} TsMessage;

struct _TsChat
{
  char *id; /* the fan's id */
  char *handle;
  char *name;
  guint unread;
  GPtrArray *media;    /* TsMedia, newest first */
  GPtrArray *messages; /* TsMessage, newest first */
  TsAccount *account;
};

struct _TsAccount
{
  TsService service;
  char *id;       /* creator uuid, or acct_... */
  char *owner_id; /* the account owner's user id */
  char *handle;
  char *name;
  gboolean authenticated;
  GPtrArray *chats; /* TsChat */
};

typedef struct
{
  guint seed;
  TsAccount *creator;
  GPtrArray *agency_creators; /* TsAccount */
  GPtrArray *onlyfans;        /* TsAccount */
  GHashTable *media_by_id;    /* id -> TsMedia */
  GHashTable *chats_by_id;    /* id -> TsChat */
  GRand *rand;
  guint next_number;
} TsDataset;

/* "demo" or "size=N"; NULL on a bad name. */
TsDataset *ts_dataset_new (const char *name, guint seed, GError **error);
void ts_dataset_free (TsDataset *self);

TsChat *ts_dataset_find_chat (TsDataset *self, TsAccount *account, const char *chat_id);
TsAccount *ts_dataset_find_agency_creator (TsDataset *self, const char *uuid);
TsAccount *ts_dataset_find_onlyfans (TsDataset *self, const char *id);

/* @count new media, the newest in @chat. */
void ts_dataset_add_media (TsDataset *self, TsChat *chat, guint count);

JsonNode *ts_dataset_describe (TsDataset *self);

const char *ts_kind_to_string (TsKind kind);

G_END_DECLS
