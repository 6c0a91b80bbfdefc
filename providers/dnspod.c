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
 * A job always starts with the look-up, even when the state file knows the record id: it
 * costs one request, gives the value to compare and the line to keep, and proves the id
 * still names this label and type. Errors come back with HTTP 200 in Response.Error. */
#define LIST_LIMIT  100 /* default page; one label and type has a handful of records */
#define MAX_REFINDS 2	/* look-ups again after a modify hit a stale record id */

/* What a job keeps between its steps, in prov_job.priv (zeroed by prov_job_init). */
struct priv {
	char line[DNSPOD_REPLY_LINE_LEN];	/* the found record's RecordLine ("默认") */
	char line_id[DNSPOD_REPLY_LINE_ID_LEN]; /* and its RecordLineId ("0") */
	unsigned refinds;
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

static int cur_step(const struct prov_job *job)
{
	return job->step == DP_START ? DP_FIND : job->step;
}

/* A record id written into the JSON as a number: decimal digits only (it is inserted raw,
 * so that ids above 2^31 print exactly), as dnspod_reply stores them. */
static bool record_id_ok(const char *id)
{
	size_t len = strlen(id);

	return len && len <= 19 && id[0] != '0' && strspn(id, "0123456789") == len;
}

/* The JSON body of the current step and its action; NULL when the job cannot go on or
 * memory ran out (*nomem tells which). */
static char *make_body(const struct prov_job *job, int step, const struct names *n,
		       const struct priv *p, const char **action, bool *nomem)
{
	const char *type = fam_rrtype(job->fam);
	char addr[IPADDR_STRLEN];
	int ttl = job->rec->ttl;
	cJSON *o;
	char *body = NULL;
	bool ok;

	*nomem = false;
	if (step == DP_MODIFY && !record_id_ok(job->record_id))
		return NULL;
	if (step != DP_FIND && step != DP_CREATE && step != DP_MODIFY)
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

	prov_request_http(req, HTTP_POST, step != DP_FIND);
	if (!job->rec || !secret_id_ok(id) || !key || !secret_is_set(key) || key->len == 0 ||
	    job->want.family != fam_to_af(job->fam) || job->now <= 0)
		return -EINVAL;
	/* Dry run: parse never leads here, and a bug must not turn into a write. */
	if (job->dry_run && step != DP_FIND)
		return -EPERM;
	if (names_of(job, &n, NULL) || endpoint_parts(ep, host, path) || strcmp(path, "/") != 0)
		return -EINVAL;
	priv_get(job, &p);
	req->http.body = make_body(job, step, &n, &p, &action, &nomem);
	if (!req->http.body)
		return nomem ? -ENOMEM : -EINVAL;
	/* The signature covers exactly these bytes, which are the ones sent. */
	req->http.body_len = strlen(req->http.body);
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
	if (d.api.cls == APIREPLY_NOT_FOUND || !d.matches)
		return prov_not_found(job, n->fqdn, DP_CREATE, out);
	snprintf(id, sizeof(id), "%" PRIu64, d.record_id);
	prov_found(job, d.matches, id, d.value, d.ttl);
	priv_get(job, &p);
	snprintf(p.line, sizeof(p.line), "%s", d.line);
	snprintf(p.line_id, sizeof(p.line_id), "%s", d.line_id);
	priv_put(job, &p);
	return prov_decide(job, n->fqdn, DP_MODIFY, out);
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
    PROV_KEY_END,
};

const struct provider_ops dnspod_ops = {
    .name = "dnspod",
    .keys = keys,
    .account_key = "secret-id",
    .readable = true,
    .check_config = check_config,
    .build = build,
    .parse = parse,
};
