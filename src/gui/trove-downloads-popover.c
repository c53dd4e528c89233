/* trove-downloads-popover.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "trove-download-row.h"
#include "trove-downloads-popover.h"

struct _TroveDownloadsPopover
{
  GtkPopover parent_instance;

  GtkStack *downloads_stack;
  GtkListView *downloads_list;

  TroveDownloadQueue *downloads;
};

G_DEFINE_FINAL_TYPE (TroveDownloadsPopover, trove_downloads_popover, GTK_TYPE_POPOVER)

static void
downloads_changed_cb (TroveDownloadsPopover *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->downloads));

  gtk_stack_set_visible_child_name (self->downloads_stack, n > 0 ? "list" : "empty");
}

void
trove_downloads_popover_set_downloads (TroveDownloadsPopover *self,
                                       TroveDownloadQueue *downloads)
{
  g_autoptr (GtkListItemFactory) factory = NULL;

  g_return_if_fail (TROVE_IS_DOWNLOADS_POPOVER (self));
  g_return_if_fail (TROVE_IS_DOWNLOAD_QUEUE (downloads));

  if (self->downloads != NULL)
    g_signal_handlers_disconnect_by_data (self->downloads, self);
  g_set_object (&self->downloads, downloads);
  gtk_list_view_set_model (self->downloads_list, GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (downloads)))));
  factory = gtk_builder_list_item_factory_new_from_resource (NULL, "/io/github/trove/Trove/trove-download-list-item.ui");
  gtk_list_view_set_factory (self->downloads_list, factory);
  g_signal_connect_object (downloads, "items-changed", G_CALLBACK (downloads_changed_cb), self, G_CONNECT_SWAPPED);
  downloads_changed_cb (self);
}

static void
trove_downloads_popover_dispose (GObject *object)
{
  TroveDownloadsPopover *self = TROVE_DOWNLOADS_POPOVER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_DOWNLOADS_POPOVER);
  g_clear_object (&self->downloads);

  G_OBJECT_CLASS (trove_downloads_popover_parent_class)->dispose (object);
}

static void
trove_downloads_popover_class_init (TroveDownloadsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_downloads_popover_dispose;

  g_type_ensure (TROVE_TYPE_DOWNLOAD_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trove/Trove/trove-downloads-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadsPopover, downloads_stack);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadsPopover, downloads_list);
}

static void
trove_downloads_popover_init (TroveDownloadsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
