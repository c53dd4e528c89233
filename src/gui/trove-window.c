/* trove-window.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-context.h"
#include "trove-account-store.h"
#include "trove-chat-row.h"
#include "trove-chat-tally.h"
#include "trove-download-row.h"
#include "trove-fanvue-agency-provider.h"
#include "trove-media-content-provider.h"
#include "trove-chat.h"
#include "trove-media-grid.h"
#include "trove-paged-list.h"
#include "trove-viewer.h"
#include "trove-window.h"

#define N_ZOOM_LEVELS 3
static const int cell_sizes[N_ZOOM_LEVELS] = { 112, 160, 240 };

struct _TroveWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwLeaflet *leaflet;
  AdwWindowTitle *account_title;
  GtkSearchBar *chat_search_bar;
  GtkSearchEntry *chat_search_entry;
  GtkStack *sidebar_stack;
  GtkScrolledWindow *chat_scroller;
  GtkListView *chat_list;
  GtkSpinner *chats_spinner;
  AdwStatusPage *chats_error_page;
  AdwWindowTitle *chat_title;
  GtkStack *content_stack;
  TroveMediaGrid *media_grid;
  GtkActionBar *tally_bar;
  GtkLabel *tally_label;
  GtkWidget *download_missing_button;
  TroveViewer *viewer;
  GtkMenuButton *downloads_button;
  GtkWidget *zoom_button;
  GtkWidget *selection_button;
  GtkStack *downloads_stack;
  GtkListView *downloads_list;
  TroveDownloadQueue *downloads;

  GSettings *settings;
  GListModel *accounts;
  TroveAccount *account;
  GMenu *account_section;
  TroveThumbnailLoader *loader;
  TroveProvider *provider;
  TrovePagedList *chats;
  GtkSingleSelection *chat_selection;
  TroveChat *chat;
  GHashTable *media_lists;      /* "kind:chat id" -> TrovePagedList */
  GHashTable *scroll_positions; /* "kind:chat id" -> guint*: the first item on screen */
  TrovePagedList *tallied;      /* the list the tally bar follows */
  guint tally_source;

  gboolean restored;
  TroveMediaKind kind_filter;
  TroveSenderFilter sender_filter;
  int zoom_level;
  gboolean selection_mode;
};

