/* trove-chat-sidebar.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-chat.h"
#include "trove-provider.h"

G_BEGIN_DECLS

#define TROVE_TYPE_CHAT_SIDEBAR (trove_chat_sidebar_get_type ())

/* The chats of an account, paged in as the list scrolls, with a search bar and the loading,
 * empty and error states. Emits "chat-activated" (TroveChat) when one is chosen.
 * Property: search-mode-enabled. */
G_DECLARE_FINAL_TYPE (TroveChatSidebar, trove_chat_sidebar, TROVE, CHAT_SIDEBAR, GtkWidget)

/* Lists @provider's chats (NULL: none). The chat with id @restore_id is chosen once it shows
 * up, unless another is chosen before. */
void trove_chat_sidebar_set_provider (TroveChatSidebar *self,
                                      TroveProvider *provider,
                                      const char *restore_id);
/* Stops waiting for the chat to restore: one was opened another way. */
void trove_chat_sidebar_forget_restore (TroveChatSidebar *self);
/* Loads the next page again after an error. */
void trove_chat_sidebar_retry (TroveChatSidebar *self);
/* Shows the search bar and focuses its entry. */
void trove_chat_sidebar_start_search (TroveChatSidebar *self);

G_END_DECLS
