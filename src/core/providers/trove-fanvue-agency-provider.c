/* trove-fanvue-agency-provider.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-fanvue-agency-provider.h"
#include "trove-fanvue-parser.h"
#include "trove-provider-private.h"

#define CREATORS_PAGE_SIZE "50"

struct _TroveFanvueAgencyProvider
{
  TroveFanvueProvider parent_instance;

  char *creator_uuid;
  char *chats_prefix;
};

G_DEFINE_FINAL_TYPE (TroveFanvueAgencyProvider,
                     trove_fanvue_agency_provider,
                     TROVE_TYPE_FANVUE_PROVIDER)

enum
{
  PROP_0,
  PROP_CREATOR_UUID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gpointer
parse_creators (GBytes *body, const char *endpoint, gpointer parse_data, GError **error)
{
  return trove_fanvue_parse_creators (body, endpoint, GPOINTER_TO_UINT (parse_data), error);
}

static char *
peek_next_page (GBytes *body, gpointer parse_data)
{
  return trove_fanvue_peek_next_page (body, GPOINTER_TO_UINT (parse_data));
}

static void
trove_fanvue_agency_provider_list_creators_async (TroveProvider *provider,
                                                  const char *page_token,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data)
{
  TroveFanvueAgencyProvider *self = TROVE_FANVUE_AGENCY_PROVIDER (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *page_number = NULL;
  g_autofree char *query = NULL;
  guint page = 1;

  g_task_set_source_tag (task, trove_fanvue_agency_provider_list_creators_async);

  if (page_token != NULL && !trove_provider_parse_number_token (page_token, &page, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  page_number = g_strdup_printf ("%u", page);
  query = soup_form_encode ("page", page_number, "size", CREATORS_PAGE_SIZE, NULL);
  message = trove_fanvue_provider_new_message (TROVE_FANVUE_PROVIDER (self), "/creators", query);
  trove_provider_fetch_page (provider, message, parse_creators, peek_next_page,
                             GUINT_TO_POINTER (page), NULL, task);
}

static const char *
trove_fanvue_agency_provider_get_chats_prefix (TroveFanvueProvider *provider)
{
  return TROVE_FANVUE_AGENCY_PROVIDER (provider)->chats_prefix;
}

static void
trove_fanvue_agency_provider_finalize (GObject *object)
{
  TroveFanvueAgencyProvider *self = TROVE_FANVUE_AGENCY_PROVIDER (object);

  g_clear_pointer (&self->creator_uuid, g_free);
  g_clear_pointer (&self->chats_prefix, g_free);

  G_OBJECT_CLASS (trove_fanvue_agency_provider_parent_class)->finalize (object);
}

static void
trove_fanvue_agency_provider_get_property (GObject *object,
                                           guint prop_id,
                                           GValue *value,
                                           GParamSpec *pspec)
{
  TroveFanvueAgencyProvider *self = TROVE_FANVUE_AGENCY_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CREATOR_UUID:
      g_value_set_string (value, self->creator_uuid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_fanvue_agency_provider_set_property (GObject *object,
                                           guint prop_id,
                                           const GValue *value,
                                           GParamSpec *pspec)
{
  TroveFanvueAgencyProvider *self = TROVE_FANVUE_AGENCY_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CREATOR_UUID:
      {
        g_autofree char *escaped = NULL;

        self->creator_uuid = g_value_dup_string (value);
        /* Without a creator the chat routes answer 404, which says what is missing. */
        escaped = g_uri_escape_string (self->creator_uuid ? self->creator_uuid : "", NULL, FALSE);
        self->chats_prefix = g_strconcat ("/creators/", escaped, NULL);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trove_fanvue_agency_provider_class_init (TroveFanvueAgencyProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TroveProviderClass *provider_class = TROVE_PROVIDER_CLASS (klass);
  TroveFanvueProviderClass *fanvue_class = TROVE_FANVUE_PROVIDER_CLASS (klass);

  object_class->finalize = trove_fanvue_agency_provider_finalize;
  object_class->get_property = trove_fanvue_agency_provider_get_property;
  object_class->set_property = trove_fanvue_agency_provider_set_property;

  provider_class->list_creators_async = trove_fanvue_agency_provider_list_creators_async;
  fanvue_class->get_chats_prefix = trove_fanvue_agency_provider_get_chats_prefix;

  properties[PROP_CREATOR_UUID] =
      g_param_spec_string ("creator-uuid", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
trove_fanvue_agency_provider_init (TroveFanvueAgencyProvider *self)
{
}

TroveProvider *
trove_fanvue_agency_provider_new (TroveHttpClient *http_client,
                                  const char *api_base_url,
                                  TroveCredentials *credentials,
                                  const char *creator_uuid)
{
  g_return_val_if_fail (api_base_url != NULL, NULL);
  g_return_val_if_fail (TROVE_IS_CREDENTIALS (credentials), NULL);

  return g_object_new (TROVE_TYPE_FANVUE_AGENCY_PROVIDER, "http-client", http_client,
                       "api-base-url", api_base_url, "credentials", credentials, "creator-uuid",
                       creator_uuid, NULL);
}

const char *
trove_fanvue_agency_provider_get_creator_uuid (TroveFanvueAgencyProvider *self)
{
  g_return_val_if_fail (TROVE_IS_FANVUE_AGENCY_PROVIDER (self), NULL);

  return self->creator_uuid;
}
