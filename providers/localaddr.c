// SPDX-License-Identifier: MIT
/* The local-address probe the transports use after the machine's addresses change. */
#include "providers/localaddr.h"

#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

/* A probe bind() to the same address (port 0) fails with EADDRNOTAVAIL exactly when it is
 * gone; no netlink view needed. */
bool localaddr_gone(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	bool gone;
	int probe;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return false;
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		if (sin->sin_addr.s_addr == htonl(INADDR_ANY))
			return false; /* not bound yet */
		sin->sin_port = 0;
	} else if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		if (IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr))
			return false;
		sin6->sin6_port = 0;
	} else {
		return false;
	}
	probe = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (probe < 0)
		return false;
	gone = bind(probe, (struct sockaddr *)&ss, len) < 0 && errno == EADDRNOTAVAIL;
	close(probe);
	return gone;
}
