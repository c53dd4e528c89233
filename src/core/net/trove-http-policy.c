/* trove-http-policy.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "trove-error.h"
#include "trove-http-policy.h"
#include "trove-json.h"
#include "trove-url.h"

gboolean
trove_http_same_origin (GUri *a, GUri *b)
{
  return a != NULL && b != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a) ? g_uri_get_host (a) : "",
                             g_uri_get_host (b) ? g_uri_get_host (b) : "") == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

gboolean
trove_http_check_redirect (GUri *from, GUri *to, GError **error)
{
  const char *scheme = to ? g_uri_get_scheme (to) : NULL;

  if (g_strcmp0 (scheme, "https") == 0 ||
      (g_strcmp0 (scheme, "http") == 0 && trove_url_host_is_loopback (g_uri_get_host (to))))
    return TRUE;

  if (g_strcmp0 (scheme, "http") == 0)
    g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                 _ ("Insecure link refused: %s sent Trove on to plain http://%s, which anyone on "
                    "the way could read or change."),
                 g_uri_get_host (from) ? g_uri_get_host (from) : "the service",
                 g_uri_get_host (to) ? g_uri_get_host (to) : "");
  else
    g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                 _ ("%s sent Trove on to an address it cannot open."),
                 g_uri_get_host (from) ? g_uri_get_host (from) : "The service");

  return FALSE;
}

static const char *
endpoint_of (SoupMessage *message)
{
  return g_uri_get_path (soup_message_get_uri (message));
}

/* Seconds from a Retry-After header (delta-seconds or an HTTP date), or -1. */
gint64
trove_http_retry_after_seconds (SoupMessage *message)
{
  const char *value =
      soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  g_autoptr (GDateTime) date = NULL;
  g_autoptr (GDateTime) now = NULL;
  char *end = NULL;
  gint64 seconds;

  if (value == NULL)
    return -1;

  seconds = g_ascii_strtoll (value, &end, 10);
  if (end != value && *end == '\0')
    return MAX (seconds, 0);

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;

  now = g_date_time_new_now_utc ();
  return MAX (g_date_time_difference (date, now) / G_USEC_PER_SEC, 0);
}

/* Whether a media host's error body says access was denied, and not that the link expired. */
static gboolean
media_host_refused (GBytes *body)
{
  g_autofree char *text = NULL;
  gsize length;
  const char *data;

  if (body == NULL)
    return FALSE;
  data = g_bytes_get_data (body, &length);
  text = g_ascii_strdown (data ? data : "", data ? (gssize) length : 0);
  return strstr (text, "denied") != NULL && strstr (text, "expire") == NULL;
}

GError *
trove_http_error_for_response (SoupMessage *message, gboolean on_api_host, GBytes *body)
{
  guint status = soup_message_get_status (message);
  const char *endpoint = endpoint_of (message);
  g_autofree char *detail = body ? trove_json_error_message (body) : NULL;
  g_autofree char *said = NULL;

  /* What the service said, when it said something readable. */
  said = detail ? g_strdup_printf (" (%s)", detail) : g_strdup ("");

  /* A file host that denies access to a link without saying it expired (OnlyFans binds links
   * to the session's proxy) will refuse a fresh one too: asking for one would not help. */
  if (!on_api_host && status == SOUP_STATUS_FORBIDDEN && media_host_refused (body))
    return g_error_new (TROVE_ERROR, TROVE_ERROR_LINK_REFUSED,
                        _ ("The file host refused to serve this file directly (%u)."), status);

  if (!on_api_host && (status == SOUP_STATUS_FORBIDDEN || status == SOUP_STATUS_NOT_FOUND ||
                       status == SOUP_STATUS_GONE))
    return g_error_new (TROVE_ERROR, TROVE_ERROR_EXPIRED_LINK,
                        _ ("The link to this file has expired (%u)."), status);

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return g_error_new (TROVE_ERROR, TROVE_ERROR_AUTHENTICATION,
                          _ ("The service rejected this account’s token%s. Reconnect the account."),
                          said);

    case SOUP_STATUS_FORBIDDEN:
      {
        /* Only Fanvue requests carry its version header; its 403 names the scope the user's
         * app was not given, which only the user can tick in Fanvue's app builder. */
        gboolean fanvue = soup_message_headers_get_one (soup_message_get_request_headers (message),
                                                        "X-Fanvue-API-Version") != NULL;
        g_autofree char *scope = fanvue ? trove_error_missing_scope (detail) : NULL;

        if (scope != NULL)
          return g_error_new (TROVE_ERROR, TROVE_ERROR_PERMISSION,
                              _ ("Tick %s in your Fanvue app, then sign in again."), scope);
      }
      return g_error_new (TROVE_ERROR, TROVE_ERROR_PERMISSION,
                          _ ("This account is not allowed to read %s%s. Reconnect it with the "
                             "permissions Trove asks for."),
                          endpoint, said);

    case SOUP_STATUS_NOT_FOUND:
      return g_error_new (TROVE_ERROR, TROVE_ERROR_NOT_FOUND,
                          _ ("The service has nothing at %s%s."), endpoint, said);

    case SOUP_STATUS_GONE:
      return g_error_new (TROVE_ERROR, TROVE_ERROR_API_VERSION,
                          _ ("This version of Trove uses an API version the service has retired. "
                             "Update Trove."));

    case TROVE_HTTP_STATUS_TOO_MANY_REQUESTS:
      {
        gint64 wait = trove_http_retry_after_seconds (message);

        if (wait > 0)
          return g_error_new (TROVE_ERROR, TROVE_ERROR_RATE_LIMITED,
                              ngettext ("Too many requests: the service asks to wait %d second.",
                                        "Too many requests: the service asks to wait %d seconds.",
                                        (gulong) wait),
                              (int) MIN (wait, G_MAXINT));
        return g_error_new (TROVE_ERROR, TROVE_ERROR_RATE_LIMITED,
                            _ ("Too many requests: the service asks to wait."));
      }

    default:
      if (status >= SOUP_STATUS_INTERNAL_SERVER_ERROR)
        return g_error_new (TROVE_ERROR, TROVE_ERROR_SERVER,
                            _ ("The service failed to answer %s (error %u)%s. Try again later."),
                            endpoint, status, said);
      return g_error_new (TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                          _ ("The service refused the request for %s (error %u)%s."), endpoint,
                          status, said);
    }
}
