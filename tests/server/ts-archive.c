/* ts-archive.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The archive data set: whole accounts whose mass-message media recur in every chat, the
 * same bytes under other ids, empty chats and chats whose media answer 404. See README.md.
 */

#include "config.h"

#include "ts-content.h"

#define NEWEST 1717243200 /* 2024-06-01T12:00:00Z, as the other data sets */
#define DAY 86400

static const char *const first_names[] = {
  "Amélie", "Björn", "Chloé", "Diego", "Emma",   "Farah", "Grace",  "Hugo",
  "Ingrid", "Jonas", "Kenji", "Léa",   "Mateus", "Noor",  "Olivia", "Paulo",
  "Quinn",  "Rosa",  "Sam",   "Søren", "Tomás",  "Una",   "Zoë",    "Łukasz",
};

static const char *const last_names[] = {
  "Andersen", "Brooks",  "Carvalho", "Dubois",   "Eriksson", "Fischer", "García",
  "Hansen",   "Ivanova", "Jansen",   "Kowalski", "Lefèvre",  "Müller",  "Nakamura",
  "O'Brien",  "Petrov",  "Quintero", "Rossi",    "Schmidt",  "Tanaka",
};

typedef struct
{
  gint64 sent_at;
  TsMessage *message;
} Pending;

static char *
fan_name (guint index)
{
  guint combos = G_N_ELEMENTS (first_names) * G_N_ELEMENTS (last_names);
  const char *first = first_names[index % G_N_ELEMENTS (first_names)];
  const char *last =
      last_names[(index / G_N_ELEMENTS (first_names) + index) % G_N_ELEMENTS (last_names)];

  if (index < combos)
    return g_strdup_printf ("%s %s", first, last);
  return g_strdup_printf ("%s %s %u", first, last, index / combos + 1);
}

static void
shuffle (GRand *rand, GPtrArray *array)
{
  for (guint i = array->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gpointer swap = array->pdata[i - 1];

      array->pdata[i - 1] = array->pdata[j];
      array->pdata[j] = swap;
    }
}

static TsMessage *
new_message (TsDataset *self, TsChat *chat, gint64 sent_at, gboolean from_owner)
{
  TsMessage *message = g_new0 (TsMessage, 1);

  message->id = ts_dataset_make_id (self, chat->account->service);
  message->sent_at = sent_at;
  message->from_owner = from_owner;
  message->media = g_ptr_array_new ();
  return message;
}

/* The same media as @prototype in another chat: same id, same bytes. */
static TsMedia *
place_copy (TsMedia *prototype, TsChat *chat, TsMessage *message, gint64 sent_at)
{
  TsMedia *media = g_new0 (TsMedia, 1);

  media->id = g_strdup (prototype->id);
  media->kind = prototype->kind;
  media->name = g_strdup (prototype->name);
  media->sent_at = sent_at;
  media->from_owner = message->from_owner;
  media->width = prototype->width;
  media->height = prototype->height;
  media->duration_ms = prototype->duration_ms;
  media->content_key = g_strdup (prototype->content_key);
  media->chat = chat;
  media->message_id = message->id;
  return media;
}

static TsMedia *
new_unique (TsDataset *self, TsChat *chat, TsMessage *message, gint64 sent_at)
{
  TsMedia *media = ts_dataset_new_media (self, chat, sent_at, message->from_owner);

  /* Half the older sets' pixels: making the pictures is most of what serving a whole account
   * costs the server; the files are padded to a realistic size anyway. */
  media->width /= 2;
  media->height /= 2;
  media->content_key = g_strdup (media->id);
  media->message_id = message->id;
  return media;
}

static int
compare_pending (gconstpointer a, gconstpointer b)
{
  const Pending *first = a, *second = b;

  return first->sent_at > second->sent_at ? -1 : first->sent_at < second->sent_at ? 1 : 0;
}

/* Puts @messages (Pending) into @chat newest first, each message's media in order. */
static void
settle (TsChat *chat, GArray *messages)
{
  g_array_sort (messages, compare_pending);
  for (guint i = 0; i < messages->len; i++)
    {
      TsMessage *message = g_array_index (messages, Pending, i).message;

      g_ptr_array_add (chat->messages, message);
      g_ptr_array_extend (chat->media, message->media, NULL, NULL);
    }
}

