/* SPDX-License-Identifier: MIT */
/* The provider interface: one job (record + family), pure build/parse steps, the registry. */
#ifndef DDNSD_PROVIDER_H
#define DDNSD_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "lib/cfg.h"
#include "lib/errbuf.h"
#include "lib/ipaddr.h"
#include "providers/http.h"

/*
 * A job runs as a loop driven by providers/job.c:
 *
 *	build(job) -> request -> HTTP -> reply -> parse(job, reply) -> result
 *
 * repeated while parse says PROV_NEXT_STEP (zone id -> record -> update/create). build and
 * parse are pure: no I/O, no globals, no logging. parse ADVANCES THE JOB: it stores what it
 * learnt (ids, the address found at the provider, the next step) in the job, so the next
 * build knows what to send. Tests drive the whole flow without a network that way.
 */

enum prov_result {
	PROV_OK,	/* written (or, in a dry run, would be written: outcome.would_write) */
	PROV_UNCHANGED, /* the provider already holds the address: nothing written */
	PROV_NEXT_STEP, /* build and send the next request of this job */
	PROV_RETRY,	/* transient: network, timeout, 5xx, 429; back off (retry_after) */
	PROV_AUTH,	/* credentials refused or lacking permission: permanent */
	PROV_PERMANENT, /* anything else that will not heal by itself (unknown zone, bad input) */
};

#define PROV_ID_LEN	 64 /* provider object ids (Cloudflare: 32 hex chars) + NUL */
#define PROV_MAX_HEADERS 8
#define PROV_MAX_STEPS	 16 /* requests per job; zone walks of long names need several */

/* One record and one family. The caller (scheduler) fills the "in" part and zeroes the rest
 * (prov_job_init does both); the provider owns the "progress" part. */
struct prov_job {
	/* in */
	const struct cfg_provider *cfg;
	const struct cfg_record *rec;
	enum fam fam;
	struct ipaddr want;
	/* Read, never write: when a write would be the next step, the job ends with PROV_OK
	 * and outcome.would_write set, the message saying what would be written. */
	bool dry_run;
	/* A verify/repair run (verify-interval). Readable providers always find and compare
	 * before writing, so for them this only labels the run; providers that cannot be
	 * read (dyndns2) must not write an unchanged address on a verify run. */
	bool verify;
	time_t now;	/* injected clock, for signing providers */
	char nonce[40]; /* injected nonce (fresh per job), for signing providers */

	/* in/out: ids known from the state file on entry (may be empty); the found/created
	 * ones on exit. A stale id is forgotten and looked up again. */
	char zone_id[PROV_ID_LEN];
	char record_id[PROV_ID_LEN];

	/* progress: written by parse, read by build; zero on entry */
	int step;		  /* provider-defined; 0 = start */
	unsigned n_steps;	  /* requests sent so far (job.c counts) */
	size_t zone_off;	  /* zone walk: offset of the candidate zone in the name */
	bool zone_fresh;	  /* zone_id was found by this job (not taken from the state) */
	bool found;		  /* a record was found at the provider */
	struct ipaddr found_addr; /* its address (AF_UNSPEC when not an address) */
	int found_ttl;		  /* -1 unknown */
	int found_proxied;	  /* -1 unknown, 0, 1 */
	unsigned n_found;	  /* records sharing name + type */
	char priv[256];		  /* provider scratch (e.g. a page cursor) */
};

/* A request as build produced it: owned strings, freed (and wiped: headers may hold a
 * token) by prov_request_free. Never logged except method + URL path (no query). */
struct prov_request {
	enum http_method method;
	char *url;
	char *headers[PROV_MAX_HEADERS]; /* "Name: value" */
	size_t n_headers;
	char *body; /* NULL for none */
	size_t body_len;
	/* A POST that only reads (Alibaba's and DNSPod's look-ups): allowed in a dry run. */
	bool read_only;
};

/* What came back; body need not be NUL-terminated (len counts). */
struct prov_reply {
	long status;
	const char *body;
	size_t len;
	long retry_after; /* seconds from Retry-After, -1 when absent */
};

/* The end of a job (parse fills it on a final result; job.c completes it). */
struct prov_outcome {
	enum prov_result result;
	/* For the user, one line, printable ASCII, never a secret:
	 * "cloudflare: 10000 Authentication error", "updated A home.example.com ..." */
	char message[640]; /* room for a 253-byte name, the provider's message and a hint */
	long retry_after;  /* seconds, -1 when the provider did not say */
	bool would_write;  /* dry run: a write was the next step and was not made */
	struct ipaddr old; /* address found at the provider before (AF_UNSPEC: none) */
	char record_id[PROV_ID_LEN]; /* found/created id, for the state file ("" if none) */
	char zone_id[PROV_ID_LEN];
	double elapsed_ms; /* sum of the requests' times (job.c) */
	unsigned requests; /* requests sent (job.c) */
};

