/* trove-error.c
 *
 * Copyright 2026 The Trove developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "trove-error.h"

G_DEFINE_QUARK (trove_error_quark, trove_error)
