/* ts-dataset.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ts-dataset.h"

/* Every data set starts its history here and goes back an hour or so per item. */
#define NEWEST_MEDIA 1717243200 /* 2024-06-01T12:00:00Z */

static const char *const first_names[] = {
  "Sam",    "Léa",    "Jonas", "Amélie", "Kenji", "Zoë",
  "Mateus", "Ingrid", "Noor",  "Björn",  "Chloé", "Diego",
};

static const char *const subjects[] = {
  "Été à la plage 🌊", "Behind the scenes",  "Morning coffee ☕", "Studio session", "Naïve sketch",
  "Rooftop sunset",   "Voice note for you", "New outfit",       "Größe M",        "Road trip 🚐",
};

const char *
ts_kind_to_string (TsKind kind)
{
  static const char *const names[] = { "image", "video", "audio", "document" };

  return names[kind];
}

static char *
make_uuid (GRand *rand)
{
  guint8 b[16];

  for (guint i = 0; i < 16; i++)
    b[i] = g_rand_int_range (rand, 0, 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                          b[12], b[13], b[14], b[15]);
}

char *
ts_dataset_make_id (TsDataset *self, TsService service)
{
  if (service == TS_SERVICE_ONLYFANSAPI)
    return g_strdup_printf ("%u", 100000 + self->next_number++);

  return make_uuid (self->rand);
}

void
ts_media_free (TsMedia *media)
{
  g_free (media->id);
  g_free (media->content_key);
  g_free (media->name);
  g_free (media);
}

void
ts_message_free (TsMessage *message)
{
  g_free (message->id);
  g_ptr_array_unref (message->media);
  g_free (message);
}

static void
chat_free (TsChat *chat)
{
  g_free (chat->id);
  g_free (chat->handle);
  g_free (chat->name);
  g_ptr_array_unref (chat->media);
  g_ptr_array_unref (chat->messages);
  g_free (chat);
}

static void
account_free (TsAccount *account)
{
  g_free (account->id);
  g_free (account->owner_id);
  g_free (account->handle);
  g_free (account->name);
  g_ptr_array_unref (account->chats);
  g_clear_pointer (&account->shared, g_ptr_array_unref);
  g_clear_pointer (&account->duplicates, g_ptr_array_unref);
  g_free (account);
}

TsMedia *
ts_dataset_new_media (TsDataset *self, TsChat *chat, gint64 sent_at, gboolean from_owner)
{
  TsMedia *media = g_new0 (TsMedia, 1);
  guint roll = g_rand_int_range (self->rand, 0, 100);
  static const char *const extensions[] = { "jpg", "mp4", "m4a", "pdf" };

  media->id = ts_dataset_make_id (self, chat->account->service);
  media->kind = roll < 55   ? TS_KIND_IMAGE
                : roll < 80 ? TS_KIND_VIDEO
                : roll < 92 ? TS_KIND_AUDIO
                            : TS_KIND_DOCUMENT;
  /* OnlyFans has no documents. */
  if (chat->account->service == TS_SERVICE_ONLYFANSAPI && media->kind == TS_KIND_DOCUMENT)
    media->kind = TS_KIND_IMAGE;
  media->name =
      g_strdup_printf ("%s %u.%s",
                       subjects[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (subjects))],
                       g_rand_int_range (self->rand, 1, 999), extensions[media->kind]);
  media->sent_at = sent_at;
  media->from_owner = from_owner;
  media->locked = chat->account->service == TS_SERVICE_ONLYFANSAPI &&
                  g_rand_int_range (self->rand, 0, 100) < 15;
  if (media->kind == TS_KIND_IMAGE || media->kind == TS_KIND_VIDEO)
    {
      gboolean portrait = g_rand_boolean (self->rand);

      media->width = portrait ? 720 : 1280;
      media->height = portrait ? 960 : 720;
    }
  if (media->kind == TS_KIND_VIDEO || media->kind == TS_KIND_AUDIO)
    media->duration_ms = g_rand_int_range (self->rand, 3, 600) * 1000;
  media->chat = chat;

  g_hash_table_insert (self->media_by_id, media->id, media);
  return media;
}

