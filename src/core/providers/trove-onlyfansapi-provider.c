/* trove-onlyfansapi-provider.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-error.h"
#include "trove-onlyfansapi-parser.h"
#include "trove-onlyfansapi-provider.h"
#include "trove-provider-private.h"

#define CHATS_PAGE_SIZE "50"
#define MEDIA_PAGE_SIZE "50"

struct _TroveOnlyfansapiProvider
{
  TroveProvider parent_instance;

  char *account_id;
  char *account_path; /* "/api/{account}" */
  gboolean allow_paid_downloads;
};

G_DEFINE_FINAL_TYPE (TroveOnlyfansapiProvider, trove_onlyfansapi_provider, TROVE_TYPE_PROVIDER)

enum
{
  PROP_0,
  PROP_ACCOUNT_ID,
  PROP_ALLOW_PAID_DOWNLOADS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gpointer
parse_accounts (GBytes *body, const char *endpoint, gpointer parse_data, GError **error)
{
  return trove_onlyfansapi_parse_accounts (body, endpoint, error);
}

void
trove_onlyfansapi_provider_list_accounts_async (TroveOnlyfansapiProvider *self,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer user_data)
{
  GTask *task;
  g_autoptr (SoupMessage) message = NULL;

  g_return_if_fail (TROVE_IS_ONLYFANSAPI_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_onlyfansapi_provider_list_accounts_async);

  message = trove_provider_new_api_message (TROVE_PROVIDER (self), "/api/accounts", NULL);
  trove_provider_fetch (TROVE_PROVIDER (self), message, parse_accounts, NULL, NULL,
                        (GDestroyNotify) g_ptr_array_unref, task);
}

GPtrArray *
trove_onlyfansapi_provider_list_accounts_finish (TroveOnlyfansapiProvider *self,
                                                 GAsyncResult *result,
                                                 GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
identify_accounts_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  TroveOnlyfansapiProvider *self = TROVE_ONLYFANSAPI_PROVIDER (object);
  g_autoptr (GTask) task = user_data;
  g_autoptr (GPtrArray) accounts = NULL;
  g_autoptr (GError) error = NULL;

  accounts = trove_onlyfansapi_provider_list_accounts_finish (self, result, &error);
  if (accounts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      TroveUser *user = g_ptr_array_index (accounts, i);

      if (g_strcmp0 (trove_user_get_id (user), self->account_id) == 0)
        {
          g_task_return_pointer (task, g_object_ref (user), g_object_unref);
          return;
        }
    }

  g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_NOT_FOUND,
                           _ ("The OnlyFans account %s is not connected to this OnlyFansAPI key."),
                           self->account_id);
}

static void
trove_onlyfansapi_provider_identify_async (TroveProvider *provider,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer user_data)
{
  TroveOnlyfansapiProvider *self = TROVE_ONLYFANSAPI_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, trove_onlyfansapi_provider_identify_async);
  trove_onlyfansapi_provider_list_accounts_async (self, cancellable, identify_accounts_cb, task);
}

static gpointer
parse_chats (GBytes *body, const char *endpoint, gpointer parse_data, GError **error)
{
  return trove_onlyfansapi_parse_chats (body, endpoint, error);
}

/* next_page is a full URL from the service; the API key goes nowhere but the API host. */
static SoupMessage *
next_chats_message (TroveOnlyfansapiProvider *self, const char *next_page, GError **error)
{
  g_autoptr (GUri) next = g_uri_parse (next_page, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr (GUri) base = g_uri_parse (trove_provider_get_api_base_url (TROVE_PROVIDER (self)),
                                       SOUP_HTTP_URI_FLAGS, NULL);

  if (!trove_http_same_origin (next, base))
    {
      g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                   _ ("OnlyFansAPI pointed the next page of chats to another address; Trove did "
                      "not follow it."));
      return NULL;
    }

  return soup_message_new_from_uri (SOUP_METHOD_GET, next);
}

