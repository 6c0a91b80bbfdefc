// SPDX-License-Identifier: MIT
/* Cloudflare API v4: zone id -> record -> compare -> PATCH or POST, as pure build/parse steps. */
#include "providers/cloudflare.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/cloudflare_priv.h"
#include "providers/jsonutil.h"

/* Facts from shared/design/providers-reference.md §1 (Cloudflare API v4):
 * https://developers.cloudflare.com/api/resources/dns/subresources/records/ */
#define TTL_AUTO	1     /* "ttl": 1 means automatic */
#define PER_PAGE	"100" /* DNS record list default page size */
#define STR_(x)		#x
#define STR(x)		STR_(x)
#define RATE_LIMIT_WAIT 300 /* 429 without Retry-After: "back off at least 5 minutes" */

static const struct secret *token_of(const struct cfg_provider *cfg)
{
	return cfg ? cfg_provider_secret(cfg, "token") : NULL;
}

/* A token goes into a header line: no spaces or control bytes (header injection), and
 * non-empty. Cloudflare tokens are 40 URL-safe characters; we do not insist on that. */
static bool token_ok(const struct secret *tok)
{
	size_t i;

	if (!tok || !secret_is_set(tok) || tok->len == 0)
		return false;
	for (i = 0; i < tok->len; i++) {
		unsigned char c = (unsigned char)tok->buf[i];

		if (c <= 0x20 || c >= 0x7f)
			return false;
	}
	return true;
}

static int check_config(const struct cfg_provider *cfg, struct errbuf *err)
{
	const struct secret *tok = cfg_provider_secret(cfg, "token");
	const char *ep = cfg_provider_get(cfg, "endpoint");

	if (!tok) {
		errbuf_set(err, "token: missing; set token = env:VAR, token = cred:NAME or "
				"token-file = PATH (an API token with Zone:Read and DNS:Edit)");
		return -EINVAL;
	}
	/* An unresolved reference (env:, cred:, -file) is checked once it is read. */
	if (secret_is_set(tok) && !token_ok(tok)) {
		errbuf_set(err, "token: empty or holding spaces or control characters; "
				"give the API token alone");
		return -EINVAL;
	}
	if (ep && !prov_https_url(ep)) {
		errbuf_set(err, "endpoint: not an https:// URL; expected e.g. %s",
			   CLOUDFLARE_ENDPOINT);
		return -EINVAL;
	}
	return 0;
}

/* The step once the zone is known: a bulk read, a create or update the agent knows to be
 * needed (job->absent, job->direct), else a read of the record first. */
static int after_zone(const struct prov_job *job)
{
	if (job->list)
		return CF_LIST;
	if (job->absent && !job->dry_run)
		return CF_CREATE;
	if (prov_id_valid(job->record_id))
		return job->direct && !job->dry_run ? CF_PATCH : CF_GET;
	return CF_FIND;
}

/* The step to take now: 0 (start) depends on what the state file gave us. */
static int cur_step(const struct prov_job *job)
{
	if (job->step != CF_START)
		return job->step;
	if (job->zones && job->list)
		return CF_ZONES;
	if (!prov_id_valid(job->zone_id))
		return CF_ZONE;
	return after_zone(job);
}

/* The zone name to ask for: the configured zone, else the walk's current candidate (the
 * name itself first, since a record may sit at the apex, then each parent with at least
 * two labels). */
static bool zone_candidate(const struct prov_job *job, const char *name, char out[static 256])
{
	const char *z = job->rec->zone;
	size_t off = cpriv(job)->zone_off;

	if (z && z[0])
		return prov_fqdn(z, out);
	if (off >= strlen(name) || !strchr(name + off, '.'))
		return false;
	strcpy(out, name + off); /* both 256 bytes */
	return true;
}

/* The TTL and proxied flag the record will have after a PATCH: what the config sets, else
 * what the record holds now; -1 when neither is known (then the key is left out). */
static int patch_ttl(const struct prov_job *job)
{
	return job->rec->ttl > 0 ? job->rec->ttl : job->found_ttl > 0 ? job->found_ttl : -1;
}

