/* test-account-walk.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TroveAccountWalk against the test server's archive data set: every chat handed over once,
 * gone chats reported and skipped, a stopped walk resumed without listing its finished chats,
 * a chat finished later by its caller, the scope of kind and since, the chats' sync times,
 * a sync walk (down to the last sync, only changed chats, or everything) and a chat whose
 * listing the service cut short.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "trove-account-walk.h"
#include "trove-error.h"
#include "trove-fanvue-provider.h"
#include "trove-static-credentials.h"
#include "trove-test-server-process.h"
#include "trove-test-util.h"

static TroveTestServerProcess *server;

static TroveProvider *
provider_new (void)
{
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");

  return trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server),
                                    credentials);
}

typedef struct
{
  GHashTable *listed;     /* chat id -> media count */
  GHashTable *failed;     /* chat id */
  GHashTable *skipped;    /* chat id */
  GHashTable *incomplete; /* chat id */
  guint stop_after;       /* cancel once this many chats were listed (0: never) */
  gboolean finish_later;
  GPtrArray *held; /* chats whose finishing the caller holds */
  GCancellable *cancellable;
  gboolean done;
  gboolean ok;
  GError *error;
} Walk;

static void
walk_clear (Walk *walk)
{
  g_clear_pointer (&walk->listed, g_hash_table_unref);
  g_clear_pointer (&walk->failed, g_hash_table_unref);
  g_clear_pointer (&walk->skipped, g_hash_table_unref);
  g_clear_pointer (&walk->incomplete, g_hash_table_unref);
  g_clear_pointer (&walk->held, g_ptr_array_unref);
  g_clear_object (&walk->cancellable);
  g_clear_error (&walk->error);
}

static gboolean
listed_cb (TroveAccountWalk *self, TroveChat *chat, GPtrArray *media, Walk *walk)
{
  g_assert_false (g_hash_table_contains (walk->listed, trove_chat_get_id (chat)));
  g_hash_table_insert (walk->listed, g_strdup (trove_chat_get_id (chat)),
                       GUINT_TO_POINTER (media->len));
  if (walk->stop_after > 0 && g_hash_table_size (walk->listed) >= walk->stop_after)
    g_cancellable_cancel (walk->cancellable);
  if (walk->finish_later)
    g_ptr_array_add (walk->held, g_object_ref (chat));
  return !walk->finish_later;
}

static void
failed_cb (TroveAccountWalk *self, TroveChat *chat, GError *error, Walk *walk)
{
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_NOT_FOUND);
  g_hash_table_add (walk->failed, g_strdup (trove_chat_get_id (chat)));
}

static void
skipped_cb (TroveAccountWalk *self, TroveChat *chat, Walk *walk)
{
  g_hash_table_add (walk->skipped, g_strdup (trove_chat_get_id (chat)));
}

static void
incomplete_cb (TroveAccountWalk *self, TroveChat *chat, GError *error, Walk *walk)
{
  g_assert_error (error, TROVE_ERROR, TROVE_ERROR_INCOMPLETE);
  /* Handed over first, with what was listed. */
  g_assert_true (g_hash_table_contains (walk->listed, trove_chat_get_id (chat)));
  g_hash_table_add (walk->incomplete, g_strdup (trove_chat_get_id (chat)));
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Walk *walk = user_data;

  walk->ok =
      trove_account_walk_run_finish (TROVE_ACCOUNT_WALK (source), result, NULL, &walk->error);
  walk->done = TRUE;
}

/* Runs @self to its end, or to stop_after chats. */
static void
run (TroveAccountWalk *self, Walk *walk)
{
  walk->listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk->skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk->incomplete = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk->held = g_ptr_array_new_with_free_func (g_object_unref);
  walk->cancellable = g_cancellable_new ();
  g_signal_connect (self, "chat-listed", G_CALLBACK (listed_cb), walk);
  g_signal_connect (self, "chat-failed", G_CALLBACK (failed_cb), walk);
  g_signal_connect (self, "chat-skipped", G_CALLBACK (skipped_cb), walk);
  g_signal_connect (self, "chat-incomplete", G_CALLBACK (incomplete_cb), walk);
  trove_account_walk_run_async (self, walk->cancellable, done_cb, walk);
  trove_test_wait_for (&walk->done, 60);
  g_signal_handlers_disconnect_by_data (self, walk);
}

