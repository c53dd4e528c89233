/* trove-window.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-context.h"
#include "trove-window-private.h"

static const int cell_sizes[TROVE_WINDOW_N_ZOOM_LEVELS] = { 112, 160, 240 };

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
trove_window_new (GtkApplication *application)
{
  return g_object_new (TROVE_TYPE_WINDOW, "application", application, NULL);
}

TroveMediaGrid *
_trove_window_get_media_grid (TroveWindow *self)
{
  g_return_val_if_fail (TROVE_IS_WINDOW (self), NULL);

  return self->media_grid;
}

GtkWidget *
_trove_window_get_viewer (TroveWindow *self)
{
  g_return_val_if_fail (TROVE_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->viewer);
}

const char *
_trove_window_get_tally (TroveWindow *self)
{
  g_return_val_if_fail (TROVE_IS_WINDOW (self), NULL);

  return trove_tally_bar_get_text (self->tally_bar);
}

gboolean
_trove_window_get_folded (TroveWindow *self)
{
  g_return_val_if_fail (TROVE_IS_WINDOW (self), FALSE);

  return adw_leaflet_get_folded (self->leaflet);
}

const char *
_trove_window_get_visible_page (TroveWindow *self)
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
      trove_tally_bar_follow (self->tally_bar, NULL);
      gtk_stack_set_visible_child_name (self->content_stack,
                                        self->provider ? "no-chat" : "no-account");
      return;
    }

  key = media_list_key (self);
  list = g_hash_table_lookup (self->media_lists, key);
  if (list == NULL)
    {
      list = trove_paged_list_new_for_media (self->provider, trove_chat_get_id (self->chat),
                                             self->kind_filter);
      g_hash_table_insert (self->media_lists, g_strdup (key), list);
    }

  position = g_hash_table_lookup (self->scroll_positions, key);
  trove_media_grid_set_model (self->media_grid, list, position ? *position : 0);
  trove_tally_bar_follow (self->tally_bar, list);
  gtk_stack_set_visible_child_name (self->content_stack, "grid");
}

void
_trove_window_open_chat (TroveWindow *self, TroveChat *chat)
{
  g_autofree char *handle = NULL;
  const char *name;

  g_return_if_fail (TROVE_IS_WINDOW (self));

  remember_scroll_position (self);
  g_set_object (&self->chat, chat);
  trove_chat_sidebar_forget_restore (self->chat_sidebar);

  name = chat ? trove_chat_get_display_name (chat) : NULL;
  handle = chat && trove_chat_get_handle (chat)
               ? g_strdup_printf ("@%s", trove_chat_get_handle (chat))
               : NULL;
  adw_window_title_set_title (self->chat_title, name ? name : "");
  adw_window_title_set_subtitle (self->chat_title, handle ? handle : "");
  if (chat != NULL)
    g_settings_set_string (self->settings, "last-chat", trove_chat_get_id (chat));

  show_media (self);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
chat_activated_cb (TroveWindow *self, TroveChat *chat)
{
  _trove_window_open_chat (self, chat);
}

void
_trove_window_set_provider (TroveWindow *self,
                            TroveProvider *provider,
                            const char *title,
                            const char *subtitle)
{
  g_autofree char *last_chat = NULL;

  g_return_if_fail (TROVE_IS_WINDOW (self));
  g_return_if_fail (provider == NULL || TROVE_IS_PROVIDER (provider));

  /* The chat of the last session reopens once the sidebar lists it. */
  last_chat = g_settings_get_string (self->settings, "last-chat");
  g_set_object (&self->provider, provider);
  g_clear_object (&self->chat);
  g_hash_table_remove_all (self->media_lists);
  g_hash_table_remove_all (self->scroll_positions);

  adw_window_title_set_title (self->account_title, title ? title : "Trove");
  adw_window_title_set_subtitle (self->account_title, subtitle ? subtitle : "");
  adw_window_title_set_title (self->chat_title, "");
  adw_window_title_set_subtitle (self->chat_title, "");

  trove_budget_view_set_governor (self->account_budget,
                                  provider ? trove_provider_get_rate_governor (provider) : NULL);
  trove_budget_view_set_governor (self->pacing_bar,
                                  provider ? trove_provider_get_rate_governor (provider) : NULL);
  trove_chat_sidebar_set_provider (self->chat_sidebar, provider, last_chat);
  show_media (self);
}

