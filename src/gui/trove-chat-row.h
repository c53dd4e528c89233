/* trove-chat-row.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-chat.h"

G_BEGIN_DECLS

#define TROVE_TYPE_CHAT_ROW (trove_chat_row_get_type ())

/* A chat in the sidebar: avatar, name, handle, time of the last message, unread count. */
G_DECLARE_FINAL_TYPE (TroveChatRow, trove_chat_row, TROVE, CHAT_ROW, GtkWidget)

TroveChat *trove_chat_row_get_chat (TroveChatRow *self);
void trove_chat_row_set_chat (TroveChatRow *self, TroveChat *chat);

/* "14:05", "Yesterday", "Mon", "3 Feb", "3 Feb 2023" */
char *trove_format_message_time (GDateTime *time, GDateTime *now);

G_END_DECLS