static void
fill_account (TsDataset *self, TsAccount *account, guint chats, guint items, guint shared_percent)
{
  guint shared = (items * shared_percent + 50) / 100;
  guint empty = chats >= 4 ? MAX (1, chats / 20) : 0;
  guint gone = empty;
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  g_autoptr (GPtrArray) active = g_ptr_array_new ();
  g_autoptr (GPtrArray) prototypes = g_ptr_array_new ();
  g_autoptr (GPtrArray) mass_times = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) eligible = g_ptr_array_new ();
  guint name_offset =
      g_rand_int_range (self->rand, 0, G_N_ELEMENTS (first_names) * G_N_ELEMENTS (last_names));

  account->shared = g_ptr_array_new ();
  account->duplicates = g_ptr_array_new ();

  for (guint c = 0; c < chats; c++)
    {
      TsChat *chat = ts_dataset_new_chat (self, account, 0);

      g_free (chat->name);
      g_free (chat->handle);
      chat->name = fan_name (name_offset + c);
      chat->handle = g_strdup_printf ("fan_%u", g_rand_int_range (self->rand, 1000, 9999999));
      g_ptr_array_add (order, chat);
    }

  /* Which chats are empty and which answer 404: a deterministic few, anywhere in the list. */
  shuffle (self->rand, order);
  for (guint i = 0; i < order->len; i++)
    {
      TsChat *chat = g_ptr_array_index (order, i);
      gint64 newest = NEWEST - g_rand_int_range (self->rand, 0, 60 * DAY);

      if (i < empty + gone)
        {
          /* Text only, or nothing the service still has. */
          chat->last_text_at = newest;
          chat->gone = i >= empty;
          continue;
        }
      g_ptr_array_add (active, chat);
      /* The chat's newest moment, held here until its messages are made. */
      chat->last_text_at = newest;
    }

  /* Mass messages: one to three media each, sent to every active chat at the same moment. */
  for (guint made = 0, k = 0; made < shared; k++)
    {
      /* Not MIN (g_rand_int_range (), ...): it would draw twice. */
      guint drawn = g_rand_int_range (self->rand, 1, 4);
      guint in_message = MIN (drawn, shared - made);
      gint64 *at = g_new (gint64, 1);

      *at = NEWEST - 20 * DAY - (gint64) k * DAY - g_rand_int_range (self->rand, 0, DAY / 2);
      g_ptr_array_add (mass_times, at);
      for (guint i = 0; i < in_message; i++)
        g_ptr_array_add (prototypes, GUINT_TO_POINTER (k));
      made += in_message;
    }

  for (guint a = 0; a < active->len; a++)
    {
      TsChat *chat = g_ptr_array_index (active, a);
      g_autoptr (GArray) messages = g_array_new (FALSE, FALSE, sizeof (Pending));
      gint64 time = chat->last_text_at;
      guint unique = items - shared;

      chat->last_text_at = 0;

      /* The mass messages, from the creator. */
      for (guint p = 0; p < prototypes->len;)
        {
          guint k = GPOINTER_TO_UINT (prototypes->pdata[p]);
          gint64 at = *(gint64 *) mass_times->pdata[k];
          Pending pending = { at, new_message (self, chat, at, TRUE) };

          for (guint i = 0; p < prototypes->len && GPOINTER_TO_UINT (prototypes->pdata[p]) == k;
               p++, i++)
            {
              TsMedia *media;

              if (a == 0)
                {
                  media = new_unique (self, chat, pending.message, at - i);
                  media->locked = FALSE;
                  g_ptr_array_add (account->shared, media->id);
                }
              else
                media =
                    place_copy (g_hash_table_lookup (self->media_by_id, account->shared->pdata[p]),
                                chat, pending.message, at - i);
              g_ptr_array_add (pending.message->media, media);
            }
          g_array_append_val (messages, pending);
        }

      /* The chat's own media, the newest at its newest moment. */
      for (guint made = 0; made < unique;)
        {
          guint drawn = g_rand_int_range (self->rand, 1, 4);
          guint in_message = MIN (drawn, unique - made);
          Pending pending = { time, new_message (self, chat, time, g_rand_boolean (self->rand)) };

          for (guint i = 0; i < in_message; i++)
            {
              TsMedia *media = new_unique (self, chat, pending.message, time - i);

              g_ptr_array_add (pending.message->media, media);
              if (!media->locked)
                g_ptr_array_add (eligible, media);
            }
          g_array_append_val (messages, pending);
          made += in_message;
          time -= g_rand_int_range (self->rand, 600, 4 * 3600);
        }

      settle (chat, messages);
    }

  /* Other ids, the same bytes: about one item in fifty takes an item's of another chat. */
  shuffle (self->rand, eligible);
  for (guint i = 0;
       i + 1 < eligible->len && account->duplicates->len < 2 * MAX (2u, eligible->len / 50); i += 2)
    {
      TsMedia *source = g_ptr_array_index (eligible, i);
      TsMedia *copy = g_ptr_array_index (eligible, i + 1);

      if (source->chat == copy->chat)
        continue;
      copy->kind = source->kind;
      copy->width = source->width;
      copy->height = source->height;
      copy->duration_ms = source->duration_ms;
      g_free (copy->content_key);
      copy->content_key = g_strdup (source->content_key);
      g_ptr_array_add (account->duplicates, source->id);
      g_ptr_array_add (account->duplicates, copy->id);
    }
}

