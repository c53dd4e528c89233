/* test-drag.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a drop target gets from dragged items: a file list naming complete files, whether the
 * items were downloaded before or not; locked items are left out.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "trove-error.h"
#include "trove-fanvue-provider.h"
#include "trove-media-private.h"
#include "trove-media-content-provider.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

static TroveTestServerProcess *server;

/* Asks @content for text/uri-list as a drop target would; returns the files it names. */
static GPtrArray *
drop (GdkContentProvider *content)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto (GStrv) uris = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  gdk_content_provider_write_mime_type_async (content, "text/uri-list", stream, G_PRIORITY_DEFAULT,
                                              NULL, trove_test_async_cb, &result);
  g_assert_true (gdk_content_provider_write_mime_type_finish (content,
                                                              trove_test_wait_async (&result, 60),
                                                              &error));
  g_assert_no_error (error);

  g_output_stream_close (stream, NULL, NULL);
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));
  uris = g_uri_list_extract_uris (text);
  for (guint i = 0; uris[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_uri (uris[i]));

  return g_steal_pointer (&files);
}

static void
assert_same_content (GFile *file, TroveMedia *media)
{
  g_autoptr (GBytes) expected =
      trove_test_server_process_get_content (server, trove_media_get_id (media), "main");
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                   g_bytes_get_size (expected));
}

static void
test_drop_delivers_complete_files (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  g_autofree char *chat = trove_test_dataset_chat_id (server, "fanvue", 0);
  g_autofree char *folder_path = g_dir_make_tmp ("trove-drag-XXXXXX", NULL);
  g_autofree char *archive_path = g_build_filename (folder_path, "archive.sqlite3", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr (TroveDownloadArchive) archive = trove_download_archive_new (archive_path, NULL);
  g_autoptr (TroveDownloadQueue) queue =
      trove_download_queue_new (folder, "{chat}/{id}.{ext}", archive);
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first_path = NULL;
  TroveMedia *media;

  page = trove_test_list_media (provider, chat, TROVE_MEDIA_KIND_IMAGE, NULL, &error);
  g_assert_no_error (error);
  media = g_ptr_array_index (trove_page_get_items (page), 0);

  /* Not downloaded yet: one transfer. Downloaded already: none, and the same file. Both
   * times the file holds exactly what the media host serves for the item. */
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr (GPtrArray) items = g_ptr_array_new ();
      g_autoptr (GdkContentProvider) content = NULL;
      g_autoptr (GPtrArray) files = NULL;

      g_ptr_array_add (items, media);
      content =
          trove_media_content_provider_new (queue, provider, "acct", "Account", "Chat", items);
      trove_test_server_process_reset (server);
      files = drop (content);
      g_assert_cmpuint (files->len, ==, 1);
      g_assert_true (g_file_has_prefix (files->pdata[0], folder));
      g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, round == 0 ? 1 : 0);
      assert_same_content (files->pdata[0], media);

      if (round == 0)
        first_path = g_file_get_path (files->pdata[0]);
      else
        {
          g_autofree char *path = g_file_get_path (files->pdata[0]);

          g_assert_cmpstr (path, ==, first_path);
          g_unlink (path);
        }
    }

  g_unlink (archive_path);
  {
    g_autofree char *chat_folder = g_build_filename (folder_path, "Chat", NULL);

    g_rmdir (chat_folder);
    g_rmdir (folder_path);
  }
}

/* A selection: one item on disk already, two not, one locked. The drop names the three files,
 * complete, after two transfers; the locked item is left out. Locked alone, the drop fails. */
static void
test_drop_selection (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  g_autofree char *chat = trove_test_dataset_chat_id (server, "fanvue", 1);
  g_autofree char *folder_path = g_dir_make_tmp ("trove-drag-XXXXXX", NULL);
  g_autofree char *archive_path = g_build_filename (folder_path, "archive.sqlite3", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr (TroveDownloadArchive) archive = trove_download_archive_new (archive_path, NULL);
  g_autoptr (TroveDownloadQueue) queue = trove_download_queue_new (folder, "{id}.{ext}", archive);
  g_autoptr (TroveMedia) locked =
      trove_media_new ("locked-1", "message-1", chat, TROVE_MEDIA_KIND_IMAGE);
  g_autoptr (GPtrArray) selection = g_ptr_array_new ();
  g_autoptr (GPtrArray) locked_only = g_ptr_array_new ();
  g_autoptr (GdkContentProvider) first = NULL;
  g_autoptr (GdkContentProvider) content = NULL;
  g_autoptr (GPtrArray) files = NULL;
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *items;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();

  page = trove_test_list_media (provider, chat, TROVE_MEDIA_KIND_UNKNOWN, NULL, &error);
  g_assert_no_error (error);
  items = trove_page_get_items (page);
  g_assert_cmpuint (items->len, >=, 3);
  trove_media_set_locked (locked, TRUE);

  g_ptr_array_add (selection, items->pdata[0]);
  first = trove_media_content_provider_new (queue, provider, "acct", "Account", "Chat", selection);
  files = drop (first);
  g_assert_cmpuint (files->len, ==, 1);

  g_ptr_array_add (selection, items->pdata[1]);
  g_ptr_array_add (selection, locked);
  g_ptr_array_add (selection, items->pdata[2]);
  content =
      trove_media_content_provider_new (queue, provider, "acct", "Account", "Chat", selection);
  trove_test_server_process_reset (server);
  g_clear_pointer (&files, g_ptr_array_unref);
  files = drop (content);
  g_assert_cmpuint (files->len, ==, 3);
  assert_same_content (files->pdata[0], items->pdata[0]);
  assert_same_content (files->pdata[1], items->pdata[1]);
  assert_same_content (files->pdata[2], items->pdata[2]);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 2);

  g_ptr_array_add (locked_only, locked);
  g_clear_object (&content);
  content =
      trove_media_content_provider_new (queue, provider, "acct", "Account", "Chat", locked_only);
  gdk_content_provider_write_mime_type_async (content, "text/uri-list", stream, G_PRIORITY_DEFAULT,
                                              NULL, trove_test_async_cb, &result);
  g_assert_false (gdk_content_provider_write_mime_type_finish (content,
                                                               trove_test_wait_async (&result, 10),
                                                               &error));
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_PERMISSION);

  for (guint i = 0; i < files->len; i++)
    g_assert_true (g_file_delete (files->pdata[i], NULL, NULL));
  g_unlink (archive_path);
  g_rmdir (folder_path);
}

int
main (int argc, char *argv[])
{
  g_autofree char *dataset = g_strdup ("demo");
  const char *args[] = { "--dataset", dataset, NULL };
  g_autoptr (GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  g_test_add_func ("/drag/drop-delivers-complete-files", test_drop_delivers_complete_files);
  g_test_add_func ("/drag/drop-selection", test_drop_selection);

  status = g_test_run ();
  trove_test_server_process_free (server);
  return status;
}