static int patch_proxied(const struct prov_job *job)
{
	const struct priv *p = cpriv(job);

	return job->rec->proxied >= 0 ? job->rec->proxied == 1 : p->proxied_known ? p->proxied : -1;
}

/* The JSON body of a POST (create) or PATCH (update). Both carry type, name and content (the
 * API schema requires them on a PATCH too), and ttl and proxied as they will stand after the
 * write, so that the record's other settings are what they were unless the config sets them;
 * the comment is sent on create only, so that an existing record keeps its own. */
static int make_body(const struct prov_job *job, const char *name, bool create,
		     struct prov_request *req)
{
	const char *comment = cfg_provider_get(job->cfg, "comment");
	int ttl = create ? (job->rec->ttl > 0 ? job->rec->ttl : TTL_AUTO) : patch_ttl(job);
	int proxied = create ? job->rec->proxied == 1 : patch_proxied(job);
	char addr[IPADDR_STRLEN];
	cJSON *o = cJSON_CreateObject();
	bool ok = o != NULL;

	ipaddr_ntop(&job->want, addr);
	if (ok)
		ok = cJSON_AddStringToObject(o, "type", fam_rrtype(job->fam)) &&
		     cJSON_AddStringToObject(o, "name", name) &&
		     cJSON_AddStringToObject(o, "content", addr);
	if (ok && ttl > 0)
		ok = cJSON_AddNumberToObject(o, "ttl", ttl) != NULL;
	if (ok && proxied >= 0)
		ok = cJSON_AddBoolToObject(o, "proxied", proxied == 1) != NULL;
	if (ok && create && comment && comment[0])
		ok = cJSON_AddStringToObject(o, "comment", comment) != NULL;
	if (ok)
		req->http.body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!req->http.body)
		return -ENOMEM;
	req->http.body_len = strlen(req->http.body);
	return 0;
}

static void wipe_free(char *s)
{
	if (s)
		OPENSSL_cleanse(s, strlen(s));
	free(s);
}

static int build(const struct prov_job *job, struct prov_request *req)
{
	const struct secret *tok = token_of(job->cfg);
	int step = cur_step(job);
	char name[256], zone[256], path[96 + 2 * PROV_ID_LEN], *bearer = NULL;
	char q_type[16], *q_name = NULL;
	const char *query[3];
	size_t nq = 0;
	int ret = -EINVAL;

	prov_request_http(req, HTTP_GET, false);
	if (!job->rec || !token_ok(tok) || !prov_fqdn(job->rec->name, name) ||
	    (!job->list && job->want.family != fam_to_af(job->fam)))
		return -EINVAL;
	/* Dry run: parse never leads here, and a bug must not turn into a write. */
	if (job->dry_run && (step == CF_CREATE || step == CF_PATCH))
		return -EPERM;
	if (step != CF_ZONE && step != CF_ZONES && !prov_id_valid(job->zone_id))
		return -EINVAL;
	if ((step == CF_GET || step == CF_PATCH) && !prov_id_valid(job->record_id))
		return -EINVAL;

	switch (step) {
	case CF_ZONE:
		if (!zone_candidate(job, name, zone))
			goto fail;
		snprintf(path, sizeof(path), "/zones");
		if (asprintf(&q_name, "name=%s", zone) < 0)
			goto nomem;
		query[nq++] = q_name;
		break;
	case CF_GET:
	case CF_PATCH:
		snprintf(path, sizeof(path), "/zones/%s/dns_records/%s", job->zone_id,
			 job->record_id);
		if (step == CF_PATCH) {
			prov_request_http(req, HTTP_PATCH, true);
			ret = make_body(job, name, false, req);
			if (ret)
				goto fail;
		}
		break;
	case CF_FIND:
		snprintf(path, sizeof(path), "/zones/%s/dns_records", job->zone_id);
		snprintf(q_type, sizeof(q_type), "type=%s", fam_rrtype(job->fam));
		/* name.exact is the current filter (reference §1: plain name= is the older
		 * form); the value is escaped by curl. */
		if (asprintf(&q_name, "name.exact=%s", name) < 0)
			goto nomem;
		query[nq++] = q_type;
		query[nq++] = q_name;
		query[nq++] = "per_page=" PER_PAGE;
		break;
	case CF_LIST:
		if (!job->list || cf_list_fam(job) == FAM_N)
			goto fail;
		snprintf(path, sizeof(path), "/zones/%s/dns_records", job->zone_id);
		snprintf(q_type, sizeof(q_type), "type=%s", fam_rrtype(cf_list_fam(job)));
		if (asprintf(&q_name, "page=%u", cpriv(job)->page + 1) < 0)
			goto nomem;
		query[nq++] = q_type;
		query[nq++] = "per_page=" STR(LIST_PER_PAGE);
		query[nq++] = q_name;
		req->max_reply = LIST_MAX_REPLY;
		break;
	case CF_ZONES:
		snprintf(path, sizeof(path), "/zones");
		if (asprintf(&q_name, "page=%u", cpriv(job)->page + 1) < 0)
			goto nomem;
		query[nq++] = "per_page=" STR(ZONES_PER_PAGE);
		query[nq++] = q_name;
		req->max_reply = LIST_MAX_REPLY;
		break;
	case CF_CREATE:
		snprintf(path, sizeof(path), "/zones/%s/dns_records", job->zone_id);
		prov_request_http(req, HTTP_POST, true);
		ret = make_body(job, name, true, req);
		if (ret)
			goto fail;
		break;
	default:
		goto fail;
	}
	ret =
	    prov_url(prov_endpoint(job->cfg, CLOUDFLARE_ENDPOINT), path, query, nq, &req->http.url);
	if (ret)
		goto fail;
	if (asprintf(&bearer, "Bearer %s", secret_reveal(tok)) < 0) {
		bearer = NULL;
		goto nomem;
	}
	ret = prov_request_add_header(req, "Authorization", bearer);
	if (!ret)
		ret = prov_request_add_header(req, "Accept", "application/json");
	if (!ret && req->http.body)
		ret = prov_request_add_header(req, "Content-Type", "application/json");
	if (ret)
		goto fail;
	prov_show_http(req);
	wipe_free(bearer);
	free(q_name);
	return 0;
nomem:
	ret = -ENOMEM;
fail:
	wipe_free(bearer);
	free(q_name);
	prov_request_free(req);
	return ret ? ret : -EINVAL;
}

