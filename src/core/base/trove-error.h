/* trove-error.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TROVE_ERROR (trove_error_quark ())

/* Codes a user can act on. Cancellation stays G_IO_ERROR_CANCELLED. */
typedef enum
{
  TROVE_ERROR_AUTHENTICATION, /* 401: token rejected or expired */
  TROVE_ERROR_PERMISSION,     /* 403: missing scope */
  TROVE_ERROR_NOT_FOUND,      /* 404 */
  TROVE_ERROR_RATE_LIMITED,   /* 429 after the retry budget */
  TROVE_ERROR_API_VERSION,    /* 410: the service retired our API version */
  TROVE_ERROR_BAD_REQUEST,    /* 400 */
  TROVE_ERROR_SERVER,         /* 5xx after the retry budget */
  TROVE_ERROR_PROTOCOL,       /* malformed or unexpected JSON */
  TROVE_ERROR_NETWORK,
  TROVE_ERROR_EXPIRED_LINK,     /* a signed media URL expired */
  TROVE_ERROR_INCOMPLETE,       /* the service broke its own paging: what was listed is kept */
  TROVE_ERROR_LINK_REFUSED,     /* a media host refused a valid link (not an expiry) */
  TROVE_ERROR_PAYMENT_REQUIRED, /* only a paid download would fetch it, and none is allowed */
} TroveErrorCode;

GQuark trove_error_quark (void);

/* The OAuth scope an error text from the service says is missing ("Forbidden: missing scope
 * read:creator" gives "read:creator"), or NULL when it names none. */
char *trove_error_missing_scope (const char *text);

G_END_DECLS