struct provider_ops {
	const char *name; /* the config "type =": "cloudflare" */
	/* The record can be read back (DESIGN "Poll, verify, repair"): verify runs use it. */
	bool readable;
	/* Validate a [provider] section: 0, or -EINVAL with err filled ("key: what is wrong;
	 * what to do"), never quoting a secret. */
	int (*check_config)(const struct cfg_provider *cfg, struct errbuf *err);
	/* Pure: the request for the job's current step. 0, -EINVAL (job or config unusable),
	 * -ENOMEM. On failure req holds nothing to free. */
	int (*build)(const struct prov_job *job, struct prov_request *req);
	/* Pure: judge a reply and advance the job (see the top of this file). On a final
	 * result out->result/message/retry_after/would_write/old are set. */
	enum prov_result (*parse)(struct prov_job *job, const struct prov_reply *reply,
				  struct prov_outcome *out);
};

/* Registry (registry.c): the provider for a config type, or NULL. */
const struct provider_ops *prov_find(const char *name);
/* Number of providers and the i-th (i < prov_count()), for --list-providers and tests. */
size_t prov_count(void);
const struct provider_ops *prov_at(size_t i);
/* Call fn for each provider in table order. */
void prov_foreach(void (*fn)(const struct provider_ops *ops, void *arg), void *arg);

/* Helpers for providers and their callers (provider.c). */

/* Zero the job and fill its inputs; ids may be NULL or "" (unknown). */
void prov_job_init(struct prov_job *job, const struct cfg_provider *cfg,
		   const struct cfg_record *rec, enum fam fam, const struct ipaddr *want);
/* Wipe and free what req holds; a zeroed request is a no-op. */
void prov_request_free(struct prov_request *req);
/* Append a header "name: value" (copied). 0, -ENOMEM, -E2BIG (too many), -EINVAL (CR, LF
 * or another control byte in value: header injection). */
int prov_request_add_header(struct prov_request *req, const char *name, const char *value);
/* Reset out to "nothing known": result PROV_RETRY, retry_after -1, old AF_UNSPEC. */
void prov_outcome_init(struct prov_outcome *out);
/* Set result and a printf-formatted message; control bytes become '?', and any occurrence
 * of secret (may be NULL) is replaced by <redacted>. Returns result. */
enum prov_result prov_outcome_set(struct prov_outcome *out, const struct secret *secret,
				  enum prov_result result, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* True for an id safe to put in a URL path: 1..PROV_ID_LEN-1 of [A-Za-z0-9_-]. */
bool prov_id_valid(const char *id);
/* Copy the record name lower-cased, without a trailing dot, IDN labels in punycode; false if
 * empty, too long or not convertible. */
bool prov_fqdn(const char *name, char out[static 256]);
/* True for an absolute https:// URL that curl can parse (endpoint overrides). */
bool prov_https_url(const char *url);
/* endpoint's scheme/host/port, its path (trailing slashes dropped) + path, and the query
 * items "key=value" appended in order, each value URL-encoded by curl (CURLU_URLENCODE);
 * the endpoint's own query and fragment are dropped. path is used as given: put only fixed
 * text and prov_id_valid() ids in it. 0, -EINVAL (bad endpoint), -ENOMEM. */
int prov_url(const char *endpoint, const char *path, const char *const *query, size_t n_query,
	     char **out);
/* The configured endpoint =, or def when it is unset or empty (cfg may be NULL). */
const char *prov_endpoint(const struct cfg_provider *cfg, const char *def);

/* The find -> compare -> write flow of a record looked up by name and type (parse steps). */

/* Copy what the job learnt (ids, the address found) into the outcome of a final result;
 * returns res. */
enum prov_result prov_finish(struct prov_job *job, struct prov_outcome *out, enum prov_result res);
/* " (N records share this name and type; ...)" in buf when the look-up found several, else "". */
const char *prov_several(const struct prov_job *job, char *buf, size_t size);
/* The look-up found no record: go on to step create, or in a dry run end the job with
 * "would create TYPE NAME ADDR". */
enum prov_result prov_not_found(struct prov_job *job, const char *name, int create,
				struct prov_outcome *out);
/* The look-up found n records of the name and type; remember the first: its id, its value
 * (an address, else found_addr is AF_UNSPEC) and its TTL (-1 or out of range: unknown). */
void prov_found(struct prov_job *job, unsigned n, const char *id, const char *value, long ttl);
/* The record id is stale (the record was deleted or re-made meanwhile): forget it and what
 * was found, and look the record up again at step find. */
enum prov_result prov_refind(struct prov_job *job, int find);
/* After prov_found: end the job as unchanged when the record holds the address (and the TTL
 * the config sets, if any), else go on to step update, or in a dry run end the job saying
 * what would be updated. */
enum prov_result prov_decide(struct prov_job *job, const char *name, int update,
			     struct prov_outcome *out);
/* End the job after a successful write: "created TYPE NAME ADDR", "updated TYPE NAME OLD ->
 * NEW" or "updated TYPE NAME ADDR (ttl)". */
enum prov_result prov_written(struct prov_job *job, const char *name, bool created,
			      struct prov_outcome *out);

/* "ok", "unchanged", "next-step", "retry", "auth", "permanent" */
const char *prov_result_name(enum prov_result r);

#endif
