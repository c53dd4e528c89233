/* trove-download.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* sync_file_range */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gfiledescriptorbased.h>
#include <gio/gunixoutputstream.h>
#include <gnutls/crypto.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "trove-delay.h"
#include "trove-download.h"
#include "trove-error.h"
#include "trove-filename-template.h"
#include "trove-url.h"

/* Large reads and writes keep up with curl (DESIGN.md section 8); splice does not. */
#define CHUNK_BYTES (256 * 1024)
#define WRITEBACK_BYTES (1024 * 1024)
#define MAX_ATTEMPTS 8
#define MAX_RESOLVES 3
#define MAX_RETRY_AFTER_SECONDS 600
#define DEFAULT_STALL_SECONDS 30
#define SPEED_WINDOW_US (G_USEC_PER_SEC / 2)
#define OWNER_SIDECAR_PREFIX ".trove-owner-"

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
  guint stall_id;
  gboolean stalled;
  gint64 speed_mark_us;
  gint64 speed_mark_bytes;

  gint64 requested;   /* the offset the attempt in flight asked for (0: no Range) */
  gboolean from_zero; /* the last answer was not the part asked for: next time, no Range */
  GTask *save_task;   /* flushing and renaming; not stopped by a cancel (the bytes are whole) */
};

G_DEFINE_FINAL_TYPE (TroveDownload, trove_download, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TroveDownloadState, trove_download_state, G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_QUEUED, "queued"), G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_RUNNING, "running"), G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_PAUSED, "paused"), G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_WAITING_FOR_RATE_LIMIT, "waiting-for-rate-limit"), G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_DONE, "done"), G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_FAILED, "failed"), G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_CANCELLED, "cancelled"))

enum
{
  PROP_0,
  PROP_STATE,
  PROP_BYTES_DONE,
  PROP_BYTES_TOTAL,
  PROP_SPEED,
  PROP_ERROR,
  PROP_DESTINATION,
  PROP_SAVING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void attempt (TroveDownload *self);

static void
set_state (TroveDownload *self,
           TroveDownloadState state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_bytes (TroveDownload *self,
           gint64 done,
           gint64 total)
{
  gint64 now = g_get_monotonic_time ();

  if (self->bytes_done != done)
    {
      self->bytes_done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_DONE]);
    }
  if (self->bytes_total != total)
    {
      self->bytes_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_TOTAL]);
    }

  /* A smoothed rate, refreshed twice a second. */
  if (now - self->speed_mark_us >= SPEED_WINDOW_US)
    {
      double instant = self->speed_mark_us ? (done - self->speed_mark_bytes) * (double) G_USEC_PER_SEC / (now - self->speed_mark_us) : 0;

      self->speed = self->speed > 0 ? 0.7 * self->speed + 0.3 * MAX (instant, 0) : MAX (instant, 0);
      self->speed_mark_us = now;
      self->speed_mark_bytes = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
    }
}

static void
drop_hash (TroveDownload *self)
{
  if (self->hash != NULL)
    gnutls_hash_deinit (self->hash, NULL);
  self->hash = NULL;
}

static void
set_saving (TroveDownload *self,
            gboolean saving)
{
  if (self->saving == saving)
    return;
  self->saving = saving;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
}

static void
release_buffers (TroveDownload *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->buffers); i++)
    g_clear_pointer (&self->buffers[i], g_rc_box_release);
  self->writing = FALSE;
  self->held = 0;
  self->ended = FALSE;
}

static void
stop_attempt (TroveDownload *self)
{
  g_clear_handle_id (&self->stall_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->input != NULL)
    g_input_stream_close (self->input, NULL, NULL);
  g_clear_object (&self->input);
  /* A write still running in a worker thread owns the stream until it lands; the stream
   * closes when its last reference goes. */
  if (self->output != NULL && self->writes_running == 0)
    g_output_stream_close (self->output, NULL, NULL);
  g_clear_object (&self->output);
  self->attempt_waits = FALSE;
  /* Kept by no finished, paused or waiting job (a queue keeps thousands of finished ones);
   * a read or write still running holds its own reference. */
  release_buffers (self);
  set_saving (self, FALSE);
}

/* A read or a write in flight, and the buffer it reads into or writes from. */
typedef struct
{
  TroveDownload *self;
  guint8 *buffer;
} Io;

static Io *
io_new (TroveDownload *self,
        guint8 *buffer)
{
  Io *io = g_new (Io, 1);

  io->self = g_object_ref (self);
  io->buffer = g_rc_box_acquire (buffer);
  return io;
}

static void
io_free (Io *io)
{
  g_object_unref (io->self);
  g_rc_box_release (io->buffer);
  g_free (io);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Io, io_free)

static void
finish_failed (TroveDownload *self,
               GError *error)
{
  stop_attempt (self);
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  set_state (self, TROVE_DOWNLOAD_FAILED);
}

static gboolean
is_retryable (const GError *error)
{
  return g_error_matches (error, TROVE_ERROR, TROVE_ERROR_RATE_LIMITED) ||
         g_error_matches (error, TROVE_ERROR, TROVE_ERROR_SERVER) ||
         g_error_matches (error, TROVE_ERROR, TROVE_ERROR_NETWORK) ||
         g_error_matches (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL) ||
         error->domain == G_IO_ERROR;
}

