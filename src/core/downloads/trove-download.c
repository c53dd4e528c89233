/* trove-download.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The job's state machine: start, pause, cancel, retries with backoff, fresh links, and the
 * finishing step once every byte is in. The transfer itself is in trove-download-transfer.c,
 * the finishing step in trove-download-save.c.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-delay.h"
#include "trove-download-private.h"
#include "trove-download-save.h"
#include "trove-error.h"

#define MAX_ATTEMPTS 8
#define MAX_RETRY_AFTER_SECONDS 600
#define DEFAULT_STALL_SECONDS 30
#define DEFAULT_BACKOFF_BASE_MS 500
#define SPEED_WINDOW_US (G_USEC_PER_SEC / 2)
/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

G_DEFINE_FINAL_TYPE (TroveDownload, trove_download, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TroveDownloadState,
                    trove_download_state,
                    G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_QUEUED, "queued"),
                    G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_PAUSED, "paused"),
                    G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_WAITING_FOR_RATE_LIMIT,
                                         "waiting-for-rate-limit"),
                    G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (TROVE_DOWNLOAD_CANCELLED, "cancelled"))

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

void
_trove_download_set_state (TroveDownload *self, TroveDownloadState state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_trove_download_set_bytes (TroveDownload *self, gint64 done, gint64 total)
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
      double instant = self->speed_mark_us
                           ? (done - self->speed_mark_bytes) * (double) G_USEC_PER_SEC /
                                 (now - self->speed_mark_us)
                           : 0;

      self->speed = self->speed > 0 ? 0.7 * self->speed + 0.3 * MAX (instant, 0) : MAX (instant, 0);
      self->speed_mark_us = now;
      self->speed_mark_bytes = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
    }
}

static void
set_saving (TroveDownload *self, gboolean saving)
{
  if (self->saving == saving)
    return;
  self->saving = saving;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
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
  _trove_download_release_buffers (self);
  set_saving (self, FALSE);
}

void
_trove_download_fail (TroveDownload *self, GError *error)
{
  stop_attempt (self);
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  _trove_download_set_state (self, TROVE_DOWNLOAD_FAILED);
}

gboolean
_trove_download_is_retryable (const GError *error)
{
  return g_error_matches (error, TROVE_ERROR, TROVE_ERROR_RATE_LIMITED) ||
         g_error_matches (error, TROVE_ERROR, TROVE_ERROR_SERVER) ||
         g_error_matches (error, TROVE_ERROR, TROVE_ERROR_NETWORK) ||
         g_error_matches (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL) || error->domain == G_IO_ERROR;
}

static void
retry_delay_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveDownload) self = user_data;

  if (!trove_delay_finish (result, NULL))
    return;

  _trove_download_set_state (self, TROVE_DOWNLOAD_RUNNING);
  _trove_download_attempt (self);
}

/* Waits (Retry-After when the service said, backoff otherwise) and tries again from the
 * bytes already on disk, or gives up after MAX_ATTEMPTS. */
void
_trove_download_retry_later (TroveDownload *self, GError *error, SoupMessage *message)
{
  const char *retry_after =
      message ? soup_message_headers_get_one (soup_message_get_response_headers (message),
                                              "Retry-After")
              : NULL;
  guint ms = trove_delay_backoff_ms (self->backoff_base_ms, self->attempts);
  gint64 seconds = retry_after ? g_ascii_strtoll (retry_after, NULL, 10) : 0;

  if (++self->attempts >= MAX_ATTEMPTS || seconds > MAX_RETRY_AFTER_SECONDS)
    {
      _trove_download_fail (self, error);
      return;
    }

  g_debug ("%s: retrying after: %s", trove_media_get_id (self->media), error->message);
  g_error_free (error);
  stop_attempt (self);

  if (seconds > 0)
    ms = MAX (ms, (guint) seconds * 1000);
  if (message && soup_message_get_status (message) == HTTP_TOO_MANY_REQUESTS)
    _trove_download_set_state (self, TROVE_DOWNLOAD_WAITING_FOR_RATE_LIMIT);

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

void
_trove_download_watch_for_stall (TroveDownload *self)
{
  g_clear_handle_id (&self->stall_id, g_source_remove);
  self->stall_id = g_timeout_add_seconds (self->stall_seconds, stalled_cb, self);
}

static void
resolved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveDownload) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveMedia) fresh =
      trove_provider_resolve_media_finish (TROVE_PROVIDER (object), result, &error);

  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  if (fresh == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Walking the chat again met a 429, a 5xx, a cut or a malformed page: a transient
       * failure like any other, retried (the link stays stale, so the retry resolves). */
      if (_trove_download_is_retryable (error))
        _trove_download_retry_later (self, g_steal_pointer (&error), NULL);
      else
        _trove_download_fail (self, g_steal_pointer (&error));
      return;
    }

  self->resolves++;
  self->stale_link = FALSE;
  g_set_object (&self->media, fresh);
  _trove_download_attempt (self);
}

