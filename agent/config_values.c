// SPDX-License-Identifier: MIT
/* Pure checkers of configuration values, each saying what is wrong and what is expected. */
#include "agent/config_values.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/ipaddr.h"

const char *config_values_quote(const char *s, char *buf, size_t size)
{
	size_t o = 0, i;

	/* Room for a \xNN escape, the ellipsis, the closing quote and the NUL. */
	if (size < 16) {
		buf[0] = '\0';
		return buf;
	}
	buf[o++] = '"';
	for (i = 0; s[i] && o + 10 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	if (s[i]) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

bool config_values_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"yes", "true", "1", "on"};
	static const char *const no[] = {"no", "false", "0", "off"};

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0 || strcasecmp(s, no[i]) == 0) {
			*out = strcasecmp(s, yes[i]) == 0;
			return true;
		}
	}
	return false;
}

bool config_values_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		/* Ten digits cannot overflow an unsigned long on any Linux ABI we build for. */
		if (!isdigit((unsigned char)s[i]) || i >= 10)
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (i == 0 || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool cfg_parse_duration(const char *s, double *out)
{
	double v = 0, scale = 1, frac = 0.1;
	size_t n = 0;

	for (; isdigit((unsigned char)*s); s++, n++) {
		if (n >= 9)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (n == 0)
		return false;
	if (*s == '.') {
		if (!isdigit((unsigned char)s[1]))
			return false;
		for (s++, n = 0; isdigit((unsigned char)*s); s++, n++, frac /= 10)
			if (n < 9)
				v += (*s - '0') * frac;
	}
	if (strcmp(s, "ms") == 0)
		scale = 0.001;
	else if (strcmp(s, "m") == 0)
		scale = 60;
	else if (strcmp(s, "h") == 0)
		scale = 3600;
	else if (*s && strcmp(s, "s") != 0)
		return false;
	*out = v * scale;
	return true;
}

bool config_values_base64(const char *s)
{
	size_t len = strlen(s), pad = 0;

	if (len == 0 || len % 4)
		return false;
	while (pad < len && s[len - 1 - pad] == '=')
		pad++;
	if (pad > 2)
		return false;
	for (size_t i = 0; i < len - pad; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '+' && s[i] != '/')
			return false;
	return true;
}

/* Host name rules (RFC 1123, plus '_' which real zones use): labels of 1-63 letters, digits,
 * '-', '_', not starting or ending with '-', 253 bytes in all; a trailing dot is allowed.
 * extended: bytes >= 0x80 (IDN, converted later) and a leading "*" label are allowed too. */
static bool name_ok(const char *s, bool extended)
{
	size_t len = strlen(s), label = 0;
	bool digits_only = true;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return false;
	if (extended && len >= 2 && s[0] == '*' && s[1] == '.')
		s += 2, len -= 2;
	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)s[i] : '.';

		if (c == '.') {
			if (label == 0 || label > 63 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (label == 0) {
			if (c == '-')
				return false;
			digits_only = true;
		}
		if (!isdigit(c))
			digits_only = false;
		if (!isalnum(c) && c != '-' && c != '_' && !(extended && c >= 0x80))
			return false;
		label++;
	}
	/* No top-level domain is all digits: "999.1.1.1" is a mistyped address, not a name. */
	return !digits_only;
}

bool config_values_host(const char *s, const char *shown, bool allow_ip, struct errbuf *eb)
{
	struct ipaddr a;

	if (allow_ip && ipaddr_parse(s, AF_UNSPEC, &a))
		return true;
	if (name_ok(s, false))
		return true;
	errbuf_set(eb, "%s is not a host name%s; expected letters, digits, '-' and '.', e.g. %s",
		   shown, allow_ip ? " or an IP address" : "",
		   allow_ip ? "ns1.example.com or 192.0.2.53" : "ns1.example.com");
	return false;
}

bool config_values_dns_name(char *s, const char *shown, struct errbuf *eb)
{
	size_t len = strlen(s);

	if (!name_ok(s, true)) {
		errbuf_set(eb,
			   "%s is not a DNS name; expected labels of 1-63 letters, digits, '-' or "
			   "'_' joined by dots, at most 253 characters, e.g. home.example.com",
			   shown);
		return false;
	}
	if (s[len - 1] == '.')
		s[len - 1] = '\0';
	return true;
}

/* Placeholders a custom URL may hold; the provider substitutes them. */
static bool placeholders_ok(const char *s)
{
	static const char *const names[] = {"{ip}", "{ipv4}", "{ipv6}", "{name}"};

	for (const char *p = strpbrk(s, "{}"); p; p = strpbrk(p, "{}")) {
		size_t i;

		for (i = 0; i < 4; i++)
			if (strncmp(p, names[i], strlen(names[i])) == 0)
				break;
		if (i == 4)
			return false;
		p += strlen(names[i]);
	}
	return true;
}

bool config_values_https_url(const char *s, const char *shown, bool templ, struct errbuf *eb)
{
	const char *host, *end, *at, *port = NULL;
	char hostbuf[256];
	unsigned long pnum;
	size_t hlen;

	if (strncasecmp(s, "http://", 7) == 0) {
		errbuf_set(eb,
			   "%s uses http://; expected an https:// URL (TLS is required: tokens "
			   "and addresses never travel in clear text)",
			   shown);
		return false;
	}
	if (strncasecmp(s, "https://", 8) != 0) {
		errbuf_set(eb, "%s is not an https:// URL; expected https://HOST[:PORT][/PATH]",
			   shown);
		return false;
	}
	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			errbuf_set(eb,
				   "%s contains a space or a control character; expected a URL "
				   "(write a space as %%20)",
				   shown);
			return false;
		}
	}
	host = s + 8;
	end = host + strcspn(host, "/?#");
	at = memchr(host, '@', (size_t)(end - host));
	while (at) {
		host = at + 1;
		at = memchr(host, '@', (size_t)(end - host));
	}
	if (*host == '[') {
		const char *rb = memchr(host, ']', (size_t)(end - host));

		if (!rb || (rb + 1 != end && rb[1] != ':'))
			goto bad_host;
		port = rb + 1 != end ? rb + 2 : NULL;
		hlen = (size_t)(rb - host - 1);
		host++;
	} else {
		const char *colon = memchr(host, ':', (size_t)(end - host));

		hlen = (size_t)((colon ? colon : end) - host);
		port = colon ? colon + 1 : NULL;
	}
	if (hlen == 0 || hlen >= sizeof(hostbuf))
		goto bad_host;
	memcpy(hostbuf, host, hlen);
	hostbuf[hlen] = '\0';
	if (host[-1] == '[') {
		struct ipaddr a;

		if (!ipaddr_parse(hostbuf, AF_INET6, &a))
			goto bad_host;
	} else if (!(templ && strchr(hostbuf, '{')) &&
		   !config_values_host(hostbuf, "", true, NULL)) {
		goto bad_host;
	}
	if (port) {
		char pbuf[8];
		size_t plen = (size_t)(end - port);

		if (plen == 0 || plen >= sizeof(pbuf))
			goto bad_port;
		memcpy(pbuf, port, plen);
		pbuf[plen] = '\0';
		if (!config_values_uint(pbuf, 1, 65535, &pnum))
			goto bad_port;
	}
	if (templ ? !placeholders_ok(s) : strpbrk(s, "{}") != NULL) {
		errbuf_set(eb,
			   "%s has a {...} placeholder other than {ip}, {ipv4}, {ipv6} or {name}%s",
			   shown, templ ? "" : "; this URL takes no placeholders");
		return false;
	}
	return true;
bad_host:
	errbuf_set(eb,
		   "%s has no valid host; expected https://HOST[:PORT][/PATH] with a host "
		   "name, an IPv4 address or [IPv6]",
		   shown);
	return false;
bad_port:
	errbuf_set(eb, "%s has a bad port; expected https://HOST:PORT with PORT 1-65535", shown);
	return false;
}

