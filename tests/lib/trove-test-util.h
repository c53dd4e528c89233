/* trove-test-util.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-download-queue.h"
#include "trove-paged-list.h"
#include "trove-provider.h"
#include "trove-test-server-process.h"

G_BEGIN_DECLS

/* Iterates the default main context until @condition holds; after 30 s the test fails, naming
 * the condition and where it was awaited. */
#define TROVE_TEST_WAIT_UNTIL(condition)                                                           \
  G_STMT_START                                                                                     \
  {                                                                                                \
    gint64 trove_test_deadline_ = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;                   \
    while (!(condition))                                                                           \
      {                                                                                            \
        if (g_get_monotonic_time () > trove_test_deadline_)                                        \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #condition);             \
        g_main_context_iteration (NULL, FALSE);                                                    \
        g_usleep (1000);                                                                           \
      }                                                                                            \
  }                                                                                                \
  G_STMT_END

/* Iterates the default main context until *@done is TRUE (or fails after @timeout_s). */
void trove_test_wait_for (gboolean *done, guint timeout_s);

/* Awaits one async call: pass trove_test_async_cb with a GAsyncResult ** (set to NULL) as the
 * call's callback and data, then trove_test_wait_async iterates the default main context until
 * the call completes (or fails after @timeout_s) and returns its result, for the call's
 * _finish; the pointer keeps the reference:
 *
 *   g_autoptr (GAsyncResult) result = NULL;
 *   trove_provider_list_chats_async (provider, NULL, NULL, NULL, trove_test_async_cb, &result);
 *   page = trove_provider_list_finish (provider, trove_test_wait_async (&result, 60), &error);
 */
void trove_test_async_cb (GObject *source, GAsyncResult *result, gpointer user_data);
GAsyncResult *trove_test_wait_async (GAsyncResult **result, guint timeout_s);

/* The id of chat @index of @service ("fanvue", "agency", "onlyfansapi") in the server's data set.
 */
char *trove_test_dataset_chat_id (TroveTestServerProcess *server, const char *service, guint index);
/* How many media chat @index of @service holds. */
guint
trove_test_dataset_media_count (TroveTestServerProcess *server, const char *service, guint index);
/* The agency's first creator. */
char *trove_test_dataset_creator_id (TroveTestServerProcess *server);

/* Makes a shell script the default application for @mime_types (NULL-terminated) in private XDG
 * data and config folders under @dir ("data", "config"), and points XDG_DATA_HOME and
 * XDG_CONFIG_HOME at them, so that GIO launches it exactly as it would the user's own. The script
 * writes the address or path it gets as a line to the file whose path is returned, then runs
 * @script_tail (shell, "$1" is that address) when not NULL. Call it before anything reads the
 * XDG folders. */
char *trove_test_install_default_app (const char *dir,
                                      const char *name,
                                      const char *const *mime_types,
                                      const char *script_tail);

/* Deletes @path and everything under it. */
void trove_test_remove_tree (const char *path);

/* A field of /proc/self/status in KiB ("VmRSS:", "VmHWM:"), or -1. */
gint64 trove_test_status_kib (const char *field);

/* The processor time (user and system, all threads) process @pid ("self" for this one) has used
 * so far, in milliseconds, or -1. */
double trove_test_cpu_ms (const char *pid);

/* Skips the current test, or fails it when TROVE_STRICT_TESTS is set (CI): there a skip would
 * count as a pass for something that never ran. */
void trove_test_skip (const char *reason);

/* Iterates the default main context for @ms milliseconds, to see that nothing happens. */
void trove_test_spin (guint ms);

/* Runs the main loop until @queue has no job left; fails the test after @timeout_s seconds. */
void trove_test_drain_queue (TroveDownloadQueue *queue, guint timeout_s);

/* Records a model's items-changed emissions as "position-removed+added" ("0-0+50" is written
 * "0+50" when nothing was removed) into a GString, space-separated. */
GString *trove_test_record_items_changed (GListModel *model);

/* Loads @list to its end, or until a page fails (unless it has failed already); the list's
 * error property says which. */
void trove_test_load_all (TrovePagedList *list, guint timeout_s);

/* Every media of chat @chat_id, listed through a paged list to the end (asserts there are
 * @expected); a GPtrArray of TroveMedia. */
GPtrArray *trove_test_list_all_media (TroveProvider *provider, const char *chat_id, guint expected);

/* Runs one listing call to completion. */
TrovePage *trove_test_list_chats (TroveProvider *provider, const char *token, GError **error);
TrovePage *trove_test_list_media (TroveProvider *provider,
                                  const char *chat_id,
                                  TroveMediaKind kind,
                                  const char *token,
                                  GError **error);

G_END_DECLS
