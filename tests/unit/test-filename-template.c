/* test-filename-template.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

static void
assert_inside (const char *relative)
{
  g_autoptr (GFile) folder = g_file_new_for_path ("/tmp/trove-dest");
  g_autoptr (GFile) file = trove_filename_resolve (folder, relative);
  g_auto (GStrv) parts = g_strsplit (relative, "/", -1);

  g_assert_nonnull (file);
  g_assert_true (g_file_has_prefix (file, folder));
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
    "../../etc/passwd",
    "a/b/c.mp4",
    "con\x01trol\x7f.mp4",
    "",
    "..",
    ".",
    " . ",
    "\xff\xfe broken utf8.mp4",
    NULL,
    "normal name.mp4",
  };

  for (guint i = 0; i < 200; i++)
    g_string_append (long_name, "é");
  g_string_append (long_name, ".mp4");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (TroveMedia) media = media_named (names[i]);
      g_autofree char *relative = trove_filename_template_render ("{account}/{chat}/{name}.{ext}", media, "../acct", "/chat");

      assert_inside (relative);
    }

  {
    g_autoptr (TroveMedia) media = media_named (long_name->str);
    g_autofree char *relative = trove_filename_template_render ("{name}.{ext}", media, NULL, NULL);

    assert_inside (relative);
    g_assert_true (g_str_has_suffix (relative, ".mp4"));
  }
}

static void
test_renders_placeholders (void)
{
  g_autoptr (TroveMedia) media = media_named ("Été à la plage.mp4");
  g_autofree char *relative = trove_filename_template_render ("{account}/{chat}/{date} {kind} {sender} {id}.{ext}", media, "Mira", "Sam");
  g_autofree char *name = trove_filename_template_render ("{name}.{ext}", media, "Mira", "Sam");
  g_autofree char *expected = NULL;
  g_autoptr (GDateTime) local = g_date_time_to_local (trove_media_get_sent_at (media));
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");

  expected = g_strdup_printf ("Mira/Sam/%s video fan m-1.mp4", date);
  g_assert_cmpstr (relative, ==, expected);
  g_assert_cmpstr (name, ==, "Été à la plage.mp4");
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
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/filename-template/nasty-names-stay-inside", test_nasty_names_stay_inside);
  g_test_add_func ("/filename-template/renders-placeholders", test_renders_placeholders);
  g_test_add_func ("/filename-template/bad-templates", test_bad_templates);

  return g_test_run ();
}