G_DEFINE_FINAL_TYPE (TroveWindow, trove_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_KIND_FILTER,
  PROP_SENDER_FILTER,
  PROP_ZOOM_LEVEL,
  PROP_SELECTION_MODE,
  PROP_ACCOUNT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

TroveWindow *
trove_window_new (TroveApplication *application)
{
  return g_object_new (TROVE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

TroveMediaGrid *
trove_window_get_media_grid (TroveWindow *self)
{
  g_return_val_if_fail (TROVE_IS_WINDOW (self), NULL);

  return self->media_grid;
}

GtkWidget *
trove_window_get_viewer (TroveWindow *self)
{
  g_return_val_if_fail (TROVE_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->viewer);
}

const char *
trove_window_get_tally (TroveWindow *self)
{
  g_return_val_if_fail (TROVE_IS_WINDOW (self), NULL);

  return gtk_action_bar_get_revealed (self->tally_bar) ? gtk_label_get_label (self->tally_label) : NULL;
}

gboolean
trove_window_get_folded (TroveWindow *self)
{
  g_return_val_if_fail (TROVE_IS_WINDOW (self), FALSE);

  return adw_leaflet_get_folded (self->leaflet);
}

const char *
trove_window_get_visible_page (TroveWindow *self)
{
  g_return_val_if_fail (TROVE_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

static char *
media_list_key (TroveWindow *self)
{
  return g_strdup_printf ("%d:%s", self->kind_filter, trove_chat_get_id (self->chat));
}

static void
remember_scroll_position (TroveWindow *self)
{
  g_autofree char *key = NULL;
  guint *position;

  if (self->chat == NULL)
    return;

  key = media_list_key (self);
  position = g_new (guint, 1);
  *position = trove_media_grid_get_first_visible (self->media_grid);
  g_hash_table_replace (self->scroll_positions, g_steal_pointer (&key), position);
}

/* Shows the current chat under the current kind filter, reusing the list (and scroll
 * position) of an earlier visit. Lists of other chats stop loading meanwhile. */
/* The chat against the disk, for the bar under the grid. Counted a moment after the last
 * change, so that a burst of pages or finished downloads costs one count. */
static gboolean
update_tally_cb (gpointer user_data)
{
  TroveWindow *self = user_data;
  g_autoptr (TroveDownloadArchive) archive = NULL;
  g_autofree char *text = NULL;
  TroveChatTally tally;

  self->tally_source = 0;
  if (self->tallied == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->tallied)) == 0)
    {
      gtk_action_bar_set_revealed (self->tally_bar, FALSE);
      return G_SOURCE_REMOVE;
    }

  if (self->downloads != NULL)
    g_object_get (self->downloads, "archive", &archive, NULL);
  trove_chat_tally_count (&tally, G_LIST_MODEL (self->tallied), !trove_paged_list_get_has_more (self->tallied),
                          self->account ? trove_account_get_id (self->account) : "default", archive, self->downloads);
  text = trove_chat_tally_describe (&tally);
  gtk_label_set_label (self->tally_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tally_label), text);
  gtk_widget_set_sensitive (self->download_missing_button, tally.missing > 0 || !tally.complete);
  gtk_action_bar_set_revealed (self->tally_bar, TRUE);

  return G_SOURCE_REMOVE;
}

static void
schedule_tally (TroveWindow *self)
{
  if (self->tally_source == 0)
    self->tally_source = g_timeout_add (250, update_tally_cb, self);
}

static void
follow_tally (TroveWindow *self,
              TrovePagedList *list)
{
  if (self->tallied != NULL)
    g_signal_handlers_disconnect_by_func (self->tallied, schedule_tally, self);
  g_set_object (&self->tallied, list);
  if (list != NULL)
    {
      g_signal_connect_swapped (list, "items-changed", G_CALLBACK (schedule_tally), self);
      g_signal_connect_swapped (list, "notify::has-more", G_CALLBACK (schedule_tally), self);
    }
  schedule_tally (self);
}

static void
show_media (TroveWindow *self)
{
  g_autofree char *key = NULL;
  TrovePagedList *list;
  guint *position;
  TrovePagedList *previous = trove_media_grid_get_model (self->media_grid);

  if (previous != NULL)
    trove_paged_list_cancel (previous);

  if (self->chat == NULL || self->provider == NULL)
    {
      trove_media_grid_set_model (self->media_grid, NULL, 0);
      follow_tally (self, NULL);
      gtk_stack_set_visible_child_name (self->content_stack, self->provider ? "no-chat" : "no-account");
      return;
    }

  key = media_list_key (self);
  list = g_hash_table_lookup (self->media_lists, key);
  if (list == NULL)
    {
      list = trove_paged_list_new_for_media (self->provider, trove_chat_get_id (self->chat), self->kind_filter);
      g_hash_table_insert (self->media_lists, g_strdup (key), list);
    }

  position = g_hash_table_lookup (self->scroll_positions, key);
  trove_media_grid_set_model (self->media_grid, list, position ? *position : 0);
  follow_tally (self, list);
  gtk_stack_set_visible_child_name (self->content_stack, "grid");
}

void
trove_window_open_chat (TroveWindow *self,
                        TroveChat *chat)
{
  g_autofree char *handle = NULL;
  const char *name;

  g_return_if_fail (TROVE_IS_WINDOW (self));

  remember_scroll_position (self);
  g_set_object (&self->chat, chat);

  name = chat ? trove_chat_get_display_name (chat) : NULL;
  handle = chat && trove_chat_get_handle (chat) ? g_strdup_printf ("@%s", trove_chat_get_handle (chat)) : NULL;
  adw_window_title_set_title (self->chat_title, name ? name : "");
  adw_window_title_set_subtitle (self->chat_title, handle ? handle : "");
  if (chat != NULL)
    g_settings_set_string (self->settings, "last-chat", trove_chat_get_id (chat));

  show_media (self);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
chat_activated_cb (TroveWindow *self,
                   guint position)
{
  g_autoptr (TroveChat) chat = g_list_model_get_item (G_LIST_MODEL (self->chat_selection), position);

  trove_window_open_chat (self, chat);
}

static void
update_chats_state (TroveWindow *self)
{
  const GError *error;
  guint n;

  if (self->chats == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->chats));
  error = trove_paged_list_get_error (self->chats);

  gtk_spinner_set_spinning (self->chats_spinner, n == 0 && trove_paged_list_get_loading (self->chats));
  if (n > 0)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "chats");
  else if (error != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->chats_error_page, escaped);
      gtk_stack_set_visible_child_name (self->sidebar_stack, "error");
    }
  else if (trove_paged_list_get_loading (self->chats) || trove_paged_list_get_has_more (self->chats))
    gtk_stack_set_visible_child_name (self->sidebar_stack, "loading");
  else
    gtk_stack_set_visible_child_name (self->sidebar_stack, "empty");
}

