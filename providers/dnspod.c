// SPDX-License-Identifier: MIT
/* Tencent Cloud DNSPod: DescribeRecordList -> compare -> ModifyRecord or CreateRecord, JSON
 * POSTs to / signed with TC3-HMAC-SHA256, as pure build/parse steps. */
#include "providers/dnspod.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/dnspod_reply.h"
#include "providers/endpoint.h"
#include "providers/idn.h"
#include "providers/sign_tc3.h"

/* Facts: shared/design/providers-reference.md §3, from the dnspod 2021-03-23 SDK models
 * and https://cloud.tencent.com/document/api/1427/56166 (DescribeRecordList).
 * A job starts with the look-up, even when the state file knows the record id: it costs one
 * request, gives the value to compare and the line to keep, and proves the id still names
 * this label and type; only what this run read or wrote is written directly (job->direct).
 * Errors come back with HTTP 200 in Response.Error. */
#define LIST_LIMIT  100 /* default page; one label and type has a handful of records */
#define MAX_REFINDS 2	/* look-ups again after a modify hit a stale record id */
/* A bulk read's page. The API takes up to 3000; 1000 keeps a page's reply near 300 KB (about
 * 300 bytes a record; 1.2 MB with 200-byte names and remarks) and its parsed tree as small,
 * for one more request per 1000 records of a family. */
#define BULK_LIMIT     1000
#define BULK_MAX_REPLY (2u << 20)
/* The TTL a ModifyRecord without one gives the record (and CreateRecord's default). */
#define DEFAULT_TTL 600

/* What a job keeps between its steps, in prov_job.priv (zeroed by prov_job_init). */
struct priv {
	char line[DNSPOD_REPLY_LINE_LEN];	/* the found record's RecordLine ("默认") */
	char line_id[DNSPOD_REPLY_LINE_ID_LEN]; /* and its RecordLineId ("0") */
	unsigned refinds;
	unsigned lfam;	 /* a bulk read: the family read now (the first in list->fams >= it) */
	uint32_t offset; /* ... and the Offset of its page */
};
_Static_assert(sizeof(struct priv) <= sizeof(((struct prov_job *)0)->priv), "priv too big");

/* The record name in ASCII (IDN names in Punycode) and its split for the API. */
struct names {
	char fqdn[IDN_MAX];
	char label[DNSNAME_MAX + 1]; /* Subdomain / SubDomain: "www", "a.www", "@" */
	char zone[DNSNAME_MAX + 1];  /* Domain: zone =, or the name minus its first label */
};

static void priv_get(const struct prov_job *job, struct priv *p)
{
	memcpy(p, job->priv, sizeof(*p));
	p->line[sizeof(p->line) - 1] = '\0';
	p->line_id[sizeof(p->line_id) - 1] = '\0';
}

static void priv_put(struct prov_job *job, const struct priv *p)
{
	memcpy(job->priv, p, sizeof(*p));
}

static int names_of(const struct prov_job *job, struct names *n, struct errbuf *err)
{
	return idn_split(job->rec->name, job->rec->zone, n->fqdn, n->label, n->zone, err);
}

static const char *secret_id_of(const struct cfg_provider *cfg)
{
	return cfg ? cfg_provider_get(cfg, "secret-id") : NULL;
}

static const struct secret *secret_key_of(const struct cfg_provider *cfg)
{
	return cfg ? cfg_provider_secret(cfg, "secret-key") : NULL;
}

/* The id goes into "Credential=ID/DATE/dnspod/tc3_request, ...": no ',', '/' or space. */
static bool secret_id_ok(const char *id)
{
	if (!id || !id[0])
		return false;
	for (; *id; id++)
		if ((unsigned char)*id <= 0x20 || (unsigned char)*id >= 0x7f || *id == ',' ||
		    *id == '/')
			return false;
	return true;
}

/* TC3 signs the path "/" (API 3.0 has no other), so an endpoint must not carry one. */
static bool endpoint_ok(const char *ep)
{
	char host[ENDPOINT_HOST_LEN], path[ENDPOINT_PATH_LEN];

	return endpoint_parts(ep, host, path) == 0 && strcmp(path, "/") == 0;
}

