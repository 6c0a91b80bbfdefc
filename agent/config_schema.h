/* SPDX-License-Identifier: MIT */
/* The configuration schema: provider types and their keys, the [agent] and [record] keys. */
#ifndef DDNSD_CONFIG_SCHEMA_H
#define DDNSD_CONFIG_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/config.h"
#include "lib/errbuf.h"
#include "providers/provider.h"

/* "cloudflare, alidns, …" and "type, endpoint, token (or token-file), …" into buf. */
void config_schema_list_types(char *buf, size_t size);
void config_schema_list_keys(const struct provider_ops *t, char *buf, size_t size);

/* Check value against k (normalising it in place: case, trailing dot). shown is how the
 * message names the value: the quoted value, or "the value" for a secret. eb gets
 * "what is wrong; what is expected". */
bool config_schema_check(const struct config_schema_key *k, char *value, const char *shown,
			 struct errbuf *eb);

/* The keys of [agent] and [record], by index. */
enum cfg_agent_key {
	CFG_AGENT_POLL,
	CFG_AGENT_SETTLE,
	CFG_AGENT_MIN,
	CFG_AGENT_VERIFY,
	CFG_AGENT_STATE,
	CFG_AGENT_RUNTIME,
	CFG_AGENT_WEB4,
	CFG_AGENT_WEB6,
	CFG_AGENT_CA,
	CFG_AGENT_CHANGE,
	CFG_AGENT_FAILURE,
	CFG_AGENT_FAILURE_AFTER,
	CFG_AGENT_CONTACT,
	CFG_AGENT_N
};
enum cfg_record_key {
	CFG_REC_NAME,
	CFG_REC_PROVIDER,
	CFG_REC_ZONE,
	CFG_REC_IPV4,
	CFG_REC_IPV6,
	CFG_REC_SUFFIX,
	CFG_REC_TTL,
	CFG_REC_PROXIED,
	CFG_REC_PRIVATE,
	CFG_REC_N
};
/* The index of key, or -1; and all the names as "poll-interval, settle, …" into buf. */
int config_schema_agent_index(const char *key);
int config_schema_record_index(const char *key);
void config_schema_list_agent(char *buf, size_t size);
void config_schema_list_record(char *buf, size_t size);
/* Check value and store it as key k: 0, -EINVAL (eb says why; nothing changed), -ENOMEM. */
int config_schema_set_agent(struct cfg_agent *a, enum cfg_agent_key k, const char *value,
			    struct errbuf *eb);
int config_schema_set_record(struct cfg_record *r, enum cfg_record_key k, const char *value,
			     struct errbuf *eb);
/* A [provider NAME] / [record NAME] section name: 1-64 of letters, digits, '.', '_', '-'. */
bool config_schema_section_name(const char *s);

#endif
