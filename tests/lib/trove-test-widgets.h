/* trove-test-widgets.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The first widget at or below @root whose widget name (`<property name="name">`) is @name. */
GtkWidget *trove_test_find_named (GtkWidget *root, const char *name);

typedef gboolean (*TroveTestWidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget at or below @widget that @match accepts. */
GtkWidget *trove_test_find (GtkWidget *widget, TroveTestWidgetMatch match, gconstpointer data);
/* Matches for trove_test_find(): a drawn menu item whose label starts with @text; a widget
 * whose tooltip is @tooltip; a drawn button whose label is @text. */
gboolean trove_test_is_menu_item (GtkWidget *widget, gconstpointer text);
gboolean trove_test_has_tooltip (GtkWidget *widget, gconstpointer tooltip);
gboolean trove_test_is_labelled (GtkWidget *widget, gconstpointer text);
/* The message dialog on screen, or NULL. */
AdwMessageDialog *trove_test_message_dialog (void);
/* Opens the popover of the menu button @button and waits until it is on screen. */
GtkWidget *trove_test_popup (GtkWidget *button);
/* Activates @button, which must be there and sensitive. */
void trove_test_click (GtkWidget *button);
/* Opens the menu of the button under @root whose tooltip is @menu_tooltip and activates its
 * item whose label starts with @item_label. */
void
trove_test_choose_from_menu (GtkWidget *root, const char *menu_tooltip, const char *item_label);

G_END_DECLS
