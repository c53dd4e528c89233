/* trove-provider.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "trove-error.h"
#include "trove-page-walk.h"
#include "trove-provider-private.h"

typedef struct
{
  TroveHttpClient *http_client;
  char *api_base_url;
  TroveCredentials *credentials;
  TroveRateGovernor *governor;
} TroveProviderPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (TroveProvider, trove_provider, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_HTTP_CLIENT,
  PROP_API_BASE_URL,
  PROP_CREDENTIALS,
  PROP_RATE_GOVERNOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  NEXT_PAGE_KNOWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
trove_provider_real_list_creators_async (TroveProvider *self,
                                         const char *page_token,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data)
{
  /* A task of its own with the caller's cancellable, as every listing has. */
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, trove_provider_list_creators_async);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _ ("Only agency accounts manage creators."));
}

static void
trove_provider_dispose (GObject *object)
{
  TroveProviderPrivate *priv = trove_provider_get_instance_private (TROVE_PROVIDER (object));

  g_clear_object (&priv->http_client);
  g_clear_object (&priv->credentials);
  g_clear_object (&priv->governor);

  G_OBJECT_CLASS (trove_provider_parent_class)->dispose (object);
}

static void
trove_provider_finalize (GObject *object)
{
  TroveProviderPrivate *priv = trove_provider_get_instance_private (TROVE_PROVIDER (object));

  g_clear_pointer (&priv->api_base_url, g_free);

  G_OBJECT_CLASS (trove_provider_parent_class)->finalize (object);
}

