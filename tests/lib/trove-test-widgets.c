/* trove-test-widgets.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-test-util.h"
#include "trove-test-widgets.h"

GtkWidget *
trove_test_find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = trove_test_find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
trove_test_find (GtkWidget *widget, TroveTestWidgetMatch match, gconstpointer data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = trove_test_find (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A drawn menu item whose label starts with @text. */
gboolean
trove_test_is_menu_item (GtkWidget *widget, gconstpointer text)
{
  GtkWidget *label;

  if (!gtk_widget_is_drawable (widget) || GTK_IS_LABEL (widget) ||
      !gtk_widget_get_focusable (widget))
    return FALSE;
  label = gtk_widget_get_first_child (widget);
  while (label != NULL && !GTK_IS_LABEL (label))
    label = gtk_widget_get_next_sibling (label);
  return label != NULL && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), text);
}

gboolean
trove_test_has_tooltip (GtkWidget *widget, gconstpointer tooltip)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

/* A drawn button whose label is @text (mnemonic underscores left out). */
gboolean
trove_test_is_labelled (GtkWidget *widget, gconstpointer text)
{
  GtkWidget *label;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_is_drawable (widget))
    return FALSE;
  label = gtk_button_get_child (GTK_BUTTON (widget));
  return GTK_IS_LABEL (label) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) == 0;
}

AdwMessageDialog *
trove_test_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

/* Opens @button's popover as a click does. */
GtkWidget *
trove_test_popup (GtkWidget *button)
{
  GtkPopover *popover;

  g_assert_true (GTK_IS_MENU_BUTTON (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  return GTK_WIDGET (popover);
}

void
trove_test_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
}

void
trove_test_choose_from_menu (GtkWidget *root, const char *menu_tooltip, const char *item_label)
{
  GtkWidget *menu = trove_test_popup (trove_test_find (root, trove_test_has_tooltip, menu_tooltip));
  GtkWidget *item = NULL;

  TROVE_TEST_WAIT_UNTIL ((item = trove_test_find (menu, trove_test_is_menu_item, item_label)) !=
                         NULL);
  trove_test_click (item);
}
