/* trove-account-row.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-row.h"
#include "trove-avatar-text.h"

struct _TroveAccountRow
{
  AdwActionRow parent_instance;

  AdwAvatar *avatar;
  GtkWidget *reconnect_button;
  GtkWidget *edit_button;
  GtkWidget *remove_button;

  TroveAccount *account;
};

G_DEFINE_FINAL_TYPE (TroveAccountRow, trove_account_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_RECONNECT,
  SIGNAL_EDIT,
  SIGNAL_REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Takes @label. */
static void
set_accessible_label (GtkWidget *button, char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_free (label);
}

/* Title, subtitle and buttons follow the account: renamed, or in need of reconnecting. */
static void
update (TroveAccountRow *self)
{
  g_autofree char *name = trove_account_dup_display_name (self->account);
  g_autofree char *avatar_text = trove_avatar_text (name);
  const char *kind = trove_account_kind_describe (trove_account_get_kind (self->account));
  gboolean needs_reconnect =
      trove_account_get_state (self->account) == TROVE_ACCOUNT_STATE_NEEDS_RECONNECT;
  g_autofree char *subtitle =
      needs_reconnect ? g_strdup_printf (_ ("%s — Needs reconnecting"), kind) : g_strdup (kind);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  adw_avatar_set_text (self->avatar, avatar_text);
  gtk_widget_set_visible (self->reconnect_button, needs_reconnect);
  set_accessible_label (self->reconnect_button, g_strdup_printf (_ ("Reconnect %s"), name));
  set_accessible_label (self->edit_button, g_strdup_printf (_ ("Edit %s"), name));
  set_accessible_label (self->remove_button, g_strdup_printf (_ ("Remove %s"), name));
}

static void
reconnect_clicked_cb (TroveAccountRow *self)
{
  g_signal_emit (self, signals[SIGNAL_RECONNECT], 0);
}

static void
edit_clicked_cb (TroveAccountRow *self)
{
  g_signal_emit (self, signals[SIGNAL_EDIT], 0);
}

static void
remove_clicked_cb (TroveAccountRow *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

static void
trove_account_row_constructed (GObject *object)
{
  TroveAccountRow *self = TROVE_ACCOUNT_ROW (object);

  G_OBJECT_CLASS (trove_account_row_parent_class)->constructed (object);

  gtk_widget_set_name (GTK_WIDGET (self), trove_account_get_id (self->account));
  update (self);
  g_signal_connect_object (self->account, "notify::display-name", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::state", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
}

static void
trove_account_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveAccountRow *self = TROVE_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_account_row_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  TroveAccountRow *self = TROVE_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_account_row_dispose (GObject *object)
{
  TroveAccountRow *self = TROVE_ACCOUNT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_ACCOUNT_ROW);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (trove_account_row_parent_class)->dispose (object);
}

static void
trove_account_row_class_init (TroveAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = trove_account_row_constructed;
  object_class->get_property = trove_account_row_get_property;
  object_class->set_property = trove_account_row_set_property;
  object_class->dispose = trove_account_row_dispose;

  properties[PROP_ACCOUNT] =
      g_param_spec_object ("account", NULL, NULL, TROVE_TYPE_ACCOUNT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_RECONNECT] = g_signal_new ("reconnect", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EDIT] = g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveAccountRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountRow, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, reconnect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, edit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
trove_account_row_init (TroveAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
trove_account_row_new (TroveAccount *account)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT (account), NULL);

  return g_object_new (TROVE_TYPE_ACCOUNT_ROW, "account", account, NULL);
}

TroveAccount *
trove_account_row_get_account (TroveAccountRow *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_ROW (self), NULL);

  return self->account;
}