/* The chat list pages like the grid: within a screen of the end, load more. */
static void
maybe_load_more_chats (TroveWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->chat_scroller);

  if (self->chats == NULL || trove_paged_list_get_error (self->chats) != NULL)
    return;

  if (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_value (adjustment) -
          gtk_adjustment_get_page_size (adjustment) <=
      gtk_adjustment_get_page_size (adjustment))
    trove_paged_list_load_more (self->chats);
}

/* The chat of the last session reopens once it shows up in the list. */
static void
restore_last_chat (TroveWindow *self)
{
  g_autofree char *last = NULL;
  guint n;

  if (self->chat != NULL || self->chats == NULL || self->restored)
    return;

  /* Only what the selection (and so the list view) has been told of: selecting an item still
   * being announced crashes GtkListView. */
  last = g_settings_get_string (self->settings, "last-chat");
  n = g_list_model_get_n_items (G_LIST_MODEL (self->chat_selection));
  for (guint i = 0; i < n && *last; i++)
    {
      g_autoptr (TroveChat) chat = g_list_model_get_item (G_LIST_MODEL (self->chat_selection), i);

      if (g_str_equal (trove_chat_get_id (chat), last))
        {
          self->restored = TRUE;
          gtk_single_selection_set_selected (self->chat_selection, i);
          trove_window_open_chat (self, chat);
          return;
        }
    }
}

static void
chats_changed_cb (TroveWindow *self)
{
  update_chats_state (self);
  maybe_load_more_chats (self);
  restore_last_chat (self);
}

static void
reload_chats (TroveWindow *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->chat_search_entry));

  if (self->chats != NULL)
    g_signal_handlers_disconnect_by_data (self->chats, self);
  g_clear_object (&self->chats);

  if (self->provider != NULL)
    {
      self->chats = trove_paged_list_new_for_chats (self->provider, search);
      g_signal_connect_swapped (self->chats, "notify::loading", G_CALLBACK (chats_changed_cb), self);
      g_signal_connect_swapped (self->chats, "notify::error", G_CALLBACK (chats_changed_cb), self);
      /* After the selection model has taken the new items: restoring the last chat selects one
       * of them, and GtkListView aborts on a selection it has not seen the items of. */
      g_signal_connect_object (self->chats, "items-changed", G_CALLBACK (chats_changed_cb), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      trove_paged_list_load_more (self->chats);
    }

  gtk_single_selection_set_model (self->chat_selection, G_LIST_MODEL (self->chats));
  update_chats_state (self);
}

static void
chat_search_changed_cb (TroveWindow *self)
{
  reload_chats (self);
}

void
trove_window_set_provider (TroveWindow *self,
                           TroveProvider *provider,
                           const char *title,
                           const char *subtitle)
{
  g_return_if_fail (TROVE_IS_WINDOW (self));
  g_return_if_fail (provider == NULL || TROVE_IS_PROVIDER (provider));

  g_set_object (&self->provider, provider);
  g_clear_object (&self->chat);
  self->restored = FALSE;
  g_hash_table_remove_all (self->media_lists);
  g_hash_table_remove_all (self->scroll_positions);

  adw_window_title_set_title (self->account_title, title ? title : "Trove");
  adw_window_title_set_subtitle (self->account_title, subtitle ? subtitle : "");
  adw_window_title_set_title (self->chat_title, "");
  adw_window_title_set_subtitle (self->chat_title, "");

  reload_chats (self);
  show_media (self);
}

static void
creators_listed_cb (GObject *object,
                    GAsyncResult *result,
                    gpointer user_data)
{
  g_autoptr (TroveWindow) self = user_data;
  g_autoptr (TrovePage) page = trove_provider_list_finish (TROVE_PROVIDER (object), result, NULL);
  const char *creator;

  /* Another account since, or no answer: the kind alone stays. */
  if (page == NULL || self->provider != TROVE_PROVIDER (object))
    return;

  creator = trove_fanvue_agency_provider_get_creator_uuid (TROVE_FANVUE_AGENCY_PROVIDER (object));
  for (guint i = 0; i < trove_page_get_items (page)->len; i++)
    {
      TroveUser *user = g_ptr_array_index (trove_page_get_items (page), i);

      if (g_strcmp0 (trove_user_get_id (user), creator) == 0)
        {
          g_autofree char *subtitle = g_strdup_printf (_ ("Fanvue agency, for %s"), trove_user_get_display_name (user));

          adw_window_title_set_subtitle (self->account_title, subtitle);
          return;
        }
    }
}

