// SPDX-License-Identifier: MIT
/* Alibaba Cloud DNS: DescribeSubDomainRecords -> compare -> UpdateDomainRecord or
 * AddDomainRecord, a zone's records read in bulk with DescribeDomainRecords, and writes the
 * agent knows to be needed sent directly; RPC calls (POST /, parameters in the query, empty
 * body) signed with ACS3-HMAC-SHA256, as pure build/parse steps. */
#include "providers/alidns.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/alidns_reply.h"
#include "providers/endpoint.h"
#include "providers/idn.h"
#include "providers/sign_acs3.h"

/* Facts: shared/design/providers-reference.md §2, from the alidns20150109 SDK models and
 * https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature
 *
 * A record id from the state file alone does not skip the look-up: DescribeSubDomainRecords
 * costs one request like DescribeDomainRecordInfo would, and it also proves that the id still
 * names this name and type (a record deleted and re-made by hand gets a new id). Only what
 * this run saw (the agent's direct and absent) is written without it; a stale id there
 * (DomainRecordNotBelongToUser) leads back to the look-up. */
#define MAX_REFINDS    2	  /* look-ups again after an update hit a stale record id */
#define LIST_PAGE_SIZE 500	  /* DescribeDomainRecords' largest page */
#define LIST_MAX_REPLY (2u << 20) /* such a page: ~300 bytes a record, with room */
#define STR_(x)	       #x
#define STR(x)	       STR_(x)

/* What a job keeps between its steps, in prov_job.priv (zeroed by prov_job_init). */
struct priv {
	char line[ALIDNS_REPLY_LINE_LEN]; /* the found record's line: an update keeps it */
	unsigned refinds;
	unsigned lfam; /* a bulk read: the family read now (the first in list->fams >= it) */
	unsigned page; /* ... and its page, from 0 */
};
_Static_assert(sizeof(struct priv) <= sizeof(((struct prov_job *)0)->priv), "priv too big");

/* The record name in ASCII (IDN names in Punycode) and its split for the API. */
struct names {
	char fqdn[IDN_MAX];	     /* SubDomain */
	char label[DNSNAME_MAX + 1]; /* RR: "www", "a.www", "@" at the apex */
	char zone[DNSNAME_MAX + 1];  /* DomainName: zone =, or the name minus its first label */
};

static void priv_get(const struct prov_job *job, struct priv *p)
{
	memcpy(p, job->priv, sizeof(*p));
	p->line[sizeof(p->line) - 1] = '\0';
}

static void priv_put(struct prov_job *job, const struct priv *p)
{
	memcpy(job->priv, p, sizeof(*p));
}

static int names_of(const struct prov_job *job, struct names *n, struct errbuf *err)
{
	return idn_split(job->rec->name, job->rec->zone, n->fqdn, n->label, n->zone, err);
}

static const char *key_id_of(const struct cfg_provider *cfg)
{
	return cfg ? cfg_provider_get(cfg, "access-key-id") : NULL;
}

static const struct secret *secret_of(const struct cfg_provider *cfg)
{
	return cfg ? cfg_provider_secret(cfg, "access-key-secret") : NULL;
}

/* The id goes into "Credential=ID,SignedHeaders=...": no comma, space or control byte. */
static bool key_id_ok(const char *id)
{
	if (!id || !id[0])
		return false;
	for (; *id; id++)
		if ((unsigned char)*id <= 0x20 || (unsigned char)*id >= 0x7f || *id == ',')
			return false;
	return true;
}

static int check_config(const struct cfg_provider *cfg, struct errbuf *err)
{
	const struct secret *sec = secret_of(cfg);
	const char *id = key_id_of(cfg), *ep = cfg_provider_get(cfg, "endpoint");
	char host[ENDPOINT_HOST_LEN], path[ENDPOINT_PATH_LEN];

	if (!id || !id[0]) {
		errbuf_set(err,
			   "access-key-id: missing; set it to the AccessKey ID of a RAM user "
			   "allowed the alidns DescribeSubDomainRecords, DescribeDomainRecords, "
			   "AddDomainRecord and UpdateDomainRecord actions");
		return -EINVAL;
	}
	if (!key_id_ok(id)) {
		errbuf_set(err, "access-key-id: holds a space, comma or control character; "
				"give the AccessKey ID alone");
		return -EINVAL;
	}
	if (!sec) {
		errbuf_set(err, "access-key-secret: missing; set access-key-secret = env:VAR, "
				"access-key-secret = cred:NAME or access-key-secret-file = PATH");
		return -EINVAL;
	}
	/* An unresolved reference (env:, cred:, -file) is checked once it is read. */
	if (secret_is_set(sec) && sec->len == 0) {
		errbuf_set(err, "access-key-secret: empty; give the AccessKey secret");
		return -EINVAL;
	}
	if (ep && endpoint_parts(ep, host, path)) {
		errbuf_set(err, "endpoint: not an https:// URL; expected e.g. %s", ALIDNS_ENDPOINT);
		return -EINVAL;
	}
	return 0;
}

