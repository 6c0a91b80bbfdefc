/* SPDX-License-Identifier: MIT */
/* RFC 2136 DNS UPDATE signed with TSIG (RFC 8945), sent to the zone's primary server. */
#ifndef DDNSD_RFC2136_H
#define DDNSD_RFC2136_H

#include "providers/provider.h"

extern const struct provider_ops rfc2136_ops;

/* The server of an rfc2136 section when it is a name the agent must resolve (off the loop)
 * into the internal key "server-address"; NULL for an IP address or another type. */
const char *rfc2136_server_name(const struct cfg_provider *cfg);
/* The section has its "server-address" (empty when the name did not resolve). */
bool rfc2136_server_known(const struct cfg_provider *cfg);

#endif