/* A renewed sign-in the keyring would not store: stays on screen until dismissed. */
static void
account_notice_cb (TroveWindow *self)
{
  const char *notice = self->account ? trove_account_get_notice (self->account) : NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (notice == NULL)
    return;

  /* A toast's title is markup; the notice holds the keyring's own words. */
  escaped = g_markup_escape_text (notice, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_account (TroveWindow *self,
             TroveAccount *account)
{
  g_autoptr (TroveProvider) provider = NULL;
  g_autofree char *name = NULL;

  if (self->account == account && account != NULL)
    return;

  if (self->account != NULL)
    g_signal_handlers_disconnect_by_func (self->account, account_notice_cb, self);
  g_set_object (&self->account, account);
  if (account != NULL)
    {
      g_signal_connect_object (account, "notify::notice", G_CALLBACK (account_notice_cb), self, G_CONNECT_SWAPPED);
      provider = trove_account_context_get_provider (trove_account_context_get_default (), account);
      name = trove_account_dup_display_name (account);
      g_settings_set_string (self->settings, "last-account", trove_account_get_id (account));
    }

  trove_window_set_provider (self, provider, name,
                             account ? trove_account_kind_describe (trove_account_get_kind (account)) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);

  /* An agency account says which creator it acts for. */
  if (account != NULL && trove_account_get_kind (account) == TROVE_ACCOUNT_KIND_FANVUE_AGENCY)
    trove_provider_list_creators_async (provider, NULL, NULL, creators_listed_cb, g_object_ref (self));
}

static TroveAccount *
find_account (TroveWindow *self,
              const char *id)
{
  guint n = g_list_model_get_n_items (self->accounts);

  for (guint i = 0; i < n && id != NULL; i++)
    {
      g_autoptr (TroveAccount) account = g_list_model_get_item (self->accounts, i);

      if (g_str_equal (trove_account_get_id (account), id))
        return account;
    }

  return NULL;
}

/* The account menu lists every account; losing the current one moves to the first. */
static void
accounts_changed_cb (TroveWindow *self)
{
  guint n = g_list_model_get_n_items (self->accounts);
  g_autofree char *last = g_settings_get_string (self->settings, "last-account");
  TroveAccount *current;

  g_menu_remove_all (self->account_section);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveAccount) account = g_list_model_get_item (self->accounts, i);
      g_autofree char *name = trove_account_dup_display_name (account);
      g_autofree char *label = g_strdup_printf ("%s (%s)", name, trove_account_kind_describe (trove_account_get_kind (account)));
      g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.account-id", "s", trove_account_get_id (account));
      g_menu_append_item (self->account_section, item);
    }

  current = self->account ? find_account (self, trove_account_get_id (self->account)) : NULL;
  if (current == NULL)
    current = find_account (self, last);
  if (current == NULL && n > 0)
    {
      g_autoptr (TroveAccount) first = g_list_model_get_item (self->accounts, 0);

      current = find_account (self, trove_account_get_id (first));
    }

  set_account (self, current);
}

void
trove_window_set_accounts (TroveWindow *self,
                           GListModel *accounts)
{
  g_return_if_fail (TROVE_IS_WINDOW (self));

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  g_set_object (&self->accounts, accounts);
  g_signal_connect_swapped (accounts, "items-changed", G_CALLBACK (accounts_changed_cb), self);
  accounts_changed_cb (self);
}

static void set_selection_mode (TroveWindow *self, gboolean selection_mode);

