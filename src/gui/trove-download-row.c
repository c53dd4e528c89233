/* trove-download-row.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-accessible-util.h"
#include "trove-download-row.h"
#include "trove-onlyfansapi-provider.h"

struct _TroveDownloadRow
{
  GtkWidget parent_instance;

  GtkImage *icon;
  GtkLabel *name_label;
  GtkProgressBar *progress;
  GtkLabel *status_label;
  GtkWidget *pause_button;
  GtkWidget *resume_button;
  GtkWidget *retry_button;
  GtkWidget *allow_paid_button;
  GtkWidget *cancel_button;
  GtkWidget *open_button;
  GtkWidget *show_button;

  TroveDownload *download;
};

G_DEFINE_FINAL_TYPE (TroveDownloadRow, trove_download_row, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DOWNLOAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
trove_download_describe (TroveDownload *download)
{
  gint64 done = trove_download_get_bytes_done (download);
  gint64 total = trove_download_get_bytes_total (download);
  double speed = trove_download_get_speed (download);
  g_autofree char *done_text = g_format_size (done);
  g_autofree char *total_text = total >= 0 ? g_format_size (total) : NULL;

  switch (trove_download_get_state (download))
    {
    case TROVE_DOWNLOAD_QUEUED:
      return g_strdup (_ ("Waiting for its turn"));
    case TROVE_DOWNLOAD_PAUSED:
      return g_strdup (_ ("Paused"));
    case TROVE_DOWNLOAD_WAITING_FOR_RATE_LIMIT:
      return g_strdup (_ ("Waiting: the service asked to slow down"));
    case TROVE_DOWNLOAD_DONE:
      return g_strdup_printf (_ ("Done — %s"), done_text);
    case TROVE_DOWNLOAD_FAILED:
      if (trove_download_needs_paid_download (download))
        return g_strdup_printf (ngettext ("Needs a paid download (%d credit per MB)",
                                          "Needs a paid download (%d credits per MB)",
                                          TROVE_ONLYFANSAPI_CREDITS_PER_MB),
                                TROVE_ONLYFANSAPI_CREDITS_PER_MB);
      return g_strdup (trove_download_get_error (download)
                           ? trove_download_get_error (download)->message
                           : _ ("Failed"));
    case TROVE_DOWNLOAD_CANCELLED:
      return g_strdup (_ ("Cancelled"));
    case TROVE_DOWNLOAD_RUNNING:
    default:
      {
        g_autofree char *speed_text = g_format_size ((guint64) speed);

        if (total_text != NULL && speed > 1)
          {
            guint left = (guint) ((total - done) / speed);

            return g_strdup_printf (ngettext ("%s of %s — %s/s, %u second left",
                                              "%s of %s — %s/s, %u seconds left", left),
                                    done_text, total_text, speed_text, left);
          }
        if (total_text != NULL)
          return g_strdup_printf (_ ("%s of %s"), done_text, total_text);
        return g_strdup (done_text);
      }
    }
}

/* Open shows what it opens; Show in Files a folder (Adwaita draws document-open as a folder
 * too, and two buttons side by side must look different). */
static const char *
open_icon_name (TroveDownload *download)
{
  TroveMedia *media = trove_download_get_media (download);

  switch (media != NULL ? trove_media_get_kind (media) : TROVE_MEDIA_KIND_UNKNOWN)
    {
    case TROVE_MEDIA_KIND_IMAGE:
      return "image-x-generic-symbolic";
    case TROVE_MEDIA_KIND_VIDEO:
      return "video-x-generic-symbolic";
    case TROVE_MEDIA_KIND_AUDIO:
      return "audio-x-generic-symbolic";
    case TROVE_MEDIA_KIND_DOCUMENT:
      return "x-office-document-symbolic";
    case TROVE_MEDIA_KIND_UNKNOWN:
    default:
      return "text-x-generic-symbolic";
    }
}

static void
update (TroveDownloadRow *self)
{
  TroveDownloadState state;
  g_autofree char *status = NULL;
  g_autofree char *name = NULL;
  gint64 total;

  if (self->download == NULL)
    return;

  state = trove_download_get_state (self->download);
  total = trove_download_get_bytes_total (self->download);
  name = g_file_get_basename (trove_download_get_destination (self->download));
  status = trove_download_describe (self->download);

  gtk_label_set_label (self->name_label, name);
  trove_accessible_label_list_item (GTK_WIDGET (self), name);
  gtk_label_set_label (self->status_label, status);
  gtk_progress_bar_set_fraction (self->progress,
                                 state == TROVE_DOWNLOAD_DONE ? 1.0
                                 : total > 0
                                     ? (double) trove_download_get_bytes_done (self->download) /
                                           total
                                     : 0);
  gtk_image_set_from_icon_name (self->icon,
                                state == TROVE_DOWNLOAD_FAILED ? "dialog-warning-symbolic"
                                : state == TROVE_DOWNLOAD_DONE ? "emblem-ok-symbolic"
                                                               : "folder-download-symbolic");

  gtk_widget_set_visible (self->pause_button, trove_download_is_active (self->download) ||
                                                  state == TROVE_DOWNLOAD_QUEUED);
  gtk_widget_set_visible (self->resume_button, state == TROVE_DOWNLOAD_PAUSED);
  gtk_widget_set_visible (self->allow_paid_button,
                          trove_download_needs_paid_download (self->download));
  gtk_widget_set_visible (self->retry_button,
                          (state == TROVE_DOWNLOAD_FAILED &&
                           !trove_download_needs_paid_download (self->download)) ||
                              state == TROVE_DOWNLOAD_CANCELLED);
  gtk_widget_set_visible (self->cancel_button, !trove_download_is_finished (self->download));
  gtk_widget_set_visible (self->open_button, state == TROVE_DOWNLOAD_DONE);
  gtk_button_set_icon_name (GTK_BUTTON (self->open_button), open_icon_name (self->download));
  gtk_widget_set_visible (self->show_button, state == TROVE_DOWNLOAD_DONE);
}