static int check_config(const struct cfg_provider *cfg, struct errbuf *err)
{
	const struct secret *key = secret_key_of(cfg);
	const char *id = secret_id_of(cfg), *ep = cfg_provider_get(cfg, "endpoint");

	if (!id || !id[0]) {
		errbuf_set(err, "secret-id: missing; set it to the SecretId of a CAM key allowed "
				"the dnspod DescribeRecordList, CreateRecord and ModifyRecord "
				"actions");
		return -EINVAL;
	}
	if (!secret_id_ok(id)) {
		errbuf_set(err, "secret-id: holds a space, comma, slash or control character; "
				"give the SecretId alone");
		return -EINVAL;
	}
	if (!key) {
		errbuf_set(err, "secret-key: missing; set secret-key = env:VAR, "
				"secret-key = cred:NAME or secret-key-file = PATH");
		return -EINVAL;
	}
	/* An unresolved reference (env:, cred:, -file) is checked once it is read. */
	if (secret_is_set(key) && key->len == 0) {
		errbuf_set(err, "secret-key: empty; give the SecretKey");
		return -EINVAL;
	}
	if (ep && !endpoint_ok(ep)) {
		errbuf_set(err, "endpoint: not an https:// URL without a path; expected e.g. %s",
			   DNSPOD_ENDPOINT);
		return -EINVAL;
	}
	return 0;
}

/* The zone's id is its Domain, which is how the API names a zone. A direct ModifyRecord names
 * the default line and no TTL unless ttl = is set: a record it would move or change is read
 * before each write (job->read_first). */
static void note_record(struct prov_job *job, const struct names *n, bool direct_ok)
{
	if (strlen(n->zone) < sizeof(job->zone_id))
		snprintf(job->zone_id, sizeof(job->zone_id), "%s", n->zone);
	job->read_first = !direct_ok;
}

/* A record id written into the JSON as a number: decimal digits only (it is inserted raw,
 * so that ids above 2^31 print exactly), as dnspod_reply stores them. */
static bool record_id_ok(const char *id)
{
	size_t len = strlen(id);

	return len && len <= 19 && id[0] != '0' && strspn(id, "0123456789") == len;
}

/* The first step: a bulk read; a create or modify the agent knows to be needed (never in a
 * dry run, which reads and says what it would write); else the look-up. */
static int cur_step(const struct prov_job *job)
{
	if (job->step != DP_START)
		return job->step;
	if (job->list)
		return DP_LIST;
	if (job->absent && !job->dry_run)
		return DP_CREATE;
	if (job->direct && !job->dry_run && !job->read_first && record_id_ok(job->record_id))
		return DP_MODIFY;
	return DP_FIND;
}

/* A bulk read: the family whose records are read now, or FAM_N when all were. */
static enum fam list_fam(const struct prov_job *job)
{
	struct priv p;

	if (!job->list)
		return FAM_N;
	priv_get(job, &p);
	for (unsigned f = p.lfam; f < FAM_N; f++)
		if (job->list->fams & (1u << f))
			return (enum fam)f;
	return FAM_N;
}

/* The JSON body of the current step and its action; NULL when the job cannot go on or
 * memory ran out (*nomem tells which). */
static char *make_body(const struct prov_job *job, int step, const struct names *n,
		       const struct priv *p, const char **action, bool *nomem)
{
	const char *type = fam_rrtype(step == DP_LIST ? list_fam(job) : job->fam);
	char addr[IPADDR_STRLEN];
	int ttl = job->rec->ttl;
	cJSON *o;
	char *body = NULL;
	bool ok;

	*nomem = false;
	if (step == DP_MODIFY && !record_id_ok(job->record_id))
		return NULL;
	if (step != DP_FIND && step != DP_CREATE && step != DP_MODIFY && step != DP_LIST)
		return NULL;
	if (step == DP_LIST && list_fam(job) == FAM_N)
		return NULL;
	o = cJSON_CreateObject();
	ok = o && cJSON_AddStringToObject(o, "Domain", n->zone);
	ipaddr_ntop(&job->want, addr);
	switch (step) {
	case DP_FIND:
		*action = "DescribeRecordList";
		/* Subdomain (lower-case d here) may match more than the label: parse filters. */
		ok = ok && cJSON_AddStringToObject(o, "Subdomain", n->label) &&
		     cJSON_AddStringToObject(o, "RecordType", type) &&
		     cJSON_AddNumberToObject(o, "Limit", LIST_LIMIT);
		break;
	case DP_LIST:
		*action = "DescribeRecordList";
		/* Every label and line of the zone; the agent picks each record's own. */
		ok = ok && cJSON_AddStringToObject(o, "RecordType", type) &&
		     cJSON_AddNumberToObject(o, "Offset", p->offset) &&
		     cJSON_AddNumberToObject(o, "Limit", BULK_LIMIT);
		ttl = 0;
		break;
	case DP_CREATE:
		*action = "CreateRecord";
		ok = ok && cJSON_AddStringToObject(o, "SubDomain", n->label) &&
		     cJSON_AddStringToObject(o, "RecordType", type) &&
		     cJSON_AddStringToObject(o, "RecordLine", DNSPOD_DEFAULT_LINE) &&
		     cJSON_AddStringToObject(o, "Value", addr);
		break;
	case DP_MODIFY:
		*action = "ModifyRecord";
		/* SubDomain defaults to "@" when left out: always send it. The line is kept
		 * (RecordLineId wins over RecordLine where both are given). The TTL too, as
		 * the API would otherwise reset it. */
		ok = ok && cJSON_AddStringToObject(o, "SubDomain", n->label) &&
		     cJSON_AddStringToObject(o, "RecordType", type) &&
		     cJSON_AddStringToObject(o, "RecordLine",
					     p->line[0] ? p->line : DNSPOD_DEFAULT_LINE);
		if (ok && p->line_id[0])
			ok = cJSON_AddStringToObject(o, "RecordLineId", p->line_id) != NULL;
		ok = ok && cJSON_AddStringToObject(o, "Value", addr) &&
		     cJSON_AddRawToObject(o, "RecordId", job->record_id);
		if (ttl <= 0)
			ttl = job->found_ttl;
		break;
	}
	if (ok && ttl > 0)
		ok = cJSON_AddNumberToObject(o, "TTL", ttl) != NULL;
	if (ok)
		body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	*nomem = !body;
	return body;
}

