/* trove-application.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "trove-account-store.h"
#include "trove-download-queue.h"

G_BEGIN_DECLS

#define TROVE_TYPE_APPLICATION (trove_application_get_type ())

G_DECLARE_FINAL_TYPE (TroveApplication, trove_application, TROVE, APPLICATION, AdwApplication)

TroveApplication *trove_application_new (void);
/* Before GTK starts: with GSK_RENDERER=cairo nothing draws through GL, yet GDK would still
 * load Mesa on X11 (about 50 MB of libLLVM and swrast resident), so GL is left off. */
void trove_application_prepare_environment (void);

TroveAccountStore *trove_application_get_account_store (TroveApplication *self);
/* The downloads of every window, following the download settings. */
TroveDownloadQueue *trove_application_get_download_queue (TroveApplication *self);

G_END_DECLS
