/* SPDX-License-Identifier: MIT */
/* The configuration's data model that every layer reads: address sources (netlink/select),
 * provider sections and records (providers/), and the look-ups of provider keys. The agent
 * parses the file into these (agent/config.c); the [agent] section stays in agent/config.h. */
#ifndef DDNSD_CFG_H
#define DDNSD_CFG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/ipaddr.h"
#include "lib/secret.h"

#define CFG_MAX_IFS  8
#define CFG_MAX_URLS 8

/* Address source of one record and family (DESIGN.md "Address sources"). */
enum cfg_src_kind { CFG_SRC_AUTO, CFG_SRC_INTERFACE, CFG_SRC_WEB, CFG_SRC_FIXED, CFG_SRC_OFF };

struct cfg_source {
	enum cfg_src_kind kind;
	char ifnames[CFG_MAX_IFS][IFNAMSIZ]; /* interface:IF[,IF2…], priority order */
	size_t n_ifs;
	char *urls[CFG_MAX_URLS]; /* web:URL[,URL…]; n_urls == 0: the agent's web-ipv4/6 */
	size_t n_urls;
	struct ipaddr fixed; /* fixed:ADDRESS */
};

/* Where a secret came from; the value itself is never kept in text form anywhere else. */
enum cfg_secret_src { CFG_SECRET_INLINE, CFG_SECRET_ENV, CFG_SECRET_CRED, CFG_SECRET_FILE };

/* One key of a [provider] section. Secret keys hold their value in .secret only. */
struct cfg_param {
	char *key;   /* canonical name ("token", never "token-file") */
	char *value; /* non-secret value; NULL for a secret key */
	bool is_secret;
	enum cfg_secret_src secret_src;
	char *secret_ref;     /* env var name, credential name or file path; NULL when inline */
	struct secret secret; /* filled by config_resolve_secrets() (inline: by the parser) */
	int line;
};

struct cfg_provider {
	char *name; /* section name: [provider NAME] */
	char *type; /* "cloudflare", "alidns", … (validated against the known types) */
	int line;   /* line of the section header */
	struct cfg_param *params;
	size_t n_params;
};

struct cfg_record {
	char *section; /* [record NAME] */
	int line;
	char *name; /* FQDN to keep up to date */
	char *provider_name;
	struct cfg_provider *provider; /* resolved after parsing; never NULL in a valid config */
	char *zone;		       /* optional */
	struct cfg_source src[FAM_N];  /* ipv4 =, ipv6 = (default auto) */
	bool has_suffix;
	struct in6_addr suffix; /* ipv6-suffix = ::1234 */
	int ttl;		/* 0: the provider's default */
	int proxied;		/* -1: not set (keep what the record has), 0, 1 */
	bool allow_private;
};

/* What a provider key's value must look like. */
enum cfg_val {
	CFG_VAL_TEXT,	      /* any non-empty text */
	CFG_VAL_HTTPS_URL,    /* https://HOST[:PORT][/PATH] */
	CFG_VAL_URL_TEMPLATE, /* an https URL that may hold {ip} {ipv4} {ipv6} {name} */
	CFG_VAL_HOST,	      /* an IP address or a host name */
	CFG_VAL_HOST_OR_URL,  /* a host name or an https URL */
	CFG_VAL_DNS_NAME,     /* a DNS name (a trailing dot is dropped) */
	CFG_VAL_PORT,	      /* 1-65535 */
	CFG_VAL_BASE64,	      /* standard base64 with padding */
	CFG_VAL_TSIG_ALG,     /* hmac-sha256 hmac-sha512 hmac-sha1 hmac-md5 (lower-cased) */
	CFG_VAL_METHOD,	      /* GET POST PUT PATCH (upper-cased) */
	CFG_VAL_CONCURRENCY,  /* 1-64 */
};

/* One key of a provider type. A key name means the same in every type, secret or not. */
struct config_schema_key {
	const char *name;
	enum cfg_val kind;
	bool secret; /* KEY = inline | env:VAR | cred:NAME, or KEY-file = PATH */
	bool required;
	const char *def; /* filled in when the key is absent, or NULL */
};

/* Look-ups in a provider section . get: a non-secret value, NULL when
 * unset; optional keys with a default (port, tsig-algorithm, method, max-concurrent) are
 * always set. secret: NULL when the key is absent; otherwise the secret, which
 * secret_is_set() once it is known (inline: at parse time; env:, cred:, KEY-file: after
 * config_resolve_secrets()). */
const char *cfg_provider_get(const struct cfg_provider *p, const char *key);
const struct secret *cfg_provider_secret(const struct cfg_provider *p, const char *key);

#endif
