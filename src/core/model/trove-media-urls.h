/* trove-media-urls.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How TroveMedia keeps an item's variant URLs while nobody asks for them: they are most of what
 * a listed item weighs, and much of them repeats (the same host and path, the item's id) or is
 * hex (signatures), which takes half the room as nibbles. */

/* The most trove_media_urls_encode() writes for @urls. */
gsize trove_media_urls_bound (const char *const *urls, guint n_urls);

/* Writes the @n_urls (at most 8) @urls (NULL where a variant has none) of the item @id to @out;
 * returns the bytes written. */
gsize trove_media_urls_encode (guint8 *out, const char *id, const char *const *urls, guint n_urls);

/* Reads back the first @n_urls URLs trove_media_urls_encode() wrote at @data (fewer than were
 * written is fine); @urls get new strings or NULL. */
void trove_media_urls_decode (const guint8 *data, const char *id, char **urls, guint n_urls);

G_END_DECLS
