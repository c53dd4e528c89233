/* bench-archive-scale.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The download archive as a whole-account archive makes it large. With a generated archive of
 * 10,000, 100,000 and 1,000,000 recorded items: the time to look up and to record one item, less
 * the time spent waiting for a processor (each under 50 µs, and flat: the figure at 1,000,000
 * items at most 2x the one at 10,000, since an indexed call grows with the depth of the B-tree,
 * a scan with the row count), the plain wall clock beside it, and the archive's size on disk per
 * item. Then trove-cli against the test server: the time to start and skip every item of a chat
 * of 10,000 items already archived, against a bare fetch of the very pages it requested (curl,
 * one connection, the same headers), and the time `media --json` takes for that chat, for
 * comparison.
 *
 * Usage: bench-archive-scale TROVE_CLI
 *
 * With TROVE_BENCH_CLI_ONLY=1 in the environment only the trove-cli part runs (the archive's
 * lookups at 1,000,000 items take minutes): for iterating on trove-cli.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include "trove-bench.h"
#include "trove-download-archive.h"
#include "trove-test-server-process.h"
#include "trove-test-util.h"

/* Short runs, many of them: the median leaves out the runs another process's time slice fell in
 * (2 cores, many processes). */
#define RUNS 15
/* Of items picked at random, so that at 1,000,000 most miss the page cache as real ones do. */
#define LOOKUPS_PER_RUN 500
#define RECORDS_PER_RUN 100
#define CHAT_ITEMS 10000
#define CLI_RUNS 9
#define ACCOUNT_ID "3f2b8c1e-5d4a-4e7b-9c0d-1a2b3c4d5e6f"
#define SHA256 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

/* Media ids that look like the services' (UUIDs), spread over the key space as theirs are. */
static guint64
mix (guint64 x)
{
  x += 0x9e3779b97f4a7c15;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9;
  x = (x ^ (x >> 27)) * 0x94d049bb133111eb;
  return x ^ (x >> 31);
}

static void
media_id (guint64 n, char buf[37])
{
  guint64 a = mix (n), b = mix (n ^ 0x5555555555555555);

  g_snprintf (buf, 37, "%08x-%04x-4%03x-%04x-%012" G_GINT64_MODIFIER "x", (guint) (a >> 32),
              (guint) (a >> 16) & 0xffff, (guint) a & 0xfff,
              (guint) (0x8000 | ((b >> 48) & 0x3fff)), b & G_GUINT64_CONSTANT (0xffffffffffff));
}

/* Rows straight into the archive's table, in one transaction: what is measured is the archive's
 * cost per call, not the fill. */
static void
fill (const char *archive_path,
      guint64 from,
      guint64 to,
      const char *account_id,
      char *(*id_of) (guint64 n, gpointer data),
      const char *(*path_of) (guint64 n, gpointer data),
      gint64 size,
      gpointer data)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;

  g_assert_cmpint (sqlite3_open (archive_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA cache_size=-65536; BEGIN", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO downloads VALUES (?, ?, ?, ?, ?, ?)", -1,
                                       &statement, NULL),
                   ==, SQLITE_OK);
  for (guint64 n = from; n < to; n++)
    {
      g_autofree char *id = id_of (n, data);

      sqlite3_bind_text (statement, 1, account_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 3, path_of (n, data), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (statement, 4, size);
      sqlite3_bind_text (statement, 5, SHA256, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (statement, 6, 1717243200 + n);
      g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_DONE);
      sqlite3_reset (statement);
    }
  sqlite3_finalize (statement);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
}

static char *
generated_id (guint64 n, gpointer data)
{
  char buf[37];

  media_id (n, buf);
  return g_strdup (buf);
}

static const char *
same_path (guint64 n, gpointer data)
{
  return data;
}

static gint64
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? buf.st_size : 0;
}

/* Per call: the wall clock less the time this thread waited for a processor (held to the
 * targets: on 2 cores shared by many processes the plain wall clock mostly measures the others'
 * time slices), and the plain wall clock (shown). Waits for the disk count in both. */
typedef struct
{
  double lookup_us[RUNS];
  double record_us[RUNS];
  double lookup_wall_us[RUNS];
  double record_wall_us[RUNS];
} Scale;

/* µs this thread has spent runnable but waiting for a processor (schedstat's second field). */
static double
waited_for_processor_us (void)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/thread-self/schedstat", &contents, NULL, NULL))
    g_error ("/proc/thread-self/schedstat cannot be read");
  fields = g_strsplit (contents, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), >=, 2);
  return g_ascii_strtoull (fields[1], NULL, 10) / 1000.0;
}

