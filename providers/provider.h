/* SPDX-License-Identifier: MIT */
/* The provider interface: one job (record + family), pure build/parse steps, the registry. */
#ifndef DDNSD_PROVIDER_H
#define DDNSD_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/cfg.h"
#include "lib/errbuf.h"
#include "lib/ipaddr.h"
#include "providers/http_method.h"

/*
 * A job runs as a loop driven by providers/job.c:
 *
 *	build(job) -> request -> transport (HTTP or DNS) -> reply -> parse(job, reply) -> result
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
#define PROV_MAX_STEPS	 16  /* requests per job; zone walks of long names need several */
#define PROV_PRIV_LEN	 256 /* a provider's own progress inside a job */
#define PROV_SHOWN_LEN	 320 /* the loggable rendering of a request */

struct provider_ops;

/* The end of a job (parse fills it on a final result; job.c completes it). */
struct prov_outcome {
	enum prov_result result;
	/* For the user, one line, printable ASCII, never a secret:
	 * "cloudflare: 10000 Authentication error", "updated A home.example.com ..." */
	char message[640]; /* room for a 253-byte name, the provider's message and a hint */
	long retry_after;  /* seconds, -1 when the provider did not say */
	bool throttled;	   /* the provider said "too many requests" (a throttling code): the
			    * runner pauses all of its requests (an HTTP 429 says so by itself) */
	bool would_write;  /* dry run: a write was the next step and was not made */
	struct ipaddr old; /* address found at the provider before (AF_UNSPEC: none) */
	char record_id[PROV_ID_LEN]; /* found/created id, for the state file ("" if none) */
	char zone_id[PROV_ID_LEN];
	bool read_first;   /* as job->read_first on exit */
	double elapsed_ms; /* sum of the requests' times (job.c) */
	unsigned requests; /* requests sent (job.c) */
	bool interrupted;  /* PROV_RETRY because the agent ended the request (its source
			    * address went away): no provider failure, no backoff */
	/* Rules of the write-only services, beyond the result: */
	bool hold;	 /* a permanent result that holds for the whole record, both families, even
			    for a new address, until the config is reloaded or the agent restarts
			    (dyndns2's badauth, abuse...: every further request counts against the
			    account) */
	bool firm_retry; /* retry_after is a floor that SIGUSR1 does not shorten and a new
			    address does not lift (dyndns2's 911: "no sooner than 30 minutes") */
};

/* One record and one family, or both families of a record in one request (paired). The
 * caller (scheduler) fills the "in" part and zeroes the rest (prov_job_init does both); the
 * provider owns the "progress" part. */
struct prov_job {
	/* in */
	const struct cfg_provider *cfg;
	const struct cfg_record *rec;
	const struct provider_ops *ops; /* prov_find(cfg->type) unless set (tests) */
	enum fam fam;
	struct ipaddr want;
	/* Paired (the provider's pairs() said yes and both families were due): fam is FAM_V4,
	 * want the IPv4 address and want6 the IPv6 one; parse fills pair_out for IPv6. */
	bool paired;
	struct ipaddr want6;
	/* Read, never write: when a write would be the next step, the job ends with PROV_OK
	 * and outcome.would_write set, the message saying what would be written. job.c also
	 * refuses to send any request marked writes. */
	bool dry_run;
	/* A verify/repair run (verify-interval). Readable providers always find and compare
	 * before writing, so for them this only labels the run; providers that cannot be
	 * read (dyndns2) must not write an unchanged address on a verify run. */
	bool verify;
	/* The agent knows what the provider holds (read or written by this run, and the ids):
	 * direct, the record holds another address at record_id, so write it without reading;
	 * absent, a bulk read just found no such record, so create it in zone_id. Providers
	 * that cannot use this ignore it and read first, as always. */
	bool direct;
	bool absent;
	/* A bulk read (ops->lists): the records of rec's zone of the families in list->fams
	 * go into list, instead of looking up rec. */
	struct prov_list *list;
	/* With list set: list the zones the account sees instead (ops->lists_zones): each as
	 * fam FAM_N, its name and id. */
	bool zones;
	time_t now;	/* injected clock, for signing providers */
	char nonce[40]; /* injected nonce (fresh per job), for signing providers */
	/* [agent] contact =, appended to the User-Agent where a service asks for one (No-IP);
	 * NULL or "": the project's URL (DDNSD_URL). */
	const char *contact;
	/* An unpaired job: the record's other family as far as the agent knows (published,
	 * else desired; AF_UNSPEC: none), for request templates that always name both. */
	struct ipaddr other;

