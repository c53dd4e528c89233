/* trove-viewer.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "trove-media-cell.h"
#include "trove-viewer-gestures.h"
#include "trove-viewer-images.h"
#include "trove-viewer-info.h"
#include "trove-viewer.h"

#define PREFETCH_DISTANCE 2
/* Most items show something sooner than this; a spinner only for those that do not. */
#define SPINNER_DELAY_MS 300

struct _TroveViewer
{
  GtkWidget parent_instance;

  AdwWindowTitle *title;
  GtkToggleButton *zoom_button;
  GtkStack *stack;
  GtkScrolledWindow *image_scroller;
  GtkPicture *picture;
  GtkVideo *video;
  GtkImage *audio_icon;
  GtkLabel *audio_name;
  GtkLabel *audio_details;
  GtkMediaControls *audio_controls;
  AdwStatusPage *message_page;
  GtkWidget *retry_button;
  GtkWidget *download_button;
  GtkSpinner *spinner;
  GtkLabel *info_label;

  GListModel *items;
  TrovePagedList *source;
  TroveThumbnailLoader *loader;
  TroveMedia *item;
  guint position;
  gboolean step_pending; /* waiting for the next page to step forward */
  gboolean full_image_shown;
  GtkMediaStream *stream; /* the current video or audio, if any */
  guint spinner_timeout;
  GCancellable *cancellable; /* work for the current item */
};

G_DEFINE_FINAL_TYPE (TroveViewer, trove_viewer, GTK_TYPE_WIDGET)

enum
{
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static TroveProvider *
provider (TroveViewer *self)
{
  return trove_paged_list_get_provider (self->source);
}

static void
stop_spinner (TroveViewer *self)
{
  g_clear_handle_id (&self->spinner_timeout, g_source_remove);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
}

static gboolean
spinner_timeout_cb (gpointer user_data)
{
  TroveViewer *self = user_data;

  self->spinner_timeout = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);

  return G_SOURCE_REMOVE;
}

/* An empty page, and a spinner on it only if nothing comes soon. */
static void
show_loading (TroveViewer *self)
{
  stop_spinner (self);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  self->spinner_timeout = g_timeout_add (SPINNER_DELAY_MS, spinner_timeout_cb, self);
}

static void
show_page (TroveViewer *self, const char *name)
{
  stop_spinner (self);
  gtk_stack_set_visible_child_name (self->stack, name);
}

/* @description is plain text (often a server's words): the status page reads markup. */
static void
show_message (TroveViewer *self,
              const char *icon_name,
              const char *title,
              const char *description,
              gboolean can_retry,
              gboolean can_download)
{
  g_autofree char *escaped = description ? g_markup_escape_text (description, -1) : NULL;

  adw_status_page_set_icon_name (self->message_page, icon_name);
  adw_status_page_set_title (self->message_page, title);
  adw_status_page_set_description (self->message_page, escaped);
  gtk_widget_set_visible (self->retry_button, can_retry);
  gtk_widget_set_visible (self->download_button, can_download);
  show_page (self, "message");
}

static void
show_image_error (TroveViewer *self, const GError *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    {
      g_autofree char *limit = g_format_size (TROVE_VIEWER_MAX_IMAGE_BYTES);

      text = g_strdup_printf (
          _ ("The image is larger than %s. Download it to open it with another app."), limit);
    }

  /* The thumbnail gives way: it is not the image the user asked for. */
  gtk_picture_set_paintable (self->picture, NULL);
  show_message (self, "image-missing-symbolic", _ ("Can’t Show This Image"),
                text ? text : error->message, TRUE, TRUE);
}

/* The stream stops decoding now, whoever else still holds it. */
static void
release_stream (TroveViewer *self)
{
  g_autoptr (GtkMediaStream) stream = g_steal_pointer (&self->stream);

  if (stream == NULL)
    return;

  g_signal_handlers_disconnect_by_data (stream, self);
  gtk_media_stream_pause (stream);
  gtk_video_set_media_stream (self->video, NULL);
  gtk_media_controls_set_media_stream (self->audio_controls, NULL);
  if (GTK_IS_MEDIA_FILE (stream))
    gtk_media_file_clear (GTK_MEDIA_FILE (stream));
}

