// SPDX-License-Identifier: MIT
/* afraid.org FreeDNS dynamic update v2: GET ENDPOINT/u/TOKEN/?address=IP, one per record and
 * family, the IPv6 one over IPv6 to its own endpoint (providers-reference.md §6). The token
 * sits in the URL path, so the request is shown with <token> in its place. */
#include "providers/freedns.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "providers/freedns_reply.h"
#include "providers/writeonly.h"

#define FREEDNS_ENDPOINT    "https://sync.afraid.org"
#define FREEDNS_ENDPOINT_V6 "https://v6.sync.afraid.org"

static const struct config_schema_key keys[] = {
    PROV_KEY_ENDPOINT,
    {"endpoint-v6", CFG_VAL_HTTPS_URL, false, false, NULL},
    {"token", CFG_VAL_TEXT, true, true, NULL},
    PROV_KEY_MAX_CONCURRENT,
    PROV_KEY_RATE_LIMIT("60/m"),
    PROV_KEY_END,
};

/* afraid.org tokens are letters and digits; anything else could not sit in a path as is. */
static bool token_ok(const struct secret *tok)
{
	return tok && secret_is_set(tok) && tok->len < PROV_ID_LEN &&
	       prov_id_valid(secret_reveal(tok));
}

static int check_config(const struct cfg_provider *cfg, struct errbuf *err)
{
	const struct secret *tok = cfg_provider_secret(cfg, "token");

	if (tok && secret_is_set(tok) && !token_ok(tok)) {
		errbuf_set(err, "token: expected the update token alone (letters, digits, - and "
				"_), the part after /u/ of the record's update URL");
		return -EINVAL;
	}
	return 0;
}

static int check_record(const struct cfg_provider *cfg, const struct cfg_record *rec, size_t users,
			struct errbuf *err)
{
	(void)rec;
	if (users > 1) {
		errbuf_set(err,
			   "provider %s: a FreeDNS token updates one record, and %zu records use "
			   "it; give each FreeDNS record its own [provider] with its own token",
			   cfg->name, users);
		return -EINVAL;
	}
	return 0;
}

static const char *endpoint_of(const struct prov_job *job)
{
	const char *v6 = cfg_provider_get(job->cfg, "endpoint-v6");

	if (job->fam == FAM_V6)
		return v6 && v6[0] ? v6 : FREEDNS_ENDPOINT_V6;
	return prov_endpoint(job->cfg, FREEDNS_ENDPOINT);
}

/* "GET https://sync.afraid.org/u/<token>/": the default rendering shows the path, and with it
 * the token. */
static void show(struct prov_request *req)
{
	char *u;

	prov_show_http(req);
	u = strstr(req->shown, "/u/");
	if (u)
		snprintf(u, sizeof(req->shown) - (size_t)(u - req->shown), "/u/<token>/");
}

static int build(const struct prov_job *job, struct prov_request *req)
{
	const struct secret *tok = cfg_provider_secret(job->cfg, "token");
	char a[IPADDR_STRLEN], q_addr[80];
	const char *query[1];
	char *path = NULL, *full = NULL;
	int ret;

	if (job->verify || job->paired || !token_ok(tok))
		return -EINVAL;
	if (asprintf(&path, "/u/%s/", secret_reveal(tok)) < 0)
		return -ENOMEM;
	snprintf(q_addr, sizeof(q_addr), "address=%s", ipaddr_ntop(&job->want, a));
	query[0] = q_addr;
	ret = prov_url(endpoint_of(job), path, query, 1, &full);
	writeonly_free(path);
	if (ret)
		return ret;
	prov_request_http(req, HTTP_GET, true);
	req->http.url = full;
	/* v6.sync.afraid.org must see the IPv6 source, as the service expects. */
	req->family = fam_to_af(job->fam);
	show(req);
	ret = writeonly_user_agent(job, req);
	if (ret)
		prov_request_free(req);
	return ret;
}

static enum prov_result parse(struct prov_job *job, const struct prov_reply *reply,
			      struct prov_outcome *out)
{
	const struct secret *tok = cfg_provider_secret(job->cfg, "token");
	struct freedns_reply r;
	char what[400];

	writeonly_what(job, what, sizeof(what));
	switch (
	    freedns_reply_parse(reply->status, reply->body, reply->len, reply->retry_after, &r)) {
	case FREEDNS_UPDATED:
		return writeonly_end(job, out, PROV_OK, tok, "updated %s", what);
	case FREEDNS_UNCHANGED:
		return writeonly_end(job, out, PROV_UNCHANGED, tok, "%s already set", what);
	case FREEDNS_TRANSIENT:
		out->retry_after = r.retry_after;
		return writeonly_end(job, out, PROV_RETRY, tok, "freedns: %s", r.shown);
	case FREEDNS_ERROR:
	case FREEDNS_UNKNOWN:
		break;
	}
	/* "Stop and report; do not hammer" (§6): the token names one record, so an error is
	 * about it and will not heal by itself. */
	out->hold = true;
	return writeonly_end(job, out, PROV_PERMANENT, tok,
			     "freedns: %s; check token = (the record's update token on "
			     "freedns.afraid.org) and endpoint =, then reload (SIGHUP). No request "
			     "is sent for %s until then",
			     r.shown, job->rec->name);
}

const struct provider_ops freedns_ops = {
    .name = "freedns",
    .keys = keys,
    .readable = false,
    .min_interval = 60,
    .check_config = check_config,
    .check_record = check_record,
    .build = build,
    .parse = parse,
};