	/* in/out: ids known from the state file on entry (may be empty); the found/created
	 * ones on exit. A stale id is forgotten and looked up again. */
	char zone_id[PROV_ID_LEN];
	char record_id[PROV_ID_LEN];
	/* in/out: a write without a read would change more of the record than its address
	 * (Alibaba's and DNSPod's line or TTL, which their update resets unless sent), so it is
	 * read before each write even when the agent knows what it holds (direct). The agent
	 * keeps it for the run; a new run reads every record first anyway. */
	bool read_first;

	/* progress: written by parse, read by build; zero on entry */
	int step;		  /* provider-defined; 0 = start */
	unsigned n_steps;	  /* requests sent so far (job.c counts) */
	bool found;		  /* a record was found at the provider */
	struct ipaddr found_addr; /* its address (AF_UNSPEC when not an address) */
	int found_ttl;		  /* -1 unknown */
	unsigned n_found;	  /* records sharing name + type */
	/* The provider's own progress (a zone walk, a page cursor): cast to its struct,
	 * checked with PROV_PRIV_FITS. */
	_Alignas(max_align_t) unsigned char priv[PROV_PRIV_LEN];

	/* out, paired jobs only: the IPv6 outcome (job.c completes it like the main one). */
	struct prov_outcome pair_out;
};

/* One record of a bulk read. */
struct prov_listed {
	enum fam fam;
	char name[256]; /* FQDN as prov_fqdn() gives it */
	char id[PROV_ID_LEN];
	struct ipaddr addr; /* AF_UNSPEC: not an address of fam */
};

/* A zone's A and/or AAAA records, read in bulk (paged) for a first sync of many records. */
#define PROV_LIST_MAX 100000
struct prov_list {
	unsigned fams; /* 1 << FAM_V4 | 1 << FAM_V6: the types to read */
	struct prov_listed *v;
	size_t n, cap;
};
/* Append a copy of e: 0, -E2BIG (over PROV_LIST_MAX), -ENOMEM. */
int prov_list_add(struct prov_list *l, const struct prov_listed *e);
void prov_list_free(struct prov_list *l);

