/* trove-chat.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TROVE_TYPE_CHAT (trove_chat_get_type ())

G_DECLARE_FINAL_TYPE (TroveChat, trove_chat, TROVE, CHAT, GObject)

TroveChat *trove_chat_new (const char *id,
                           const char *display_name,
                           const char *handle,
                           const char *avatar_url,
                           GDateTime *last_message_at,
                           guint unread_count);

const char *trove_chat_get_id (TroveChat *self);
const char *trove_chat_get_display_name (TroveChat *self);
const char *trove_chat_get_handle (TroveChat *self);
const char *trove_chat_get_avatar_url (TroveChat *self);
GDateTime *trove_chat_get_last_message_at (TroveChat *self);
guint trove_chat_get_unread_count (TroveChat *self);

G_END_DECLS
