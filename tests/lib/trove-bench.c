/* trove-bench.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>

#include "trove-bench.h"

struct _TroveBench
{
  char *benchmark;
  JsonArray *figures;
  gboolean all_met;
};

static char *
result_path (const char *benchmark)
{
  const char *dir = g_getenv ("TROVE_BENCH_DIR");

  return dir ? g_strdup_printf ("%s/%s.json", dir, benchmark) : NULL;
}

TroveBench *
trove_bench_new (const char *benchmark)
{
  TroveBench *self = g_new0 (TroveBench, 1);
  g_autofree char *path = result_path (benchmark);

  if (path != NULL)
    g_unlink (path);

  self->benchmark = g_strdup (benchmark);
  self->figures = json_array_new ();
  self->all_met = TRUE;

  return self;
}

void
trove_bench_free (TroveBench *self)
{
  g_free (self->benchmark);
  json_array_unref (self->figures);
  g_free (self);
}

static void
print_spread (const char *label, JsonObject *object, const char *prefix, const char *unit)
{
  g_autofree char *median = g_strconcat (prefix, "median", NULL);
  g_autofree char *min = g_strconcat (prefix, "min", NULL);
  g_autofree char *max = g_strconcat (prefix, "max", NULL);
  g_autofree char *runs = g_strconcat (prefix, "runs", NULL);

  g_print ("  %-44s %10.2f %s (min %.2f, max %.2f; %d runs)\n", label,
           json_object_get_double_member (object, median), unit,
           json_object_get_double_member (object, min), json_object_get_double_member (object, max),
           (int) json_object_get_int_member (object, runs));
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The median, min and max of @values, as a JSON object member set. */
static double
add_spread (JsonObject *object, const char *prefix, const double *values, guint n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));
  g_autofree char *median_name = g_strconcat (prefix, "median", NULL);
  g_autofree char *min_name = g_strconcat (prefix, "min", NULL);
  g_autofree char *max_name = g_strconcat (prefix, "max", NULL);
  g_autofree char *runs_name = g_strconcat (prefix, "runs", NULL);
  double median;

  qsort (sorted, n, sizeof (double), compare_doubles);
  median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;

  json_object_set_double_member (object, median_name, median);
  json_object_set_double_member (object, min_name, sorted[0]);
  json_object_set_double_member (object, max_name, sorted[n - 1]);
  json_object_set_int_member (object, runs_name, n);

  return median;
}

void
trove_bench_add (TroveBench *self,
                 const char *figure,
                 const char *unit,
                 const double *values,
                 guint n_values,
                 const char *reference,
                 const double *reference_values,
                 guint n_reference_values,
                 TroveBenchGoal goal,
                 double target)
{
  JsonObject *object = json_object_new ();
  double median, compared;
  gboolean met;

  g_return_if_fail (n_values > 0);
  g_return_if_fail (reference == NULL || n_reference_values > 0);

  json_object_set_string_member (object, "figure", figure);
  json_object_set_string_member (object, "unit", unit);
  median = add_spread (object, "", values, n_values);
  compared = median;

  if (reference != NULL)
    {
      double reference_median;

      json_object_set_string_member (object, "reference", reference);
      reference_median = add_spread (object, "reference_", reference_values, n_reference_values);
      compared = reference_median != 0 ? median / reference_median : 0;
      json_object_set_double_member (object, "ratio", compared);
    }

  print_spread (figure, object, "", unit);
  if (reference != NULL)
    print_spread (reference, object, "reference_", unit);

  if (goal == TROVE_BENCH_SHOWN)
    {
      json_object_set_string_member (object, "goal", "shown");
      json_object_set_boolean_member (object, "met", TRUE);
      if (reference != NULL)
        g_print ("  %-44s %10.2fx\n", "  ratio", compared);
      json_array_add_object_element (self->figures, object);
      return;
    }

  met = goal == TROVE_BENCH_AT_MOST ? compared <= target : compared >= target;
  json_object_set_string_member (object, "goal",
                                 goal == TROVE_BENCH_AT_MOST ? "at most" : "at least");
  json_object_set_double_member (object, "target", target);
  json_object_set_boolean_member (object, "met", met);
  g_print ("  %-44s %10.2f%s (target %s %.2f%s): %s\n", reference ? "  ratio" : "  figure",
           compared, reference ? "x" : "", goal == TROVE_BENCH_AT_MOST ? "<=" : ">=", target,
           reference ? "x" : "", met ? "met" : "MISSED");

  self->all_met &= met;
  json_array_add_object_element (self->figures, object);
}

gboolean
trove_bench_finish (TroveBench *self)
{
  g_autofree char *path = result_path (self->benchmark);
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *measured_at = g_date_time_format_iso8601 (now);
  g_autoptr (GError) error = NULL;
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "benchmark", self->benchmark);
  json_object_set_string_member (object, "measured_at", measured_at);
  json_object_set_array_member (object, "figures", json_array_ref (self->figures));
  json_node_take_object (root, object);

  if (path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      g_mkdir_with_parents (dir, 0755);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      if (!json_generator_to_file (generator, path, &error))
        g_printerr ("Could not write %s: %s\n", path, error->message);
    }

  return self->all_met;
}
