/* trove-viewer-info.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "trove-media.h"

G_BEGIN_DECLS

/* The viewer's info panel for @media, as Pango markup: the name, when and by whom it was
 * sent, its size and duration, and the other chats it was sent in as far as the archive of
 * @viewer's window knows. */
char *trove_viewer_info_markup (TroveMedia *media, GtkWidget *viewer);

G_END_DECLS
