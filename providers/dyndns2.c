// SPDX-License-Identifier: MIT
/* dyndns2 (No-IP, Dynu, Dyn and routers' protocol): one GET per change with Basic auth, both
 * families in one request; the reply's return code decides (providers-reference.md §4). */
#include "providers/dyndns2.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/dyndns2_reply.h"
#include "providers/writeonly.h"

static const struct config_schema_key keys[] = {
    PROV_KEY_ENDPOINT,
    {"server", CFG_VAL_HOST_OR_URL, false, true, NULL},
    {"username", CFG_VAL_TEXT, false, true, NULL},
    {"password", CFG_VAL_TEXT, true, true, NULL},
    PROV_KEY_MAX_CONCURRENT,
    PROV_KEY_RATE_LIMIT("60/m"),
    PROV_KEY_END,
};

/* server = an https URL, or a bare host meaning https://HOST/nic/update; endpoint =, like
 * every provider's, overrides the whole update URL. */
static int server_url(const struct cfg_provider *cfg, char *out, size_t size)
{
	const char *server = prov_endpoint(cfg, cfg_provider_get(cfg, "server"));
	int n;

	if (!server || !server[0])
		return -EINVAL;
	if (strstr(server, "://"))
		n = snprintf(out, size, "%s", server);
	else
		n = snprintf(out, size, "https://%s/nic/update", server);
	if (n < 0 || (size_t)n >= size || !prov_https_url(out))
		return -EINVAL;
	return 0;
}

static int check_config(const struct cfg_provider *cfg, struct errbuf *err)
{
	const char *user = cfg_provider_get(cfg, "username");
	char url[512];

	if (server_url(cfg, url, sizeof(url)) < 0) {
		errbuf_set(err, "server: not an https:// URL or a host name; expected e.g. "
				"dynupdate.no-ip.com or https://dynupdate.no-ip.com/nic/update");
		return -EINVAL;
	}
	/* Basic auth joins the two with a colon: one in the user name cannot be sent. */
	if (user && strchr(user, ':')) {
		errbuf_set(err, "username: holds a ':', which Basic authentication cannot carry");
		return -EINVAL;
	}
	return 0;
}

/* "Authorization: Basic base64(user:password)"; every copy of the clear text is wiped. */
static int add_basic_auth(const struct prov_job *job, struct prov_request *req)
{
	static const char prefix[] = "Basic ";
	const char *user = cfg_provider_get(job->cfg, "username");
	const struct secret *pw = cfg_provider_secret(job->cfg, "password");
	size_t ul, plain_len, line_len;
	unsigned char *plain;
	char *line;
	int ret = -ENOMEM;

	if (!user || !pw || !secret_is_set(pw) || strchr(user, ':'))
		return -EINVAL;
	ul = strlen(user);
	plain_len = ul + 1 + pw->len;
	line_len = sizeof(prefix) + 4 * ((plain_len + 2) / 3);
	plain = malloc(plain_len);
	line = malloc(line_len);
	if (!plain || !line)
		goto out;
	memcpy(plain, user, ul);
	plain[ul] = ':';
	memcpy(plain + ul + 1, secret_reveal(pw), pw->len);
	memcpy(line, prefix, sizeof(prefix) - 1);
	EVP_EncodeBlock((unsigned char *)line + sizeof(prefix) - 1, plain, (int)plain_len);
	ret = prov_request_add_header(req, "Authorization", line);
out:
	if (plain)
		OPENSSL_cleanse(plain, plain_len);
	if (line)
		OPENSSL_cleanse(line, line_len);
	free(plain);
	free(line);
	return ret;
}

static int build(const struct prov_job *job, struct prov_request *req)
{
	char url[512], name[256], a[IPADDR_STRLEN], b[IPADDR_STRLEN];
	char q_host[300], q_ip[80], q_ip6[80];
	const char *query[3];
	size_t nq = 0;
	char *full = NULL;
	int ret;

	/* Never a verify run: the service cannot be read, and a repeated update is abuse. */
	if (job->verify || server_url(job->cfg, url, sizeof(url)) < 0 || !writeonly_name(job, name))
		return -EINVAL;
	snprintf(q_host, sizeof(q_host), "hostname=%s", name);
	query[nq++] = q_host;
	/* myip takes either family (Dyn, No-IP); myipv6 adds the IPv6 one of a pair. */
	snprintf(q_ip, sizeof(q_ip), "myip=%s", ipaddr_ntop(&job->want, a));
	query[nq++] = q_ip;
	if (job->paired) {
		snprintf(q_ip6, sizeof(q_ip6), "myipv6=%s", ipaddr_ntop(&job->want6, b));
		query[nq++] = q_ip6;
	}
	ret = prov_url(url, "", query, nq, &full);
	if (ret)
		return ret;
	prov_request_http(req, HTTP_GET, true);
	req->http.url = full;
	prov_show_http(req);
	ret = add_basic_auth(job, req);
	if (!ret)
		ret = writeonly_user_agent(job, req);
	if (ret)
		prov_request_free(req);
	return ret;
}

static enum prov_result parse(struct prov_job *job, const struct prov_reply *reply,
			      struct prov_outcome *out)
{
	const struct secret *pw = cfg_provider_secret(job->cfg, "password");
	struct dyndns2_reply r;
	char what[400];
	enum prov_result res;

	writeonly_what(job, what, sizeof(what));
	switch (
	    dyndns2_reply_parse(reply->status, reply->body, reply->len, reply->retry_after, &r)) {
	case DYNDNS2_OK:
		return writeonly_end(job, out, PROV_OK, pw, "updated %s (%s)", what, r.word);
	case DYNDNS2_UNCHANGED:
		return writeonly_end(job, out, PROV_UNCHANGED, pw, "%s already set (%s)", what,
				     r.word);
	case DYNDNS2_LATER:
		out->retry_after = r.retry_after;
		out->firm_retry = true;
		return writeonly_end(job, out, PROV_RETRY, pw, "dyndns2: %s: %s; %s", r.word,
				     dyndns2_code_meaning(r.code), dyndns2_code_action(r.code));
	case DYNDNS2_TRANSIENT:
		out->retry_after = r.retry_after;
		return writeonly_end(job, out, PROV_RETRY, pw, "dyndns2: %s: %s", r.word,
				     dyndns2_code_meaning(r.code));
	case DYNDNS2_STOP:
		break;
	}
	/* Dyn: "any failed update is fatal"; No-IP: no further update after an error code. */
	out->hold = true;
	res = r.code == DYNDNS2_BADAUTH ? PROV_AUTH : PROV_PERMANENT;
	return writeonly_end(job, out, res, pw,
			     "dyndns2: %s: %s; %s. No request is sent for %s until then", r.word,
			     dyndns2_code_meaning(r.code), dyndns2_code_action(r.code),
			     job->rec && job->rec->name ? job->rec->name : "the record");
}

const struct provider_ops dyndns2_ops = {
    .name = "dyndns2",
    .keys = keys,
    .account_key = "username",
    .readable = false,
    .min_interval = 60,
    .pairs = prov_pairs_always,
    .check_config = check_config,
    .build = build,
    .parse = parse,
};