static void
retry_delay_cb (GObject *object,
                GAsyncResult *result,
                gpointer user_data)
{
  g_autoptr (TroveDownload) self = user_data;

  if (!trove_delay_finish (result, NULL))
    return;

  set_state (self, TROVE_DOWNLOAD_RUNNING);
  attempt (self);
}

/* Waits (Retry-After when the service said, backoff otherwise) and tries again from the
 * bytes already on disk, or gives up after MAX_ATTEMPTS. */
static void
retry_later (TroveDownload *self,
             GError *error,
             SoupMessage *message)
{
  const char *retry_after = message ? soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After") : NULL;
  guint ms = trove_delay_backoff_ms (self->backoff_base_ms, self->attempts);
  gint64 seconds = retry_after ? g_ascii_strtoll (retry_after, NULL, 10) : 0;

  if (++self->attempts >= MAX_ATTEMPTS || seconds > MAX_RETRY_AFTER_SECONDS)
    {
      finish_failed (self, error);
      return;
    }

  g_debug ("%s: retrying after: %s", trove_media_get_id (self->media), error->message);
  g_error_free (error);
  stop_attempt (self);

  if (seconds > 0)
    ms = MAX (ms, (guint) seconds * 1000);
  if (message && soup_message_get_status (message) == 429)
    set_state (self, TROVE_DOWNLOAD_WAITING_FOR_RATE_LIMIT);

  self->cancellable = g_cancellable_new ();
  trove_delay_async (ms, self->cancellable, retry_delay_cb, g_object_ref (self));
}

static gboolean
stalled_cb (gpointer user_data)
{
  TroveDownload *self = user_data;

  /* Nothing arrived for too long: give up this connection; the retry resumes. */
  self->stall_id = 0;
  self->stalled = TRUE;
  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_REMOVE;
}

static void
watch_for_stall (TroveDownload *self)
{
  g_clear_handle_id (&self->stall_id, g_source_remove);
  self->stall_id = g_timeout_add_seconds (self->stall_seconds, stalled_cb, self);
}

/* A cancelled read is a stall when the stall timer did it: retried, not stopped. */
static gboolean
handle_io_error (TroveDownload *self,
                 GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->stalled)
    {
      g_error_free (error);
      return TRUE;
    }

  if (self->stalled)
    {
      g_clear_error (&error);
      error = g_error_new (TROVE_ERROR, TROVE_ERROR_NETWORK, g_dngettext (GETTEXT_PACKAGE, "The download stalled for %u second.", "The download stalled for %u seconds.", self->stall_seconds), self->stall_seconds);
      self->stalled = FALSE;
    }

  retry_later (self, error, NULL);
  return TRUE;
}

typedef struct
{
  char *sha256;
  GFile *final;
  GError *error;
} Finished;

static void finalize_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable);

static void
finalized_cb (GObject *object,
              GAsyncResult *result,
              gpointer user_data)
{
  TroveDownload *self = TROVE_DOWNLOAD (object);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  GFile *final = g_task_propagate_pointer (G_TASK (result), &error);

  if (G_TASK (result) != self->save_task)
    {
      g_clear_object (&final);
      return;
    }
  self->save_task = NULL;

  if (final == NULL)
    {
      /* Cancelled meanwhile: the .part stays for a later try. */
      if (self->state == TROVE_DOWNLOAD_CANCELLED)
        {
          stop_attempt (self);
          return;
        }
      finish_failed (self, g_steal_pointer (&error));
      return;
    }

  g_set_object (&self->destination, final);
  g_object_unref (final);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESTINATION]);

  if (self->archive != NULL)
    {
      const char *sha256 = g_object_get_data (G_OBJECT (result), "sha256");

      path = g_file_get_path (self->destination);
      if (!trove_download_archive_record (self->archive, self->account_id, trove_media_get_id (self->media),
                                          path, self->bytes_done, sha256 ? sha256 : "", &error))
        g_warning ("%s", error->message);
    }

  stop_attempt (self);
  set_state (self, TROVE_DOWNLOAD_DONE);
}

/* Flush, rename, dates and attributes touch the disk: a worker thread does them, while the
 * connection's place goes to the next job. Once started it runs to its end, cancelled or
 * not: the bytes are whole, and a file renamed but not recorded would be fetched again. */
static void
save (TroveDownload *self)
{
  g_autoptr (GTask) task = NULL;

  set_saving (self, TRUE);
  task = g_task_new (self, NULL, finalized_cb, NULL);
  g_task_set_source_tag (task, save);
  self->save_task = task;
  g_task_run_in_thread (task, finalize_thread);
}

static void
close_cb (GObject *object,
          GAsyncResult *result,
          gpointer user_data)
{
  g_autoptr (TroveDownload) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error) || G_OUTPUT_STREAM (object) != self->output)
    {
      if (G_OUTPUT_STREAM (object) != self->output)
        return;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish_failed (self, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&self->output);
  save (self);
}

static void read_next (TroveDownload *self);
static void write_and_read_on (TroveDownload *self, gsize length);
static void end_of_body (TroveDownload *self);

/* Starts writing what has arrived to the disk now, without waiting for it, so that the
 * fdatasync before the rename has little left to do. */
static void
start_writeback (TroveDownload *self)
{
  int fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (self->output));

  if (self->bytes_done - self->written_back < WRITEBACK_BYTES)
    return;
  sync_file_range (fd, self->written_back, self->bytes_done - self->written_back, SYNC_FILE_RANGE_WRITE);
  self->written_back = self->bytes_done;
}