static void
creators_listed_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveWindow) self = user_data;
  g_autoptr (TrovePage) page = trove_provider_list_finish (TROVE_PROVIDER (object), result, NULL);
  g_autofree char *creator = NULL;

  /* Another account since, or no answer: the kind alone stays. */
  if (page == NULL || self->provider != TROVE_PROVIDER (object) || self->account == NULL)
    return;

  /* The provider acts for the creator its account names. */
  g_object_get (self->account, "creator-uuid", &creator, NULL);
  for (guint i = 0; i < trove_page_get_items (page)->len; i++)
    {
      TroveUser *user = g_ptr_array_index (trove_page_get_items (page), i);

      if (g_strcmp0 (trove_user_get_id (user), creator) == 0)
        {
          g_autofree char *subtitle =
              g_strdup_printf (_ ("Fanvue agency, for %s"), trove_user_get_display_name (user));

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
set_account (TroveWindow *self, TroveAccount *account)
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
      g_signal_connect_object (account, "notify::notice", G_CALLBACK (account_notice_cb), self,
                               G_CONNECT_SWAPPED);
      provider = trove_account_context_get_provider (trove_account_context_get_default (), account);
      name = trove_account_dup_display_name (account);
      g_settings_set_string (self->settings, "last-account", trove_account_get_id (account));
    }

  trove_tally_bar_set_account_id (self->tally_bar, account ? trove_account_get_id (account) : NULL);
  _trove_window_set_provider (self, provider, name,
                              account
                                  ? trove_account_kind_describe (trove_account_get_kind (account))
                                  : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);

  /* An agency account says which creator it acts for. */
  if (account != NULL && trove_account_get_kind (account) == TROVE_ACCOUNT_KIND_FANVUE_AGENCY)
    trove_provider_list_creators_async (provider, NULL, NULL, creators_listed_cb,
                                        g_object_ref (self));
}

static TroveAccount *
find_account (TroveWindow *self, const char *id)
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
      g_autofree char *label =
          g_strdup_printf ("%s (%s)", name,
                           trove_account_kind_describe (trove_account_get_kind (account)));
      g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.account-id", "s",
                                         trove_account_get_id (account));
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
trove_window_set_accounts (TroveWindow *self, GListModel *accounts)
{
  g_return_if_fail (TROVE_IS_WINDOW (self));

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  g_set_object (&self->accounts, accounts);
  trove_paid_downloads_ask_set_accounts (self->paid_ask, accounts);
  g_signal_connect_swapped (accounts, "items-changed", G_CALLBACK (accounts_changed_cb), self);
  accounts_changed_cb (self);
}

