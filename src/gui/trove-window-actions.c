/* trove-window-actions.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-chat-download.h"
#include "trove-window-private.h"

/* Queues @items (TroveMedia) and says what happened. */
static void
download_items (TroveWindow *self, GPtrArray *items)
{
  g_autofree char *account_name = _trove_window_dup_account_name (self);
  const char *chat_name = self->chat ? trove_chat_get_display_name (self->chat) : NULL;
  g_autofree char *message = NULL;
  TroveChatDownload count;

  trove_chat_download_queue (&count, self->downloads, self->provider,
                             _trove_window_get_account_id (self), account_name, chat_name, items);

  if (count.downloaded == 0 && count.locked == 0)
    message =
        g_strdup_printf (ngettext ("Downloading %u item", "Downloading %u items", count.wanted),
                         count.wanted);
  else
    /* Translators: the plural follows the first number; the others count items too. */
    message = g_strdup_printf (ngettext ("Downloading %u item, %u already downloaded, %u locked",
                                         "Downloading %u items, %u already downloaded, %u locked",
                                         count.wanted),
                               count.wanted, count.downloaded, count.locked);
  _trove_window_toast (self, message);
}

static void
download_item_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveWindow *self = TROVE_WINDOW (widget);
  g_autoptr (GPtrArray) items = g_ptr_array_new ();
  TroveMedia *media = trove_viewer_get_item (self->viewer);

  if (media == NULL || self->provider == NULL)
    return;

  g_ptr_array_add (items, media);
  download_items (self, items);
}

static void
download_selected_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveWindow *self = TROVE_WINDOW (widget);
  GtkSelectionModel *selection = trove_media_grid_get_selection (self->media_grid);
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (selection);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (self->provider == NULL)
    return;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (selection), position));

  if (items->len == 0)
    {
      _trove_window_toast (self, _ ("Select items first: turn on selection mode and click them."));
      return;
    }

  download_items (self, items);
  _trove_window_set_selection_mode (self, FALSE);
}

static void
download_chat_response_cb (AdwMessageDialog *dialog, const char *response, TroveWindow *self)
{
  GListModel *shown = G_LIST_MODEL (trove_media_grid_get_selection (self->media_grid));
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (g_strcmp0 (response, "download") != 0)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    g_ptr_array_add (items, g_list_model_get_item (shown, i));
  download_items (self, items);
}

static void ask_download_chat (TroveWindow *self);