/* Messages of one to three media, from one side each. */
static void
fill_chat (TsDataset *self, TsChat *chat, guint count, gint64 newest)
{
  gint64 time = newest;
  guint made = 0;

  while (made < count)
    {
      TsMessage *message = g_new0 (TsMessage, 1);
      guint in_message = MIN ((guint) g_rand_int_range (self->rand, 1, 4), count - made);

      message->id = ts_dataset_make_id (self, chat->account->service);
      message->sent_at = time;
      message->from_owner = g_rand_boolean (self->rand);
      message->media = g_ptr_array_new ();

      for (guint i = 0; i < in_message; i++)
        {
          TsMedia *media = ts_dataset_new_media (self, chat, time - i, message->from_owner);

          media->message_id = message->id;

          g_ptr_array_add (chat->media, media);
          g_ptr_array_add (message->media, media);
        }

      g_ptr_array_add (chat->messages, message);
      made += in_message;
      time -= g_rand_int_range (self->rand, 600, 7200);
    }
}

TsChat *
ts_dataset_new_chat (TsDataset *self, TsAccount *account, guint count)
{
  TsChat *chat = g_new0 (TsChat, 1);
  const char *first = first_names[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (first_names))];
  guint number = account->chats->len + 1;

  chat->account = account;
  chat->id = ts_dataset_make_id (self, account->service);
  chat->name = g_strdup_printf ("%s %c.", first, 'A' + (int) (number % 26));
  chat->handle = g_strdup_printf ("%s_%u", first, g_rand_int_range (self->rand, 10, 9999));
  chat->handle[0] = g_ascii_tolower (chat->handle[0]);
  chat->unread =
      g_rand_int_range (self->rand, 0, 4) == 0 ? g_rand_int_range (self->rand, 1, 12) : 0;
  chat->media = g_ptr_array_new_with_free_func ((GDestroyNotify) ts_media_free);
  chat->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) ts_message_free);

  fill_chat (self, chat, count, NEWEST_MEDIA - (gint64) number * 86400);
  g_ptr_array_add (account->chats, chat);
  g_hash_table_insert (self->chats_by_id, chat->id, chat);

  return chat;
}

static TsAccount *
new_account (TsDataset *self,
             TsService service,
             const char *id,
             const char *handle,
             const char *name)
{
  TsAccount *account = g_new0 (TsAccount, 1);

  account->service = service;
  account->id = id ? g_strdup (id) : make_uuid (self->rand);
  account->owner_id = service == TS_SERVICE_ONLYFANSAPI ? ts_dataset_make_id (self, service)
                                                        : g_strdup (account->id);
  account->handle = g_strdup (handle);
  account->name = g_strdup (name);
  account->authenticated = TRUE;
  account->chats = g_ptr_array_new_with_free_func ((GDestroyNotify) chat_free);

  return account;
}

