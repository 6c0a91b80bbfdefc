// SPDX-License-Identifier: MIT
/* custom: an HTTP request made from templates (url, body with {ip} {ipv4} {ipv6} {name}), one
 * optional header, and a success text. The url and the header may carry a token, so neither
 * is ever shown: requests are rendered as "METHOD https://HOST/<template>". */
#include "providers/custom.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "providers/custom_tmpl.h"
#include "providers/writeonly.h"

/* The url is the endpoint; it and the header are secret because they usually carry a token. */
static const struct config_schema_key keys[] = {
    {"url", CFG_VAL_URL_TEMPLATE, true, true, NULL},
    {"method", CFG_VAL_METHOD, false, false, "GET"},
    {"body", CFG_VAL_TEXT, false, false, NULL},
    {"success", CFG_VAL_TEXT, false, false, NULL},
    {"header", CFG_VAL_TEXT, true, false, NULL},
    PROV_KEY_MAX_CONCURRENT,
    PROV_KEY_RATE_LIMIT("60/m"),
    PROV_KEY_END,
};

static const char *url_tmpl(const struct cfg_provider *cfg)
{
	const struct secret *u = cfg_provider_secret(cfg, "url");

	return u && secret_is_set(u) ? secret_reveal(u) : NULL;
}

static unsigned used(const struct cfg_provider *cfg)
{
	return custom_placeholders(url_tmpl(cfg)) |
	       custom_placeholders(cfg_provider_get(cfg, "body"));
}

/* Both families in one request only when the templates name both. */
static bool pairs(const struct cfg_provider *cfg)
{
	unsigned u = used(cfg);

	return (u & CUSTOM_PH_IPV4) && (u & CUSTOM_PH_IPV6);
}

/* header = "Name: value": the name a token, the value free text; false otherwise. */
static bool split_header(const char *h, char name[static 64], const char **value)
{
	const char *colon = h ? strchr(h, ':') : NULL;
	size_t n, i;

	if (!colon)
		return false;
	n = (size_t)(colon - h);
	if (!n || n >= 64)
		return false;
	for (i = 0; i < n; i++)
		if (!strchr("!#$%&'*+-.^_`|~", h[i]) && !(h[i] >= '0' && h[i] <= '9') &&
		    !((h[i] | 0x20) >= 'a' && (h[i] | 0x20) <= 'z'))
			return false;
	memcpy(name, h, n);
	name[n] = '\0';
	for (*value = colon + 1; **value == ' ' || **value == '\t'; (*value)++)
		;
	return true;
}

static const char *header_of(const struct cfg_provider *cfg)
{
	const struct secret *h = cfg_provider_secret(cfg, "header");

	return h && secret_is_set(h) ? secret_reveal(h) : NULL;
}

static int check_config(const struct cfg_provider *cfg, struct errbuf *err)
{
	static const struct custom_values sample = {
	    .ip = "192.0.2.1", .ipv4 = "192.0.2.1", .ipv6 = "2001:db8::1", .name = "example.com"};
	const char *tmpl = url_tmpl(cfg), *hv, *h = header_of(cfg);
	char hn[64], *url;
	bool ok;

	if (tmpl) {
		url = custom_expand(tmpl, CUSTOM_ESC_URL, &sample);
		ok = url && prov_https_url(url);
		free(url);
		if (!ok) {
			errbuf_set(err,
				   "url: not an https:// URL once its placeholders are "
				   "filled; expected e.g. https://HOST/update?host={name}&ip={ip}");
			return -EINVAL;
		}
	}
	if (h && !split_header(h, hn, &hv)) {
		errbuf_set(err, "header: expected one header as Name: value");
		return -EINVAL;
	}
	return 0;
}

/* "METHOD scheme://host[:port]/<template>": never the path or query, which may hold a token. */
static void show(struct prov_request *req, const char *method)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;

	snprintf(req->shown, sizeof(req->shown), "%s <template>", method);
	if (u && curl_url_set(u, CURLUPART_URL, req->http.url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_PORT, &port, 0);
		snprintf(req->shown, sizeof(req->shown), "%s %s://%s%s%s/<template>", method,
			 scheme, host, port ? ":" : "", port ? port : "");
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
}

static enum http_method method_of(const struct cfg_provider *cfg, const char **name)
{
	static const struct {
		const char *name;
		enum http_method m;
	} ms[] = {{"POST", HTTP_POST}, {"PUT", HTTP_PUT}, {"PATCH", HTTP_PATCH}};
	const char *m = cfg_provider_get(cfg, "method");

	for (size_t i = 0; m && i < sizeof(ms) / sizeof(ms[0]); i++)
		if (!strcasecmp(m, ms[i].name)) {
			*name = ms[i].name;
			return ms[i].m;
		}
	*name = "GET";
	return HTTP_GET;
}

