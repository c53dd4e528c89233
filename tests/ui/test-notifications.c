/* test-notifications.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a batch of downloads ends while no window has the focus, the desktop hears of it. The
 * test owns org.gtk.Notifications on its own session bus and records what GApplication sends.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "trove-download-notifier.h"
#include "trove-download-queue-private.h"
#include "trove-fanvue-provider.h"
#include "trove-static-credentials.h"
#include "trove-test-util.h"

static TroveTestServerProcess *server;

static const char notifications_xml[] =
    "<node>"
    "  <interface name='org.gtk.Notifications'>"
    "    <method name='AddNotification'>"
    "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='a{sv}' "
    "direction='in'/>"
    "    </method>"
    "    <method name='RemoveNotification'>"
    "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "    </method>"
    "  </interface>"
    "</node>";

/* What the desktop was told: "id|title|body" for each notification. */
static GPtrArray *received;

static void
notifications_method_cb (GDBusConnection *connection,
                         const char *sender,
                         const char *object_path,
                         const char *interface_name,
                         const char *method_name,
                         GVariant *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer user_data)
{
  if (g_str_equal (method_name, "AddNotification"))
    {
      g_autoptr (GVariant) notification = NULL;
      const char *app_id, *id, *title = "", *body = "";

      g_variant_get (parameters, "(&s&s@a{sv})", &app_id, &id, &notification);
      g_variant_lookup (notification, "title", "&s", &title);
      g_variant_lookup (notification, "body", "&s", &body);
      g_ptr_array_add (received, g_strdup_printf ("%s|%s|%s", id, title, body));
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
name_acquired_cb (GDBusConnection *connection, const char *name, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
wait_for_notifications (guint n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (received->len < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_batch_over_while_away (void)
{
  g_autoptr (GtkApplication) application =
      gtk_application_new ("io.github.trove.Trove.NotificationTest", G_APPLICATION_NON_UNIQUE);
  g_autoptr (TroveCredentials) credentials = trove_static_credentials_new ("fv_test_creator");
  g_autoptr (TroveProvider) provider =
      trove_fanvue_provider_new (NULL, trove_test_server_process_get_api_url (server), credentials);
  g_autofree char *chat = trove_test_dataset_chat_id (server, "fanvue", 0);
  g_autofree char *folder_path = g_dir_make_tmp ("trove-notify-XXXXXX", NULL);
  g_autoptr (GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr (TroveDownloadQueue) queue = trove_download_queue_new (folder, "{id}.{ext}", NULL);
  g_autoptr (TroveDownloadNotifier) notifier = NULL;
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *fault = NULL;
  GPtrArray *items;

  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  _trove_download_queue_set_backoff_base_ms (queue, 10);
  notifier = trove_download_notifier_new (application, queue);

  page = trove_test_list_media (provider, chat, TROVE_MEDIA_KIND_IMAGE, NULL, &error);
  g_assert_no_error (error);
  items = trove_page_get_items (page);

  /* Three files, no window: one notification when the last is done, none before. */
  for (guint i = 0; i < 3; i++)
    trove_download_queue_add (queue, provider, "acct", "Account", "Chat", items->pdata[i], NULL);
  trove_test_drain_queue (queue, 60);
  wait_for_notifications (1);
  g_assert_cmpstr (received->pdata[0], ==, "downloads|Downloads Finished|3 files downloaded");

  /* One of the next batch fails for good: the notification says so. */
  fault =
      g_strdup_printf ("5xx:server=media,status=500,path=%s", trove_media_get_id (items->pdata[4]));
  trove_test_server_process_add_fault (server, fault);
  trove_download_queue_add (queue, provider, "acct", "Account", "Chat", items->pdata[3], NULL);
  trove_download_queue_add (queue, provider, "acct", "Account", "Chat", items->pdata[4], NULL);
  trove_test_drain_queue (queue, 60);
  wait_for_notifications (2);
  g_assert_cmpstr (received->pdata[1], ==,
                   "downloads|Downloads Need Attention|1 downloaded, 1 failed: open Downloads to "
                   "retry");
  trove_test_server_process_clear_faults (server);

  /* Nothing more is said without a new batch. */
  trove_test_spin (300);
  g_assert_cmpuint (received->len, ==, 2);

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr (TroveDownload) job = g_list_model_get_item (G_LIST_MODEL (queue), i);

      g_file_delete (trove_download_get_destination (job), NULL, NULL);
    }
  g_rmdir (folder_path);
}

int
main (int argc, char *argv[])
{
  g_autofree char *dataset = g_strdup ("demo");
  const char *args[] = { "--dataset", dataset, NULL };
  g_autoptr (GDBusNodeInfo) node = NULL;
  g_autoptr (GDBusConnection) bus = NULL;
  g_autoptr (GError) error = NULL;
  GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  gboolean owned = FALSE;
  guint owner_id;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  received = g_ptr_array_new_with_free_func (g_free);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  node = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/gtk/Notifications", node->interfaces[0], &vtable,
                                     NULL, NULL, &error);
  g_assert_no_error (error);
  owner_id =
      g_bus_own_name_on_connection (bus, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                    name_acquired_cb, NULL, &owned, NULL);
  trove_test_wait_for (&owned, 10);

  server = trove_test_server_process_new (args, &error);
  g_assert_no_error (error);

  g_test_add_func ("/notifications/batch-over-while-away", test_batch_over_while_away);

  status = g_test_run ();
  trove_test_server_process_free (server);
  g_bus_unown_name (owner_id);
  g_ptr_array_unref (received);
  return status;
}
