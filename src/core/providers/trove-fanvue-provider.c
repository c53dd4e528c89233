/* trove-fanvue-provider.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-fanvue-parser.h"
#include "trove-fanvue-provider.h"
#include "trove-provider-private.h"

/* The API's maxima: fewer round trips for long chats. */
#define MAX_SEARCH_CHARS 100
#define CHATS_PAGE_SIZE "50"
#define MEDIA_PAGE_SIZE "50"
/* Newest message first (the service's default, asked for all the same): a sync stops early. */
#define CHATS_ORDER "most_recent_messages"

G_DEFINE_TYPE (TroveFanvueProvider, trove_fanvue_provider, TROVE_TYPE_PROVIDER)

SoupMessage *
trove_fanvue_provider_new_message (TroveFanvueProvider *self, const char *path, const char *query)
{
  SoupMessage *message = trove_provider_new_api_message (TROVE_PROVIDER (self), path, query);

  if (message != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message),
                                  "X-Fanvue-API-Version", TROVE_FANVUE_API_VERSION);

  return message;
}

static gpointer
parse_user (GBytes *body, const char *endpoint, gpointer parse_data, GError **error)
{
  return trove_fanvue_parse_user (body, endpoint, error);
}

static void
trove_fanvue_provider_identify_async (TroveProvider *provider,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  TroveFanvueProvider *self = TROVE_FANVUE_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (SoupMessage) message = trove_fanvue_provider_new_message (self, "/users/me", NULL);

  g_task_set_source_tag (task, trove_fanvue_provider_identify_async);
  trove_provider_fetch (provider, message, parse_user, NULL, NULL, g_object_unref, task);
}

static gpointer
parse_chats (GBytes *body, const char *endpoint, gpointer parse_data, GError **error)
{
  return trove_fanvue_parse_chats (body, endpoint, GPOINTER_TO_UINT (parse_data), error);
}

static char *
peek_next_page (GBytes *body, gpointer parse_data)
{
  return trove_fanvue_peek_next_page (body, GPOINTER_TO_UINT (parse_data));
}

static void
trove_fanvue_provider_list_chats_async (TroveProvider *provider,
                                        const char *search,
                                        const char *page_token,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  TroveFanvueProvider *self = TROVE_FANVUE_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *page_number = NULL;
  g_autofree char *query = NULL;
  guint page = 1;

  g_task_set_source_tag (task, trove_fanvue_provider_list_chats_async);

  if (page_token != NULL && !trove_provider_parse_number_token (page_token, &page, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  page_number = g_strdup_printf ("%u", page);
  if (search != NULL && *search != '\0')
    {
      /* Fanvue refuses more than this; a longer search still finds what its start finds. */
      g_autofree char *allowed =
          g_utf8_substring (search, 0, MIN (g_utf8_strlen (search, -1), MAX_SEARCH_CHARS));

      query = soup_form_encode ("page", page_number, "size", CHATS_PAGE_SIZE, "sortBy", CHATS_ORDER,
                                "search", allowed, NULL);
    }
  else
    query = soup_form_encode ("page", page_number, "size", CHATS_PAGE_SIZE, "sortBy", CHATS_ORDER,
                              NULL);

  path =
      g_strconcat (TROVE_FANVUE_PROVIDER_GET_CLASS (self)->get_chats_prefix (self), "/chats", NULL);
  message = trove_fanvue_provider_new_message (self, path, query);
  trove_provider_fetch_page (provider, message, parse_chats, peek_next_page,
                             GUINT_TO_POINTER (page), NULL, task);
}

static gpointer
parse_media (GBytes *body, const char *endpoint, gpointer parse_data, GError **error)
{
  return trove_fanvue_parse_media (body, endpoint, parse_data, error);
}

static char *
peek_next_cursor (GBytes *body, gpointer parse_data)
{
  return trove_fanvue_peek_next_cursor (body);
}

static void
trove_fanvue_provider_list_media_async (TroveProvider *provider,
                                        const char *chat_id,
                                        TroveMediaKind kind,
                                        const char *page_token,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  TroveFanvueProvider *self = TROVE_FANVUE_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *escaped_chat = g_uri_escape_string (chat_id, NULL, FALSE);
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;

  g_task_set_source_tag (task, trove_fanvue_provider_list_media_async);

  g_hash_table_insert (params, (char *) "limit", (char *) MEDIA_PAGE_SIZE);
  /* The cursor is opaque base64: form encoding keeps its + / = intact. */
  if (page_token != NULL)
    g_hash_table_insert (params, (char *) "cursor", (char *) page_token);
  if (kind != TROVE_MEDIA_KIND_UNKNOWN)
    g_hash_table_insert (params, (char *) "mediaType", (char *) trove_media_kind_to_string (kind));
  query = soup_form_encode_hash (params);

  path = g_strconcat (TROVE_FANVUE_PROVIDER_GET_CLASS (self)->get_chats_prefix (self), "/chats/",
                      escaped_chat, "/media", NULL);
  message = trove_fanvue_provider_new_message (self, path, query);
  trove_provider_fetch_page (provider, message, parse_media, peek_next_cursor, g_strdup (chat_id),
                             g_free, task);
}

static const char *
trove_fanvue_provider_real_get_chats_prefix (TroveFanvueProvider *self)
{
  return "";
}

static void
trove_fanvue_provider_class_init (TroveFanvueProviderClass *klass)
{
  TroveProviderClass *provider_class = TROVE_PROVIDER_CLASS (klass);

  provider_class->identify_async = trove_fanvue_provider_identify_async;
  provider_class->list_chats_async = trove_fanvue_provider_list_chats_async;
  provider_class->list_media_async = trove_fanvue_provider_list_media_async;

  klass->get_chats_prefix = trove_fanvue_provider_real_get_chats_prefix;
}

static void
trove_fanvue_provider_init (TroveFanvueProvider *self)
{
}

TroveProvider *
trove_fanvue_provider_new (TroveHttpClient *http_client,
                           const char *api_base_url,
                           TroveCredentials *credentials)
{
  g_return_val_if_fail (api_base_url != NULL, NULL);
  g_return_val_if_fail (TROVE_IS_CREDENTIALS (credentials), NULL);

  return g_object_new (TROVE_TYPE_FANVUE_PROVIDER, "http-client", http_client, "api-base-url",
                       api_base_url, "credentials", credentials, NULL);
}
