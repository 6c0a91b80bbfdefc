// SPDX-License-Identifier: MIT
/* Socket tracking for http.c: find connections left without a local address and end them. */
#include "providers/http_socks.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>

void http_socks_init(struct http_socks *s)
{
	for (size_t i = 0; i < HTTP_SOCKS_MAX; i++)
		s->fds[i] = -1;
}

curl_socket_t http_socks_open(void *userp, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct http_socks *s = userp;
	curl_socket_t fd;

	(void)purpose;
	fd = socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
	if (fd < 0)
		return CURL_SOCKET_BAD;
	for (size_t i = 0; i < HTTP_SOCKS_MAX; i++) {
		if (s->fds[i] < 0) {
			s->fds[i] = fd;
			break;
		}
	}
	return fd;
}

int http_socks_close(void *userp, curl_socket_t fd)
{
	struct http_socks *s = userp;

	for (size_t i = 0; i < HTTP_SOCKS_MAX; i++)
		if (s->fds[i] == fd)
			s->fds[i] = -1;
	return close(fd);
}

/* Is the socket's local address gone? A probe bind() to it says so with EADDRNOTAVAIL. */
static bool local_addr_gone(curl_socket_t fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	bool gone;
	int probe;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return false;
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = 0;
	else if (ss.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&ss)->sin6_port = 0;
	else
		return false;
	probe = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (probe < 0)
		return false;
	gone = bind(probe, (struct sockaddr *)&ss, len) < 0 && errno == EADDRNOTAVAIL;
	close(probe);
	return gone;
}

size_t http_socks_shut_stale(struct http_socks *s)
{
	size_t n = 0;

	for (size_t i = 0; i < HTTP_SOCKS_MAX; i++)
		if (s->fds[i] >= 0 && local_addr_gone(s->fds[i]) &&
		    shutdown(s->fds[i], SHUT_RDWR) == 0)
			n++;
	return n;
}
