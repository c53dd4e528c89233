/* trove-rate-governor.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "trove-rate-governor-private.h"
#include "trove-rate-governor.h"

/* Below this share of the budget left, requests are spread over the rest of the window
 * rather than sent as fast as they come. */
#define LOW_BUDGET_FRACTION 0.2
/* A window whose reset time the service does not tell (OnlyFansAPI counts per minute). */
#define DEFAULT_WINDOW_SECONDS 60
/* The longest a header may make requests wait. */
#define MAX_WAIT_SECONDS 3600
/* Unix seconds reach this in the year 5138; unix milliseconds passed it in 1973. */
#define MILLISECONDS_FROM 100000000000LL

struct _TroveRateGovernor
{
  GObject parent_instance;

  gint64 limit;
  gint64 remaining;
  gint64 reset_at;         /* unix seconds */
  gint64 backoff_until_us; /* g_get_real_time () */
  gint64 credits;
  gint64 credits_used;
  guint n_waiting;
  gint64 waiting_until_us; /* g_get_real_time () */
};

G_DEFINE_FINAL_TYPE (TroveRateGovernor, trove_rate_governor, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LIMIT,
  PROP_REMAINING,
  PROP_RESET_AT,
  PROP_CREDITS,
  PROP_CREDITS_USED,
  PROP_WAITING_UNTIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
trove_rate_governor_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveRateGovernor *self = TROVE_RATE_GOVERNOR (object);

  switch (prop_id)
    {
    case PROP_LIMIT:
      g_value_set_int64 (value, self->limit);
      break;

    case PROP_REMAINING:
      g_value_set_int64 (value, self->remaining);
      break;

    case PROP_RESET_AT:
      g_value_set_int64 (value, self->reset_at);
      break;

    case PROP_CREDITS:
      g_value_set_int64 (value, self->credits);
      break;

    case PROP_CREDITS_USED:
      g_value_set_int64 (value, self->credits_used);
      break;

    case PROP_WAITING_UNTIL:
      g_value_set_int64 (value, self->waiting_until_us);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_rate_governor_class_init (TroveRateGovernorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = trove_rate_governor_get_property;

  properties[PROP_LIMIT] =
      g_param_spec_int64 ("limit", NULL, NULL, -1, G_MAXINT64, -1,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMAINING] =
      g_param_spec_int64 ("remaining", NULL, NULL, -1, G_MAXINT64, -1,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESET_AT] =
      g_param_spec_int64 ("reset-at", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDITS] =
      g_param_spec_int64 ("credits", NULL, NULL, -1, G_MAXINT64, -1,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDITS_USED] =
      g_param_spec_int64 ("credits-used", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WAITING_UNTIL] =
      g_param_spec_int64 ("waiting-until", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_rate_governor_init (TroveRateGovernor *self)
{
  self->limit = -1;
  self->remaining = -1;
  self->credits = -1;
}

TroveRateGovernor *
trove_rate_governor_new (void)
{
  return g_object_new (TROVE_TYPE_RATE_GOVERNOR, NULL);
}

gint64
trove_rate_governor_get_limit (TroveRateGovernor *self)
{
  g_return_val_if_fail (TROVE_IS_RATE_GOVERNOR (self), -1);

  return self->limit;
}

gint64
trove_rate_governor_get_remaining (TroveRateGovernor *self)
{
  g_return_val_if_fail (TROVE_IS_RATE_GOVERNOR (self), -1);

  return self->remaining;
}

gint64
trove_rate_governor_get_reset_at (TroveRateGovernor *self)
{
  g_return_val_if_fail (TROVE_IS_RATE_GOVERNOR (self), 0);

  return self->reset_at;
}

gint64
trove_rate_governor_get_credits (TroveRateGovernor *self)
{
  g_return_val_if_fail (TROVE_IS_RATE_GOVERNOR (self), -1);

  return self->credits;
}

void
trove_rate_governor_set_credits (TroveRateGovernor *self, gint64 credits)
{
  g_return_if_fail (TROVE_IS_RATE_GOVERNOR (self));

  credits = MAX (credits, -1);
  if (self->credits == credits)
    return;

  self->credits = credits;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDITS]);
}

gint64
trove_rate_governor_get_credits_used (TroveRateGovernor *self)
{
  g_return_val_if_fail (TROVE_IS_RATE_GOVERNOR (self), 0);

  return self->credits_used;
}

void
trove_rate_governor_add_credits_used (TroveRateGovernor *self, gint64 used)
{
  g_return_if_fail (TROVE_IS_RATE_GOVERNOR (self));

  if (used <= 0)
    return;

  self->credits_used += used;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDITS_USED]);
}

