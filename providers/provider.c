// SPDX-License-Identifier: MIT
/* Small helpers shared by every provider: requests, outcomes, ids, names and the steps of the
 * find -> compare -> write flow. */
#include "providers/provider.h"

#include "providers/idn.h"

#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>

unsigned prov_max_concurrent(const struct cfg_provider *cfg)
{
	const char *v = cfg ? cfg_provider_get(cfg, "max-concurrent") : NULL;
	char *end;
	unsigned long n;

	if (!v || !v[0])
		return PROV_DEFAULT_CONCURRENCY;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || n < 1 || n > 64)
		return PROV_DEFAULT_CONCURRENCY;
	return (unsigned)n;
}

void prov_job_stamp(struct prov_job *job)
{
	unsigned char rnd[16];

	_Static_assert(sizeof(job->nonce) > 2 * sizeof(rnd), "nonce too short");
	job->now = time(NULL);
	arc4random_buf(rnd, sizeof(rnd));
	for (size_t i = 0; i < sizeof(rnd); i++)
		snprintf(job->nonce + 2 * i, sizeof(job->nonce) - 2 * i, "%02x", rnd[i]);
}

void prov_job_init(struct prov_job *job, const struct cfg_provider *cfg,
		   const struct cfg_record *rec, enum fam fam, const struct ipaddr *want)
{
	memset(job, 0, sizeof(*job));
	job->cfg = cfg;
	job->rec = rec;
	job->fam = fam;
	if (want)
		job->want = *want;
	job->found_ttl = -1;
}

void prov_request_free(struct prov_request *req)
{
	size_t i;

	if (req->transport == PROV_TRANSPORT_HTTP) {
		struct prov_http_request *h = &req->http;

		for (i = 0; i < h->n_headers; i++) {
			/* Authorization lines carry the token: do not leave it in freed memory. */
			OPENSSL_cleanse(h->headers[i], strlen(h->headers[i]));
			free(h->headers[i]);
		}
		if (h->body)
			OPENSSL_cleanse(h->body, h->body_len);
		free(h->body);
		/* Some URLs carry a token in their path or query (FreeDNS, custom). */
		if (h->url)
			OPENSSL_cleanse(h->url, strlen(h->url));
		free(h->url);
	} else if (req->transport == PROV_TRANSPORT_DNS) {
		if (req->dns.msg)
			OPENSSL_cleanse(req->dns.msg, req->dns.msg_len);
		free(req->dns.msg);
	}
	memset(req, 0, sizeof(*req));
}

void prov_request_http(struct prov_request *req, enum http_method method, bool writes)
{
	memset(req, 0, sizeof(*req));
	req->transport = PROV_TRANSPORT_HTTP;
	req->http.method = method;
	req->writes = writes;
}

void prov_show_http(struct prov_request *req)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;
	const char *m = http_method_name(req->http.method);

	snprintf(req->shown, sizeof(req->shown), "%s (unparsable URL)", m);
	if (u && req->http.url && curl_url_set(u, CURLUPART_URL, req->http.url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_PORT, &port, 0);
		snprintf(req->shown, sizeof(req->shown), "%s %s://%s%s%s%s", m, scheme, host,
			 port ? ":" : "", port ? port : "", path);
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_url_cleanup(u);
}

int prov_request_add_header(struct prov_request *req, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value), i;
	char *line;

	for (i = 0; i < vl; i++) {
		unsigned char c = (unsigned char)value[i];

		if (c < 0x20 || c == 0x7f)
			return -EINVAL;
	}
	if (req->http.n_headers >= PROV_MAX_HEADERS)
		return -E2BIG;
	line = malloc(nl + 2 + vl + 1);
	if (!line)
		return -ENOMEM;
	memcpy(line, name, nl);
	memcpy(line + nl, ": ", 2);
	memcpy(line + nl + 2, value, vl + 1);
	req->http.headers[req->http.n_headers++] = line;
	return 0;
}

