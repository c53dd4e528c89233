/* trove-fanvue-agency-provider.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "trove-fanvue-provider.h"

G_BEGIN_DECLS

#define TROVE_TYPE_FANVUE_AGENCY_PROVIDER (trove_fanvue_agency_provider_get_type ())

/* An agency acting for one of its creators: the creator's chats under /creators/{uuid}. */
G_DECLARE_FINAL_TYPE (TroveFanvueAgencyProvider,
                      trove_fanvue_agency_provider,
                      TROVE,
                      FANVUE_AGENCY_PROVIDER,
                      TroveFanvueProvider)

/* @creator_uuid may be NULL while only listing the agency's creators. */
TroveProvider *trove_fanvue_agency_provider_new (TroveHttpClient *http_client,
                                                 const char *api_base_url,
                                                 TroveCredentials *credentials,
                                                 const char *creator_uuid);

const char *trove_fanvue_agency_provider_get_creator_uuid (TroveFanvueAgencyProvider *self);

G_END_DECLS