static JsonObject *
fanvue_account (void)
{
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);

  return json_object_ref (json_object_get_object_member (dataset, "fanvue"));
}

static char *
archive_path (const char *dir)
{
  return g_build_filename (dir, "archive.sqlite3", NULL);
}

/* Without an archive: every chat once with all its media; the gone chat fails alone. */
static void
test_every_chat (void)
{
  g_autoptr (TroveProvider) provider = provider_new ();
  g_autoptr (TroveAccountWalk) self = trove_account_walk_new (provider, "acct", NULL);
  g_autoptr (JsonObject) account = fanvue_account ();
  JsonArray *chats = json_object_get_array_member (account, "chats");
  TroveAccountWalkCounts counts;
  Walk walk = { 0 };

  run (self, &walk);
  g_assert_no_error (walk.error);
  g_assert_true (walk.ok);

  for (guint i = 0; i < json_array_get_length (chats); i++)
    {
      JsonObject *chat = json_array_get_object_element (chats, i);
      const char *id = json_object_get_string_member (chat, "id");

      if (json_object_get_boolean_member (chat, "gone"))
        {
          g_assert_true (g_hash_table_contains (walk.failed, id));
          g_assert_false (g_hash_table_contains (walk.listed, id));
        }
      else
        g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (walk.listed, id)), ==,
                          json_object_get_int_member (chat, "media_count"));
    }

  trove_account_walk_get_counts (self, &counts);
  g_assert_cmpuint (counts.chats, ==, json_array_get_length (chats));
  g_assert_cmpuint (counts.listed + counts.failed, ==, counts.chats);
  g_assert_cmpuint (counts.failed, ==, g_hash_table_size (walk.failed));
  g_assert_cmpuint (counts.skipped, ==, 0);
  g_assert_false (counts.resumed);
  walk_clear (&walk);
}

/* Each test's own archive, in a folder of its own, and a provider for the test server. */
typedef struct
{
  char *dir;
  TroveDownloadArchive *archive;
  TroveProvider *provider;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("trove-account-walk-XXXXXX", &error);
  g_assert_no_error (error);
  path = archive_path (fixture->dir);
  fixture->archive = trove_download_archive_new (path, &error);
  g_assert_no_error (error);
  fixture->provider = provider_new ();
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->provider);
  g_clear_object (&fixture->archive);
  trove_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* A walk cancelled after some chats is taken up by the next, which lists only the others; the
 * walk after that starts over. */
static void
test_resume (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveAccountWalk) first =
      trove_account_walk_new (fixture->provider, "acct", fixture->archive);
  g_autoptr (TroveAccountWalk) second =
      trove_account_walk_new (fixture->provider, "acct", fixture->archive);
  g_autoptr (TroveAccountWalk) third =
      trove_account_walk_new (fixture->provider, "acct", fixture->archive);
  TroveAccountWalkCounts counts;
  Walk one = { .stop_after = 4 }, two = { 0 }, three = { 0 };
  GHashTableIter iter;
  gpointer id;

  trove_account_walk_set_max_chats_in_flight (first, 1);
  run (first, &one);
  g_assert_error (one.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (g_hash_table_size (one.listed), ==, 4);

  run (second, &two);
  g_assert_no_error (two.error);
  trove_account_walk_get_counts (second, &counts);
  g_assert_true (counts.resumed);
  g_assert_cmpuint (counts.skipped, ==, 4);
  g_hash_table_iter_init (&iter, one.listed);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      g_assert_true (g_hash_table_contains (two.skipped, id));
      g_assert_false (g_hash_table_contains (two.listed, id));
    }
  g_assert_cmpuint (counts.listed + counts.failed + counts.skipped, ==, counts.chats);

  /* The resumed walk reached the end: the next starts over. */
  run (third, &three);
  trove_account_walk_get_counts (third, &counts);
  g_assert_false (counts.resumed);
  g_assert_cmpuint (counts.skipped, ==, 0);
  g_assert_cmpuint (counts.listed + counts.failed, ==, counts.chats);

  walk_clear (&one);
  walk_clear (&two);
  walk_clear (&three);
}

