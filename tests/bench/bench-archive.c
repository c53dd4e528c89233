/* bench-archive.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A whole account archived with `trove-cli download --all-chats`: the test server's archive data
 * set (200 chats x 100 items, 30 % of them mass-message media shared by every chat, empty and
 * gone chats) at 20 ms latency. Held to: API requests made against the fewest pages the listing
 * needs (at most 1.05x) and bytes fetched from the media host against each media id's bytes
 * once (at most 1.00x; the account's distinct files, fewer where two ids carry the same bytes, are
 * shown beside). Shown: wall time against the loop a user scripts today
 * (`trove-cli chats --json`, then `trove-cli download --chat ID` for each chat), same run.
 * Then `trove-cli sync` after 1 % of the chats received new media: requests made against the
 * chat-list pages it must read plus one page per changed chat (at most 1.1x).
 * TROVE_BENCH_ARCHIVE=CHATS,ITEMS,SHARED_PERCENT runs another shape (a quick look).
 * Usage: bench-archive TROVE_CLI
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "trove-bench.h"
#include "trove-test-server-process.h"
#include "trove-test-util.h"

/* The page size Trove asks the Fanvue API for, chats and media alike. */
#define PAGE_SIZE 50
#define LATENCY_MS "20"

static const char *cli;

/* Runs trove-cli with @args (NULL-terminated) and the Fanvue creator's token; its exit status.
 * Output goes to @out when given. */
static int
run_cli (const char *const *args, char **out)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) env = g_environ_setenv (g_get_environ (), "TROVE_TOKEN", "fv_test_creator", TRUE);
  int status = 0;

  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, env,
                     out ? G_SPAWN_STDERR_TO_DEV_NULL
                         : G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, out, NULL, &status, &error))
    g_error ("%s: %s", cli, error->message);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* A fresh archive (and settings) for the next pass: nothing downloaded yet. */
static char *
fresh_profile (const char *root, const char *name)
{
  g_autofree char *data = g_build_filename (root, name, "data", NULL);

  g_mkdir_with_parents (data, 0700);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  return g_build_filename (root, name, "files", NULL);
}

typedef struct
{
  double api_requests;
  double media_bytes;
} Traffic;

static Traffic
traffic (TroveTestServerProcess *server)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (server);
  Traffic total = { 0 };

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (g_str_equal (json_object_get_string_member (request, "server"), "api"))
        total.api_requests++;
      else
        total.media_bytes += json_object_get_int_member (request, "bytes");
    }

  return total;
}

