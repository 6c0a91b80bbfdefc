// SPDX-License-Identifier: MIT
/* Pure DuckDNS reply parser: line 1 OK or KO; verbose adds the IPv4, the IPv6 (either may be
 * blank) and UPDATED or NOCHANGE (duckdns.org/spec.jsp). */
#include "providers/duckdns_reply.h"

#include <stdio.h>
#include <string.h>

#include "providers/textreply.h"

/* An address line: blank, or an address of the family (else false: not DuckDNS's text). */
static bool take_addr(struct textreply_span line, int af, struct ipaddr *out)
{
	char text[IPADDR_STRLEN];

	out->family = AF_UNSPEC;
	if (!line.len)
		return true;
	if (line.len >= sizeof(text))
		return false;
	memcpy(text, line.p, line.len);
	text[line.len] = '\0';
	return ipaddr_parse(text, af, out);
}

/* The verbose part after OK: "IPv4\nIPv6\nUPDATED|NOCHANGE". */
static enum duckdns_class verbose(const char *body, size_t len, size_t pos,
				  struct duckdns_reply *out)
{
	struct textreply_span v4, v6, what, extra;

	if (!textreply_line(body, len, &pos, &v4))
		return DUCKDNS_UPDATED; /* a plain OK: verbose=true was not honoured */
	if (!textreply_line(body, len, &pos, &v6) || !textreply_line(body, len, &pos, &what))
		return DUCKDNS_MALFORMED;
	while (textreply_line(body, len, &pos, &extra))
		if (extra.len)
			return DUCKDNS_MALFORMED;
	if (!take_addr(v4, AF_INET, &out->v4) || !take_addr(v6, AF_INET6, &out->v6))
		return DUCKDNS_MALFORMED;
	out->verbose = true;
	if (textreply_is(what, "UPDATED"))
		return DUCKDNS_UPDATED;
	if (textreply_is(what, "NOCHANGE"))
		return DUCKDNS_NOCHANGE;
	return DUCKDNS_MALFORMED;
}

static enum duckdns_class classify(long status, const char *body, size_t len,
				   struct duckdns_reply *out)
{
	struct textreply_span first;
	size_t pos = 0;
	bool any = textreply_line(body, len, &pos, &first);

	if (any)
		textreply_show(out->shown, sizeof(out->shown), first);
	/* KO decides whatever the status: the token or the domain is wrong. */
	if (any && textreply_is(first, "KO"))
		return DUCKDNS_KO;
	if (status >= 500 || status == 429) {
		snprintf(out->shown, sizeof(out->shown), "HTTP %ld", status);
		return DUCKDNS_TRANSIENT;
	}
	if (status < 200 || status > 299) {
		snprintf(out->shown, sizeof(out->shown), "HTTP %ld", status);
		return DUCKDNS_MALFORMED;
	}
	if (!any || !textreply_is(first, "OK"))
		return DUCKDNS_MALFORMED;
	return verbose(body, len, pos, out);
}

enum duckdns_class duckdns_reply_parse(long status, const char *body, size_t len, long retry_after,
				       struct duckdns_reply *out)
{
	memset(out, 0, sizeof(*out));
	out->retry_after = -1;
	out->cls = classify(status, body, len, out);
	if (out->cls == DUCKDNS_TRANSIENT)
		out->retry_after = retry_after >= 0 ? retry_after : -1;
	if (out->cls != DUCKDNS_UPDATED && out->cls != DUCKDNS_NOCHANGE) {
		out->verbose = false;
		out->v4.family = out->v6.family = AF_UNSPEC;
	}
	return out->cls;
}
