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
typedef struct _TsContent TsContent;
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
  /* Whose bytes the media host serves (archive data set): the id itself, or another item's
   * id for the same bytes under another id. NULL: the older data sets' content by id. */
  char *content_key;
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
  gint64 last_text_at; /* a message without media, 0: none */
  gboolean gone;       /* listed, but its media answer 404 */
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
  /* The archive data set: ids of the mass-message media in every active chat (unowned),
   * and pairs of different ids with the same bytes (flat, unowned). NULL elsewhere. */
  GPtrArray *shared;
  GPtrArray *duplicates;
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
  gboolean archive; /* chat lists are ordered by their last message unless asked otherwise */
} TsDataset;

/* "demo", "size=N", "documents=N" or "archive[=CHATS,ITEMS,SHARED_PERCENT]"; NULL on a bad name. */
TsDataset *ts_dataset_new (const char *name, guint seed, GError **error);
void ts_dataset_free (TsDataset *self);

TsChat *ts_dataset_find_chat (TsDataset *self, TsAccount *account, const char *chat_id);
TsAccount *ts_dataset_find_agency_creator (TsDataset *self, const char *uuid);
TsAccount *ts_dataset_find_onlyfans (TsDataset *self, const char *id);

/* @count new media, the newest in @chat. */
void ts_dataset_add_media (TsDataset *self, TsChat *chat, guint count);

/* @content: for the archive set's sizes. */
JsonNode *ts_dataset_describe (TsDataset *self, TsContent *content);

/* When the chat last had a message, with or without media; 0: never. */
gint64 ts_chat_last_message_at (TsChat *chat);
/* Chats newest first (ties by id), for g_ptr_array_sort. */
int ts_chat_compare_recent (gconstpointer a, gconstpointer b);

/* What ts-archive.c builds on. */
TsChat *ts_dataset_new_chat (TsDataset *self, TsAccount *account, guint count);
TsMedia *ts_dataset_new_media (TsDataset *self, TsChat *chat, gint64 sent_at, gboolean from_owner);
char *ts_dataset_make_id (TsDataset *self, TsService service);
void ts_media_free (TsMedia *media);
void ts_message_free (TsMessage *message);

/* The archive data set (ts-archive.c): @chats chats per archived account, @items media in each
 * chat that has any, @shared_percent of them mass-message media common to every such chat. */
void ts_archive_fill (TsDataset *self, guint chats, guint items, guint shared_percent);
/* @chats chats of @account (not gone) get a new message of @count new media, newer than any
 * message of the account; with @shared the same media in each. Their ids go to @changed. */
void ts_archive_add_media (TsDataset *self,
                           TsAccount *account,
                           guint chats,
                           guint count,
                           gboolean shared,
                           GPtrArray *changed);
/* The archive member of an account's description (sizes from @content). */
JsonNode *ts_archive_describe (TsAccount *account, TsContent *content);

const char *ts_kind_to_string (TsKind kind);

G_END_DECLS
