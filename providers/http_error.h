/* SPDX-License-Identifier: MIT */
/* The error text of a failed transfer, for http.c (http_error.c). */
#ifndef DDNSD_HTTP_ERROR_H
#define DDNSD_HTTP_ERROR_H

#include <curl/curl.h>
#include <stddef.h>

/* curl's words for code (curl_errbuf when it filled one, trailing blanks cut) into out; curl's
 * bare message for code instead when they would quote the URL's query or user info, or a
 * header's value (any of them may carry a token). */
void http_error_text(char *out, size_t size, const char *curl_errbuf, CURLcode code,
		     const char *url, const struct curl_slist *headers);

#endif
