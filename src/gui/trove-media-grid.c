/* trove-media-grid.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "trove-media-cell.h"
#include "trove-media-grid-cells.h"
#include "trove-media-grid.h"

#define DEFAULT_CELL_SIZE 160
/* Scrolling fires many times a frame; thumbnails are chosen once it settles a little. */
#define THUMBNAIL_PASS_DELAY_MS 40

struct _TroveMediaGrid
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkScrolledWindow *scrolled_window;
  GtkGridView *grid_view;
  GtkRevealer *loading_revealer;
  GtkSpinner *page_spinner;
  GtkSpinner *first_page_spinner;
  GtkWidget *retry_more_button;
  GtkLabel *incomplete_note;
  AdwStatusPage *empty_page;
  AdwStatusPage *error_page;

  TrovePagedList *model;
  GtkFilterListModel *filtered;
  GtkCustomFilter *sender_filter;
  GtkMultiSelection *selection;
  TroveThumbnailLoader *loader;
  TroveSenderFilter sender;
  int cell_size;
  guint pending_first; /* an item to bring back into view, + 1 (0: none) */

  TroveMediaDragFunc drag_func;
  gpointer drag_data;
  TroveMediaDownloadedFunc downloaded_func;
  gpointer downloaded_data;
  guint thumbnail_pass_id;
  GdkFrameClock *layout_clock; /* waiting for its next frame to look again, if set */
  gulong after_paint_id;
  guint restore_id;
  guint restore_frames;
};

