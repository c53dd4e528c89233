/* trove-part-owner.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "trove-part-owner.h"

#define OWNER_SIDECAR_PREFIX ".trove-owner-"

char *
trove_download_owner_key (const char *account_id, const char *media_id)
{
  return g_strdup_printf ("%s/%s", account_id ? account_id : "", media_id);
}

/* Where a file system keeps no extended attributes (FAT, exFAT, some network shares), a
 * hidden file beside the .part records its owner; its name has a fixed length. */
static char *
owner_sidecar (const char *part_path)
{
  g_autofree char *dir = g_path_get_dirname (part_path);
  g_autofree char *base = g_path_get_basename (part_path);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, base, -1);
  g_autofree char *name = g_strconcat (OWNER_SIDECAR_PREFIX, digest, NULL);

  return g_build_filename (dir, name, NULL);
}

static gboolean
no_xattrs (int error_code)
{
  /* EOPNOTSUPP is the same on Linux. */
  return error_code == ENOTSUP;
}

char *
trove_download_part_owner (const char *part_path)
{
  char value[512];
  GStatBuf buf;
  ssize_t n;
  char *contents = NULL;

  /* Only a regular file can be a .part: never a link to somewhere else. */
  if (g_lstat (part_path, &buf) != 0 || !S_ISREG (buf.st_mode))
    return NULL;

  n = lgetxattr (part_path, TROVE_DOWNLOAD_OWNER_XATTR, value, sizeof value);
  if (n >= 0)
    return g_strndup (value, n);
  if (no_xattrs (errno))
    {
      g_autofree char *sidecar = owner_sidecar (part_path);

      if (g_file_get_contents (sidecar, &contents, NULL, NULL))
        return contents;
    }
  return NULL;
}

void
trove_download_forget_part_owner (const char *part_path)
{
  g_autofree char *sidecar = owner_sidecar (part_path);

  g_unlink (sidecar);
}

void
trove_download_claim_part (int fd, const char *part_path, const char *key)
{
  if (fsetxattr (fd, TROVE_DOWNLOAD_OWNER_XATTR, key, strlen (key), 0) != 0 && no_xattrs (errno))
    {
      g_autofree char *sidecar = owner_sidecar (part_path);

      g_file_set_contents_full (sidecar, key, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL);
    }
}
