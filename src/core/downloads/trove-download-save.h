/* trove-download-save.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gnutls/crypto.h>

#include "trove-download-archive.h"

G_BEGIN_DECLS

/* The finishing step of a download whose bytes are all in its .part: SHA-256, date and
 * provenance on the file, fsync, a rename to a free name that never replaces a file, and the
 * archive's record. Everything it needs is copied in when it starts, so that the job may
 * change meanwhile (a cancel, a retry) without the worker thread seeing it. */
typedef struct _TroveDownloadSave TroveDownloadSave;

/* What to save: the .part of @destination, holding @size bytes of @media_id of @account_id. */
TroveDownloadSave *trove_download_save_new (GFile *destination,
                                            const char *account_id,
                                            const char *media_id,
                                            gint64 size);
void trove_download_save_free (TroveDownloadSave *save);

/* The SHA-256 of the bytes as they were written, when the .part was written from its start;
 * taken over. Without it the .part is read back. */
void trove_download_save_set_hash (TroveDownloadSave *save, gnutls_hash_hd_t hash);
/* The file's modification time; NULL: left as it is. */
void trove_download_save_set_date (TroveDownloadSave *save, GDateTime *sent_at);
/* Where the file came from, as extended attributes; NULL: none written. */
void trove_download_save_set_origin (TroveDownloadSave *save, const char *origin);
/* Where the finished file is recorded; NULL: nowhere. */
void trove_download_save_set_archive (TroveDownloadSave *save, TroveDownloadArchive *archive);

/* Runs @save (taken over) in a worker thread, to its end: it has no cancellable, since the
 * bytes are whole and a file renamed but not recorded would be fetched again. */
void trove_download_save_run_async (TroveDownloadSave *save,
                                    gpointer source_object,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
/* The file under its final name. */
GFile *trove_download_save_run_finish (GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TroveDownloadSave, trove_download_save_free)

G_END_DECLS