#define PROV_PRIV_FITS(type)                                                                       \
	_Static_assert(sizeof(type) <= PROV_PRIV_LEN, #type " does not fit in prov_job.priv")

/* How a request travels. job.c hands it to that transport's entry of its table. */
enum prov_transport { PROV_TRANSPORT_HTTP, PROV_TRANSPORT_DNS, PROV_TRANSPORT_N };

struct prov_http_request {
	enum http_method method;
	char *url;
	char *headers[PROV_MAX_HEADERS]; /* "Name: value" */
	size_t n_headers;
	char *body; /* NULL for none */
	size_t body_len;
};

struct prov_dns_request {
	struct sockaddr_storage server; /* address and port of the server */
	socklen_t server_len;
	unsigned char *msg; /* the whole DNS message, signed where it must be */
	size_t msg_len;
	bool tcp;	 /* start over TCP (too large for UDP) */
	long timeout_ms; /* 0: the transport's default */
};

/* A request as build produced it: owned memory, freed (and wiped: headers and bodies may
 * hold a secret) by prov_request_free. */
struct prov_request {
	enum prov_transport transport;
	union {
		struct prov_http_request http;
		struct prov_dns_request dns;
	};
	/* It changes something at the provider. A dry run never sends it, whatever its
	 * method: dyndns2, DuckDNS and FreeDNS write with a GET. */
	bool writes;
	/* AF_UNSPEC, AF_INET or AF_INET6: the family to connect over (HTTP: IPRESOLVE). */
	int family;
	/* The reply may be this large (a page of a bulk read); 0: the runner's 64 KiB. */
	size_t max_reply;
	/* The one loggable rendering, built by the provider with every secret cut out
	 * ("GET https://api.example/zones", "GET https://sync.afraid.org/u/<token>/").
	 * Logs and error texts use nothing else. */
	char shown[PROV_SHOWN_LEN];
};

/* What came back; body need not be NUL-terminated (len counts). */
struct prov_reply {
	long status;	  /* HTTP status; 0 for DNS */
	const char *body; /* the HTTP body, or the raw DNS message */
	size_t len;
	long retry_after; /* seconds from Retry-After, -1 when absent */
	enum prov_transport transport;
};

struct provider_ops {
	const char *name; /* the config "type =": "cloudflare" */
	/* The type's keys (name, kind, secret, required, default), ending with a NULL name;
	 * "type" is implied. The config parser, `ddnsd check` and the man page derive from it. */
	const struct config_schema_key *keys;
	/* The non-secret key that names the account ("username", "access-key-id"), hashed
	 * into the state's provider fingerprint; NULL when the account is only a secret. */
	const char *account_key;
	/* The record can be read back (DESIGN "Poll, verify, repair"): verify runs use it.
	 * A write-only provider is never re-sent an address it already holds. */
	bool readable;
	/* A floor in seconds under the agent's min-interval between two writes of the same
	 * record (write-only services count frequent updates as abuse); 0: none. */
	double min_interval;
	/* Both families of a record can go in one request under this configuration (NULL:
	 * never). The agent then pairs a record's due A and AAAA into one job. */
	bool (*pairs)(const struct cfg_provider *cfg);
	/* A job with list set reads a zone's records in bulk (rec names the zone: its zone =
	 * or, without one, its name's zone), and direct and absent are understood. */
	bool lists;
	/* Without zone =, the zone is the name minus its first label, known without asking
	 * (Alibaba, DNSPod): bulk reads then group records by it. Otherwise (Cloudflare) only
	 * records with zone = are read in bulk, since a name's zone is found by asking. */
	bool zone_from_name;
	/* Without job->zone_id, a job asks for it first (a zone look-up): the agent then shares
	 * one look-up among the records of a zone = (agent/zonememo.c). */
	bool zone_lookup;
	/* A job with zones set lists the account's zones (a request a page): the agent then
	 * knows each record's zone (the longest that holds its name) without a walk, and reads
	 * records without zone = in bulk too. */
	bool lists_zones;
	/* Validate a [provider] section: 0, or -EINVAL with err filled ("key: what is wrong;
	 * what to do"), never quoting a secret. NULL: the keys' own checks are enough. */
	int (*check_config)(const struct cfg_provider *cfg, struct errbuf *err);
	/* Validate a record that uses this provider; users is the number of records that use
	 * the same [provider] section. 0 or -EINVAL with err filled. NULL: anything goes. */
	int (*check_record)(const struct cfg_provider *cfg, const struct cfg_record *rec,
			    size_t users, struct errbuf *err);
	/* Pure: the request for the job's current step. 0, -EINVAL (job or config unusable),
	 * -ENOMEM. On failure req holds nothing to free. NULL: not available in this build. */
	int (*build)(const struct prov_job *job, struct prov_request *req);
	/* Pure: judge a reply and advance the job (see the top of this file). On a final
	 * result out->result/message/retry_after/would_write/old are set. */
	enum prov_result (*parse)(struct prov_job *job, const struct prov_reply *reply,
				  struct prov_outcome *out);
};

/* Keys that most types share, for their key tables. */
#define PROV_KEY_ENDPOINT                                                                          \
	{                                                                                          \
		"endpoint", CFG_VAL_HTTPS_URL, false, false, NULL                                  \
	}
/* The update engine's per-provider cap on requests in flight (DESIGN "Provider jobs"). */
#define PROV_KEY_MAX_CONCURRENT                                                                    \
	{                                                                                          \
		"max-concurrent", CFG_VAL_CONCURRENCY, false, false, "4"                           \
	}
/* The provider's request budget, rate-limit = N/DURATION (providers/budget.h), defaulting to
 * the type's documented limit or a conservative one. */
#define PROV_KEY_RATE_LIMIT(def)                                                                   \
	{                                                                                          \
		"rate-limit", CFG_VAL_RATE, false, false, def                                      \
	}
#define PROV_KEY_END                                                                               \
	{                                                                                          \
		NULL, CFG_VAL_TEXT, false, false, NULL                                             \
	}

/* Registry (registry.c): the provider for a config type, or NULL. */
const struct provider_ops *prov_find(const char *name);
/* Number of providers and the i-th (i < prov_count()), for --list-providers and tests. */
size_t prov_count(void);
const struct provider_ops *prov_at(size_t i);
/* For provider_ops.pairs: the protocol always takes both families in one request. */
bool prov_pairs_always(const struct cfg_provider *cfg);
/* The type is more than its keys: its requests can be built and replies parsed. */
bool prov_available(const struct provider_ops *ops);
/* The key called name of the type ops, or NULL; with ops NULL, the key as any type knows it
 * (a key name means the same in every type, secret or not). */
const struct config_schema_key *prov_key(const struct provider_ops *ops, const char *name);
/* Call fn for each provider in table order. */
void prov_foreach(void (*fn)(const struct provider_ops *ops, void *arg), void *arg);

/* Helpers for providers and their callers (provider.c). */

/* The update engine's cap on a provider section's requests in flight: max-concurrent
 * (1..64), else the default. */
#define PROV_DEFAULT_CONCURRENCY 4
unsigned prov_max_concurrent(const struct cfg_provider *cfg);

/* The clock and a fresh random nonce for the job's next try (signing providers refuse a
 * nonce twice, and a resumed job sends again). */
void prov_job_stamp(struct prov_job *job);
/* Zero the job and fill its inputs. */
void prov_job_init(struct prov_job *job, const struct cfg_provider *cfg,
		   const struct cfg_record *rec, enum fam fam, const struct ipaddr *want);
/* Wipe and free what req holds; a zeroed request is a no-op. */
void prov_request_free(struct prov_request *req);
/* Start an HTTP request: zero req, set the transport, method and whether it writes. */
void prov_request_http(struct prov_request *req, enum http_method method, bool writes);
/* req->shown = "METHOD scheme://host[:port]/path" of req->http.url: never the query, the
 * fragment or user info (the default rendering; providers with a secret in the path write
 * their own). */
void prov_show_http(struct prov_request *req);

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
/* The look-up found n records of the name and type; remember the first: its id (NULL: keep
 * the one the job has), its value (an address, else found_addr is AF_UNSPEC) and its TTL
 * (-1 or out of range: unknown). */
void prov_found(struct prov_job *job, unsigned n, const char *id, const char *value, long ttl);
/* The record id is stale (the record was deleted or re-made meanwhile): forget it and what
 * was found, and look the record up again at step find. */
enum prov_result prov_refind(struct prov_job *job, int find);
/* After prov_found: end the job as unchanged when the record holds the address (and the TTL
 * the config sets, if any), else go on to step update, or in a dry run end the job saying
 * what would be updated. */
enum prov_result prov_decide(struct prov_job *job, const char *name, int update,
			     struct prov_outcome *out);
/* After prov_found: the record differs from what the job wants: its address, its TTL when
 * ttl_comparable and the config sets one, or something only the provider sees. */
bool prov_differs(const struct prov_job *job, bool ttl_comparable, bool other_differs);
/* prov_decide for providers with more to compare: what names the non-address attributes in
 * messages ("ttl", "ttl/proxied"). */
enum prov_result prov_decide_ex(struct prov_job *job, const char *name, int update,
				bool ttl_comparable, bool other_differs, const char *what,
				struct prov_outcome *out);
/* End the job after a successful write: "created TYPE NAME ADDR", "updated TYPE NAME OLD ->
 * NEW" or "updated TYPE NAME ADDR (ttl)". */
enum prov_result prov_written(struct prov_job *job, const char *name, bool created,
			      struct prov_outcome *out);
/* The same, naming the non-address attributes what ("ttl/proxied"). */
/* A 2xx that does not prove the write (no record id, or not the one written to): transient,
 * "PROVIDER: the provider's answer did not confirm the write (WHY)". */
enum prov_result prov_unconfirmed(struct prov_job *job, const char *provider, const char *why,
				  struct prov_outcome *out);
enum prov_result prov_written_ex(struct prov_job *job, const char *name, bool created,
				 const char *what, struct prov_outcome *out);

/* A dry run of a provider that cannot be read ends before its first request, since that
 * request writes: true when so, with out (and job->pair_out for a paired job) saying what
 * would be sent ("would send GET https://host/nic/update: A home.example.com 192.0.2.1").
 * False when the job must run (a readable provider, or a first request that only reads). */
bool prov_dry_write(struct prov_job *job, struct prov_outcome *out);

/* "ok", "unchanged", "next-step", "retry", "auth", "permanent" */
const char *prov_result_name(enum prov_result r);

#endif
