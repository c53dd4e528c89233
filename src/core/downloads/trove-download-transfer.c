/* trove-download-transfer.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The transfer pipeline of a download: the request for the bytes not on disk yet, the checks
 * of the answer (status, Content-Range, type, scheme), and the loop that reads the body and
 * writes it to the .part while the next chunk arrives.
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
#include <sys/stat.h>
#include <unistd.h>

#include "trove-download-private.h"
#include "trove-error.h"
#include "trove-part-owner.h"
#include "trove-url.h"

/* Large reads and writes keep up with curl; splice does not. */
#define CHUNK_BYTES (256 * 1024)
#define WRITEBACK_BYTES (1024 * 1024)

void
_trove_download_drop_hash (TroveDownload *self)
{
  if (self->hash != NULL)
    gnutls_hash_deinit (self->hash, NULL);
  self->hash = NULL;
}

void
_trove_download_release_buffers (TroveDownload *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->buffers); i++)
    g_clear_pointer (&self->buffers[i], g_rc_box_release);
  self->writing = FALSE;
  self->held = 0;
  self->ended = FALSE;
}

/* A read or a write in flight, and the buffer it reads into or writes from. */
typedef struct
{
  TroveDownload *self;
  guint8 *buffer;
} Io;

static Io *
io_new (TroveDownload *self, guint8 *buffer)
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

/* A cancelled read is a stall when the stall timer did it: retried, not stopped. */
static gboolean
handle_io_error (TroveDownload *self, GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->stalled)
    {
      g_error_free (error);
      return TRUE;
    }

  if (self->stalled)
    {
      g_clear_error (&error);
      error =
          g_error_new (TROVE_ERROR, TROVE_ERROR_NETWORK,
                       g_dngettext (GETTEXT_PACKAGE, "The download stalled for %u second.",
                                    "The download stalled for %u seconds.", self->stall_seconds),
                       self->stall_seconds);
      self->stalled = FALSE;
    }

  _trove_download_retry_later (self, error, NULL);
  return TRUE;
}

static void read_next (TroveDownload *self);
static void write_and_read_on (TroveDownload *self, gsize length);
static void end_of_body (TroveDownload *self);

static void
close_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveDownload) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error) ||
      G_OUTPUT_STREAM (object) != self->output)
    {
      if (G_OUTPUT_STREAM (object) != self->output)
        return;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _trove_download_fail (self, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&self->output);
  _trove_download_save (self);
}

/* Starts writing what has arrived to the disk now, without waiting for it, so that the
 * fdatasync before the rename has little left to do. */
static void
start_writeback (TroveDownload *self)
{
  int fd = g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (self->output));

  if (self->bytes_done - self->written_back < WRITEBACK_BYTES)
    return;
  sync_file_range (fd, self->written_back, self->bytes_done - self->written_back,
                   SYNC_FILE_RANGE_WRITE);
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
write_chunk_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Chunk *chunk = task_data;
  GError *error = NULL;

  if (!g_output_stream_write_all (chunk->output, chunk->buffer, chunk->length, NULL, cancellable,
                                  &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (chunk->hash != NULL)
    gnutls_hash (chunk->hash, chunk->buffer, chunk->length);
  g_task_return_boolean (task, TRUE);
}

static void
written_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  TroveDownload *self = TROVE_DOWNLOAD (object);
  Chunk *chunk = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  self->writes_running--;

  /* A write of an attempt that was stopped meanwhile (pause, retry): the next may start. */
  if (chunk->output != self->output)
    {
      if (self->writes_running == 0 && self->attempt_waits)
        _trove_download_attempt (self);
      return;
    }

  self->hash = g_steal_pointer (&chunk->hash);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* A full disk or a read-only folder: retrying will not help. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The disk's own error and code, for callers to tell a full disk from a bad request. */
      _trove_download_fail (self, g_error_new (error->domain, error->code,
                                               _ ("Could not write the file: %s"), error->message));
      return;
    }

  self->writing = FALSE;
  _trove_download_set_bytes (self, self->bytes_done + chunk->length, self->bytes_total);
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
write_chunk (TroveDownload *self, guint8 *buffer, gsize length)
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
read_cb (GObject *object, GAsyncResult *result, gpointer user_data)
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

  _trove_download_watch_for_stall (self);

  if (n == 0)
    {
      _trove_download_stop_watching (self);
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

  g_input_stream_read_async (self->input, buffer, CHUNK_BYTES, G_PRIORITY_DEFAULT,
                             self->cancellable, read_cb, io_new (self, buffer));
}

