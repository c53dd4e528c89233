/* trove-cli-format.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-chat.h"
#include "trove-media.h"

G_BEGIN_DECLS

/* One JSON Lines record (no newline) with the stable fields of trove-cli(1). */
char *trove_cli_chat_to_json (TroveChat *chat);
char *trove_cli_media_to_json (TroveMedia *media);

/* Aligned human tables. */
void trove_cli_print_chats (GPtrArray *chats);
void trove_cli_print_media (GPtrArray *media);

/* A day ("2024-01-15", local midnight) or a full ISO 8601 timestamp; NULL if neither. */
GDateTime *trove_cli_parse_date (const char *text, gboolean end_of_day);

G_END_DECLS
