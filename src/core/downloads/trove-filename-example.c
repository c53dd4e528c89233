/* trove-filename-example.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-filename-example.h"
#include "trove-filename-template.h"
#include "trove-media-private.h"

char *
trove_filename_template_render_example (const char *template_text, GError **error)
{
  g_autoptr (TroveMedia) media = NULL;
  g_autoptr (GDateTime) sent = NULL;

  if (!trove_filename_template_check (template_text, error))
    return NULL;

  media = trove_media_new ("8f14e45f-ceea-4e7a-9bd2-1c7a4f5b6c3d", "a1b2c3", "sam",
                           TROVE_MEDIA_KIND_VIDEO);
  sent = g_date_time_new_utc (2024, 1, 15, 10, 30, 0);
  trove_media_set_name (media, "Rooftop sunset.mp4");
  trove_media_set_sent_at (media, sent);

  return trove_filename_template_render (template_text, media, "Mira Solberg", "Sam A.");
}