/* A chunk on its way to the disk: written and hashed in a worker thread, so that the main
 * thread only moves bytes off the sockets (hashing there capped the queue at about 60% of
 * curl's throughput). */
typedef struct
{
  GOutputStream *output;
  guint8 *buffer; /* a reference to the attempt's buffer */
  gsize length;
  gnutls_hash_hd_t hash; /* lent by the download while the chunk is written, or NULL */
} Chunk;

static void
chunk_free (Chunk *chunk)
{
  /* Lent by an attempt that stopped meanwhile: nobody takes it back. */
  if (chunk->hash != NULL)
    gnutls_hash_deinit (chunk->hash, NULL);
  g_object_unref (chunk->output);
  g_rc_box_release (chunk->buffer);
  g_free (chunk);
}

static void
write_chunk_thread (GTask *task,
                    gpointer source,
                    gpointer task_data,
                    GCancellable *cancellable)
{
  Chunk *chunk = task_data;
  GError *error = NULL;

  if (!g_output_stream_write_all (chunk->output, chunk->buffer, chunk->length, NULL, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (chunk->hash != NULL)
    gnutls_hash (chunk->hash, chunk->buffer, chunk->length);
  g_task_return_boolean (task, TRUE);
}

static void
written_cb (GObject *object,
            GAsyncResult *result,
            gpointer user_data)
{
  TroveDownload *self = TROVE_DOWNLOAD (object);
  Chunk *chunk = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  self->writes_running--;

  /* A write of an attempt that was stopped meanwhile (pause, retry): the next may start. */
  if (chunk->output != self->output)
    {
      if (self->writes_running == 0 && self->attempt_waits)
        attempt (self);
      return;
    }

  self->hash = g_steal_pointer (&chunk->hash);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* A full disk or a read-only folder: retrying will not help. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The disk's own error and code, for callers to tell a full disk from a bad request. */
      finish_failed (self, g_error_new (error->domain, error->code, _ ("Could not write the file: %s"), error->message));
      return;
    }

  self->writing = FALSE;
  set_bytes (self, self->bytes_done + chunk->length, self->bytes_total);
  start_writeback (self);

  if (self->held > 0)
    {
      gsize held = self->held;

      self->held = 0;
      write_and_read_on (self, held);
    }
  else if (self->ended)
    end_of_body (self);
  /* Otherwise the read in flight starts the next write. */
}

static void
write_chunk (TroveDownload *self,
             guint8 *buffer,
             gsize length)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, written_cb, NULL);
  Chunk *chunk = g_new0 (Chunk, 1);

  self->writing = TRUE;
  self->writes_running++;

  chunk->output = g_object_ref (self->output);
  chunk->buffer = g_rc_box_acquire (buffer);
  chunk->length = length;
  chunk->hash = g_steal_pointer (&self->hash);
  g_task_set_source_tag (task, write_chunk);
  g_task_set_task_data (task, chunk, (GDestroyNotify) chunk_free);
  g_task_run_in_thread (task, write_chunk_thread);
}

static void
read_cb (GObject *object,
         GAsyncResult *result,
         gpointer user_data)
{
  g_autoptr (Io) io = user_data;
  TroveDownload *self = io->self;
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  /* A read of an attempt that was stopped meanwhile. */
  if (G_INPUT_STREAM (object) != self->input)
    {
      g_clear_error (&error);
      return;
    }

  if (n < 0)
    {
      handle_io_error (self, error);
      return;
    }

  watch_for_stall (self);

  if (n == 0)
    {
      g_clear_handle_id (&self->stall_id, g_source_remove);
      if (self->writing)
        self->ended = TRUE;
      else
        end_of_body (self);
      return;
    }

  if (self->writing)
    self->held = n;
  else
    write_and_read_on (self, n);
}

static void
read_next (TroveDownload *self)
{
  guint8 *buffer = self->buffers[self->reading];

  g_input_stream_read_async (self->input, buffer, CHUNK_BYTES, G_PRIORITY_DEFAULT, self->cancellable,
                             read_cb, io_new (self, buffer));
}

/* The @length bytes just read go to the disk (and the checksum) while the other buffer takes
 * the next ones. */
static void
write_and_read_on (TroveDownload *self,
                   gsize length)
{
  write_chunk (self, self->buffers[self->reading], length);
  self->reading ^= 1;
  read_next (self);
}

/* Every byte of the body is on its way to the disk or there. */
static void
end_of_body (TroveDownload *self)
{
  /* A short body is a cut connection, not a file. */
  if (self->bytes_total >= 0 && self->bytes_done != self->bytes_total)
    {
      g_autofree char *done = g_format_size_full (self->bytes_done, G_FORMAT_SIZE_LONG_FORMAT);
      g_autofree char *total = g_format_size_full (self->bytes_total, G_FORMAT_SIZE_LONG_FORMAT);

      retry_later (self, g_error_new (TROVE_ERROR, TROVE_ERROR_NETWORK, _ ("The connection closed after %s of %s."), done, total),
                   NULL);
      return;
    }

  g_output_stream_close_async (self->output, G_PRIORITY_DEFAULT, self->cancellable, close_cb, g_object_ref (self));
}

