// SPDX-License-Identifier: MIT
/* DNS name syntax (RFC 1035 §2.3.1 with '_' allowed) and the zone/label split the alidns
 * (RR) and DNSPod (SubDomain) APIs need. Pure: no I/O, no allocation. */
#include "providers/dnsname.h"

#include <string.h>
#include <strings.h>

static bool ldh(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* len bytes of s (no trailing dot) as a dotted name. */
static bool check(const char *s, size_t len, bool wild, const char *what, struct errbuf *err)
{
	size_t i = 0, n = 1;

	if (!len) {
		errbuf_set(err, "%s is empty", what);
		return false;
	}
	if (len > DNSNAME_MAX) {
		errbuf_set(err, "%s is longer than %d bytes", what, DNSNAME_MAX);
		return false;
	}
	while (i < len) {
		size_t start = i;

		while (i < len && s[i] != '.')
			i++;
		if (i == start) {
			errbuf_set(err, "%s \"%.*s\" has an empty label", what, (int)len, s);
			return false;
		}
		if (i - start > 63) {
			errbuf_set(err, "%s \"%.*s\": label %zu is longer than 63 bytes", what,
				   (int)len, s, n);
			return false;
		}
		if (n == 1 && wild && i - start == 1 && s[start] == '*') {
			/* "*.example.com": a wildcard record, as the providers allow */
		} else {
			for (size_t j = start; j < i; j++) {
				if (!ldh(s[j])) {
					errbuf_set(err,
						   "%s \"%.*s\": byte %zu is not a letter, "
						   "digit, '-' or '_' (IDN names need Punycode)",
						   what, (int)len, s, j + 1);
					return false;
				}
			}
			if (s[start] == '-' || s[i - 1] == '-') {
				errbuf_set(err, "%s \"%.*s\": label %zu starts or ends with '-'",
					   what, (int)len, s, n);
				return false;
			}
		}
		if (i < len) {
			i++;
			n++;
			if (i == len) {
				errbuf_set(err, "%s \"%.*s\" has an empty label", what, (int)len,
					   s);
				return false;
			}
		}
	}
	return true;
}

static size_t len_no_dot(const char *s)
{
	size_t len = strlen(s);

	return len && s[len - 1] == '.' ? len - 1 : len;
}

bool dnsname_valid(const char *name, bool allow_wildcard, struct errbuf *err)
{
	if (!name) {
		errbuf_set(err, "name is missing");
		return false;
	}
	return check(name, len_no_dot(name), allow_wildcard, "name", err);
}

static void put(char *dst, const char *src, size_t len)
{
	memcpy(dst, src, len);
	dst[len] = '\0';
}

bool dnsname_split(const char *name, const char *zone, char label[static DNSNAME_MAX + 1],
		   char zone_out[static DNSNAME_MAX + 1], struct errbuf *err)
{
	size_t nl, zl;
	const char *dot;

	label[0] = zone_out[0] = '\0';
	if (!dnsname_valid(name, true, err))
		return false;
	nl = len_no_dot(name);
	if (!zone || !*zone) {
		dot = memchr(name, '.', nl);
		if (!dot) {
			errbuf_set(err, "name \"%.*s\" has a single label; set zone", (int)nl,
				   name);
			return false;
		}
		put(label, name, (size_t)(dot - name));
		put(zone_out, dot + 1, nl - (size_t)(dot - name) - 1);
		return true;
	}
	zl = len_no_dot(zone);
	if (!check(zone, zl, false, "zone", err))
		return false;
	if (nl == zl && !strncasecmp(name, zone, zl)) {
		put(label, "@", 1);
		put(zone_out, zone, zl);
		return true;
	}
	if (nl > zl + 1 && name[nl - zl - 1] == '.' && !strncasecmp(name + nl - zl, zone, zl)) {
		put(label, name, nl - zl - 1);
		put(zone_out, zone, zl);
		return true;
	}
	errbuf_set(err, "name \"%.*s\" is not inside zone \"%.*s\"", (int)nl, name, (int)zl, zone);
	return false;
}
