/* trove-filename-template.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-media.h"

G_BEGIN_DECLS

/* Checks a template such as "{account}/{chat}/{date} {kind} {id}.{ext}": known placeholders
 * only ({account} {chat} {sender} {date} {time} {kind} {id} {message} {name} {ext}). */
gboolean trove_filename_template_check (const char *template_text, GError **error);

/* The highest N of a "name (N).ext" given when the name is taken. */
#define TROVE_FILENAME_MAX_TAKEN 9999

/* The relative path @template_text gives @media, every component sanitised: valid UTF-8, no
 * "/", no control characters, none of : * ? " < > | or bidirectional controls, no "." or ".."
 * components, short enough that " (N)" and ".part" still fit in 255 bytes. */
char *trove_filename_template_render (const char *template_text,
                                      TroveMedia *media,
                                      const char *account_name,
                                      const char *chat_name);

/* One path component made safe (see above); never empty. */
char *trove_filename_sanitize_component (const char *text);

/* "stem (@n).ext" for @basename "stem.ext" (@n >= 2): the name given when @basename is taken. */
char *trove_filename_numbered (const char *basename, guint n);

/* @relative resolved under @folder, or NULL when it would leave it. */
GFile *trove_filename_resolve (GFile *folder, const char *relative);

/* The file extension a media item should have ("jpg", "mp4", ...). */
const char *trove_filename_extension (TroveMedia *media);

G_END_DECLS