/* Whether the item's own name says it is a web page. */
static gboolean
named_as_page (TroveMedia *media)
{
  const char *name = trove_media_get_name (media);
  const char *dot = name ? strrchr (name, '.') : NULL;

  return dot != NULL && (g_ascii_strcasecmp (dot, ".html") == 0 || g_ascii_strcasecmp (dot, ".htm") == 0 ||
                         g_ascii_strcasecmp (dot, ".xhtml") == 0);
}

/* The body's type must not contradict the item: an HTML or JSON error page saved as .mp4
 * is what other tools keep as a "download". A document may be any file, text or JSON
 * included, but a web page served for one not named as a page is an error page too (a
 * CDN's or a proxy's, with status 200). */
static gboolean
content_type_fits (TroveDownload *self,
                   SoupMessage *message)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  gboolean page = type != NULL && (g_str_has_prefix (type, "text/html") || g_str_has_prefix (type, "application/xhtml+xml"));

  if (type == NULL)
    return TRUE;

  if (trove_media_get_kind (self->media) == TROVE_MEDIA_KIND_DOCUMENT)
    return !page || named_as_page (self->media);

  return !page && !g_str_has_prefix (type, "application/json") && !g_str_has_prefix (type, "text/plain");
}

static void
resolved_cb (GObject *object,
             GAsyncResult *result,
             gpointer user_data)
{
  g_autoptr (TroveDownload) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveMedia) fresh = trove_provider_resolve_media_finish (TROVE_PROVIDER (object), result, &error);

  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  if (fresh == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Walking the chat again met a 429, a 5xx, a cut or a malformed page: a transient
       * failure like any other, retried (the link stays stale, so the retry resolves). */
      if (is_retryable (error))
        retry_later (self, g_steal_pointer (&error), NULL);
      else
        finish_failed (self, g_steal_pointer (&error));
      return;
    }

  self->resolves++;
  self->stale_link = FALSE;
  g_set_object (&self->media, fresh);
  attempt (self);
}

gboolean
trove_download_parse_content_range (const char *header,
                                    gint64 *start,
                                    gint64 *end,
                                    gint64 *total)
{
  guint64 first, last, size = 0;
  const char *p;
  char *after;

  if (header == NULL || g_ascii_strncasecmp (header, "bytes ", strlen ("bytes ")) != 0)
    return FALSE;
  p = header + strlen ("bytes ");
  while (*p == ' ')
    p++;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  errno = 0;
  first = g_ascii_strtoull (p, &after, 10);
  if (*after != '-' || !g_ascii_isdigit (after[1]) || errno == ERANGE)
    return FALSE;
  errno = 0;
  last = g_ascii_strtoull (after + 1, &after, 10);
  if (*after != '/' || errno == ERANGE)
    return FALSE;
  p = after + 1;
  if (g_str_equal (p, "*"))
    size = 0;
  else
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      errno = 0;
      size = g_ascii_strtoull (p, &after, 10);
      if (*after != '\0' || errno == ERANGE || size == 0 || last >= size)
        return FALSE;
    }
  if (first > last || last > G_MAXINT64 || size > G_MAXINT64)
    return FALSE;

  *start = first;
  *end = last;
  *total = g_str_equal (p, "*") ? -1 : (gint64) size;
  return TRUE;
}

TroveDownloadAnswer
trove_download_check_answer (guint status,
                             const char *content_range,
                             gint64 content_length,
                             gint64 requested,
                             gint64 known_total,
                             gint64 *total)
{
  gint64 start, end, size;

  *total = -1;

  /* The whole file: what a server that ignores Range sends, and the answer to no Range. */
  if (status != SOUP_STATUS_PARTIAL_CONTENT)
    {
      *total = content_length;
      return TROVE_DOWNLOAD_ANSWER_WHOLE;
    }

  /* A part must say which, and be the rest of the file from where it was asked for: the
   * offset sent, never a second measurement of the .part. */
  if (!trove_download_parse_content_range (content_range, &start, &end, &size) || size < 0 ||
      start != requested || end != size - 1 || (content_length >= 0 && content_length != end - start + 1) ||
      (known_total >= 0 && size != known_total))
    return TROVE_DOWNLOAD_ANSWER_REFUSED;

  *total = size;
  return requested == 0 ? TROVE_DOWNLOAD_ANSWER_WHOLE : TROVE_DOWNLOAD_ANSWER_APPEND;
}

gboolean
trove_download_link_is_secure (const char *api_base_url,
                               GUri *link)
{
  g_autoptr (GUri) api = api_base_url ? g_uri_parse (api_base_url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme = g_uri_get_scheme (link);

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") != 0)
    return FALSE;
  if (g_uri_get_host (link) != NULL && trove_url_host_is_loopback (g_uri_get_host (link)))
    return TRUE;
  /* An API that is not on https itself is a loopback test server. */
  return api != NULL && g_ascii_strcasecmp (g_uri_get_scheme (api), "https") != 0;
}

static GError *
insecure_link_error (GUri *link)
{
  return g_error_new (TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                      _ ("The file’s link uses http:// (%s) where https:// was expected: insecure link refused."),
                      g_uri_get_host (link) ? g_uri_get_host (link) : "");
}

char *
trove_download_owner_key (const char *account_id,
                          const char *media_id)
{
  return g_strdup_printf ("%s/%s", account_id ? account_id : "", media_id);
}

/* Where a file system keeps no extended attributes (FAT, exFAT, some network shares), a
 * hidden file beside the .part records its owner; its name has a fixed length. */
static char *
owner_sidecar (const char *part_path)
{
  g_autofree char *dir = g_path_get_dirname (part_path);
  g_autofree char *base = g_path_get_basename (part_path);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, base, -1);
  g_autofree char *name = g_strconcat (OWNER_SIDECAR_PREFIX, digest, NULL);

  return g_build_filename (dir, name, NULL);
}