static void
toast (TroveWindow *self,
       const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* Queues @items (TroveMedia) and says what happened. */
static void
download_items (TroveWindow *self,
                GPtrArray *items)
{
  g_autofree char *account_name = self->account ? trove_account_dup_display_name (self->account) : g_strdup ("Trove");
  const char *account_id = self->account ? trove_account_get_id (self->account) : "default";
  const char *chat_name = self->chat ? trove_chat_get_display_name (self->chat) : NULL;
  guint added = 0, already = 0, locked = 0;
  g_autofree char *message = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      TroveMedia *media = g_ptr_array_index (items, i);
      g_autofree char *at = NULL;

      if (trove_media_get_locked (media))
        locked++;
      else if (trove_download_queue_add (self->downloads, self->provider, account_id, account_name, chat_name, media, &at) != NULL)
        added++;
      else
        already++;
    }

  if (already == 0 && locked == 0)
    message = g_strdup_printf (ngettext ("Downloading %u item", "Downloading %u items", added), added);
  else
    /* Translators: the plural follows the first number; the others count items too. */
    message = g_strdup_printf (ngettext ("Downloading %u item, %u already downloaded, %u locked", "Downloading %u items, %u already downloaded, %u locked", added),
                               added, already, locked);
  toast (self, message);
}

static void
download_item_action (GtkWidget *widget,
                      const char *action_name,
                      GVariant *parameter)
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
download_selected_action (GtkWidget *widget,
                          const char *action_name,
                          GVariant *parameter)
{
  TroveWindow *self = TROVE_WINDOW (widget);
  GtkSelectionModel *selection = trove_media_grid_get_selection (self->media_grid);
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (selection);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (self->provider == NULL)
    return;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more; more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (selection), position));

  if (items->len == 0)
    {
      toast (self, _ ("Select items first: turn on selection mode and click them."));
      return;
    }

  download_items (self, items);
  set_selection_mode (self, FALSE);
}

static void
download_chat_response_cb (AdwMessageDialog *dialog,
                           const char *response,
                           TroveWindow *self)
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
chat_fully_loaded_cb (TrovePagedList *list,
                      GParamSpec *pspec,
                      TroveWindow *self)
{
  if (trove_paged_list_get_loading (list))
    return;

  if (trove_paged_list_get_has_more (list) && trove_paged_list_get_error (list) == NULL)
    {
      trove_paged_list_load_more (list);
      return;
    }

  g_signal_handlers_disconnect_by_func (list, chat_fully_loaded_cb, self);
  ask_download_chat (self);
}