/* The first error of a failed envelope, as "CODE MESSAGE (CODE MESSAGE)" with the first
 * error_chain item; code 0 when there is none. */
static long envelope_error(const cJSON *root, char *buf, size_t size)
{
	const cJSON *errs = jsonutil_array(root, "errors");
	const cJSON *e = errs ? cJSON_GetArrayItem(errs, 0) : NULL;
	const cJSON *chain = jsonutil_array(e, "error_chain");
	const cJSON *c = chain ? cJSON_GetArrayItem(chain, 0) : NULL;
	const char *msg = jsonutil_str(e, "message"), *cmsg = jsonutil_str(c, "message");
	long code = 0, ccode = 0;

	buf[0] = '\0';
	if (!jsonutil_long(e, "code", &code) || code == 0)
		return 0;
	if (jsonutil_long(c, "code", &ccode))
		snprintf(buf, size, "%ld %.80s (%ld %.80s)", code, msg ? msg : "", ccode,
			 cmsg ? cmsg : "");
	else
		snprintf(buf, size, "%ld %.120s", code, msg ? msg : "");
	return code;
}

static bool is_auth_code(long code)
{
	/* 6003 malformed auth headers (chain 6111/6103), 10000 authentication error,
	 * 9109 invalid access token (reference §1). */
	return code == 6003 || code == 6111 || code == 6103 || code == 10000 || code == 9109;
}

