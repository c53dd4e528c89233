/* trove-tally-bar.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-chat-tally.h"
#include "trove-tally-bar.h"

/* A burst of pages or finished downloads costs one count. */
#define TALLY_DELAY_MS 250

struct _TroveTallyBar
{
  GtkWidget parent_instance;

  GtkActionBar *tally_bar;
  GtkLabel *tally_label;
  GtkWidget *download_missing_button;

  TrovePagedList *tallied; /* the list the bar follows */
  TroveDownloadQueue *downloads;
  char *account_id;
  guint tally_source;
};

G_DEFINE_FINAL_TYPE (TroveTallyBar, trove_tally_bar, GTK_TYPE_WIDGET)

/* Counted a moment after the last change. */
static gboolean
update_tally_cb (gpointer user_data)
{
  TroveTallyBar *self = user_data;
  g_autoptr (TroveDownloadArchive) archive = NULL;
  g_autofree char *text = NULL;
  TroveChatTally tally;

  self->tally_source = 0;
  if (self->tallied == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->tallied)) == 0)
    {
      gtk_action_bar_set_revealed (self->tally_bar, FALSE);
      return G_SOURCE_REMOVE;
    }

  if (self->downloads != NULL)
    g_object_get (self->downloads, "archive", &archive, NULL);
  trove_chat_tally_count (&tally, G_LIST_MODEL (self->tallied),
                          !trove_paged_list_get_has_more (self->tallied),
                          self->account_id ? self->account_id : "default", archive,
                          self->downloads);
  text = trove_chat_tally_describe (&tally);
  gtk_label_set_label (self->tally_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tally_label), text);
  gtk_widget_set_sensitive (self->download_missing_button, tally.missing > 0 || !tally.complete);
  gtk_action_bar_set_revealed (self->tally_bar, TRUE);

  return G_SOURCE_REMOVE;
}

void
trove_tally_bar_schedule (TroveTallyBar *self)
{
  g_return_if_fail (TROVE_IS_TALLY_BAR (self));

  if (self->tally_source == 0)
    self->tally_source = g_timeout_add (TALLY_DELAY_MS, update_tally_cb, self);
}

void
trove_tally_bar_follow (TroveTallyBar *self, TrovePagedList *list)
{
  g_return_if_fail (TROVE_IS_TALLY_BAR (self));
  g_return_if_fail (list == NULL || TROVE_IS_PAGED_LIST (list));

  if (self->tallied != NULL)
    g_signal_handlers_disconnect_by_func (self->tallied, trove_tally_bar_schedule, self);
  g_set_object (&self->tallied, list);
  if (list != NULL)
    {
      g_signal_connect_swapped (list, "items-changed", G_CALLBACK (trove_tally_bar_schedule), self);
      g_signal_connect_swapped (list, "notify::has-more", G_CALLBACK (trove_tally_bar_schedule),
                                self);
    }
  trove_tally_bar_schedule (self);
}

void
trove_tally_bar_set_account_id (TroveTallyBar *self, const char *account_id)
{
  g_return_if_fail (TROVE_IS_TALLY_BAR (self));

  g_free (self->account_id);
  self->account_id = g_strdup (account_id);
}

void
trove_tally_bar_set_downloads (TroveTallyBar *self, TroveDownloadQueue *downloads)
{
  g_return_if_fail (TROVE_IS_TALLY_BAR (self));

  g_set_object (&self->downloads, downloads);
  trove_tally_bar_schedule (self);
}

const char *
trove_tally_bar_get_text (TroveTallyBar *self)
{
  g_return_val_if_fail (TROVE_IS_TALLY_BAR (self), NULL);

  return gtk_action_bar_get_revealed (self->tally_bar) ? gtk_label_get_label (self->tally_label)
                                                       : NULL;
}

static void
trove_tally_bar_dispose (GObject *object)
{
  TroveTallyBar *self = TROVE_TALLY_BAR (object);

  if (self->tallied != NULL)
    g_signal_handlers_disconnect_by_func (self->tallied, trove_tally_bar_schedule, self);
  g_clear_handle_id (&self->tally_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_TALLY_BAR);

  g_clear_object (&self->tallied);
  g_clear_object (&self->downloads);
  g_clear_pointer (&self->account_id, g_free);

  G_OBJECT_CLASS (trove_tally_bar_parent_class)->dispose (object);
}

static void
trove_tally_bar_class_init (TroveTallyBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_tally_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-tally-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveTallyBar, tally_bar);
  gtk_widget_class_bind_template_child (widget_class, TroveTallyBar, tally_label);
  gtk_widget_class_bind_template_child (widget_class, TroveTallyBar, download_missing_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
trove_tally_bar_init (TroveTallyBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
