/* trove-application.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "trove-account-context.h"
#include "trove-application.h"
#include "trove-download-notifier.h"
#include "trove-http-client.h"
#include "trove-preferences-window.h"
#include "trove-window.h"

struct _TroveApplication
{
  AdwApplication parent_instance;

  TroveAccountStore *accounts;
  TroveDownloadQueue *downloads;
  TroveDownloadNotifier *notifier;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (TroveApplication, trove_application, ADW_TYPE_APPLICATION)

void
trove_application_prepare_environment (void)
{
  /* A GDK_DEBUG the user set is theirs to keep. */
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
}

TroveApplication *
trove_application_new (void)
{
  return g_object_new (TROVE_TYPE_APPLICATION, "application-id", APPLICATION_ID, "flags",
                       G_APPLICATION_DEFAULT_FLAGS, "resource-base-path", "/io/github/trove/Trove",
                       NULL);
}

static void
accounts_changed_cb (TroveAccountStore *accounts)
{
  trove_account_context_forget_removed (trove_account_context_get_default (), accounts);
}

TroveAccountStore *
trove_application_get_account_store (TroveApplication *self)
{
  g_return_val_if_fail (TROVE_IS_APPLICATION (self), NULL);

  /* Created on first use: the settings backend is only needed once there is a window. */
  if (self->accounts == NULL)
    {
      self->accounts = trove_account_store_new ();
      g_signal_connect (self->accounts, "items-changed", G_CALLBACK (accounts_changed_cb), NULL);
    }

  return self->accounts;
}

static void
max_concurrent_changed_cb (TroveApplication *self)
{
  trove_download_queue_set_max_concurrent (self->downloads,
                                           g_settings_get_int (self->settings,
                                                               "max-concurrent-downloads"));
  trove_download_queue_set_file_times (self->downloads,
                                       g_settings_get_boolean (self->settings, "set-file-times"));
  trove_download_queue_set_provenance (self->downloads,
                                       g_settings_get_boolean (self->settings, "write-provenance"));
}

static TroveProvider *
provider_for_account_cb (const char *account_id, gpointer user_data)
{
  TroveApplication *self = user_data;
  TroveAccount *account =
      trove_account_store_find (trove_application_get_account_store (self), account_id);

  return account
             ? trove_account_context_get_provider (trove_account_context_get_default (), account)
             : NULL;
}

TroveDownloadQueue *
trove_application_get_download_queue (TroveApplication *self)
{
  g_return_val_if_fail (TROVE_IS_APPLICATION (self), NULL);

  if (self->downloads == NULL)
    {
      g_autofree char *template_text = NULL;
      g_autoptr (GFile) folder = NULL;
      g_autoptr (TroveDownloadArchive) archive = NULL;
      g_autoptr (GError) error = NULL;

      self->settings = g_settings_new (BASE_APPLICATION_ID);
      folder = trove_account_context_dup_download_folder (trove_account_context_get_default ());
      template_text = g_settings_get_string (self->settings, "filename-template");

      /* Without the archive, downloads still work; they just cannot be skipped next time. */
      archive = trove_download_archive_new (NULL, &error);
      if (archive == NULL)
        g_warning ("%s", error->message);

      self->downloads = trove_download_queue_new (folder, template_text, archive);
      g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (max_concurrent_changed_cb),
                                self);
      max_concurrent_changed_cb (self);
      self->notifier = trove_download_notifier_new (GTK_APPLICATION (self), self->downloads);

      /* What the last run left unfinished goes on, from its .part files. */
      trove_download_queue_restore (self->downloads, provider_for_account_cb, self);
    }

  return self->downloads;
}

static void
trove_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      window = GTK_WINDOW (trove_window_new (GTK_APPLICATION (app)));
      trove_window_set_downloads (TROVE_WINDOW (window),
                                  trove_application_get_download_queue (TROVE_APPLICATION (app)));
      trove_window_set_accounts (TROVE_WINDOW (window),
                                 G_LIST_MODEL (trove_application_get_account_store (
                                     TROVE_APPLICATION (app))));
      /* A Download Everything the last session left unfinished goes on. */
      trove_window_resume_everything (TROVE_WINDOW (window), provider_for_account_cb, app);
    }

  gtk_window_present (window);
}

static void
trove_application_about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  static const char *developers[] = { "The Trove developers", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW, "transient-for", parent, "modal", TRUE,
                        "application-name", "Trove", "application-icon", BASE_APPLICATION_ID,
                        "version", PACKAGE_VERSION, "comments",
                        _ ("Browse, sort and keep the media shared in your fan chats"),
                        "developer-name", "The Trove developers", "developers", developers,
                        "copyright", "© 2026 The Trove developers", "license-type",
                        GTK_LICENSE_GPL_3_0, "website", "https://github.com/trove/Trove",
                        "issue-url", "https://github.com/trove/Trove/issues", "translator-credits",
                        _ ("translator-credits"), NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
trove_application_preferences_action (GSimpleAction *action,
                                      GVariant *parameter,
                                      gpointer user_data)
{
  TroveApplication *self = TROVE_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *preferences;

  preferences = GTK_WIDGET (
      trove_preferences_window_new (parent, trove_application_get_account_store (self)));
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
trove_application_quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", trove_application_about_action },
  { "preferences", trove_application_preferences_action },
  { "quit", trove_application_quit_action },
};

static void
trove_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<primary>q", NULL };
  static const char *preferences_accels[] = { "<primary>comma", NULL };

  G_APPLICATION_CLASS (trove_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
}

static void
trove_application_dispose (GObject *object)
{
  TroveApplication *self = TROVE_APPLICATION (object);

  g_clear_object (&self->accounts);
  g_clear_object (&self->notifier);
  g_clear_object (&self->downloads);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (trove_application_parent_class)->dispose (object);
}

static void
trove_application_class_init (TroveApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = trove_application_dispose;

  app_class->activate = trove_application_activate;
  app_class->startup = trove_application_startup;
}

static void
trove_application_init (TroveApplication *self)
{
}