static void
stream_error_cb (GtkMediaStream *stream, GParamSpec *pspec, TroveViewer *self)
{
  const GError *error = gtk_media_stream_get_error (stream);

  if (error == NULL)
    return;

  g_debug ("Cannot play %s: %s", self->item ? trove_media_get_id (self->item) : "?",
           error->message);
  release_stream (self);
  show_message (self,
                trove_media_get_kind (self->item) == TROVE_MEDIA_KIND_AUDIO
                    ? "audio-x-generic-symbolic"
                    : "video-x-generic-symbolic",
                _ ("Can’t Play This File Here"),
                _ ("Its format is not one this computer plays. Download it to open it with another "
                   "app."),
                FALSE, TRUE);
}

static void
stream_prepared_cb (GtkMediaStream *stream, GParamSpec *pspec, TroveViewer *self)
{
  if (!gtk_media_stream_is_prepared (stream))
    return;

  g_signal_handlers_disconnect_by_func (stream, stream_prepared_cb, self);
  gtk_media_stream_play (stream);
}

static void
full_image_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveViewer) self = user_data;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;

  texture = trove_viewer_load_image_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (texture == NULL)
    {
      show_image_error (self, error);
      return;
    }

  self->full_image_shown = TRUE;
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  show_page (self, "image");
}

/* A thumbnail stands in for the full image until it comes, never after, never over a message. */
static void
show_thumbnail (TroveViewer *self, GdkTexture *texture)
{
  if (self->full_image_shown ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") != 0)
    return;

  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  show_page (self, "image");
}

static void
thumbnail_loaded_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveViewer) self = user_data;
  g_autoptr (GdkTexture) texture = trove_viewer_load_thumbnail_finish (result, NULL);

  if (texture != NULL)
    show_thumbnail (self, texture);
}

/* Neighbours' thumbnails come from the cache when the user steps to them. */
static void
prefetch_neighbours (TroveViewer *self)
{
  guint n = g_list_model_get_n_items (self->items);

  for (int delta = -PREFETCH_DISTANCE; delta <= PREFETCH_DISTANCE; delta++)
    {
      gint64 index = (gint64) self->position + delta;
      g_autoptr (TroveMedia) neighbour = NULL;

      if (delta == 0 || index < 0 || index >= n)
        continue;

      neighbour = g_list_model_get_item (self->items, (guint) index);
      if (!trove_media_get_locked (neighbour) &&
          trove_media_get_kind (neighbour) == TROVE_MEDIA_KIND_IMAGE)
        {
          g_autoptr (GdkTexture) shown = trove_media_view_item_lookup_thumbnail (neighbour);

          if (shown == NULL && self->loader != NULL)
            trove_viewer_load_thumbnail_async (self->loader, provider (self), neighbour,
                                               self->cancellable, NULL, NULL);
        }
    }
}

static void
show_image (TroveViewer *self)
{
  g_autoptr (GdkTexture) thumbnail = trove_media_view_item_lookup_thumbnail (self->item);

  show_loading (self);
  /* What the grid shows, at once, scaled to fit; the full image replaces it. */
  if (thumbnail != NULL)
    show_thumbnail (self, thumbnail);
  else if (self->loader != NULL)
    trove_viewer_load_thumbnail_async (self->loader, provider (self), self->item, self->cancellable,
                                       thumbnail_loaded_cb, g_object_ref (self));

  trove_viewer_load_image_async (provider (self), self->item, self->cancellable,
                                 full_image_loaded_cb, g_object_ref (self));
}

static void
show_media (TroveViewer *self, const char *url)
{
  g_autoptr (GFile) file = g_file_new_for_uri (url);
  TroveMediaKind kind = trove_media_get_kind (self->item);

  self->stream = gtk_media_file_new_for_file (file);
  g_signal_connect (self->stream, "notify::error", G_CALLBACK (stream_error_cb), self);

  if (kind == TROVE_MEDIA_KIND_VIDEO)
    {
      gtk_video_set_media_stream (self->video, self->stream);
      show_page (self, "video");
    }
  else
    {
      const char *name = trove_media_get_name (self->item);
      g_autofree char *details = NULL;

      gtk_label_set_text (self->audio_name, name ? name : _ ("Untitled"));
      if (trove_media_get_duration_ms (self->item) > 0)
        {
          g_autofree char *duration =
              trove_format_duration (trove_media_get_duration_ms (self->item));

          /* Translators: an audio item's kind and length, as in "Audio · 0:42" */
          details = g_strdup_printf (_ ("Audio · %s"), duration);
        }
      gtk_label_set_text (self->audio_details, details ? details : _ ("Audio"));
      gtk_media_controls_set_media_stream (self->audio_controls, self->stream);
      show_page (self, "audio");
    }

  /* The stream may have failed already (no media backend at all). */
  stream_error_cb (self->stream, NULL, self);
  if (self->stream == NULL)
    return;

  /* A stream plays once it knows what it holds; asked before, it does nothing. */
  if (gtk_media_stream_is_prepared (self->stream))
    gtk_media_stream_play (self->stream);
  else
    g_signal_connect (self->stream, "notify::prepared", G_CALLBACK (stream_prepared_cb), self);
}

