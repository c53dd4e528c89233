/* trove-account-walk-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-account-walk.h"
#include "trove-paged-list.h"

G_BEGIN_DECLS

/* What the walk's files share: the walk itself (trove-account-walk.c) and what a sync walk
 * decides (trove-account-walk-sync.c). */

/* The archive's walk scope of sync walks, full or not. */
#define SYNC_SCOPE "sync"

struct _TroveAccountWalk
{
  GObject parent_instance;

  TroveProvider *provider;
  char *account_id;
  TroveDownloadArchive *archive;
  TroveMediaKind kind;
  GDateTime *since;
  gboolean sync;
  gboolean full;
  guint max_in_flight;
  char *scope_name; /* set_scope(), or NULL */

  /* The walk running, or the last one. */
  GTask *task;
  char *scope;
  TrovePagedList *chats;
  guint next_chat;
  guint in_flight;
  guint unfinished; /* chats handed over and not finished yet */
  gboolean listing_done;
  gboolean ended;
  TroveAccountWalkCounts counts;
  GHashTable *cut_short; /* ids of chats whose listing was incomplete: never finished */
  /* A sync walk's */
  gint64 watermark;             /* the last complete sync's newest last message (0: list all) */
  gint64 new_watermark;         /* the newest last message seen now */
  guint chat_limit;             /* the chats from here on are no newer than the watermark */
  GHashTable *unfinished_chats; /* ids of chats with downloads the archive has pending */
  gboolean unsettled;           /* some chat failed or was cut short: the watermark stays */
};

typedef struct
{
  TroveAccountWalk *self;
  TroveChat *chat;
  gboolean stop_at_known;   /* sync: synced before, the newest items the archive has end it */
  gint64 synced_message_at; /* the chat's last message when it was last synced */
  guint known_at;           /* where the listing met an item the archive has (G_MAXUINT: no) */
} TroveAccountWalkListing;

gint64 trove_account_walk_last_message_at (TroveChat *chat);
gboolean trove_account_walk_sync_takes_chat (TroveAccountWalk *self,
                                             TroveChat *chat,
                                             TroveAccountWalkListing *listing);
gboolean
trove_account_walk_stop_at_known_cb (TrovePagedList *list, guint position, gpointer user_data);
guint trove_account_walk_find_watermark (TroveAccountWalk *self, guint position);
gboolean
trove_account_walk_stop_at_watermark_cb (TrovePagedList *list, guint position, gpointer user_data);
void trove_account_walk_find_unfinished_chats (TroveAccountWalk *self);

G_END_DECLS
