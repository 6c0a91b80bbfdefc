// SPDX-License-Identifier: MIT
/* The agent's life: set-up in order, signals and timers on one libev loop, reload, shutdown. */
#include "agent/agent.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "agent/cmd.h"
#include "agent/config_load.h"
#include "agent/resolve.h"
#include "agent/desired.h"
#include "agent/lock.h"
#include "lib/log.h"
#include "agent/sdnotify.h"
#include "netlink/nl_sock.h"
#include "providers/http.h"

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))
#define SHUTDOWN_GRACE			5.0

static void web_changed(void *arg, struct webcache_entry *e)
{
	struct agent *ag = arg;

	agent_refresh(ag, 1u << e->fam, false);
	agent_step(ag);
}

static void settle_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct agent_settle *st = container_of(w, struct agent_settle, timer);

	(void)loop;
	(void)revents;
	/* Only a change of the default route or of its interface's addresses can change what
	 * the web sees. */
	agent_refresh(st->ag, 1u << st->fam, agent_web_moved(st->ag, st->fam));
	agent_step(st->ag);
}

static void if_note(const char *name, bool present, void *arg)
{
	struct agent *ag = arg;

	if (present)
		log_info("interface %s is here", name);
	else
		log_warnx("interface %s %s; records that name it wait for it", name,
			  ag->ifw.started ? "went away" : "does not exist");
}

/* Named interfaces (interface:IF) that are missing at start-up, or go away later. */
static void watch_interfaces(struct agent *ag)
{
	ifwatch_update(&ag->ifw, &ag->view, if_note, ag);
}

/* Kernel events: coalesced per family for `settle`, counted from the first event of a burst
 * (not re-armed by every later one, so a storm cannot postpone the update forever). */
static void nl_changed(unsigned int changed, void *arg)
{
	struct agent *ag = arg;
	unsigned int bits[FAM_N] = {VIEW_CHG_V4, VIEW_CHG_V6};

	if (changed & VIEW_CHG_LINK)
		watch_interfaces(ag);
	/* A DNS query sent from an address that went would wait for its whole time-out. */
	if (changed)
		dns_transport_forget_addresses(ag->dns);
	for (enum fam f = FAM_V4; f < FAM_N; f++) {
		if (!(changed & (bits[f] | VIEW_CHG_LINK)))
			continue;
		if (ev_is_active(&ag->settle[f].timer))
			continue;
		ev_timer_set(&ag->settle[f].timer, ag->cfg->agent.settle, 0.);
		ev_timer_start(ag->loop, &ag->settle[f].timer);
	}
}

static void tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	agent_step(container_of(w, struct agent, tick));
}

static void arm_poll(struct agent *ag)
{
	/* ±10 % jitter so that many agents started together do not poll in lock-step. */
	double iv = ag->cfg->agent.poll_interval;
	double d = iv * (0.9 + 0.2 * (arc4random() / (double)UINT32_MAX));

	ev_timer_stop(ag->loop, &ag->poll);
	ev_timer_set(&ag->poll, d, 0.);
	ev_timer_start(ag->loop, &ag->poll);
}

static void poll_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct agent *ag = container_of(w, struct agent, poll);

	(void)loop;
	(void)revents;
	agent_refresh(ag, 3, true);
	agent_step(ag);
	arm_poll(ag);
	/* status.json is rewritten only on a change; its time says when the agent was last
	 * seen alive (what `status` shows after a kill -9). */
	status_touch(ag->cfg->agent.runtime_dir);
}

static void watchdog_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	sdnotify("WATCHDOG=1");
}

static void stop_now(struct agent *ag)
{
	agent_abort_jobs(ag);
	ev_break(ag->loop, EVBREAK_ALL);
}

static void grace_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct agent *ag = container_of(w, struct agent, grace);

	(void)loop;
	(void)revents;
	if (prov_runner_active(ag->runner) + prov_runner_queued(ag->runner) == 0) {
		stop_now(ag);
		return;
	}
	if (ev_now(ag->loop) - ag->stop_at >= SHUTDOWN_GRACE) {
		log_warnx("cancelling %zu request(s) still in flight",
			  prov_runner_active(ag->runner) + prov_runner_queued(ag->runner));
		stop_now(ag);
	}
}

