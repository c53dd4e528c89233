/* trove-url.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "trove-error.h"
#include "trove-url.h"

gboolean
trove_url_host_is_loopback (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
trove_url_check_base (const char *url, const char *what, GError **error)
{
  g_autoptr (GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (what == NULL)
    what = _ ("The address");

  if (url == NULL || *url == '\0')
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST, _ ("%s is empty."), what);
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                   _ ("%s is not a web address (it should look like https://api.example.com)."),
                   what);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0)
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                   _ ("%s must start with https:// (it should look like https://api.example.com)."),
                   what);
      return FALSE;
    }

  if (host == NULL || *host == '\0')
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST, _ ("%s has no host name."), what);
      return FALSE;
    }

  if (g_str_equal (scheme, "http") && !trove_url_host_is_loopback (host))
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                   _ ("%s must use https:// (only loopback addresses may use http://)."), what);
      return FALSE;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                   _ ("%s must not contain a user name or password."), what);
      return FALSE;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST,
                   _ ("%s must be a plain base address, without “?” or “#”."), what);
      return FALSE;
    }

  return TRUE;
}
