// SPDX-License-Identifier: MIT
/* Endpoint URLs of the signing providers (alidns, DNSPod): the Host and path they sign and
 * the URL sent, both from curl's own URL parser so that what is signed is what is sent. */
#include "providers/endpoint.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A handle on endpoint, or NULL when it is not an https:// URL (or memory ran out). */
static CURLU *parse(const char *endpoint)
{
	CURLU *u = endpoint ? curl_url() : NULL;
	char *scheme = NULL;
	bool ok;

	if (!u)
		return NULL;
	ok = curl_url_set(u, CURLUPART_URL, endpoint, 0) == CURLUE_OK &&
	     curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	     strcasecmp(scheme, "https") == 0;
	curl_free(scheme);
	if (!ok) {
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

int endpoint_parts(const char *endpoint, char host[static ENDPOINT_HOST_LEN],
		   char path[static ENDPOINT_PATH_LEN])
{
	CURLU *u = parse(endpoint);
	char *h = NULL, *port = NULL, *p = NULL;
	int ret = -EINVAL, n;

	host[0] = path[0] = '\0';
	if (!u)
		return -EINVAL;
	if (curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &p, 0) != CURLUE_OK)
		goto out;
	/* curl leaves the port out of Host for https on 443, named or not (lib/http.c). */
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK && strcmp(port, "443") != 0)
		n = snprintf(host, ENDPOINT_HOST_LEN, "%s:%s", h, port);
	else
		n = snprintf(host, ENDPOINT_HOST_LEN, "%s", h);
	if (n < 0 || n >= ENDPOINT_HOST_LEN)
		goto out;
	n = snprintf(path, ENDPOINT_PATH_LEN, "%s", p[0] ? p : "/");
	if (n < 0 || n >= ENDPOINT_PATH_LEN)
		goto out;
	ret = 0;
out:
	if (ret)
		host[0] = path[0] = '\0';
	curl_free(p);
	curl_free(port);
	curl_free(h);
	curl_url_cleanup(u);
	return ret;
}

int endpoint_url(const char *endpoint, const char *query, char **url)
{
	CURLU *u = parse(endpoint);
	char *base = NULL;
	int ret = -EINVAL;

	*url = NULL;
	if (!u)
		return -EINVAL;
	if (curl_url_set(u, CURLUPART_QUERY, NULL, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_URL, &base, 0) != CURLUE_OK)
		goto out;
	/* Appended as text, not set as CURLUPART_QUERY: curl 7.88 lower-cases the hex of
	 * %XY escapes in a query part it is given, and the signed form is upper-case. A whole
	 * URL (CURLOPT_URL) keeps them as they are. */
	if (query && query[0])
		ret = asprintf(url, "%s?%s", base, query) < 0 ? -ENOMEM : 0;
	else
		ret = (*url = strdup(base)) ? 0 : -ENOMEM;
	if (ret)
		*url = NULL;
out:
	curl_free(base);
	curl_url_cleanup(u);
	return ret;
}