static guint64 next_new_item = G_GUINT64_CONSTANT (1) << 40;

/* One run: µs per lookup of items picked at random among the first @items, and per record of a
 * new one. The new ones are taken out again afterwards, so the archive stays at @items. */
static void
measure (TroveDownloadArchive *archive,
         const char *archive_path,
         guint64 items,
         const char *file,
         GRand *rand,
         Scale *scale,
         guint run)
{
  char ids[LOOKUPS_PER_RUN][37];
  sqlite3 *db = NULL;
  sqlite3_stmt *remove = NULL;
  gint64 start;
  double waited;

  for (guint i = 0; i < LOOKUPS_PER_RUN; i++)
    media_id (((guint64) g_rand_int (rand) << 32 | g_rand_int (rand)) % items, ids[i]);
  waited = waited_for_processor_us ();
  start = g_get_monotonic_time ();
  for (guint i = 0; i < LOOKUPS_PER_RUN; i++)
    {
      g_autofree char *path = trove_download_archive_lookup (archive, ACCOUNT_ID, ids[i]);

      if (g_strcmp0 (path, file) != 0)
        g_error ("item %s of %" G_GUINT64_FORMAT " not found (%s)", ids[i], items, path);
    }
  scale->lookup_wall_us[run] = (g_get_monotonic_time () - start) / (double) LOOKUPS_PER_RUN;
  scale->lookup_us[run] =
      scale->lookup_wall_us[run] - (waited_for_processor_us () - waited) / LOOKUPS_PER_RUN;

  for (guint i = 0; i < RECORDS_PER_RUN; i++)
    media_id (next_new_item++, ids[i]);
  waited = waited_for_processor_us ();
  start = g_get_monotonic_time ();
  for (guint i = 0; i < RECORDS_PER_RUN; i++)
    {
      g_autoptr (GError) error = NULL;

      if (!trove_download_archive_record (archive, ACCOUNT_ID, ids[i], file, 1, SHA256, &error))
        g_error ("record: %s", error->message);
    }
  scale->record_wall_us[run] = (g_get_monotonic_time () - start) / (double) RECORDS_PER_RUN;
  scale->record_us[run] =
      scale->record_wall_us[run] - (waited_for_processor_us () - waited) / RECORDS_PER_RUN;

  /* What was recorded is there. */
  {
    g_autofree char *recorded =
        trove_download_archive_lookup (archive, ACCOUNT_ID, ids[RECORDS_PER_RUN - 1]);

    g_assert_cmpstr (recorded, ==, file);
  }
  g_assert_cmpint (sqlite3_open (archive_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "DELETE FROM downloads WHERE account = ? AND media = ?",
                                       -1, &remove, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < RECORDS_PER_RUN; i++)
    {
      sqlite3_bind_text (remove, 1, ACCOUNT_ID, -1, SQLITE_STATIC);
      sqlite3_bind_text (remove, 2, ids[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (remove), ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_changes (db), ==, 1);
      sqlite3_reset (remove);
    }
  sqlite3_finalize (remove);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static TroveDownloadArchive *
new_archive (const char *dir, const char *name, char **path)
{
  g_autoptr (GError) error = NULL;
  TroveDownloadArchive *archive;

  *path = g_build_filename (dir, name, NULL);
  archive = trove_download_archive_new (*path, &error);
  g_assert_no_error (error);
  return archive;
}

static void
archive_scale (TroveBench *bench)
{
  static const guint64 steps[] = { 100000, 1000000 };
  static const char *const names[] = { "100,000", "1,000,000" };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("trove-bench-archive-XXXXXX", &error);
  g_autofree char *small_path = NULL;
  g_autofree char *large_path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *file = NULL;
  g_autofree char *wal = NULL;
  g_autoptr (TroveDownloadArchive) small = NULL;
  g_autoptr (TroveDownloadArchive) large = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  Scale small_scale[G_N_ELEMENTS (steps)], large_scale[G_N_ELEMENTS (steps)];
  double per_item[1];
  guint64 filled = 0;

  g_assert_no_error (error);
  /* A path as long as a real one: the folder, account, chat and a rendered name. */
  folder = g_build_filename (dir, "Trove", "Creator Name", "Firstname Lastname (fan_1234)", NULL);
  file = g_build_filename (folder, "2024-05-31 12-00-00 6f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f.jpg",
                           NULL);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));

  /* The reference, 10,000 items, is measured in turn with the large archive, run for run, so
   * that the load of the machine weighs on both alike. */
  small = new_archive (dir, "small.sqlite3", &small_path);
  fill (small_path, 0, 10000, ACCOUNT_ID, generated_id, same_path, 1, file);
  large = new_archive (dir, "large.sqlite3", &large_path);
  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      gint64 start = g_get_monotonic_time ();

      fill (large_path, filled, steps[s], ACCOUNT_ID, generated_id, same_path, 1, file);
      g_print ("# filled to %" G_GUINT64_FORMAT " items in %.1f s\n", steps[s],
               (g_get_monotonic_time () - start) / 1e6);
      filled = steps[s];
      for (guint run = 0; run < RUNS; run++)
        {
          measure (small, small_path, 10000, file, rand, &small_scale[s], run);
          measure (large, large_path, steps[s], file, rand, &large_scale[s], run);
        }
    }

  g_clear_object (&large);
  wal = g_strconcat (large_path, "-wal", NULL);
  per_item[0] = (file_size (large_path) + file_size (wal)) / (double) filled;

  /* The 10,000-item figures measured beside the 1,000,000-item ones. */
  trove_bench_add (bench, "archive lookup, 10,000 items", "µs", small_scale[1].lookup_us, RUNS,
                   NULL, NULL, 0, TROVE_BENCH_AT_MOST, 50);
  trove_bench_add (bench, "archive record, 10,000 items", "µs", small_scale[1].record_us, RUNS,
                   NULL, NULL, 0, TROVE_BENCH_AT_MOST, 50);
  for (guint s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      g_autofree char *lookup = g_strdup_printf ("archive lookup, %s items", names[s]);
      g_autofree char *record = g_strdup_printf ("archive record, %s items", names[s]);

      trove_bench_add (bench, lookup, "µs", large_scale[s].lookup_us, RUNS, NULL, NULL, 0,
                       TROVE_BENCH_AT_MOST, 50);
      trove_bench_add (bench, record, "µs", large_scale[s].record_us, RUNS, NULL, NULL, 0,
                       TROVE_BENCH_AT_MOST, 50);
    }
  /* Flat, that is indexed: at 100 times the rows a call goes a B-tree level or two deeper, and
   * once the page cache (2 MB) no longer holds the archive each level is a read from the
   * system's file cache, a few µs; a scan would take 100 times as long. */
  trove_bench_add (bench, "archive lookup, 1,000,000 items", "µs", large_scale[1].lookup_us, RUNS,
                   "archive lookup, 10,000 items", small_scale[1].lookup_us, RUNS,
                   TROVE_BENCH_AT_MOST, 2.0);
  trove_bench_add (bench, "archive record, 1,000,000 items", "µs", large_scale[1].record_us, RUNS,
                   "archive record, 10,000 items", small_scale[1].record_us, RUNS,
                   TROVE_BENCH_AT_MOST, 2.0);
  /* The wall clock adds the waits for the disk at checkpoints, and the machine's other load. */
  trove_bench_add (bench, "archive lookup, 1,000,000 items, wall clock", "µs",
                   large_scale[1].lookup_wall_us, RUNS, "archive lookup, 10,000 items, wall clock",
                   small_scale[1].lookup_wall_us, RUNS, TROVE_BENCH_SHOWN, 0);
  trove_bench_add (bench, "archive record, 1,000,000 items, wall clock", "µs",
                   large_scale[1].record_wall_us, RUNS, "archive record, 10,000 items, wall clock",
                   small_scale[1].record_wall_us, RUNS, TROVE_BENCH_SHOWN, 0);
  trove_bench_add (bench, "archive size on disk per item", "bytes", per_item, 1, NULL, NULL, 0,
                   TROVE_BENCH_SHOWN, 0);

  trove_test_remove_tree (dir);
}