void prov_outcome_init(struct prov_outcome *out)
{
	memset(out, 0, sizeof(*out));
	out->result = PROV_RETRY;
	out->retry_after = -1;
	out->old.family = AF_UNSPEC;
}

/* Replace every occurrence of needle in buf (size cap) by SECRET_REDACTED. */
static void redact(char *buf, size_t cap, const char *needle, size_t nlen)
{
	static const char red[] = SECRET_REDACTED;
	char *p = buf;

	if (!needle || nlen == 0)
		return;
	while ((p = memmem(p, strlen(p), needle, nlen))) {
		size_t tail = strlen(p + nlen);
		size_t rl = sizeof(red) - 1;
		size_t room = cap - (size_t)(p - buf) - 1; /* bytes usable from p on */

		if (rl > room)
			rl = room;
		if (tail > room - rl)
			tail = room - rl;
		memmove(p + rl, p + nlen, tail);
		memcpy(p, red, rl);
		p[rl + tail] = '\0';
		p += rl;
	}
}

enum prov_result prov_outcome_set(struct prov_outcome *out, const struct secret *secret,
				  enum prov_result result, const char *fmt, ...)
{
	va_list ap;
	char *p;

	out->result = result;
	va_start(ap, fmt);
	vsnprintf(out->message, sizeof(out->message), fmt, ap);
	va_end(ap);
	/* Messages quote provider replies; keep log lines single and terminal-safe. */
	for (p = out->message; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
	if (secret && secret_is_set(secret))
		redact(out->message, sizeof(out->message), secret_reveal(secret), secret->len);
	return result;
}

bool prov_id_valid(const char *id)
{
	size_t i;

	if (!id || !id[0])
		return false;
	for (i = 0; id[i]; i++) {
		if (i >= PROV_ID_LEN - 1)
			return false;
		char c = id[i];

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') &&
		    c != '-' && c != '_')
			return false;
	}
	return true;
}

bool prov_fqdn(const char *name, char out[static 256])
{
	size_t len, i;

	if (!name)
		return false;
	len = strlen(name);
	if (len && name[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)name[i] >= 0x80)
			return idn_to_ascii(name, out, NULL) == 0; /* IDN: to punycode */
	/* ASCII: tolower() would follow the locale. */
	for (i = 0; i < len; i++)
		out[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] + 32) : name[i];
	out[len] = '\0';
	return true;
}

