/* trove-viewer-gestures.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Steers the viewer @stack is in by pointer and touch: Ctrl+scroll zooms in or out (through
 * @zoom_button), a swipe steps to the next or previous item unless zoomed in, and dragging
 * pans a zoomed image in @image_scroller. */
void trove_viewer_add_gestures (GtkWidget *stack,
                                GtkScrolledWindow *image_scroller,
                                GtkToggleButton *zoom_button);

G_END_DECLS
