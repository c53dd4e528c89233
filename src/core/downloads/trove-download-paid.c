/* trove-download-paid.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A download's way round a file host that refuses the item's link: OnlyFansAPI's paid
 * download endpoint, when the account allows it; otherwise the item is reported as needing a
 * paid download. The cheap way (the link itself) is always tried first.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-download-private.h"
#include "trove-error.h"
#include "trove-onlyfansapi-provider.h"

/* The service's answer to a CDN link it cannot sign for (expired or bad signature). */
#define HTTP_UNPROCESSABLE_ENTITY 422

static gboolean
paid_allowed (TroveDownload *self)
{
  return TROVE_IS_ONLYFANSAPI_PROVIDER (self->provider) &&
         trove_onlyfansapi_provider_get_allow_paid_downloads (
             TROVE_ONLYFANSAPI_PROVIDER (self->provider));
}

static GError *
payment_required_error (void)
{
  return g_error_new (
      TROVE_ERROR, TROVE_ERROR_PAYMENT_REQUIRED,
      g_dngettext (GETTEXT_PACKAGE,
                   "Needs a paid download: the file host refuses to serve this file directly, and "
                   "paid downloads (%d credit per MB) are not allowed for this account.",
                   "Needs a paid download: the file host refuses to serve this file directly, and "
                   "paid downloads (%d credits per MB) are not allowed for this account.",
                   TROVE_ONLYFANSAPI_CREDITS_PER_MB),
      TROVE_ONLYFANSAPI_CREDITS_PER_MB);
}

void
_trove_download_open (TroveDownload *self, GAsyncReadyCallback callback)
{
  if (self->paid)
    {
      /* Allowed no longer (the user changed the setting meanwhile). */
      if (!paid_allowed (self))
        {
          _trove_download_fail (self, payment_required_error ());
          return;
        }
      trove_onlyfansapi_provider_open_paid_download_async (TROVE_ONLYFANSAPI_PROVIDER (
                                                               self->provider),
                                                           self->media, TROVE_VARIANT_MAIN,
                                                           self->requested, G_PRIORITY_DEFAULT,
                                                           self->cancellable, callback,
                                                           g_object_ref (self));
      return;
    }

  trove_provider_open_download_async (self->provider, self->media, TROVE_VARIANT_MAIN,
                                      self->requested, G_PRIORITY_DEFAULT, self->cancellable,
                                      callback, g_object_ref (self));
}

GInputStream *
_trove_download_open_finish (TroveDownload *self,
                             GAsyncResult *result,
                             SoupMessage **out_message,
                             GError **error)
{
  if (g_task_get_source_tag (G_TASK (result)) ==
      trove_onlyfansapi_provider_open_paid_download_async)
    return trove_onlyfansapi_provider_open_paid_download_finish (TROVE_ONLYFANSAPI_PROVIDER (
                                                                     self->provider),
                                                                 result, out_message, error);
  return trove_provider_open_download_finish (self->provider, result, out_message, error);
}

gboolean
_trove_download_handle_refusal (TroveDownload *self, GError **error, SoupMessage *message)
{
  if (!self->paid)
    {
      if (!g_error_matches (*error, TROVE_ERROR, TROVE_ERROR_LINK_REFUSED))
        return FALSE;

      /* No paid way round it for other services: a fresh link is all there is to try. */
      if (!TROVE_IS_ONLYFANSAPI_PROVIDER (self->provider))
        {
          if (self->resolves >= TROVE_DOWNLOAD_MAX_RESOLVES)
            return FALSE;
          g_clear_error (error);
          self->stale_link = TRUE;
          _trove_download_resolve (self);
          return TRUE;
        }

      if (!paid_allowed (self))
        {
          g_clear_error (error);
          _trove_download_fail (self, payment_required_error ());
          return TRUE;
        }

      /* From now on, for this job: a retry or a resume asks for a new grant directly. */
      g_debug ("%s: refused by the file host, fetched through the paid endpoint",
               trove_media_get_id (self->media));
      g_clear_error (error);
      self->paid = TRUE;
      _trove_download_attempt (self);
      return TRUE;
    }

  /* A grant works once: a refused one (used, or not valid) is replaced by a new one. */
  if (g_error_matches (*error, TROVE_ERROR, TROVE_ERROR_LINK_REFUSED) ||
      g_error_matches (*error, TROVE_ERROR, TROVE_ERROR_EXPIRED_LINK))
    {
      _trove_download_retry_later (self, g_steal_pointer (error), NULL);
      return TRUE;
    }

  /* The service could not vouch for the CDN link: it expired; a fresh one, and try again. */
  if (message != NULL && soup_message_get_status (message) == HTTP_UNPROCESSABLE_ENTITY &&
      self->resolves < TROVE_DOWNLOAD_MAX_RESOLVES)
    {
      g_clear_error (error);
      self->stale_link = TRUE;
      _trove_download_resolve (self);
      return TRUE;
    }

  return FALSE;
}

gboolean
trove_download_needs_paid_download (TroveDownload *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD (self), FALSE);

  return self->state == TROVE_DOWNLOAD_FAILED &&
         g_error_matches (self->error, TROVE_ERROR, TROVE_ERROR_PAYMENT_REQUIRED);
}

gboolean
trove_download_is_paid (TroveDownload *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD (self), FALSE);

  return self->paid;
}