G_DEFINE_FINAL_TYPE (TroveMediaGrid, trove_media_grid, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CELL_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (TroveSenderFilter,
                    trove_sender_filter,
                    G_DEFINE_ENUM_VALUE (TROVE_SENDER_FILTER_ALL, "all"),
                    G_DEFINE_ENUM_VALUE (TROVE_SENDER_FILTER_FAN, "fan"),
                    G_DEFINE_ENUM_VALUE (TROVE_SENDER_FILTER_ME, "me"))

static void
update_state (TroveMediaGrid *self)
{
  gboolean loading = self->model && trove_paged_list_get_loading (self->model);
  const GError *error = self->model ? trove_paged_list_get_error (self->model) : NULL;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  gboolean has_more = self->model && trove_paged_list_get_has_more (self->model);

  gtk_revealer_set_reveal_child (self->loading_revealer, loading && shown > 0);
  gtk_spinner_set_spinning (self->page_spinner, loading && shown > 0);
  /* A failed page can be asked again; a listing the service cut short (it repeated a page) has
   * nothing more to ask for, so it only says where it stopped. */
  gtk_widget_set_visible (self->retry_more_button, error != NULL && shown > 0 && has_more);
  gtk_widget_set_visible (GTK_WIDGET (self->incomplete_note),
                          error != NULL && shown > 0 && !has_more);
  if (error != NULL && !has_more)
    gtk_label_set_text (self->incomplete_note, error->message);

  if (shown > 0)
    gtk_stack_set_visible_child_name (self->stack, "grid");
  else if (error != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else if (loading || (self->model && has_more))
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else
    {
      adw_status_page_set_description (self->empty_page,
                                       self->sender == TROVE_SENDER_FILTER_ALL
                                           ? _ ("Nothing has been shared in this chat yet.")
                                           : _ ("Nothing matches the sender filter."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }

  gtk_spinner_set_spinning (self->first_page_spinner,
                            g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") ==
                                0);
}

/* Near the end (within one screen), or not yet filling the screen: fetch the next page. */
static void
maybe_load_more (TroveMediaGrid *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  /* Hidden (under the viewer) or not yet laid out, the grid cannot tell how near the end it is. */
  if (self->model == NULL || trove_paged_list_get_error (self->model) != NULL ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)) || page <= 0)
    return;

  if (upper - (value + page) <= page)
    trove_paged_list_load_more (self->model);
}

static void
stop_waiting_for_layout (TroveMediaGrid *self)
{
  if (self->layout_clock != NULL)
    {
      g_clear_signal_handler (&self->after_paint_id, self->layout_clock);
      g_clear_object (&self->layout_clock);
    }
}

static void
after_paint_cb (GdkFrameClock *clock, TroveMediaGrid *self)
{
  stop_waiting_for_layout (self);
  maybe_load_more (self);
}

/* New items change the grid's height only once it is laid out again, and a page that adds no
 * row (all filtered out) changes nothing the adjustment would tell: look after the next frame.
 * The frame clock, not an idle: idles starve behind slow frames (software GL). */
static void
maybe_load_more_after_layout (TroveMediaGrid *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL || self->layout_clock != NULL)
    return;

  self->layout_clock = g_object_ref (clock);
  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

static gboolean
thumbnail_pass_cb (gpointer user_data)
{
  TroveMediaGrid *self = user_data;

  self->thumbnail_pass_id = 0;

  if (self->loader != NULL && self->model != NULL)
    trove_media_grid_cells_load_thumbnails (self->grid_view, self->scrolled_window, self->loader,
                                            trove_paged_list_get_provider (self->model));

  return G_SOURCE_REMOVE;
}

static void
schedule_thumbnail_pass (TroveMediaGrid *self)
{
  /* Disposed (a cell can still be mapped while the template goes away). */
  if (self->selection == NULL)
    return;

  if (self->thumbnail_pass_id == 0)
    self->thumbnail_pass_id = g_timeout_add (THUMBNAIL_PASS_DELAY_MS, thumbnail_pass_cb, self);
}

static gboolean
restore_scroll_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  TroveMediaGrid *self = TROVE_MEDIA_GRID (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  /* Once the item is there, scroll to it over a few frames, while the view settles; an item
   * that never comes back (the chat changed) is given up after a while. */
  if (++self->restore_frames > 120 || (self->pending_first - 1 < n && self->restore_frames > 3))
    {
      self->restore_id = 0;
      self->pending_first = 0;
      return G_SOURCE_REMOVE;
    }

  if (self->pending_first - 1 < n)
    trove_media_grid_scroll_to (self, self->pending_first - 1);

  return G_SOURCE_CONTINUE;
}

static void
adjustment_changed_cb (TroveMediaGrid *self)
{
  maybe_load_more (self);
  schedule_thumbnail_pass (self);
}

static void
model_changed_cb (TroveMediaGrid *self)
{
  update_state (self);
  maybe_load_more_after_layout (self);
  schedule_thumbnail_pass (self);
}

/* Asked at drag time: the window may set its drag func after the cells are made. */
static GdkContentProvider *
drag_content (GPtrArray *items, gpointer user_data)
{
  TroveMediaGrid *self = user_data;

  return self->drag_func ? self->drag_func (items, self->drag_data) : NULL;
}

void
trove_media_grid_set_downloaded_func (TroveMediaGrid *self,
                                      TroveMediaDownloadedFunc func,
                                      gpointer user_data)
{
  g_return_if_fail (TROVE_IS_MEDIA_GRID (self));

  self->downloaded_func = func;
  self->downloaded_data = user_data;
}

void
trove_media_grid_refresh_downloaded (TroveMediaGrid *self)
{
  g_autoptr (GPtrArray) cells = NULL;

  g_return_if_fail (TROVE_IS_MEDIA_GRID (self));

  if (self->downloaded_func == NULL)
    return;

  /* The items' badges follow. */
  cells = trove_media_grid_cells_bound (self->grid_view);
  for (guint i = 0; i < cells->len; i++)
    {
      TroveMediaViewItem *item = trove_media_cell_get_item (g_ptr_array_index (cells, i));

      trove_media_view_item_set_downloaded (item,
                                            self->downloaded_func (trove_media_view_item_get_media (
                                                                       item),
                                                                   self->downloaded_data));
    }
}

void
trove_media_grid_set_drag_func (TroveMediaGrid *self, TroveMediaDragFunc func, gpointer user_data)
{
  g_return_if_fail (TROVE_IS_MEDIA_GRID (self));

  self->drag_func = func;
  self->drag_data = user_data;
}

static void
setup_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, TroveMediaGrid *self)
{
  GtkWidget *cell = trove_media_cell_new ();
  g_autoptr (TroveMediaViewItem) item = trove_media_view_item_new ();

  trove_media_drag_attach (TROVE_MEDIA_CELL (cell), GTK_SELECTION_MODEL (self->selection),
                           drag_content, self);

  /* The cell follows its list item's place and the grid's size. */
  g_object_bind_property (list_item, "position", item, "position", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "cell-size", cell, "size", G_BINDING_SYNC_CREATE);
  trove_media_cell_set_item (TROVE_MEDIA_CELL (cell), item);
  /* A cell bound while the view was between layouts is only placed later: look again then. */
  g_signal_connect_object (cell, "map", G_CALLBACK (schedule_thumbnail_pass), self,
                           G_CONNECT_SWAPPED);
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, TroveMediaGrid *self)
{
  TroveMediaViewItem *item =
      trove_media_cell_get_item (TROVE_MEDIA_CELL (gtk_list_item_get_child (list_item)));
  TroveMedia *media = gtk_list_item_get_item (list_item);

  trove_media_view_item_set_media (item, media);
  trove_media_view_item_set_downloaded (item,
                                        self->downloaded_func &&
                                            self->downloaded_func (media, self->downloaded_data));
  schedule_thumbnail_pass (self);
}

static void
unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, TroveMediaGrid *self)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  trove_media_view_item_set_media (trove_media_cell_get_item (TROVE_MEDIA_CELL (cell)), NULL);
}