void
_trove_download_resolve (TroveDownload *self)
{
  trove_provider_resolve_media_async (self->provider, self->media, self->cancellable, resolved_cb,
                                      g_object_ref (self));
}

void
_trove_download_stop_watching (TroveDownload *self)
{
  g_clear_handle_id (&self->stall_id, g_source_remove);
}

static void
saved_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  TroveDownload *self = TROVE_DOWNLOAD (object);
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) final = trove_download_save_run_finish (result, &error);

  /* The answer of a save that another one followed. */
  if (GPOINTER_TO_UINT (user_data) != self->save_serial)
    return;
  self->save_running = FALSE;

  if (final == NULL)
    {
      /* Cancelled meanwhile: the .part stays for a later try. */
      if (self->state == TROVE_DOWNLOAD_CANCELLED)
        {
          stop_attempt (self);
          return;
        }
      _trove_download_fail (self, g_steal_pointer (&error));
      return;
    }

  g_set_object (&self->destination, final);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESTINATION]);
  stop_attempt (self);
  _trove_download_set_state (self, TROVE_DOWNLOAD_DONE);
}

/* Flush, rename, dates and attributes touch the disk: a worker thread does them, while the
 * connection's place goes to the next job. It works on a copy of what it needs, since a cancel
 * and a retry may change the job meanwhile; once started it runs to its end, cancelled or
 * not: the bytes are whole, and a file renamed but not recorded would be fetched again. */
void
_trove_download_save (TroveDownload *self)
{
  TroveDownloadSave *save =
      trove_download_save_new (self->destination, self->account_id,
                               trove_media_get_id (self->media), self->bytes_done);

  trove_download_save_set_hash (save, g_steal_pointer (&self->hash));
  if (self->set_file_times)
    trove_download_save_set_date (save, trove_media_get_sent_at (self->media));
  /* The signed URL expires and carries a signature: the origin recorded is the API the item
   * belongs to. */
  if (self->write_provenance)
    {
      g_autofree char *origin =
          g_strdup_printf ("%s#media=%s", trove_provider_get_api_base_url (self->provider),
                           trove_media_get_id (self->media));

      trove_download_save_set_origin (save, origin);
    }
  trove_download_save_set_archive (save, self->archive);

  set_saving (self, TRUE);
  self->save_running = TRUE;
  trove_download_save_run_async (save, self, saved_cb, GUINT_TO_POINTER (++self->save_serial));
}

