/* trove-free-name.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-filename-template.h"
#include "trove-free-name.h"

GFile *
trove_free_name_find (GFile *wanted, TroveFreeNameTake take, gpointer user_data, GError **error)
{
  g_autofree char *basename = g_file_get_basename (wanted);
  g_autoptr (GFile) parent = g_file_get_parent (wanted);
  g_autoptr (GFile) candidate = g_object_ref (wanted);

  for (guint i = 2;; i++)
    {
      g_autoptr (GError) local_error = NULL;
      g_autofree char *other = NULL;

      if (take (candidate, user_data, &local_error))
        return g_steal_pointer (&candidate);
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS) ||
          i > TROVE_FILENAME_MAX_TAKEN)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      other = trove_filename_numbered (basename, i);
      g_clear_object (&candidate);
      candidate = g_file_get_child (parent, other);
    }
}
