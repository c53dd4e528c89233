/* test-filename-template.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>

#include "trove-error.h"
#include "trove-filename-template.h"
#include "trove-media-private.h"

static TroveMedia *
media_named (const char *name)
{
  TroveMedia *media = trove_media_new ("m-1", "msg-1", "chat-1", TROVE_MEDIA_KIND_VIDEO);
  g_autoptr (GDateTime) sent = g_date_time_new_utc (2024, 1, 15, 10, 30, 0);

  trove_media_set_name (media, name);
  trove_media_set_sent_at (media, sent);
  trove_media_set_sender (media, "fan-1", FALSE);
  return media;
}

/* @relative stays inside the folder, as exactly @components path components. */
static void
assert_inside (const char *relative, guint components)
{
  g_autoptr (GFile) folder = g_file_new_for_path ("/tmp/trove-dest");
  g_autoptr (GFile) file = trove_filename_resolve (folder, relative);
  g_auto (GStrv) parts = g_strsplit (relative, "/", -1);

  g_assert_nonnull (file);
  g_assert_true (g_file_has_prefix (file, folder));
  g_assert_cmpuint (g_strv_length (parts), ==, components);
  for (guint i = 0; parts[i]; i++)
    {
      g_assert_cmpuint (strlen (parts[i]), >, 0);
      g_assert_cmpuint (strlen (parts[i]), <=, 255);
      g_assert_true (g_utf8_validate (parts[i], -1, NULL));
      g_assert_cmpstr (parts[i], !=, "..");
      g_assert_cmpstr (parts[i], !=, ".");
      for (const char *c = parts[i]; *c; c++)
        g_assert_false (g_ascii_iscntrl (*c));
    }
}

static void
test_nasty_names_stay_inside (void)
{
  g_autoptr (GString) long_name = g_string_new (NULL);
  const char *names[] = {
    "../../etc/passwd",         "a/b/c.mp4", "con\x01trol\x7f.mp4", "", "..", ".", " . ",
    "\xff\xfe broken utf8.mp4", NULL,        "normal name.mp4",
  };

  for (guint i = 0; i < 200; i++)
    g_string_append (long_name, "é");
  g_string_append (long_name, ".mp4");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (TroveMedia) media = media_named (names[i]);
      g_autofree char *relative = trove_filename_template_render ("{account}/{chat}/{name}.{ext}",
                                                                  media, "../acct", "/chat");

      assert_inside (relative, 3);
    }

  {
    g_autoptr (TroveMedia) media = media_named (long_name->str);
    g_autofree char *relative = trove_filename_template_render ("{name}.{ext}", media, NULL, NULL);

    assert_inside (relative, 1);
    g_assert_true (g_str_has_suffix (relative, ".mp4"));
  }
}

static void
test_renders_placeholders (void)
{
  g_autoptr (TroveMedia) media = media_named ("Été à la plage.mp4");
  g_autofree char *relative =
      trove_filename_template_render ("{account}/{chat}/{date} {kind} {sender} {id}.{ext}", media,
                                      "Mira", "Sam");
  g_autofree char *name = trove_filename_template_render ("{name}.{ext}", media, "Mira", "Sam");
  g_autofree char *expected = NULL;
  g_autoptr (GDateTime) local = g_date_time_to_local (trove_media_get_sent_at (media));
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");

  expected = g_strdup_printf ("Mira/Sam/%s video fan m-1.mp4", date);
  g_assert_cmpstr (relative, ==, expected);
  g_assert_cmpstr (name, ==, "Été à la plage.mp4");
}

static void
test_renders_time_and_message (void)
{
  g_autoptr (TroveMedia) media = media_named ("clip.mp4");
  g_autoptr (TroveMedia) undated = trove_media_new ("m-2", NULL, "chat-1", TROVE_MEDIA_KIND_IMAGE);
  g_autofree char *relative =
      trove_filename_template_render ("{date}/{time} {message} {id}.{ext}", media, NULL, NULL);
  g_autofree char *bare =
      trove_filename_template_render ("{time}{message}{id}.{ext}", undated, NULL, NULL);
  g_autoptr (GDateTime) local = g_date_time_to_local (trove_media_get_sent_at (media));
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");
  g_autofree char *time = g_date_time_format (local, "%H-%M-%S");
  g_autofree char *expected = g_strdup_printf ("%s/%s msg-1 m-1.mp4", date, time);

  g_assert_cmpstr (relative, ==, expected);
  assert_inside (relative, 2);
  /* No date, no message: both render empty. */
  g_assert_cmpstr (bare, ==, "m-2.jpg");
}

