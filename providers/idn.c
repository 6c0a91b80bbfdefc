// SPDX-License-Identifier: MIT
/* IDN names to Punycode (and back) with libidn2, label by label, so that ASCII labels that
 * IDNA would refuse (underscores in "_acme-challenge", the wildcard "*") pass untouched.
 * libidn2 is Debian's maintained IDNA2008 + UTS #46 library (curl links it too); writing
 * the Unicode mapping tables ourselves would be the worse choice. */
#include "providers/idn.h"

#include <errno.h>
#include <idn2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Length of the UTF-8 sequence at s (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF), or 0 when it is not valid. */
static size_t utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f))
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

/* Valid UTF-8 without control bytes; err names the first bad byte. */
static bool text_ok(const char *name, size_t len, struct errbuf *err)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t i = 0, n;

	while (i < len) {
		if (s[i] < 0x20 || s[i] == 0x7f) {
			errbuf_set(err, "name: byte %zu is a control character", i + 1);
			return false;
		}
		n = utf8_len(s + i);
		if (!n || i + n > len) {
			errbuf_set(err,
				   "name: byte %zu is not valid UTF-8; write the name in UTF-8",
				   i + 1);
			return false;
		}
		i += n;
	}
	return true;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* One label holding non-ASCII bytes, through libidn2. The result is malloc'd. */
static int convert(const char *label, char **res, struct errbuf *err, const char *name)
{
	int rc = idn2_to_ascii_8z(label, res, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);

	/* A few names are valid only under the transitional (IDNA2003-compatible) rules. */
	if (rc != IDN2_OK &&
	    idn2_to_ascii_8z(label, res, IDN2_NFC_INPUT | IDN2_TRANSITIONAL) == IDN2_OK)
		rc = IDN2_OK;
	if (rc != IDN2_OK) {
		*res = NULL;
		errbuf_set(err, "name \"%s\": label \"%s\" cannot be converted to Punycode: %s",
			   name, label, idn2_strerror(rc));
		return -EINVAL;
	}
	return 0;
}

/* The final text: at most DNSNAME_MAX bytes, labels of 1..63 bytes. */
static bool sizes_ok(const char *out, size_t len, const char *name, struct errbuf *err)
{
	size_t i, start = 0;

	if (len > DNSNAME_MAX) {
		errbuf_set(err, "name \"%s\" is longer than %d bytes in Punycode", name,
			   DNSNAME_MAX);
		return false;
	}
	for (i = 0; i <= len; i++) {
		if (i < len && out[i] != '.')
			continue;
		if (i == start || i - start > 63) {
			errbuf_set(err, "name \"%s\": a label is %s in Punycode", name,
				   i == start ? "empty" : "longer than 63 bytes");
			return false;
		}
		start = i + 1;
	}
	return true;
}

int idn_to_ascii(const char *name, char out[static IDN_MAX], struct errbuf *err)
{
	char label[IDN_MAX * 4], *res = NULL;
	size_t len, pos = 0, start = 0, end, n, i;
	bool ascii;

	out[0] = '\0';
	if (!name) {
		errbuf_set(err, "name is missing");
		return -EINVAL;
	}
	len = strlen(name);
	if (len && name[len - 1] == '.')
		len--;
	if (!len) {
		errbuf_set(err, "name is empty");
		return -EINVAL;
	}
	/* A UTF-8 name of up to 4 bytes per character for each of 253 ASCII bytes. */
	if (len >= sizeof(label)) {
		errbuf_set(err, "name is longer than %d bytes in Punycode", DNSNAME_MAX);
		return -EINVAL;
	}
	if (!text_ok(name, len, err))
		return -EINVAL;
	while (start <= len) {
		end = start;
		while (end < len && name[end] != '.')
			end++;
		n = end - start;
		if (!n) {
			errbuf_set(err, "name \"%.*s\" has an empty label", (int)len, name);
			goto fail;
		}
		memcpy(label, name + start, n);
		label[n] = '\0';
		ascii = true;
		for (i = 0; i < n; i++)
			if ((unsigned char)label[i] >= 0x80)
				ascii = false;
		if (!ascii) {
			if (convert(label, &res, err, name))
				goto fail;
			n = strlen(res);
		}
		if (pos + (pos ? 1 : 0) + n > DNSNAME_MAX) {
			errbuf_set(err, "name \"%.*s\" is longer than %d bytes in Punycode",
				   (int)len, name, DNSNAME_MAX);
			goto fail;
		}
		if (pos)
			out[pos++] = '.';
		for (i = 0; i < n; i++)
			out[pos++] = lower(ascii ? label[i] : res[i]);
		out[pos] = '\0';
		idn2_free(res);
		res = NULL;
		start = end + 1;
	}
	if (sizes_ok(out, pos, name, err))
		return 0;
fail:
	idn2_free(res);
	out[0] = '\0';
	return -EINVAL;
}

int idn_to_unicode(const char *ascii, char *out, size_t size)
{
	char *res = NULL;
	size_t len;

	if (!ascii || !size || idn2_to_unicode_8z8z(ascii, &res, 0) != IDN2_OK || !res)
		return -EINVAL;
	len = strlen(res);
	if (len >= size) {
		idn2_free(res);
		return -EINVAL;
	}
	memcpy(out, res, len + 1);
	idn2_free(res);
	return 0;
}

int idn_split(const char *name, const char *zone, char fqdn[static IDN_MAX],
	      char label[static DNSNAME_MAX + 1], char zone_out[static DNSNAME_MAX + 1],
	      struct errbuf *err)
{
	char z[IDN_MAX];
	bool has_zone = zone && zone[0];

	label[0] = zone_out[0] = '\0';
	if (idn_to_ascii(name, fqdn, err))
		return -EINVAL;
	if (has_zone && idn_to_ascii(zone, z, err))
		return -EINVAL;
	if (!dnsname_split(fqdn, has_zone ? z : NULL, label, zone_out, err))
		return -EINVAL;
	return 0;
}