static gboolean
sender_filter_func (gpointer item, gpointer user_data)
{
  TroveMediaGrid *self = user_data;
  gboolean from_owner = trove_media_get_from_owner (item);

  switch (self->sender)
    {
    case TROVE_SENDER_FILTER_FAN:
      return !from_owner;
    case TROVE_SENDER_FILTER_ME:
      return from_owner;
    case TROVE_SENDER_FILTER_ALL:
    default:
      return TRUE;
    }
}

static void
retry_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  TroveMediaGrid *self = TROVE_MEDIA_GRID (widget);

  if (self->model != NULL)
    trove_paged_list_load_more (self->model);
}

void
trove_media_grid_set_model (TroveMediaGrid *self, TrovePagedList *model, guint first_visible)
{
  gboolean hover_selects;

  g_return_if_fail (TROVE_IS_MEDIA_GRID (self));
  g_return_if_fail (model == NULL || TROVE_IS_PAGED_LIST (model));

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  g_set_object (&self->model, model);

  /* A new model for the view starts it at the top; moving the adjustment under a changing
   * model makes GtkGridView complain. With single-click activation, GTK 4.8 selects the cell
   * the pointer enters as the old cells go, by a position that no longer exists, and aborts:
   * hover selection stays off while the cells are replaced. */
  hover_selects = gtk_grid_view_get_single_click_activate (self->grid_view);
  gtk_grid_view_set_single_click_activate (self->grid_view, FALSE);
  gtk_grid_view_set_model (self->grid_view, NULL);
  gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (model));
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));
  gtk_grid_view_set_single_click_activate (self->grid_view, hover_selects);
  if (self->restore_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->restore_id);
  self->restore_id = 0;
  self->pending_first = first_visible + 1;
  self->restore_frames = 0;
  if (first_visible > 0)
    self->restore_id =
        gtk_widget_add_tick_callback (GTK_WIDGET (self), restore_scroll_cb, NULL, NULL);

  if (model != NULL)
    {
      g_signal_connect_swapped (model, "notify::loading", G_CALLBACK (model_changed_cb), self);
      g_signal_connect_swapped (model, "notify::error", G_CALLBACK (model_changed_cb), self);
      g_signal_connect_swapped (model, "notify::has-more", G_CALLBACK (model_changed_cb), self);
      if (g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
        trove_paged_list_load_more (model);
    }

  update_state (self);
}

TrovePagedList *
trove_media_grid_get_model (TroveMediaGrid *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_GRID (self), NULL);

  return self->model;
}

guint
trove_media_grid_get_first_visible (TroveMediaGrid *self)
{
  guint first = G_MAXUINT;
  g_autoptr (GPtrArray) cells = NULL;

  g_return_val_if_fail (TROVE_IS_MEDIA_GRID (self), 0);

  cells = trove_media_grid_cells_bound (self->grid_view);
  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);

      if (trove_media_grid_cells_place (cell, self->scrolled_window) == TROVE_CELL_ON_SCREEN)
        first = MIN (first, trove_media_view_item_get_position (
                                trove_media_cell_get_item (TROVE_MEDIA_CELL (cell))));
    }

  return first == G_MAXUINT ? 0 : first;
}

void
trove_media_grid_set_loader (TroveMediaGrid *self, TroveThumbnailLoader *loader)
{
  g_return_if_fail (TROVE_IS_MEDIA_GRID (self));

  g_set_object (&self->loader, loader);
}

void
trove_media_grid_set_sender_filter (TroveMediaGrid *self, TroveSenderFilter filter)
{
  g_return_if_fail (TROVE_IS_MEDIA_GRID (self));

  if (self->sender == filter)
    return;

  self->sender = filter;
  gtk_filter_changed (GTK_FILTER (self->sender_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_state (self);
}

void
trove_media_grid_set_cell_size (TroveMediaGrid *self, int size)
{
  g_return_if_fail (TROVE_IS_MEDIA_GRID (self));

  if (self->cell_size == size)
    return;

  /* The cells follow, and let their thumbnails go for sharper ones. */
  self->cell_size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CELL_SIZE]);
  schedule_thumbnail_pass (self);
}

int
trove_media_grid_get_cell_size (TroveMediaGrid *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_GRID (self), DEFAULT_CELL_SIZE);

  return self->cell_size;
}

