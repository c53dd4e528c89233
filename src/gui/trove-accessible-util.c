/* trove-accessible-util.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-accessible-util.h"

/* GTK 4.8 names neither a list row nor a grid cell after what it holds, and has no API to label
 * one (gtk_list_item_set_accessible_label is GTK 4.12): without this, a screen reader says
 * nothing when the keyboard lands on a chat, a media cell or a download. */
void
trove_accessible_label_list_item (GtkWidget *child, const char *label)
{
  GtkWidget *parent;
  GtkAccessibleRole role;

  g_return_if_fail (GTK_IS_WIDGET (child));

  parent = gtk_widget_get_parent (child);
  if (parent == NULL)
    return;

  role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (parent));
  if (role == GTK_ACCESSIBLE_ROLE_LIST_ITEM || role == GTK_ACCESSIBLE_ROLE_GRID_CELL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (parent), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
}
