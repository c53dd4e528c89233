/* trove-viewer-gestures.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-viewer-gestures.h"

#define SWIPE_VELOCITY 400.0

/* What a pan needs: where the image was scrolled to as the drag began. */
typedef struct
{
  GtkScrolledWindow *scroller;
  double start_x, start_y;
} Pan;

static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, GtkToggleButton *zoom_button)
{
  GdkModifierType state =
      gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if ((state & GDK_CONTROL_MASK) == 0)
    return FALSE;

  gtk_toggle_button_set_active (zoom_button, dy < 0);
  return TRUE;
}

static void
swipe_cb (GtkGestureSwipe *gesture,
          double velocity_x,
          double velocity_y,
          GtkToggleButton *zoom_button)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  if (gtk_toggle_button_get_active (zoom_button))
    return;

  /* The viewer's own actions, as its buttons and keys use them. */
  if (velocity_x < -SWIPE_VELOCITY)
    gtk_widget_activate_action (widget, "viewer.next", NULL);
  else if (velocity_x > SWIPE_VELOCITY)
    gtk_widget_activate_action (widget, "viewer.previous", NULL);
}

static void
pan_cb (GtkGestureDrag *gesture, double offset_x, double offset_y, Pan *pan)
{
  gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (pan->scroller),
                            pan->start_x - offset_x);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (pan->scroller),
                            pan->start_y - offset_y);
}

static void
pan_begin_cb (GtkGestureDrag *gesture, double x, double y, Pan *pan)
{
  pan->start_x = gtk_adjustment_get_value (gtk_scrolled_window_get_hadjustment (pan->scroller));
  pan->start_y = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (pan->scroller));
}

void
trove_viewer_add_gestures (GtkWidget *stack,
                           GtkScrolledWindow *image_scroller,
                           GtkToggleButton *zoom_button)
{
  GtkEventController *scroll;
  GtkGesture *swipe, *drag;
  Pan *pan = g_new0 (Pan, 1);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), zoom_button);
  gtk_widget_add_controller (stack, scroll);

  swipe = gtk_gesture_swipe_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (swipe), TRUE);
  g_signal_connect (swipe, "swipe", G_CALLBACK (swipe_cb), zoom_button);
  gtk_widget_add_controller (stack, GTK_EVENT_CONTROLLER (swipe));

  /* The gesture owns its pan: both go with the scroller. */
  pan->scroller = image_scroller;
  drag = gtk_gesture_drag_new ();
  g_signal_connect_data (drag, "drag-begin", G_CALLBACK (pan_begin_cb), pan,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  g_signal_connect (drag, "drag-update", G_CALLBACK (pan_cb), pan);
  gtk_widget_add_controller (GTK_WIDGET (image_scroller), GTK_EVENT_CONTROLLER (drag));
}