static void
chat_listed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  /* A listing that failed or stopped early still leaves its error on the list, and the dialog
   * counts what was listed. */
  if (!trove_paged_list_load_all_finish (TROVE_PAGED_LIST (object), result, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  ask_download_chat (self);
}

static void
ask_download_chat (TroveWindow *self)
{
  TrovePagedList *list = trove_media_grid_get_model (self->media_grid);
  GListModel *shown = G_LIST_MODEL (trove_media_grid_get_selection (self->media_grid));
  g_autoptr (TroveDownloadArchive) archive = NULL;
  g_autoptr (GPtrArray) wanted = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  TroveChatDownload count;

  if (list == NULL)
    return;

  /* The whole chat first: the dialog states real counts. */
  if (trove_paged_list_get_has_more (list) && trove_paged_list_get_error (list) == NULL)
    {
      _trove_window_toast (self, _ ("Listing the whole chat…"));
      trove_paged_list_load_all_async (list, NULL, NULL, chat_listed_cb, g_object_ref (self));
      return;
    }

  g_object_get (self->downloads, "archive", &archive, NULL);
  wanted = trove_chat_download_plan (&count, shown, _trove_window_get_account_id (self), archive);

  /* Translators: the plural follows the first number, the count of items in the chat. */
  body = g_strdup_printf (ngettext ("%u item in this chat: %u already downloaded, %u locked. The "
                                    "other %u will be downloaded.",
                                    "%u items in this chat: %u already downloaded, %u locked. The "
                                    "other %u will be downloaded.",
                                    count.listed),
                          count.listed, count.downloaded, count.locked, count.wanted);
  dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (GTK_WINDOW (self), _ ("Download All in This Chat?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "download", _ ("_Download"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "download", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "download");
  g_signal_connect_object (dialog, "response", G_CALLBACK (download_chat_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
download_everything_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _trove_window_download_everything (TROVE_WINDOW (widget));
}

static void
download_chat_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ask_download_chat (TROVE_WINDOW (widget));
}

static void
clear_downloads_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  trove_download_queue_clear_finished (TROVE_WINDOW (widget)->downloads);
}

/* Shows the folder downloads go to: in the demo, the one inside its private profile. */
static void
open_download_folder_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveWindow *self = TROVE_WINDOW (widget);
  GFile *folder;
  g_autofree char *uri = NULL;

  if (self->downloads == NULL)
    return;

  folder = trove_download_queue_get_folder (self->downloads);
  /* The folder is made by the first download; an empty one is still the place to look. */
  g_file_make_directory_with_parents (folder, NULL, NULL);
  uri = g_file_get_uri (folder);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
zoom_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveWindow *self = TROVE_WINDOW (widget);

  _trove_window_set_zoom_level (self, self->zoom_level +
                                          (g_str_equal (action_name, "win.zoom-in") ? 1 : -1));
}

static void
show_chats_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  adw_leaflet_navigate (TROVE_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
retry_chats_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  trove_chat_sidebar_retry (TROVE_WINDOW (widget)->chat_sidebar);
}

static void
search_chats_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  trove_chat_sidebar_start_search (TROVE_WINDOW (widget)->chat_sidebar);
}

static void
fullscreen_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveWindow *self = TROVE_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "viewer") != 0)
    return;

  if (gtk_window_is_fullscreen (GTK_WINDOW (self)))
    gtk_window_unfullscreen (GTK_WINDOW (self));
  else
    gtk_window_fullscreen (GTK_WINDOW (self));
}

/* Ctrl+scroll over the grid zooms like Ctrl+plus/minus. */
static gboolean
grid_scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, TroveWindow *self)
{
  GdkModifierType state =
      gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0)
    return FALSE;

  _trove_window_set_zoom_level (self, self->zoom_level + (dy < 0 ? 1 : -1));
  return TRUE;
}

/* A download row's "Allow…": the question about paid downloads for its account. */
static void
allow_paid_downloads_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  trove_paid_downloads_ask_present (TROVE_WINDOW (widget)->paid_ask,
                                    g_variant_get_string (parameter, NULL));
}

void
_trove_window_actions_init (TroveWindow *self)
{
  GtkEventController *scroll =
      gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (grid_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->media_grid), scroll);
  self->paid_ask = trove_paid_downloads_ask_new (GTK_WINDOW (self));
}

void
_trove_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_property_action (widget_class, "win.kind-filter", "kind-filter");
  gtk_widget_class_install_property_action (widget_class, "win.sender-filter", "sender-filter");
  gtk_widget_class_install_property_action (widget_class, "win.zoom-level", "zoom-level");
  gtk_widget_class_install_property_action (widget_class, "win.selection-mode", "selection-mode");
  gtk_widget_class_install_property_action (widget_class, "win.account-id", "account-id");
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.show-chats", NULL, show_chats_action);
  gtk_widget_class_install_action (widget_class, "win.retry-chats", NULL, retry_chats_action);
  gtk_widget_class_install_action (widget_class, "win.search-chats", NULL, search_chats_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "win.download-item", NULL, download_item_action);
  gtk_widget_class_install_action (widget_class, "win.download-selected", NULL,
                                   download_selected_action);
  gtk_widget_class_install_action (widget_class, "win.download-chat", NULL, download_chat_action);
  gtk_widget_class_install_action (widget_class, "win.download-everything", NULL,
                                   download_everything_action);
  gtk_widget_class_install_action (widget_class, "win.clear-downloads", NULL,
                                   clear_downloads_action);
  gtk_widget_class_install_action (widget_class, "win.open-download-folder", NULL,
                                   open_download_folder_action);
  gtk_widget_class_install_action (widget_class, "win.allow-paid-downloads", "s",
                                   allow_paid_downloads_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK,
                                       "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search-chats", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
}