/* trove-cli in a private profile (keyfile settings, TROVE_TOKEN, data in @home). */
static char **
cli_environment (const char *home)
{
  char **env = g_get_environ ();
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);

  env = g_environ_setenv (env, "HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data, TRUE);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", cache, TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  env = g_environ_setenv (env, "TROVE_TOKEN", "fv_test_creator", TRUE);
  return env;
}

/* Runs @argv (with @env), fails unless it exits 0; returns its output and how long it took. */
static char *
run (const char *const *argv, char **env, double *ms)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;
  gint64 start = g_get_monotonic_time ();

  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (ms != NULL)
    *ms = (g_get_monotonic_time () - start) / 1000.0;
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s %s: %s\n%s", argv[0], argv[1], error->message, err);
  return out;
}

typedef struct
{
  GPtrArray *ids;
  GPtrArray *paths;
} ChatItems;

static char *
chat_id_at (guint64 n, gpointer data)
{
  return g_strdup (g_ptr_array_index (((ChatItems *) data)->ids, n));
}

static const char *
chat_path_at (guint64 n, gpointer data)
{
  return g_ptr_array_index (((ChatItems *) data)->paths, n);
}

/* trove-cli download of @chat, whose every item is in the archive: it skips them all. */
static void
skip (const char *cli,
      const char *chat,
      const char *dest,
      char **env,
      TroveTestServerProcess *server,
      double *ms,
      double *processor_ms)
{
  const char *download[] = { cli,  "download", "--account", "bench", "--chat",
                             chat, "--dest",   dest,        NULL };
  g_autofree char *expected =
      g_strdup_printf ("downloaded 0, skipped %d, failed 0, locked 0, deduplicated 0\n",
                       CHAT_ITEMS);
  g_autofree char *out = NULL;
  struct rusage before, after;

  trove_test_server_process_reset (server);
  /* The server is not reaped before the end: the children's time is trove-cli's. */
  getrusage (RUSAGE_CHILDREN, &before);
  out = run (download, env, ms);
  getrusage (RUSAGE_CHILDREN, &after);
  g_assert_cmpstr (out, ==, expected);
  if (processor_ms != NULL)
    *processor_ms = (after.ru_utime.tv_sec - before.ru_utime.tv_sec + after.ru_stime.tv_sec -
                     before.ru_stime.tv_sec) *
                        1000.0 +
                    (after.ru_utime.tv_usec - before.ru_utime.tv_usec + after.ru_stime.tv_usec -
                     before.ru_stime.tv_usec) /
                        1000.0;
}

