/* trove-download-archive-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "trove-download-archive.h"

G_BEGIN_DECLS

/* The statements every call would otherwise compile again (about as long as running them);
 * shared, like the connection, by the one thread that uses the archive. */
typedef enum
{
  STATEMENT_RECORD,
  STATEMENT_LOOKUP,
  STATEMENT_COUNT,
  STATEMENT_ADD_PENDING,
  STATEMENT_REMOVE_PENDING,
  STATEMENT_LIST_PENDING,
  STATEMENT_PENDING_DESTINATION,
  STATEMENT_ADD_PLACE,
  STATEMENT_LOOKUP_PLACE,
  STATEMENT_LOOKUP_IN_CHAT,
  STATEMENT_LIST_CHATS,
  STATEMENT_COUNT_CHATS,
  STATEMENT_LIST_OTHER_CHATS,
  STATEMENT_LIST_PLACES,
  STATEMENT_FIND_IN_PLACE,
  N_STATEMENTS
} Statement;

struct _TroveDownloadArchive
{
  GObject parent_instance;

  sqlite3 *db;
  sqlite3_stmt *statements[N_STATEMENTS];
};

/* Shared by the archive's files (downloads and pending, places, walks). */
gboolean
_trove_download_archive_fail (TroveDownloadArchive *self, const char *what, GError **error);
/* @which, compiled on first use and kept; NULL if SQLite refuses it. Give it back with
 * _trove_download_archive_statement_done() so that it holds no read snapshot or write lock
 * between calls. */
sqlite3_stmt *
_trove_download_archive_statement (TroveDownloadArchive *self, Statement which, const char *sql);
void _trove_download_archive_statement_done (sqlite3_stmt *statement);
/* A kept statement about one item, @sql's two parameters bound to it; NULL if SQLite refuses it. */
sqlite3_stmt *_trove_download_archive_prepare_for_item (TroveDownloadArchive *self,
                                                        Statement which,
                                                        const char *sql,
                                                        const char *account_id,
                                                        const char *media_id);
char *_trove_download_archive_column_text (sqlite3_stmt *statement, int column);
/* A pending job from a row of account, media, message, chat, kind, name, sent_at, destination
 * and, where the statement has it, chat_name. */
TroveDownloadPending *_trove_download_archive_read_pending (sqlite3_stmt *statement);
gboolean _trove_download_archive_create_places (TroveDownloadArchive *self);
gboolean _trove_download_archive_create_pending_links (TroveDownloadArchive *self);
gboolean _trove_download_archive_create_pending_batches (TroveDownloadArchive *self);
gboolean _trove_download_archive_create_walk_tables (TroveDownloadArchive *self, GError **error);

/* For tests: how many downloads of @account_id are recorded. */
guint _trove_download_archive_count (TroveDownloadArchive *self, const char *account_id);

G_END_DECLS
