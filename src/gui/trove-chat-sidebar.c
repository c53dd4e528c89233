/* trove-chat-sidebar.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "trove-chat-row.h"
#include "trove-chat-sidebar.h"
#include "trove-paged-list.h"

struct _TroveChatSidebar
{
  GtkWidget parent_instance;

  GtkSearchBar *chat_search_bar;
  GtkSearchEntry *chat_search_entry;
  GtkStack *sidebar_stack;
  GtkScrolledWindow *chat_scroller;
  GtkListView *chat_list;
  GtkSpinner *chats_spinner;
  AdwStatusPage *chats_error_page;

  TroveProvider *provider;
  TrovePagedList *chats;
  GtkSingleSelection *chat_selection;
  char *restore_id; /* the chat to choose once it is listed; NULL when done */
  gboolean search_mode_enabled;
};

G_DEFINE_FINAL_TYPE (TroveChatSidebar, trove_chat_sidebar, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SEARCH_MODE_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHAT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
chat_activated_cb (TroveChatSidebar *self, guint position)
{
  g_autoptr (TroveChat) chat =
      g_list_model_get_item (G_LIST_MODEL (self->chat_selection), position);

  g_clear_pointer (&self->restore_id, g_free);
  g_signal_emit (self, signals[CHAT_ACTIVATED], 0, chat);
}

static void
update_chats_state (TroveChatSidebar *self)
{
  const GError *error;
  guint n;

  if (self->chats == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->chats));
  error = trove_paged_list_get_error (self->chats);

  gtk_spinner_set_spinning (self->chats_spinner,
                            n == 0 && trove_paged_list_get_loading (self->chats));
  if (n > 0)
    gtk_stack_set_visible_child_name (self->sidebar_stack, "chats");
  else if (error != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->chats_error_page, escaped);
      gtk_stack_set_visible_child_name (self->sidebar_stack, "error");
    }
  else if (trove_paged_list_get_loading (self->chats) ||
           trove_paged_list_get_has_more (self->chats))
    gtk_stack_set_visible_child_name (self->sidebar_stack, "loading");
  else
    gtk_stack_set_visible_child_name (self->sidebar_stack, "empty");
}

