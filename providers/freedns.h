/* SPDX-License-Identifier: MIT */
/* afraid.org FreeDNS dynamic update v2: a write-only GET with the host's token in the path. */
#ifndef DDNSD_FREEDNS_H
#define DDNSD_FREEDNS_H

#include "providers/provider.h"

extern const struct provider_ops freedns_ops;

#endif
