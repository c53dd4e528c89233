/* ts-content.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>

#include "ts-content.h"

struct _TsContent
{
  GBytes *video;
  GBytes *audio;
  gsize blob_size;
  gsize cache_budget; /* generated files are kept up to this; past it they are generated again */
  GHashTable *cache;  /* "id/variant" -> GBytes */
  gsize cached;
};

/* The archive set's videos end in an EBML Void element of this length that names their
 * content, so that each is a file of its own and still plays. */
#define VIDEO_TAG_LENGTH 64

/* The archive set's sounds carry a chunk that names their content, which players skip. */
#define AUDIO_TAG_LENGTH 70

static GBytes *
make_wav (guint frequency, const char *key)
{
  const guint rate = 8000, samples = rate; /* one second */
  gsize size = 44 + samples * 2 + (key ? AUDIO_TAG_LENGTH : 0);
  guint8 *data = g_malloc0 (size);
  guint32 u32;
  guint16 u16;

#define PUT(offset, value, bytes) (memcpy (data + (offset), &(value), bytes))
  memcpy (data, "RIFF", 4);
  u32 = GUINT32_TO_LE (size - 8), PUT (4, u32, 4);
  memcpy (data + 8, "WAVEfmt ", 8);
  u32 = GUINT32_TO_LE (16), PUT (16, u32, 4);
  u16 = GUINT16_TO_LE (1), PUT (20, u16, 2);
  u16 = GUINT16_TO_LE (1), PUT (22, u16, 2);
  u32 = GUINT32_TO_LE (rate), PUT (24, u32, 4);
  u32 = GUINT32_TO_LE (rate * 2), PUT (28, u32, 4);
  u16 = GUINT16_TO_LE (2), PUT (32, u16, 2);
  u16 = GUINT16_TO_LE (16), PUT (34, u16, 2);
  memcpy (data + 36, "data", 4);
  u32 = GUINT32_TO_LE (samples * 2), PUT (40, u32, 4);
#undef PUT

  for (guint i = 0; i < samples; i++)
    {
      gint16 sample = (gint16) (8000 * sin (2 * G_PI * frequency * i / rate));
      guint16 le = GUINT16_TO_LE ((guint16) sample);

      memcpy (data + 44 + i * 2, &le, 2);
    }

  if (key != NULL)
    {
      guint8 *tag = data + 44 + samples * 2;

      memcpy (tag, "trov", 4);
      u32 = GUINT32_TO_LE (AUDIO_TAG_LENGTH - 8), memcpy (tag + 4, &u32, 4);
      memcpy (tag + 8, key, MIN (strlen (key), AUDIO_TAG_LENGTH - 8));
    }

  return g_bytes_new_take (data, size);
}

TsContent *
ts_content_new (const char *video_path, gsize blob_size, gsize cache_budget, GError **error)
{
  TsContent *self;
  char *video = NULL;
  gsize video_length = 0;

  if (!g_file_get_contents (video_path, &video, &video_length, error))
    return NULL;

  self = g_new0 (TsContent, 1);
  self->video = g_bytes_new_take (video, video_length);
  self->audio = make_wav (440, NULL);
  self->blob_size = blob_size;
  self->cache_budget = cache_budget;
  self->cache =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);

  return self;
}

void
ts_content_free (TsContent *self)
{
  g_bytes_unref (self->video);
  g_bytes_unref (self->audio);
  g_hash_table_unref (self->cache);
  g_free (self);
}

void
ts_content_variant_size (TsMedia *media, const char *variant, int *width, int *height)
{
  int limit;

  *width = *height = 0;
  if (media->width == 0 || media->height == 0)
    return;

  if (g_str_equal (variant, "main"))
    limit = MAX (media->width, media->height);
  else if (g_str_equal (variant, "thumbnail"))
    limit = 480;
  else if (g_str_equal (variant, "thumbnail_gallery"))
    limit = 256;
  else
    limit = 64; /* blurred */

  if (g_str_equal (variant, "thumbnail_gallery"))
    {
      *width = *height = limit;
      return;
    }

  *width = media->width >= media->height ? limit : media->width * limit / media->height;
  *height = media->height > media->width ? limit : media->height * limit / media->width;
}

