// SPDX-License-Identifier: MIT
/* The configuration schema: provider types and keys (from the provider registry), the [agent]
 * and [record] keys and setters. */
#include "agent/config_schema.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/config_values.h"
#include "providers/budget.h"
#include "providers/provider.h"

static const char *const tsig_algs[] = {"hmac-sha256", "hmac-sha512", "hmac-sha1", "hmac-md5"};
static const char *const methods[] = {"GET", "POST", "PUT", "PATCH"};

/* Append s to buf (always NUL-terminated, truncated when full). */
static void append(char *buf, size_t size, const char *s)
{
	size_t used = strnlen(buf, size);

	if (used + 1 < size)
		snprintf(buf + used, size - used, "%s", s);
}

void config_schema_list_types(char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < prov_count(); i++) {
		append(buf, size, i ? ", " : "");
		append(buf, size, prov_at(i)->name);
	}
}

void config_schema_list_keys(const struct provider_ops *t, char *buf, size_t size)
{
	snprintf(buf, size, "type");
	for (const struct config_schema_key *k = t->keys; k->name; k++) {
		append(buf, size, ", ");
		append(buf, size, k->name);
		if (k->secret) {
			append(buf, size, " (or ");
			append(buf, size, k->name);
			append(buf, size, "-file)");
		}
	}
}

static bool in_list(char *value, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(value, list[i]) == 0) {
			/* Store the spelling the provider code compares against. */
			strcpy(value, list[i]);
			return true;
		}
	}
	return false;
}

bool config_schema_check(const struct config_schema_key *k, char *value, const char *shown,
			 struct errbuf *eb)
{
	unsigned long n;

	if (!value[0]) {
		errbuf_set(eb, "no value; expected a value after '='");
		return false;
	}
	switch (k->kind) {
	case CFG_VAL_TEXT:
		return true;
	case CFG_VAL_HTTPS_URL:
		return config_values_https_url(value, shown, false, eb);
	case CFG_VAL_URL_TEMPLATE:
		return config_values_https_url(value, shown, true, eb);
	case CFG_VAL_HOST:
		return config_values_host(value, shown, true, eb);
	case CFG_VAL_HOST_OR_URL:
		if (strstr(value, "://"))
			return config_values_https_url(value, shown, false, eb);
		return config_values_host(value, shown, true, eb);
	case CFG_VAL_DNS_NAME:
		return config_values_dns_name(value, shown, eb);
	case CFG_VAL_PORT:
		if (config_values_uint(value, 1, 65535, &n))
			return true;
		errbuf_set(eb, "%s is not a port; expected a number from 1 to 65535", shown);
		return false;
	case CFG_VAL_BASE64:
		if (config_values_base64(value))
			return true;
		errbuf_set(eb,
			   "%s is not base64; expected the key's bytes in standard base64 "
			   "(A-Z a-z 0-9 + /, padded with =) as in a BIND key file",
			   shown);
		return false;
	case CFG_VAL_TSIG_ALG:
		if (in_list(value, tsig_algs, 4))
			return true;
		errbuf_set(eb,
			   "%s is not a TSIG algorithm; expected hmac-sha256, hmac-sha512, "
			   "hmac-sha1 or hmac-md5",
			   shown);
		return false;
	case CFG_VAL_METHOD:
		if (in_list(value, methods, 4))
			return true;
		errbuf_set(eb, "%s is not an HTTP method; expected GET, POST, PUT or PATCH", shown);
		return false;
	case CFG_VAL_CONCURRENCY:
		if (config_values_uint(value, 1, 64, &n))
			return true;
		errbuf_set(eb, "%s is not a request count; expected a number from 1 to 64", shown);
		return false;
	case CFG_VAL_RATE: {
		struct budget_spec spec;

		if (budget_parse(value, &spec))
			return true;
		errbuf_set(eb,
			   "%s is not a request budget; expected N/DURATION such as 1200/5m or "
			   "6/s (N from 1, DURATION up to 31d), two of them separated by a comma, "
			   "or none",
			   shown);
		return false;
	}
	}
	return false;
}