static gboolean
no_xattrs (int error_code)
{
  /* EOPNOTSUPP is the same on Linux. */
  return error_code == ENOTSUP;
}

char *
trove_download_part_owner (const char *part_path)
{
  char value[512];
  GStatBuf buf;
  ssize_t n;
  char *contents = NULL;

  /* Only a regular file can be a .part: never a link to somewhere else. */
  if (g_lstat (part_path, &buf) != 0 || !S_ISREG (buf.st_mode))
    return NULL;

  n = lgetxattr (part_path, TROVE_DOWNLOAD_OWNER_XATTR, value, sizeof value);
  if (n >= 0)
    return g_strndup (value, n);
  if (no_xattrs (errno))
    {
      g_autofree char *sidecar = owner_sidecar (part_path);

      if (g_file_get_contents (sidecar, &contents, NULL, NULL))
        return contents;
    }
  return NULL;
}

static void
forget_owner (const char *part_path)
{
  g_autofree char *sidecar = owner_sidecar (part_path);

  g_unlink (sidecar);
}

/* Records on the open .part (never through a link) which item it holds. */
static void
claim_part (TroveDownload *self,
            int fd)
{
  g_autofree char *key = trove_download_owner_key (self->account_id, trove_media_get_id (self->media));

  if (fsetxattr (fd, TROVE_DOWNLOAD_OWNER_XATTR, key, strlen (key), 0) != 0 && no_xattrs (errno))
    {
      g_autofree char *part_path = g_file_get_path (self->part);
      g_autofree char *sidecar = owner_sidecar (part_path);

      g_file_set_contents_full (sidecar, key, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL);
    }
}

/* The .part for writing, never through a symbolic link; from its end, or emptied. */
static GOutputStream *
open_part (TroveDownload *self,
           gboolean append,
           GError **error)
{
  g_autofree char *path = g_file_get_path (self->part);
  struct stat buf;
  int fd;

  fd = open (path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &buf) != 0 || !S_ISREG (buf.st_mode))
    {
      close (fd);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _ ("The partial file is not a regular file."));
      return NULL;
    }
  claim_part (self, fd);
  return g_unix_output_stream_new (fd, TRUE);
}

/* The bytes of this item already in the .part: none when it holds another item's. */
static gint64
own_part_size (TroveDownload *self)
{
  g_autofree char *path = g_file_get_path (self->part);
  g_autofree char *owner = trove_download_part_owner (path);
  g_autofree char *key = trove_download_owner_key (self->account_id, trove_media_get_id (self->media));
  GStatBuf buf;

  if (owner == NULL || !g_str_equal (owner, key) || g_lstat (path, &buf) != 0)
    return 0;
  return buf.st_size;
}

/* The file's size from the Content-Range of a 416 ("bytes * /SIZE"), or -1. */
static gint64
unsatisfied_total (const char *header)
{
  guint64 size;

  if (header == NULL || !g_str_has_prefix (header, "bytes */") ||
      !g_ascii_string_to_unsigned (header + strlen ("bytes */"), 10, 1, G_MAXINT64, &size, NULL))
    return -1;
  return size;
}