static const char *
content_key (TsMedia *media)
{
  return media->content_key ? media->content_key : media->id;
}

/* The archive set's main images are padded to a size taken from their content key, between
 * 150 and 500 kB, so that listings can say it before anything is made. */
static gsize
image_target_size (TsMedia *media)
{
  return 150000 + g_str_hash (content_key (media)) % 350000;
}

/* Pads a JPEG to @target bytes with comment segments after its start marker. */
static GBytes *
pad_jpeg (GBytes *jpeg, gsize target, guint seed)
{
  gsize length = g_bytes_get_size (jpeg);
  const guint8 *data = g_bytes_get_data (jpeg, NULL);
  GByteArray *padded;
  gsize extra;
  guint32 state = seed | 1;

  if (length + 4 > target)
    return g_bytes_ref (jpeg);

  padded = g_byte_array_sized_new (target);
  g_byte_array_append (padded, data, 2);
  for (extra = target - length; extra > 0;)
    {
      /* A segment is 4 to 65537 bytes: never leave fewer than 4 for the last one. */
      gsize segment = MIN (extra, 65537);
      guint8 head[4];

      if (extra - segment > 0 && extra - segment < 4)
        segment -= 4;
      head[0] = 0xff;
      head[1] = 0xfe;
      head[2] = (segment - 2) >> 8;
      head[3] = (segment - 2) & 0xff;
      g_byte_array_append (padded, head, 4);
      for (gsize i = 4; i < segment; i++)
        {
          guint8 byte;

          state ^= state << 13;
          state ^= state >> 17;
          state ^= state << 5;
          byte = 'a' + state % 26;
          g_byte_array_append (padded, &byte, 1);
        }
      extra -= segment;
    }
  g_byte_array_append (padded, data + 2, length - 2);

  return g_byte_array_free_to_bytes (padded);
}

static GBytes *
tag_video (GBytes *video, TsMedia *media)
{
  GByteArray *tagged = g_byte_array_sized_new (g_bytes_get_size (video) + VIDEO_TAG_LENGTH);
  guint8 tag[VIDEO_TAG_LENGTH] = { 0xec, 0x80 | (VIDEO_TAG_LENGTH - 2) };

  memcpy (tag + 2, content_key (media), MIN (strlen (content_key (media)), VIDEO_TAG_LENGTH - 2));
  g_byte_array_append (tagged, g_bytes_get_data (video, NULL), g_bytes_get_size (video));
  g_byte_array_append (tagged, tag, sizeof tag);
  return g_byte_array_free_to_bytes (tagged);
}

gint64
ts_content_main_size (TsContent *self, TsMedia *media)
{
  if (media->content_key == NULL)
    return 0;

  switch (media->kind)
    {
    case TS_KIND_IMAGE:
      return image_target_size (media);
    case TS_KIND_VIDEO:
      return g_bytes_get_size (self->video) + VIDEO_TAG_LENGTH;
    case TS_KIND_AUDIO:
      return g_bytes_get_size (self->audio) + AUDIO_TAG_LENGTH;
    case TS_KIND_DOCUMENT:
    default:
      return self->blob_size;
    }
}

