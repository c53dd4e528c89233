/* trove-budget-view.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "trove-budget-view.h"

struct _TroveBudgetView
{
  GtkBox parent_instance;

  TroveRateGovernor *governor;
  GtkWidget *rate_label;
  GtkWidget *credits_label;
  GtkWidget *pacing_label;
  guint tick_id; /* counts a wait down while one lasts */
  gboolean pacing_only;
};

G_DEFINE_FINAL_TYPE (TroveBudgetView, trove_budget_view, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_GOVERNOR,
  PROP_PACING_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
trove_budget_view_describe_wait (gint64 until_us)
{
  gint64 left_us = until_us - g_get_real_time ();

  if (until_us <= 0 || left_us <= 0)
    return NULL;

  /* Rounded up: a wait is over at 0 s, not at 1 s. */
  return g_strdup_printf (_ ("Waiting %u s for the rate limit"),
                          (guint) MIN ((left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, G_MAXUINT));
}

static void
set_line (GtkWidget *label, const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  gtk_widget_set_visible (label, text != NULL);
}

/* A count with the locale's digit grouping: 999,964,345. */
static char *
format_count (gint64 count)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

static gboolean tick_cb (gpointer user_data);

static void
update (TroveBudgetView *self)
{
  g_autofree char *rate = NULL;
  g_autofree char *credits = NULL;
  g_autofree char *pacing = NULL;

  if (self->governor != NULL && !self->pacing_only &&
      trove_rate_governor_get_limit (self->governor) > 0)
    {
      g_autofree char *left =
          format_count (MAX (trove_rate_governor_get_remaining (self->governor), 0));
      g_autofree char *limit = format_count (trove_rate_governor_get_limit (self->governor));

      /* Translators: the requests the service still allows before its rate limit window resets. */
      rate = g_strdup_printf (_ ("Rate limit: %s of %s requests left"), left, limit);
    }
  if (self->governor != NULL && !self->pacing_only &&
      trove_rate_governor_get_credits (self->governor) >= 0)
    {
      g_autofree char *balance = format_count (trove_rate_governor_get_credits (self->governor));

      /* Translators: the OnlyFansAPI credit balance. */
      credits = g_strdup_printf (_ ("Credits: %s"), balance);
    }
  if (self->governor != NULL)
    pacing =
        trove_budget_view_describe_wait (trove_rate_governor_get_waiting_until (self->governor));

  set_line (self->rate_label, rate);
  set_line (self->credits_label, credits);
  set_line (self->pacing_label, pacing);
  gtk_widget_set_visible (GTK_WIDGET (self), rate != NULL || credits != NULL || pacing != NULL);

  if (pacing != NULL && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  else if (pacing == NULL)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static gboolean
tick_cb (gpointer user_data)
{
  TroveBudgetView *self = user_data;

  update (self);
  return self->tick_id != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

void
trove_budget_view_set_governor (TroveBudgetView *self, TroveRateGovernor *governor)
{
  g_return_if_fail (TROVE_IS_BUDGET_VIEW (self));
  g_return_if_fail (governor == NULL || TROVE_IS_RATE_GOVERNOR (governor));

  if (self->governor == governor)
    return;

  if (self->governor != NULL)
    g_signal_handlers_disconnect_by_func (self->governor, update, self);
  g_set_object (&self->governor, governor);
  if (governor != NULL)
    g_signal_connect_object (governor, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GOVERNOR]);
}

static void
trove_budget_view_dispose (GObject *object)
{
  TroveBudgetView *self = TROVE_BUDGET_VIEW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->governor);

  G_OBJECT_CLASS (trove_budget_view_parent_class)->dispose (object);
}

static void
trove_budget_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveBudgetView *self = TROVE_BUDGET_VIEW (object);

  switch (prop_id)
    {
    case PROP_GOVERNOR:
      g_value_set_object (value, self->governor);
      break;

    case PROP_PACING_ONLY:
      g_value_set_boolean (value, self->pacing_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_budget_view_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  TroveBudgetView *self = TROVE_BUDGET_VIEW (object);

  switch (prop_id)
    {
    case PROP_GOVERNOR:
      trove_budget_view_set_governor (self, g_value_get_object (value));
      break;

    case PROP_PACING_ONLY:
      self->pacing_only = g_value_get_boolean (value);
      update (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_budget_view_class_init (TroveBudgetViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = trove_budget_view_dispose;
  object_class->get_property = trove_budget_view_get_property;
  object_class->set_property = trove_budget_view_set_property;

  properties[PROP_GOVERNOR] =
      g_param_spec_object ("governor", NULL, NULL, TROVE_TYPE_RATE_GOVERNOR,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PACING_ONLY] =
      g_param_spec_boolean ("pacing-only", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "budget");
}

static GtkWidget *
add_line (TroveBudgetView *self, const char *name)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (self), label);

  return label;
}

static void
trove_budget_view_init (TroveBudgetView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 3);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);

  self->rate_label = add_line (self, "budget-rate");
  self->credits_label = add_line (self, "budget-credits");
  self->pacing_label = add_line (self, "budget-pacing");
  gtk_widget_add_css_class (self->rate_label, "dim-label");
  gtk_widget_add_css_class (self->credits_label, "dim-label");

  update (self);
}

GtkWidget *
trove_budget_view_new (void)
{
  return g_object_new (TROVE_TYPE_BUDGET_VIEW, NULL);
}
