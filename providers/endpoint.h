/* SPDX-License-Identifier: MIT */
/* The parts of an endpoint URL that a request signature covers (Host, path), and the URL sent. */
#ifndef DDNSD_ENDPOINT_H
#define DDNSD_ENDPOINT_H

#define ENDPOINT_HOST_LEN 272 /* "[" IPv6 "]" or a DNS name, ":" port, NUL */
#define ENDPOINT_PATH_LEN 256

/* Of endpoint (an https:// URL): host, exactly the Host header curl derives from it (the
 * port only when the URL names one other than 443), and path, the URL's path ("/" when
 * empty). 0, -EINVAL (not an https URL, host or path too long), -ENOMEM. */
int endpoint_parts(const char *endpoint, char host[static ENDPOINT_HOST_LEN],
		   char path[static ENDPOINT_PATH_LEN]);
/* *url (malloc'd): endpoint with its query replaced by query (already percent-encoded and
 * kept byte for byte, since it is the signed canonical form; NULL or "" for none) and its
 * fragment dropped. 0, -EINVAL, -ENOMEM. */
int endpoint_url(const char *endpoint, const char *query, char **url);

#endif