static int build(const struct prov_job *job, struct prov_request *req)
{
	const struct secret *key = secret_key_of(job->cfg);
	const char *id = secret_id_of(job->cfg), *ep = prov_endpoint(job->cfg, DNSPOD_ENDPOINT),
		   *action = NULL;
	char host[ENDPOINT_HOST_LEN], path[ENDPOINT_PATH_LEN];
	int step = cur_step(job), ret;
	struct sign_tc3_in in;
	struct sign_tc3_out sig;
	struct names n;
	struct priv p;
	bool nomem;
	size_t i;

	prov_request_http(req, HTTP_POST, step != DP_FIND && step != DP_LIST);
	if (!job->rec || !secret_id_ok(id) || !key || !secret_is_set(key) || key->len == 0 ||
	    (!job->list && job->want.family != fam_to_af(job->fam)) || job->now <= 0)
		return -EINVAL;
	/* Dry run: parse never leads here, and a bug must not turn into a write. */
	if (job->dry_run && req->writes)
		return -EPERM;
	if (names_of(job, &n, NULL) || endpoint_parts(ep, host, path) || strcmp(path, "/") != 0)
		return -EINVAL;
	priv_get(job, &p);
	req->http.body = make_body(job, step, &n, &p, &action, &nomem);
	if (!req->http.body)
		return nomem ? -ENOMEM : -EINVAL;
	/* The signature covers exactly these bytes, which are the ones sent. */
	req->http.body_len = strlen(req->http.body);
	if (step == DP_LIST)
		req->max_reply = BULK_MAX_REPLY;
	in = (struct sign_tc3_in){
	    .method = "POST",
	    .host = host,
	    .service = DNSPOD_SERVICE,
	    .action = action,
	    .version = DNSPOD_VERSION,
	    .timestamp = job->now,
	    .content_type = DNSPOD_CONTENT_TYPE,
	    .body = req->http.body,
	    .body_len = req->http.body_len,
	    .secret_id = id,
	    .secret_key = key,
	};
	ret = sign_tc3(&in, &sig, NULL);
	if (ret) {
		prov_request_free(req);
		return ret;
	}
	ret = endpoint_url(ep, NULL, &req->http.url);
	/* Content-Type, X-TC-Action/Version/Timestamp, Authorization; Host from the URL. */
	for (i = 0; !ret && i < sig.n_headers; i++)
		ret = prov_request_add_header(req, sig.headers[i].name, sig.headers[i].value);
	/* Error messages in English (Chinese by default): log lines are ASCII, and Chinese
	 * would reach them as '?'. A common parameter, not signed. */
	if (!ret)
		ret = prov_request_add_header(req, "X-TC-Language", "en-US");
	sign_tc3_out_free(&sig);
	if (ret)
		prov_request_free(req);
	else
		snprintf(req->shown, sizeof(req->shown), "POST https://%.120s%.120s %.60s", host,
			 path, action);
	return ret;
}

/* A refusal or a reply that is not the API: one line naming the action, the record, the
 * provider's code and message (non-ASCII shown as '?') and its RequestId. */
