/* trove-filename-example.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The file name @template_text gives a sample item (a video, "Rooftop sunset.mp4", sent
 * 2024-01-15 10:30 UTC by "Sam A." in the chat of "Mira Solberg"), so that a template's effect
 * can be shown while it is typed; NULL with the template's problem otherwise. */
char *trove_filename_template_render_example (const char *template_text, GError **error);

G_END_DECLS
