/* trove-downloads-group.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TROVE_TYPE_DOWNLOADS_GROUP (trove_downloads_group_get_type ())

/* Preferences' download settings: the folder ("prefs.choose-folder"), the file-name
 * template with an example, how many downloads run at once, file dates and provenance. */
G_DECLARE_FINAL_TYPE (TroveDownloadsGroup,
                      trove_downloads_group,
                      TROVE,
                      DOWNLOADS_GROUP,
                      AdwPreferencesGroup)

G_END_DECLS