/* The step to take now. At the start: a bulk read lists; what the agent knows is written
 * without a read (absent: a bulk read found no such record; direct: the record holds another
 * address at record_id); anything else is looked up first. A dry run always reads. */
static int cur_step(const struct prov_job *job)
{
	if (job->step != ALI_START)
		return job->step;
	if (job->list)
		return ALI_LIST;
	if (job->absent && !job->dry_run)
		return ALI_ADD;
	if (job->direct && !job->dry_run && !job->read_first && prov_id_valid(job->record_id))
		return ALI_UPDATE;
	return ALI_FIND;
}

static bool is_write(int step)
{
	return step == ALI_ADD || step == ALI_UPDATE;
}

/* A bulk read: the family whose records are read now, or FAM_N when all were. */
static enum fam list_fam(const struct prov_job *job, const struct priv *p)
{
	if (!job->list)
		return FAM_N;
	for (unsigned f = p->lfam; f < FAM_N; f++)
		if (job->list->fams & (1u << f))
			return (enum fam)f;
	return FAM_N;
}

/* alidns has no zone id in its record API: the zone's name (DomainName) stands for one. A
 * direct write sends the configured TTL, else none (the API then makes it 600), and no line
 * (the API then makes it the default), since UpdateDomainRecord resets what it is not sent:
 * a record on another line or with another TTL is read before each write
 * (job->read_first), so that the write keeps them. */
static void note_record(struct prov_job *job, const struct names *n, const char *line, long ttl)
{
	bool plain = (!line[0] || !strcmp(line, "default")) &&
		     (job->rec->ttl > 0 || ttl <= 0 || ttl == ALIDNS_DEFAULT_TTL);

	if (strlen(n->zone) < sizeof(job->zone_id))
		snprintf(job->zone_id, sizeof(job->zone_id), "%s", n->zone);
	job->read_first = !plain;
}

/* The TTL to send: the configured one, else (update) the record's own, so an update does
 * not reset it to the API's default of 600; 0 to leave it out. */
static int ttl_to_send(const struct prov_job *job, int step)
{
	if (job->rec->ttl > 0)
		return job->rec->ttl;
	return step == ALI_UPDATE && job->found_ttl > 0 ? job->found_ttl : 0;
}

/* The action and its parameters for the current step; false if the job cannot go on. */
static bool params_of(const struct prov_job *job, int step, const struct names *n,
		      const struct priv *p, const char *addr, const char *ttl, const char *page,
		      struct sign_acs3_param *par, size_t *np, const char **action)
{
	const char *type = fam_rrtype(job->fam);
	size_t i = 0;

