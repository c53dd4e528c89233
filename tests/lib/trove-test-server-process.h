/* trove-test-server-process.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A trove-test-server child process for one test program, and its control interface. */
typedef struct _TroveTestServerProcess TroveTestServerProcess;

/* Starts $TROVE_TEST_SERVER with @extra_args (NULL-terminated, may be NULL). */
TroveTestServerProcess *trove_test_server_process_new (const char *const *extra_args,
                                                       GError **error);
/* Stops it with SIGTERM and waits; fails the test if it did not exit cleanly. */
void trove_test_server_process_free (TroveTestServerProcess *self);

const char *trove_test_server_process_get_pid (TroveTestServerProcess *self);
const char *trove_test_server_process_get_api_url (TroveTestServerProcess *self);
const char *trove_test_server_process_get_auth_url (TroveTestServerProcess *self);
const char *trove_test_server_process_get_onlyfansapi_url (TroveTestServerProcess *self);
const char *trove_test_server_process_get_media_url (TroveTestServerProcess *self);

/* Control calls, synchronous (from their own SoupSession); they assert success. */
void trove_test_server_process_reset (TroveTestServerProcess *self);
void trove_test_server_process_add_fault (TroveTestServerProcess *self, const char *spec);
void trove_test_server_process_clear_faults (TroveTestServerProcess *self);
void trove_test_server_process_expire_urls (TroveTestServerProcess *self);
void trove_test_server_process_add_media (TroveTestServerProcess *self,
                                          const char *chat_id,
                                          guint count);
/* A new message with new media, newer than any, in @chats chats of @account (fanvue, agency or
 * onlyfansapi) of the archive data set. */
void trove_test_server_process_add_archive_media (TroveTestServerProcess *self,
                                                  guint chats,
                                                  const char *account);
/* The request log since the last reset (array of objects; unref it). */
JsonArray *trove_test_server_process_get_requests (TroveTestServerProcess *self);
/* How many requests that log holds. */
guint trove_test_server_process_count_requests (TroveTestServerProcess *self);
/* max_in_flight of "api" or "media" since the last reset. */
gint64 trove_test_server_process_get_max_in_flight (TroveTestServerProcess *self,
                                                    const char *server);
/* The faults in place: [{spec, kind, matched, fired}]. */
JsonArray *trove_test_server_process_get_faults (TroveTestServerProcess *self);
JsonObject *trove_test_server_process_get_dataset (TroveTestServerProcess *self);
GBytes *trove_test_server_process_get_content (TroveTestServerProcess *self,
                                               const char *media_id,
                                               const char *variant);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TroveTestServerProcess, trove_test_server_process_free)

G_END_DECLS
