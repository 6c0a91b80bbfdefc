// SPDX-License-Identifier: MIT
/* Socket tracking for http.c: find connections left without a local address and end them. */
#include "providers/http_socks.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <unistd.h>

#include "providers/localaddr.h"

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

size_t http_socks_shut_stale(struct http_socks *s)
{
	size_t n = 0;

	for (size_t i = 0; i < HTTP_SOCKS_MAX; i++)
		if (s->fds[i] >= 0 && localaddr_gone(s->fds[i]) &&
		    shutdown(s->fds[i], SHUT_RDWR) == 0)
			n++;
	return n;
}