static void
opened_cb (GObject *object,
           GAsyncResult *result,
           gpointer user_data)
{
  g_autoptr (TroveDownload) self = user_data;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOutputStream) output = NULL;
  SoupMessageHeaders *headers;
  TroveDownloadAnswer answer;
  gint64 offset = 0, total = -1, length;

  g_autoptr (GInputStream) input = trove_provider_open_download_finish (TROVE_PROVIDER (object), result, &message, &error);

  /* An attempt that was stopped meanwhile. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  self->input = g_steal_pointer (&input);
  if (self->input == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* The signed link expired: ask the service for a fresh one and resume. */
      if (g_error_matches (error, TROVE_ERROR, TROVE_ERROR_EXPIRED_LINK) && self->resolves < MAX_RESOLVES)
        {
          self->stale_link = TRUE;
          trove_provider_resolve_media_async (self->provider, self->media, self->cancellable, resolved_cb, g_object_ref (self));
          return;
        }

      /* Asked for bytes past the end: the .part is whole (a stop came before its rename) when
       * the server says the file is as long; otherwise stale, start over. */
      if (message != NULL && soup_message_get_status (message) == SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE)
        {
          if (self->requested > 0 &&
              unsatisfied_total (soup_message_headers_get_one (soup_message_get_response_headers (message), "Content-Range")) == self->requested)
            {
              set_state (self, TROVE_DOWNLOAD_RUNNING);
              drop_hash (self);
              set_bytes (self, self->requested, self->requested);
              save (self);
              return;
            }
          self->from_zero = TRUE;
          retry_later (self, g_steal_pointer (&error), NULL);
          return;
        }

      if (is_retryable (error))
        retry_later (self, g_steal_pointer (&error), message);
      else
        finish_failed (self, g_steal_pointer (&error));
      return;
    }

  /* Redirected from https to http on the way. */
  if (!trove_download_link_is_secure (trove_provider_get_api_base_url (self->provider), soup_message_get_uri (message)))
    {
      finish_failed (self, insecure_link_error (soup_message_get_uri (message)));
      return;
    }

  set_state (self, TROVE_DOWNLOAD_RUNNING);

  if (!content_type_fits (self, message))
    {
      retry_later (self, g_error_new (TROVE_ERROR, TROVE_ERROR_PROTOCOL, _ ("The server sent a web page instead of the file.")),
                   NULL);
      return;
    }

  headers = soup_message_get_response_headers (message);
  length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH ? soup_message_headers_get_content_length (headers) : -1;
  answer = trove_download_check_answer (soup_message_get_status (message), soup_message_headers_get_one (headers, "Content-Range"),
                                        length, self->requested, self->bytes_total, &total);

  /* Not the part asked for: its bytes would land in the wrong place. The whole file, next. */
  if (answer == TROVE_DOWNLOAD_ANSWER_REFUSED)
    {
      self->from_zero = TRUE;
      retry_later (self, g_error_new (TROVE_ERROR, TROVE_ERROR_PROTOCOL, _ ("The server sent another part of the file than the one asked for.")),
                   NULL);
      return;
    }

  if (answer == TROVE_DOWNLOAD_ANSWER_APPEND)
    offset = self->requested;
  self->from_zero = FALSE;
  output = open_part (self, answer == TROVE_DOWNLOAD_ANSWER_APPEND, &error);
  if (output == NULL)
    {
      /* The disk's own error and code, for callers to tell a full disk from a bad request. */
      finish_failed (self, g_error_new (error->domain, error->code, _ ("Could not write the file: %s"), error->message));
      return;
    }

  self->output = g_steal_pointer (&output);
  /* Buffers of its own for each attempt: a write of a stopped one may still read its own. */
  release_buffers (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->buffers); i++)
    self->buffers[i] = g_rc_box_alloc (CHUNK_BYTES);
  self->reading = 0;
  drop_hash (self);
  if (offset == 0)
    gnutls_hash_init (&self->hash, GNUTLS_DIG_SHA256);
  set_bytes (self, offset, total);
  self->written_back = offset;
  watch_for_stall (self);
  read_next (self);
}

static void
attempt (TroveDownload *self)
{
  g_autoptr (SoupMessage) probe = NULL;

  /* A write of a stopped attempt may still append to the .part: resume after it, not before. */
  self->attempt_waits = self->writes_running > 0;
  if (self->attempt_waits)
    return;

  /* Measured once: the answer is checked against what was asked for. */
  self->requested = self->from_zero ? 0 : own_part_size (self);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->stalled = FALSE;

  /* Taken up after a restart, the item knows its id but no (still valid) link yet; or its
   * link expired and an earlier try to get a fresh one failed. */
  if ((self->stale_link || trove_media_get_variant (self->media, TROVE_VARIANT_MAIN)->url == NULL) &&
      !trove_media_get_locked (self->media) && self->resolves < MAX_RESOLVES)
    {
      trove_provider_resolve_media_async (self->provider, self->media, self->cancellable, resolved_cb, g_object_ref (self));
      return;
    }

  /* Nothing goes out over http:// for an account whose API is on https://. */
  probe = trove_provider_build_download_message (self->provider, self->media, TROVE_VARIANT_MAIN, NULL);
  if (probe != NULL && !trove_download_link_is_secure (trove_provider_get_api_base_url (self->provider), soup_message_get_uri (probe)))
    {
      finish_failed (self, insecure_link_error (soup_message_get_uri (probe)));
      return;
    }

  trove_provider_open_download_async (self->provider, self->media, TROVE_VARIANT_MAIN, self->requested,
                                      G_PRIORITY_DEFAULT, self->cancellable, opened_cb, g_object_ref (self));
}

/* Gives @from the name @to unless something has it already (a file of another job, of the
 * GUI or of trove-cli): atomically where the file system can, else by a hard link. */
static gboolean
rename_no_replace (const char *from,
                   const char *to,
                   GError **error)
{
  int saved;

  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return TRUE;
  saved = errno;
  if (saved == EINVAL || saved == ENOSYS || saved == ENOTSUP)
    {
      GStatBuf buf;

      if (link (from, to) == 0)
        {
          g_unlink (from);
          return TRUE;
        }
      saved = errno;
      /* No hard links either (some network shares): look, then rename, as well as can be. */
      if (saved == EPERM || saved == ENOTSUP || saved == ENOSYS || saved == EMLINK)
        {
          if (g_lstat (to, &buf) == 0)
            saved = EEXIST;
          else if (rename (from, to) == 0)
            return TRUE;
          else
            saved = errno;
        }
    }

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Could not rename %s: %s"), from, g_strerror (saved));
  return FALSE;
}

static void
set_xattr (int fd,
           const char *name,
           const char *value)
{
  /* Where the file system has none, there is nothing to record them in. */
  fsetxattr (fd, name, value, strlen (value), 0);
}

/* In a worker thread: SHA-256, fsync, dates and provenance on the open .part (never through a
 * link), then a rename to a free name that never replaces a file. */
