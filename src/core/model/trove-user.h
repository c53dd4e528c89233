/* trove-user.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TROVE_TYPE_USER (trove_user_get_type ())

/* The signed-in user, a creator an agency manages, or an OnlyFansAPI account. */
G_DECLARE_FINAL_TYPE (TroveUser, trove_user, TROVE, USER, GObject)

TroveUser *trove_user_new (const char *id,
                           const char *handle,
                           const char *display_name,
                           const char *avatar_url,
                           gboolean authenticated);

const char *trove_user_get_id (TroveUser *self);
const char *trove_user_get_handle (TroveUser *self);
const char *trove_user_get_display_name (TroveUser *self);
const char *trove_user_get_avatar_url (TroveUser *self);
gboolean trove_user_get_authenticated (TroveUser *self);

G_END_DECLS
