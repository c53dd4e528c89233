/* trove-window.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-window.h"

struct _TroveWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (TroveWindow, trove_window, ADW_TYPE_APPLICATION_WINDOW)

TroveWindow *
trove_window_new (TroveApplication *application)
{
  return g_object_new (TROVE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

static void
trove_window_save_state (TroveWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
trove_window_close_request (GtkWindow *window)
{
  trove_window_save_state (TROVE_WINDOW (window));

  return GTK_WINDOW_CLASS (trove_window_parent_class)->close_request (window);
}

static void
trove_window_dispose (GObject *object)
{
  TroveWindow *self = TROVE_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (trove_window_parent_class)->dispose (object);
}

static void
trove_window_class_init (TroveWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = trove_window_dispose;
  window_class->close_request = trove_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trove/Trove/trove-window.ui");
}

static void
trove_window_init (TroveWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (BASE_APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}
