/* SPDX-License-Identifier: MIT */
/* The custom provider's request templates ({ip} {ipv4} {ipv6} {name}) and its reply test. */
#ifndef DDNSD_CUSTOM_TMPL_H
#define DDNSD_CUSTOM_TMPL_H

#include <stdbool.h>
#include <stddef.h>

/* The placeholders a template uses (a bit mask of these). */
enum {
	CUSTOM_PH_IP = 1,
	CUSTOM_PH_IPV4 = 2,
	CUSTOM_PH_IPV6 = 4,
	CUSTOM_PH_NAME = 8,
};

/* How a value is written where it lands. */
enum custom_escape {
	CUSTOM_ESC_URL,	 /* RFC 3986 percent-encoding: only unreserved bytes stay (url =, form body)
			  */
	CUSTOM_ESC_JSON, /* inside a JSON string: \" \\ and \u00XX for control bytes */
	CUSTOM_ESC_NONE, /* as it is (a text body) */
};

/* The values; NULL for one that is not known (a template using it cannot be expanded). */
struct custom_values {
	const char *ip; /* the job's family */
	const char *ipv4;
	const char *ipv6;
	const char *name; /* the record's FQDN */
};

/* The CUSTOM_PH_* bits of the placeholders tmpl holds (NULL: none). */
unsigned custom_placeholders(const char *tmpl);
/* Pure. tmpl with each {ip} {ipv4} {ipv6} {name} replaced by its value escaped as esc says,
 * wherever it stands (scheme, host, path, query or body), before any URL parsing, so a
 * placeholder in the path works as one in the query does. Any other brace text ("{zone}")
 * stays as written. A new string, or NULL with errno ENODATA (a used value is NULL), ENOMEM. */
char *custom_expand(const char *tmpl, enum custom_escape esc, const struct custom_values *v);
/* How the body's values are escaped: JSON when content_type (the header's value, may be
 * NULL) names JSON or, without a content type, when the body starts with '{' or '['; a form
 * (application/x-www-form-urlencoded, curl's default for a body) is URL-encoded; any other
 * given type is written as it is. */
enum custom_escape custom_body_escape(const char *body, const char *content_type);

enum custom_class {
	CUSTOM_OK,	  /* 2xx, and the body holds success = when it is set */
	CUSTOM_TRANSIENT, /* 5xx, 429: retry with backoff */
	CUSTOM_AUTH,	  /* 401, 403: credentials refused, stop */
	CUSTOM_FAILED,	  /* any other status, or a 2xx without the success text: stop */
};

struct custom_reply {
	enum custom_class cls;
	char shown[96]; /* "HTTP N" and the first line of the body, printable; the caller cuts
			   secrets out before showing it */
};

/* Pure. Classify a reply: success (NULL or "": any 2xx) is text the body must contain. */
enum custom_class custom_reply_parse(long status, const char *body, size_t len, const char *success,
				     struct custom_reply *out);

#endif