int
main (int argc, char *argv[])
{
  g_autoptr (TroveBench) bench = trove_bench_new ("bench-archive");
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("trove-bench-archive-XXXXXX", &error);
  const char *shape =
      g_getenv ("TROVE_BENCH_ARCHIVE") ? g_getenv ("TROVE_BENCH_ARCHIVE") : "200,100,30";
  g_autofree char *dataset_arg = g_strdup_printf ("archive=%s", shape);
  const char *server_args[] = { "--dataset", dataset_arg, "--latency", LATENCY_MS, NULL };
  g_autoptr (TroveTestServerProcess) server = NULL;
  g_autofree char *home = NULL, *config = NULL, *walk_dest = NULL, *loop_dest = NULL,
                  *chats_json = NULL;
  g_auto (GStrv) chat_lines = NULL;
  JsonObject *dataset, *fanvue;
  JsonArray *chats;
  double min_pages, unique_bytes, unique_id_bytes, walk_wall, loop_wall;
  Traffic walk, loop, sync;
  double sync_least;
  guint changed;
  gint64 start;
  int status;

  g_assert_no_error (error);
  g_assert_cmpint (argc, ==, 2);
  cli = argv[1];

  server = trove_test_server_process_new (server_args, &error);
  g_assert_no_error (error);

  /* A private profile: a keyfile settings backend, the account's token from TROVE_TOKEN. */
  home = g_build_filename (root, "home", NULL);
  config = g_build_filename (root, "config", NULL);
  g_mkdir_with_parents (home, 0700);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  walk_dest = fresh_profile (root, "walk");
  status = run_cli ((const char *[]){ "accounts", "add", "--name", "bench", "--kind", "fanvue",
                                      "--api-url", trove_test_server_process_get_api_url (server),
                                      NULL },
                    NULL);
  g_assert_cmpint (status, ==, 0);

  /* The fewest pages: the chat list's, and each chat's (one even when empty or gone). */
  dataset = trove_test_server_process_get_dataset (server);
  fanvue = json_object_get_object_member (dataset, "fanvue");
  chats = json_object_get_array_member (fanvue, "chats");
  min_pages = (json_array_get_length (chats) + PAGE_SIZE - 1) / PAGE_SIZE;
  for (guint i = 0; i < json_array_get_length (chats); i++)
    {
      JsonObject *chat = json_array_get_object_element (chats, i);
      gint64 items = json_object_get_boolean_member (chat, "gone")
                         ? 0
                         : json_object_get_int_member (chat, "media_count");

      min_pages += MAX (1, (items + PAGE_SIZE - 1) / PAGE_SIZE);
    }
  unique_bytes = json_object_get_int_member (json_object_get_object_member (fanvue, "archive"),
                                             "unique_main_bytes");
  unique_id_bytes = json_object_get_int_member (json_object_get_object_member (fanvue, "archive"),
                                                "unique_id_bytes");

  /* The walk: one run of the whole account. Gone chats make it exit 1. */
  trove_test_server_process_reset (server);
  start = g_get_monotonic_time ();
  status = run_cli ((const char *[]){ "download", "--account", "bench", "--all-chats", "--dest",
                                      walk_dest, "--jobs", "4", NULL },
                    NULL);
  walk_wall = (g_get_monotonic_time () - start) / 1e6;
  g_assert_cmpint (status, ==, 1);
  walk = traffic (server);

  /* The loop a user scripts today, into a fresh archive. */
  loop_dest = fresh_profile (root, "loop");
  trove_test_server_process_reset (server);
  start = g_get_monotonic_time ();
  status = run_cli ((const char *[]){ "chats", "--account", "bench", "--json", NULL }, &chats_json);
  g_assert_cmpint (status, ==, 0);
  chat_lines = g_strsplit (g_strstrip (chats_json), "\n", -1);
  for (guint i = 0; chat_lines[i] != NULL; i++)
    {
      g_autoptr (JsonNode) node = json_from_string (chat_lines[i], &error);
      const char *id;

      g_assert_no_error (error);
      id = json_object_get_string_member (json_node_get_object (node), "id");
      run_cli ((const char *[]){ "download", "--account", "bench", "--chat", id, "--dest",
                                 loop_dest, "--jobs", "4", NULL },
               NULL);
    }
  loop_wall = (g_get_monotonic_time () - start) / 1e6;
  loop = traffic (server);

  /* The daily sync over the walk's archive: once to take it over, then after 1 % of the chats
   * got new media. Those chats lead the list ordered by last message, so one chat-list page
   * reaches an unchanged chat. */
  g_free (fresh_profile (root, "walk"));
  status =
      run_cli ((const char *[]){ "sync", "--account", "bench", "--dest", walk_dest, NULL }, NULL);
  g_assert_cmpint (status, ==, 1); /* the gone chats, reported once */
  changed = MAX (1, json_array_get_length (chats) / 100);
  trove_test_server_process_add_archive_media (server, changed, "fanvue");
  trove_test_server_process_reset (server);
  status =
      run_cli ((const char *[]){ "sync", "--account", "bench", "--dest", walk_dest, NULL }, NULL);
  g_assert_cmpint (status, ==, 0);
  sync = traffic (server);
  sync_least = (changed + 1 + PAGE_SIZE - 1) / PAGE_SIZE + changed;

  g_print ("# archive=%s: %u chats, fewest pages %.0f, unique bytes %.0f\n", shape,
           json_array_get_length (chats), min_pages, unique_bytes);
  g_print ("# walk: %.0f API requests, %.0f media bytes, %.1f s; per-chat loop: %.0f API requests, "
           "%.0f media bytes, %.1f s\n",
           walk.api_requests, walk.media_bytes, walk_wall, loop.api_requests, loop.media_bytes,
           loop_wall);
  g_print ("# sync after new media in %u chats: %.0f API requests, %.0f at the least\n", changed,
           sync.api_requests, sync_least);

  trove_bench_add (bench, "API requests, download --all-chats", "requests", &walk.api_requests, 1,
                   "fewest pages the listing needs", &min_pages, 1, TROVE_BENCH_AT_MOST, 1.05);
  /* Each media id fetched once: nothing twice. */
  trove_bench_add (bench, "bytes from the media host, download --all-chats", "bytes",
                   &walk.media_bytes, 1, "each media id's bytes once", &unique_id_bytes, 1,
                   TROVE_BENCH_AT_MOST, 1.00);
  /* Equal bytes under two ids are known equal only once both are fetched (then linked): the
   * gap to the account's distinct files is those second copies. */
  trove_bench_add (bench, "bytes from the media host against distinct files", "bytes",
                   &walk.media_bytes, 1, "the account's distinct files", &unique_bytes, 1,
                   TROVE_BENCH_SHOWN, 0);
  trove_bench_add (bench, "wall time, download --all-chats", "s", &walk_wall, 1,
                   "trove-cli chats, then download --chat per chat", &loop_wall, 1,
                   TROVE_BENCH_SHOWN, 0);
  trove_bench_add (bench, "API requests, per-chat loop", "requests", &loop.api_requests, 1,
                   "fewest pages the listing needs", &min_pages, 1, TROVE_BENCH_SHOWN, 0);
  trove_bench_add (bench, "API requests, sync after 1 % of the chats got new media", "requests",
                   &sync.api_requests, 1,
                   "chat-list pages to reach an unchanged chat + one page per changed chat",
                   &sync_least, 1, TROVE_BENCH_AT_MOST, 1.1);
  trove_bench_finish (bench);

  json_object_unref (dataset);
  trove_test_remove_tree (root);
  return 0;
}
