/* trove-account-walk.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-account-walk-private.h"
#include "trove-error.h"

#define DEFAULT_CHATS_IN_FLIGHT 3

G_DEFINE_FINAL_TYPE (TroveAccountWalk, trove_account_walk, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PROVIDER,
  PROP_ACCOUNT_ID,
  PROP_ARCHIVE,
  PROP_KIND,
  PROP_SINCE,
  PROP_SYNC,
  PROP_FULL,
  PROP_MAX_CHATS_IN_FLIGHT,
  N_PROPS
};

enum
{
  CHAT_LISTED,
  CHAT_FAILED,
  CHAT_SKIPPED,
  CHAT_INCOMPLETE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
trove_account_walk_finalize (GObject *object)
{
  TroveAccountWalk *self = TROVE_ACCOUNT_WALK (object);

  g_clear_object (&self->provider);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_object (&self->archive);
  g_clear_pointer (&self->since, g_date_time_unref);
  g_clear_pointer (&self->scope, g_free);
  g_clear_pointer (&self->scope_name, g_free);
  g_clear_object (&self->chats);
  g_clear_pointer (&self->cut_short, g_hash_table_unref);
  g_clear_pointer (&self->unfinished_chats, g_hash_table_unref);

  G_OBJECT_CLASS (trove_account_walk_parent_class)->finalize (object);
}

static void
trove_account_walk_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveAccountWalk *self = TROVE_ACCOUNT_WALK (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;
    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;
    case PROP_ARCHIVE:
      g_value_set_object (value, self->archive);
      break;
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case PROP_SINCE:
      g_value_set_boxed (value, self->since);
      break;
    case PROP_SYNC:
      g_value_set_boolean (value, self->sync);
      break;
    case PROP_FULL:
      g_value_set_boolean (value, self->full);
      break;
    case PROP_MAX_CHATS_IN_FLIGHT:
      g_value_set_uint (value, self->max_in_flight);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_account_walk_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  TroveAccountWalk *self = TROVE_ACCOUNT_WALK (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      self->provider = g_value_dup_object (value);
      break;
    case PROP_ACCOUNT_ID:
      self->account_id = g_value_dup_string (value);
      break;
    case PROP_ARCHIVE:
      self->archive = g_value_dup_object (value);
      break;
    case PROP_KIND:
      trove_account_walk_set_kind (self, g_value_get_int (value));
      break;
    case PROP_SINCE:
      trove_account_walk_set_since (self, g_value_get_boxed (value));
      break;
    case PROP_SYNC:
      trove_account_walk_set_sync (self, g_value_get_boolean (value));
      break;
    case PROP_FULL:
      trove_account_walk_set_full (self, g_value_get_boolean (value));
      break;
    case PROP_MAX_CHATS_IN_FLIGHT:
      trove_account_walk_set_max_chats_in_flight (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_account_walk_class_init (TroveAccountWalkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trove_account_walk_finalize;
  object_class->get_property = trove_account_walk_get_property;
  object_class->set_property = trove_account_walk_set_property;

  properties[PROP_PROVIDER] =
      g_param_spec_object ("provider", NULL, NULL, TROVE_TYPE_PROVIDER,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_ID] =
      g_param_spec_string ("account-id", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARCHIVE] =
      g_param_spec_object ("archive", NULL, NULL, TROVE_TYPE_DOWNLOAD_ARCHIVE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
      g_param_spec_int ("kind", NULL, NULL, TROVE_MEDIA_KIND_UNKNOWN, TROVE_MEDIA_KIND_DOCUMENT,
                        TROVE_MEDIA_KIND_UNKNOWN,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SINCE] =
      g_param_spec_boxed ("since", NULL, NULL, G_TYPE_DATE_TIME,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC] =
      g_param_spec_boolean ("sync", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FULL] =
      g_param_spec_boolean ("full", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_CHATS_IN_FLIGHT] =
      g_param_spec_uint ("max-chats-in-flight", NULL, NULL, 1, 16, DEFAULT_CHATS_IN_FLIGHT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHAT_LISTED] = g_signal_new ("chat-listed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, g_signal_accumulator_first_wins, NULL, NULL,
                                       G_TYPE_BOOLEAN, 2, TROVE_TYPE_CHAT, G_TYPE_PTR_ARRAY);
  signals[CHAT_FAILED] =
      g_signal_new ("chat-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, TROVE_TYPE_CHAT, G_TYPE_ERROR);
  signals[CHAT_SKIPPED] =
      g_signal_new ("chat-skipped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, TROVE_TYPE_CHAT);
  signals[CHAT_INCOMPLETE] =
      g_signal_new ("chat-incomplete", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, TROVE_TYPE_CHAT, G_TYPE_ERROR);
}

static void
trove_account_walk_init (TroveAccountWalk *self)
{
  self->kind = TROVE_MEDIA_KIND_UNKNOWN;
  self->max_in_flight = DEFAULT_CHATS_IN_FLIGHT;
  self->cut_short = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unfinished_chats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

TroveAccountWalk *
trove_account_walk_new (TroveProvider *provider,
                        const char *account_id,
                        TroveDownloadArchive *archive)
{
  g_return_val_if_fail (TROVE_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (archive == NULL || TROVE_IS_DOWNLOAD_ARCHIVE (archive), NULL);

  return g_object_new (TROVE_TYPE_ACCOUNT_WALK, "provider", provider, "account-id", account_id,
                       "archive", archive, NULL);
}

TroveProvider *
trove_account_walk_get_provider (TroveAccountWalk *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_WALK (self), NULL);
  return self->provider;
}

const char *
trove_account_walk_get_account_id (TroveAccountWalk *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_WALK (self), NULL);
  return self->account_id;
}

TroveDownloadArchive *
trove_account_walk_get_archive (TroveAccountWalk *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_WALK (self), NULL);
  return self->archive;
}

void
trove_account_walk_set_kind (TroveAccountWalk *self, TroveMediaKind kind)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_WALK (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

TroveMediaKind
trove_account_walk_get_kind (TroveAccountWalk *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_WALK (self), TROVE_MEDIA_KIND_UNKNOWN);
  return self->kind;
}

void
trove_account_walk_set_since (TroveAccountWalk *self, GDateTime *since)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_WALK (self));

  if (self->since == since)
    return;
  g_clear_pointer (&self->since, g_date_time_unref);
  self->since = since ? g_date_time_ref (since) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SINCE]);
}

GDateTime *
trove_account_walk_get_since (TroveAccountWalk *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_WALK (self), NULL);
  return self->since;
}

void
trove_account_walk_set_sync (TroveAccountWalk *self, gboolean sync)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_WALK (self));

  sync = !!sync;
  if (self->sync == sync)
    return;
  self->sync = sync;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

gboolean
trove_account_walk_get_sync (TroveAccountWalk *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_WALK (self), FALSE);
  return self->sync;
}

void
trove_account_walk_set_full (TroveAccountWalk *self, gboolean full)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_WALK (self));

  full = !!full;
  if (self->full == full)
    return;
  self->full = full;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULL]);
}

gboolean
trove_account_walk_get_full (TroveAccountWalk *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_WALK (self), FALSE);
  return self->full;
}

void
trove_account_walk_set_max_chats_in_flight (TroveAccountWalk *self, guint max)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_WALK (self));
  g_return_if_fail (max >= 1);

  if (self->max_in_flight == max)
    return;
  self->max_in_flight = max;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CHATS_IN_FLIGHT]);
}

void
trove_account_walk_set_scope (TroveAccountWalk *self, const char *scope)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_WALK (self));

  g_free (self->scope_name);
  self->scope_name = g_strdup (scope);
}

guint
trove_account_walk_get_max_chats_in_flight (TroveAccountWalk *self)
{
  g_return_val_if_fail (TROVE_IS_ACCOUNT_WALK (self), DEFAULT_CHATS_IN_FLIGHT);
  return self->max_in_flight;
}

void
trove_account_walk_get_counts (TroveAccountWalk *self, TroveAccountWalkCounts *counts)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_WALK (self));
  g_return_if_fail (counts != NULL);

  *counts = self->counts;
}

/* The walk ends in the archive once the chat list was walked to its end and every chat handed
 * over was finished: before that, a stopped run takes it up again. */
