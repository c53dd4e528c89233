/* trove-download-batch-row.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "trove-download-batch-row.h"

struct _TroveDownloadBatchRow
{
  GtkBox parent_instance;

  TroveDownloadBatch *batch;
  GtkWidget *label;
  GtkWidget *progress;
  GtkWidget *pause_button;
  GtkWidget *cancel_button;
};

G_DEFINE_FINAL_TYPE (TroveDownloadBatchRow, trove_download_batch_row, GTK_TYPE_BOX)

static char *
format_count (guint count)
{
  return g_strdup_printf ("%'u", count);
}

static void
update (TroveDownloadBatchRow *self)
{
  TroveDownloadBatch *batch = self->batch;
  guint total = trove_download_batch_get_total (batch);
  guint done = trove_download_batch_get_done (batch);
  gboolean paused = trove_download_batch_get_paused (batch);
  gboolean finished = trove_download_batch_get_finished (batch);
  g_autofree char *done_text = format_count (done);
  g_autofree char *total_text = format_count (total);
  g_autofree char *text = NULL;

  /* Translators: a batch's title, then how many of its files are saved: "Everything from Mira
   * Solberg: 1,204 of 5,310". */
  text = g_strdup_printf (_ ("%s: %s of %s"), trove_download_batch_get_title (batch), done_text,
                          total_text);
  gtk_label_set_text (GTK_LABEL (self->label), text);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress),
                                 total > 0 ? (double) done / total : 1.0);

  gtk_button_set_icon_name (GTK_BUTTON (self->pause_button), paused
                                                                 ? "media-playback-start-symbolic"
                                                                 : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (self->pause_button, paused ? _ ("Resume All") : _ ("Pause All"));
  gtk_widget_set_sensitive (self->pause_button, !finished);
  gtk_widget_set_sensitive (self->cancel_button, !finished);
}

static void
pause_clicked_cb (TroveDownloadBatchRow *self)
{
  if (trove_download_batch_get_paused (self->batch))
    trove_download_batch_resume (self->batch);
  else
    trove_download_batch_pause (self->batch);
}

static void
cancel_clicked_cb (TroveDownloadBatchRow *self)
{
  trove_download_batch_cancel (self->batch);
}

static void
trove_download_batch_row_dispose (GObject *object)
{
  TroveDownloadBatchRow *self = TROVE_DOWNLOAD_BATCH_ROW (object);

  g_clear_object (&self->batch);

  G_OBJECT_CLASS (trove_download_batch_row_parent_class)->dispose (object);
}

static void
trove_download_batch_row_class_init (TroveDownloadBatchRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = trove_download_batch_row_dispose;
}

static GtkWidget *
icon_button (const char *name, const char *icon, const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");

  return button;
}

static void
trove_download_batch_row_init (TroveDownloadBatchRow *self)
{
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);

  self->label = gtk_label_new (NULL);
  gtk_widget_set_name (self->label, "batch-label");
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_MIDDLE);
  self->progress = gtk_progress_bar_new ();
  gtk_widget_set_name (self->progress, "batch-progress");
  gtk_box_append (GTK_BOX (text), self->label);
  gtk_box_append (GTK_BOX (text), self->progress);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);

  self->pause_button =
      icon_button ("batch-pause", "media-playback-pause-symbolic", _ ("Pause All"));
  self->cancel_button = icon_button ("batch-cancel", "process-stop-symbolic", _ ("Cancel All"));
  g_signal_connect_swapped (self->pause_button, "clicked", G_CALLBACK (pause_clicked_cb), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb), self);

  gtk_box_append (GTK_BOX (self), text);
  gtk_box_append (GTK_BOX (self), self->pause_button);
  gtk_box_append (GTK_BOX (self), self->cancel_button);
}

GtkWidget *
trove_download_batch_row_new (TroveDownloadBatch *batch)
{
  TroveDownloadBatchRow *self;

  g_return_val_if_fail (TROVE_IS_DOWNLOAD_BATCH (batch), NULL);

  self = g_object_new (TROVE_TYPE_DOWNLOAD_BATCH_ROW, NULL);
  self->batch = g_object_ref (batch);
  g_signal_connect_object (batch, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);

  return GTK_WIDGET (self);
}

TroveDownloadBatch *
trove_download_batch_row_get_batch (TroveDownloadBatchRow *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_BATCH_ROW (self), NULL);

  return self->batch;
}