/* The values of this job: {ip} its family's address (IPv4 for a pair), {ipv4} and {ipv6}
 * the record's addresses as far as known. */
static void values(const struct prov_job *job, struct custom_values *v, char a[IPADDR_STRLEN],
		   char b[IPADDR_STRLEN], char name[static 256])
{
	const struct ipaddr *v4 = NULL, *v6 = NULL;

	if (job->paired) {
		v4 = &job->want;
		v6 = &job->want6;
	} else {
		const struct ipaddr *other = ipaddr_is_set(&job->other) ? &job->other : NULL;

		v4 = job->fam == FAM_V4 ? &job->want : other;
		v6 = job->fam == FAM_V6 ? &job->want : other;
		if (v4 && v4->family != AF_INET)
			v4 = NULL;
		if (v6 && v6->family != AF_INET6)
			v6 = NULL;
	}
	memset(v, 0, sizeof(*v));
	v->name = name;
	v->ipv4 = v4 ? ipaddr_ntop(v4, a) : NULL;
	v->ipv6 = v6 ? ipaddr_ntop(v6, b) : NULL;
	v->ip = job->paired || job->fam == FAM_V4 ? v->ipv4 : v->ipv6;
}

static int add_body(const struct prov_job *job, const struct custom_values *v, const char *ctype,
		    struct prov_request *req)
{
	const char *body = cfg_provider_get(job->cfg, "body");
	enum custom_escape esc;

	if (!body || !body[0])
		return 0;
	esc = custom_body_escape(body, ctype);
	req->http.body = custom_expand(body, esc, v);
	if (!req->http.body)
		return errno == ENOMEM ? -ENOMEM : -EINVAL;
	req->http.body_len = strlen(req->http.body);
	/* A JSON body without a Content-Type would go out as a form (curl's default). */
	if (esc == CUSTOM_ESC_JSON && !ctype)
		return prov_request_add_header(req, "Content-Type", "application/json");
	return 0;
}

static int build(const struct prov_job *job, struct prov_request *req)
{
	const char *tmpl = url_tmpl(job->cfg), *h = header_of(job->cfg), *hv = NULL, *mname;
	char a[IPADDR_STRLEN], b[IPADDR_STRLEN], name[256], hn[64];
	enum http_method m = method_of(job->cfg, &mname);
	struct custom_values v;
	char *url;
	int ret;

	if (job->verify || !tmpl || !writeonly_name(job, name) || (h && !split_header(h, hn, &hv)))
		return -EINVAL;
	values(job, &v, a, b, name);
	url = custom_expand(tmpl, CUSTOM_ESC_URL, &v);
	if (!url)
		return errno == ENOMEM ? -ENOMEM : -EINVAL;
	if (!prov_https_url(url)) {
		writeonly_free(url);
		return -EINVAL;
	}
	prov_request_http(req, m, true);
	req->http.url = url;
	show(req, mname);
	ret = writeonly_user_agent(job, req);
	if (!ret && h)
		ret = prov_request_add_header(req, hn, hv);
	if (!ret)
		ret = add_body(job, &v, h && !strcasecmp(hn, "Content-Type") ? hv : NULL, req);
	if (ret)
		prov_request_free(req);
	return ret;
}

static enum prov_result parse(struct prov_job *job, const struct prov_reply *reply,
			      struct prov_outcome *out)
{
	const char *success = cfg_provider_get(job->cfg, "success");
	struct custom_reply r;
	char what[400];

	writeonly_what(job, what, sizeof(what));
	/* Only the status is shown: a reply may echo the URL, and with it a token. */
	switch (custom_reply_parse(reply->status, reply->body, reply->len, success, &r)) {
	case CUSTOM_OK:
		return writeonly_end(job, out, PROV_OK, NULL, "updated %s", what);
	case CUSTOM_TRANSIENT:
		out->retry_after = reply->retry_after;
		return writeonly_end(job, out, PROV_RETRY, NULL, "custom: HTTP %ld", reply->status);
	case CUSTOM_AUTH:
		return writeonly_end(job, out, PROV_AUTH, NULL,
				     "custom: HTTP %ld: credentials refused; check url and header",
				     reply->status);
	case CUSTOM_FAILED:
		break;
	}
	if (reply->status >= 200 && reply->status <= 299)
		return writeonly_end(job, out, PROV_PERMANENT, NULL,
				     "custom: HTTP %ld without the success text; check success =, "
				     "url and body",
				     reply->status);
	return writeonly_end(job, out, PROV_PERMANENT, NULL,
			     "custom: HTTP %ld; check url, "
			     "method and body",
			     reply->status);
}

const struct provider_ops custom_ops = {
    .name = "custom",
    .keys = keys,
    .readable = false,
    .min_interval = 60,
    .pairs = pairs,
    .check_config = check_config,
    .build = build,
    .parse = parse,
};
