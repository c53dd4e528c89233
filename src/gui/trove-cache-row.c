/* trove-cache-row.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-cache-row.h"
#include "trove-file-tree.h"

struct _TroveCacheRow
{
  AdwActionRow parent_instance;

  GFile *directory;
  GCancellable *cancellable; /* of the measuring or clearing under way */
  guint busy;                /* how many of them */
};

G_DEFINE_FINAL_TYPE (TroveCacheRow, trove_cache_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_busy (TroveCacheRow *self, gboolean busy)
{
  gboolean was_busy = self->busy > 0;

  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.clear-cache", self->busy == 0);
  if (was_busy != (self->busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
measured_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveCacheRow) self = user_data;
  g_autoptr (GError) error = NULL;
  guint64 bytes = trove_file_tree_measure_finish (result, &error);
  g_autofree char *size = NULL;
  g_autofree char *subtitle = NULL;

  set_busy (self, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  size = g_format_size (bytes);
  subtitle = g_strdup_printf (_ ("%s used"), size);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
}

static void
measure (TroveCacheRow *self)
{
  set_busy (self, TRUE);
  trove_file_tree_measure_async (self->directory, self->cancellable, measured_cb,
                                 g_object_ref (self));
}

static void
cleared_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveCacheRow) self = user_data;
  g_autoptr (GError) error = NULL;
  GtkRoot *root;

  trove_file_tree_delete_finish (result, &error);
  set_busy (self, FALSE);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  measure (self);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root),
                                      adw_toast_new (_ ("Thumbnail cache cleared")));
}

static void
clear_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveCacheRow *self = TROVE_CACHE_ROW (widget);

  set_busy (self, TRUE);
  trove_file_tree_delete_async (self->directory, self->cancellable, cleared_cb,
                                g_object_ref (self));
}

void
trove_cache_row_set_directory (TroveCacheRow *self, GFile *directory)
{
  g_return_if_fail (TROVE_IS_CACHE_ROW (self));
  g_return_if_fail (G_IS_FILE (directory));

  /* What the previous folder measured must not land on this one. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_set_object (&self->directory, directory);
  measure (self);
}

gboolean
trove_cache_row_get_busy (TroveCacheRow *self)
{
  g_return_val_if_fail (TROVE_IS_CACHE_ROW (self), FALSE);

  return self->busy > 0;
}

static void
trove_cache_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveCacheRow *self = TROVE_CACHE_ROW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, trove_cache_row_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_cache_row_dispose (GObject *object)
{
  TroveCacheRow *self = TROVE_CACHE_ROW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_CACHE_ROW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->directory);

  G_OBJECT_CLASS (trove_cache_row_parent_class)->dispose (object);
}

static void
trove_cache_row_class_init (TroveCacheRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = trove_cache_row_get_property;
  object_class->dispose = trove_cache_row_dispose;

  properties[PROP_BUSY] =
      g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-cache-row.ui");
  gtk_widget_class_install_action (widget_class, "prefs.clear-cache", NULL, clear_action);
}

static void
trove_cache_row_init (TroveCacheRow *self)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "trove", "thumbnails", NULL);
  g_autoptr (GFile) directory = g_file_new_for_path (path);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  trove_cache_row_set_directory (self, directory);
}