/* A reply that is not a successful envelope. */
static enum prov_result parse_error(struct prov_job *job, int step, const struct prov_reply *r,
				    const cJSON *root, struct prov_outcome *out)
{
	const struct secret *tok = token_of(job->cfg);
	char what[200];
	long code = envelope_error(root, what, sizeof(what));

	if (!code)
		snprintf(what, sizeof(what), "HTTP %ld%s", r->status,
			 root ? "" : " (no JSON envelope)");

	/* A stale id from the state file (or a record deleted meanwhile): forget it and look
	 * it up again; job.c bounds the number of steps. */
	if ((step == CF_GET || step == CF_PATCH) && (code == 81044 || (!code && r->status == 404)))
		return prov_refind(job, CF_FIND);
	/* 7000/7003: no route / bad identifier: a zone id cached from an old run. */
	if ((step == CF_GET || step == CF_FIND || step == CF_LIST) && !cpriv(job)->zone_fresh &&
	    (code == 7000 || code == 7003 || (!code && r->status == 404))) {
		job->zone_id[0] = '\0';
		priv(job)->zone_off = 0;
		job->step = CF_ZONE;
		return PROV_NEXT_STEP;
	}
	if (step == CF_CREATE && (code == 81057 || code == 81058)) {
		prov_outcome_set(out, tok, PROV_UNCHANGED, "cloudflare: %s %s already exists",
				 fam_rrtype(job->fam), job->rec->name);
		return prov_finish(job, out, PROV_UNCHANGED);
	}
	if (r->status == 429) {
		out->retry_after = r->retry_after >= 0 ? r->retry_after : RATE_LIMIT_WAIT;
		prov_outcome_set(out, tok, PROV_RETRY, "cloudflare: rate limited: %s", what);
		return prov_finish(job, out, PROV_RETRY);
	}
	if (r->status >= 500 || r->status < 100) {
		out->retry_after = r->retry_after;
		if (code)
			prov_outcome_set(out, tok, PROV_RETRY, "cloudflare: HTTP %ld: %s",
					 r->status, what);
		else
			prov_outcome_set(out, tok, PROV_RETRY, "cloudflare: %s", what);
		return prov_finish(job, out, PROV_RETRY);
	}
	/* 2xx without an envelope: a proxy or captive portal answered; try again later. */
	if (!code && r->status < 300) {
		prov_outcome_set(out, NULL, PROV_RETRY, "cloudflare: malformed reply (HTTP %ld)",
				 r->status);
		return prov_finish(job, out, PROV_RETRY);
	}
	if (is_auth_code(code) || r->status == 401 || r->status == 403) {
		/* Which permission the request needed: what the token lacks (or it is wrong). */
		prov_outcome_set(
		    out, tok, PROV_AUTH, "cloudflare: %s; %s", what,
		    step == CF_CREATE || step == CF_PATCH
			? "the token needs DNS:Edit on this zone (or it is wrong, "
			  "expired or revoked)"
			: "the token needs Zone:Read and DNS:Read on this zone (DNS:Edit "
			  "to write), or it is wrong, expired or revoked");
		return prov_finish(job, out, PROV_AUTH);
	}
	prov_outcome_set(out, tok, PROV_PERMANENT, "cloudflare: %s", what);
	return prov_finish(job, out, PROV_PERMANENT);
}

enum prov_result cf_malformed(struct prov_job *job, struct prov_outcome *out, const char *what)
{
	prov_outcome_set(out, NULL, PROV_RETRY, "cloudflare: malformed reply to %s", what);
	return prov_finish(job, out, PROV_RETRY);
}

static bool same_name(const cJSON *o, const char *name)
{
	const char *n = jsonutil_str(o, "name");
	char fq[256];

	return !n || (prov_fqdn(n, fq) && strcmp(fq, name) == 0);
}

static bool type_matches(const cJSON *o, enum fam fam)
{
	const char *t = jsonutil_str(o, "type");

	return !t || strcmp(t, fam_rrtype(fam)) == 0;
}

/* Remember a record found at Cloudflare (n_found is already counted). */
static void take_record(struct prov_job *job, const cJSON *o)
{
	const char *id = jsonutil_str(o, "id");
	int proxied = jsonutil_bool(o, "proxied");
	long ttl;

	if (!jsonutil_long(o, "ttl", &ttl) || ttl >= (1L << 30))
		ttl = -1;
	prov_found(job, job->n_found, prov_id_valid(id) ? id : NULL, jsonutil_str(o, "content"),
		   ttl);
	priv(job)->proxied_known = proxied >= 0;
	priv(job)->proxied = proxied == 1;
}

static bool holds_want(const struct prov_job *job, const cJSON *o)
{
	const char *content = jsonutil_str(o, "content");
	struct ipaddr a;

	return content && ipaddr_parse(content, fam_to_af(job->fam), &a) &&
	       ipaddr_equal(&a, &job->want);
}

