// SPDX-License-Identifier: MIT
/* A failed transfer's words: curl's error text, checked to quote no secret, and a short
 * summary of what went wrong. */
#include "providers/http_error.h"

#include <stdio.h>
#include <string.h>

#include "providers/http.h"

/* Does text quote the URL's query or user info (either may carry a token)? */
static bool contains_secret_part(const char *text, const char *url)
{
	const char *q = strchr(url, '?'), *at, *host;
	char part[512];
	size_t n;

	if (q && q[1]) {
		n = strcspn(q + 1, "#");
		if (n && n < sizeof(part)) {
			memcpy(part, q + 1, n);
			part[n] = '\0';
			if (strstr(text, part))
				return true;
		}
		if (n >= sizeof(part))
			return true; /* cannot check cheaply: be safe */
	}
	host = strstr(url, "://");
	host = host ? host + 3 : url;
	n = strcspn(host, "/?#");
	at = memchr(host, '@', n);
	if (at && at > host) {
		n = (size_t)(at - host);
		if (n >= sizeof(part))
			return true;
		memcpy(part, host, n);
		part[n] = '\0';
		if (strstr(text, part))
			return true;
	}
	return false;
}

static bool contains_header_value(const char *text, const struct curl_slist *h)
{
	for (; h; h = h->next) {
		const char *v = strchr(h->data, ':');

		if (!v)
			continue;
		v++;
		while (*v == ' ' || *v == '\t')
			v++;
		if (strlen(v) >= 4 && strstr(text, v))
			return true;
	}
	return false;
}

void http_error_text(char *out, size_t size, const char *curl_errbuf, CURLcode code,
		     const char *url, const struct curl_slist *headers)
{
	size_t n;

	snprintf(out, size, "%s",
		 curl_errbuf && curl_errbuf[0] ? curl_errbuf : curl_easy_strerror(code));
	n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' '))
		out[--n] = '\0';
	/* curl's messages name hosts, not queries or headers; make sure of it. */
	if (contains_secret_part(out, url) || contains_header_value(out, headers))
		snprintf(out, size, "%s", curl_easy_strerror(code));
}

const char *http_error_summary(const struct http_response *resp)
{
	switch (resp->curl_code) {
	case CURLE_OK:
		return "no error";
	case CURLE_OPERATION_TIMEDOUT:
		return "timeout";
	case CURLE_COULDNT_RESOLVE_HOST:
		return "cannot resolve host";
	case CURLE_COULDNT_CONNECT:
		return "cannot connect";
	case CURLE_PEER_FAILED_VERIFICATION:
		return "TLS certificate not trusted";
	case CURLE_SSL_CONNECT_ERROR:
		return "TLS handshake failed";
	case CURLE_SSL_CACERT_BADFILE:
		return "cannot read the CA file";
	case CURLE_FILESIZE_EXCEEDED:
		return "response too large";
	case CURLE_GOT_NOTHING:
		return "empty response";
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
		return "connection broken";
	case CURLE_URL_MALFORMAT:
		return "malformed URL";
	case CURLE_UNSUPPORTED_PROTOCOL:
		return "protocol not allowed";
	case CURLE_OUT_OF_MEMORY:
		return "out of memory";
	default:
		return "transfer failed";
	}
}