/* A value holding "/" never adds a folder, in any placeholder. */
static void
test_values_never_add_folders (void)
{
  const char *placeholders[] = { "account", "chat", "name", "message", "id" };
  g_autoptr (TroveMedia) media = trove_media_new ("a/b", "c/d", "e/f", TROVE_MEDIA_KIND_IMAGE);

  trove_media_set_name (media, "x/y/z.jpg");
  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    {
      g_autofree char *template_text = g_strdup_printf ("top/{%s}.{ext}", placeholders[i]);
      g_autofree char *relative =
          trove_filename_template_render (template_text, media, "g/h", "i/j");

      assert_inside (relative, 2);
    }
}

/* Names in one component: the longest rendered name still fits with " (N)" and ".part". */
static void
test_names_fit_with_suffixes (void)
{
  g_autofree char *folder = g_dir_make_tmp ("trove-names-XXXXXX", NULL);
  const char *fillers[] = { "é", "a", "日本", "🎞" };

  for (guint f = 0; f < G_N_ELEMENTS (fillers); f++)
    {
      g_autoptr (GString) long_name = g_string_new (NULL);
      g_autoptr (TroveMedia) media = NULL;
      g_autofree char *relative = NULL;
      g_autofree char *stem = NULL;
      g_autofree char *suffixed = NULL;
      g_autofree char *path = NULL;
      const char *dot;
      int fd;

      while (long_name->len < 600)
        g_string_append (long_name, fillers[f]);
      g_string_append (long_name, ".mp4");
      media = media_named (long_name->str);
      relative = trove_filename_template_render ("{name}.{ext}", media, NULL, NULL);
      assert_inside (relative, 1);
      g_assert_true (g_str_has_suffix (relative, ".mp4"));

      /* As the queue and the download write it: "stem (N).ext", then ".part". */
      dot = strrchr (relative, '.');
      stem = g_strndup (relative, dot - relative);
      suffixed =
          g_strdup_printf ("%s (" G_STRINGIFY (TROVE_FILENAME_MAX_TAKEN) ")%s.part", stem, dot);
      path = g_build_filename (folder, suffixed, NULL);
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (fd < 0)
        g_error ("%zu bytes: %s", strlen (suffixed), g_strerror (errno));
      g_close (fd, NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (folder), ==, 0);
}

/* Characters that removable file systems refuse, and bidirectional controls that can
 * disguise an extension ("gpj.exe" shown as "exe.jpg"). */
static void
test_replaces_unsafe_characters (void)
{
  g_autoptr (TroveMedia) media =
      media_named ("a:b*c?d\"e<f>g|h\u202Egpj\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069.exe");
  g_autofree char *relative = trove_filename_template_render ("{name}.{ext}", media, NULL, NULL);
  const gunichar refused[] = { ':',    '*',    '?',    '"',    '<',    '>',    '|',    0x202A,
                               0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069 };

  assert_inside (relative, 1);
  for (const char *p = relative; *p; p = g_utf8_next_char (p))
    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      g_assert_cmpuint (g_utf8_get_char (p), !=, refused[i]);
  g_assert_cmpstr (relative, ==, "a_b_c_d_e_f_g_h_gpj________.exe");
}

static void
test_bad_templates (void)
{
  const char *bad[] = { "", "{nope}.{ext}", "{name", NULL };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (trove_filename_template_check (bad[i], &error));
      g_assert_error (error, TROVE_ERROR, TROVE_ERROR_BAD_REQUEST);
    }

  g_assert_true (trove_filename_template_check ("{account}/{chat}/{date} {kind} {id}.{ext}", NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/filename-template/nasty-names-stay-inside", test_nasty_names_stay_inside);
  g_test_add_func ("/filename-template/renders-placeholders", test_renders_placeholders);
  g_test_add_func ("/filename-template/bad-templates", test_bad_templates);
  g_test_add_func ("/filename-template/renders-time-and-message", test_renders_time_and_message);
  g_test_add_func ("/filename-template/values-never-add-folders", test_values_never_add_folders);
  g_test_add_func ("/filename-template/names-fit-with-suffixes", test_names_fit_with_suffixes);
  g_test_add_func ("/filename-template/replaces-unsafe-characters",
                   test_replaces_unsafe_characters);

  return g_test_run ();
}
