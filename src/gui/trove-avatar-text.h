/* trove-avatar-text.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The text an AdwAvatar draws its initials from: @name without the words that start with no
 * letter or digit ("Nova Studio (agency)" gives "NS", not "N("), or @name when that is all. */
char *trove_avatar_text (const char *name);

G_END_DECLS