static void
update_actions (TroveViewer *self)
{
  guint n = self->items ? g_list_model_get_n_items (self->items) : 0;
  gboolean more = self->source && trove_paged_list_get_has_more (self->source);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.previous",
                                 self->item && self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.next",
                                 self->item && (self->position + 1 < n || more));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.retry", self->item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.copy-link",
                                 self->item && !trove_media_get_locked (self->item) &&
                                     trove_viewer_has_url (self->item, TROVE_VARIANT_MAIN));
}

/* Drops whatever the current item holds: its work, its picture, its stream. */
static void
leave_current (TroveViewer *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_spinner (self);
  release_stream (self);
  gtk_picture_set_paintable (self->picture, NULL);
  self->full_image_shown = FALSE;
  g_clear_object (&self->item);
}

static void
show_current (TroveViewer *self)
{
  TroveMediaKind kind;
  g_autofree char *description = NULL;
  g_autofree char *info = NULL;
  const TroveMediaVariant *main_variant;

  leave_current (self);
  self->cancellable = g_cancellable_new ();
  self->step_pending = FALSE;

  if (self->items == NULL || self->position >= g_list_model_get_n_items (self->items))
    {
      update_actions (self);
      return;
    }

  self->item = g_list_model_get_item (self->items, self->position);
  kind = trove_media_get_kind (self->item);
  description = trove_media_describe (self->item);
  adw_window_title_set_title (self->title, trove_media_get_name (self->item)
                                               ? trove_media_get_name (self->item)
                                               : "");
  adw_window_title_set_subtitle (self->title, description);
  info = trove_viewer_info_markup (self->item, GTK_WIDGET (self));
  gtk_label_set_markup (self->info_label, info);
  update_actions (self);

  main_variant = trove_media_get_variant (self->item, TROVE_VARIANT_MAIN);

  if (trove_media_get_locked (self->item))
    {
      show_message (self, "system-lock-screen-symbolic", _ ("Locked"),
                    _ ("The fan has not unlocked this item, so it cannot be opened."), FALSE,
                    FALSE);
    }
  else if (kind == TROVE_MEDIA_KIND_IMAGE)
    {
      show_image (self);
    }
  else if ((kind == TROVE_MEDIA_KIND_VIDEO || kind == TROVE_MEDIA_KIND_AUDIO) && main_variant &&
           main_variant->url)
    {
      show_media (self, main_variant->url);
    }
  else
    {
      show_message (self, "x-office-document-symbolic", _ ("No Preview"),
                    _ ("Download this file to open it with another app."), FALSE, TRUE);
    }

  prefetch_neighbours (self);
}

static void
items_changed_cb (TroveViewer *self, guint position, guint removed, guint added)
{
  if (self->step_pending && self->position + 1 < g_list_model_get_n_items (self->items))
    {
      self->position++;
      show_current (self);
      return;
    }

  update_actions (self);
}

void
trove_viewer_show (TroveViewer *self,
                   GListModel *items,
                   TrovePagedList *source,
                   guint position,
                   TroveThumbnailLoader *loader)
{
  g_return_if_fail (TROVE_IS_VIEWER (self));
  g_return_if_fail (G_IS_LIST_MODEL (items));
  g_return_if_fail (TROVE_IS_PAGED_LIST (source));

  if (self->items != NULL)
    g_signal_handlers_disconnect_by_data (self->items, self);

  g_set_object (&self->items, items);
  g_set_object (&self->source, source);
  g_set_object (&self->loader, loader);
  self->position = position;
  g_signal_connect_swapped (items, "items-changed", G_CALLBACK (items_changed_cb), self);

  gtk_toggle_button_set_active (self->zoom_button, FALSE);
  show_current (self);
}

guint
trove_viewer_get_position (TroveViewer *self)
{
  g_return_val_if_fail (TROVE_IS_VIEWER (self), 0);

  return self->position;
}

TroveMedia *
trove_viewer_get_item (TroveViewer *self)
{
  g_return_val_if_fail (TROVE_IS_VIEWER (self), NULL);

  return self->item;
}

