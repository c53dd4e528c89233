/* trove-account-guide.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-account-guide.h"

struct _TroveAccountGuide
{
  AdwExpanderRow parent_instance;

  AdwActionRow *guide_create_app_row;
  AdwActionRow *guide_scopes_row;
  AdwActionRow *guide_redirect_row;
  AdwActionRow *guide_credentials_row;
  AdwActionRow *guide_api_key_row;
  AdwActionRow *guide_onlyfans_account_row;

  char *redirect_uri;
};

G_DEFINE_FINAL_TYPE (TroveAccountGuide, trove_account_guide, ADW_TYPE_EXPANDER_ROW)

/* What the form suggests: a loopback address Trove can listen on. */
#define SUGGESTED_REDIRECT_URI "http://127.0.0.1:53682/callback"

/* The redirect URI the user registers with the Fanvue app: the form's, or the suggested one. */
static const char *
redirect_to_register (TroveAccountGuide *self)
{
  return self->redirect_uri && *self->redirect_uri ? self->redirect_uri : SUGGESTED_REDIRECT_URI;
}

void
trove_account_guide_set_redirect_uri (TroveAccountGuide *self, const char *redirect_uri)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_GUIDE (self));

  g_free (self->redirect_uri);
  self->redirect_uri = g_strdup (redirect_uri);
  adw_action_row_set_subtitle (self->guide_redirect_row, redirect_to_register (self));
}

/* The steps of the selected service; Fanvue's scopes are those Trove asks for, since Fanvue
 * refuses a sign-in whose scopes differ from the app's. */
void
trove_account_guide_set_kind (TroveAccountGuide *self, TroveAccountKind kind)
{
  gboolean fanvue = kind != TROVE_ACCOUNT_KIND_ONLYFANSAPI;
  const char *scopes = kind == TROVE_ACCOUNT_KIND_FANVUE_AGENCY
                           ? "openid, offline_access, offline, read:self, read:chat, read:creator"
                           : "openid, offline_access, offline, read:self, read:chat";
  g_autofree char *scopes_text = g_strdup_printf (_ ("%s. No more, no fewer: Fanvue refuses a "
                                                     "sign-in whose scopes differ from the app’s."),
                                                  scopes);

  g_return_if_fail (TROVE_IS_ACCOUNT_GUIDE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->guide_create_app_row), fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_scopes_row), fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_redirect_row), fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_credentials_row), fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_api_key_row), !fanvue);
  gtk_widget_set_visible (GTK_WIDGET (self->guide_onlyfans_account_row), !fanvue);
  adw_action_row_set_subtitle (self->guide_scopes_row, scopes_text);
  adw_action_row_set_subtitle (self->guide_redirect_row, redirect_to_register (self));
}

static void
copy_redirect_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveAccountGuide *self = TROVE_ACCOUNT_GUIDE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), redirect_to_register (self));
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root),
                                      adw_toast_new (_ ("Redirect URI copied")));
}

static void
trove_account_guide_dispose (GObject *object)
{
  TroveAccountGuide *self = TROVE_ACCOUNT_GUIDE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_ACCOUNT_GUIDE);
  g_clear_pointer (&self->redirect_uri, g_free);

  G_OBJECT_CLASS (trove_account_guide_parent_class)->dispose (object);
}

static void
trove_account_guide_class_init (TroveAccountGuideClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_account_guide_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-account-guide.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveAccountGuide, guide_create_app_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountGuide, guide_scopes_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountGuide, guide_redirect_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountGuide, guide_credentials_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountGuide, guide_api_key_row);
  gtk_widget_class_bind_template_child (widget_class, TroveAccountGuide,
                                        guide_onlyfans_account_row);

  gtk_widget_class_install_action (widget_class, "prefs.copy-redirect", NULL, copy_redirect_action);
}

static void
trove_account_guide_init (TroveAccountGuide *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  trove_account_guide_set_kind (self, TROVE_ACCOUNT_KIND_FANVUE);
}