	switch (step) {
	case ALI_LIST:
		if (list_fam(job, p) == FAM_N)
			return false;
		*action = "DescribeDomainRecords";
		par[i++] = (struct sign_acs3_param){"DomainName", n->zone};
		/* The same records as a look-up finds: of the type, on any line. */
		par[i++] = (struct sign_acs3_param){"TypeKeyWord", fam_rrtype(list_fam(job, p))};
		par[i++] = (struct sign_acs3_param){"PageNumber", page};
		par[i++] = (struct sign_acs3_param){"PageSize", STR(LIST_PAGE_SIZE)};
		break;
	case ALI_FIND:
		*action = "DescribeSubDomainRecords";
		par[i++] = (struct sign_acs3_param){"SubDomain", n->fqdn};
		/* Without DomainName the API guesses the zone from the last two labels. */
		par[i++] = (struct sign_acs3_param){"DomainName", n->zone};
		par[i++] = (struct sign_acs3_param){"Type", type};
		break;
	case ALI_ADD:
		*action = "AddDomainRecord";
		par[i++] = (struct sign_acs3_param){"DomainName", n->zone};
		par[i++] = (struct sign_acs3_param){"RR", n->label};
		par[i++] = (struct sign_acs3_param){"Type", type};
		par[i++] = (struct sign_acs3_param){"Value", addr};
		if (ttl[0])
			par[i++] = (struct sign_acs3_param){"TTL", ttl};
		break;
	case ALI_UPDATE:
		if (!prov_id_valid(job->record_id))
			return false;
		*action = "UpdateDomainRecord";
		par[i++] = (struct sign_acs3_param){"RecordId", job->record_id};
		par[i++] = (struct sign_acs3_param){"RR", n->label};
		par[i++] = (struct sign_acs3_param){"Type", type};
		par[i++] = (struct sign_acs3_param){"Value", addr};
		if (ttl[0])
			par[i++] = (struct sign_acs3_param){"TTL", ttl};
		/* Line defaults to "default": leaving it out would move an ISP-line record. */
		if (p->line[0])
			par[i++] = (struct sign_acs3_param){"Line", p->line};
		break;
	default:
		return false;
	}
	*np = i;
	return true;
}

static int build(const struct prov_job *job, struct prov_request *req)
{
	const struct secret *sec = secret_of(job->cfg);
	const char *id = key_id_of(job->cfg), *ep = prov_endpoint(job->cfg, ALIDNS_ENDPOINT),
		   *action = NULL;
	int step = cur_step(job), ttl_n, ret;
	struct sign_acs3_param par[8];
	struct sign_acs3_in in;
	struct sign_acs3_out sig;
	struct names n;
	struct priv p;
	char addr[IPADDR_STRLEN], ttl[16] = "", date[SIGN_ACS3_DATE_LEN + 1], nonce[64];
	char page[16];
	char host[ENDPOINT_HOST_LEN], path[ENDPOINT_PATH_LEN];
	size_t np = 0, i;

	prov_request_http(req, HTTP_POST, is_write(step));
	if (!job->rec || !key_id_ok(id) || !sec || !secret_is_set(sec) || sec->len == 0 ||
	    (step != ALI_LIST && job->want.family != fam_to_af(job->fam)) || !job->nonce[0] ||
	    job->now <= 0)
		return -EINVAL;
	/* Dry run: parse never leads here, and a bug must not turn into a write. */
	if (job->dry_run && is_write(step))
		return -EPERM;
	if (names_of(job, &n, NULL) || !sign_acs3_format_date(job->now, date) ||
	    endpoint_parts(ep, host, path))
		return -EINVAL;
	/* A fresh nonce per request (a repeat is refused with SignatureNonceUsed) that keeps
	 * build pure: the runner's per-job nonce and the number of requests sent so far. */
	if ((size_t)snprintf(nonce, sizeof(nonce), "%.40s-%u", job->nonce, job->n_steps) >=
	    sizeof(nonce))
		return -EINVAL;
	priv_get(job, &p);
	ipaddr_ntop(&job->want, addr);
	ttl_n = ttl_to_send(job, step);
	if (ttl_n > 0)
		snprintf(ttl, sizeof(ttl), "%d", ttl_n);
	snprintf(page, sizeof(page), "%u", p.page + 1);
	if (!params_of(job, step, &n, &p, addr, ttl, page, par, &np, &action))
		return -EINVAL;

	in = (struct sign_acs3_in){
	    .method = "POST",
	    .uri = path,
	    .params = par,
	    .n_params = np,
	    .host = host,
	    .action = action,
	    .version = ALIDNS_VERSION,
	    .date = date,
	    .nonce = nonce,
	    .access_key_id = id,
	    .access_key_secret = sec,
	};
	ret = sign_acs3(&in, &sig, NULL);
	if (ret)
		return ret;
	ret = endpoint_url(ep, sig.query, &req->http.url);
	/* x-acs-*, an empty Content-Type (curl would add an unsigned form type to a POST),
	 * Authorization; Host comes from the URL. */
	for (i = 0; !ret && i < sig.n_headers; i++)
		ret = prov_request_add_header(req, sig.headers[i].name, sig.headers[i].value);
	if (!ret)
		ret = prov_request_add_header(req, "Accept", "application/json");
	if (step == ALI_LIST)
		req->max_reply = LIST_MAX_REPLY;
	sign_acs3_out_free(&sig);
	if (ret)
		prov_request_free(req);
	else
		snprintf(req->shown, sizeof(req->shown), "POST https://%.120s%.120s %.60s", host,
			 path, action);
	return ret;
}