static void
cli_skip (TroveBench *bench, const char *cli)
{
  g_autofree char *size_arg = g_strdup_printf ("--dataset=size=%d", CHAT_ITEMS);
  const char *server_args[] = { size_arg, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (TroveTestServerProcess) server = trove_test_server_process_new (server_args, &error);
  g_autofree char *home = g_dir_make_tmp ("trove-bench-cli-XXXXXX", &error);
  g_autofree char *chat = NULL;
  g_autofree char *files = NULL;
  g_autofree char *archive_path = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *accounts = NULL;
  g_autofree char *dest = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) curl = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) env = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (JsonArray) requests = NULL;
  ChatItems items = { g_ptr_array_new_with_free_func (g_free),
                      g_ptr_array_new_with_free_func (g_free) };
  TroveDownloadArchive *created = NULL;
  const char *account_id = NULL;
  double skip_ms[CLI_RUNS], skip_processor_ms[CLI_RUNS], fetch_ms[CLI_RUNS], media_ms[CLI_RUNS];
  guint pages = 0;

  g_assert_no_error (error);
  env = cli_environment (home);
  chat = trove_test_dataset_chat_id (server, "fanvue", 0);
  dest = g_build_filename (home, "downloads", NULL);
  g_assert_cmpuint (trove_test_dataset_media_count (server, "fanvue", 0), ==, CHAT_ITEMS);

  {
    const char *add[] = { cli,      "accounts",  "add",
                          "--name", "bench",     "--kind",
                          "fanvue", "--api-url", trove_test_server_process_get_api_url (server),
                          NULL };
    const char *list[] = { cli, "accounts", "list", "--json", NULL };

    g_free (run (add, env, NULL));
    accounts = run (list, env, NULL);
    g_assert_true (json_parser_load_from_data (parser, accounts, -1, &error));
    g_assert_no_error (error);
    account_id =
        json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "id");
    g_assert_nonnull (account_id);
  }

  /* The listing gives the ids that fill the archive. */
  {
    const char *media[] = { cli, "media", "--account", "bench", "--chat", chat, "--json", NULL };

    listing = run (media, env, NULL);
  }
  lines = g_strsplit (g_strstrip (listing), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, CHAT_ITEMS);

  /* Every item downloaded before: a small file each, recorded in the archive. */
  files = g_build_filename (home, "files", NULL);
  g_assert_cmpint (g_mkdir_with_parents (files, 0700), ==, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonParser) line = json_parser_new ();
      g_autofree char *path = NULL;

      g_assert_true (json_parser_load_from_data (line, lines[i], -1, NULL));
      g_ptr_array_add (items.ids,
                       g_strdup (json_object_get_string_member (json_node_get_object (
                                                                    json_parser_get_root (line)),
                                                                "id")));
      path = g_strdup_printf ("%s/2024-05-31 12-00-00 %s.jpg", files,
                              (char *) g_ptr_array_index (items.ids, i));
      g_assert_true (g_file_set_contents (path, "x", 1, NULL));
      g_ptr_array_add (items.paths, g_steal_pointer (&path));
    }
  archive_path = g_build_filename (home, "data", "trove", "archive.sqlite3", NULL);
  /* The archive makes its tables. */
  created = trove_download_archive_new (archive_path, &error);
  g_assert_no_error (error);
  g_clear_object (&created);
  fill (archive_path, 0, CHAT_ITEMS, account_id, chat_id_at, chat_path_at, 1, &items);

  /* A first run says which pages trove-cli asks for: the bare fetch asks for the same ones with
   * one curl, one connection, in order. */
  skip (cli, chat, dest, env, server, NULL, NULL);
  requests = trove_test_server_process_get_requests (server);
  g_ptr_array_add (curl, g_strdup ("curl"));
  g_ptr_array_add (curl, g_strdup ("--no-progress-meter"));
  g_ptr_array_add (curl, g_strdup ("--fail"));
  g_ptr_array_add (curl, g_strdup ("-H"));
  g_ptr_array_add (curl, g_strdup ("Authorization: Bearer fv_test_creator"));
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      const char *query = json_object_get_string_member_with_default (request, "query", NULL);
      const char *version =
          json_object_get_string_member_with_default (request, "api_version", NULL);

      if (g_strcmp0 (json_object_get_string_member (request, "route"), "GET /chats/{chat}/media") !=
          0)
        continue;
      if (pages++ == 0 && version != NULL)
        {
          g_ptr_array_add (curl, g_strdup ("-H"));
          g_ptr_array_add (curl, g_strdup_printf ("X-Fanvue-API-Version: %s", version));
        }
      g_ptr_array_add (curl, g_strdup ("-o"));
      g_ptr_array_add (curl, g_strdup ("/dev/null"));
      g_ptr_array_add (curl,
                       g_strdup_printf ("%s%s%s%s", trove_test_server_process_get_api_url (server),
                                        json_object_get_string_member (request, "path"),
                                        query && *query ? "?" : "", query ? query : ""));
    }
  g_ptr_array_add (curl, NULL);
  g_assert_cmpuint (pages, >=, CHAT_ITEMS / 50);
  g_print ("# %u page requests\n", pages);

  /* In turn, run for run, so that the load of the machine weighs on each alike. */
  for (guint run_index = 0; run_index < CLI_RUNS; run_index++)
    {
      const char *media[] = { cli, "media", "--account", "bench", "--chat", chat, "--json", NULL };

      skip (cli, chat, dest, env, server, &skip_ms[run_index], &skip_processor_ms[run_index]);

      trove_test_server_process_reset (server);
      g_free (run ((const char *const *) curl->pdata, NULL, &fetch_ms[run_index]));
      g_assert_cmpuint (trove_test_server_process_count_requests (server), ==, pages);

      g_free (run (media, env, &media_ms[run_index]));
    }

  /* Dominated by the page requests: they take at least half of trove-cli's time, so at most 2x
   * the bare fetch, which neither starts a program of ours, parses a page nor looks an item up. */
  trove_bench_add (bench, "trove-cli download, 10,000 items all archived", "ms", skip_ms, CLI_RUNS,
                   "bare fetch of the same pages (curl)", fetch_ms, CLI_RUNS, TROVE_BENCH_AT_MOST,
                   2.0);
  /* What trove-cli itself works (start, parse, look up): the rest is waiting for the pages. */
  trove_bench_add (bench, "trove-cli download, all archived, processor", "ms", skip_processor_ms,
                   CLI_RUNS, NULL, NULL, 0, TROVE_BENCH_SHOWN, 0);
  trove_bench_add (bench, "trove-cli media --json, 10,000 items", "ms", media_ms, CLI_RUNS,
                   "bare fetch of the same pages (curl)", fetch_ms, CLI_RUNS, TROVE_BENCH_SHOWN, 0);

  g_ptr_array_unref (items.ids);
  g_ptr_array_unref (items.paths);
  trove_test_remove_tree (home);
}

int
main (int argc, char *argv[])
{
  g_autoptr (TroveBench) bench = trove_bench_new ("bench-archive-scale");

  g_assert_cmpint (argc, ==, 2);
  if (g_strcmp0 (g_getenv ("TROVE_BENCH_CLI_ONLY"), "1") != 0)
    archive_scale (bench);
  cli_skip (bench, argv[1]);

  trove_bench_finish (bench);

  return 0;
}
