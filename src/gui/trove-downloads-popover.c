/* trove-downloads-popover.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "trove-download-batch-row.h"
#include "trove-download-row.h"
#include "trove-downloads-popover.h"

struct _TroveDownloadsPopover
{
  GtkPopover parent_instance;

  GtkStack *downloads_stack;
  GtkListView *downloads_list;
  GtkListBox *batches_list;

  TroveDownloadQueue *downloads;
  GListStore *batches;    /* TroveDownloadBatch */
  GtkFilter *not_batched; /* the jobs of no batch */
  GtkFilterListModel *unbatched;
  guint refilter_id; /* batches grew: their new jobs leave the list */
};

G_DEFINE_FINAL_TYPE (TroveDownloadsPopover, trove_downloads_popover, GTK_TYPE_POPOVER)

static void
downloads_changed_cb (TroveDownloadsPopover *self)
{
  guint batches = g_list_model_get_n_items (G_LIST_MODEL (self->batches));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->unbatched));

  gtk_widget_set_visible (GTK_WIDGET (self->batches_list), batches > 0);
  gtk_stack_set_visible_child_name (self->downloads_stack, n > 0 ? "list" : "empty");
  /* Only batches: their entries say it all. */
  gtk_widget_set_visible (GTK_WIDGET (self->downloads_stack), n > 0 || batches == 0);
}

static gboolean
not_batched (gpointer item, gpointer user_data)
{
  TroveDownloadsPopover *self = user_data;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->batches)); i++)
    {
      g_autoptr (TroveDownloadBatch) batch =
          g_list_model_get_item (G_LIST_MODEL (self->batches), i);

      if (trove_download_batch_contains (batch, item))
        return FALSE;
    }

  return TRUE;
}

static GtkWidget *
create_batch_row (gpointer item, gpointer user_data)
{
  return trove_download_batch_row_new (item);
}

static gboolean
refilter_cb (gpointer user_data)
{
  TroveDownloadsPopover *self = user_data;

  self->refilter_id = 0;
  gtk_filter_changed (self->not_batched, GTK_FILTER_CHANGE_MORE_STRICT);
  return G_SOURCE_REMOVE;
}

/* Once per main loop iteration however many jobs were added. */
static void
batch_grew_cb (TroveDownloadsPopover *self)
{
  if (self->refilter_id == 0)
    self->refilter_id = g_idle_add (refilter_cb, self);
}

void
trove_downloads_popover_add_batch (TroveDownloadsPopover *self, TroveDownloadBatch *batch)
{
  g_return_if_fail (TROVE_IS_DOWNLOADS_POPOVER (self));
  g_return_if_fail (TROVE_IS_DOWNLOAD_BATCH (batch));

  g_list_store_insert (self->batches, 0, batch);
  g_signal_connect_object (batch, "notify::total", G_CALLBACK (batch_grew_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_filter_changed (self->not_batched, GTK_FILTER_CHANGE_MORE_STRICT);
  downloads_changed_cb (self);
}

void
trove_downloads_popover_set_downloads (TroveDownloadsPopover *self, TroveDownloadQueue *downloads)
{
  g_autoptr (GtkListItemFactory) factory = NULL;

  g_return_if_fail (TROVE_IS_DOWNLOADS_POPOVER (self));
  g_return_if_fail (TROVE_IS_DOWNLOAD_QUEUE (downloads));

  if (self->downloads != NULL)
    g_signal_handlers_disconnect_by_data (self->downloads, self);
  g_set_object (&self->downloads, downloads);
  gtk_filter_list_model_set_model (self->unbatched, G_LIST_MODEL (downloads));
  gtk_list_view_set_model (self->downloads_list,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (
                               g_object_ref (G_LIST_MODEL (self->unbatched)))));
  factory = gtk_builder_list_item_factory_new_from_resource (NULL, "/io/github/trove/Trove/"
                                                                   "trove-download-list-item.ui");
  gtk_list_view_set_factory (self->downloads_list, factory);
  downloads_changed_cb (self);
}

static void
trove_downloads_popover_dispose (GObject *object)
{
  TroveDownloadsPopover *self = TROVE_DOWNLOADS_POPOVER (object);

  g_clear_handle_id (&self->refilter_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_DOWNLOADS_POPOVER);
  g_clear_object (&self->downloads);
  g_clear_object (&self->unbatched);
  g_clear_object (&self->not_batched);
  g_clear_object (&self->batches);

  G_OBJECT_CLASS (trove_downloads_popover_parent_class)->dispose (object);
}

static void
trove_downloads_popover_class_init (TroveDownloadsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_downloads_popover_dispose;

  g_type_ensure (TROVE_TYPE_DOWNLOAD_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-downloads-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadsPopover, downloads_stack);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadsPopover, downloads_list);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadsPopover, batches_list);
}

static void
trove_downloads_popover_init (TroveDownloadsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->batches = g_list_store_new (TROVE_TYPE_DOWNLOAD_BATCH);
  self->not_batched = GTK_FILTER (gtk_custom_filter_new (not_batched, self, NULL));
  self->unbatched = gtk_filter_list_model_new (NULL, g_object_ref (self->not_batched));
  g_signal_connect_swapped (self->unbatched, "items-changed", G_CALLBACK (downloads_changed_cb),
                            self);
  gtk_list_box_bind_model (self->batches_list, G_LIST_MODEL (self->batches), create_batch_row, NULL,
                           NULL);
}