static void
finalize_thread (GTask *task,
                 gpointer source,
                 gpointer task_data,
                 GCancellable *cancellable)
{
  TroveDownload *self = source;
  g_autofree char *part_path = g_file_get_path (self->part);
  gnutls_hash_hd_t checksum = NULL;
  guint8 digest[32];
  char hex[sizeof digest * 2 + 1];
  g_autoptr (GFile) final = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *buffer = g_malloc (CHUNK_BYTES);
  g_autofree char *basename = g_file_get_basename (self->destination);
  g_autoptr (GFile) parent = g_file_get_parent (self->destination);
  int fd;
  gssize n;

  fd = open (part_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), _ ("Could not read back %s: %s"),
                               part_path, g_strerror (saved));
      return;
    }
  /* A resumed .part was not hashed from its start: read it back. */
  checksum = g_steal_pointer (&self->hash);
  if (checksum == NULL)
    {
      gnutls_hash_init (&checksum, GNUTLS_DIG_SHA256);
      while ((n = read (fd, buffer, CHUNK_BYTES)) > 0)
        gnutls_hash (checksum, buffer, n);
    }
  gnutls_hash_deinit (checksum, digest);
  for (gsize i = 0; i < sizeof digest; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", digest[i]);
  g_object_set_data_full (G_OBJECT (task), "sha256", g_strdup (hex), g_free);

  if (self->set_file_times && trove_media_get_sent_at (self->media) != NULL)
    {
      struct timespec times[2] = { { 0, UTIME_OMIT }, { g_date_time_to_unix (trove_media_get_sent_at (self->media)), 0 } };

      futimens (fd, times);
    }

  /* Where it came from, where the file system keeps extended attributes. The signed URL
   * expires and carries a signature: the origin recorded is the API the item belongs to. */
  if (self->write_provenance)
    {
      g_autofree char *origin = g_strdup_printf ("%s#media=%s", trove_provider_get_api_base_url (self->provider),
                                                 trove_media_get_id (self->media));

      set_xattr (fd, "user.xdg.origin.url", origin);
      set_xattr (fd, "user.trove.media-id", trove_media_get_id (self->media));
    }

  /* Data and size on disk before the file gets its final name; the rest of the metadata can wait. */
  fdatasync (fd);
  close (fd);

  /* Never over another file: "name (2).ext", "name (3).ext", ... */
  final = g_object_ref (self->destination);
  for (guint i = 2; !rename_no_replace (part_path, g_file_peek_path (final), &error); i++)
    {
      g_autofree char *other = NULL;

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) || i > TROVE_FILENAME_MAX_TAKEN)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_clear_error (&error);
      other = trove_filename_numbered (basename, i);
      g_clear_object (&final);
      final = g_file_get_child (parent, other);
    }
  forget_owner (part_path);

  g_task_return_pointer (task, g_steal_pointer (&final), g_object_unref);
}

void
trove_download_start (TroveDownload *self)
{
  g_autoptr (GFile) folder = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (TROVE_IS_DOWNLOAD (self));

  if (self->state != TROVE_DOWNLOAD_QUEUED && self->state != TROVE_DOWNLOAD_PAUSED)
    return;

  folder = g_file_get_parent (self->destination);
  if (!g_file_make_directory_with_parents (folder, NULL, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      finish_failed (self, g_error_new (error->domain, error->code, _ ("Could not create the folder: %s"), error->message));
      return;
    }

  g_clear_error (&self->error);
  self->attempts = 0;
  self->resolves = 0;
  set_state (self, TROVE_DOWNLOAD_RUNNING);
  attempt (self);
}

void
trove_download_pause (TroveDownload *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD (self));

  if (!trove_download_is_active (self) && self->state != TROVE_DOWNLOAD_QUEUED)
    return;

  stop_attempt (self);
  set_state (self, TROVE_DOWNLOAD_PAUSED);
}

void
trove_download_resume (TroveDownload *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD (self));

  if (self->state == TROVE_DOWNLOAD_PAUSED)
    set_state (self, TROVE_DOWNLOAD_QUEUED);
}

void
trove_download_cancel (TroveDownload *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD (self));

  if (trove_download_is_finished (self))
    return;

  /* Too late to stop: the whole file is being saved. It ends recorded (as done), so that a
   * next run finds it instead of fetching it again as "name (2)". */
  if (self->save_task != NULL)
    {
      set_state (self, TROVE_DOWNLOAD_CANCELLED);
      return;
    }

  /* The .part stays: a later download of the item resumes from it. */
  stop_attempt (self);
  set_state (self, TROVE_DOWNLOAD_CANCELLED);
}

void
trove_download_retry (TroveDownload *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD (self));

  if (self->state != TROVE_DOWNLOAD_FAILED && self->state != TROVE_DOWNLOAD_CANCELLED)
    return;

  g_clear_error (&self->error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  /* Cancelled while saving: the save goes on. */
  set_state (self, self->save_task != NULL ? TROVE_DOWNLOAD_RUNNING : TROVE_DOWNLOAD_QUEUED);
}

gboolean
trove_download_is_saving (TroveDownload *self)
{
  return self->save_task != NULL;
}