TsDataset *
ts_dataset_new (const char *name, guint seed, GError **error)
{
  TsDataset *self;
  guint64 size = 0;
  gboolean demo = g_strcmp0 (name, "demo") == 0;
  gboolean documents = g_str_has_prefix (name, "documents=");
  gboolean archive = g_str_equal (name, "archive") || g_str_has_prefix (name, "archive=");
  const char *number = documents ? name + strlen ("documents=") : name + strlen ("size=");
  guint64 archive_shape[3] = { 40, 20, 30 };

  if (archive && name[strlen ("archive")] == '=')
    {
      g_auto (GStrv) parts = g_strsplit (name + strlen ("archive="), ",", -1);

      if (g_strv_length (parts) != 3 ||
          !g_ascii_string_to_unsigned (parts[0], 10, 1, 100000, &archive_shape[0], NULL) ||
          !g_ascii_string_to_unsigned (parts[1], 10, 1, 10000, &archive_shape[1], NULL) ||
          !g_ascii_string_to_unsigned (parts[2], 10, 0, 100, &archive_shape[2], NULL))
        archive = FALSE;
    }

  if (!demo && !archive &&
      ((!documents && !g_str_has_prefix (name, "size=")) ||
       !g_ascii_string_to_unsigned (number, 10, 0, 1000000, &size, NULL)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "Unknown data set “%s” (use demo, size=N, documents=N or "
                   "archive=CHATS,ITEMS,SHARED_PERCENT)",
                   name);
      return NULL;
    }

  self = g_new0 (TsDataset, 1);
  self->seed = seed;
  self->rand = g_rand_new_with_seed (seed);
  self->media_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->chats_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->agency_creators = g_ptr_array_new_with_free_func ((GDestroyNotify) account_free);
  self->onlyfans = g_ptr_array_new_with_free_func ((GDestroyNotify) account_free);

  self->creator = new_account (self, TS_SERVICE_FANVUE, NULL, "mira.creates", "Mira Solberg");
  g_ptr_array_add (self->agency_creators,
                   new_account (self, TS_SERVICE_AGENCY, NULL, "nova.studio", "Nova Studio"));
  if (demo)
    {
      g_ptr_array_add (self->agency_creators,
                       new_account (self, TS_SERVICE_AGENCY, NULL, "jules.art", "Jules Marchetti"));
      g_ptr_array_add (self->agency_creators,
                       new_account (self, TS_SERVICE_AGENCY, NULL, "kai.fit", "Kai Okafor"));
    }
  g_ptr_array_add (self->onlyfans, new_account (self, TS_SERVICE_ONLYFANSAPI, "acct_demo_main",
                                                "demo_main", "Demo Main"));
  g_ptr_array_add (self->onlyfans, new_account (self, TS_SERVICE_ONLYFANSAPI, "acct_demo_second",
                                                "demo_second", "Demo Second"));
  g_ptr_array_add (self->onlyfans, new_account (self, TS_SERVICE_ONLYFANSAPI, "acct_demo_stale",
                                                "demo_stale", "Demo Stale"));
  ((TsAccount *) g_ptr_array_index (self->onlyfans, 2))->authenticated = FALSE;

  if (demo)
    {
      for (guint i = 0; i < 8; i++)
        ts_dataset_new_chat (self, self->creator, g_rand_int_range (self->rand, 30, 301));
      for (guint c = 0; c < self->agency_creators->len; c++)
        for (guint i = 0; i < 4; i++)
          ts_dataset_new_chat (self, g_ptr_array_index (self->agency_creators, c),
                               g_rand_int_range (self->rand, 30, 301));
      for (guint a = 0; a < 2; a++)
        for (guint i = 0; i < 6; i++)
          ts_dataset_new_chat (self, g_ptr_array_index (self->onlyfans, a),
                               g_rand_int_range (self->rand, 30, 301));
    }
  else if (archive)
    ts_archive_fill (self, archive_shape[0], archive_shape[1], archive_shape[2]);
  else if (documents)
    {
      /* Download benchmarks: one chat of N documents of --blob-size bytes each. */
      TsChat *chat = ts_dataset_new_chat (self, self->creator, (guint) size);

      for (guint i = 0; i < chat->media->len; i++)
        ((TsMedia *) g_ptr_array_index (chat->media, i))->kind = TS_KIND_DOCUMENT;
    }
  else
    {
      TsAccount *sized[] = { self->creator, g_ptr_array_index (self->agency_creators, 0),
                             g_ptr_array_index (self->onlyfans, 0) };

      for (guint a = 0; a < G_N_ELEMENTS (sized); a++)
        {
          ts_dataset_new_chat (self, sized[a], (guint) size);
          ts_dataset_new_chat (self, sized[a], 0);
          ts_dataset_new_chat (self, sized[a], 5);
        }
    }

  return self;
}

void
ts_dataset_free (TsDataset *self)
{
  g_ptr_array_unref (self->onlyfans);
  g_ptr_array_unref (self->agency_creators);
  account_free (self->creator);
  g_hash_table_unref (self->media_by_id);
  g_hash_table_unref (self->chats_by_id);
  g_rand_free (self->rand);
  g_free (self);
}

TsChat *
ts_dataset_find_chat (TsDataset *self, TsAccount *account, const char *chat_id)
{
  TsChat *chat = g_hash_table_lookup (self->chats_by_id, chat_id);

  return chat && chat->account == account ? chat : NULL;
}

TsAccount *
ts_dataset_find_agency_creator (TsDataset *self, const char *uuid)
{
  for (guint i = 0; i < self->agency_creators->len; i++)
    if (g_strcmp0 (((TsAccount *) g_ptr_array_index (self->agency_creators, i))->id, uuid) == 0)
      return g_ptr_array_index (self->agency_creators, i);

  return NULL;
}

TsAccount *
ts_dataset_find_onlyfans (TsDataset *self, const char *id)
{
  for (guint i = 0; i < self->onlyfans->len; i++)
    if (g_strcmp0 (((TsAccount *) g_ptr_array_index (self->onlyfans, i))->id, id) == 0)
      return g_ptr_array_index (self->onlyfans, i);

  return NULL;
}

