/* trove-paid-downloads-ask.h
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "trove-account.h"
#include "trove-download-queue.h"

G_BEGIN_DECLS

#define TROVE_TYPE_PAID_DOWNLOADS_ASK (trove_paid_downloads_ask_get_type ())

/* Asks once per account, the first time a download of it needs a paid download (the file host
 * refused the link and paid downloads are off), whether to allow them: the answer is kept in
 * the account's settings, and allowing retries the account's downloads that needed it. */
G_DECLARE_FINAL_TYPE (TrovePaidDownloadsAsk,
                      trove_paid_downloads_ask,
                      TROVE,
                      PAID_DOWNLOADS_ASK,
                      GObject)

/* @window: the window the question is asked over (not referenced). */
TrovePaidDownloadsAsk *trove_paid_downloads_ask_new (GtkWindow *window);
void trove_paid_downloads_ask_set_queue (TrovePaidDownloadsAsk *self, TroveDownloadQueue *queue);
/* @accounts: TroveAccount items. */
void trove_paid_downloads_ask_set_accounts (TrovePaidDownloadsAsk *self, GListModel *accounts);
/* Asks now for the account @account_id, whether asked before or not. */
void trove_paid_downloads_ask_present (TrovePaidDownloadsAsk *self, const char *account_id);
/* The question on screen, or NULL. */
AdwMessageDialog *trove_paid_downloads_ask_get_dialog (TrovePaidDownloadsAsk *self);

G_END_DECLS