static void
maybe_end_walk (TroveAccountWalk *self)
{
  if (self->archive == NULL || !self->listing_done || self->unfinished > 0 || self->ended)
    return;
  /* A sync with a chat failed or cut short leaves its watermark: the next walks down to it. */
  if (self->sync && self->unsettled)
    return;

  self->ended = TRUE;
  if (self->sync && self->new_watermark > self->watermark)
    trove_download_archive_set_account_sync (self->archive, self->account_id, self->new_watermark);
  trove_download_archive_end_walk (self->archive, self->account_id, self->scope);
}

static gboolean
is_full_scope (TroveAccountWalk *self)
{
  return self->sync || (self->kind == TROVE_MEDIA_KIND_UNKNOWN && self->since == NULL);
}

static void
record_finished (TroveAccountWalk *self, TroveChat *chat)
{
  GDateTime *last = trove_chat_get_last_message_at (chat);

  if (self->archive == NULL)
    return;
  trove_download_archive_walk_add_chat (self->archive, self->account_id, self->scope,
                                        trove_chat_get_id (chat), is_full_scope (self),
                                        last ? g_date_time_to_unix (last) : 0);
}

void
trove_account_walk_chat_finished (TroveAccountWalk *self, TroveChat *chat)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_WALK (self));
  g_return_if_fail (TROVE_IS_CHAT (chat));

  /* A listing cut short is not finished, whatever its caller made of what it got. */
  if (!g_hash_table_contains (self->cut_short, trove_chat_get_id (chat)))
    record_finished (self, chat);
  if (self->unfinished > 0)
    self->unfinished--;
  maybe_end_walk (self);
}

