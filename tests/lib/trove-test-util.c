/* trove-test-util.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "trove-test-util.h"

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
trove_test_wait_for (gboolean *done, guint timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, timed_out_cb, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  g_assert_false (timed_out);
}

void
trove_test_async_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

GAsyncResult *
trove_test_wait_async (GAsyncResult **result, guint timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, timed_out_cb, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  g_assert_false (timed_out);
  return *result;
}

/* The dataset's account that @service's chat @index belongs to. */
static JsonObject *
dataset_account (JsonObject *dataset, const char *service)
{
  if (g_str_equal (service, "fanvue"))
    return json_object_get_object_member (dataset, "fanvue");
  if (g_str_equal (service, "agency"))
    return json_array_get_object_element (json_object_get_array_member (dataset, "agency"), 0);
  g_assert_cmpstr (service, ==, "onlyfansapi");
  return json_array_get_object_element (json_object_get_array_member (dataset, "onlyfansapi"), 0);
}

static JsonObject *
dataset_chat (JsonObject *dataset, const char *service, guint index)
{
  JsonArray *chats = json_object_get_array_member (dataset_account (dataset, service), "chats");

  g_assert_cmpuint (index, <, json_array_get_length (chats));
  return json_array_get_object_element (chats, index);
}

char *
trove_test_dataset_chat_id (TroveTestServerProcess *server, const char *service, guint index)
{
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);

  return g_strdup (json_object_get_string_member (dataset_chat (dataset, service, index), "id"));
}

guint
trove_test_dataset_media_count (TroveTestServerProcess *server, const char *service, guint index)
{
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);

  return json_object_get_int_member (dataset_chat (dataset, service, index), "media_count");
}

char *
trove_test_dataset_creator_id (TroveTestServerProcess *server)
{
  g_autoptr (JsonObject) dataset = trove_test_server_process_get_dataset (server);

  return g_strdup (json_object_get_string_member (dataset_account (dataset, "agency"), "id"));
}

void
trove_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
trove_test_drain_queue (TroveDownloadQueue *queue, guint timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (trove_download_queue_get_pending (queue) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

char *
trove_test_install_default_app (const char *dir,
                                const char *name,
                                const char *const *mime_types,
                                const char *script_tail)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *applications = g_build_filename (data, "applications", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *log = g_strdup_printf ("%s/%s.log", dir, name);
  g_autofree char *script = g_build_filename (dir, name, NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *desktop_text = NULL;
  g_autofree char *mime_list = g_strjoinv (";", (char **) mime_types);
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_autoptr (GString) defaults = g_string_new ("[Default Applications]\n");

  g_assert_cmpint (g_mkdir_with_parents (applications, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);

  script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$1\" >> '%s'\n%s\n", log,
                                 script_tail ? script_tail : "");
  g_file_set_contents (script, script_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);

  desktop = g_strdup_printf ("%s/trove-test-%s.desktop", applications, name);
  desktop_text =
      g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Trove Test %s\nExec=%s %%u\n"
                       "MimeType=%s;\nNoDisplay=true\n",
                       name, script, mime_list);
  g_file_set_contents (desktop, desktop_text, -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; mime_types[i] != NULL; i++)
    g_string_append_printf (defaults, "%s=trove-test-%s.desktop\n", mime_types[i], name);
  g_file_set_contents (mimeapps, defaults->str, -1, &error);
  g_assert_no_error (error);

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  return g_steal_pointer (&log);
}

void
trove_test_skip (const char *reason)
{
  if (g_getenv ("TROVE_STRICT_TESTS") != NULL)
    g_test_fail_printf ("skipped, and skips are failures here: %s", reason);
  else
    g_test_skip (reason);
}

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, GString *log)
{
  if (log->len > 0)
    g_string_append_c (log, ' ');

  if (removed > 0)
    g_string_append_printf (log, "%u-%u+%u", position, removed, added);
  else
    g_string_append_printf (log, "%u+%u", position, added);
}

static void
log_free (gpointer data, GObject *where_the_model_was)
{
  g_string_free (data, TRUE);
}

GString *
trove_test_record_items_changed (GListModel *model)
{
  GString *log = g_string_new (NULL);

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), log);
  /* The log lives as long as the model. */
  g_object_weak_ref (G_OBJECT (model), log_free, log);

  return log;
}

static void
loaded_all_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;

  /* The list's error property keeps whatever stopped it: the callers look there. */
  trove_paged_list_load_all_finish (TROVE_PAGED_LIST (object), result, NULL, NULL);
  *done = TRUE;
}

static gboolean
keep_ticking (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
trove_test_load_all (TrovePagedList *list, guint timeout_s)
{
  gboolean done = FALSE;
  guint tick;

  if (trove_paged_list_get_error (list) != NULL)
    return;

  trove_paged_list_load_all_async (list, NULL, NULL, loaded_all_cb, &done);
  /* Bounded per page, not for the whole walk: a long chat under valgrind is slow but moves. The
   * tick wakes the loop to look at the clock. */
  tick = g_timeout_add (100, keep_ticking, NULL);
  while (!done)
    {
      guint before = g_list_model_get_n_items (G_LIST_MODEL (list));
      gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

      while (!done && g_list_model_get_n_items (G_LIST_MODEL (list)) == before)
        {
          if (g_get_monotonic_time () > deadline)
            g_error ("No page of the listing arrived within %u s (%u items so far)", timeout_s,
                     before);
          g_main_context_iteration (NULL, TRUE);
        }
    }
  g_source_remove (tick);
}

GPtrArray *
trove_test_list_all_media (TroveProvider *provider, const char *chat_id, guint expected)
{
  g_autoptr (TrovePagedList) list =
      trove_paged_list_new_for_media (provider, chat_id, TROVE_MEDIA_KIND_UNKNOWN);
  GPtrArray *media = g_ptr_array_new_with_free_func (g_object_unref);

  trove_test_load_all (list, 60);
  g_assert_no_error ((GError *) trove_paged_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
  for (guint i = 0; i < expected; i++)
    g_ptr_array_add (media, g_list_model_get_item (G_LIST_MODEL (list), i));

  return media;
}

TrovePage *
trove_test_list_chats (TroveProvider *provider, const char *token, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  trove_provider_list_chats_async (provider, NULL, token, NULL, trove_test_async_cb, &result);
  return trove_provider_list_finish (provider, trove_test_wait_async (&result, 60), error);
}

TrovePage *
trove_test_list_media (TroveProvider *provider,
                       const char *chat_id,
                       TroveMediaKind kind,
                       const char *token,
                       GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  trove_provider_list_media_async (provider, chat_id, kind, token, NULL, trove_test_async_cb,
                                   &result);
  return trove_provider_list_finish (provider, trove_test_wait_async (&result, 60), error);
}

void
trove_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        trove_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

gint64
trove_test_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen (field), NULL, 10);
}

double
trove_test_cpu_ms (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *stat = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after_name;

  /* The name in parentheses may hold spaces; utime and stime are the 12th and 13th fields
   * after it, in clock ticks. */
  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after_name = strrchr (stat, ')')) == NULL)
    return -1;

  fields = g_strsplit (after_name + 2, " ", 14);
  if (g_strv_length (fields) < 14)
    return -1;

  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1000 /
         sysconf (_SC_CLK_TCK);
}
