/* trove-test-widgets.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The first widget at or below @root whose widget name (`<property name="name">`) is @name. */
GtkWidget *trove_test_find_named (GtkWidget *root, const char *name);

G_END_DECLS