void
ts_dataset_add_media (TsDataset *self, TsChat *chat, guint count)
{
  GPtrArray *old_media = chat->media;
  GPtrArray *old_messages = chat->messages;
  gint64 newest =
      old_media->len > 0 ? ((TsMedia *) g_ptr_array_index (old_media, 0))->sent_at : NEWEST_MEDIA;

  /* The new items go first (newest first), the old ones behind them. */
  chat->media = g_ptr_array_new_with_free_func ((GDestroyNotify) ts_media_free);
  chat->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) ts_message_free);
  fill_chat (self, chat, count, newest + 7200 * (gint64) (count + 1));
  g_ptr_array_extend_and_steal (chat->media, old_media);
  g_ptr_array_extend_and_steal (chat->messages, old_messages);
}

gint64
ts_chat_last_message_at (TsChat *chat)
{
  gint64 media = chat->media->len ? ((TsMedia *) g_ptr_array_index (chat->media, 0))->sent_at : 0;

  return MAX (media, chat->last_text_at);
}

int
ts_chat_compare_recent (gconstpointer a, gconstpointer b)
{
  TsChat *first = *(TsChat **) a;
  TsChat *second = *(TsChat **) b;
  gint64 first_at = ts_chat_last_message_at (first), second_at = ts_chat_last_message_at (second);

  if (first_at != second_at)
    return first_at > second_at ? -1 : 1;
  return strcmp (first->id, second->id);
}

static JsonNode *
describe_chats (TsAccount *account)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < account->chats->len; i++)
    {
      TsChat *chat = g_ptr_array_index (account->chats, i);
      guint counts[4] = { 0 };

      for (guint m = 0; m < chat->media->len; m++)
        counts[((TsMedia *) g_ptr_array_index (chat->media, m))->kind]++;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, chat->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, chat->name);
      json_builder_set_member_name (builder, "handle");
      json_builder_add_string_value (builder, chat->handle);
      json_builder_set_member_name (builder, "media_count");
      json_builder_add_int_value (builder, chat->media->len);
      json_builder_set_member_name (builder, "message_count");
      json_builder_add_int_value (builder, chat->messages->len);
      json_builder_set_member_name (builder, "last_message_at");
      json_builder_add_int_value (builder, ts_chat_last_message_at (chat));
      json_builder_set_member_name (builder, "gone");
      json_builder_add_boolean_value (builder, chat->gone);
      json_builder_set_member_name (builder, "counts");
      json_builder_begin_object (builder);
      for (guint k = 0; k < 4; k++)
        {
          json_builder_set_member_name (builder, ts_kind_to_string (k));
          json_builder_add_int_value (builder, counts[k]);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
add_account (JsonBuilder *builder, TsAccount *account, TsContent *content)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, account->id);
  json_builder_set_member_name (builder, "owner_id");
  json_builder_add_string_value (builder, account->owner_id);
  json_builder_set_member_name (builder, "handle");
  json_builder_add_string_value (builder, account->handle);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, account->name);
  json_builder_set_member_name (builder, "authenticated");
  json_builder_add_boolean_value (builder, account->authenticated);
  json_builder_set_member_name (builder, "chats");
  json_builder_add_value (builder, describe_chats (account));
  if (account->shared != NULL)
    {
      json_builder_set_member_name (builder, "archive");
      json_builder_add_value (builder, ts_archive_describe (account, content));
    }
  json_builder_end_object (builder);
}

JsonNode *
ts_dataset_describe (TsDataset *self, TsContent *content)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, self->seed);

  json_builder_set_member_name (builder, "tokens");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fanvue_creator");
  json_builder_add_string_value (builder, "fv_test_creator");
  json_builder_set_member_name (builder, "fanvue_agency");
  json_builder_add_string_value (builder, "fv_test_agency");
  json_builder_set_member_name (builder, "onlyfansapi");
  json_builder_add_string_value (builder, "ofapi_test_key");
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "fanvue");
  add_account (builder, self->creator, content);

  json_builder_set_member_name (builder, "agency");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->agency_creators->len; i++)
    add_account (builder, g_ptr_array_index (self->agency_creators, i), content);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "onlyfansapi");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->onlyfans->len; i++)
    add_account (builder, g_ptr_array_index (self->onlyfans, i), content);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
