/* SPDX-License-Identifier: MIT */
/* The parsed configuration (DESIGN.md "Configuration"): [agent], [provider NAME], [record NAME]. */
#ifndef DDNSD_CONFIG_H
#define DDNSD_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "agent/ipaddr.h"
#include "agent/secret.h"

#define CFG_MAX_IFS	 8
#define CFG_MAX_URLS	 8
#define CFG_DEFAULT_PATH "/etc/ddnsd/ddnsd.conf"

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

struct cfg_agent {
	double poll_interval;		/* seconds; default 300 */
	double settle;			/* default 0.05 */
	double min_interval;		/* default 10 */
	double verify_interval;		/* default 3600 */
	char *state_dir;		/* default /var/lib/ddnsd */
	char *runtime_dir;		/* default /run/ddnsd */
	char *web[FAM_N][CFG_MAX_URLS]; /* web-ipv4 / web-ipv6, in order */
	size_t n_web[FAM_N];
	char *ca_file; /* optional extra CA bundle */
	char *on_change;
	char *on_failure;
};

struct config {
	char *path; /* file name used in messages */
	struct cfg_agent agent;
	struct cfg_provider *providers;
	size_t n_providers;
	struct cfg_record *records;
	size_t n_records;
	bool has_inline_secret; /* for the file-permission check */
	int inline_secret_line;
};

/* All problems found in one run, each "FILE:LINE: key: what is wrong; what is expected". */
struct cfg_errors {
	char **msgs;
	size_t n;
};
void cfg_errors_add(struct cfg_errors *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cfg_errors_free(struct cfg_errors *e);
/* Append "FILE:LINE: KEY: message" ("FILE:LINE: message" when key is NULL; control bytes of
 * key shown as '?'). false when memory ran out. */
bool cfg_errors_at(struct cfg_errors *e, const char *file, int line, const char *key,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Order the messages from index from on by their line in file (stable). */
void cfg_errors_sort(struct cfg_errors *e, size_t from, const char *file);

/* Pure: parse text (no file, env or credential access). filename is used in messages.
 * Returns a config (possibly partial) and appends every problem to errs; the config is
 * usable only when errs->n == 0. Inline secrets are stored; referenced ones are not read. */
struct config *config_parse_string(const char *text, const char *filename, struct cfg_errors *errs);

/* Read secrets given as env:VAR, cred:NAME (in $CREDENTIALS_DIRECTORY) or KEY-file = PATH;
 * trailing newlines are dropped. Problems are appended to errs (naming file, line, key). */
void config_resolve_secrets(struct config *cfg, struct cfg_errors *errs);

/* Read the file, refuse an inline secret in a group/other-readable file, parse, resolve
 * secrets. Returns NULL with errs filled when anything is wrong. */
struct config *config_load_file(const char *path, struct cfg_errors *errs);

/* The configuration used when there is no file: defaults and no records. */
struct config *config_defaults(void);

void config_free(struct config *cfg);

/* Look-ups in a provider section (config_provider.c). get: a non-secret value, NULL when
 * unset; optional keys with a default (port, tsig-algorithm, method, max-concurrent) are
 * always set. secret: NULL when the key is absent; otherwise the secret, which
 * secret_is_set() once it is known (inline: at parse time; env:, cred:, KEY-file: after
 * config_resolve_secrets()). */
const char *cfg_provider_get(const struct cfg_provider *p, const char *key);
const struct secret *cfg_provider_secret(const struct cfg_provider *p, const char *key);

/* Parse "150ms", "10s", "5m", "1h" or a bare number of seconds; false if malformed. */
bool cfg_parse_duration(const char *s, double *out);

#endif
