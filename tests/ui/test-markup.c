/* test-markup.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names, paths and templates come from users and servers: they are shown as they are, never
 * read as Pango markup (where "R&D" is an error and "<b>" a change of font).
 */

#include "config.h"

#include <adwaita.h>

#include "trove-application.h"
#include "trove-preferences-window.h"

static TroveApplication *app;

static void
collect (GtkWidget *widget, GType type, GPtrArray *found)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/* Whether a label under @widget shows exactly @text. */
static gboolean
shows_text (GtkWidget *widget, const char *text)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  collect (widget, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;

  return FALSE;
}

static GtkWidget *
find_row (GtkWidget *widget, const char *id)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();

  collect (widget, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (rows, i)), id) == 0)
      return g_ptr_array_index (rows, i);

  return NULL;
}

/* An account named "R&D <b>", a download folder and a file-name template with the same
 * characters: every row shows them literally, and GTK has nothing to warn about (warnings are
 * fatal here). */
static void
test_preferences_rows_show_text_literally (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  TroveAccountStore *store = trove_application_get_account_store (app);
  g_autofree char *folder = g_build_filename (g_get_tmp_dir (), "R&D <b>", NULL);
  TroveAccount *account;
  GtkWidget *window;
  GtkWidget *row;

  g_settings_set_string (settings, "download-folder", folder);
  g_settings_set_string (settings, "filename-template", "R&D {name}.{ext}");
  account = trove_account_store_add (store, TROVE_ACCOUNT_KIND_FANVUE, "R&D <b>");

  window = g_object_ref (GTK_WIDGET (trove_preferences_window_new (NULL, store)));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);

  row = find_row (window, trove_account_get_id (account));
  g_assert_nonnull (row);
  g_assert_true (shows_text (row, "R&D <b>"));
  g_assert_true (shows_text (window, folder));
  g_assert_true (shows_text (window, "R&D Rooftop sunset.mp4"));

  /* Editing it names it in the form's title. */
  {
    g_autoptr (GPtrArray) buttons = g_ptr_array_new ();

    collect (row, GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (buttons, i)), "edit") == 0)
        g_signal_emit_by_name (g_ptr_array_index (buttons, i), "clicked");
    g_assert_true (shows_text (window, "Edit “R&D <b>”"));
  }

  /* Renamed later: the same. */
  trove_account_store_rename (store, account, "Q&A <i>");
  g_assert_true (shows_text (row, "Q&A <i>"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_settings_reset (settings, "accounts");
  g_settings_reset (settings, "download-folder");
  g_settings_reset (settings, "filename-template");
}

int
main (int argc, char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/markup/preferences-rows-show-text-literally",
                   test_preferences_rows_show_text_literally);

  status = g_test_run ();

  g_object_unref (app);
  return status;
}