/* A record was found: done when it holds the address (and the TTL / proxied flag that the
 * config sets, if any), else update it. */
static enum prov_result decide(struct prov_job *job, struct prov_outcome *out)
{
	const struct cfg_record *rec = job->rec;
	const struct priv *p = cpriv(job);
	int proxied = rec->proxied >= 0 ? rec->proxied : p->proxied_known ? p->proxied : -1;
	/* Proxied records always report ttl 1: comparing would rewrite them forever. */
	bool ttl_comparable = proxied != 1;
	bool prox_diff = rec->proxied >= 0 && p->proxied_known && p->proxied != (rec->proxied == 1);

	if (prov_differs(job, ttl_comparable, prox_diff) && !prov_id_valid(job->record_id))
		return cf_malformed(job, out, "record lookup (no record id)");
	return prov_decide_ex(job, rec->name, CF_PATCH, ttl_comparable, prox_diff, "ttl/proxied",
			      out);
}

static enum prov_result parse_zone(struct prov_job *job, const cJSON *result,
				   struct prov_outcome *out)
{
	char name[256], zone[256];
	const cJSON *z, *pick = NULL;
	const char *id, *dot;

	if (!cJSON_IsArray(result))
		return cf_malformed(job, out, "zone lookup");
	if (!prov_fqdn(job->rec->name, name) || !zone_candidate(job, name, zone))
		return cf_malformed(job, out, "zone lookup (no candidate)");
	/* The filter is exact, but pick by name so a server that ignores it cannot hand us
	 * another zone. */
	cJSON_ArrayForEach (z, result) {
		char zn[256];
		const char *n = jsonutil_str(z, "name");

		if (cJSON_IsObject(z) && (!n || (prov_fqdn(n, zn) && strcmp(zn, zone) == 0))) {
			pick = z;
			break;
		}
	}
	if (pick) {
		id = jsonutil_str(pick, "id");
		if (!prov_id_valid(id))
			return cf_malformed(job, out, "zone lookup (zone id)");
		snprintf(job->zone_id, sizeof(job->zone_id), "%s", id);
		priv(job)->zone_fresh = true;
		job->step = after_zone(job);
		return PROV_NEXT_STEP;
	}
	if (job->rec->zone && job->rec->zone[0]) {
		prov_outcome_set(out, NULL, PROV_PERMANENT,
				 "cloudflare: zone %s not found or not visible to this token",
				 zone);
		return prov_finish(job, out, PROV_PERMANENT);
	}
	/* Walk up one label; stop before a single label (a TLD). */
	dot = strchr(name + cpriv(job)->zone_off, '.');
	if (!dot || !strchr(dot + 1, '.')) {
		prov_outcome_set(out, NULL, PROV_PERMANENT,
				 "cloudflare: no zone for %s visible to this token", name);
		return prov_finish(job, out, PROV_PERMANENT);
	}
	priv(job)->zone_off = (size_t)(dot + 1 - name);
	job->step = CF_ZONE;
	return PROV_NEXT_STEP;
}

static enum prov_result parse_find(struct prov_job *job, const cJSON *result,
				   struct prov_outcome *out)
{
	const cJSON *o, *first = NULL, *match = NULL;
	char name[256];

	if (!cJSON_IsArray(result) || !prov_fqdn(job->rec->name, name))
		return cf_malformed(job, out, "record lookup");
	job->n_found = 0;
	cJSON_ArrayForEach (o, result) {
		if (!cJSON_IsObject(o) || !type_matches(o, job->fam) || !same_name(o, name))
			continue;
		job->n_found++;
		if (!first)
			first = o;
		if (!match && holds_want(job, o))
			match = o;
	}
	if (first) {
		/* Several records: the one that already holds the address, else the first. */
		take_record(job, match ? match : first);
		return decide(job, out);
	}
	return prov_not_found(job, job->rec->name, CF_CREATE, out);
}

static enum prov_result parse_get(struct prov_job *job, const cJSON *result,
				  struct prov_outcome *out)
{
	char name[256];

