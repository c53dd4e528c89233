/* trove-part-owner.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The extended attribute that records which item a .part, and the file it becomes, holds. */
#define TROVE_DOWNLOAD_OWNER_XATTR "user.trove.media"

/* "account/media": what a .part and a finished file of @media_id record. */
char *trove_download_owner_key (const char *account_id, const char *media_id);

/* The owner of a .part, as recorded on it ("account/media"), or NULL. */
char *trove_download_part_owner (const char *part_path);

/* Records @key on the .part open as @fd (never through a link); in a hidden file beside
 * @part_path where the file system keeps no extended attributes. */
void trove_download_claim_part (int fd, const char *part_path, const char *key);

/* Drops what trove_download_claim_part() kept beside @part_path, once it is renamed. */
void trove_download_forget_part_owner (const char *part_path);

G_END_DECLS
