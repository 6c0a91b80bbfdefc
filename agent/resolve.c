// SPDX-License-Identifier: MIT
/* rfc2136 server names resolved off the loop: one detached thread per configuration runs
 * getaddrinfo() for each, then wakes the loop with an ev_async. */
#include "agent/resolve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "providers/rfc2136.h"

struct host {
	char *section; /* [provider NAME] */
	char *name;
	char addr[INET6_ADDRSTRLEN]; /* the answer, "" when none */
	int gai;		     /* getaddrinfo's error, 0 when addr is set */
};

/* What the thread and the loop share: freed by whoever lets go last. The ev_async lives here
 * so that a thread finishing after a cancel still signals valid memory. */
struct shared {
	atomic_int refs;
	struct ev_loop *loop;
	ev_async async;
	struct host *hosts;
	size_t n;
};

struct resolve {
	struct shared *sh;
	void (*done)(void *arg);
	void *arg;
};

static void shared_unref(struct shared *sh)
{
	if (atomic_fetch_sub(&sh->refs, 1) != 1)
		return;
	for (size_t i = 0; i < sh->n; i++) {
		free(sh->hosts[i].section);
		free(sh->hosts[i].name);
	}
	free(sh->hosts);
	free(sh);
}

static void *worker(void *arg)
{
	struct shared *sh = arg;

	for (size_t i = 0; i < sh->n; i++) {
		struct addrinfo hints = {
		    .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM, .ai_flags = AI_ADDRCONFIG};
		struct addrinfo *res = NULL;
		struct host *h = &sh->hosts[i];

		h->gai = getaddrinfo(h->name, NULL, &hints, &res);
		if (!h->gai && res) {
			const void *a =
			    res->ai_family == AF_INET
				? (const void *)&((struct sockaddr_in *)res->ai_addr)->sin_addr
				: (const void *)&((struct sockaddr_in6 *)res->ai_addr)->sin6_addr;

			inet_ntop(res->ai_family, a, h->addr, sizeof(h->addr));
		} else if (!h->gai) {
			h->gai = EAI_NONAME;
		}
		freeaddrinfo(res);
	}
	/* Thread-safe by libev's contract; harmless on a watcher the loop stopped. */
	ev_async_send(sh->loop, &sh->async);
	shared_unref(sh);
	return NULL;
}

static void woken(struct ev_loop *loop, ev_async *w, int revents)
{
	struct resolve *r = w->data; /* valid: a cancel stops this watcher first */

	(void)revents;
	ev_async_stop(loop, w);
	r->done(r->arg);
}

struct resolve *resolve_start(struct ev_loop *loop, const struct config *cfg,
			      void (*done)(void *arg), void *arg)
{
	struct resolve *r = NULL;
	struct shared *sh;
	pthread_attr_t attr;
	pthread_t th;
	int err;

	sh = calloc(1, sizeof(*sh));
	if (!sh)
		return NULL;
	sh->hosts = calloc(cfg->n_providers ? cfg->n_providers : 1, sizeof(*sh->hosts));
	if (!sh->hosts)
		goto fail;
	for (size_t i = 0; i < cfg->n_providers; i++) {
		const char *name = rfc2136_server_name(&cfg->providers[i]);
		struct host *h = &sh->hosts[sh->n];

		if (!name)
			continue;
		h->section = strdup(cfg->providers[i].name);
		h->name = strdup(name);
		sh->n++;
		if (!h->section || !h->name)
			goto fail;
	}
	if (!sh->n) {
		free(sh->hosts);
		free(sh);
		errno = 0;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		goto fail;
	r->sh = sh;
	r->done = done;
	r->arg = arg;
	sh->loop = loop;
	atomic_init(&sh->refs, 2); /* the loop's and the thread's */
	ev_async_init(&sh->async, woken);
	sh->async.data = r;
	ev_async_start(loop, &sh->async);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&th, &attr, worker, sh);
	pthread_attr_destroy(&attr);
	if (err) {
		ev_async_stop(loop, &sh->async);
		atomic_store(&sh->refs, 1);
		errno = err;
		goto fail;
	}
	return r;
fail:
	err = errno ? errno : ENOMEM;
	free(r);
	atomic_store(&sh->refs, 1);
	shared_unref(sh);
	errno = err;
	return NULL;
}

/* Append the internal key "server-address" to a provider section (realloc'd like the
 * parser's own keys, so config_free frees it). */
static int set_address(struct cfg_provider *p, const char *addr)
{
	struct cfg_param *prm = realloc(p->params, (p->n_params + 1) * sizeof(*prm));

	if (!prm)
		return -ENOMEM;
	p->params = prm;
	memset(&prm[p->n_params], 0, sizeof(*prm));
	prm[p->n_params].key = strdup("server-address");
	prm[p->n_params].value = strdup(addr);
	if (!prm[p->n_params].key || !prm[p->n_params].value) {
		free(prm[p->n_params].key);
		free(prm[p->n_params].value);
		return -ENOMEM;
	}
	p->n_params++;
	return 0;
}

void resolve_apply(struct resolve *r, struct config *cfg)
{
	struct shared *sh = r->sh;

	for (size_t i = 0; i < sh->n; i++) {
		struct host *h = &sh->hosts[i];
		struct cfg_provider *p = NULL;

		for (size_t j = 0; j < cfg->n_providers && !p; j++)
			if (!strcmp(cfg->providers[j].name, h->section))
				p = &cfg->providers[j];
		if (!p)
			continue;
		if (h->gai) {
			log_error(
			    "provider %s: cannot resolve server %s: %s; its records fail "
			    "until the name resolves and the configuration is reloaded (SIGHUP)",
			    h->section, h->name, gai_strerror(h->gai));
			/* an empty address: the records stop waiting, and fail to build */
			set_address(p, "");
		} else if (set_address(p, h->addr) < 0) {
			log_error("provider %s: out of memory", h->section);
		} else {
			log_info("provider %s: server %s is %s", h->section, h->name, h->addr);
		}
	}
	shared_unref(sh);
	free(r);
}

void resolve_cancel(struct resolve *r)
{
	if (!r)
		return;
	ev_async_stop(r->sh->loop, &r->sh->async);
	shared_unref(r->sh);
	free(r);
}

void resolve_give_up(struct config *cfg)
{
	for (size_t i = 0; i < cfg->n_providers; i++)
		if (resolve_waiting(&cfg->providers[i]))
			set_address(&cfg->providers[i], "");
}

bool resolve_waiting(const struct cfg_provider *p)
{
	return rfc2136_server_name(p) && !rfc2136_server_known(p);
}
