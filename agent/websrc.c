// SPDX-License-Identifier: MIT
/* "What is my IP" lookups: ask each URL in turn, forced to one family, until one answers. */
#include "agent/websrc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/log.h"
#include "providers/webip.h"

/* Short enough that a dead service does not hold up the next one for long. */
#define WEB_CONNECT_MS 5000L
#define WEB_TIMEOUT_MS 10000L

struct websrc_lookup {
	struct http_ctx *http;
	enum fam fam;
	char **urls;
	size_t n_urls;
	size_t next; /* index of the next URL to try */
	size_t cur;  /* index of the URL in flight */
	char *ca_file;
	struct http_job *job;
	websrc_done_fn done;
	void *arg;
	bool in_done;
	size_t n_failed;
	char fails[sizeof(((struct web_answer *)0)->error)]; /* "host: why; host: why" */
	struct web_answer ans;
};

/* A URL as it may be shown: without user info, query or fragment (they may carry tokens);
 * with brief set, also without the scheme and a bare "/" path ("api.ipify.org"). */
static void url_shown(const char *url, bool brief, char *out, size_t outlen)
{
	const char *rest = url, *auth, *at;
	size_t scheme = 0, alen, plen;

	auth = strstr(url, "://");
	if (auth) {
		scheme = (size_t)(auth - url) + 3;
		rest = auth + 3;
	}
	alen = strcspn(rest, "/?#");
	at = memchr(rest, '@', alen);
	if (at) {
		alen -= (size_t)(at + 1 - rest);
		rest = at + 1;
	}
	plen = strcspn(rest + alen, "?#");
	if (brief && plen == 1)
		plen = 0;
	snprintf(out, outlen, "%.*s%.*s%.*s", brief ? 0 : (int)scheme, url, (int)alen, rest,
		 (int)plen, rest + alen);
}

static void add_failure(struct websrc_lookup *l, size_t i, const char *why)
{
	char name[128];
	size_t used = strlen(l->fails);

	url_shown(l->urls[i], true, name, sizeof(name));
	if (used < sizeof(l->fails) - 1)
		snprintf(l->fails + used, sizeof(l->fails) - used, "%s%s: %s", used ? "; " : "",
			 name, why);
	url_shown(l->urls[i], false, l->ans.url, sizeof(l->ans.url));
	l->n_failed++;
}

static void lookup_free(struct websrc_lookup *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n_urls; i++)
		free(l->urls[i]);
	free(l->urls);
	free(l->ca_file);
	free(l);
}

/* Report and free: done runs last and the lookup is gone once it returns. */
static void finish(struct websrc_lookup *l)
{
	struct web_answer *a = &l->ans;
	int n;

	a->done = true;
	if (!a->ok) {
		n = snprintf(a->error, sizeof(a->error), "%s%zu web service%s failed: %s",
			     l->n_failed > 1 ? "all " : "", l->n_failed, l->n_failed > 1 ? "s" : "",
			     l->fails);
		/* Mark a cut summary so that nobody reads it as the whole story. */
		if (n < 0 || (size_t)n >= sizeof(a->error))
			memcpy(a->error + sizeof(a->error) - 4, "...", 4);
	}
	l->in_done = true;
	l->done(l->arg, l->fam, a);
	lookup_free(l);
}

static void on_reply(void *arg, const struct http_response *resp);

/* Start the next URL that can be started; false when none is left. */
static bool try_next(struct websrc_lookup *l)
{
	struct http_request req;
	int err;

	memset(&req, 0, sizeof(req));
	req.method = HTTP_GET;
	req.ipresolve = l->fam == FAM_V4 ? 4 : 6;
	req.connect_timeout_ms = WEB_CONNECT_MS;
	req.timeout_ms = WEB_TIMEOUT_MS;
	req.max_body = WEBIP_MAX_BODY;
	req.ca_file = l->ca_file;
	while (l->next < l->n_urls) {
		size_t i = l->next++;

		req.url = l->urls[i];
		l->job = http_submit(l->http, &req, on_reply, l);
		if (l->job) {
			l->cur = i;
			return true;
		}
		err = errno;
		add_failure(l, i, err == EPROTONOSUPPORT ? "not an https URL" : strerror(err));
		errno = err;
	}
	return false;
}

static void on_reply(void *arg, const struct http_response *resp)
{
	struct websrc_lookup *l = arg;
	char why[128], shown[256], buf[IPADDR_STRLEN];

	l->job = NULL;
	url_shown(l->urls[l->cur], false, shown, sizeof(shown));
	if (resp->curl_code != 0) {
		log_debug("web %s: %s: %s", fam_name(l->fam), shown, resp->error);
		snprintf(why, sizeof(why), "%s", http_error_summary(resp));
	} else if (resp->status != 200) {
		log_debug("web %s: %s: HTTP status %ld", fam_name(l->fam), shown, resp->status);
		snprintf(why, sizeof(why), "HTTP %ld", resp->status);
	} else if (!webip_parse(resp->body, resp->len, l->fam, &l->ans.addr, why, sizeof(why))) {
		log_debug("web %s: %s: %s", fam_name(l->fam), shown, why);
	} else {
		log_debug("web %s: %s answered %s in %.0f ms", fam_name(l->fam), shown,
			  ipaddr_ntop(&l->ans.addr, buf), resp->elapsed_ms);
		l->ans.ok = true;
		snprintf(l->ans.url, sizeof(l->ans.url), "%s", shown);
		finish(l);
		return;
	}
	add_failure(l, l->cur, why);
	if (!try_next(l))
		finish(l);
}

struct websrc_lookup *websrc_start(struct http_ctx *http, enum fam fam, char *const *urls,
				   size_t n_urls, const char *ca_file, websrc_done_fn done,
				   void *arg)
{
	struct websrc_lookup *l;
	size_t i;
	int err;

	if (!http || !urls || n_urls == 0 || !done || (fam != FAM_V4 && fam != FAM_V6)) {
		errno = EINVAL;
		return NULL;
	}
	l = calloc(1, sizeof(*l));
	if (!l)
		goto nomem;
	l->http = http;
	l->fam = fam;
	l->done = done;
	l->arg = arg;
	l->urls = calloc(n_urls, sizeof(*l->urls));
	if (!l->urls)
		goto nomem;
	l->n_urls = n_urls;
	for (i = 0; i < n_urls; i++) {
		l->urls[i] = strdup(urls[i] ? urls[i] : "");
		if (!l->urls[i])
			goto nomem;
	}
	if (ca_file && !(l->ca_file = strdup(ca_file)))
		goto nomem;
	if (!try_next(l)) {
		/* Nothing started: say why here rather than call done from inside start. */
		err = errno;
		log_debug("web %s: no URL could be started: %s", fam_name(fam), l->fails);
		lookup_free(l);
		errno = err;
		return NULL;
	}
	return l;
nomem:
	lookup_free(l);
	errno = ENOMEM;
	return NULL;
}

void websrc_cancel(struct websrc_lookup *l)
{
	/* From inside done this is a no-op: the lookup is freed when done returns. */
	if (!l || l->in_done)
		return;
	http_cancel(l->http, l->job);
	lookup_free(l);
}