bool config_values_ifname(const char *s, const char *shown, struct errbuf *eb)
{
	size_t len = strlen(s);
	bool ok = len > 0 && len < IFNAMSIZ && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;

	/* The kernel's dev_valid_name(): no '/', ':' or white space. */
	for (size_t i = 0; ok && i < len; i++)
		if (s[i] == '/' || s[i] == ':' || isspace((unsigned char)s[i]) ||
		    iscntrl((unsigned char)s[i]))
			ok = false;
	if (!ok)
		errbuf_set(eb,
			   "%s is not an interface name; expected 1-%d characters without '/', "
			   "':' or spaces, e.g. eth0",
			   shown, IFNAMSIZ - 1);
	return ok;
}

bool config_values_abs_path(const char *s, const char *shown, struct errbuf *eb)
{
	if (s[0] == '/' && strlen(s) < 4096)
		return true;
	errbuf_set(eb, "%s is not an absolute path; expected a path starting with /", shown);
	return false;
}

/* Split s at commas into trimmed, non-empty items; fn checks and keeps each. */
static bool split_list(const char *s, const char *what, size_t max, struct errbuf *eb,
		       bool (*fn)(const char *item, void *arg, struct errbuf *eb), void *arg)
{
	char item[4096];
	size_t n = 0;

	for (;;) {
		size_t len = strcspn(s, ",");
		const char *b = s, *e = s + len;

		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		if (b == e) {
			errbuf_set(eb, "an empty item in the list; expected %s separated by commas",
				   what);
			return false;
		}
		if (++n > max) {
			errbuf_set(eb, "more than %zu %s; expected at most %zu", max, what, max);
			return false;
		}
		if ((size_t)(e - b) >= sizeof(item)) {
			errbuf_set(eb, "an item longer than %zu characters; expected %s",
				   sizeof(item) - 1, what);
			return false;
		}
		memcpy(item, b, (size_t)(e - b));
		item[e - b] = '\0';
		if (!fn(item, arg, eb))
			return false;
		if (!s[len])
			return true;
		s += len + 1;
	}
}