void
ts_archive_fill (TsDataset *self, guint chats, guint items, guint shared_percent)
{
  self->archive = TRUE;
  fill_account (self, self->creator, chats, items, shared_percent);
  fill_account (self, g_ptr_array_index (self->agency_creators, 0), chats, items, shared_percent);
  fill_account (self, g_ptr_array_index (self->onlyfans, 0), chats, items, shared_percent);
}

void
ts_archive_add_media (TsDataset *self,
                      TsAccount *account,
                      guint chats,
                      guint count,
                      gboolean shared,
                      GPtrArray *changed)
{
  g_autoptr (GPtrArray) candidates = g_ptr_array_new ();
  g_autoptr (GPtrArray) prototypes = g_ptr_array_new ();
  gint64 newest = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < account->chats->len; i++)
    {
      TsChat *chat = g_ptr_array_index (account->chats, i);

      if (!chat->gone)
        g_ptr_array_add (candidates, chat);
      newest = MAX (newest, ts_chat_last_message_at (chat) + 1);
    }
  shuffle (self->rand, candidates);

  for (guint c = 0; c < MIN (chats, candidates->len); c++)
    {
      TsChat *chat = g_ptr_array_index (candidates, c);
      gint64 at = newest + c;
      TsMessage *message = new_message (self, chat, at, shared || g_rand_boolean (self->rand));
      GPtrArray *old_media = chat->media;
      GPtrArray *old_messages = chat->messages;

      for (guint i = 0; i < count; i++)
        {
          TsMedia *media;

          if (shared && c > 0)
            media = place_copy (g_ptr_array_index (prototypes, i), chat, message, at - i);
          else
            {
              media = new_unique (self, chat, message, at - i);
              if (shared)
                {
                  media->locked = FALSE;
                  g_ptr_array_add (prototypes, media);
                }
            }
          g_ptr_array_add (message->media, media);
        }

      /* The new message first, the old ones behind it. */
      chat->media = g_ptr_array_new_with_free_func ((GDestroyNotify) ts_media_free);
      chat->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) ts_message_free);
      g_ptr_array_add (chat->messages, message);
      g_ptr_array_extend (chat->media, message->media, NULL, NULL);
      g_ptr_array_extend_and_steal (chat->media, old_media);
      g_ptr_array_extend_and_steal (chat->messages, old_messages);
      g_ptr_array_add (changed, chat->id);
    }
}

static void
add_ids (JsonBuilder *builder, const char *name, TsAccount *account, gboolean gone)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < account->chats->len; i++)
    {
      TsChat *chat = g_ptr_array_index (account->chats, i);

      if (chat->media->len == 0 && chat->gone == gone)
        json_builder_add_string_value (builder, chat->id);
    }
  json_builder_end_array (builder);
}

JsonNode *
ts_archive_describe (TsAccount *account, TsContent *content)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint placements = 0, locked = 0;
  gint64 unique_bytes = 0, unique_id_bytes = 0;

  for (guint i = 0; i < account->chats->len; i++)
    {
      TsChat *chat = g_ptr_array_index (account->chats, i);

      placements += chat->media->len;
      for (guint m = 0; m < chat->media->len; m++)
        {
          TsMedia *media = g_ptr_array_index (chat->media, m);

          locked += media->locked;
          if (!media->locked && g_hash_table_add (keys, media->content_key))
            unique_bytes += ts_content_main_size (content, media);
          if (!media->locked && g_hash_table_add (ids, media->id))
            unique_id_bytes += ts_content_main_size (content, media);
        }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "shared");
  json_builder_begin_array (builder);
  for (guint i = 0; i < account->shared->len; i++)
    json_builder_add_string_value (builder, account->shared->pdata[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "duplicates");
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < account->duplicates->len; i += 2)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, account->duplicates->pdata[i]);
      json_builder_add_string_value (builder, account->duplicates->pdata[i + 1]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  add_ids (builder, "empty_chats", account, FALSE);
  add_ids (builder, "gone_chats", account, TRUE);
  json_builder_set_member_name (builder, "placements");
  json_builder_add_int_value (builder, placements);
  json_builder_set_member_name (builder, "locked");
  json_builder_add_int_value (builder, locked);
  json_builder_set_member_name (builder, "unique_contents");
  json_builder_add_int_value (builder, g_hash_table_size (keys));
  json_builder_set_member_name (builder, "unique_main_bytes");
  json_builder_add_int_value (builder, unique_bytes);
  json_builder_set_member_name (builder, "unique_id_bytes");
  json_builder_add_int_value (builder, unique_id_bytes);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
