/* trove-url.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 127.0.0.0/8, ::1 and "localhost". */
gboolean trove_url_host_is_loopback (const char *host);

/* Checks a base URL typed by a user: an absolute http(s) URL with a host, no query, fragment
 * or user name, and https unless the host is a loopback address. @what names the field in the
 * error ("The API base URL"); errors are TROVE_ERROR_BAD_REQUEST and say why. */
gboolean trove_url_check_base (const char *url, const char *what, GError **error);

G_END_DECLS
