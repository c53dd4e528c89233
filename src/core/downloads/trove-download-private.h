/* trove-download-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the job's state machine (trove-download.c) and its transfer pipeline
 * (trove-download-transfer.c), and by tests.
 */

#pragma once

#include <gnutls/crypto.h>

#include "trove-download.h"

G_BEGIN_DECLS

/* Fresh links asked for in one run. */
#define TROVE_DOWNLOAD_MAX_RESOLVES 3

struct _TroveDownload
{
  GObject parent_instance;

  TroveProvider *provider;
  char *account_id;
  TroveMedia *media;
  GFile *destination;
  GFile *part;
  TroveDownloadArchive *archive;

  TroveDownloadState state;
  gint64 bytes_done;
  gint64 written_back; /* up to where the disk was asked to write */
  gboolean saving;     /* all bytes in; flushing, hashing and renaming in a worker thread */
  gint64 bytes_total;
  double speed;
  GError *error;

  gboolean set_file_times;
  gboolean write_provenance;
  guint stall_seconds;
  guint backoff_base_ms;

  /* The attempt in flight */
  GCancellable *cancellable;
  GInputStream *input;
  GOutputStream *output;
  /* Two GRcBox buffers, so that the next chunk is read while the last one is written; each
   * read and write in flight holds its own too. */
  guint8 *buffers[2];
  guint reading;          /* the buffer the next read fills */
  gboolean writing;       /* a chunk is on its way to the disk */
  gsize held;             /* bytes read while it was, waiting for their turn */
  gboolean ended;         /* the body ended while a chunk was being written */
  guint writes_running;   /* of this attempt or of one stopped meanwhile */
  gboolean attempt_waits; /* for a stopped attempt's write to land before the .part is measured */
  gnutls_hash_hd_t hash;  /* of the bytes written, when the .part was started from zero */
  guint attempts;
  guint resolves;      /* fresh links obtained in this run */
  gboolean stale_link; /* the media host said the item's link expired */
  gboolean paid;       /* the file host refused the link: fetched through the paid endpoint */
  guint stall_id;
  gboolean stalled;
  gint64 speed_mark_us;
  gint64 speed_mark_bytes;

  gint64 requested;   /* the offset the attempt in flight asked for (0: no Range) */
  gboolean from_zero; /* the last answer was not the part asked for: next time, no Range */
  /* Flushing and renaming, with a copy of what it needs; not stopped by a cancel (the bytes
   * are whole). Which one of them, so that the answer of an older one is told apart. */
  gboolean save_running;
  guint save_serial;
  gboolean deduplicated; /* its place was filled by a link to (or copy of) a file already there */
};

/* The state machine (trove-download.c) */
void _trove_download_set_state (TroveDownload *self, TroveDownloadState state);
void _trove_download_set_bytes (TroveDownload *self, gint64 done, gint64 total);
void _trove_download_fail (TroveDownload *self, GError *error);
void _trove_download_retry_later (TroveDownload *self, GError *error, SoupMessage *message);
gboolean _trove_download_is_retryable (const GError *error);
void _trove_download_attempt (TroveDownload *self);
/* Asks the provider for a fresh link, then attempts again. */
void _trove_download_resolve (TroveDownload *self);
/* Every byte is in the .part: the finishing step. */
void _trove_download_save (TroveDownload *self);
void _trove_download_watch_for_stall (TroveDownload *self);
void _trove_download_stop_watching (TroveDownload *self);

/* The paid way round a refusing file host (trove-download-paid.c) */
/* Sends the request for the bytes from self->requested on, directly or (self->paid) through
 * the paid endpoint; @callback gets a reference to self as its data. */
void _trove_download_open (TroveDownload *self, GAsyncReadyCallback callback);
GInputStream *_trove_download_open_finish (TroveDownload *self,
                                           GAsyncResult *result,
                                           SoupMessage **out_message,
                                           GError **error);
/* Takes over a failed open when it is a refusal of the link or of a grant: switches to the
 * paid endpoint, fails as needing a paid download, or asks for a new grant or link. */
gboolean _trove_download_handle_refusal (TroveDownload *self, GError **error, SoupMessage *message);

/* The transfer pipeline (trove-download-transfer.c) */
/* Sends the request and streams the answer. */
void _trove_download_start_transfer (TroveDownload *self);
/* The bytes of this item already in the .part: none when it holds another item's. */
gint64 _trove_download_own_part_size (TroveDownload *self);
void _trove_download_release_buffers (TroveDownload *self);
void _trove_download_drop_hash (TroveDownload *self);
GError *_trove_download_insecure_link_error (GUri *link);

/* Places in other chats (trove-download-link.c): the job ends done, its file at @final, filled
 * from a file already there instead of a download. */
void _trove_download_finish_linked (TroveDownload *self, GFile *final);

/* For tests */
void _trove_download_set_stall_timeout (TroveDownload *self, guint seconds);

/* What an answer to a download request is, against the offset it asked for. */
typedef enum
{
  TROVE_DOWNLOAD_ANSWER_WHOLE,   /* the file from its first byte: the .part starts over */
  TROVE_DOWNLOAD_ANSWER_APPEND,  /* exactly the rest from the offset asked for */
  TROVE_DOWNLOAD_ANSWER_REFUSED, /* anything else: discarded, fetched again from zero */
} TroveDownloadAnswer;

/* Parses a Content-Range value "bytes START-END/TOTAL"; @total is -1 for "*". FALSE for
 * anything else (an unsatisfied "bytes * /TOTAL" included). */
gboolean
_trove_download_parse_content_range (const char *header, gint64 *start, gint64 *end, gint64 *total);

/* Checks an answer (@status, its Content-Range or NULL, its Content-Length or -1) to a request
 * for the bytes from @requested on (0: no Range was sent), when the file is known to be
 * @known_total bytes long (-1: not known). @total gets the file's size when the answer says. */
TroveDownloadAnswer _trove_download_check_answer (guint status,
                                                  const char *content_range,
                                                  gint64 content_length,
                                                  gint64 requested,
                                                  gint64 known_total,
                                                  gint64 *total);

/* Whether a file may be fetched from @link for an account whose API is at @api_base_url:
 * https, a loopback host, or an API that is itself not on https (loopback test servers). */
gboolean _trove_download_link_is_secure (const char *api_base_url, GUri *link);

G_END_DECLS