TroveDownload *
trove_download_row_get_download (TroveDownloadRow *self)
{
  g_return_val_if_fail (TROVE_IS_DOWNLOAD_ROW (self), NULL);

  return self->download;
}

void
trove_download_row_set_download (TroveDownloadRow *self, TroveDownload *download)
{
  g_return_if_fail (TROVE_IS_DOWNLOAD_ROW (self));

  if (self->download == download)
    return;

  if (self->download != NULL)
    g_signal_handlers_disconnect_by_data (self->download, self);
  g_set_object (&self->download, download);
  if (download != NULL)
    g_signal_connect_swapped (download, "notify", G_CALLBACK (update), self);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOWNLOAD]);
}

static void
pause_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  trove_download_pause (TROVE_DOWNLOAD_ROW (widget)->download);
}

static void
resume_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  trove_download_resume (TROVE_DOWNLOAD_ROW (widget)->download);
}

static void
retry_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  trove_download_retry (TROVE_DOWNLOAD_ROW (widget)->download);
}

/* The window asks whether to allow paid downloads for the item's account. */
static void
allow_paid_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  gtk_widget_activate_action (widget, "win.allow-paid-downloads", "s",
                              trove_download_get_account_id (
                                  TROVE_DOWNLOAD_ROW (widget)->download));
}

static void
cancel_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  trove_download_cancel (TROVE_DOWNLOAD_ROW (widget)->download);
}

static void
open_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  g_autofree char *uri =
      g_file_get_uri (trove_download_get_destination (TROVE_DOWNLOAD_ROW (widget)->download));

  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (widget)), uri, GDK_CURRENT_TIME);
}

static void
shown_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GFile) file = user_data;
  g_autoptr (GVariant) reply =
      g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);

  /* No file manager on the bus: open the folder instead. */
  if (reply == NULL)
    {
      g_autoptr (GFile) parent = g_file_get_parent (file);
      g_autofree char *uri = g_file_get_uri (parent);

      g_app_info_launch_default_for_uri (uri, NULL, NULL);
    }
}

static void
show_in_files_action (GtkWidget *widget, const char *name, GVariant *parameter)
{
  GFile *file = trove_download_get_destination (TROVE_DOWNLOAD_ROW (widget)->download);
  g_autofree char *uri = g_file_get_uri (file);
  const char *uris[] = { uri, NULL };
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  if (bus == NULL)
    {
      shown_cb (NULL, NULL, g_object_ref (file));
      return;
    }

  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, shown_cb, g_object_ref (file));
}

static void
trove_download_row_dispose (GObject *object)
{
  TroveDownloadRow *self = TROVE_DOWNLOAD_ROW (object);

  trove_download_row_set_download (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_DOWNLOAD_ROW);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (trove_download_row_parent_class)->dispose (object);
}

static void
trove_download_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_DOWNLOAD:
      g_value_set_object (value, TROVE_DOWNLOAD_ROW (object)->download);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_download_row_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_DOWNLOAD:
      trove_download_row_set_download (TROVE_DOWNLOAD_ROW (object), g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_download_row_class_init (TroveDownloadRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_download_row_dispose;
  object_class->get_property = trove_download_row_get_property;
  object_class->set_property = trove_download_row_set_property;

  properties[PROP_DOWNLOAD] =
      g_param_spec_object ("download", NULL, NULL, TROVE_TYPE_DOWNLOAD,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-download-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadRow, icon);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadRow, progress);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadRow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadRow, resume_button);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadRow, allow_paid_button);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadRow, open_button);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadRow, show_button);

  gtk_widget_class_install_action (widget_class, "download.pause", NULL, pause_action);
  gtk_widget_class_install_action (widget_class, "download.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "download.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "download.allow-paid", NULL, allow_paid_action);
  gtk_widget_class_install_action (widget_class, "download.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "download.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "download.show-in-files", NULL,
                                   show_in_files_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
trove_download_row_init (TroveDownloadRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
