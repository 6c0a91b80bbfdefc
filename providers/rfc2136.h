/* SPDX-License-Identifier: MIT */
/* RFC 2136 DNS UPDATE signed with TSIG (RFC 8945), sent to the zone's primary server. */
#ifndef DDNSD_RFC2136_H
#define DDNSD_RFC2136_H

#include "providers/provider.h"

extern const struct provider_ops rfc2136_ops;

#endif
