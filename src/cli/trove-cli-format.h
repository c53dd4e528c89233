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

/* @text as it may reach a person's terminal: valid UTF-8, each control character (C0, DEL,
 * C1) replaced by "?", a whole escape sequence by one "?". JSON output stays exact instead. */
char *trove_cli_printable (const char *text);
/* printf-style, to stdout or stderr, made printable, and a newline. */
void trove_cli_print_line (const char *format, ...) G_GNUC_PRINTF (1, 2);
void trove_cli_printerr_line (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Aligned human tables. */
void trove_cli_print_chats (GPtrArray *chats);
void trove_cli_print_media (GPtrArray *media);

/* A day ("2024-01-15", local midnight) or a full ISO 8601 timestamp; NULL if neither. */
GDateTime *trove_cli_parse_date (const char *text, gboolean end_of_day);

G_END_DECLS