GtkSelectionModel *
trove_media_grid_get_selection (TroveMediaGrid *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_GRID (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

GtkGridView *
trove_media_grid_get_view (TroveMediaGrid *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_GRID (self), NULL);

  return self->grid_view;
}

void
trove_media_grid_set_selection_mode (TroveMediaGrid *self, gboolean selection_mode)
{
  g_return_if_fail (TROVE_IS_MEDIA_GRID (self));

  gtk_grid_view_set_single_click_activate (self->grid_view, !selection_mode);
  gtk_grid_view_set_enable_rubberband (self->grid_view, selection_mode);
  /* Outside selection mode the cell under the pointer is selected as a hover highlight: it
   * must not become part of what selection mode downloads. */
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

guint
trove_media_grid_count_on_screen (TroveMediaGrid *self,
                                  guint *with_thumbnail,
                                  GHashTable *on_screen)
{
  g_autoptr (GPtrArray) cells = trove_media_grid_cells_bound (self->grid_view);
  guint visible = 0, shown = 0;

  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);
      TroveMedia *item = trove_media_cell_get_media (TROVE_MEDIA_CELL (cell));

      if (trove_media_grid_cells_place (cell, self->scrolled_window) != TROVE_CELL_ON_SCREEN)
        continue;

      visible++;
      shown += trove_media_cell_shows_thumbnail (TROVE_MEDIA_CELL (cell));
      if (on_screen != NULL)
        g_hash_table_add (on_screen, g_strdup (trove_media_get_id (item)));
    }

  if (with_thumbnail != NULL)
    *with_thumbnail = shown;
  return visible;
}

const char *
trove_media_grid_get_visible_page (TroveMediaGrid *self)
{
  g_return_val_if_fail (TROVE_IS_MEDIA_GRID (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
trove_media_grid_scroll_to (TroveMediaGrid *self, guint position)
{
  g_return_if_fail (TROVE_IS_MEDIA_GRID (self));

  gtk_widget_activate_action (GTK_WIDGET (self->grid_view), "list.scroll-to-item", "u", position);
}

static void
trove_media_grid_dispose (GObject *object)
{
  TroveMediaGrid *self = TROVE_MEDIA_GRID (object);

  g_clear_handle_id (&self->thumbnail_pass_id, g_source_remove);
  stop_waiting_for_layout (self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), TROVE_TYPE_MEDIA_GRID);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->loader);

  G_OBJECT_CLASS (trove_media_grid_parent_class)->dispose (object);
}

static void
trove_media_grid_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (trove_media_grid_parent_class)->map (widget);

  maybe_load_more_after_layout (TROVE_MEDIA_GRID (widget));
}

static void
trove_media_grid_unrealize (GtkWidget *widget)
{
  stop_waiting_for_layout (TROVE_MEDIA_GRID (widget));

  GTK_WIDGET_CLASS (trove_media_grid_parent_class)->unrealize (widget);
}

static void
trove_media_grid_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CELL_SIZE:
      g_value_set_int (value, TROVE_MEDIA_GRID (object)->cell_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_media_grid_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CELL_SIZE:
      trove_media_grid_set_cell_size (TROVE_MEDIA_GRID (object), g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_media_grid_class_init (TroveMediaGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trove_media_grid_dispose;
  object_class->get_property = trove_media_grid_get_property;
  object_class->set_property = trove_media_grid_set_property;

  properties[PROP_CELL_SIZE] =
      g_param_spec_int ("cell-size", NULL, NULL, 32, 1024, DEFAULT_CELL_SIZE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->map = trove_media_grid_map;
  widget_class->unrealize = trove_media_grid_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/trove/Trove/trove-media-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, TroveMediaGrid, stack);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaGrid, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaGrid, grid_view);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaGrid, loading_revealer);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaGrid, page_spinner);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaGrid, first_page_spinner);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaGrid, retry_more_button);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaGrid, incomplete_note);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaGrid, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TroveMediaGrid, error_page);

  gtk_widget_class_install_action (widget_class, "grid.retry", NULL, retry_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
trove_media_grid_init (TroveMediaGrid *self)
{
  GtkListItemFactory *factory;
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cell_size = DEFAULT_CELL_SIZE;

  self->sender_filter = gtk_custom_filter_new (sender_filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->sender_filter));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (self->filtered));
  g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (model_changed_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  g_object_unref (factory);

  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));
  gtk_grid_view_set_single_click_activate (self->grid_view, TRUE);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::upper", G_CALLBACK (adjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::page-size", G_CALLBACK (adjustment_changed_cb),
                           self, G_CONNECT_SWAPPED);

  update_state (self);
}

GtkWidget *
trove_media_grid_new (void)
{
  return g_object_new (TROVE_TYPE_MEDIA_GRID, NULL);
}