gint64
trove_rate_governor_get_waiting_until (TroveRateGovernor *self)
{
  g_return_val_if_fail (TROVE_IS_RATE_GOVERNOR (self), 0);

  return self->waiting_until_us;
}

static void
set_waiting_until (TroveRateGovernor *self, gint64 until_us)
{
  if (self->waiting_until_us == until_us)
    return;

  self->waiting_until_us = until_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING_UNTIL]);
}

void
trove_rate_governor_begin_wait (TroveRateGovernor *self, guint ms)
{
  g_return_if_fail (TROVE_IS_RATE_GOVERNOR (self));

  self->n_waiting++;
  set_waiting_until (self, MAX (self->waiting_until_us, g_get_real_time () + (gint64) ms * 1000));
}

void
trove_rate_governor_end_wait (TroveRateGovernor *self)
{
  g_return_if_fail (TROVE_IS_RATE_GOVERNOR (self));
  g_return_if_fail (self->n_waiting > 0);

  if (--self->n_waiting == 0)
    set_waiting_until (self, 0);
}

guint
trove_rate_governor_get_delay_ms (TroveRateGovernor *self)
{
  gint64 now_us = g_get_real_time ();
  gint64 window_left_us;

  g_return_val_if_fail (TROVE_IS_RATE_GOVERNOR (self), 0);

  if (self->backoff_until_us > now_us)
    return (guint) ((self->backoff_until_us - now_us) / 1000);

  if (self->limit <= 0 || self->remaining < 0)
    return 0;

  window_left_us =
      MIN (self->reset_at - now_us / G_USEC_PER_SEC, MAX_WAIT_SECONDS) * G_USEC_PER_SEC;
  if (window_left_us <= 0)
    return 0;

  if (self->remaining == 0)
    return (guint) MIN (window_left_us / 1000, G_MAXUINT);

  if (self->remaining >= self->limit * LOW_BUDGET_FRACTION)
    return 0;

  return (guint) MIN (window_left_us / 1000 / self->remaining, G_MAXUINT);
}

static void
set_budget (TroveRateGovernor *self, gint64 limit, gint64 remaining, gint64 reset_at)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->limit != limit)
    {
      self->limit = limit;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
    }

  if (self->remaining != remaining)
    {
      self->remaining = remaining;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMAINING]);
    }

  if (self->reset_at != reset_at)
    {
      self->reset_at = reset_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESET_AT]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/* Counts a request before its answer arrives, so concurrent requests share the budget. */
void
trove_rate_governor_note_request (TroveRateGovernor *self)
{
  g_return_if_fail (TROVE_IS_RATE_GOVERNOR (self));

  if (self->remaining > 0)
    set_budget (self, self->limit, self->remaining - 1, self->reset_at);
}

void
trove_rate_governor_update (TroveRateGovernor *self,
                            gint64 limit,
                            gint64 remaining,
                            gint64 reset_at)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_if_fail (TROVE_IS_RATE_GOVERNOR (self));

  if (limit <= 0 || remaining < 0)
    return;

  if (reset_at <= now)
    reset_at = self->reset_at > now ? self->reset_at : now + DEFAULT_WINDOW_SECONDS;

  set_budget (self, limit, MIN (remaining, limit), reset_at);
}

gint64
_trove_rate_governor_reset_from_header (gint64 value, gint64 now)
{
  if (value < 0)
    return -1;

  if (value >= MILLISECONDS_FROM)
    value /= 1000;

  return MIN (value, now + MAX_WAIT_SECONDS);
}

static gint64
header_int64 (SoupMessageHeaders *headers, const char *name)
{
  const char *value = soup_message_headers_get_one (headers, name);
  char *end = NULL;
  gint64 number;

  if (value == NULL)
    return -1;

  number = g_ascii_strtoll (value, &end, 10);
  if (end == value || *end != '\0' || number < 0)
    return -1;

  return number;
}

void
trove_rate_governor_update_from_headers (TroveRateGovernor *self, SoupMessageHeaders *headers)
{
  g_return_if_fail (TROVE_IS_RATE_GOVERNOR (self));
  g_return_if_fail (headers != NULL);

  trove_rate_governor_update (
      self, header_int64 (headers, "X-RateLimit-Limit"),
      header_int64 (headers, "X-RateLimit-Remaining"),
      _trove_rate_governor_reset_from_header (header_int64 (headers, "X-RateLimit-Reset"),
                                              g_get_real_time () / G_USEC_PER_SEC));
}

void
trove_rate_governor_back_off (TroveRateGovernor *self, guint seconds)
{
  gint64 until_us = g_get_real_time () + (gint64) seconds * G_USEC_PER_SEC;

  g_return_if_fail (TROVE_IS_RATE_GOVERNOR (self));

  self->backoff_until_us = MAX (self->backoff_until_us, until_us);
}
