/* SPDX-License-Identifier: MIT */
/* Is a socket's local address still assigned to this machine? (HTTP and DNS transports.) */
#ifndef DDNSD_LOCALADDR_H
#define DDNSD_LOCALADDR_H

#include <stdbool.h>

/* True when fd is bound to an IPv4 or IPv6 address the machine no longer has; false when it
 * still has it, or when that cannot be told (unbound, other family, out of descriptors). */
bool localaddr_gone(int fd);

#endif
