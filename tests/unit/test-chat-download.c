/* test-chat-download.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "trove-chat-download.h"
#include "trove-media-private.h"
#include "trove-test-util.h"

/* A finished file of ten bytes in @dir, recorded for @account_id. */
static void
record (TroveDownloadArchive *archive,
        const char *dir,
        const char *account_id,
        const char *media_id)
{
  g_autofree char *path = g_build_filename (dir, media_id, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "0123456789", 10, NULL));
  g_assert_true (
      trove_download_archive_record (archive, account_id, media_id, path, 10, "0", &error));
  g_assert_no_error (error);
}

static TroveMedia *
media_new (const char *id, gboolean locked)
{
  TroveMedia *media = trove_media_new (id, "message", "chat", TROVE_MEDIA_KIND_IMAGE);

  trove_media_set_locked (media, locked);
  return media;
}

/* Six items: two downloaded by this account, one by another, two locked, the rest wanted. */
static void
test_plan (void)
{
  g_autofree char *dir = g_dir_make_tmp ("trove-chat-download-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "archive.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveDownloadArchive) archive = trove_download_archive_new (path, &error);
  g_autoptr (GListStore) chat = g_list_store_new (TROVE_TYPE_MEDIA);
  g_autoptr (GPtrArray) wanted = NULL;
  const char *ids[] = { "m-1", "m-2", "m-3", "m-4", "m-5", "m-6" };
  const gboolean locked[] = { FALSE, TRUE, FALSE, FALSE, TRUE, FALSE };
  TroveChatDownload count;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr (TroveMedia) media = media_new (ids[i], locked[i]);

      g_list_store_append (chat, media);
    }
  record (archive, dir, "acct", "m-1");
  record (archive, dir, "acct", "m-4");
  record (archive, dir, "other", "m-3");

  wanted = trove_chat_download_plan (&count, G_LIST_MODEL (chat), "acct", archive);
  g_assert_cmpuint (count.listed, ==, 6);
  g_assert_cmpuint (count.downloaded, ==, 2);
  g_assert_cmpuint (count.locked, ==, 2);
  g_assert_cmpuint (count.wanted, ==, 2);
  g_assert_cmpuint (wanted->len, ==, 2);
  g_assert_cmpstr (trove_media_get_id (g_ptr_array_index (wanted, 0)), ==, "m-3");
  g_assert_cmpstr (trove_media_get_id (g_ptr_array_index (wanted, 1)), ==, "m-6");
  g_clear_pointer (&wanted, g_ptr_array_unref);

  /* Without an archive nothing counts as downloaded. */
  wanted = trove_chat_download_plan (&count, G_LIST_MODEL (chat), "acct", NULL);
  g_assert_cmpuint (count.downloaded, ==, 0);
  g_assert_cmpuint (count.locked, ==, 2);
  g_assert_cmpuint (count.wanted, ==, 4);
  g_assert_cmpuint (wanted->len, ==, 4);

  g_clear_object (&archive);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *file = g_build_filename (dir, ids[i], NULL);

      g_unlink (file);
    }
  g_unlink (path);
  g_rmdir (dir);
}

/* A mass message's media downloaded for another chat is still wanted in this one (its place
 * here is to be linked); one whose place here is recorded is downloaded. An item recorded
 * with no place at all (an archive older than places) counts as downloaded, as before. */
