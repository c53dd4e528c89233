/* trove-account-budget.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "trove-account-budget.h"

typedef struct
{
  char *path;
  char *written; /* the text last written, to skip writing the same again */
} Watch;

static void
watch_free (Watch *watch)
{
  g_free (watch->path);
  g_free (watch->written);
  g_free (watch);
}

static char *
budget_path (const char *account_id)
{
  g_autofree char *name = g_strconcat (account_id, ".json", NULL);

  /* An id is a file name of ours, but never let one climb out of the folder. */
  g_strdelimit (name, "/\\", '_');
  return g_build_filename (g_get_user_state_dir (), "trove", "budget", name, NULL);
}

static gint64
member_int (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
             ? json_node_get_int (node)
             : -1;
}

gboolean
trove_account_budget_load (const char *account_id, TroveAccountBudget *budget)
{
  g_autofree char *path = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;

  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (budget != NULL, FALSE);

  budget->limit = budget->remaining = budget->reset_at = budget->credits = budget->updated_at = -1;

  path = budget_path (account_id);
  if (!json_parser_load_from_mapped_file (parser, path, NULL))
    return FALSE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  budget->limit = member_int (object, "limit");
  budget->remaining = member_int (object, "remaining");
  budget->reset_at = member_int (object, "reset_at");
  budget->credits = member_int (object, "credits");
  budget->updated_at = member_int (object, "updated_at");

  return TRUE;
}

static char *
describe (TroveRateGovernor *governor)
{
  gint64 reset_at = trove_rate_governor_get_reset_at (governor);

  return g_strdup_printf ("{\"limit\":%" G_GINT64_FORMAT ",\"remaining\":%" G_GINT64_FORMAT
                          ",\"reset_at\":%" G_GINT64_FORMAT ",\"credits\":%" G_GINT64_FORMAT,
                          trove_rate_governor_get_limit (governor),
                          trove_rate_governor_get_remaining (governor),
                          reset_at > 0 ? reset_at : -1, trove_rate_governor_get_credits (governor));
}

static void
save (TroveRateGovernor *governor, GParamSpec *pspec, Watch *watch)
{
  g_autofree char *figures = describe (governor);
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  int fd = -1;
  gsize length;

  /* Nothing known yet, or nothing new: the file keeps what an earlier run learned. */
  if (g_strcmp0 (figures, watch->written) == 0 || (trove_rate_governor_get_limit (governor) < 0 &&
                                                   trove_rate_governor_get_credits (governor) < 0))
    return;

  dir = g_path_get_dirname (watch->path);
  text = g_strdup_printf ("%s,\"updated_at\":%" G_GINT64_FORMAT "}\n", figures,
                          g_get_real_time () / G_USEC_PER_SEC);
  length = strlen (text);
  /* Overwritten in place and cut to length after, without fsync: this runs after every call,
   * and g_file_set_contents() fsyncs a file that exists, while ext4 writes out at once a file
   * replaced by a rename or truncated to zero. A lost or torn update costs only a stale
   * figure: a file that does not parse is read as nothing known. */
  if ((watch->written == NULL && g_mkdir_with_parents (dir, 0700) != 0) ||
      (fd = g_open (watch->path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) < 0 ||
      pwrite (fd, text, length, 0) != (gssize) length || ftruncate (fd, length) != 0)
    g_debug ("Could not record the budget in %s: %s", watch->path, g_strerror (errno));
  if (fd >= 0)
    close (fd);

  g_free (watch->written);
  watch->written = g_strdup (figures);
}

void
trove_account_budget_watch (TroveRateGovernor *governor, const char *account_id)
{
  Watch *watch;

  g_return_if_fail (TROVE_IS_RATE_GOVERNOR (governor));
  g_return_if_fail (account_id != NULL);

  watch = g_new0 (Watch, 1);
  watch->path = budget_path (account_id);
  g_signal_connect_data (governor, "notify", G_CALLBACK (save), watch, (GClosureNotify) watch_free,
                         0);
  save (governor, NULL, watch);
}