static void
trove_onlyfansapi_provider_list_chats_async (TroveProvider *provider,
                                             const char *search,
                                             const char *page_token,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data)
{
  TroveOnlyfansapiProvider *self = TROVE_ONLYFANSAPI_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;

  g_task_set_source_tag (task, trove_onlyfansapi_provider_list_chats_async);

  if (page_token != NULL)
    {
      message = next_chats_message (self, page_token, &error);
      if (message == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
    }
  else
    {
      g_autofree char *path = g_strconcat (self->account_path, "/chats", NULL);
      /* Newest message first, so that a sync stops early; next_page links keep it. */
      g_autofree char *query = soup_form_encode ("limit", CHATS_PAGE_SIZE, "offset", "0",
                                                 "skip_users", "none", "order", "recent", NULL);

      message = trove_provider_new_api_message (provider, path, query);
    }

  trove_provider_fetch_page (provider, message, parse_chats, NULL, NULL, NULL, task);
}

typedef struct
{
  char *chat_id;
  guint offset;
} MediaPageRequest;

static void
media_page_request_free (MediaPageRequest *request)
{
  g_free (request->chat_id);
  g_free (request);
}

static gpointer
parse_media (GBytes *body, const char *endpoint, gpointer parse_data, GError **error)
{
  MediaPageRequest *request = parse_data;

  return trove_onlyfansapi_parse_media (body, endpoint, request->chat_id, request->offset, error);
}

static const char *
media_type_filter (TroveMediaKind kind)
{
  switch (kind)
    {
    case TROVE_MEDIA_KIND_IMAGE:
      return "photos";
    case TROVE_MEDIA_KIND_VIDEO:
      return "videos";
    case TROVE_MEDIA_KIND_AUDIO:
      return "audios";
    case TROVE_MEDIA_KIND_DOCUMENT:
    case TROVE_MEDIA_KIND_UNKNOWN:
    default:
      return NULL;
    }
}

static void
trove_onlyfansapi_provider_list_media_async (TroveProvider *provider,
                                             const char *chat_id,
                                             TroveMediaKind kind,
                                             const char *page_token,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data)
{
  TroveOnlyfansapiProvider *self = TROVE_ONLYFANSAPI_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  g_autofree char *escaped_chat = g_uri_escape_string (chat_id, NULL, FALSE);
  g_autofree char *offset_text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  MediaPageRequest *request;
  guint offset = 0;

  g_task_set_source_tag (task, trove_onlyfansapi_provider_list_media_async);

  if (page_token != NULL && !trove_provider_parse_number_token (page_token, &offset, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* OnlyFans has no documents: the listing is empty rather than unfiltered. */
  if (kind == TROVE_MEDIA_KIND_DOCUMENT)
    {
      g_task_return_pointer (task,
                             trove_page_new (g_ptr_array_new_with_free_func (g_object_unref), NULL),
                             (GDestroyNotify) trove_page_unref);
      g_object_unref (task);
      return;
    }

  offset_text = g_strdup_printf ("%u", offset);
  g_hash_table_insert (params, (char *) "limit", (char *) MEDIA_PAGE_SIZE);
  g_hash_table_insert (params, (char *) "offset", offset_text);
  if (media_type_filter (kind) != NULL)
    g_hash_table_insert (params, (char *) "type", (char *) media_type_filter (kind));
  query = soup_form_encode_hash (params);

  path = g_strconcat (self->account_path, "/chats/", escaped_chat, "/media", NULL);
  message = trove_provider_new_api_message (provider, path, query);

  request = g_new0 (MediaPageRequest, 1);
  request->chat_id = g_strdup (chat_id);
  request->offset = offset;
  trove_provider_fetch_page (provider, message, parse_media, NULL, request,
                             (GDestroyNotify) media_page_request_free, task);
}

static void
trove_onlyfansapi_provider_finalize (GObject *object)
{
  TroveOnlyfansapiProvider *self = TROVE_ONLYFANSAPI_PROVIDER (object);

  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->account_path, g_free);

  G_OBJECT_CLASS (trove_onlyfansapi_provider_parent_class)->finalize (object);
}

static void
trove_onlyfansapi_provider_get_property (GObject *object,
                                         guint prop_id,
                                         GValue *value,
                                         GParamSpec *pspec)
{
  TroveOnlyfansapiProvider *self = TROVE_ONLYFANSAPI_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;

    case PROP_ALLOW_PAID_DOWNLOADS:
      g_value_set_boolean (value, self->allow_paid_downloads);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_onlyfansapi_provider_set_property (GObject *object,
                                         guint prop_id,
                                         const GValue *value,
                                         GParamSpec *pspec)
{
  TroveOnlyfansapiProvider *self = TROVE_ONLYFANSAPI_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT_ID:
      {
        g_autofree char *escaped = NULL;

        self->account_id = g_value_dup_string (value);
        escaped = g_uri_escape_string (self->account_id ? self->account_id : "", NULL, FALSE);
        self->account_path = g_strconcat ("/api/", escaped, NULL);
      }
      break;

    case PROP_ALLOW_PAID_DOWNLOADS:
      trove_onlyfansapi_provider_set_allow_paid_downloads (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_onlyfansapi_provider_class_init (TroveOnlyfansapiProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TroveProviderClass *provider_class = TROVE_PROVIDER_CLASS (klass);

  object_class->finalize = trove_onlyfansapi_provider_finalize;
  object_class->get_property = trove_onlyfansapi_provider_get_property;
  object_class->set_property = trove_onlyfansapi_provider_set_property;

  provider_class->identify_async = trove_onlyfansapi_provider_identify_async;
  provider_class->list_chats_async = trove_onlyfansapi_provider_list_chats_async;
  provider_class->list_media_async = trove_onlyfansapi_provider_list_media_async;
  /* Every call spends the team's credits. */
  provider_class->bills_requests = TRUE;

  properties[PROP_ACCOUNT_ID] =
      g_param_spec_string ("account-id", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOW_PAID_DOWNLOADS] =
      g_param_spec_boolean ("allow-paid-downloads", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_onlyfansapi_provider_init (TroveOnlyfansapiProvider *self)
{
}

TroveProvider *
trove_onlyfansapi_provider_new (TroveHttpClient *http_client,
                                const char *api_base_url,
                                TroveCredentials *credentials,
                                const char *account_id)
{
  g_return_val_if_fail (api_base_url != NULL, NULL);
  g_return_val_if_fail (TROVE_IS_CREDENTIALS (credentials), NULL);

  return g_object_new (TROVE_TYPE_ONLYFANSAPI_PROVIDER, "http-client", http_client, "api-base-url",
                       api_base_url, "credentials", credentials, "account-id", account_id, NULL);
}

const char *
trove_onlyfansapi_provider_get_account_id (TroveOnlyfansapiProvider *self)
{
  g_return_val_if_fail (TROVE_IS_ONLYFANSAPI_PROVIDER (self), NULL);

  return self->account_id;
}

gboolean
trove_onlyfansapi_provider_get_allow_paid_downloads (TroveOnlyfansapiProvider *self)
{
  g_return_val_if_fail (TROVE_IS_ONLYFANSAPI_PROVIDER (self), FALSE);

  return self->allow_paid_downloads;
}

void
trove_onlyfansapi_provider_set_allow_paid_downloads (TroveOnlyfansapiProvider *self, gboolean allow)
{
  g_return_if_fail (TROVE_IS_ONLYFANSAPI_PROVIDER (self));

  allow = !!allow;
  if (self->allow_paid_downloads == allow)
    return;
  self->allow_paid_downloads = allow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_PAID_DOWNLOADS]);
}