/* The @length bytes just read go to the disk (and the checksum) while the other buffer takes
 * the next ones. */
static void
write_and_read_on (TroveDownload *self, gsize length)
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

      _trove_download_retry_later (self,
                                   g_error_new (TROVE_ERROR, TROVE_ERROR_NETWORK,
                                                _ ("The connection closed after %s of %s."), done,
                                                total),
                                   NULL);
      return;
    }

  g_output_stream_close_async (self->output, G_PRIORITY_DEFAULT, self->cancellable, close_cb,
                               g_object_ref (self));
}

/* Whether the item's own name says it is a web page. */
static gboolean
named_as_page (TroveMedia *media)
{
  const char *name = trove_media_get_name (media);
  const char *dot = name ? strrchr (name, '.') : NULL;

  return dot != NULL &&
         (g_ascii_strcasecmp (dot, ".html") == 0 || g_ascii_strcasecmp (dot, ".htm") == 0 ||
          g_ascii_strcasecmp (dot, ".xhtml") == 0);
}

/* The body's type must not contradict the item: an HTML or JSON error page saved as .mp4
 * is what other tools keep as a "download". A document may be any file, text or JSON
 * included, but a web page served for one not named as a page is an error page too (a
 * CDN's or a proxy's, with status 200). */
static gboolean
content_type_fits (TroveDownload *self, SoupMessage *message)
{
  const char *type =
      soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  gboolean page = type != NULL && (g_str_has_prefix (type, "text/html") ||
                                   g_str_has_prefix (type, "application/xhtml+xml"));

  if (type == NULL)
    return TRUE;

  if (trove_media_get_kind (self->media) == TROVE_MEDIA_KIND_DOCUMENT)
    return !page || named_as_page (self->media);

  return !page && !g_str_has_prefix (type, "application/json") &&
         !g_str_has_prefix (type, "text/plain");
}

gboolean
_trove_download_parse_content_range (const char *header, gint64 *start, gint64 *end, gint64 *total)
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
_trove_download_check_answer (guint status,
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
  if (!_trove_download_parse_content_range (content_range, &start, &end, &size) || size < 0 ||
      start != requested || end != size - 1 ||
      (content_length >= 0 && content_length != end - start + 1) ||
      (known_total >= 0 && size != known_total))
    return TROVE_DOWNLOAD_ANSWER_REFUSED;

  *total = size;
  return requested == 0 ? TROVE_DOWNLOAD_ANSWER_WHOLE : TROVE_DOWNLOAD_ANSWER_APPEND;
}

gboolean
_trove_download_link_is_secure (const char *api_base_url, GUri *link)
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

GError *
_trove_download_insecure_link_error (GUri *link)
{
  return g_error_new (TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                      _ ("The file’s link uses http:// (%s) where https:// was expected: insecure "
                         "link refused."),
                      g_uri_get_host (link) ? g_uri_get_host (link) : "");
}

/* The .part for writing, never through a symbolic link; from its end, or emptied. */
static GOutputStream *
open_part (TroveDownload *self, gboolean append, GError **error)
{
  g_autofree char *path = g_file_get_path (self->part);
  g_autofree char *key = NULL;
  struct stat buf;
  int fd;

  fd = open (path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (append ? O_APPEND : O_TRUNC),
             0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &buf) != 0 || !S_ISREG (buf.st_mode))
    {
      close (fd);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                           _ ("The partial file is not a regular file."));
      return NULL;
    }
  key = trove_download_owner_key (self->account_id, trove_media_get_id (self->media));
  trove_download_claim_part (fd, path, key);
  return g_unix_output_stream_new (fd, TRUE);
}