static GBytes *
make_image (TsMedia *media, const char *variant)
{
  guint hash = g_str_hash (content_key (media));
  int width, height;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autofree char *buffer = NULL;
  gsize size = 0;
  guint8 *pixels;
  int stride;

  ts_content_variant_size (media, variant, &width, &height);
  if (width == 0)
    width = height = 256;

  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);

  /* A diagonal gradient between two colours taken from the id: every item looks different. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;
        double t = (double) (x + y) / (width + height);

        p[0] = (guint8) ((hash & 0xff) * (1 - t) + ((hash >> 24) & 0xff) * t);
        p[1] = (guint8) (((hash >> 8) & 0xff) * (1 - t) + ((hash >> 4) & 0xff) * t);
        p[2] = (guint8) (((hash >> 16) & 0xff) * (1 - t) + 200 * t);
      }

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", NULL, "quality", "80", NULL))
    return NULL;

  if (media->content_key != NULL && g_str_equal (variant, "main"))
    {
      g_autoptr (GBytes) jpeg = g_bytes_new_take (g_steal_pointer (&buffer), size);

      return pad_jpeg (jpeg, image_target_size (media), hash);
    }

  return g_bytes_new_take (g_steal_pointer (&buffer), size);
}

static GBytes *
make_document (TsContent *self, TsMedia *media)
{
  guint8 *data = g_malloc (self->blob_size);
  static const char header[] = "%PDF-1.4\n% Trove test document\n";
  guint64 state = g_str_hash (content_key (media)) | 1;

  /* xorshift64, eight bytes a step: cheap enough that serving large blobs costs the server
   * next to nothing, and download benchmarks measure the client. */
  for (gsize i = 0; i < self->blob_size; i += sizeof state)
    {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      memcpy (data + i, &state, MIN (sizeof state, self->blob_size - i));
    }
  memcpy (data, header, MIN (sizeof header - 1, self->blob_size));

  return g_bytes_new_take (data, self->blob_size);
}

GBytes *
ts_content_get (TsContent *self, TsMedia *media, const char *variant, const char **content_type)
{
  gboolean main_variant = g_str_equal (variant, "main");
  g_autofree char *key = NULL;
  GBytes *bytes;

  if (!main_variant && !g_str_equal (variant, "thumbnail") &&
      !g_str_equal (variant, "thumbnail_gallery") && !g_str_equal (variant, "blurred"))
    return NULL;

  /* Only images and videos have pictures other than themselves. */
  if (!main_variant && media->kind != TS_KIND_IMAGE && media->kind != TS_KIND_VIDEO)
    return NULL;

  if (main_variant && media->kind == TS_KIND_VIDEO && media->content_key == NULL)
    {
      *content_type = "video/webm";
      return g_bytes_ref (self->video);
    }
  if (main_variant && media->kind == TS_KIND_AUDIO && media->content_key == NULL)
    {
      *content_type = "audio/wav";
      return g_bytes_ref (self->audio);
    }

  key = g_strdup_printf ("%s/%s", content_key (media), variant);
  bytes = g_hash_table_lookup (self->cache, key);
  if (bytes == NULL)
    {
      /* The archive set's videos and sounds differ by content: a file of their own each. */
      if (main_variant && media->kind == TS_KIND_VIDEO)
        bytes = tag_video (self->video, media);
      else if (main_variant && media->kind == TS_KIND_AUDIO)
        bytes = make_wav (300 + g_str_hash (content_key (media)) % 600, content_key (media));
      else
        bytes = main_variant && media->kind == TS_KIND_DOCUMENT ? make_document (self, media)
                                                                : make_image (media, variant);
      if (bytes == NULL)
        return NULL;

      if (self->cached + g_bytes_get_size (bytes) > self->cache_budget)
        {
          g_hash_table_remove_all (self->cache);
          self->cached = 0;
        }
      self->cached += g_bytes_get_size (bytes);
      g_hash_table_insert (self->cache, g_steal_pointer (&key), bytes);
    }

  *content_type = !main_variant || media->kind == TS_KIND_IMAGE ? "image/jpeg"
                  : media->kind == TS_KIND_DOCUMENT             ? "application/pdf"
                  : media->kind == TS_KIND_VIDEO                ? "video/webm"
                                                                : "audio/wav";
  return g_bytes_ref (bytes);
}