/* A refusal or a reply that is not the API: one line naming the action, the record, the
 * provider's code and message and its RequestId (for a support ticket). */
static enum prov_result failed(struct prov_job *job, const struct names *n, const char *action,
			       const struct apireply *a, const struct prov_reply *r,
			       struct prov_outcome *out)
{
	/* InvalidTimeStamp.Expired: x-acs-date may be off by 15 minutes at most. */
	return apireply_auth_hint(
	    apireply_failed(job, a, r, "alidns", action, n->fqdn, 15, secret_of(job->cfg), out),
	    "the RAM user needs DescribeSubDomainRecords, DescribeDomainRecords, AddDomainRecord "
	    "and UpdateDomainRecord (AliyunDNSFullAccess), or the AccessKey is wrong or disabled",
	    out);
}

static enum prov_result parse_find(struct prov_job *job, const struct names *n,
				   const struct prov_reply *r, struct prov_outcome *out)
{
	const char *type = fam_rrtype(job->fam);
	char uni[4 * IDN_MAX];
	struct alidns_reply a;
	struct priv p;

	alidns_reply_parse_lookup(r->status, r->body, r->len, n->fqdn, type, &a);
	/* The API may spell an IDN name in Unicode (UNCONFIRMED): accept that form too. */
	if (a.api.cls == APIREPLY_OK && !a.matches && strstr(n->fqdn, "xn--") &&
	    !idn_to_unicode(n->fqdn, uni, sizeof(uni)))
		alidns_reply_parse_lookup(r->status, r->body, r->len, uni, type, &a);
	if (a.api.cls != APIREPLY_OK)
		return failed(job, n, "DescribeSubDomainRecords", &a.api, r, out);
	if (!a.matches)
		return prov_not_found(job, n->fqdn, ALI_ADD, out);
	prov_found(job, a.matches, a.record_id, a.value, a.ttl);
	priv_get(job, &p);
	snprintf(p.line, sizeof(p.line), "%s", a.line);
	priv_put(job, &p);
	note_record(job, n, a.line, a.ttl);
	return prov_decide(job, n->fqdn, ALI_UPDATE, out);
}

static enum prov_result parse_write(struct prov_job *job, int step, const struct names *n,
				    const struct prov_reply *r, struct prov_outcome *out)
{
	const char *action = step == ALI_ADD ? "AddDomainRecord" : "UpdateDomainRecord";
	struct alidns_reply a;
	struct priv p;

	alidns_reply_parse_write(r->status, r->body, r->len, &a);
	switch (a.api.cls) {
	case APIREPLY_OK:
		/* Only the RecordId proves it: present, and for an update the one sent. */
		if (!prov_id_valid(a.record_id) ||
		    (step == ALI_UPDATE && strcmp(a.record_id, job->record_id) != 0))
			return prov_unconfirmed(job, "alidns",
						a.record_id[0] ? "another RecordId" : "no RecordId",
						out);
		snprintf(job->record_id, sizeof(job->record_id), "%s", a.record_id);
		/* An add goes on the default line; an update keeps the line it was sent. */
		priv_get(job, &p);
		note_record(job, n, step == ALI_ADD ? "" : p.line, ttl_to_send(job, step));
		return prov_written(job, n->fqdn, step == ALI_ADD, out);
	case APIREPLY_EXISTS:
		/* Update: the record already holds the value; add: an equal record exists. */
		return apireply_exists(job, &a.api, action, n->fqdn, out);
	case APIREPLY_STALE_ID:
		priv_get(job, &p);
		if (step != ALI_UPDATE || p.refinds >= MAX_REFINDS)
			break;
		/* Deleted since the look-up (or since the agent last saw it, for a direct
		 * write): find it (or nothing) again. */
		p.refinds++;
		priv_put(job, &p);
		return prov_refind(job, ALI_FIND);
	default:
		break;
	}
	return failed(job, n, action, &a.api, r, out);
}