/* A chat the caller finishes later is not finished before: a walk stopped meanwhile lists it
 * again; finished, it records the chat's sync time and last message. */
static void
test_finish_later (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveAccountWalk) first =
      trove_account_walk_new (fixture->provider, "acct", fixture->archive);
  g_autoptr (TroveAccountWalk) second =
      trove_account_walk_new (fixture->provider, "acct", fixture->archive);
  g_autoptr (JsonObject) account = fanvue_account ();
  JsonArray *chats = json_object_get_array_member (account, "chats");
  TroveAccountWalkCounts counts;
  Walk one = { .stop_after = 3, .finish_later = TRUE }, two = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 synced, last_message;
  TroveChat *finished;

  trove_account_walk_set_max_chats_in_flight (first, 1);
  run (first, &one);
  g_assert_cmpuint (one.held->len, ==, 3);

  /* Only the first held chat is finished by its caller. */
  finished = g_ptr_array_index (one.held, 0);
  g_assert_false (trove_download_archive_get_chat_sync (fixture->archive, "acct",
                                                        trove_chat_get_id (finished), &synced,
                                                        &last_message));
  g_assert_cmpint (synced, ==, 0);
  trove_account_walk_chat_finished (first, finished);
  g_assert_true (trove_download_archive_get_chat_sync (fixture->archive, "acct",
                                                       trove_chat_get_id (finished), &synced,
                                                       &last_message));
  g_assert_cmpint (synced, >=, now);
  for (guint i = 0; i < json_array_get_length (chats); i++)
    {
      JsonObject *chat = json_array_get_object_element (chats, i);

      if (g_str_equal (json_object_get_string_member (chat, "id"), trove_chat_get_id (finished)))
        g_assert_cmpint (last_message, ==, json_object_get_int_member (chat, "last_message_at"));
    }

  run (second, &two);
  trove_account_walk_get_counts (second, &counts);
  g_assert_true (counts.resumed);
  g_assert_cmpuint (counts.skipped, ==, 1);
  g_assert_true (g_hash_table_contains (two.skipped, trove_chat_get_id (finished)));
  g_assert_true (
      g_hash_table_contains (two.listed, trove_chat_get_id (g_ptr_array_index (one.held, 1))));
  g_assert_true (
      g_hash_table_contains (two.listed, trove_chat_get_id (g_ptr_array_index (one.held, 2))));

  walk_clear (&one);
  walk_clear (&two);
}

/* kind and since narrow each chat's media and make a scope of their own: a stopped walk of
 * images is not resumed by a walk of everything, and records no sync time. */
