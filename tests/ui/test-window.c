/* test-window.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-application.h"
#include "trove-avatar-text.h"
#include "trove-test-util.h"
#include "trove-window-private.h"

/* One registered application for the whole program, as in the app itself. */
static TroveApplication *app;

/* The suite runs on GL and on cairo; GTK falls back to cairo without a word when GL cannot be
 * used, which would make the GL run a second cairo run. */
static void
assert_renderer (GtkWidget *window)
{
  const char *wanted = g_getenv ("GSK_RENDERER");
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  g_assert_nonnull (renderer);
  if (g_strcmp0 (wanted, "gl") == 0)
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskGLRenderer");
  else if (g_strcmp0 (wanted, "cairo") == 0)
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskCairoRenderer");
}

static void
test_window_opens_and_finalizes (void)
{
  TroveWindow *window;

  window = trove_window_new (GTK_APPLICATION (app));
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  assert_renderer (GTK_WIDGET (window));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Trove");
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (window));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_remembers_size (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  TroveWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 800);
  g_settings_set_int (settings, "window-height", 500);

  window = g_object_ref (trove_window_new (GTK_APPLICATION (app)));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 800);
  g_assert_cmpint (height, ==, 500);

  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* At 360 pixels the sidebar and the content fold into one pane; wide, they sit side by side. */
static void
test_window_folds_when_narrow (void)
{
  TroveWindow *window = g_object_ref (trove_window_new (GTK_APPLICATION (app)));
  gint64 deadline;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  TROVE_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!_trove_window_get_folded (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (_trove_window_get_folded (window));
  while (gtk_widget_get_width (GTK_WIDGET (window)) > 400 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (_trove_window_get_folded (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (_trove_window_get_folded (window));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Avatars draw initials from letters, never from a bracket or an emoji. */
static void
test_avatar_text (void)
{
  static const char *const cases[][2] = {
    { "Nova Studio (agency)", "Nova Studio" },
    { "Mira Solberg", "Mira Solberg" },
    { "🌊 Zoë  Émile", "Zoë Émile" },
    { "(agency)", "(agency)" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = trove_avatar_text (cases[i][0]);

      g_assert_cmpstr (text, ==, cases[i][1]);
    }
}

int
main (int argc, char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = trove_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("could not register the application");

  g_test_add_func ("/window/opens-and-finalizes", test_window_opens_and_finalizes);
  g_test_add_func ("/window/folds-when-narrow", test_window_folds_when_narrow);
  g_test_add_func ("/window/remembers-size", test_window_remembers_size);
  g_test_add_func ("/window/avatar-text", test_avatar_text);

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
