/* trove-secret-store-private.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-secret-store.h"

G_BEGIN_DECLS

/* For tests: the next @count saves of secrets of @kind (NULL: of any kind) fail as a locked
 * keyring does, without reaching the Secret Service. 0 ends it. */
void _trove_secret_store_fail_saves (const char *kind, guint count);

G_END_DECLS
