/* SPDX-License-Identifier: MIT */
/* Internationalised record and zone names to the ASCII (Punycode) form provider APIs take. */
#ifndef DDNSD_IDN_H
#define DDNSD_IDN_H

#include <stddef.h>

#include "lib/errbuf.h"
#include "providers/dnsname.h"

#define IDN_MAX 256 /* room for a name of DNSNAME_MAX bytes and its NUL */

/* name (UTF-8) in ASCII form, lower-cased, without a trailing dot. Only labels that hold a
 * non-ASCII byte go through libidn2 (UTS #46 non-transitional, transitional as a fallback),
 * so ASCII labels ("_acme-challenge", "*", "xn--...") pass as they are, lower-cased.
 * 0, or -EINVAL with err filled: invalid UTF-8, a control byte, an empty label, a label
 * IDNA refuses, a result over DNSNAME_MAX bytes or with a label over 63 bytes. */
int idn_to_ascii(const char *name, char out[static IDN_MAX], struct errbuf *err);

/* The Unicode form of an ASCII name (xn-- labels decoded), into size bytes of out, for
 * matching replies that spell a name in Unicode. 0, or -EINVAL (not decodable, too long). */
int idn_to_unicode(const char *ascii, char *out, size_t size);

/* The record name and its zone (zone NULL or "": the name minus its first label) in ASCII
 * form, then split as dnsname_split does: fqdn, the label relative to the zone ("@" at the
 * apex) and the zone. 0, or -EINVAL with err filled. */
int idn_split(const char *name, const char *zone, char fqdn[static IDN_MAX],
	      char label[static DNSNAME_MAX + 1], char zone_out[static DNSNAME_MAX + 1],
	      struct errbuf *err);

#endif