static void
ask_download_chat (TroveWindow *self)
{
  TrovePagedList *list = trove_media_grid_get_model (self->media_grid);
  GListModel *shown = G_LIST_MODEL (trove_media_grid_get_selection (self->media_grid));
  const char *account_id = self->account ? trove_account_get_id (self->account) : "default";
  TroveDownloadArchive *archive = NULL;
  g_autofree char *body = NULL;
  guint n = g_list_model_get_n_items (shown), already = 0, locked = 0;
  AdwMessageDialog *dialog;

  if (list == NULL)
    return;

  /* The whole chat first: the dialog states real counts. */
  if (trove_paged_list_get_has_more (list) && trove_paged_list_get_error (list) == NULL)
    {
      toast (self, _ ("Listing the whole chat…"));
      g_signal_connect_object (list, "notify::loading", G_CALLBACK (chat_fully_loaded_cb), self, 0);
      if (!trove_paged_list_get_loading (list))
        trove_paged_list_load_more (list);
      return;
    }

  g_object_get (self->downloads, "archive", &archive, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveMedia) media = g_list_model_get_item (shown, i);
      g_autofree char *at = archive ? trove_download_archive_lookup (archive, account_id, trove_media_get_id (media)) : NULL;

      locked += trove_media_get_locked (media);
      already += at != NULL;
    }
  g_clear_object (&archive);

  /* Translators: the plural follows the first number, the count of items in the chat. */
  body = g_strdup_printf (ngettext ("%u item in this chat: %u already downloaded, %u locked. The other %u will be downloaded.",
                                    "%u items in this chat: %u already downloaded, %u locked. The other %u will be downloaded.", n),
                          n, already, locked, n - already - locked);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _ ("Download All in This Chat?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "download", _ ("_Download"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "download", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "download");
  g_signal_connect_object (dialog, "response", G_CALLBACK (download_chat_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
download_chat_action (GtkWidget *widget,
                      const char *action_name,
                      GVariant *parameter)
{
  ask_download_chat (TROVE_WINDOW (widget));
}

static void
clear_downloads_action (GtkWidget *widget,
                        const char *action_name,
                        GVariant *parameter)
{
  trove_download_queue_clear_finished (TROVE_WINDOW (widget)->downloads);
}

/* Shows the folder downloads go to: in the demo, the one inside its private profile. */
static void
open_download_folder_action (GtkWidget *widget,
                             const char *action_name,
                             GVariant *parameter)
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

static GdkContentProvider *
drag_content_cb (GPtrArray *items,
                 gpointer user_data)
{
  TroveWindow *self = user_data;
  g_autofree char *account_name = self->account ? trove_account_dup_display_name (self->account) : g_strdup ("Trove");

  if (self->downloads == NULL || self->provider == NULL)
    return NULL;

  return trove_media_content_provider_new (self->downloads, self->provider,
                                           self->account ? trove_account_get_id (self->account) : "default", account_name,
                                           self->chat ? trove_chat_get_display_name (self->chat) : NULL, items);
}

static gboolean
is_downloaded_cb (TroveMedia *media,
                  gpointer user_data)
{
  TroveWindow *self = user_data;
  g_autoptr (TroveDownloadArchive) archive = NULL;
  g_autofree char *path = NULL;

  if (self->downloads == NULL || self->account == NULL)
    return FALSE;

  g_object_get (self->downloads, "archive", &archive, NULL);
  path = archive ? trove_download_archive_lookup (archive, trove_account_get_id (self->account), trove_media_get_id (media)) : NULL;
  return path != NULL;
}

static void
downloads_changed_cb (TroveWindow *self)
{
  trove_media_grid_refresh_downloaded (self->media_grid);
  schedule_tally (self);

  guint pending = trove_download_queue_get_pending (self->downloads);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->downloads));
  g_autofree char *tooltip = pending ? g_strdup_printf (ngettext ("Downloads: %u in progress", "Downloads: %u in progress", pending), pending)
                                     : g_strdup (_ ("Downloads"));

  gtk_stack_set_visible_child_name (self->downloads_stack, n > 0 ? "list" : "empty");
  /* Something to clear only once a job has finished. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-downloads", n > pending);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->downloads_button), tooltip);
  if (pending > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->downloads_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->downloads_button), "accent");
}

void
trove_window_set_downloads (TroveWindow *self,
                            TroveDownloadQueue *downloads)
{
  g_autoptr (GtkListItemFactory) factory = NULL;

  g_return_if_fail (TROVE_IS_WINDOW (self));

  g_set_object (&self->downloads, downloads);
  gtk_list_view_set_model (self->downloads_list, GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (downloads)))));
  factory = gtk_builder_list_item_factory_new_from_resource (NULL, "/io/github/trove/Trove/trove-download-list-item.ui");
  gtk_list_view_set_factory (self->downloads_list, factory);
  g_signal_connect_object (downloads, "items-changed", G_CALLBACK (downloads_changed_cb), self, G_CONNECT_SWAPPED);
  trove_media_grid_set_drag_func (self->media_grid, drag_content_cb, self);
  trove_media_grid_set_downloaded_func (self->media_grid, is_downloaded_cb, self);
  g_signal_connect_object (downloads, "notify::pending", G_CALLBACK (downloads_changed_cb), self, G_CONNECT_SWAPPED);
  downloads_changed_cb (self);
}

static void
grid_activated_cb (TroveWindow *self,
                   guint position)
{
  GtkSelectionModel *shown = trove_media_grid_get_selection (self->media_grid);

  if (self->selection_mode)
    return;

  trove_viewer_show (self->viewer, G_LIST_MODEL (shown), trove_media_grid_get_model (self->media_grid),
                     position, self->loader);
  gtk_stack_set_visible_child_name (self->main_stack, "viewer");
  gtk_widget_grab_focus (GTK_WIDGET (self->viewer));
}

static void
viewer_closed_cb (TroveWindow *self)
{
  guint position = trove_viewer_get_position (self->viewer);

  trove_viewer_close (self->viewer);
  if (gtk_window_is_fullscreen (GTK_WINDOW (self)))
    gtk_window_unfullscreen (GTK_WINDOW (self));
  gtk_stack_set_visible_child_name (self->main_stack, "browse");
  trove_media_grid_scroll_to (self->media_grid, position);
}

static void
set_kind_filter (TroveWindow *self,
                 TroveMediaKind kind)
{
  if (self->kind_filter == kind)
    return;

  remember_scroll_position (self);
  self->kind_filter = kind;
  show_media (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND_FILTER]);
}

static void
set_sender_filter (TroveWindow *self,
                   TroveSenderFilter filter)
{
  if (self->sender_filter == filter)
    return;

  self->sender_filter = filter;
  trove_media_grid_set_sender_filter (self->media_grid, filter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDER_FILTER]);
}

static void
set_zoom_level (TroveWindow *self,
                int level)
{
  level = CLAMP (level, 0, N_ZOOM_LEVELS - 1);
  if (self->zoom_level == level)
    return;

  self->zoom_level = level;
  trove_media_grid_set_cell_size (self->media_grid, cell_sizes[level]);
  g_settings_set_int (self->settings, "zoom-level", level);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", level < N_ZOOM_LEVELS - 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", level > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_LEVEL]);
}

static void
set_selection_mode (TroveWindow *self,
                    gboolean selection_mode)
{
  selection_mode = !!selection_mode;
  if (self->selection_mode == selection_mode)
    return;

  self->selection_mode = selection_mode;
  trove_media_grid_set_selection_mode (self->media_grid, selection_mode);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_MODE]);
}

static void
zoom_action (GtkWidget *widget,
             const char *action_name,
             GVariant *parameter)
{
  TroveWindow *self = TROVE_WINDOW (widget);

  set_zoom_level (self, self->zoom_level + (g_str_equal (action_name, "win.zoom-in") ? 1 : -1));
}

static void
show_chats_action (GtkWidget *widget,
                   const char *action_name,
                   GVariant *parameter)
{
  adw_leaflet_navigate (TROVE_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
retry_chats_action (GtkWidget *widget,
                    const char *action_name,
                    GVariant *parameter)
{
  TroveWindow *self = TROVE_WINDOW (widget);

  if (self->chats != NULL)
    trove_paged_list_load_more (self->chats);
}

static void
search_chats_action (GtkWidget *widget,
                     const char *action_name,
                     GVariant *parameter)
{
  TroveWindow *self = TROVE_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->chat_search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->chat_search_entry));
}

static void
fullscreen_action (GtkWidget *widget,
                   const char *action_name,
                   GVariant *parameter)
{
  TroveWindow *self = TROVE_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "viewer") != 0)
    return;

  if (gtk_window_is_fullscreen (GTK_WINDOW (self)))
    gtk_window_unfullscreen (GTK_WINDOW (self));
  else
    gtk_window_fullscreen (GTK_WINDOW (self));
}

static gboolean
grid_scroll_cb (GtkEventControllerScroll *controller,
                double dx,
                double dy,
                TroveWindow *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0)
    return FALSE;

  set_zoom_level (self, self->zoom_level + (dy < 0 ? 1 : -1));
  return TRUE;
}

/* A phone-narrow window keeps the buttons it cannot do without; zoom stays on Ctrl+plus/minus
 * and Ctrl+scroll, selection in the main menu's downloads. */
static void
folded_changed_cb (TroveWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  gtk_widget_set_visible (self->zoom_button, !folded);
  gtk_widget_set_visible (self->selection_button, !folded);
}

static void
trove_window_save_state (TroveWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
trove_window_close_request (GtkWindow *window)
{
  trove_window_save_state (TROVE_WINDOW (window));

  return GTK_WINDOW_CLASS (trove_window_parent_class)->close_request (window);
}

static void
trove_window_dispose (GObject *object)
{
  TroveWindow *self = TROVE_WINDOW (object);

  if (self->chats != NULL)
    g_signal_handlers_disconnect_by_data (self->chats, self);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);

  follow_tally (self, NULL);
  g_clear_handle_id (&self->tally_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_WINDOW);

  g_clear_object (&self->chat_selection);
  g_clear_object (&self->chats);
  g_clear_object (&self->chat);
  g_clear_object (&self->provider);
  g_clear_object (&self->account);
  g_clear_object (&self->accounts);
  g_clear_object (&self->downloads);
  g_clear_object (&self->loader);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->media_lists, g_hash_table_unref);
  g_clear_pointer (&self->scroll_positions, g_hash_table_unref);

  G_OBJECT_CLASS (trove_window_parent_class)->dispose (object);
}

static void
trove_window_get_property (GObject *object,
                           guint prop_id,
                           GValue *value,
                           GParamSpec *pspec)
{
  TroveWindow *self = TROVE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_KIND_FILTER:
      g_value_set_enum (value, self->kind_filter);
      break;

    case PROP_SENDER_FILTER:
      g_value_set_enum (value, self->sender_filter);
      break;

    case PROP_ZOOM_LEVEL:
      g_value_set_int (value, self->zoom_level);
      break;

    case PROP_SELECTION_MODE:
      g_value_set_boolean (value, self->selection_mode);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account ? trove_account_get_id (self->account) : "");
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_window_set_property (GObject *object,
                           guint prop_id,
                           const GValue *value,
                           GParamSpec *pspec)
{
  TroveWindow *self = TROVE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_KIND_FILTER:
      set_kind_filter (self, g_value_get_enum (value));
      break;

    case PROP_SENDER_FILTER:
      set_sender_filter (self, g_value_get_enum (value));
      break;

    case PROP_ZOOM_LEVEL:
      set_zoom_level (self, g_value_get_int (value));
      break;

    case PROP_SELECTION_MODE:
      set_selection_mode (self, g_value_get_boolean (value));
      break;

    case PROP_ACCOUNT_ID:
      set_account (self, find_account (self, g_value_get_string (value)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_window_class_init (TroveWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = trove_window_dispose;
  object_class->get_property = trove_window_get_property;
  object_class->set_property = trove_window_set_property;
  window_class->close_request = trove_window_close_request;

  properties[PROP_KIND_FILTER] =
      g_param_spec_enum ("kind-filter", NULL, NULL, TROVE_TYPE_MEDIA_KIND, TROVE_MEDIA_KIND_UNKNOWN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SENDER_FILTER] =
      g_param_spec_enum ("sender-filter", NULL, NULL, TROVE_TYPE_SENDER_FILTER, TROVE_SENDER_FILTER_ALL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM_LEVEL] =
      g_param_spec_int ("zoom-level", NULL, NULL, 0, N_ZOOM_LEVELS - 1, 1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTION_MODE] =
      g_param_spec_boolean ("selection-mode", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACCOUNT_ID] =
      g_param_spec_string ("account-id", NULL, NULL, "",
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TROVE_TYPE_CHAT_ROW);
  g_type_ensure (TROVE_TYPE_DOWNLOAD_ROW);
  g_type_ensure (TROVE_TYPE_MEDIA_GRID);
  g_type_ensure (TROVE_TYPE_VIEWER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trove/Trove/trove-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, account_title);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, chat_search_bar);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, chat_search_entry);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, chat_scroller);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, chat_list);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, chats_spinner);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, chats_error_page);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, chat_title);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, media_grid);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, tally_bar);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, tally_label);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, download_missing_button);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, viewer);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, account_section);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, downloads_button);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, selection_button);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, downloads_stack);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, downloads_list);
  gtk_widget_class_bind_template_callback (widget_class, chat_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, chat_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, viewer_closed_cb);

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
  gtk_widget_class_install_action (widget_class, "win.download-selected", NULL, download_selected_action);
  gtk_widget_class_install_action (widget_class, "win.download-chat", NULL, download_chat_action);
  gtk_widget_class_install_action (widget_class, "win.clear-downloads", NULL, clear_downloads_action);
  gtk_widget_class_install_action (widget_class, "win.open-download-folder", NULL, open_download_folder_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search-chats", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.fullscreen", NULL);
}