void
trove_download_set_destination (TroveDownload *self,
                                GFile *destination)
{
  g_autofree char *part_path = NULL;

  g_return_if_fail (TROVE_IS_DOWNLOAD (self));
  g_return_if_fail (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable));
  g_return_if_fail (self->save_task == NULL);

  if (g_file_equal (destination, self->destination))
    return;

  g_set_object (&self->destination, destination);
  part_path = g_strconcat (g_file_peek_path (destination), ".part", NULL);
  g_clear_object (&self->part);
  self->part = g_file_new_for_path (part_path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESTINATION]);
}

gboolean
trove_download_is_active (TroveDownload *self)
{
  return (self->state == TROVE_DOWNLOAD_RUNNING && !self->saving) || self->state == TROVE_DOWNLOAD_WAITING_FOR_RATE_LIMIT;
}

gboolean
trove_download_is_finished (TroveDownload *self)
{
  return self->state == TROVE_DOWNLOAD_DONE || self->state == TROVE_DOWNLOAD_FAILED ||
         self->state == TROVE_DOWNLOAD_CANCELLED;
}

TroveMedia *
trove_download_get_media (TroveDownload *self)
{
  return self->media;
}

const char *
trove_download_get_account_id (TroveDownload *self)
{
  return self->account_id;
}

TroveDownloadState
trove_download_get_state (TroveDownload *self)
{
  return self->state;
}

gint64
trove_download_get_bytes_done (TroveDownload *self)
{
  return self->bytes_done;
}

gint64
trove_download_get_bytes_total (TroveDownload *self)
{
  return self->bytes_total;
}

double
trove_download_get_speed (TroveDownload *self)
{
  return self->speed;
}

const GError *
trove_download_get_error (TroveDownload *self)
{
  return self->error;
}

GFile *
trove_download_get_destination (TroveDownload *self)
{
  return self->destination;
}

void
trove_download_set_file_times (TroveDownload *self,
                               gboolean set_file_times)
{
  self->set_file_times = set_file_times;
}

void
trove_download_set_provenance (TroveDownload *self,
                               gboolean write_provenance)
{
  self->write_provenance = write_provenance;
}

void
trove_download_set_stall_timeout (TroveDownload *self,
                                  guint seconds)
{
  self->stall_seconds = MAX (seconds, 1);
}

void
trove_download_set_backoff_base_ms (TroveDownload *self,
                                    guint base_ms)
{
  self->backoff_base_ms = base_ms;
}

static void
trove_download_dispose (GObject *object)
{
  TroveDownload *self = TROVE_DOWNLOAD (object);

  stop_attempt (self);

  G_OBJECT_CLASS (trove_download_parent_class)->dispose (object);
}

static void
trove_download_finalize (GObject *object)
{
  TroveDownload *self = TROVE_DOWNLOAD (object);

  g_clear_object (&self->provider);
  g_clear_object (&self->media);
  g_clear_object (&self->destination);
  g_clear_object (&self->part);
  g_clear_object (&self->archive);
  g_clear_pointer (&self->account_id, g_free);
  release_buffers (self);
  drop_hash (self);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (trove_download_parent_class)->finalize (object);
}

static void
trove_download_get_property (GObject *object,
                             guint prop_id,
                             GValue *value,
                             GParamSpec *pspec)
{
  TroveDownload *self = TROVE_DOWNLOAD (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_BYTES_DONE:
      g_value_set_int64 (value, self->bytes_done);
      break;

    case PROP_BYTES_TOTAL:
      g_value_set_int64 (value, self->bytes_total);
      break;

    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_SAVING:
      g_value_set_boolean (value, self->saving);
      break;

    case PROP_DESTINATION:
      g_value_set_object (value, self->destination);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_download_class_init (TroveDownloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = trove_download_dispose;
  object_class->finalize = trove_download_finalize;
  object_class->get_property = trove_download_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, TROVE_TYPE_DOWNLOAD_STATE, TROVE_DOWNLOAD_QUEUED, flags);
  properties[PROP_BYTES_DONE] = g_param_spec_int64 ("bytes-done", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_BYTES_TOTAL] = g_param_spec_int64 ("bytes-total", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);
  properties[PROP_DESTINATION] = g_param_spec_object ("destination", NULL, NULL, G_TYPE_FILE, flags);
  properties[PROP_SAVING] = g_param_spec_boolean ("saving", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_download_init (TroveDownload *self)
{
  self->bytes_total = -1;
  self->stall_seconds = DEFAULT_STALL_SECONDS;
  self->backoff_base_ms = 500;
  self->set_file_times = TRUE;
  self->write_provenance = TRUE;
}

TroveDownload *
trove_download_new (TroveProvider *provider,
                    const char *account_id,
                    TroveMedia *media,
                    GFile *destination,
                    TroveDownloadArchive *archive)
{
  TroveDownload *self;
  g_autofree char *path = NULL;
  g_autofree char *part_path = NULL;

  g_return_val_if_fail (TROVE_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (TROVE_IS_MEDIA (media), NULL);
  g_return_val_if_fail (G_IS_FILE (destination), NULL);

  self = g_object_new (TROVE_TYPE_DOWNLOAD, NULL);
  self->provider = g_object_ref (provider);
  self->account_id = g_strdup (account_id);
  self->media = g_object_ref (media);
  self->destination = g_object_ref (destination);
  self->archive = archive ? g_object_ref (archive) : NULL;

  path = g_file_get_path (destination);
  part_path = g_strconcat (path, ".part", NULL);
  self->part = g_file_new_for_path (part_path);

  return self;
}
