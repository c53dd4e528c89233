/* trove-page.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-page.h"

struct _TrovePage
{
  gatomicrefcount ref_count;
  GPtrArray *items;
  char *next_token;
  gboolean has_rate_limit;
  gint64 limit;
  gint64 remaining;
  gint64 credits;
  gint64 credits_used;
};

G_DEFINE_BOXED_TYPE (TrovePage, trove_page, trove_page_ref, trove_page_unref)

/* Takes @items, an array that owns its GObjects. */
TrovePage *
trove_page_new (GPtrArray *items, const char *next_token)
{
  TrovePage *self;

  g_return_val_if_fail (items != NULL, NULL);

  self = g_new0 (TrovePage, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->items = items;
  self->next_token = g_strdup (next_token);
  self->credits = -1;

  return self;
}

TrovePage *
trove_page_ref (TrovePage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
trove_page_unref (TrovePage *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_ptr_array_unref (self->items);
  g_free (self->next_token);
  g_free (self);
}

GPtrArray *
trove_page_get_items (TrovePage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->items;
}

const char *
trove_page_get_next_token (TrovePage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->next_token;
}

void
trove_page_set_rate_limit (TrovePage *self, gint64 limit, gint64 remaining)
{
  g_return_if_fail (self != NULL);

  self->has_rate_limit = TRUE;
  self->limit = limit;
  self->remaining = remaining;
}

gboolean
trove_page_get_rate_limit (TrovePage *self, gint64 *limit, gint64 *remaining)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->has_rate_limit)
    return FALSE;

  *limit = self->limit;
  *remaining = self->remaining;
  return TRUE;
}

void
trove_page_set_credits (TrovePage *self, gint64 balance)
{
  g_return_if_fail (self != NULL);

  self->credits = balance;
}

void
trove_page_set_credits_used (TrovePage *self, gint64 used)
{
  g_return_if_fail (self != NULL);

  self->credits_used = MAX (used, 0);
}

gint64
trove_page_get_credits_used (TrovePage *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->credits_used;
}

gint64
trove_page_get_credits (TrovePage *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->credits;
}
