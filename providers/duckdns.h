/* SPDX-License-Identifier: MIT */
/* DuckDNS: a write-only update GET with the token, both families in one request. */
#ifndef DDNSD_DUCKDNS_H
#define DDNSD_DUCKDNS_H

#include "providers/provider.h"

extern const struct provider_ops duckdns_ops;

#endif