static void start_chats (TroveAccountWalk *self);

static void
chat_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TrovePagedList *list = TROVE_PAGED_LIST (source);
  TroveAccountWalkListing *listing = user_data;
  g_autoptr (TroveAccountWalk) self = listing->self;
  g_autoptr (TroveChat) chat = listing->chat;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) incomplete = NULL;
  g_autoptr (GPtrArray) media = NULL;
  gboolean handled = FALSE;
  guint known_at = listing->known_at;
  guint n;

  g_free (listing);
  self->in_flight--;

  if (!trove_paged_list_load_all_finish (list, result, &incomplete, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->counts.failed++;
          g_signal_emit (self, signals[CHAT_FAILED], 0, chat, error);
          /* A chat the service no longer has stays gone for a sync: reported once, not listed
           * again until it has a new message. Any other failure is tried again next time. */
          if (self->sync && g_error_matches (error, TROVE_ERROR, TROVE_ERROR_NOT_FOUND))
            record_finished (self, chat);
          else
            self->unsettled = TRUE;
        }
      start_chats (self);
      return;
    }

  n = MIN (known_at, g_list_model_get_n_items (G_LIST_MODEL (list)));
  if (known_at != G_MAXUINT)
    self->counts.known++;
  media = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (TroveMedia) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      GDateTime *sent_at = trove_media_get_sent_at (item);

      /* The listing stops on the page that passes @since; that page's older items go. */
      if (self->since != NULL && sent_at != NULL && g_date_time_compare (sent_at, self->since) < 0)
        continue;
      g_ptr_array_add (media, g_steal_pointer (&item));
    }

  /* A listing the service cut short is never recorded as finished: the next walk tries again. */
  if (incomplete != NULL)
    {
      g_hash_table_add (self->cut_short, g_strdup (trove_chat_get_id (chat)));
      self->counts.incomplete++;
      self->unsettled = TRUE;
    }

  self->counts.listed++;
  self->counts.items += media->len;
  self->unfinished++;
  g_signal_emit (self, signals[CHAT_LISTED], 0, chat, media, &handled);
  if (incomplete != NULL)
    g_signal_emit (self, signals[CHAT_INCOMPLETE], 0, chat, incomplete);
  if (handled)
    trove_account_walk_chat_finished (self, chat);

  start_chats (self);
}

static void
walk_return (TroveAccountWalk *self)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *incomplete = g_task_get_task_data (task);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               "The walk was cancelled");
      return;
    }

  self->listing_done = incomplete == NULL;
  maybe_end_walk (self);
  g_task_return_boolean (task, TRUE);
}

/* Lists chats until max-chats-in-flight are listing, or returns once all are done. */
static void
start_chats (TroveAccountWalk *self)
{
  GCancellable *cancellable = g_task_get_cancellable (self->task);

  while (self->in_flight < self->max_in_flight && self->next_chat < self->chat_limit &&
         !g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr (TroveChat) chat =
          g_list_model_get_item (G_LIST_MODEL (self->chats), self->next_chat++);
      g_autoptr (TrovePagedList) list = NULL;
      TroveAccountWalkListing *listing;

      if (self->archive != NULL && self->counts.resumed &&
          trove_download_archive_walk_has_chat (self->archive, self->account_id, self->scope,
                                                trove_chat_get_id (chat)))
        {
          self->counts.skipped++;
          g_signal_emit (self, signals[CHAT_SKIPPED], 0, chat);
          continue;
        }

      listing = g_new0 (TroveAccountWalkListing, 1);
      listing->known_at = G_MAXUINT;
      if (self->sync && !trove_account_walk_sync_takes_chat (self, chat, listing))
        {
          self->counts.unchanged++;
          g_free (listing);
          continue;
        }

      list = trove_paged_list_new_for_media (self->provider, trove_chat_get_id (chat), self->kind);
      listing->self = g_object_ref (self);
      listing->chat = g_object_ref (chat);
      self->in_flight++;
      if (listing->stop_at_known)
        trove_paged_list_load_until_async (list, trove_account_walk_stop_at_known_cb, listing,
                                           cancellable, chat_loaded_cb, listing);
      else
        trove_paged_list_load_all_async (list, self->since, cancellable, chat_loaded_cb, listing);
    }

  if (self->in_flight == 0 &&
      (self->next_chat >= self->chat_limit || g_cancellable_is_cancelled (cancellable)))
    walk_return (self);
}

