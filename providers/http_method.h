/* SPDX-License-Identifier: MIT */
/* HTTP request methods, shared by the provider interface and the curl glue (no ev.h, no curl.h). */
#ifndef DDNSD_HTTP_METHOD_H
#define DDNSD_HTTP_METHOD_H

enum http_method { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE };

/* "GET", "POST", …; "?" for anything else. */
static inline const char *http_method_name(enum http_method m)
{
	static const char *const names[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};

	return (unsigned)m < sizeof(names) / sizeof(names[0]) ? names[m] : "?";
}

#endif
