/* SPDX-License-Identifier: MIT */
/* The sockets curl opened, so that those whose local address vanished can be shut down. */
#ifndef DDNSD_HTTP_SOCKS_H
#define DDNSD_HTTP_SOCKS_H

#include <curl/curl.h>

#define HTTP_SOCKS_MAX 64

struct http_socks {
	curl_socket_t fds[HTTP_SOCKS_MAX]; /* -1: free slot */
};

void http_socks_init(struct http_socks *s);
/* CURLOPT_OPENSOCKETFUNCTION / CURLOPT_CLOSESOCKETFUNCTION, with a struct http_socks as
 * their data. A socket beyond HTTP_SOCKS_MAX works but is not tracked. */
curl_socket_t http_socks_open(void *userp, curlsocktype purpose, struct curl_sockaddr *a);
int http_socks_close(void *userp, curl_socket_t fd);
/* Shut down every tracked socket whose local address is no longer assigned: a request in
 * flight on it fails at once instead of waiting for its whole time-out. How many. */
size_t http_socks_shut_stale(struct http_socks *s);

#endif
