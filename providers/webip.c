// SPDX-License-Identifier: MIT
/* Parse the body of a "what is my IP" reply into one address of the asked family (pure). */
#include "providers/webip.h"

#include <stdio.h>
#include <string.h>

/*
 * Accepted shapes:
 *  - a bare address, optionally surrounded by ASCII white space (ipify, icanhazip, ifconfig.me);
 *  - Cloudflare's /cdn-cgi/trace: "key=value" lines in any order, the address on the "ip=" line.
 * JSON ({"ip":"…"}, ipify's ?format=json) is deliberately refused: a plain-text URL exists for
 * every service we know, and a bare-token grammar keeps this parser small and fuzzable.
 */

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void set_why(char *why, size_t whylen, const char *msg)
{
	if (why && whylen)
		snprintf(why, whylen, "%s", msg);
}

/* Printable excerpt of untrusted text for an error message: at most 24 chars, others '?'. */
static void excerpt(const char *s, size_t n, char out[static 32])
{
	size_t i, max = n > 24 ? 21 : n;

	for (i = 0; i < max; i++)
		out[i] = (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"') ? s[i] : '?';
	if (n > max) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
}

/* Find the value of the first line that starts with "ip=". false if no such line; *dup set
 * when more than one line carries an ip= key. */
static bool find_trace_ip(const char *s, size_t n, const char **val, size_t *vlen, bool *dup)
{
	const char *line = s, *end = s + n;
	bool found = false;

	*dup = false;
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *eol = nl ? nl : end;

		if (eol - line >= 3 && memcmp(line, "ip=", 3) == 0) {
			if (found) {
				*dup = true;
				return true;
			}
			found = true;
			*val = line + 3;
			*vlen = (size_t)(eol - line - 3);
		}
		line = nl ? nl + 1 : end;
	}
	return found;
}

bool webip_parse(const char *body, size_t len, enum fam fam, struct ipaddr *out, char *why,
		 size_t whylen)
{
	char tok[INET6_ADDRSTRLEN], ex[32], msg[96];
	const char *s = body;
	size_t n = len, i;
	int af = fam_to_af(fam), other = af == AF_INET ? AF_INET6 : AF_INET;
	bool dup;
	struct ipaddr a;

	if (len == 0 || !body) {
		set_why(why, whylen, "empty reply");
		return false;
	}
	if (len > WEBIP_MAX_BODY) {
		snprintf(msg, sizeof(msg), "reply longer than %d bytes", WEBIP_MAX_BODY);
		set_why(why, whylen, msg);
		return false;
	}
	if (memchr(body, '\0', len)) {
		set_why(why, whylen, "reply contains a NUL byte");
		return false;
	}
	if (memchr(body, '<', len)) {
		set_why(why, whylen, "looks like an HTML page, not an address");
		return false;
	}
	if (find_trace_ip(body, len, &s, &n, &dup) && dup) {
		set_why(why, whylen, "more than one ip= line");
		return false;
	}

	while (n && is_ws(*s)) {
		s++;
		n--;
	}
	while (n && is_ws(s[n - 1]))
		n--;
	if (n == 0) {
		set_why(why, whylen, "no address in the reply");
		return false;
	}
	for (i = 0; i < n; i++) {
		if (is_ws(s[i])) {
			set_why(why, whylen, "more than one word in the reply");
			return false;
		}
	}
	if (s[0] == '{' || s[0] == '[' || s[0] == '"') {
		set_why(why, whylen, "looks like JSON, not a bare address (use a plain-text URL)");
		return false;
	}
	excerpt(s, n, ex);
	if (memchr(s, '%', n)) {
		snprintf(msg, sizeof(msg), "address with a zone index: \"%s\"", ex);
		set_why(why, whylen, msg);
		return false;
	}
	if (n >= sizeof(tok)) {
		snprintf(msg, sizeof(msg), "too long to be an address: \"%s\"", ex);
		set_why(why, whylen, msg);
		return false;
	}
	memcpy(tok, s, n);
	tok[n] = '\0';

	memset(&a, 0, sizeof(a));
	if (inet_pton(af, tok, &a.v6) == 1) {
		a.family = (sa_family_t)af;
		*out = a;
		return true;
	}
	if (inet_pton(other, tok, &a.v6) == 1) {
		set_why(why, whylen,
			af == AF_INET ? "answered an IPv6 address to an IPv4 lookup"
				      : "answered an IPv4 address to an IPv6 lookup");
		return false;
	}
	snprintf(msg, sizeof(msg), "not an %s address: \"%s\"", af == AF_INET ? "IPv4" : "IPv6",
		 ex);
	set_why(why, whylen, msg);
	return false;
}
