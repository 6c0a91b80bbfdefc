/* SPDX-License-Identifier: MIT */
/* The parsed configuration (DESIGN.md "Configuration"): [agent], [provider NAME], [record NAME]. */
#ifndef DDNSD_CONFIG_H
#define DDNSD_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/cfg.h"
#include "lib/ipaddr.h"
#include "lib/secret.h"

#define CFG_DEFAULT_PATH "/etc/ddnsd/ddnsd.conf"

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

/* Parse "150ms", "10s", "5m", "1h" or a bare number of seconds; false if malformed. */
bool cfg_parse_duration(const char *s, double *out);

#endif