static enum prov_result failed(struct prov_job *job, const struct names *n, const char *action,
			       const struct apireply *d, const struct prov_reply *r,
			       struct prov_outcome *out)
{
	/* AuthFailure.SignatureExpire: X-TC-Timestamp may be off by 5 minutes at most. */
	return apireply_auth_hint(
	    apireply_failed(job, d, r, "dnspod", action, n->fqdn, 5, secret_key_of(job->cfg), out),
	    "the CAM user needs DescribeRecordList, CreateRecord and ModifyRecord "
	    "(QcloudDNSPodFullAccess), or the SecretId/SecretKey is wrong",
	    out);
}

static enum prov_result parse_find(struct prov_job *job, const struct names *n,
				   const struct prov_reply *r, struct prov_outcome *out)
{
	const char *type = fam_rrtype(job->fam);
	char uni[4 * IDN_MAX], id[PROV_ID_LEN];
	struct dnspod_reply d;
	struct priv p;

	dnspod_reply_parse_lookup(r->status, r->body, r->len, n->label, type, &d);
	/* The API may spell an IDN label in Unicode (UNCONFIRMED): accept that form too. */
	if (d.api.cls == APIREPLY_OK && !d.matches && strstr(n->label, "xn--") &&
	    !idn_to_unicode(n->label, uni, sizeof(uni)))
		dnspod_reply_parse_lookup(r->status, r->body, r->len, uni, type, &d);
	if (d.api.cls != APIREPLY_OK && d.api.cls != APIREPLY_NOT_FOUND)
		return failed(job, n, "DescribeRecordList", &d.api, r, out);
	if (d.api.cls == APIREPLY_NOT_FOUND || !d.matches) {
		/* Created on the default line, with ttl = or 600. */
		note_record(job, n, true);
		return prov_not_found(job, n->fqdn, DP_CREATE, out);
	}
	snprintf(id, sizeof(id), "%" PRIu64, d.record_id);
	prov_found(job, d.matches, id, d.value, d.ttl);
	priv_get(job, &p);
	snprintf(p.line, sizeof(p.line), "%s", d.line);
	snprintf(p.line_id, sizeof(p.line_id), "%s", d.line_id);
	priv_put(job, &p);
	note_record(job, n, d.default_line && (job->rec->ttl > 0 || d.ttl == DEFAULT_TTL));
	return prov_decide(job, n->fqdn, DP_MODIFY, out);
}

/* A bulk read's page, record by record into job->list. */
struct list_ctx {
	struct prov_job *job;
	const char *zone;
	enum fam fam;
	int err; /* prov_list_add's, which stops the page */
};

static bool list_one(void *arg, const struct dnspod_item *it)
{
	struct list_ctx *c = arg;
	char full[2 * IDN_MAX];
	struct prov_listed e;
	int len;

	memset(&e, 0, sizeof(e));
	if (!strcmp(it->name, "@"))
		len = snprintf(full, sizeof(full), "%s", c->zone);
	else
		len = snprintf(full, sizeof(full), "%s.%s", it->name, c->zone);
	/* A name that cannot be looked up later is left out: its own job reads it. */
	if (len < 0 || (size_t)len >= sizeof(full) || !prov_fqdn(full, e.name))
		return true;
	e.fam = c->fam;
	snprintf(e.id, sizeof(e.id), "%" PRIu64, it->record_id);
	/* A direct ModifyRecord names the default line and, unless the config sets a TTL,
	 * none (the API then makes it 600): a record on another line or with another TTL is
	 * given without its address, so that its own job reads it and keeps both. */
	if (!it->default_line || it->ttl != DEFAULT_TTL ||
	    !ipaddr_parse(it->value, fam_to_af(c->fam), &e.addr))
		e.addr.family = AF_UNSPEC;
	c->err = prov_list_add(c->job->list, &e);
	return c->err == 0;
}

/* One page of a bulk read: its records into job->list; then the next page, the next family,
 * or the end. */
