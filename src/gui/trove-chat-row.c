/* trove-chat-row.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "trove-accessible-util.h"
#include "trove-avatar-text.h"
#include "trove-chat-row.h"

struct _TroveChatRow
{
  GtkWidget parent_instance;

  AdwAvatar *avatar;
  GtkLabel *name_label;
  GtkLabel *handle_label;
  GtkLabel *time_label;
  GtkLabel *unread_label;

  TroveChat *chat;
};

G_DEFINE_FINAL_TYPE (TroveChatRow, trove_chat_row, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CHAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
trove_format_message_time (GDateTime *time, GDateTime *now)
{
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) local_now = NULL;
  g_autoptr (GDateTime) today = NULL;
  GTimeSpan since_midnight;

  if (time == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (time);
  local_now = g_date_time_to_local (now);
  today =
      g_date_time_new_local (g_date_time_get_year (local_now), g_date_time_get_month (local_now),
                             g_date_time_get_day_of_month (local_now), 0, 0, 0);
  since_midnight = g_date_time_difference (local, today);

  if (since_midnight >= 0)
    return g_date_time_format (local, "%H:%M");
  if (since_midnight >= -G_TIME_SPAN_DAY)
    return g_strdup (_ ("Yesterday"));
  if (since_midnight >= -6 * G_TIME_SPAN_DAY)
    return g_date_time_format (local, "%a");
  if (g_date_time_get_year (local) == g_date_time_get_year (local_now))
    /* Translators: a short date in this year, as in "3 Feb" */
    return g_date_time_format (local, _ ("%-d %b"));
  /* Translators: a short date in another year, as in "3 Feb 2023" */
  return g_date_time_format (local, _ ("%-d %b %Y"));
}

static void
update (TroveChatRow *self)
{
  const char *name = self->chat ? trove_chat_get_display_name (self->chat) : NULL;
  const char *handle = self->chat ? trove_chat_get_handle (self->chat) : NULL;
  guint unread = self->chat ? trove_chat_get_unread_count (self->chat) : 0;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = NULL;
  g_autofree char *at_handle = NULL;
  g_autofree char *unread_text = NULL;
  g_autofree char *avatar_text = NULL;
  g_autofree char *description = NULL;

  if (name == NULL || *name == '\0')
    name = handle ? handle : _ ("Unnamed fan");

  time = trove_format_message_time (self->chat ? trove_chat_get_last_message_at (self->chat) : NULL,
                                    now);
  at_handle = handle && *handle ? g_strdup_printf ("@%s", handle) : g_strdup ("");
  unread_text = g_strdup_printf ("%u", unread);

  avatar_text = trove_avatar_text (name);
  adw_avatar_set_text (self->avatar, avatar_text);
  gtk_label_set_label (self->name_label, name);
  gtk_label_set_label (self->handle_label, at_handle);
  gtk_label_set_label (self->time_label, time);
  gtk_label_set_label (self->unread_label, unread_text);
  gtk_widget_set_visible (GTK_WIDGET (self->unread_label), unread > 0);

  description =
      unread > 0
          ? g_strdup_printf (ngettext ("%s, %u unread message", "%s, %u unread messages", unread),
                             name, unread)
          : g_strdup (name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  trove_accessible_label_list_item (GTK_WIDGET (self), description);
}

TroveChat *
trove_chat_row_get_chat (TroveChatRow *self)
{
  g_return_val_if_fail (TROVE_IS_CHAT_ROW (self), NULL);

  return self->chat;
}

void
trove_chat_row_set_chat (TroveChatRow *self, TroveChat *chat)
{
  g_return_if_fail (TROVE_IS_CHAT_ROW (self));

  if (!g_set_object (&self->chat, chat))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAT]);
}

static void
trove_chat_row_dispose (GObject *object)
{
  TroveChatRow *self = TROVE_CHAT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_CHAT_ROW);
  /* The template's unnamed top-level box too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->chat);

  G_OBJECT_CLASS (trove_chat_row_parent_class)->dispose (object);
}

static void
trove_chat_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveChatRow *self = TROVE_CHAT_ROW (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      g_value_set_object (value, self->chat);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_chat_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TroveChatRow *self = TROVE_CHAT_ROW (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      trove_chat_row_set_chat (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_chat_row_class_init (TroveChatRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_chat_row_dispose;
  object_class->get_property = trove_chat_row_get_property;
  object_class->set_property = trove_chat_row_set_property;

  properties[PROP_CHAT] =
      g_param_spec_object ("chat", NULL, NULL, TROVE_TYPE_CHAT,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-chat-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveChatRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, TroveChatRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, TroveChatRow, handle_label);
  gtk_widget_class_bind_template_child (widget_class, TroveChatRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, TroveChatRow, unread_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
trove_chat_row_init (TroveChatRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