struct url_acc {
	char **urls;
	size_t n;
};

static bool add_url(const char *item, void *arg, struct errbuf *eb)
{
	struct url_acc *acc = arg;
	char q[96];

	if (!config_values_https_url(item, config_values_quote(item, q, sizeof(q)), false, eb))
		return false;
	acc->urls[acc->n] = strdup(item);
	if (!acc->urls[acc->n]) {
		errbuf_set(eb, CONFIG_VALUES_OOM);
		return false;
	}
	acc->n++;
	return true;
}

bool config_values_url_list(const char *s, char *urls[CFG_MAX_URLS], size_t *n, struct errbuf *eb)
{
	char *tmp[CFG_MAX_URLS] = {NULL};
	struct url_acc acc = {tmp, 0};

	if (!split_list(s, "https:// URLs", CFG_MAX_URLS, eb, add_url, &acc)) {
		for (size_t i = 0; i < acc.n; i++)
			free(tmp[i]);
		return false;
	}
	memcpy(urls, tmp, sizeof(tmp));
	*n = acc.n;
	return true;
}

static bool add_ifname(const char *item, void *arg, struct errbuf *eb)
{
	struct cfg_source *src = arg;
	char q[96];

	if (!config_values_ifname(item, config_values_quote(item, q, sizeof(q)), eb))
		return false;
	snprintf(src->ifnames[src->n_ifs++], IFNAMSIZ, "%s", item);
	return true;
}

void config_values_source_free(struct cfg_source *src)
{
	for (size_t i = 0; i < src->n_urls; i++) {
		free(src->urls[i]);
		src->urls[i] = NULL;
	}
	src->n_urls = 0;
}

bool config_values_source(const char *s, enum fam fam, struct cfg_source *out, struct errbuf *eb)
{
	struct cfg_source src;
	char q[96];

	memset(&src, 0, sizeof(src));
	if (strcasecmp(s, "auto") == 0) {
		src.kind = CFG_SRC_AUTO;
	} else if (strcasecmp(s, "off") == 0) {
		src.kind = CFG_SRC_OFF;
	} else if (strcasecmp(s, "web") == 0) {
		src.kind = CFG_SRC_WEB;
	} else if (strncasecmp(s, "web:", 4) == 0) {
		src.kind = CFG_SRC_WEB;
		if (!config_values_url_list(s + 4, src.urls, &src.n_urls, eb))
			return false;
	} else if (strncasecmp(s, "interface:", 10) == 0) {
		src.kind = CFG_SRC_INTERFACE;
		if (!split_list(s + 10, "interface names", CFG_MAX_IFS, eb, add_ifname, &src))
			return false;
	} else if (strncasecmp(s, "fixed:", 6) == 0) {
		const char *a = s + 6;

		src.kind = CFG_SRC_FIXED;
		while (isspace((unsigned char)*a))
			a++;
		if (!ipaddr_parse(a, fam_to_af(fam), &src.fixed)) {
			struct ipaddr other;

			if (ipaddr_parse(a, AF_UNSPEC, &other))
				errbuf_set(eb, "%s is an %s address; expected an %s address here",
					   config_values_quote(a, q, sizeof(q)),
					   fam == FAM_V4 ? "IPv6" : "IPv4",
					   fam == FAM_V4 ? "IPv4" : "IPv6");
			else
				errbuf_set(eb, "%s is not an IP address; expected fixed:%s",
					   config_values_quote(a, q, sizeof(q)),
					   fam == FAM_V4 ? "192.0.2.10" : "2001:db8::10");
			return false;
		}
	} else {
		errbuf_set(eb,
			   "%s is not an address source; expected auto, off, web, "
			   "web:URL[,URL...], interface:IF[,IF...] or fixed:ADDRESS",
			   config_values_quote(s, q, sizeof(q)));
		return false;
	}
	*out = src;
	return true;
}
