/* trove-accessible-util.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Gives @label to the list row or grid cell that @child is the child of, if it is in one. */
void trove_accessible_label_list_item (GtkWidget *child, const char *label);

G_END_DECLS