static enum prov_result parse_list(struct prov_job *job, const struct names *n,
				   const struct prov_reply *r, struct prov_outcome *out)
{
	struct list_ctx c = {.job = job, .zone = n->zone, .fam = list_fam(job)};
	struct dnspod_reply d;
	struct priv p;
	uint64_t next;
	bool more;

	if (c.fam == FAM_N)
		return prov_outcome_set(out, NULL, PROV_PERMANENT, "dnspod: no family to read");
	dnspod_reply_parse_list(r->status, r->body, r->len, fam_rrtype(c.fam), list_one, &c, &d);
	if (c.err) {
		prov_outcome_set(out, NULL, c.err == -ENOMEM ? PROV_RETRY : PROV_PERMANENT,
				 "dnspod: zone %s: more than %d records to read", n->zone,
				 PROV_LIST_MAX);
		return prov_finish(job, out, out->result);
	}
	/* NoDataOfRecord: the zone has no record of this type. */
	if (d.api.cls != APIREPLY_OK && d.api.cls != APIREPLY_NOT_FOUND) {
		/* The message names the type and the zone read. */
		struct names zn = *n;
		enum fam fam = job->fam;
		enum prov_result res;

		snprintf(zn.fqdn, sizeof(zn.fqdn), "%s", n->zone);
		job->fam = c.fam;
		res = failed(job, &zn, "DescribeRecordList", &d.api, r, out);
		job->fam = fam;
		return res;
	}
	priv_get(job, &p);
	job->step = DP_LIST;
	next = (uint64_t)p.offset + d.listed;
	more = d.total_count >= 0 ? next < (uint64_t)d.total_count : d.listed >= BULK_LIMIT;
	if (d.api.cls == APIREPLY_OK && d.listed > 0 && more && next <= UINT32_MAX) {
		p.offset = (uint32_t)next;
		priv_put(job, &p);
		return PROV_NEXT_STEP;
	}
	p.lfam = (unsigned)c.fam + 1;
	p.offset = 0;
	priv_put(job, &p);
	if (list_fam(job) != FAM_N)
		return PROV_NEXT_STEP;
	/* The records given with an address are on the default line, with TTL 600. */
	note_record(job, n, true);
	prov_outcome_set(out, NULL, PROV_OK, "dnspod: read %zu records of zone %s in bulk",
			 job->list->n, n->zone);
	return prov_finish(job, out, PROV_OK);
}

static enum prov_result parse_write(struct prov_job *job, int step, const struct names *n,
				    const struct prov_reply *r, struct prov_outcome *out)
{
	const char *action = step == DP_CREATE ? "CreateRecord" : "ModifyRecord";
	struct dnspod_reply d;
	struct priv p;

	dnspod_reply_parse_write(r->status, r->body, r->len, &d);
	switch (d.api.cls) {
	case APIREPLY_OK: {
		char id[24];

		/* Only the RecordId proves it: present, and for a modify the one sent. */
		snprintf(id, sizeof(id), "%" PRIu64, d.record_id);
		if (d.record_id == 0 || (step == DP_MODIFY && strcmp(id, job->record_id) != 0))
			return prov_unconfirmed(
			    job, "dnspod", d.record_id ? "another RecordId" : "no RecordId", out);
		snprintf(job->record_id, sizeof(job->record_id), "%s", id);
		return prov_written(job, n->fqdn, step == DP_CREATE, out);
	}
	case APIREPLY_EXISTS:
		/* An equal record (same label, type, line and value) is already there. */
		return apireply_exists(job, &d.api, action, n->fqdn, out);
	case APIREPLY_STALE_ID:
		priv_get(job, &p);
		if (step != DP_MODIFY || p.refinds >= MAX_REFINDS)
			break;
		/* Deleted since the look-up: find it (or nothing) again. */
		p.refinds++;
		priv_put(job, &p);
		return prov_refind(job, DP_FIND);
	default:
		break;
	}
	return failed(job, n, action, &d.api, r, out);
}

static enum prov_result parse(struct prov_job *job, const struct prov_reply *r,
			      struct prov_outcome *out)
{
	struct errbuf err = {{0}};
	struct names n;
	int step = cur_step(job);

	if (!job->rec)
		return prov_outcome_set(out, NULL, PROV_PERMANENT, "dnspod: no record");
	if (names_of(job, &n, &err))
		return prov_outcome_set(out, NULL, PROV_PERMANENT, "dnspod: %s", err.msg);
	switch (step) {
	case DP_FIND:
		return parse_find(job, &n, r, out);
	case DP_CREATE:
	case DP_MODIFY:
		return parse_write(job, step, &n, r, out);
	case DP_LIST:
		return parse_list(job, &n, r, out);
	default:
		break;
	}
	return prov_outcome_set(out, NULL, PROV_PERMANENT, "dnspod: bad job step %d", step);
}

/* providers-reference.md §3. */
static const struct config_schema_key keys[] = {
    PROV_KEY_ENDPOINT,
    {"secret-id", CFG_VAL_TEXT, false, true, NULL},
    {"secret-key", CFG_VAL_TEXT, true, true, NULL},
    PROV_KEY_MAX_CONCURRENT,
    PROV_KEY_RATE_LIMIT("20/s"),
    PROV_KEY_END,
};

const struct provider_ops dnspod_ops = {
    .name = "dnspod",
    .keys = keys,
    .account_key = "secret-id",
    .readable = true,
    .lists = true,
    .zone_from_name = true,
    .check_config = check_config,
    .build = build,
    .parse = parse,
};