void
_trove_download_attempt (TroveDownload *self)
{
  g_autoptr (SoupMessage) probe = NULL;

  /* A write of a stopped attempt may still append to the .part: resume after it, not before. */
  self->attempt_waits = self->writes_running > 0;
  if (self->attempt_waits)
    return;

  /* Measured once: the answer is checked against what was asked for. */
  self->requested = self->from_zero ? 0 : _trove_download_own_part_size (self);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->stalled = FALSE;

  /* Taken up after a restart, the item knows its id but no (still valid) link yet; or its
   * link expired and an earlier try to get a fresh one failed. */
  if ((self->stale_link ||
       trove_media_get_variant (self->media, TROVE_VARIANT_MAIN)->url == NULL) &&
      !trove_media_get_locked (self->media) && self->resolves < TROVE_DOWNLOAD_MAX_RESOLVES)
    {
      _trove_download_resolve (self);
      return;
    }

  /* Nothing goes out over http:// for an account whose API is on https://. */
  probe =
      trove_provider_build_download_message (self->provider, self->media, TROVE_VARIANT_MAIN, NULL);
  if (probe != NULL &&
      !_trove_download_link_is_secure (trove_provider_get_api_base_url (self->provider),
                                       soup_message_get_uri (probe)))
    {
      _trove_download_fail (self,
                            _trove_download_insecure_link_error (soup_message_get_uri (probe)));
      return;
    }

  _trove_download_start_transfer (self);
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
  if (!g_file_make_directory_with_parents (folder, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      _trove_download_fail (self,
                            g_error_new (error->domain, error->code,
                                         _ ("Could not create the folder: %s"), error->message));
      return;
    }

  g_clear_error (&self->error);
  self->attempts = 0;
  self->resolves = 0;
  _trove_download_set_state (self, TROVE_DOWNLOAD_RUNNING);
  _trove_download_attempt (self);
}

void
trove_download_pause (TroveDownload *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD (self));

  if (!trove_download_is_active (self) && self->state != TROVE_DOWNLOAD_QUEUED)
    return;

  stop_attempt (self);
  _trove_download_set_state (self, TROVE_DOWNLOAD_PAUSED);
}

void
trove_download_resume (TroveDownload *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD (self));

  if (self->state == TROVE_DOWNLOAD_PAUSED)
    _trove_download_set_state (self, TROVE_DOWNLOAD_QUEUED);
}

void
trove_download_cancel (TroveDownload *self)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD (self));

  if (trove_download_is_finished (self))
    return;

  /* Too late to stop: the whole file is being saved. It ends recorded (as done), so that a
   * next run finds it instead of fetching it again as "name (2)". */
  if (self->save_running)
    {
      _trove_download_set_state (self, TROVE_DOWNLOAD_CANCELLED);
      return;
    }

  /* The .part stays: a later download of the item resumes from it. */
  stop_attempt (self);
  _trove_download_set_state (self, TROVE_DOWNLOAD_CANCELLED);
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
  _trove_download_set_state (self,
                             self->save_running ? TROVE_DOWNLOAD_RUNNING : TROVE_DOWNLOAD_QUEUED);
}

gboolean
trove_download_is_saving (TroveDownload *self)
{
  return self->save_running;
}

void
trove_download_set_destination (TroveDownload *self, GFile *destination)
{
  g_autofree char *part_path = NULL;

  g_return_if_fail (TROVE_IS_DOWNLOAD (self));
  g_return_if_fail (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable));
  g_return_if_fail (!self->save_running);

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
  return (self->state == TROVE_DOWNLOAD_RUNNING && !self->saving) ||
         self->state == TROVE_DOWNLOAD_WAITING_FOR_RATE_LIMIT;
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
trove_download_set_file_times (TroveDownload *self, gboolean set_file_times)
{
  self->set_file_times = set_file_times;
}

void
trove_download_set_provenance (TroveDownload *self, gboolean write_provenance)
{
  self->write_provenance = write_provenance;
}

void
_trove_download_set_stall_timeout (TroveDownload *self, guint seconds)
{
  self->stall_seconds = MAX (seconds, 1);
}

void
trove_download_set_backoff_base_ms (TroveDownload *self, guint base_ms)
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
  _trove_download_release_buffers (self);
  _trove_download_drop_hash (self);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (trove_download_parent_class)->finalize (object);
}

static void
trove_download_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
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

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, TROVE_TYPE_DOWNLOAD_STATE,
                                              TROVE_DOWNLOAD_QUEUED, flags);
  properties[PROP_BYTES_DONE] =
      g_param_spec_int64 ("bytes-done", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_BYTES_TOTAL] =
      g_param_spec_int64 ("bytes-total", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);
  properties[PROP_DESTINATION] =
      g_param_spec_object ("destination", NULL, NULL, G_TYPE_FILE, flags);
  properties[PROP_SAVING] = g_param_spec_boolean ("saving", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_download_init (TroveDownload *self)
{
  self->bytes_total = -1;
  self->stall_seconds = DEFAULT_STALL_SECONDS;
  self->backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
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