bool prov_https_url(const char *ep)
{
	CURLU *u = curl_url();
	char *scheme = NULL;
	bool ok = false;

	if (!u)
		return false;
	if (curl_url_set(u, CURLUPART_URL, ep, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK)
		ok = strcasecmp(scheme, "https") == 0;
	curl_free(scheme);
	curl_url_cleanup(u);
	return ok;
}

int prov_url(const char *endpoint, const char *path, const char *const *query, size_t n_query,
	     char **out)
{
	CURLU *u = curl_url();
	char *base = NULL, *full = NULL, *url = NULL;
	size_t i, bl;
	int ret = -EINVAL;

	if (!u)
		return -ENOMEM;
	if (curl_url_set(u, CURLUPART_URL, endpoint, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &base, 0) != CURLUE_OK)
		goto out;
	bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	if (asprintf(&full, "%.*s%s", (int)bl, base, path) < 0) {
		full = NULL;
		ret = -ENOMEM;
		goto out;
	}
	if (curl_url_set(u, CURLUPART_PATH, full, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_QUERY, NULL, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK)
		goto out;
	for (i = 0; i < n_query; i++)
		if (curl_url_set(u, CURLUPART_QUERY, query[i],
				 CURLU_APPENDQUERY | CURLU_URLENCODE) != CURLUE_OK)
			goto out;
	if (curl_url_get(u, CURLUPART_URL, &url, 0) != CURLUE_OK)
		goto out;
	*out = strdup(url);
	ret = *out ? 0 : -ENOMEM;
out:
	curl_free(url);
	free(full);
	curl_free(base);
	curl_url_cleanup(u);
	return ret;
}

const char *prov_endpoint(const struct cfg_provider *cfg, const char *def)
{
	const char *ep = cfg ? cfg_provider_get(cfg, "endpoint") : NULL;

	return ep && ep[0] ? ep : def;
}

enum prov_result prov_finish(struct prov_job *job, struct prov_outcome *out, enum prov_result res)
{
	snprintf(out->record_id, sizeof(out->record_id), "%s", job->record_id);
	snprintf(out->zone_id, sizeof(out->zone_id), "%s", job->zone_id);
	out->read_first = job->read_first;
	if (job->found)
		out->old = job->found_addr;
	else
		out->old.family = AF_UNSPEC;
	return res;
}

const char *prov_several(const struct prov_job *job, char *buf, size_t size)
{
	if (job->n_found <= 1)
		return "";
	snprintf(buf, size, " (%u records share this name and type; the others are left alone)",
		 job->n_found);
	return buf;
}

enum prov_result prov_not_found(struct prov_job *job, const char *name, int create,
				struct prov_outcome *out)
{
	char new[IPADDR_STRLEN];

	job->found = false;
	job->n_found = 0;
	job->record_id[0] = '\0';
	if (job->dry_run) {
		out->would_write = true;
		prov_outcome_set(out, NULL, PROV_OK, "would create %s %s %s", fam_rrtype(job->fam),
				 name, ipaddr_ntop(&job->want, new));
		return prov_finish(job, out, PROV_OK);
	}
	job->step = create;
	return PROV_NEXT_STEP;
}

void prov_found(struct prov_job *job, unsigned n, const char *id, const char *value, long ttl)
{
	job->found = true;
	job->n_found = n;
	if (!value || !ipaddr_parse(value, fam_to_af(job->fam), &job->found_addr))
		job->found_addr.family = AF_UNSPEC;
	job->found_ttl = ttl > 0 && ttl <= INT_MAX ? (int)ttl : -1;
	if (id)
		snprintf(job->record_id, sizeof(job->record_id), "%s", id);
}

enum prov_result prov_refind(struct prov_job *job, int find)
{
	job->record_id[0] = '\0';
	job->found = false;
	job->step = find;
	return PROV_NEXT_STEP;
}

bool prov_differs(const struct prov_job *job, bool ttl_comparable, bool other_differs)
{
	bool ttl_diff = ttl_comparable && job->rec->ttl > 0 && job->found_ttl > 0 &&
			job->found_ttl != job->rec->ttl;

	return !ipaddr_equal(&job->found_addr, &job->want) || ttl_diff || other_differs;
}

enum prov_result prov_decide_ex(struct prov_job *job, const char *name, int update,
				bool ttl_comparable, bool other_differs, const char *what,
				struct prov_outcome *out)
{
	char old[IPADDR_STRLEN], new[IPADDR_STRLEN], note[96];
	bool same = ipaddr_equal(&job->found_addr, &job->want);

	ipaddr_ntop(&job->want, new);
	ipaddr_ntop(&job->found_addr, old);
	if (!prov_differs(job, ttl_comparable, other_differs)) {
		prov_outcome_set(out, NULL, PROV_UNCHANGED, "%s %s already %s%s",
				 fam_rrtype(job->fam), name, new,
				 prov_several(job, note, sizeof(note)));
		return prov_finish(job, out, PROV_UNCHANGED);
	}
	if (job->dry_run) {
		out->would_write = true;
		prov_outcome_set(out, NULL, PROV_OK, "would update %s %s %s -> %s%s%s%s%s",
				 fam_rrtype(job->fam), name, old, new, same ? " (" : "",
				 same ? what : "", same ? ")" : "",
				 prov_several(job, note, sizeof(note)));
		return prov_finish(job, out, PROV_OK);
	}
	job->step = update;
	return PROV_NEXT_STEP;
}

enum prov_result prov_decide(struct prov_job *job, const char *name, int update,
			     struct prov_outcome *out)
{
	return prov_decide_ex(job, name, update, true, false, "ttl", out);
}

enum prov_result prov_unconfirmed(struct prov_job *job, const char *provider, const char *why,
				  struct prov_outcome *out)
{
	prov_outcome_set(out, NULL, PROV_RETRY,
			 "%s: the provider's answer did not confirm the write (%s)", provider, why);
	return prov_finish(job, out, PROV_RETRY);
}

enum prov_result prov_written_ex(struct prov_job *job, const char *name, bool created,
				 const char *what, struct prov_outcome *out)
{
	const char *type = fam_rrtype(job->fam);
	char old[IPADDR_STRLEN], new[IPADDR_STRLEN], note[96];

	ipaddr_ntop(&job->want, new);
	if (created)
		prov_outcome_set(out, NULL, PROV_OK, "created %s %s %s", type, name, new);
	else if (ipaddr_equal(&job->found_addr, &job->want))
		prov_outcome_set(out, NULL, PROV_OK, "updated %s %s %s (%s)%s", type, name, new,
				 what, prov_several(job, note, sizeof(note)));
	else
		prov_outcome_set(out, NULL, PROV_OK, "updated %s %s %s -> %s%s", type, name,
				 ipaddr_ntop(&job->found_addr, old), new,
				 prov_several(job, note, sizeof(note)));
	return prov_finish(job, out, PROV_OK);
}

enum prov_result prov_written(struct prov_job *job, const char *name, bool created,
			      struct prov_outcome *out)
{
	return prov_written_ex(job, name, created, "ttl", out);
}

const char *prov_result_name(enum prov_result r)
{
	switch (r) {
	case PROV_OK:
		return "ok";
	case PROV_UNCHANGED:
		return "unchanged";
	case PROV_NEXT_STEP:
		return "next-step";
	case PROV_RETRY:
		return "retry";
	case PROV_AUTH:
		return "auth";
	case PROV_PERMANENT:
		return "permanent";
	}
	return "?";
}

int prov_list_add(struct prov_list *l, const struct prov_listed *e)
{
	if (l->n >= PROV_LIST_MAX)
		return -E2BIG;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct prov_listed *v = reallocarray(l->v, cap, sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *e;
	return 0;
}

void prov_list_free(struct prov_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

bool prov_dry_write(struct prov_job *job, struct prov_outcome *out)
{
	const struct provider_ops *ops = job->ops ? job->ops : prov_find(job->cfg->type);
	char name[256], a[IPADDR_STRLEN], b[IPADDR_STRLEN];
	struct prov_request req;
	int ret;

	if (!job->dry_run || !prov_available(ops) || ops->readable)
		return false;
	prov_outcome_init(out);
	if (!prov_fqdn(job->rec->name, name))
		snprintf(name, sizeof(name), "%s", "(bad name)");
	ret = ops->build(job, &req);
	if (ret) {
		prov_outcome_set(out, NULL, ret == -ENOMEM ? PROV_RETRY : PROV_PERMANENT,
				 "%s: cannot build the request: %s", ops->name, strerror(-ret));
	} else if (!req.writes) {
		prov_request_free(&req);
		return false;
	} else {
		out->would_write = true;
		if (job->paired)
			prov_outcome_set(out, NULL, PROV_OK, "would send %s: A %s %s, AAAA %s %s",
					 req.shown, name, ipaddr_ntop(&job->want, a), name,
					 ipaddr_ntop(&job->want6, b));
		else
			prov_outcome_set(out, NULL, PROV_OK, "would send %s: %s %s %s", req.shown,
					 fam_rrtype(job->fam), name, ipaddr_ntop(&job->want, a));
		prov_request_free(&req);
	}
	if (job->paired)
		job->pair_out = *out;
	return true;
}

bool prov_pairs_always(const struct cfg_provider *cfg)
{
	(void)cfg;
	return true;
}