static void sig_stop_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct agent *ag = w->signum == SIGTERM ? container_of(w, struct agent, sig_term)
						: container_of(w, struct agent, sig_int);

	(void)loop;
	(void)revents;
	if (ag->stopping)
		return;
	log_info("%s: stopping", strsignal(w->signum));
	sdnotify("STOPPING=1");
	ag->stopping = true;
	ev_timer_stop(ag->loop, &ag->poll);
	ev_timer_stop(ag->loop, &ag->tick);
	ev_timer_stop(ag->loop, &ag->settle[FAM_V4].timer);
	ev_timer_stop(ag->loop, &ag->settle[FAM_V6].timer);
	agent_web_stop(ag);
	ev_timer_stop(ag->loop, &ag->hold_timer);
	webcache_fini(&ag->wc);
	/* Requests in flight may finish (their results are saved) for up to 5 s. */
	ag->stop_at = ev_now(ag->loop);
	ev_timer_set(&ag->grace, 0.05, 0.05);
	ev_timer_start(ag->loop, &ag->grace);
}

static void sig_usr1_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct agent *ag = container_of(w, struct agent, sig_usr1);

	(void)loop;
	(void)revents;
	log_info("SIGUSR1: re-checking every source and record now");
	agent_refresh(ag, 3, true);
	agent_force(ag);
	agent_step(ag);
}

static void resolved(void *arg)
{
	struct agent *ag = arg;

	resolve_apply(ag->resolving, ag->cfg);
	ag->resolving = NULL;
	agent_step(ag);
}

/* Provider servers given by name: resolved off the loop; their records wait meanwhile. */
static void start_resolving(struct agent *ag)
{
	resolve_cancel(ag->resolving);
	ag->resolving = resolve_start(ag->loop, ag->cfg, resolved, ag);
	if (!ag->resolving && errno) {
		log_error("cannot start resolving server names: %s", strerror(errno));
		resolve_give_up(ag->cfg);
	}
}

/* A runner over both transports: HTTP (http.c) and DNS (dns_transport.c, for rfc2136). */
static struct prov_runner *new_runner(struct agent *ag, const char *ca_file)
{
	struct prov_runner *r = prov_runner_new(ag->http, ca_file);

	if (r && prov_runner_set_transport(r, PROV_TRANSPORT_DNS, &transport_dns_ops, ag->dns)) {
		prov_runner_free(r);
		r = NULL;
	}
	/* Budgets and pauses run on the agent's loop. */
	prov_runner_set_loop(r, ag->loop);
	return r;
}

static void sig_hup_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct agent *ag = container_of(w, struct agent, sig_hup);
	struct cfg_errors errs = {0};
	struct config *cfg, *old_cfg = ag->cfg;
	struct agent_ent *old_ents = ag->ents;
	size_t n_old = ag->n_ents;

	(void)loop;
	(void)revents;
	/* The grace lets writes in flight finish; a reload would cancel them. */
	if (ag->stopping) {
		log_info("SIGHUP: ignored while stopping");
		return;
	}
	cfg = cmd_config_load(ag->cli->config, &errs);
	if (errs.n > 0) {
		for (size_t i = 0; i < errs.n; i++)
			log_error("%s", errs.msgs[i]);
		log_error("SIGHUP: %s has %zu error(s); keeping the running configuration",
			  ag->cli->config, errs.n);
		config_free(cfg);
		cfg_errors_free(&errs);
		return;
	}
	cfg_errors_free(&errs);
	log_info("SIGHUP: configuration reloaded from %s", ag->cli->config);
	agent_abort_jobs(ag);
	agent_web_stop(ag);
	webcache_fini(&ag->wc);
	ag->cfg = cfg;
	ag->ents = NULL; /* agent_ents_build() frees the array it replaces */
	if (agent_ents_build(ag, old_ents, n_old) < 0) {
		log_error("SIGHUP: out of memory; stopping");
		ag->ents = old_ents;
		ag->cfg = old_cfg;
		stop_now(ag);
		return;
	}
	free(old_ents);
	zonememo_clear(&ag->zones); /* keyed by the old sections */
	ifwatch_fini(&ag->ifw);
	if (ifwatch_init(&ag->ifw, cfg->records, cfg->n_records) == 0)
		watch_interfaces(ag);
	config_free(old_cfg);
	start_resolving(ag);
	webcache_init(&ag->wc, ag->http, cfg->agent.ca_file, web_changed, ag);
	desired_prepare_web(cfg, &ag->wc);
	/* The runner stays, with each provider's budget and pause: a reload must not let a
	 * provider that said "too many requests" be asked again at once. */
	if (prov_runner_set_ca_file(ag->runner, cfg->agent.ca_file) < 0) {
		log_error("SIGHUP: out of memory; stopping");
		ev_break(ag->loop, EVBREAK_ALL);
		return;
	}
	arm_poll(ag);
	agent_refresh(ag, 3, true);
	agent_bulk_start(ag);
	agent_step(ag);
}