static void
trove_window_init (TroveWindow *self)
{
  g_autoptr (GtkListItemFactory) factory = NULL;
  GtkEventController *scroll;
  g_autofree char *cache_dir = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (BASE_APPLICATION_ID);
  self->media_lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->scroll_positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  cache_dir = g_build_filename (g_get_user_cache_dir (), "trove", "thumbnails", NULL);
  self->loader = trove_thumbnail_loader_new (cache_dir, 4, 64 * 1024 * 1024);
  trove_media_grid_set_loader (self->media_grid, self->loader);

  self->chat_selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->chat_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->chat_selection, TRUE);
  gtk_list_view_set_model (self->chat_list, GTK_SELECTION_MODEL (self->chat_selection));
  factory = gtk_builder_list_item_factory_new_from_resource (NULL, "/io/github/trove/Trove/trove-chat-list-item.ui");
  gtk_list_view_set_factory (self->chat_list, factory);

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->chat_scroller), "value-changed",
                           G_CALLBACK (maybe_load_more_chats), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (trove_media_grid_get_view (self->media_grid), "activate",
                           G_CALLBACK (grid_activated_cb), self, G_CONNECT_SWAPPED);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (grid_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->media_grid), scroll);

  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_changed_cb), self, G_CONNECT_SWAPPED);

  self->zoom_level = -1;
  set_zoom_level (self, g_settings_get_int (self->settings, "zoom-level"));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  show_media (self);
}
