/* trove-fanvue-provider.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-provider.h"

G_BEGIN_DECLS

#define TROVE_FANVUE_API_VERSION "2025-06-26"

#define TROVE_TYPE_FANVUE_PROVIDER (trove_fanvue_provider_get_type ())

/* A Fanvue creator's own chats. */
G_DECLARE_DERIVABLE_TYPE (TroveFanvueProvider,
                          trove_fanvue_provider,
                          TROVE,
                          FANVUE_PROVIDER,
                          TroveProvider)

struct _TroveFanvueProviderClass
{
  TroveProviderClass parent_class;

  /* The escaped path the chat routes hang under: "" or "/creators/{uuid}". */
  const char *(*get_chats_prefix) (TroveFanvueProvider *self);
};

TroveProvider *trove_fanvue_provider_new (TroveHttpClient *http_client,
                                          const char *api_base_url,
                                          TroveCredentials *credentials);

/* A request to the Fanvue API: the version header every Fanvue request carries. */
SoupMessage *
trove_fanvue_provider_new_message (TroveFanvueProvider *self, const char *path, const char *query);

G_END_DECLS
