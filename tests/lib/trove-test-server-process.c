/* trove-test-server-process.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>

#include "trove-test-server-process.h"

struct _TroveTestServerProcess
{
  GSubprocess *process;
  SoupSession *session;
  JsonObject *urls;
};

/* A test that aborts must not leave its server behind (holding meson's pipes open). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

TroveTestServerProcess *
trove_test_server_process_new (const char *const *extra_args, GError **error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *line = NULL;
  const char *program = g_getenv ("TROVE_TEST_SERVER");
  TroveTestServerProcess *self;
  GSubprocess *process;

  if (program == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "TROVE_TEST_SERVER is not set (run the tests with meson test)");
      return NULL;
    }

  g_ptr_array_add (argv, (char *) program);
  g_ptr_array_add (argv, (char *) "--print-urls");
  for (guint i = 0; extra_args && extra_args[i]; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, error);
  if (process == NULL)
    return NULL;

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, error);
  if (line == NULL || (root = json_from_string (line, error)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      if (error && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "trove-test-server printed no URLs");
      g_subprocess_force_exit (process);
      g_object_unref (process);
      return NULL;
    }

  self = g_new0 (TroveTestServerProcess, 1);
  self->process = process;
  self->urls = json_object_ref (json_node_get_object (root));
  /* The control interface must never queue behind the code under test. */
  self->session = soup_session_new_with_options ("max-conns-per-host", 4, NULL);

  return self;
}

void
trove_test_server_process_free (TroveTestServerProcess *self)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (self->process));
  g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);

  g_object_unref (self->process);
  g_object_unref (self->session);
  json_object_unref (self->urls);
  g_free (self);
}

const char *
trove_test_server_process_get_pid (TroveTestServerProcess *self)
{
  return g_subprocess_get_identifier (self->process);
}

const char *
trove_test_server_process_get_api_url (TroveTestServerProcess *self)
{
  return json_object_get_string_member (self->urls, "api");
}

const char *
trove_test_server_process_get_auth_url (TroveTestServerProcess *self)
{
  return json_object_get_string_member (self->urls, "auth");
}

const char *
trove_test_server_process_get_onlyfansapi_url (TroveTestServerProcess *self)
{
  return json_object_get_string_member (self->urls, "onlyfansapi");
}

const char *
trove_test_server_process_get_media_url (TroveTestServerProcess *self)
{
  return json_object_get_string_member (self->urls, "media");
}

static GBytes *
control (TroveTestServerProcess *self, const char *method, const char *path, const char *body)
{
  g_autofree char *url =
      g_strconcat (json_object_get_string_member (self->urls, "control"), path, NULL);
  g_autoptr (SoupMessage) message = soup_message_new (method, url);
  g_autoptr (GError) error = NULL;
  GBytes *response;

  /* A fresh connection each time: a kept-alive one may have been closed by the server,
   * and POSTs are not retried. */
  soup_message_add_flags (message, SOUP_MESSAGE_NEW_CONNECTION);

  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "text/plain", bytes);
    }

  response = soup_session_send_and_read (self->session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);

  return response;
}

static JsonNode *
control_json (TroveTestServerProcess *self, const char *path)
{
  g_autoptr (GBytes) bytes = control (self, SOUP_METHOD_GET, path, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

void
trove_test_server_process_reset (TroveTestServerProcess *self)
{
  g_bytes_unref (control (self, SOUP_METHOD_POST, "/reset", NULL));
}

void
trove_test_server_process_add_fault (TroveTestServerProcess *self, const char *spec)
{
  g_bytes_unref (control (self, SOUP_METHOD_POST, "/faults", spec));
}

void
trove_test_server_process_clear_faults (TroveTestServerProcess *self)
{
  g_bytes_unref (control (self, SOUP_METHOD_DELETE, "/faults", NULL));
}

void
trove_test_server_process_expire_urls (TroveTestServerProcess *self)
{
  g_bytes_unref (control (self, SOUP_METHOD_POST, "/expire-urls", NULL));
}

void
trove_test_server_process_add_media (TroveTestServerProcess *self, const char *chat_id, guint count)
{
  g_autofree char *path = g_strdup_printf ("/chats/%s/add-media?count=%u", chat_id, count);

  g_bytes_unref (control (self, SOUP_METHOD_POST, path, NULL));
}

void
trove_test_server_process_add_archive_media (TroveTestServerProcess *self,
                                             guint chats,
                                             const char *account)
{
  g_autofree char *path = g_strdup_printf ("/add-media?chats=%u&account=%s", chats, account);

  g_bytes_unref (control (self, SOUP_METHOD_POST, path, NULL));
}

JsonArray *
trove_test_server_process_get_requests (TroveTestServerProcess *self)
{
  g_autoptr (JsonNode) node = control_json (self, "/requests");

  return json_array_ref (json_object_get_array_member (json_node_get_object (node), "requests"));
}

guint
trove_test_server_process_count_requests (TroveTestServerProcess *self)
{
  g_autoptr (JsonArray) requests = trove_test_server_process_get_requests (self);

  return json_array_get_length (requests);
}

gint64
trove_test_server_process_get_max_in_flight (TroveTestServerProcess *self, const char *server)
{
  g_autoptr (JsonNode) node = control_json (self, "/requests");
  JsonObject *maxima = json_object_get_object_member (json_node_get_object (node), "max_in_flight");

  return json_object_get_int_member (maxima, server);
}

JsonArray *
trove_test_server_process_get_faults (TroveTestServerProcess *self)
{
  g_autoptr (JsonNode) node = control_json (self, "/faults");

  return json_array_ref (json_object_get_array_member (json_node_get_object (node), "faults"));
}

JsonObject *
trove_test_server_process_get_dataset (TroveTestServerProcess *self)
{
  g_autoptr (JsonNode) node = control_json (self, "/dataset");

  return json_object_ref (json_node_get_object (node));
}

GBytes *
trove_test_server_process_get_content (TroveTestServerProcess *self,
                                       const char *media_id,
                                       const char *variant)
{
  g_autofree char *path = g_strdup_printf ("/content/%s/%s", media_id, variant);

  return control (self, SOUP_METHOD_GET, path, NULL);
}