static void
trove_provider_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TroveProviderPrivate *priv = trove_provider_get_instance_private (TROVE_PROVIDER (object));

  switch (prop_id)
    {
    case PROP_HTTP_CLIENT:
      g_value_set_object (value, priv->http_client);
      break;

    case PROP_API_BASE_URL:
      g_value_set_string (value, priv->api_base_url);
      break;

    case PROP_CREDENTIALS:
      g_value_set_object (value, priv->credentials);
      break;

    case PROP_RATE_GOVERNOR:
      g_value_set_object (value, priv->governor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_provider_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TroveProviderPrivate *priv = trove_provider_get_instance_private (TROVE_PROVIDER (object));

  switch (prop_id)
    {
    case PROP_HTTP_CLIENT:
      priv->http_client = g_value_dup_object (value);
      break;

    case PROP_API_BASE_URL:
      {
        const char *url = g_value_get_string (value);
        gsize len = url ? strlen (url) : 0;

        /* Paths are appended with their leading slash. */
        while (len > 0 && url[len - 1] == '/')
          len--;
        priv->api_base_url = g_strndup (url, len);
      }
      break;

    case PROP_CREDENTIALS:
      priv->credentials = g_value_dup_object (value);
      break;

    case PROP_RATE_GOVERNOR:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_provider_constructed (GObject *object)
{
  TroveProviderPrivate *priv = trove_provider_get_instance_private (TROVE_PROVIDER (object));

  G_OBJECT_CLASS (trove_provider_parent_class)->constructed (object);

  if (priv->http_client == NULL)
    priv->http_client = g_object_ref (trove_http_client_get_default ());
}

static void
trove_provider_class_init (TroveProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = trove_provider_dispose;
  object_class->finalize = trove_provider_finalize;
  object_class->get_property = trove_provider_get_property;
  object_class->set_property = trove_provider_set_property;
  object_class->constructed = trove_provider_constructed;

  klass->list_creators_async = trove_provider_real_list_creators_async;

  properties[PROP_HTTP_CLIENT] =
      g_param_spec_object ("http-client", NULL, NULL, TROVE_TYPE_HTTP_CLIENT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_API_BASE_URL] =
      g_param_spec_string ("api-base-url", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDENTIALS] =
      g_param_spec_object ("credentials", NULL, NULL, TROVE_TYPE_CREDENTIALS,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE_GOVERNOR] =
      g_param_spec_object ("rate-governor", NULL, NULL, TROVE_TYPE_RATE_GOVERNOR,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TroveProvider::next-page-known:
   * @cancellable: the cancellable the listing was started with
   * @next_token: the token of the page after it
   *
   * Emitted on the main context while a listing's page is still being parsed, when its body
   * told the next page's token early. The page itself, when it arrives, has the last word.
   */
  signals[NEXT_PAGE_KNOWN] =
      g_signal_new ("next-page-known", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 2, G_TYPE_CANCELLABLE, G_TYPE_STRING);
}

static void
trove_provider_init (TroveProvider *self)
{
  TroveProviderPrivate *priv = trove_provider_get_instance_private (self);

  priv->governor = trove_rate_governor_new ();
}

TroveHttpClient *
trove_provider_get_http_client (TroveProvider *self)
{
  TroveProviderPrivate *priv = trove_provider_get_instance_private (self);

  g_return_val_if_fail (TROVE_IS_PROVIDER (self), NULL);

  return priv->http_client;
}

const char *
trove_provider_get_api_base_url (TroveProvider *self)
{
  TroveProviderPrivate *priv = trove_provider_get_instance_private (self);

  g_return_val_if_fail (TROVE_IS_PROVIDER (self), NULL);

  return priv->api_base_url;
}

TroveCredentials *
trove_provider_get_credentials (TroveProvider *self)
{
  TroveProviderPrivate *priv = trove_provider_get_instance_private (self);

  g_return_val_if_fail (TROVE_IS_PROVIDER (self), NULL);

  return priv->credentials;
}

TroveRateGovernor *
trove_provider_get_rate_governor (TroveProvider *self)
{
  TroveProviderPrivate *priv = trove_provider_get_instance_private (self);

  g_return_val_if_fail (TROVE_IS_PROVIDER (self), NULL);

  return priv->governor;
}

gboolean
trove_provider_bills_requests (TroveProvider *self)
{
  g_return_val_if_fail (TROVE_IS_PROVIDER (self), FALSE);

  return TROVE_PROVIDER_GET_CLASS (self)->bills_requests;
}

void
trove_provider_identify_async (TroveProvider *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_return_if_fail (TROVE_IS_PROVIDER (self));

  TROVE_PROVIDER_GET_CLASS (self)->identify_async (self, cancellable, callback, user_data);
}

TroveUser *
trove_provider_identify_finish (TroveProvider *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
trove_provider_list_creators_async (TroveProvider *self,
                                    const char *page_token,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_return_if_fail (TROVE_IS_PROVIDER (self));

  TROVE_PROVIDER_GET_CLASS (self)->list_creators_async (self, page_token, cancellable, callback,
                                                        user_data);
}

void
trove_provider_list_chats_async (TroveProvider *self,
                                 const char *search,
                                 const char *page_token,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (TROVE_IS_PROVIDER (self));

  TROVE_PROVIDER_GET_CLASS (self)->list_chats_async (self, search, page_token, cancellable,
                                                     callback, user_data);
}

void
trove_provider_list_media_async (TroveProvider *self,
                                 const char *chat_id,
                                 TroveMediaKind kind,
                                 const char *page_token,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (TROVE_IS_PROVIDER (self));
  g_return_if_fail (chat_id != NULL);

  TROVE_PROVIDER_GET_CLASS (self)->list_media_async (self, chat_id, kind, page_token, cancellable,
                                                     callback, user_data);
}

TrovePage *
trove_provider_list_finish (TroveProvider *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Re-resolving walks the item's chat, filtered by its kind, until the item turns up. A page
 * that comes back cut or malformed is asked for again where the walk stands: in a long chat,
 * starting over from the first page on every such failure rarely reaches the item. (429 and
 * 5xx the HTTP client has retried already.) */
#define MAX_RESOLVE_PAGE_RETRIES 3

typedef struct
{
  TroveMedia *wanted;
  char *page_token; /* of the page in flight */
  guint retries;    /* of that page */
  TrovePageWalk *walk;
  GHashTable *seen; /* ids of the items walked past */
} Resolve;

static void
resolve_free (Resolve *resolve)
{
  g_object_unref (resolve->wanted);
  g_free (resolve->page_token);
  trove_page_walk_free (resolve->walk);
  g_hash_table_unref (resolve->seen);
  g_free (resolve);
}

static void resolve_next_page (GTask *task, const char *page_token);

static void
resolve_page_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Resolve *resolve = g_task_get_task_data (task);
  TroveMedia *wanted = resolve->wanted;
  g_autoptr (TrovePage) page = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *items;
  guint n_new = 0;

  page = trove_provider_list_finish (TROVE_PROVIDER (object), result, &error);
  if (page == NULL)
    {
      if ((g_error_matches (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL) ||
           g_error_matches (error, TROVE_ERROR, TROVE_ERROR_NETWORK)) &&
          resolve->retries++ < MAX_RESOLVE_PAGE_RETRIES)
        {
          resolve_next_page (g_steal_pointer (&task), resolve->page_token);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  resolve->retries = 0;

  items = trove_page_get_items (page);
  for (guint i = 0; i < items->len; i++)
    {
      TroveMedia *media = g_ptr_array_index (items, i);

      if (g_strcmp0 (trove_media_get_id (media), trove_media_get_id (wanted)) == 0)
        {
          g_task_return_pointer (task, g_object_ref (media), g_object_unref);
          return;
        }
      if (trove_media_get_id (media) != NULL)
        n_new += g_hash_table_add (resolve->seen, g_strdup (trove_media_get_id (media)));
    }

  /* A service paging in circles would be walked for ever (and, where requests are billed,
   * charged for every page). */
  if (!trove_page_walk_take (resolve->walk, resolve->page_token, n_new,
                             g_hash_table_size (resolve->seen), trove_page_get_next_token (page),
                             &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (trove_page_get_next_token (page) == NULL)
    {
      g_task_return_new_error (task, TROVE_ERROR, TROVE_ERROR_NOT_FOUND,
                               _ ("“%s” is no longer in this chat."),
                               trove_media_get_name (wanted) ? trove_media_get_name (wanted)
                                                             : trove_media_get_id (wanted));
      return;
    }

  resolve_next_page (g_steal_pointer (&task), trove_page_get_next_token (page));
}

static void
resolve_next_page (GTask *task, const char *page_token)
{
  Resolve *resolve = g_task_get_task_data (task);
  TroveMedia *wanted = resolve->wanted;

  if (resolve->page_token != page_token)
    {
      g_free (resolve->page_token);
      resolve->page_token = g_strdup (page_token);
    }

  trove_provider_list_media_async (g_task_get_source_object (task),
                                   trove_media_get_chat_id (wanted), trove_media_get_kind (wanted),
                                   page_token, g_task_get_cancellable (task), resolve_page_cb,
                                   task);
}

void
trove_provider_resolve_media_async (TroveProvider *self,
                                    TroveMedia *media,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  Resolve *resolve;

  g_return_if_fail (TROVE_IS_PROVIDER (self));
  g_return_if_fail (TROVE_IS_MEDIA (media));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_provider_resolve_media_async);
  resolve = g_new0 (Resolve, 1);
  resolve->wanted = g_object_ref (media);
  resolve->walk = trove_page_walk_new ();
  resolve->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, resolve, (GDestroyNotify) resolve_free);

  resolve_next_page (g_steal_pointer (&task), NULL);
}

TroveMedia *
trove_provider_resolve_media_finish (TroveProvider *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static SoupMessage *
trove_provider_real_build_download_message (TroveProvider *self,
                                            TroveMedia *media,
                                            TroveVariant variant,
                                            GError **error)
{
  const TroveMediaVariant *found = trove_media_get_variant (media, variant);
  SoupMessage *message;

  if (found == NULL || found->url == NULL)
    {
      if (trove_media_get_locked (media))
        g_set_error (error, TROVE_ERROR, TROVE_ERROR_PERMISSION,
                     _ ("This item is locked: the fan has not unlocked it, so it cannot be "
                        "opened."));
      else
        g_set_error (error, TROVE_ERROR, TROVE_ERROR_NOT_FOUND,
                     _ ("The service gave no link for this item."));
      return NULL;
    }

  message = soup_message_new (SOUP_METHOD_GET, found->url);
  if (message == NULL)
    g_set_error (error, TROVE_ERROR, TROVE_ERROR_PROTOCOL,
                 _ ("The service gave an invalid link for this item."));

  return message;
}

SoupMessage *
trove_provider_build_download_message (TroveProvider *self,
                                       TroveMedia *media,
                                       TroveVariant variant,
                                       GError **error)
{
  TroveProviderClass *klass;

  g_return_val_if_fail (TROVE_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (TROVE_IS_MEDIA (media), NULL);

  klass = TROVE_PROVIDER_GET_CLASS (self);
  if (klass->build_download_message != NULL)
    return klass->build_download_message (self, media, variant, error);

  return trove_provider_real_build_download_message (self, media, variant, error);
}

/* What open_download reports besides its stream: the last response, even on failure. */
typedef struct
{
  SoupMessage *message;
} OpenDownload;

static void
open_download_free (OpenDownload *open)
{
  g_clear_object (&open->message);
  g_free (open);
}

static void
download_sent_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  OpenDownload *open = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  GInputStream *stream;

  stream =
      trove_http_client_send_finish (TROVE_HTTP_CLIENT (object), result, &open->message, &error);

  if (stream == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, stream, g_object_unref);
}

void
trove_provider_open_download_async (TroveProvider *self,
                                    TroveMedia *media,
                                    TroveVariant variant,
                                    goffset offset,
                                    int io_priority,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data)
{
  TroveProviderPrivate *priv = trove_provider_get_instance_private (self);
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) message = NULL;
  GError *error = NULL;

  g_return_if_fail (TROVE_IS_PROVIDER (self));
  g_return_if_fail (TROVE_IS_MEDIA (media));
  g_return_if_fail (offset >= 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trove_provider_open_download_async);
  g_task_set_task_data (task, g_new0 (OpenDownload, 1), (GDestroyNotify) open_download_free);

  message = trove_provider_build_download_message (self, media, variant, &error);
  if (message == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (offset > 0)
    soup_message_headers_set_range (soup_message_get_request_headers (message), offset, -1);

  trove_http_client_send_async (priv->http_client, message, priv->api_base_url, priv->credentials,
                                priv->governor, 0, io_priority, cancellable, download_sent_cb,
                                g_steal_pointer (&task));
}

GInputStream *
trove_provider_open_download_finish (TroveProvider *self,
                                     GAsyncResult *result,
                                     SoupMessage **out_message,
                                     GError **error)
{
  OpenDownload *open;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  open = g_task_get_task_data (G_TASK (result));
  if (out_message != NULL)
    *out_message = open->message ? g_object_ref (open->message) : NULL;

  return g_task_propagate_pointer (G_TASK (result), error);
}
