/* ts-main.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * trove-test-server: the three APIs on loopback from a deterministic data set. See README.md.
 */

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "ts-server.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_latency (const char *text, guint *ms, guint *jitter)
{
  g_auto (GStrv) parts = g_strsplit (text, ":", 2);
  guint64 value = 0, spread = 0;

  if (!g_ascii_string_to_unsigned (parts[0], 10, 0, 600000, &value, NULL) ||
      (parts[1] && !g_ascii_string_to_unsigned (parts[1], 10, 0, 600000, &spread, NULL)))
    return FALSE;

  *ms = value;
  *jitter = spread;
  return TRUE;
}

int
main (int argc, char *argv[])
{
  g_autofree char *dataset_name = NULL;
  g_autofree char *latency = NULL;
  g_auto (GStrv) fault_specs = NULL;
  int seed = 1, port = 0, media_port = 0, url_ttl = 600, token_ttl = 3600, rate_limit = 100000,
      rate_window = 60;
  gint64 blob_size = 200 * 1024;
  int cache_mb = 96;
  gboolean print_urls = FALSE, refuse_direct = FALSE;
  gint64 credits = 999964345;
  GOptionEntry entries[] = {
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &dataset_name,
      "demo, size=N, documents=N or archive[=CHATS,ITEMS,SHARED_PERCENT]", "NAME" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the data set", "N" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "API port (0: any)", "P" },
    { "media-port", 0, 0, G_OPTION_ARG_INT, &media_port, "Media host port (0: any)", "P" },
    { "latency", 0, 0, G_OPTION_ARG_STRING, &latency, "Delay every response", "MS[:JITTER]" },
    { "url-ttl", 0, 0, G_OPTION_ARG_INT, &url_ttl, "Lifetime of signed media URLs", "SECONDS" },
    { "token-ttl", 0, 0, G_OPTION_ARG_INT, &token_ttl, "Lifetime of OAuth access tokens",
      "SECONDS" },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit, "Fanvue requests per window per token",
      "N" },
    { "rate-window", 0, 0, G_OPTION_ARG_INT, &rate_window,
      "Length of the rate-limit window (default 60)", "SECONDS" },
    { "blob-size", 0, 0, G_OPTION_ARG_INT64, &blob_size, "Size of document files", "BYTES" },
    { "cache-mb", 0, 0, G_OPTION_ARG_INT, &cache_mb, "Memory for generated files (default 96)",
      "MB" },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &fault_specs, "Inject a fault (see README.md)",
      "SPEC" },
    { "print-urls", 0, 0, G_OPTION_ARG_NONE, &print_urls, "Print the URLs as one JSON line", NULL },
    { "refuse-direct-cdn", 0, 0, G_OPTION_ARG_NONE, &refuse_direct,
      "The media host refuses OnlyFansAPI media without a grant of the download endpoint", NULL },
    { "credits", 0, 0, G_OPTION_ARG_INT64, &credits,
      "OnlyFansAPI credit balance at the start (default 999964345)", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- Trove's test server");
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *video = NULL;
  TsServer server = { 0 };
  guint sigterm, sigint;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (blob_size < 64 || blob_size > G_MAXINT || cache_mb < 0 || cache_mb > 65536 || url_ttl < 0 ||
      token_ttl < 0 || rate_limit < 1 || rate_window < 1 ||
      (latency && !parse_latency (latency, &server.latency_ms, &server.latency_jitter_ms)))
    {
      g_printerr ("Bad --blob-size, --cache-mb, --url-ttl, --token-ttl, --rate-limit, "
                  "--rate-window or --latency\n");
      return 2;
    }

  server.dataset = ts_dataset_new (dataset_name ? dataset_name : "demo", seed, &error);
  if (server.dataset == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  video = g_build_filename (TS_DATA_DIR, "sample.webm", NULL);
  server.content = ts_content_new (video, blob_size, (gsize) cache_mb * 1024 * 1024, &error);
  if (server.content == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  server.url_ttl = url_ttl;
  server.token_ttl = token_ttl;
  server.rate_limit = rate_limit;
  server.rate_window = rate_window;
  server.rand = g_rand_new_with_seed (seed);
  server.log = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  server.faults = g_ptr_array_new_with_free_func ((GDestroyNotify) ts_fault_free);
  server.rate_windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server.oauth = ts_oauth_new ();
  server.sign_key = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  server.refuse_direct = refuse_direct;
  server.credit_balance = credits;
  server.grants =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ts_grant_free);

  for (guint i = 0; fault_specs && fault_specs[i]; i++)
    {
      TsFault *fault = ts_fault_parse (fault_specs[i], &error);

      if (fault == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
      g_ptr_array_add (server.faults, fault);
    }

  ts_server_listen (&server, port, media_port, &error);
  if (error != NULL)
    {
      g_printerr ("Cannot listen: %s\n", error->message);
      return 1;
    }

  if (print_urls)
    {
      g_print ("{\"api\":\"%s\",\"auth\":\"%s\",\"onlyfansapi\":\"%s\",\"media\":\"%s\","
               "\"control\":\"%s/__control\"}\n",
               server.api_url, server.api_url, server.api_url, server.media_url, server.api_url);
      fflush (stdout);
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigterm = g_unix_signal_add (SIGTERM, quit_cb, loop);
  sigint = g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigterm);
  g_source_remove (sigint);

  soup_server_disconnect (server.api);
  soup_server_disconnect (server.media);
  g_object_unref (server.api);
  g_object_unref (server.media);
  g_free (server.api_url);
  g_free (server.media_url);
  g_free (server.sign_key);
  ts_oauth_free (server.oauth);
  g_hash_table_unref (server.grants);
  g_hash_table_unref (server.rate_windows);
  g_ptr_array_unref (server.faults);
  g_ptr_array_unref (server.log);
  g_rand_free (server.rand);
  ts_content_free (server.content);
  ts_dataset_free (server.dataset);

  return 0;
}