/* The bytes of this item already in the .part: none when it holds another item's. */
gint64
_trove_download_own_part_size (TroveDownload *self)
{
  g_autofree char *path = g_file_get_path (self->part);
  g_autofree char *owner = trove_download_part_owner (path);
  g_autofree char *key =
      trove_download_owner_key (self->account_id, trove_media_get_id (self->media));
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
opened_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveDownload) self = user_data;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GOutputStream) output = NULL;
  SoupMessageHeaders *headers;
  TroveDownloadAnswer answer;
  gint64 offset = 0, total = -1, length;

  g_autoptr (GInputStream) input = _trove_download_open_finish (self, result, &message, &error);

  /* An attempt that was stopped meanwhile. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  self->input = g_steal_pointer (&input);
  if (self->input == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (_trove_download_handle_refusal (self, &error, message))
        return;

      /* The signed link expired: ask the service for a fresh one and resume. */
      if (g_error_matches (error, TROVE_ERROR, TROVE_ERROR_EXPIRED_LINK) &&
          self->resolves < TROVE_DOWNLOAD_MAX_RESOLVES)
        {
          self->stale_link = TRUE;
          _trove_download_resolve (self);
          return;
        }

      /* Asked for bytes past the end: the .part is whole (a stop came before its rename) when
       * the server says the file is as long; otherwise stale, start over. */
      if (message != NULL &&
          soup_message_get_status (message) == SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE)
        {
          if (self->requested > 0 &&
              unsatisfied_total (
                  soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                "Content-Range")) == self->requested)
            {
              _trove_download_set_state (self, TROVE_DOWNLOAD_RUNNING);
              _trove_download_drop_hash (self);
              _trove_download_set_bytes (self, self->requested, self->requested);
              _trove_download_save (self);
              return;
            }
          self->from_zero = TRUE;
          _trove_download_retry_later (self, g_steal_pointer (&error), NULL);
          return;
        }

      if (_trove_download_is_retryable (error))
        _trove_download_retry_later (self, g_steal_pointer (&error), message);
      else
        _trove_download_fail (self, g_steal_pointer (&error));
      return;
    }

  /* Redirected from https to http on the way. */
  if (!_trove_download_link_is_secure (trove_provider_get_api_base_url (self->provider),
                                       soup_message_get_uri (message)))
    {
      _trove_download_fail (self,
                            _trove_download_insecure_link_error (soup_message_get_uri (message)));
      return;
    }

  _trove_download_set_state (self, TROVE_DOWNLOAD_RUNNING);

  if (!content_type_fits (self, message))
    {
      _trove_download_retry_later (self,
                                   g_error_new (TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                                                _ ("The server sent a web page instead of the "
                                                   "file.")),
                                   NULL);
      return;
    }

  headers = soup_message_get_response_headers (message);
  length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
               ? soup_message_headers_get_content_length (headers)
               : -1;
  answer = _trove_download_check_answer (soup_message_get_status (message),
                                         soup_message_headers_get_one (headers, "Content-Range"),
                                         length, self->requested, self->bytes_total, &total);

  /* Not the part asked for: its bytes would land in the wrong place. The whole file, next. */
  if (answer == TROVE_DOWNLOAD_ANSWER_REFUSED)
    {
      self->from_zero = TRUE;
      _trove_download_retry_later (self,
                                   g_error_new (TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                                                _ ("The server sent another part of the file than "
                                                   "the one asked for.")),
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
      _trove_download_fail (self, g_error_new (error->domain, error->code,
                                               _ ("Could not write the file: %s"), error->message));
      return;
    }

  self->output = g_steal_pointer (&output);
  /* Buffers of its own for each attempt: a write of a stopped one may still read its own. */
  _trove_download_release_buffers (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->buffers); i++)
    self->buffers[i] = g_rc_box_alloc (CHUNK_BYTES);
  self->reading = 0;
  _trove_download_drop_hash (self);
  if (offset == 0)
    gnutls_hash_init (&self->hash, GNUTLS_DIG_SHA256);
  _trove_download_set_bytes (self, offset, total);
  self->written_back = offset;
  _trove_download_watch_for_stall (self);
  read_next (self);
}

void
_trove_download_start_transfer (TroveDownload *self)
{
  _trove_download_open (self, opened_cb);
}