static void
test_scope (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveAccountWalk) images =
      trove_account_walk_new (fixture->provider, "acct", fixture->archive);
  g_autoptr (TroveAccountWalk) everything =
      trove_account_walk_new (fixture->provider, "acct", fixture->archive);
  g_autoptr (JsonObject) account = fanvue_account ();
  JsonArray *chats = json_object_get_array_member (account, "chats");
  g_autoptr (GDateTime) since = g_date_time_new_utc (2024, 5, 20, 0, 0, 0);
  TroveAccountWalkCounts counts;
  Walk one = { .stop_after = 2 }, two = { 0 };
  GHashTableIter iter;
  gpointer id;

  trove_account_walk_set_kind (images, TROVE_MEDIA_KIND_IMAGE);
  trove_account_walk_set_max_chats_in_flight (images, 1);
  run (images, &one);
  g_hash_table_iter_init (&iter, one.listed);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      for (guint i = 0; i < json_array_get_length (chats); i++)
        {
          JsonObject *chat = json_array_get_object_element (chats, i);

          if (g_str_equal (json_object_get_string_member (chat, "id"), id))
            g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (one.listed, id)), ==,
                              json_object_get_int_member (json_object_get_object_member (chat,
                                                                                         "counts"),
                                                          "image"));
        }
      g_assert_false (
          trove_download_archive_get_chat_sync (fixture->archive, "acct", id, NULL, NULL));
    }

  trove_account_walk_set_since (everything, since);
  run (everything, &two);
  trove_account_walk_get_counts (everything, &counts);
  g_assert_false (counts.resumed);
  g_assert_cmpuint (counts.skipped, ==, 0);
  g_assert_cmpuint (counts.listed + counts.failed, ==, counts.chats);
  /* Every item handed over is at or after since, and some chat had older ones. */
  g_assert_cmpuint (counts.items, <,
                    json_object_get_int_member (json_object_get_object_member (account, "archive"),
                                                "placements"));

  walk_clear (&one);
  walk_clear (&two);
}

static TroveAccountWalk *
sync_walk_new (TroveProvider *provider, TroveDownloadArchive *archive, gboolean full)
{
  TroveAccountWalk *self = trove_account_walk_new (provider, "acct", archive);

  trove_account_walk_set_sync (self, TRUE);
  trove_account_walk_set_full (self, full);
  return self;
}

/* A sync walk lists every chat the first time and records the newest last message; the next
 * reads one chat-list page and lists nothing; after new media in two chats it lists those two
 * only; a full one lists every chat again. */
static void
test_sync (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveAccountWalk) first = sync_walk_new (fixture->provider, fixture->archive, FALSE);
  g_autoptr (TroveAccountWalk) second = sync_walk_new (fixture->provider, fixture->archive, FALSE);
  g_autoptr (TroveAccountWalk) third = sync_walk_new (fixture->provider, fixture->archive, FALSE);
  g_autoptr (TroveAccountWalk) full = sync_walk_new (fixture->provider, fixture->archive, TRUE);
  g_autoptr (JsonObject) account = fanvue_account ();
  JsonArray *chats = json_object_get_array_member (account, "chats");
  guint n_chats = json_array_get_length (chats);
  TroveAccountWalkCounts counts;
  Walk one = { 0 }, two = { 0 }, three = { 0 }, four = { 0 };
  gint64 newest = 0;
  guint gone = 0;

  for (guint i = 0; i < n_chats; i++)
    {
      JsonObject *chat = json_array_get_object_element (chats, i);

      newest = MAX (newest, json_object_get_int_member (chat, "last_message_at"));
      gone += json_object_get_boolean_member (chat, "gone");
    }

  run (first, &one);
  g_assert_no_error (one.error);
  trove_account_walk_get_counts (first, &counts);
  g_assert_cmpuint (counts.chats, ==, n_chats);
  g_assert_cmpuint (counts.listed, ==, n_chats - gone);
  g_assert_cmpuint (counts.failed, ==, gone);
  g_assert_cmpint (trove_download_archive_get_account_sync (fixture->archive, "acct"), ==, newest);
  /* A gone chat is synced too: it stays gone until it has a new message. */
  for (guint i = 0; i < n_chats; i++)
    g_assert_true (trove_download_archive_get_chat_sync (
        fixture->archive, "acct",
        json_object_get_string_member (json_array_get_object_element (chats, i), "id"), NULL,
        NULL));

  trove_test_server_process_reset (server);
  run (second, &two);
  trove_account_walk_get_counts (second, &counts);
  g_assert_cmpuint (counts.chats, ==, 0);
  g_assert_cmpuint (g_hash_table_size (two.listed), ==, 0);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 1);

  trove_test_server_process_add_archive_media (server, 2, "fanvue");
  trove_test_server_process_reset (server);
  run (third, &three);
  trove_account_walk_get_counts (third, &counts);
  g_assert_cmpuint (counts.chats, ==, 2);
  g_assert_cmpuint (g_hash_table_size (three.listed), ==, 2);
  g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, 3);

  run (full, &four);
  trove_account_walk_get_counts (full, &counts);
  g_assert_cmpuint (counts.chats, ==, n_chats);
  g_assert_cmpuint (counts.listed + counts.failed, ==, n_chats);

  walk_clear (&one);
  walk_clear (&two);
  walk_clear (&three);
  walk_clear (&four);
}

