/* main.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "trove-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr (TroveApplication) app = NULL;

  /* trove-cli's variable: the app uses the keyring, and what it launches inherits nothing. */
  g_unsetenv ("TROVE_TOKEN");

  /* Catalogs from elsewhere: the build tree's, or a test's pseudo-translation. */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("TROVE_LOCALEDIR") ? g_getenv ("TROVE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  trove_application_prepare_environment ();
  app = trove_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
