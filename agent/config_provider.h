/* SPDX-License-Identifier: MIT */
/* A [provider NAME] section: its keys checked against the type's schema into struct cfg_param. */
#ifndef DDNSD_CONFIG_PROVIDER_H
#define DDNSD_CONFIG_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/config.h"

/* One "key = value" of a [provider] section, kept until the section ends: its meaning
 * depends on `type =`, which may come last. value may be an inline secret. */
struct cfg_raw {
	char *key;
	char *value;
	int line;
	const char *canon; /* set by config_provider_finish(): the schema key it was taken as */
	bool is_file;	   /* given as KEY-file */
};

/* Pure: check the section's keys against its type and fill pr->type and pr->params. Absent
 * optional keys with a default get it (port, tsig-algorithm, method, max-concurrent), with
 * the section's line. Problems are appended to errs ("FILE:LINE: key: …", never quoting a
 * secret); the first inline secret is noted in cfg. false only when memory ran out. */
bool config_provider_finish(struct config *cfg, struct cfg_provider *pr, struct cfg_raw *raws,
			    size_t n, struct cfg_errors *errs);
/* Wipe (a value may be a secret) and free what raws hold. */
void config_provider_drop(struct cfg_raw *raws, size_t n);

#endif