/* A chat whose listing pages in circles is handed over with what was listed, reported, and
 * never recorded as finished, even when its caller finishes it; a sync then keeps its last
 * watermark, so that the next one comes back for it. */
static void
test_incomplete (Fixture *fixture, gconstpointer data)
{
  g_autoptr (TroveAccountWalk) self = sync_walk_new (fixture->provider, fixture->archive, FALSE);
  g_autoptr (JsonObject) account = fanvue_account ();
  JsonArray *chats = json_object_get_array_member (account, "chats");
  g_autofree char *fault = NULL;
  const char *looping = NULL;
  TroveAccountWalkCounts counts;
  Walk one = { .finish_later = TRUE };

  for (guint i = 0; i < json_array_get_length (chats) && looping == NULL; i++)
    {
      JsonObject *chat = json_array_get_object_element (chats, i);

      if (!json_object_get_boolean_member (chat, "gone"))
        looping = json_object_get_string_member (chat, "id");
    }
  /* Past one page of 50, whose next page is the first again. */
  trove_test_server_process_add_media (server, looping, 60);
  fault = g_strdup_printf ("repeat-cursor:path=/chats/%s/media", looping);
  trove_test_server_process_add_fault (server, fault);

  run (self, &one);
  trove_test_server_process_clear_faults (server);
  g_assert_no_error (one.error);
  g_assert_cmpuint (g_hash_table_size (one.incomplete), ==, 1);
  g_assert_true (g_hash_table_contains (one.incomplete, looping));
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (one.listed, looping)), ==, 50);
  trove_account_walk_get_counts (self, &counts);
  g_assert_cmpuint (counts.incomplete, ==, 1);

  for (guint i = 0; i < one.held->len; i++)
    trove_account_walk_chat_finished (self, g_ptr_array_index (one.held, i));
  g_assert_false (
      trove_download_archive_get_chat_sync (fixture->archive, "acct", looping, NULL, NULL));
  for (guint i = 0; i < one.held->len; i++)
    {
      const char *id = trove_chat_get_id (g_ptr_array_index (one.held, i));

      g_assert_true (
          g_str_equal (id, looping) ||
          trove_download_archive_get_chat_sync (fixture->archive, "acct", id, NULL, NULL));
    }
  g_assert_cmpint (trove_download_archive_get_account_sync (fixture->archive, "acct"), ==, 0);

  walk_clear (&one);
}

int
main (int argc, char *argv[])
{
  const char *args[] = { "--dataset", "archive=10,12,30", NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  g_test_add_func ("/account-walk/every-chat", test_every_chat);
  g_test_add ("/account-walk/resume", Fixture, NULL, fixture_set_up, test_resume,
              fixture_tear_down);
  g_test_add ("/account-walk/finish-later", Fixture, NULL, fixture_set_up, test_finish_later,
              fixture_tear_down);
  g_test_add ("/account-walk/scope", Fixture, NULL, fixture_set_up, test_scope, fixture_tear_down);
  g_test_add ("/account-walk/sync", Fixture, NULL, fixture_set_up, test_sync, fixture_tear_down);
  g_test_add ("/account-walk/incomplete", Fixture, NULL, fixture_set_up, test_incomplete,
              fixture_tear_down);

  status = g_test_run ();
  trove_test_server_process_free (server);
  return status;
}