static void
chats_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (TroveAccountWalk) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) incomplete = NULL;

  if (!trove_paged_list_load_all_finish (TROVE_PAGED_LIST (source), result, &incomplete, &error))
    {
      g_autoptr (GTask) task = g_steal_pointer (&self->task);

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (incomplete != NULL)
    g_task_set_task_data (self->task, g_steal_pointer (&incomplete), (GDestroyNotify) g_error_free);
  self->chat_limit = g_list_model_get_n_items (G_LIST_MODEL (self->chats));
  if (self->sync && self->watermark > 0)
    self->chat_limit = MIN (self->chat_limit, trove_account_walk_find_watermark (self, 0));
  self->counts.chats = self->chat_limit;
  for (guint i = 0; self->sync && i < self->chat_limit; i++)
    {
      g_autoptr (TroveChat) chat = g_list_model_get_item (G_LIST_MODEL (self->chats), i);

      self->new_watermark = MAX (self->new_watermark, trove_account_walk_last_message_at (chat));
    }
  start_chats (self);
}

/* What a walk lists, as the archive keys its progress: "" for everything. */
static char *
describe_scope (TroveAccountWalk *self)
{
  GString *scope;

  if (self->scope_name != NULL)
    return g_strdup (self->scope_name);
  scope = g_string_new (NULL);
  if (self->sync)
    g_string_append (scope, SYNC_SCOPE);
  else if (self->kind != TROVE_MEDIA_KIND_UNKNOWN)
    g_string_append_printf (scope, "kind=%d;", self->kind);
  if (!self->sync && self->since != NULL)
    g_string_append_printf (scope, "since=%" G_GINT64_FORMAT ";",
                            g_date_time_to_unix (self->since));

  return g_string_free (scope, FALSE);
}

void
trove_account_walk_run_async (TroveAccountWalk *self,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_return_if_fail (TROVE_IS_ACCOUNT_WALK (self));
  g_return_if_fail (self->task == NULL);
  g_return_if_fail (!self->sync || self->archive != NULL);
  g_return_if_fail (!self->sync || (self->kind == TROVE_MEDIA_KIND_UNKNOWN && self->since == NULL));

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, trove_account_walk_run_async);

  g_free (self->scope);
  self->scope = describe_scope (self);
  self->counts = (TroveAccountWalkCounts){ 0 };
  self->next_chat = 0;
  self->chat_limit = 0;
  self->unfinished = 0;
  self->listing_done = FALSE;
  self->ended = FALSE;
  self->unsettled = FALSE;
  self->watermark = 0;
  self->new_watermark = 0;
  g_hash_table_remove_all (self->cut_short);
  if (self->archive != NULL)
    self->counts.resumed =
        trove_download_archive_begin_walk (self->archive, self->account_id, self->scope);

  g_clear_object (&self->chats);
  self->chats = trove_paged_list_new_for_chats (self->provider, NULL);

  if (self->sync)
    {
      /* A sync is not resumed: a chat it finished before is unchanged since, or listed anew. */
      self->counts.resumed = FALSE;
      trove_account_walk_find_unfinished_chats (self);
      if (!self->full)
        self->watermark = trove_download_archive_get_account_sync (self->archive, self->account_id);
    }

  if (self->watermark > 0)
    trove_paged_list_load_until_async (self->chats, trove_account_walk_stop_at_watermark_cb, self,
                                       cancellable, chats_loaded_cb, g_object_ref (self));
  else
    trove_paged_list_load_all_async (self->chats, NULL, cancellable, chats_loaded_cb,
                                     g_object_ref (self));
}

gboolean
trove_account_walk_run_finish (TroveAccountWalk *self,
                               GAsyncResult *result,
                               GError **incomplete,
                               GError **error)
{
  GError *cut_short;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  cut_short = g_task_get_task_data (G_TASK (result));
  if (incomplete != NULL && cut_short != NULL)
    *incomplete = g_error_copy (cut_short);

  return g_task_propagate_boolean (G_TASK (result), error);
}