static void
test_plan_places (void)
{
  g_autofree char *dir = g_dir_make_tmp ("trove-chat-download-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "archive.sqlite", NULL);
  g_autofree char *file = g_build_filename (dir, "m-1", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveDownloadArchive) archive = trove_download_archive_new (path, &error);
  g_autoptr (GListStore) chat = g_list_store_new (TROVE_TYPE_MEDIA);
  g_autoptr (GPtrArray) wanted = NULL;
  g_autoptr (TroveMedia) shared = media_new ("m-1", FALSE);
  g_autoptr (TroveMedia) legacy = media_new ("m-2", FALSE);
  g_autofree char *legacy_file = g_build_filename (dir, "m-2", NULL);
  TroveChatDownload count;

  g_assert_no_error (error);
  g_list_store_append (chat, shared);
  g_list_store_append (chat, legacy);
  record (archive, dir, "acct", "m-1");
  record (archive, dir, "acct", "m-2");
  g_assert_true (trove_download_archive_add_place (archive, "acct", "m-1", "another chat", "Bo",
                                                   file, &error));

  wanted = trove_chat_download_plan (&count, G_LIST_MODEL (chat), "acct", archive);
  g_assert_cmpuint (count.downloaded, ==, 1);
  g_assert_cmpuint (wanted->len, ==, 1);
  g_assert_cmpstr (trove_media_get_id (g_ptr_array_index (wanted, 0)), ==, "m-1");
  g_clear_pointer (&wanted, g_ptr_array_unref);

  g_assert_true (
      trove_download_archive_add_place (archive, "acct", "m-1", "chat", "Chat", file, &error));
  wanted = trove_chat_download_plan (&count, G_LIST_MODEL (chat), "acct", archive);
  g_assert_cmpuint (count.downloaded, ==, 2);
  g_assert_cmpuint (wanted->len, ==, 0);

  g_clear_object (&archive);
  g_unlink (file);
  g_unlink (legacy_file);
  g_unlink (path);
  g_rmdir (dir);
}

/* A file of @size bytes at @path. */
static void
write_file (const char *path, gsize size)
{
  g_autofree char *bytes = g_strnfill (size, 'x');

  g_assert_true (g_file_set_contents (path, bytes, size, NULL));
}

/* Found in place, for a page at once: exactly the items both lookups of one item find. */
static void
test_find_in_place (void)
{
  g_autofree char *dir = g_dir_make_tmp ("trove-chat-download-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "archive.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveDownloadArchive) archive = trove_download_archive_new (path, &error);
  /* in place; no place; a place in another chat only; file gone; file cut short; downloaded
   * for another chat and linked here; linked here but its download gone; never recorded;
   * another account's; the last one in place again, after a miss. */
  const char *ids[] = { "m-1", "m-2", "m-3", "m-4", "m-5", "m-6", "m-7", "m-8", "m-9", "m-10" };
  const gboolean expected[] = { TRUE, FALSE, FALSE, FALSE, FALSE, TRUE, FALSE, FALSE, FALSE, TRUE };
  gboolean found[G_N_ELEMENTS (ids)];

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *file = g_build_filename (dir, ids[i], NULL);
      g_autofree char *link = g_strconcat (file, " (here)", NULL);
      const char *account = g_str_equal (ids[i], "m-9") ? "other" : "acct";
      const char *place = i == 5 || i == 6 ? link : file;

      if (g_str_equal (ids[i], "m-8"))
        continue;
      write_file (file, 10);
      g_assert_true (
          trove_download_archive_record (archive, account, ids[i], file, 10, "0", &error));
      if (place == link)
        write_file (link, 10);
      if (i != 1)
        g_assert_true (trove_download_archive_add_place (archive, account, ids[i],
                                                         i == 2 ? "another chat" : "chat", "Chat",
                                                         place, &error));
      if (i == 2 || i == 5)
        g_assert_true (trove_download_archive_add_place (archive, account, ids[i], "another chat",
                                                         "Bo", file, &error));
      g_assert_no_error (error);
      if (i == 3 || i == 6)
        g_assert_cmpint (g_unlink (file), ==, 0);
      if (i == 4)
        write_file (file, 9);
    }

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    found[i] = 2;
  trove_download_archive_find_in_place (archive, "acct", "chat", ids, G_N_ELEMENTS (ids), found);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *at = trove_download_archive_lookup (archive, "acct", ids[i]);
      g_autofree char *place =
          trove_download_archive_lookup_place (archive, "acct", ids[i], "chat");

      g_test_message ("%s: %d", ids[i], found[i]);
      g_assert_cmpint (found[i], ==, expected[i]);
      g_assert_cmpint (found[i], ==, at != NULL && place != NULL);
    }

  /* None asked, none answered. */
  trove_download_archive_find_in_place (archive, "acct", "chat", NULL, 0, NULL);

  g_clear_object (&archive);
  trove_test_remove_tree (dir);
}

/* An empty chat plans nothing. */
static void
test_plan_empty (void)
{
  g_autoptr (GListStore) chat = g_list_store_new (TROVE_TYPE_MEDIA);
  g_autoptr (GPtrArray) wanted = NULL;
  TroveChatDownload count = { 9, 9, 9, 9 };

  wanted = trove_chat_download_plan (&count, G_LIST_MODEL (chat), "acct", NULL);
  g_assert_cmpuint (count.listed, ==, 0);
  g_assert_cmpuint (count.downloaded, ==, 0);
  g_assert_cmpuint (count.locked, ==, 0);
  g_assert_cmpuint (count.wanted, ==, 0);
  g_assert_cmpuint (wanted->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chat-download/plan", test_plan);
  g_test_add_func ("/chat-download/plan-places", test_plan_places);
  g_test_add_func ("/chat-download/plan-empty", test_plan_empty);
  g_test_add_func ("/chat-download/find-in-place", test_find_in_place);

  return g_test_run ();
}