void
_trove_window_toast (TroveWindow *self, const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

const char *
_trove_window_get_account_id (TroveWindow *self)
{
  return self->account ? trove_account_get_id (self->account) : "default";
}

char *
_trove_window_dup_account_name (TroveWindow *self)
{
  return self->account ? trove_account_dup_display_name (self->account) : g_strdup ("Trove");
}

static void
downloads_changed_cb (TroveWindow *self)
{
  trove_media_grid_refresh_downloaded (self->media_grid);
  trove_tally_bar_schedule (self->tally_bar);

  guint pending = trove_download_queue_get_pending (self->downloads);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->downloads));
  g_autofree char *tooltip = pending
                                 ? g_strdup_printf (ngettext ("Downloads: %u in progress",
                                                              "Downloads: %u in progress", pending),
                                                    pending)
                                 : g_strdup (_ ("Downloads"));

  /* Something to clear only once a job has finished. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-downloads", n > pending);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->downloads_button), tooltip);
  if (pending > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->downloads_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->downloads_button), "accent");
}

void
trove_window_set_downloads (TroveWindow *self, TroveDownloadQueue *downloads)
{
  g_return_if_fail (TROVE_IS_WINDOW (self));

  g_set_object (&self->downloads, downloads);
  trove_downloads_popover_set_downloads (self->downloads_popover, downloads);
  trove_tally_bar_set_downloads (self->tally_bar, downloads);
  trove_paid_downloads_ask_set_queue (self->paid_ask, downloads);
  g_signal_connect_object (downloads, "items-changed", G_CALLBACK (downloads_changed_cb), self,
                           G_CONNECT_SWAPPED);
  _trove_window_dnd_init (self);
  g_signal_connect_object (downloads, "notify::pending", G_CALLBACK (downloads_changed_cb), self,
                           G_CONNECT_SWAPPED);
  downloads_changed_cb (self);
}

static void
grid_activated_cb (TroveWindow *self, guint position)
{
  GtkSelectionModel *shown = trove_media_grid_get_selection (self->media_grid);

  if (self->selection_mode)
    return;

  trove_viewer_show (self->viewer, G_LIST_MODEL (shown),
                     trove_media_grid_get_model (self->media_grid), position, self->loader);
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
set_kind_filter (TroveWindow *self, TroveMediaKind kind)
{
  if (self->kind_filter == kind)
    return;

  remember_scroll_position (self);
  self->kind_filter = kind;
  show_media (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND_FILTER]);
}

static void
set_sender_filter (TroveWindow *self, TroveSenderFilter filter)
{
  if (self->sender_filter == filter)
    return;

  self->sender_filter = filter;
  trove_media_grid_set_sender_filter (self->media_grid, filter);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENDER_FILTER]);
}

void
_trove_window_set_zoom_level (TroveWindow *self, int level)
{
  level = CLAMP (level, 0, TROVE_WINDOW_N_ZOOM_LEVELS - 1);
  if (self->zoom_level == level)
    return;

  self->zoom_level = level;
  trove_media_grid_set_cell_size (self->media_grid, cell_sizes[level]);
  g_settings_set_int (self->settings, "zoom-level", level);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in",
                                 level < TROVE_WINDOW_N_ZOOM_LEVELS - 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", level > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_LEVEL]);
}

void
_trove_window_set_selection_mode (TroveWindow *self, gboolean selection_mode)
{
  selection_mode = !!selection_mode;
  if (self->selection_mode == selection_mode)
    return;

  self->selection_mode = selection_mode;
  trove_media_grid_set_selection_mode (self->media_grid, selection_mode);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION_MODE]);
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

  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_WINDOW);

  g_clear_object (&self->chat);
  g_clear_object (&self->provider);
  g_clear_object (&self->account);
  g_clear_object (&self->accounts);
  g_clear_object (&self->downloads);
  g_clear_object (&self->paid_ask);
  g_clear_object (&self->loader);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->media_lists, g_hash_table_unref);
  g_clear_pointer (&self->scroll_positions, g_hash_table_unref);
  g_clear_pointer (&self->everything_runs, g_hash_table_unref);

  G_OBJECT_CLASS (trove_window_parent_class)->dispose (object);
}

static void
trove_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
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
trove_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
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
      _trove_window_set_zoom_level (self, g_value_get_int (value));
      break;

    case PROP_SELECTION_MODE:
      _trove_window_set_selection_mode (self, g_value_get_boolean (value));
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
      g_param_spec_enum ("sender-filter", NULL, NULL, TROVE_TYPE_SENDER_FILTER,
                         TROVE_SENDER_FILTER_ALL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM_LEVEL] =
      g_param_spec_int ("zoom-level", NULL, NULL, 0, TROVE_WINDOW_N_ZOOM_LEVELS - 1, 1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTION_MODE] =
      g_param_spec_boolean ("selection-mode", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ACCOUNT_ID] =
      g_param_spec_string ("account-id", NULL, NULL, "",
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  _trove_window_class_actions_init (widget_class);

  g_type_ensure (TROVE_TYPE_BUDGET_VIEW);
  g_type_ensure (TROVE_TYPE_CHAT_SIDEBAR);
  g_type_ensure (TROVE_TYPE_DOWNLOADS_POPOVER);
  g_type_ensure (TROVE_TYPE_MEDIA_GRID);
  g_type_ensure (TROVE_TYPE_TALLY_BAR);
  g_type_ensure (TROVE_TYPE_VIEWER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, account_title);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, account_popover);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, pacing_bar);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, chat_sidebar);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, chat_title);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, media_grid);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, tally_bar);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, viewer);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, account_section);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, downloads_button);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, downloads_popover);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, TroveWindow, selection_button);
  gtk_widget_class_bind_template_callback (widget_class, chat_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, viewer_closed_cb);
}

static void
trove_window_init (TroveWindow *self)
{
  g_autofree char *cache_dir = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->account_budget = TROVE_BUDGET_VIEW (trove_budget_view_new ());
  gtk_popover_menu_add_child (self->account_popover, GTK_WIDGET (self->account_budget), "budget");

  self->settings = g_settings_new (BASE_APPLICATION_ID);
  self->media_lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->scroll_positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  cache_dir = g_build_filename (g_get_user_cache_dir (), "trove", "thumbnails", NULL);
  self->loader = trove_thumbnail_loader_new (cache_dir, 4, 64 * 1024 * 1024);
  trove_media_grid_set_loader (self->media_grid, self->loader);

  g_signal_connect_object (trove_media_grid_get_view (self->media_grid), "activate",
                           G_CALLBACK (grid_activated_cb), self, G_CONNECT_SWAPPED);

  _trove_window_actions_init (self);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->zoom_level = -1;
  _trove_window_set_zoom_level (self, g_settings_get_int (self->settings, "zoom-level"));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  show_media (self);
}
