/* SPDX-License-Identifier: MIT */
/* The dyndns2 protocol (No-IP, Dynu, DynDNS and routers' own): a write-only update GET. */
#ifndef DDNSD_DYNDNS2_H
#define DDNSD_DYNDNS2_H

#include "providers/provider.h"

extern const struct provider_ops dyndns2_ops;

#endif