/* One page of a bulk read: its records into job->list; then the next page, the next family,
 * or the end. A refused page (throttled, 5xx) leaves the cursor where it is, so the agent's
 * retry of the same job asks for that page again. */
static enum prov_result parse_list(struct prov_job *job, const struct names *n,
				   const struct prov_reply *r, struct prov_outcome *out)
{
	struct alidns_reply a;
	struct priv p;
	enum fam fam;

	priv_get(job, &p);
	fam = list_fam(job, &p);
	if (fam == FAM_N)
		return prov_outcome_set(out, NULL, PROV_PERMANENT, "alidns: nothing to list");
	/* Records whose TTL a direct write would change are left to their own look-up; the
	 * group's records mostly share the configuration of the one that names the zone. */
	alidns_reply_parse_list(r->status, r->body, r->len, fam, job->rec->ttl, job->list, &a);
	if (a.api.cls != APIREPLY_OK) {
		struct names z = *n; /* the message names the zone */

		snprintf(z.fqdn, sizeof(z.fqdn), "%s", n->zone);
		return failed(job, &z, "DescribeDomainRecords", &a.api, r, out);
	}
	if (a.list_err) {
		prov_outcome_set(out, NULL, a.list_err == -ENOMEM ? PROV_RETRY : PROV_PERMANENT,
				 "alidns: zone %s: more than %d records to read", n->zone,
				 PROV_LIST_MAX);
		return prov_finish(job, out, out->result);
	}
	/* TotalCount says how many pages there are; without it, a full page asks for more. */
	if (a.page_n > 0 &&
	    (a.total_count >= 0 ? (long long)(p.page + 1) * LIST_PAGE_SIZE < a.total_count
				: a.page_n >= LIST_PAGE_SIZE)) {
		p.page++;
		priv_put(job, &p);
		return PROV_NEXT_STEP;
	}
	p.lfam = (unsigned)fam + 1;
	p.page = 0;
	priv_put(job, &p);
	if (list_fam(job, &p) != FAM_N)
		return PROV_NEXT_STEP;
	/* Listed records are on the default line with a TTL a direct write keeps (others are
	 * not addresses to the agent), and the absent ones will be created so. */
	note_record(job, n, "", 0);
	prov_outcome_set(out, NULL, PROV_OK, "alidns: read %zu records of zone %s in bulk",
			 job->list->n, n->zone);
	return prov_finish(job, out, PROV_OK);
}

static enum prov_result parse(struct prov_job *job, const struct prov_reply *r,
			      struct prov_outcome *out)
{
	struct errbuf err = {{0}};
	struct names n;
	int step = cur_step(job);

	if (!job->rec)
		return prov_outcome_set(out, NULL, PROV_PERMANENT, "alidns: no record");
	if (names_of(job, &n, &err))
		return prov_outcome_set(out, NULL, PROV_PERMANENT, "alidns: %s", err.msg);
	switch (step) {
	case ALI_FIND:
		return parse_find(job, &n, r, out);
	case ALI_LIST:
		if (job->list)
			return parse_list(job, &n, r, out);
		break;
	case ALI_ADD:
	case ALI_UPDATE:
		return parse_write(job, step, &n, r, out);
	default:
		break;
	}
	return prov_outcome_set(out, NULL, PROV_PERMANENT, "alidns: bad job step %d", step);
}

/* providers-reference.md §2. The default rate-limit stays conservative: Alibaba's quota page
 * (help/en/dns/api-alidns-2015-01-09-quota) gives 100/s for DescribeDomainRecords and 60/s
 * for AddDomainRecord and UpdateDomainRecord per account, and documents no daily cap. */
static const struct config_schema_key keys[] = {
    PROV_KEY_ENDPOINT,
    {"access-key-id", CFG_VAL_TEXT, false, true, NULL},
    {"access-key-secret", CFG_VAL_TEXT, true, true, NULL},
    PROV_KEY_MAX_CONCURRENT,
    PROV_KEY_RATE_LIMIT("6/s"),
    PROV_KEY_END,
};

const struct provider_ops alidns_ops = {
    .name = "alidns",
    .keys = keys,
    .account_key = "access-key-id",
    .readable = true,
    .lists = true,
    .zone_from_name = true,
    .check_config = check_config,
    .build = build,
    .parse = parse,
};