/* The chat list pages like the grid: within a screen of the end, load more. */
static void
maybe_load_more_chats (TroveChatSidebar *self)
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
restore_chat (TroveChatSidebar *self)
{
  guint n;

  if (self->restore_id == NULL || *self->restore_id == '\0' || self->chats == NULL)
    return;

  /* Only what the selection (and so the list view) has been told of: selecting an item still
   * being announced crashes GtkListView. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->chat_selection));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveChat) chat = g_list_model_get_item (G_LIST_MODEL (self->chat_selection), i);

      if (g_str_equal (trove_chat_get_id (chat), self->restore_id))
        {
          g_clear_pointer (&self->restore_id, g_free);
          gtk_single_selection_set_selected (self->chat_selection, i);
          g_signal_emit (self, signals[CHAT_ACTIVATED], 0, chat);
          return;
        }
    }
}

static void
chats_changed_cb (TroveChatSidebar *self)
{
  update_chats_state (self);
  maybe_load_more_chats (self);
  restore_chat (self);
}

static void
reload_chats (TroveChatSidebar *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->chat_search_entry));

  if (self->chats != NULL)
    g_signal_handlers_disconnect_by_data (self->chats, self);
  g_clear_object (&self->chats);

  if (self->provider != NULL)
    {
      self->chats = trove_paged_list_new_for_chats (self->provider, search);
      g_signal_connect_swapped (self->chats, "notify::loading", G_CALLBACK (chats_changed_cb),
                                self);
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
chat_search_changed_cb (TroveChatSidebar *self)
{
  reload_chats (self);
}

void
trove_chat_sidebar_set_provider (TroveChatSidebar *self,
                                 TroveProvider *provider,
                                 const char *restore_id)
{
  g_return_if_fail (TROVE_IS_CHAT_SIDEBAR (self));
  g_return_if_fail (provider == NULL || TROVE_IS_PROVIDER (provider));

  g_set_object (&self->provider, provider);
  g_free (self->restore_id);
  self->restore_id = g_strdup (restore_id);
  reload_chats (self);
}

void
trove_chat_sidebar_forget_restore (TroveChatSidebar *self)
{
  g_return_if_fail (TROVE_IS_CHAT_SIDEBAR (self));

  g_clear_pointer (&self->restore_id, g_free);
}

void
trove_chat_sidebar_retry (TroveChatSidebar *self)
{
  g_return_if_fail (TROVE_IS_CHAT_SIDEBAR (self));

  if (self->chats != NULL)
    trove_paged_list_load_more (self->chats);
}

void
trove_chat_sidebar_start_search (TroveChatSidebar *self)
{
  g_return_if_fail (TROVE_IS_CHAT_SIDEBAR (self));

  gtk_search_bar_set_search_mode (self->chat_search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->chat_search_entry));
}

static void
trove_chat_sidebar_dispose (GObject *object)
{
  TroveChatSidebar *self = TROVE_CHAT_SIDEBAR (object);

  if (self->chats != NULL)
    g_signal_handlers_disconnect_by_data (self->chats, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_CHAT_SIDEBAR);

  g_clear_object (&self->chat_selection);
  g_clear_object (&self->chats);
  g_clear_object (&self->provider);
  g_clear_pointer (&self->restore_id, g_free);

  G_OBJECT_CLASS (trove_chat_sidebar_parent_class)->dispose (object);
}

static void
trove_chat_sidebar_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveChatSidebar *self = TROVE_CHAT_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SEARCH_MODE_ENABLED:
      g_value_set_boolean (value, self->search_mode_enabled);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_chat_sidebar_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  TroveChatSidebar *self = TROVE_CHAT_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SEARCH_MODE_ENABLED:
      if (self->search_mode_enabled != g_value_get_boolean (value))
        {
          self->search_mode_enabled = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_chat_sidebar_class_init (TroveChatSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_chat_sidebar_dispose;
  object_class->get_property = trove_chat_sidebar_get_property;
  object_class->set_property = trove_chat_sidebar_set_property;

  properties[PROP_SEARCH_MODE_ENABLED] =
      g_param_spec_boolean ("search-mode-enabled", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHAT_ACTIVATED] =
      g_signal_new ("chat-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, TROVE_TYPE_CHAT);

  g_type_ensure (TROVE_TYPE_CHAT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-chat-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveChatSidebar, chat_search_bar);
  gtk_widget_class_bind_template_child (widget_class, TroveChatSidebar, chat_search_entry);
  gtk_widget_class_bind_template_child (widget_class, TroveChatSidebar, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, TroveChatSidebar, chat_scroller);
  gtk_widget_class_bind_template_child (widget_class, TroveChatSidebar, chat_list);
  gtk_widget_class_bind_template_child (widget_class, TroveChatSidebar, chats_spinner);
  gtk_widget_class_bind_template_child (widget_class, TroveChatSidebar, chats_error_page);
  gtk_widget_class_bind_template_callback (widget_class, chat_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, chat_search_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
trove_chat_sidebar_init (TroveChatSidebar *self)
{
  g_autoptr (GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (
                                      gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->chat_selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->chat_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->chat_selection, TRUE);
  gtk_list_view_set_model (self->chat_list, GTK_SELECTION_MODEL (self->chat_selection));
  factory = gtk_builder_list_item_factory_new_from_resource (NULL, "/io/github/trove/Trove/"
                                                                   "trove-chat-list-item.ui");
  gtk_list_view_set_factory (self->chat_list, factory);

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->chat_scroller),
                           "value-changed", G_CALLBACK (maybe_load_more_chats), self,
                           G_CONNECT_SWAPPED);
}
