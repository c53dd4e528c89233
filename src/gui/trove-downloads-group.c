/* trove-downloads-group.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-context.h"
#include "trove-downloads-group.h"
#include "trove-filename-example.h"

struct _TroveDownloadsGroup
{
  AdwPreferencesGroup parent_instance;

  AdwActionRow *folder_row;
  AdwEntryRow *template_row;
  AdwActionRow *preview_row;
  GtkSpinButton *concurrency_spin;
  GtkSwitch *file_times_switch;
  GtkSwitch *provenance_switch;
  AdwActionRow *sync_timer_row;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (TroveDownloadsGroup, trove_downloads_group, ADW_TYPE_PREFERENCES_GROUP)

/* An example item, so that the template's effect is visible as it is typed. */
static void
template_changed_cb (TroveDownloadsGroup *self)
{
  const char *template_text = gtk_editable_get_text (GTK_EDITABLE (self->template_row));
  g_autoptr (GError) error = NULL;
  g_autofree char *example = trove_filename_template_render_example (template_text, &error);

  if (example == NULL)
    {
      adw_action_row_set_subtitle (self->preview_row, error->message);
      return;
    }

  adw_action_row_set_subtitle (self->preview_row, example);
  g_settings_set_string (self->settings, "filename-template", template_text);
}

/* Enabled is what `systemctl --user enable` leaves: a link in timers.target.wants, in the user's
 * configuration or the system's for every user. Reading it needs no systemd to be running. */
static gboolean
sync_timer_enabled (void)
{
  g_autofree char *user = g_build_filename (g_get_user_config_dir (), "systemd", "user",
                                            "timers.target.wants", "trove-sync.timer", NULL);

  return g_file_test (user, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK) ||
         g_file_test ("/etc/systemd/user/timers.target.wants/trove-sync.timer", G_FILE_TEST_EXISTS);
}

/* On each show: the timer is turned on and off outside the app. */
static void
show_sync_timer (TroveDownloadsGroup *self)
{
  if (sync_timer_enabled ())
    adw_action_row_set_subtitle (self->sync_timer_row,
                                 _ ("On: trove-cli sync downloads what is new once a day"));
  else
    /* Translators: the command is typed as it is. */
    adw_action_row_set_subtitle (self->sync_timer_row, _ ("Off. To turn it on: systemctl --user "
                                                          "enable --now trove-sync.timer"));
}

static void
show_folder (TroveDownloadsGroup *self)
{
  g_autoptr (GFile) folder =
      trove_account_context_dup_download_folder (trove_account_context_get_default ());
  g_autofree char *path = g_file_get_path (folder);

  adw_action_row_set_subtitle (self->folder_row, path);
}

static void
folder_chosen_cb (GtkNativeDialog *dialog, int response, TroveDownloadsGroup *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (folder);

      g_settings_set_string (self->settings, "download-folder", path);
      adw_action_row_set_subtitle (self->folder_row, path);
    }
  g_object_unref (dialog);
}

static void
choose_folder_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveDownloadsGroup *self = TROVE_DOWNLOADS_GROUP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog =
      gtk_file_chooser_native_new (_ ("Download Folder"),
                                   GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("_Select"), NULL);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (folder_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
trove_downloads_group_dispose (GObject *object)
{
  TroveDownloadsGroup *self = TROVE_DOWNLOADS_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_DOWNLOADS_GROUP);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (trove_downloads_group_parent_class)->dispose (object);
}

static void
trove_downloads_group_class_init (TroveDownloadsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_downloads_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-downloads-group.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadsGroup, folder_row);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadsGroup, template_row);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadsGroup, preview_row);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadsGroup, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadsGroup, file_times_switch);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadsGroup, provenance_switch);
  gtk_widget_class_bind_template_child (widget_class, TroveDownloadsGroup, sync_timer_row);
  gtk_widget_class_bind_template_callback (widget_class, template_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_sync_timer);

  gtk_widget_class_install_action (widget_class, "prefs.choose-folder", NULL, choose_folder_action);
}

static void
trove_downloads_group_init (TroveDownloadsGroup *self)
{
  g_autofree char *template_text = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (BASE_APPLICATION_ID);

  show_folder (self);
  show_sync_timer (self);
  template_text = g_settings_get_string (self->settings, "filename-template");
  gtk_editable_set_text (GTK_EDITABLE (self->template_row), template_text);
  g_settings_bind (self->settings, "max-concurrent-downloads", self->concurrency_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "set-file-times", self->file_times_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "write-provenance", self->provenance_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}
