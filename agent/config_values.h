/* SPDX-License-Identifier: MIT */
/* Pure checkers of configuration values: URLs, names, interfaces, address sources, numbers. */
#ifndef DDNSD_CONFIG_VALUES_H
#define DDNSD_CONFIG_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/config.h"
#include "lib/errbuf.h"

/* Conventions: shown is how a message names the value (the quoted value, or "the value"
 * for a secret); on failure eb gets "what is wrong; what is expected" (eb may be NULL),
 * or exactly CONFIG_VALUES_OOM when memory ran out. */
#define CONFIG_VALUES_OOM "out of memory"

/* https://HOST[:PORT][/PATH]; templ: {ip} {ipv4} {ipv6} {name} placeholders allowed. */
bool config_values_https_url(const char *s, const char *shown, bool templ, struct errbuf *eb);
/* A host name (letters, digits, '-', '_', '.'), or with allow_ip an IP address too. */
bool config_values_host(const char *s, const char *shown, bool allow_ip, struct errbuf *eb);
/* A DNS name; a trailing dot is removed in place; "*." may start it (a wildcard record);
 * bytes >= 0x80 are allowed (IDN, converted to punycode later). */
bool config_values_dns_name(char *s, const char *shown, struct errbuf *eb);
/* An interface name as the kernel accepts it (dev_valid_name()). */
bool config_values_ifname(const char *s, const char *shown, struct errbuf *eb);
bool config_values_abs_path(const char *s, const char *shown, struct errbuf *eb);
/* yes/no/true/false/on/off/1/0, any case. */
bool config_values_bool(const char *s, bool *out);
/* Decimal digits only, min <= value <= max. */
bool config_values_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out);
/* Standard base64 with padding, not empty. */
bool config_values_base64(const char *s);
/* "URL, URL, …" (at most CFG_MAX_URLS, each https); urls owned by the caller on success. */
bool config_values_url_list(const char *s, char *urls[CFG_MAX_URLS], size_t *n, struct errbuf *eb);
/* "auto" | "off" | "web" | "web:URL[,URL…]" | "interface:IF[,IF2…]" | "fixed:ADDRESS" for
 * family fam. out is replaced only on success (its URLs are then owned by the caller). */
bool config_values_source(const char *s, enum fam fam, struct cfg_source *out, struct errbuf *eb);
/* Free the URLs a source holds (a source without any is a no-op). */
void config_values_source_free(struct cfg_source *src);
/* The value quoted for a message ("\"…\""), control bytes escaped, shortened, into buf. */
const char *config_values_quote(const char *s, char *buf, size_t size);

/* Parse "150ms", "10s", "5m", "1h" or a bare number of seconds; false if malformed. */
bool cfg_parse_duration(const char *s, double *out);

#endif