const char *
trove_viewer_get_visible_page (TroveViewer *self)
{
  g_return_val_if_fail (TROVE_IS_VIEWER (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
trove_viewer_next (TroveViewer *self)
{
  g_return_if_fail (TROVE_IS_VIEWER (self));

  if (self->items == NULL)
    return;

  if (self->position + 1 < g_list_model_get_n_items (self->items))
    {
      self->position++;
      show_current (self);
    }
  else if (trove_paged_list_get_has_more (self->source))
    {
      /* Past the loaded items: step once the next page arrives. */
      self->step_pending = TRUE;
      trove_paged_list_load_more (self->source);
    }
}

void
trove_viewer_previous (TroveViewer *self)
{
  g_return_if_fail (TROVE_IS_VIEWER (self));

  if (self->items == NULL || self->position == 0)
    return;

  self->position--;
  show_current (self);
}

void
trove_viewer_close (TroveViewer *self)
{
  g_return_if_fail (TROVE_IS_VIEWER (self));

  leave_current (self);

  if (self->items != NULL)
    g_signal_handlers_disconnect_by_data (self->items, self);
  g_clear_object (&self->items);
  g_clear_object (&self->source);
}

static void
close_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_signal_emit (widget, signals[CLOSED], 0);
}

static void
next_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  trove_viewer_next (TROVE_VIEWER (widget));
}

static void
previous_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  trove_viewer_previous (TROVE_VIEWER (widget));
}

static void
retry_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveViewer *self = TROVE_VIEWER (widget);

  if (self->item != NULL)
    show_current (self);
}

static void
play_pause_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveViewer *self = TROVE_VIEWER (widget);

  if (self->stream == NULL)
    return;

  if (gtk_media_stream_get_playing (self->stream))
    gtk_media_stream_pause (self->stream);
  else
    {
      /* At the end, play from the start again. */
      if (gtk_media_stream_get_ended (self->stream))
        gtk_media_stream_seek (self->stream, 0);
      gtk_media_stream_play (self->stream);
    }
}

static void
copy_link_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveViewer *self = TROVE_VIEWER (widget);
  const TroveMediaVariant *main_variant;

  if (self->item == NULL)
    return;

  main_variant = trove_media_get_variant (self->item, TROVE_VARIANT_MAIN);
  if (main_variant != NULL && main_variant->url != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), main_variant->url);
}

static void
zoom_toggled_cb (TroveViewer *self)
{
  gboolean actual_size = gtk_toggle_button_get_active (self->zoom_button);

  gtk_picture_set_can_shrink (self->picture, !actual_size);
  gtk_scrolled_window_set_policy (self->image_scroller,
                                  actual_size ? GTK_POLICY_AUTOMATIC : GTK_POLICY_NEVER,
                                  actual_size ? GTK_POLICY_AUTOMATIC : GTK_POLICY_NEVER);
}

/* The item itself takes the focus, not the first button of the header bar: Space then plays
 * and pauses instead of pressing Back. */
static gboolean
trove_viewer_grab_focus (GtkWidget *widget)
{
  TroveViewer *self = TROVE_VIEWER (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->stack));
}

static void
trove_viewer_dispose (GObject *object)
{
  TroveViewer *self = TROVE_VIEWER (object);

  trove_viewer_close (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_VIEWER);
  /* The template's unnamed top-level box too. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->loader);

  G_OBJECT_CLASS (trove_viewer_parent_class)->dispose (object);
}

static void
trove_viewer_class_init (TroveViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_viewer_dispose;
  widget_class->grab_focus = trove_viewer_grab_focus;

  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, title);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, stack);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, image_scroller);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, picture);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, video);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, audio_icon);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, audio_name);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, audio_details);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, audio_controls);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, message_page);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, retry_button);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, download_button);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, spinner);
  gtk_widget_class_bind_template_child (widget_class, TroveViewer, info_label);
  gtk_widget_class_bind_template_callback (widget_class, zoom_toggled_cb);

  gtk_widget_class_install_action (widget_class, "viewer.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "viewer.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "viewer.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "viewer.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "viewer.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "viewer.play-pause", NULL, play_pause_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "viewer.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "viewer.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "viewer.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "viewer.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "viewer.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "viewer.play-pause", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* A named region: a screen reader tells the user the viewer took over the window. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
trove_viewer_init (TroveViewer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  trove_viewer_add_gestures (GTK_WIDGET (self->stack), self->image_scroller, self->zoom_button);
  zoom_toggled_cb (self);
}