static void load_state(struct agent *ag)
{
	struct errbuf err = {{0}};
	int ret = state_load(ag->cfg->agent.state_dir, &ag->state, &err);

	if (ret == -EBADMSG)
		log_warnx("%s; asking the providers and rewriting it", err.msg);
	else if (ret < 0)
		log_warnx("cannot read %s/%s: %s; asking the providers", ag->cfg->agent.state_dir,
			  STATE_FILE, strerror(-ret));
}

/* One agent (run or once) per RUNTIME_DIR: two would write the same records and files. */
static int take_lock(struct agent *ag)
{
	const char *dir = ag->cfg->agent.runtime_dir;
	long pid;

	ag->lock_fd = lock_take(dir, &pid);
	if (ag->lock_fd >= 0)
		return 0;
	if (ag->lock_fd == -EWOULDBLOCK && pid > 0)
		log_error("already running as PID %ld (%s/%s)", pid, dir, LOCK_FILE);
	else if (ag->lock_fd == -EWOULDBLOCK)
		log_error("already running (%s/%s is locked)", dir, LOCK_FILE);
	else
		log_error("cannot lock %s/%s: %s", dir, LOCK_FILE, strerror(-ag->lock_fd));
	return ag->lock_fd;
}

static int setup(struct agent *ag)
{
	double wd;

	ag->loop = ev_default_loop(EVFLAG_AUTO);
	if (!ag->loop) {
		log_error("cannot start the event loop");
		return -ENOMEM;
	}
	state_init(&ag->state);
	agent_persist_init(ag);
	load_state(ag);
	if (agent_ents_build(ag, NULL, 0) < 0)
		return -ENOMEM;
	ag->http = http_init(ag->loop);
	ag->dns = dns_transport_new(ag->loop);
	ag->runner = ag->http && ag->dns ? new_runner(ag, ag->cfg->agent.ca_file) : NULL;
	ag->hooks = hooks_init(ag->loop);
	if (!ag->runner || !ag->hooks) {
		log_error("cannot start the HTTP client");
		return -ENOMEM;
	}
	webcache_init(&ag->wc, ag->http, ag->cfg->agent.ca_file, web_changed, ag);
	if (desired_prepare_web(ag->cfg, &ag->wc) < 0)
		return -ENOMEM;
	start_resolving(ag);
	for (enum fam f = FAM_V4; f < FAM_N; f++) {
		ev_timer_init(&ag->settle[f].timer, settle_cb, 0., 0.);
		ag->settle[f].ag = ag;
		ag->settle[f].fam = f;
	}
	ev_timer_init(&ag->tick, tick_cb, 0., 0.);
	ev_timer_init(&ag->poll, poll_cb, 0., 0.);
	ev_timer_init(&ag->grace, grace_cb, 0., 0.);
	agent_hold_init(ag);
	ev_signal_init(&ag->sig_term, sig_stop_cb, SIGTERM);
	ev_signal_init(&ag->sig_int, sig_stop_cb, SIGINT);
	ev_signal_init(&ag->sig_hup, sig_hup_cb, SIGHUP);
	ev_signal_init(&ag->sig_usr1, sig_usr1_cb, SIGUSR1);
	ev_signal_start(ag->loop, &ag->sig_term);
	ev_signal_start(ag->loop, &ag->sig_int);
	if (!ag->once) {
		ev_signal_start(ag->loop, &ag->sig_hup);
		ev_signal_start(ag->loop, &ag->sig_usr1);
	}
	/* Subscribe and dump before anything reads the view (nl_sock_open does both). */
	ag->nl = nl_sock_open(ag->loop, &ag->view, nl_changed, ag);
	if (!ag->nl) {
		log_warn("cannot read addresses and routes from the kernel (rtnetlink)");
		return -errno;
	}
	agent_web_init(ag); /* after the first dump: the keys start from the real view */
	if (ifwatch_init(&ag->ifw, ag->cfg->records, ag->cfg->n_records) < 0)
		return -ENOMEM;
	watch_interfaces(ag);
	wd = sdnotify_watchdog_interval();
	if (wd > 0 && !ag->once) {
		ev_timer_init(&ag->watchdog, watchdog_cb, wd, wd);
		ev_timer_start(ag->loop, &ag->watchdog);
	}
	return 0;
}

