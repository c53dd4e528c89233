/* trove-cli.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * trove-cli: the accounts, listings and downloads of Trove for scripts. See trove-cli(1).
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>

#include "trove-cli.h"

static gboolean
interrupt_cb (gpointer user_data)
{
  trove_cli_interrupted = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
print_usage (void)
{
  /* Translators: the commands and options are typed as they are: translate only the words
   * around them and the upper-case placeholders. */
  g_printerr (
      "%s",
      _ ("Usage: trove-cli COMMAND [OPTIONS]\n\n"
         "Commands:\n"
         "  accounts list [--json]\n"
         "  accounts add --name NAME --kind fanvue|fanvue-agency|onlyfansapi [--token-stdin] ...\n"
         "  accounts add --name NAME --kind fanvue|fanvue-agency --sign-in --client-id ID ...\n"
         "  accounts remove NAME\n"
         "  chats    --account NAME [--json]\n"
         "  media    --account NAME --chat ID|--all-chats [--kind K] [--from me|fan] [--since D] "
         "[--until D] [--json]\n"
         "  download --account NAME --chat ID|--all-chats [--dest DIR] [--jobs N] [--template T] "
         "[--dry-run] [--json] ...\n"
         "  sync     [--account NAME] [--full] [--dest DIR] [--jobs N] [--template T]\n\n"
         "Each command takes --help. See trove-cli(1).\n"));
}

int
main (int argc, char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  /* Past a file-size limit, a write should fail (and the job with it), not kill the process. */
  signal (SIGXFSZ, SIG_IGN);
  /* Catalogs from elsewhere: the build tree's, or a test's pseudo-translation. */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("TROVE_LOCALEDIR") ? g_getenv ("TROVE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_usage ();
      return argc < 2 ? EXIT_USAGE : EXIT_DONE;
    }

  g_unix_signal_add (SIGINT, interrupt_cb, NULL);
  g_unix_signal_add (SIGTERM, interrupt_cb, NULL);

  if (g_str_equal (argv[1], "accounts") && argc >= 3 && g_str_equal (argv[2], "list"))
    status = trove_cli_accounts_list (argc - 2, argv + 2);
  else if (g_str_equal (argv[1], "accounts") && argc >= 3 && g_str_equal (argv[2], "add"))
    status = trove_cli_accounts_add (argc - 2, argv + 2);
  else if (g_str_equal (argv[1], "accounts") && argc >= 3 && g_str_equal (argv[2], "remove"))
    status = trove_cli_accounts_remove (argc - 2, argv + 2);
  else if (g_str_equal (argv[1], "chats"))
    status = trove_cli_chats (argc - 1, argv + 1);
  else if (g_str_equal (argv[1], "media"))
    status = trove_cli_media (argc - 1, argv + 1);
  else if (g_str_equal (argv[1], "download"))
    status = trove_cli_download (argc - 1, argv + 1);
  else if (g_str_equal (argv[1], "sync"))
    status = trove_cli_sync (argc - 1, argv + 1);
  else
    {
      print_usage ();
      status = EXIT_USAGE;
    }

  if (trove_cli_interrupted && status == EXIT_DONE)
    status = EXIT_INTERRUPTED;

  return status;
}
