/* trove-page-walk.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-error.h"
#include "trove-page-walk.h"

struct _TrovePageWalk
{
  GHashTable *taken; /* tokens of the pages taken */
  guint empty_run;   /* pages in a row with nothing new */
};

TrovePageWalk *
trove_page_walk_new (void)
{
  TrovePageWalk *self = g_new0 (TrovePageWalk, 1);

  self->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
trove_page_walk_free (TrovePageWalk *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->taken);
  g_free (self);
}

void
trove_page_walk_reset (TrovePageWalk *self)
{
  g_hash_table_remove_all (self->taken);
  self->empty_run = 0;
}

gboolean
trove_page_walk_seen (TrovePageWalk *self, const char *token)
{
  return token != NULL && g_hash_table_contains (self->taken, token);
}

gboolean
trove_page_walk_take (TrovePageWalk *self,
                      const char *token,
                      guint n_new,
                      guint n_total,
                      const char *next_token,
                      GError **error)
{
  if (token != NULL)
    g_hash_table_add (self->taken, g_strdup (token));

  self->empty_run = n_new > 0 ? 0 : self->empty_run + 1;

  if (next_token == NULL)
    return TRUE;

  if (g_strcmp0 (next_token, token) == 0 || trove_page_walk_seen (self, next_token))
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_INCOMPLETE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The service repeated a page; stopped after %u item.",
                                "The service repeated a page; stopped after %u items.", n_total),
                   n_total);
      return FALSE;
    }

  if (self->empty_run > TROVE_PAGE_WALK_MAX_EMPTY_PAGES)
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_INCOMPLETE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The service kept saying there was more but sent nothing new; "
                                "stopped after %u item.",
                                "The service kept saying there was more but sent nothing new; "
                                "stopped after %u items.",
                                n_total),
                   n_total);
      return FALSE;
    }

  return TRUE;
}
