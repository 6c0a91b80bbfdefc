// SPDX-License-Identifier: MIT
/* DuckDNS: one GET per change naming the subdomain, both families in one request, verbose
 * so the reply says UPDATED or NOCHANGE (providers-reference.md §5, duckdns.org/spec.jsp). */
#include "providers/duckdns.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "providers/duckdns_reply.h"
#include "providers/writeonly.h"

#define DUCKDNS_ENDPOINT "https://www.duckdns.org"
#define DUCKDNS_SUFFIX	 ".duckdns.org"

static const struct config_schema_key keys[] = {
    PROV_KEY_ENDPOINT,
    {"token", CFG_VAL_TEXT, true, true, NULL},
    PROV_KEY_MAX_CONCURRENT,
    PROV_KEY_RATE_LIMIT("60/m"),
    PROV_KEY_END,
};

/* "myhost" of "myhost.duckdns.org": one label, under duckdns.org; false otherwise. */
static bool subdomain(const char *fqdn, char out[static 256])
{
	size_t n = strlen(fqdn), sl = strlen(DUCKDNS_SUFFIX);

	if (n <= sl || strcasecmp(fqdn + n - sl, DUCKDNS_SUFFIX))
		return false;
	n -= sl;
	if (memchr(fqdn, '.', n))
		return false;
	memcpy(out, fqdn, n);
	out[n] = '\0';
	return true;
}

static int check_record(const struct cfg_provider *cfg, const struct cfg_record *rec, size_t users,
			struct errbuf *err)
{
	char name[256], sub[256];

	(void)cfg;
	(void)users;
	if (!rec->name || !prov_fqdn(rec->name, name) || !subdomain(name, sub)) {
		errbuf_set(err,
			   "name: %s is not a DuckDNS name; expected NAME.duckdns.org (the "
			   "subdomain shown on duckdns.org)",
			   rec->name ? rec->name : "(none)");
		return -EINVAL;
	}
	return 0;
}

static int build(const struct prov_job *job, struct prov_request *req)
{
	const struct secret *tok = cfg_provider_secret(job->cfg, "token");
	char name[256], sub[256], a[IPADDR_STRLEN], b[IPADDR_STRLEN];
	char q_dom[300], q_ip[80], q_ip6[80];
	const char *query[5];
	size_t nq = 0;
	char *q_tok = NULL, *full = NULL;
	int ret;

	if (job->verify || !tok || !secret_is_set(tok) || !writeonly_name(job, name) ||
	    !subdomain(name, sub))
		return -EINVAL;
	snprintf(q_dom, sizeof(q_dom), "domains=%s", sub);
	query[nq++] = q_dom;
	if (asprintf(&q_tok, "token=%s", secret_reveal(tok)) < 0)
		return -ENOMEM;
	query[nq++] = q_tok;
	/* ip= alone leaves the IPv6 record as it is; ipv6= alone turns off DuckDNS's IPv4
	 * detection from the source address, so each family is sent only when it is due. */
	if (job->fam == FAM_V4) {
		snprintf(q_ip, sizeof(q_ip), "ip=%s", ipaddr_ntop(&job->want, a));
		query[nq++] = q_ip;
	}
	if (job->paired || job->fam == FAM_V6) {
		snprintf(q_ip6, sizeof(q_ip6), "ipv6=%s",
			 ipaddr_ntop(job->paired ? &job->want6 : &job->want, b));
		query[nq++] = q_ip6;
	}
	query[nq++] = "verbose=true";
	ret = prov_url(prov_endpoint(job->cfg, DUCKDNS_ENDPOINT), "/update", query, nq, &full);
	writeonly_free(q_tok);
	if (ret)
		return ret;
	prov_request_http(req, HTTP_GET, true);
	req->http.url = full;
	/* The query holds the token: shown stops at the path. */
	prov_show_http(req);
	ret = writeonly_user_agent(job, req);
	if (ret)
		prov_request_free(req);
	return ret;
}

static enum prov_result parse(struct prov_job *job, const struct prov_reply *reply,
			      struct prov_outcome *out)
{
	const struct secret *tok = cfg_provider_secret(job->cfg, "token");
	struct duckdns_reply r;
	char what[400];

	writeonly_what(job, what, sizeof(what));
	switch (
	    duckdns_reply_parse(reply->status, reply->body, reply->len, reply->retry_after, &r)) {
	case DUCKDNS_UPDATED:
		return writeonly_end(job, out, PROV_OK, tok, "updated %s", what);
	case DUCKDNS_NOCHANGE:
		return writeonly_end(job, out, PROV_UNCHANGED, tok, "%s already set", what);
	case DUCKDNS_TRANSIENT:
		out->retry_after = r.retry_after;
		return writeonly_end(job, out, PROV_RETRY, tok, "duckdns: %s", r.shown);
	case DUCKDNS_KO:
		/* KO says no more than "bad token or bad domain": both need the user. */
		out->hold = true;
		return writeonly_end(job, out, PROV_AUTH, tok,
				     "duckdns: KO: the token or the domain was refused; check "
				     "token and the record's name on duckdns.org, then reload "
				     "(SIGHUP). No request is sent for %s until then",
				     job->rec->name);
	case DUCKDNS_MALFORMED:
		break;
	}
	out->hold = true;
	return writeonly_end(job, out, PROV_PERMANENT, tok,
			     "duckdns: not a DuckDNS reply (%s); check endpoint =, then reload "
			     "(SIGHUP). No request is sent for %s until then",
			     r.shown, job->rec->name);
}

const struct provider_ops duckdns_ops = {
    .name = "duckdns",
    .keys = keys,
    .readable = false,
    .min_interval = 60,
    .pairs = prov_pairs_always,
    .check_record = check_record,
    .build = build,
    .parse = parse,
};