/* ---- [agent] and [record] ---- */

static const char *const agent_keys[CFG_AGENT_N] = {
    "poll-interval", "settle",	      "min-interval", "verify-interval", "state-dir",
    "runtime-dir",   "web-ipv4",      "web-ipv6",     "ca-file",	 "on-change",
    "on-failure",    "failure-after", "contact",
};
static const char *const record_keys[CFG_REC_N] = {
    "name", "provider", "zone", "ipv4", "ipv6", "ipv6-suffix", "ttl", "proxied", "allow-private",
};

/* Durations above a month are mistakes (and would overflow timer arithmetic elsewhere). */
#define DURATION_MAX (720.0 * 3600)

static int find(const char *const *names, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], key) == 0)
			return i;
	return -1;
}

int config_schema_agent_index(const char *key)
{
	return find(agent_keys, CFG_AGENT_N, key);
}

int config_schema_record_index(const char *key)
{
	return find(record_keys, CFG_REC_N, key);
}

static void list(const char *const *names, size_t n, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		append(buf, size, i ? ", " : "");
		append(buf, size, names[i]);
	}
}

void config_schema_list_agent(char *buf, size_t size)
{
	list(agent_keys, CFG_AGENT_N, buf, size);
}

void config_schema_list_record(char *buf, size_t size)
{
	list(record_keys, CFG_REC_N, buf, size);
}

bool config_schema_section_name(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > 64)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._-", *s))
			return false;
	return true;
}

static int set_str(char **dst, const char *value)
{
	char *d = strdup(value);

	if (!d)
		return -ENOMEM;
	free(*dst);
	*dst = d;
	return 0;
}

int config_schema_set_agent(struct cfg_agent *a, enum cfg_agent_key k, const char *value,
			    struct errbuf *eb)
{
	bool settle = k == CFG_AGENT_SETTLE;
	char q[96], *urls[CFG_MAX_URLS];
	enum fam f = FAM_V4;
	size_t n;
	double d;

	config_values_quote(value, q, sizeof(q));
	switch (k) {
	case CFG_AGENT_POLL:
	case CFG_AGENT_SETTLE:
	case CFG_AGENT_MIN:
	case CFG_AGENT_VERIFY:
	case CFG_AGENT_FAILURE_AFTER:
		if (!cfg_parse_duration(value, &d)) {
			errbuf_set(eb,
				   "%s is not a duration; expected a number with ms, s, m or h, "
				   "e.g. 5m",
				   q);
			return -EINVAL;
		}
		/* A settle delay longer than a minute would only delay every update. */
		if ((!settle && d <= 0) || d > (settle ? 60 : DURATION_MAX)) {
			errbuf_set(eb, "%s is out of range; expected %s and at most %s", q,
				   settle ? "0 or more" : "more than 0", settle ? "60s" : "720h");
			return -EINVAL;
		}
		*(k == CFG_AGENT_POLL		 ? &a->poll_interval
		  : settle			 ? &a->settle
		  : k == CFG_AGENT_MIN		 ? &a->min_interval
		  : k == CFG_AGENT_FAILURE_AFTER ? &a->failure_after
						 : &a->verify_interval) = d;
		return 0;
	case CFG_AGENT_WEB6:
		f = FAM_V6;
		/* fall through */
	case CFG_AGENT_WEB4:
		if (!config_values_url_list(value, urls, &n, eb))
			return strcmp(eb->msg, CONFIG_VALUES_OOM) ? -EINVAL : -ENOMEM;
		for (size_t i = 0; i < a->n_web[f]; i++)
			free(a->web[f][i]);
		memset(a->web[f], 0, sizeof(a->web[f]));
		memcpy(a->web[f], urls, sizeof(urls[0]) * n);
		a->n_web[f] = n;
		return 0;
	case CFG_AGENT_CONTACT:
		/* It goes into a header line: printable ASCII only (no header injection). */
		for (const char *c = value; *c; c++) {
			if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f) {
				errbuf_set(
				    eb,
				    "%s holds a control or non-ASCII byte; expected an email "
				    "address or a URL",
				    q);
				return -EINVAL;
			}
		}
		if (strlen(value) > 200) {
			errbuf_set(eb, "%s is too long; expected at most 200 characters", q);
			return -EINVAL;
		}
		return set_str(&a->contact, value);
	default:
		break;
	}
	if (!config_values_abs_path(value, q, eb))
		return -EINVAL;
	switch (k) {
	case CFG_AGENT_STATE:
		return set_str(&a->state_dir, value);
	case CFG_AGENT_RUNTIME:
		return set_str(&a->runtime_dir, value);
	case CFG_AGENT_CA:
		return set_str(&a->ca_file, value);
	case CFG_AGENT_CHANGE:
		return set_str(&a->on_change, value);
	default:
		return set_str(&a->on_failure, value);
	}
}

