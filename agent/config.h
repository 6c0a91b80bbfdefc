/* SPDX-License-Identifier: MIT */
/* The parsed configuration (DESIGN.md "Configuration"): [agent], [provider NAME], [record NAME]. */
#ifndef DDNSD_CONFIG_H
#define DDNSD_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "agent/config_errors.h"
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
	double failure_after; /* default 1800: on-failure after this long failing transiently */
	char *contact; /* appended to the User-Agent of write-only services; NULL: DDNSD_URL */
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

/* Pure: parse text (no file, env or credential access). filename is used in messages.
 * Returns a config (possibly partial) and appends every problem to errs; the config is
 * usable only when errs->n == 0. Inline secrets are stored; referenced ones are not read. */
struct config *config_parse_string(const char *text, const char *filename, struct cfg_errors *errs);

/* The configuration used when there is no file: defaults and no records. */
struct config *config_defaults(void);

void config_free(struct config *cfg);

#endif