/* Hooks share the exit grace of the requests: exit comes at most SHUTDOWN_GRACE after
 * SIGTERM (`once`, which ends by itself, gives them the whole grace). */
static double hooks_wait(const struct agent *ag)
{
	double left = SHUTDOWN_GRACE;

	if (ag->stopping && ag->loop) {
		ev_now_update(ag->loop);
		left -= ev_now(ag->loop) - ag->stop_at;
	}
	return left > 0 ? left : 0;
}

static void teardown(struct agent *ag)
{
	if (ag->loop) {
		ev_timer_stop(ag->loop, &ag->tick);
		ev_timer_stop(ag->loop, &ag->poll);
		ev_timer_stop(ag->loop, &ag->grace);
		ev_timer_stop(ag->loop, &ag->hold_timer);
		ev_timer_stop(ag->loop, &ag->watchdog);
		coalesce_stop(&ag->state_co);
		coalesce_stop(&ag->status_co);
		for (enum fam f = FAM_V4; f < FAM_N; f++)
			ev_timer_stop(ag->loop, &ag->settle[f].timer);
		agent_web_stop(ag);
		ev_signal_stop(ag->loop, &ag->sig_term);
		ev_signal_stop(ag->loop, &ag->sig_int);
		ev_signal_stop(ag->loop, &ag->sig_hup);
		ev_signal_stop(ag->loop, &ag->sig_usr1);
	}
	resolve_cancel(ag->resolving);
	if (ag->runner)
		agent_abort_jobs(ag);
	webcache_fini(&ag->wc);
	prov_runner_free(ag->runner);
	if (ag->nl)
		nl_sock_close(ag->nl);
	if (ag->http)
		http_fini(ag->http);
	dns_transport_free(ag->dns);
	hooks_fini(ag->hooks, hooks_wait(ag));
	view_fini(&ag->view);
	ifwatch_fini(&ag->ifw);
	state_free(&ag->state);
	free(ag->ents);
	free(ag->defer);
	zonememo_clear(&ag->zones);
	config_free(ag->cfg);
	if (ag->lock_fd >= 0)
		close(ag->lock_fd); /* after status.json went: only the holder removes it */
}

int agent_main(const struct cli *cli, bool once)
{
	struct agent ag = {.cli = cli, .once = once, .lock_fd = -1};
	int ret = 1;

	/* No core dump and no ptrace by other users: the process holds the secrets. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	view_init(&ag.view);
	ag.cfg = cmd_load_config(cli, false, NULL);
	if (!ag.cfg)
		return 2;
	if (take_lock(&ag) < 0) {
		config_free(ag.cfg);
		return 2;
	}
	ag.started_at = (double)time(NULL);
	if (setup(&ag) < 0)
		goto out;
	if (once)
		agent_force(&ag);
	else
		agent_verify_readable(&ag);
	sdnotify("READY=1");
	log_info("ddnsd started: %zu record(s), %zu address famil%s managed%s", ag.cfg->n_records,
		 ag.n_ents, ag.n_ents == 1 ? "y" : "ies", cli->dry_run ? " (dry run)" : "");
	agent_refresh(&ag, 3, true);
	agent_bulk_start(&ag);
	agent_step(&ag);
	if (!once)
		arm_poll(&ag);
	if (!once || !agent_once_finished(&ag))
		ev_run(ag.loop, 0);
	ret = 0;
	if (once)
		for (size_t i = 0; i < ag.n_ents; i++)
			if (ag.ents[i].once_failed || !ag.ents[i].once_done)
				ret = 1;
	/* What the last batch of results left unsaved: state.json at exit, fsynced. */
	agent_persist_flush(&ag);
	agent_write_status(&ag);
	if (!once) {
		/* `ddnsd status` must not show a stopped agent's rows as if it still ran; the
		 * result of `once` stays for the scripts that run it. */
		char path[4096];

		snprintf(path, sizeof(path), "%s/status.json", ag.cfg->agent.runtime_dir);
		unlink(path);
	}
out:
	teardown(&ag);
	return ret;
}
