/* SPDX-License-Identifier: MIT */
/* A provider section's identity for the state file: its type, where it sends (endpoint,
 * server, port) and the account (a non-secret key), hashed; never a secret. */
#ifndef DDNSD_FINGERPRINT_H
#define DDNSD_FINGERPRINT_H

#include "providers/provider.h"

#define PROV_FP_LEN 17 /* 16 hex digits + NUL */

/* The fingerprint of cfg into out ("" when it cannot be computed). Two sections with the same
 * type, endpoint, server, port and account have the same one, whatever their names. */
void prov_fingerprint(const struct cfg_provider *cfg, char out[static PROV_FP_LEN]);

#endif