int config_schema_set_record(struct cfg_record *r, enum cfg_record_key k, const char *value,
			     struct errbuf *eb)
{
	struct cfg_source src;
	char q[96], *copy;
	unsigned long n;
	struct ipaddr a;
	enum fam f;
	bool b;

	config_values_quote(value, q, sizeof(q));
	switch (k) {
	case CFG_REC_NAME:
	case CFG_REC_ZONE:
		copy = strdup(value);
		if (!copy)
			return -ENOMEM;
		if (!config_values_dns_name(copy, q, eb)) {
			free(copy);
			return -EINVAL;
		}
		free(k == CFG_REC_NAME ? r->name : r->zone);
		*(k == CFG_REC_NAME ? &r->name : &r->zone) = copy;
		return 0;
	case CFG_REC_PROVIDER:
		if (!config_schema_section_name(value)) {
			errbuf_set(eb,
				   "%s is not a provider name; expected the NAME of a "
				   "[provider NAME] section",
				   q);
			return -EINVAL;
		}
		return set_str(&r->provider_name, value);
	case CFG_REC_IPV4:
	case CFG_REC_IPV6:
		f = k == CFG_REC_IPV4 ? FAM_V4 : FAM_V6;
		if (!config_values_source(value, f, &src, eb))
			return strcmp(eb->msg, CONFIG_VALUES_OOM) ? -EINVAL : -ENOMEM;
		config_values_source_free(&r->src[f]);
		r->src[f] = src;
		return 0;
	case CFG_REC_SUFFIX:
		/* Only the host half is used: the published address is the chosen /64 prefix
		 * with this interface identifier (DESIGN "Address sources"). */
		if (!ipaddr_parse(value, AF_INET6, &a) || a.v6.s6_addr32[0] || a.v6.s6_addr32[1] ||
		    !(a.v6.s6_addr32[2] | a.v6.s6_addr32[3])) {
			errbuf_set(eb,
				   "%s is not an IPv6 host part; expected an address whose first "
				   "64 bits are zero and the rest not, e.g. ::1234",
				   q);
			return -EINVAL;
		}
		r->has_suffix = true;
		r->suffix = a.v6;
		return 0;
	case CFG_REC_TTL:
		if (!config_values_uint(value, 1, 86400, &n)) {
			errbuf_set(eb,
				   "%s is not a TTL; expected seconds from 1 to 86400 (leave ttl "
				   "out for the provider's default)",
				   q);
			return -EINVAL;
		}
		r->ttl = (int)n;
		return 0;
	default:
		if (!config_values_bool(value, &b)) {
			errbuf_set(eb,
				   "%s is not a yes/no value; expected yes, no, true, false, on, "
				   "off, 1 or 0",
				   q);
			return -EINVAL;
		}
		if (k == CFG_REC_PROXIED)
			r->proxied = b;
		else
			r->allow_private = b;
		return 0;
	}
}