	if (!cJSON_IsObject(result) || !prov_fqdn(job->rec->name, name))
		return cf_malformed(job, out, "record read");
	/* The id from the state file now names another record: find ours. */
	if (!type_matches(result, job->fam) || !same_name(result, name))
		return prov_refind(job, CF_FIND);
	job->n_found = 1;
	take_record(job, result);
	return decide(job, out);
}

/* The reply's record is the one that was sent: the id (a PATCH: the id it went to), type,
 * name and content. Anything else (no record, another one) does not prove the write. */
static bool confirms(const struct prov_job *job, int step, const cJSON *o, const char *name)
{
	const char *id = jsonutil_str(o, "id"), *t = jsonutil_str(o, "type");
	const char *n = jsonutil_str(o, "name");
	char fq[256];

	return cJSON_IsObject(o) && prov_id_valid(id) &&
	       (step != CF_PATCH || strcmp(id, job->record_id) == 0) && t &&
	       strcmp(t, fam_rrtype(job->fam)) == 0 && n && prov_fqdn(n, fq) &&
	       strcmp(fq, name) == 0 && holds_want(job, o);
}

static enum prov_result parse_write(struct prov_job *job, int step, const cJSON *result,
				    struct prov_outcome *out)
{
	char name[256];

	if (!prov_fqdn(job->rec->name, name) || !confirms(job, step, result, name)) {
		prov_outcome_set(out, NULL, PROV_RETRY,
				 "cloudflare: the provider's answer did not confirm the write "
				 "(its record is not the id, type, name and content sent)");
		return prov_finish(job, out, PROV_RETRY);
	}
	snprintf(job->record_id, sizeof(job->record_id), "%s", jsonutil_str(result, "id"));
	return prov_written_ex(job, job->rec->name, step == CF_CREATE, "ttl/proxied", out);
}

static enum prov_result parse(struct prov_job *job, const struct prov_reply *r,
			      struct prov_outcome *out)
{
	int step = cur_step(job);
	cJSON *root = jsonutil_parse(r->body, r->len);
	const cJSON *result = jsonutil_item(root, "result");
	enum prov_result res;

	/* Ids from the state file that could not go into a URL are as good as none. */
	if (!prov_id_valid(job->zone_id))
		job->zone_id[0] = '\0';
	if (!prov_id_valid(job->record_id))
		job->record_id[0] = '\0';
	if (!job->rec || !job->rec->name) {
		res = prov_outcome_set(out, NULL, PROV_PERMANENT, "cloudflare: no record name");
		goto out;
	}
	/* Check success first, then the status (reference §1 "Envelope"). */
	if (jsonutil_bool(root, "success") != 1 || r->status < 200 || r->status >= 300) {
		res = parse_error(job, step, r, root, out);
		goto out;
	}
	switch (step) {
	case CF_ZONE:
		res = parse_zone(job, result, out);
		break;
	case CF_GET:
		res = parse_get(job, result, out);
		break;
	case CF_FIND:
		res = parse_find(job, result, out);
		break;
	case CF_LIST:
		res = cf_parse_list(job, root, result, out);
		break;
	case CF_ZONES:
		res = cf_parse_zones(job, root, result, out);
		break;
	case CF_CREATE:
	case CF_PATCH:
		res = parse_write(job, step, result, out);
		break;
	default:
		res = prov_outcome_set(out, NULL, PROV_PERMANENT, "cloudflare: bad job step %d",
				       step);
		break;
	}
out:
	cJSON_Delete(root);
	return res;
}

/* providers-reference.md §1. */
static const struct config_schema_key keys[] = {
    PROV_KEY_ENDPOINT,
    {"token", CFG_VAL_TEXT, true, true, NULL},
    /* The record comment Cloudflare shows in its dashboard. */
    {"comment", CFG_VAL_TEXT, false, false, NULL},
    PROV_KEY_MAX_CONCURRENT,
    PROV_KEY_RATE_LIMIT("1200/5m"),
    PROV_KEY_END,
};

const struct provider_ops cloudflare_ops = {
    .name = "cloudflare",
    .keys = keys,
    .readable = true,
    .lists = true,
    .zone_lookup = true,
    .lists_zones = true,
    .check_config = check_config,
    .build = build,
    .parse = parse,
};
