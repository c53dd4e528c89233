/* trove-bench.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which way a figure (or, with a reference, its ratio to the reference) must go. */
typedef enum
{
  TROVE_BENCH_AT_MOST,
  TROVE_BENCH_AT_LEAST,
  /* Printed beside the others for comparison, held to nothing (@target is ignored). */
  TROVE_BENCH_SHOWN,
} TroveBenchGoal;

/* The figures of one benchmark, printed and written to $TROVE_BENCH_DIR/<benchmark>.json for
 * the table that bench-report draws from every benchmark of a run. */
typedef struct _TroveBench TroveBench;

/* Forgets what an earlier run of @benchmark wrote, so that a failed run leaves no figures. */
TroveBench *trove_bench_new (const char *benchmark);
void trove_bench_free (TroveBench *self);

/* @values: one per run (their median is the figure, min and max its spread). With @reference,
 * the ratio median / reference median is held to @target; without, the median itself. */
void trove_bench_add (TroveBench *self,
                      const char *figure,
                      const char *unit,
                      const double *values,
                      guint n_values,
                      const char *reference,
                      const double *reference_values,
                      guint n_reference_values,
                      TroveBenchGoal goal,
                      double target);

/* Prints the figures and writes the JSON; returns whether every target was met. */
gboolean trove_bench_finish (TroveBench *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TroveBench, trove_bench_free)

G_END_DECLS
