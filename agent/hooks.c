// SPDX-License-Identifier: MIT
/* Hook runner: fork and exec without a shell, bounded in number and time, reaped by ev_child. */
#include "agent/hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent/hookq.h"
#include "lib/log.h"

#define HOOKS_MAX    8
#define HOOK_TIMEOUT 30.0

struct hook_proc {
	ev_child child;
	ev_timer timeout;
	pid_t pid;
	char path[256];
	struct hooks *owner;
};

struct hooks {
	struct ev_loop *loop;
	struct hook_proc procs[HOOKS_MAX];
	struct hookq queue; /* events waiting for a free slot */
};

static void start(struct hooks *h, struct hook_proc *p, const char *path,
		  const struct hook_event *ev);

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

struct hooks *hooks_init(struct ev_loop *loop)
{
	struct hooks *h = calloc(1, sizeof(*h));

	if (h)
		h->loop = loop;
	return h;
}

static void finish(struct hook_proc *p)
{
	ev_child_stop(p->owner->loop, &p->child);
	ev_timer_stop(p->owner->loop, &p->timeout);
	p->pid = 0;
}

/* The hook and whatever it started: it leads its own process group. */
static void kill_group(struct hook_proc *p)
{
	if (kill(-p->pid, SIGKILL) < 0)
		kill(p->pid, SIGKILL);
}

/* A slot is free: the oldest waiting event runs in it. */
static void run_queued(struct hooks *h, struct hook_proc *p)
{
	struct hookq_item it;
	struct hook_event ev;

	if (!hookq_pop(&h->queue, &it))
		return;
	ev = hookq_event(&it);
	start(h, p, it.path, &ev);
	hookq_item_free(&it);
}

static void child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct hook_proc *p = container_of(w, struct hook_proc, child);

	(void)loop;
	(void)revents;
	if (WIFEXITED(w->rstatus) && WEXITSTATUS(w->rstatus) != 0)
		log_warnx("hook %s exited with status %d", p->path, WEXITSTATUS(w->rstatus));
	else if (WIFSIGNALED(w->rstatus))
		log_warnx("hook %s killed by signal %d", p->path, WTERMSIG(w->rstatus));
	finish(p);
	run_queued(p->owner, p);
}

static void timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct hook_proc *p = container_of(w, struct hook_proc, timeout);

	(void)loop;
	(void)revents;
	log_warnx("hook %s still running after %.0f s; killing it", p->path, HOOK_TIMEOUT);
	kill_group(p);
	/* the child watcher reaps it */
}

static void put_env(char **envp, size_t *n, const char *name, const char *value)
{
	if (asprintf(&envp[*n], "%s=%s", name, value ? value : "") >= 0)
		(*n)++;
}

void hooks_run(struct hooks *h, const char *path, const struct hook_event *ev)
{
	struct hook_proc *p = NULL;
	bool dropped;

	if (!h || !path)
		return;
	for (size_t i = 0; i < HOOKS_MAX && !p; i++)
		if (h->procs[i].pid == 0)
			p = &h->procs[i];
	if (p) {
		start(h, p, path, ev);
		return;
	}
	/* Every slot busy: the event waits (only the latest per hook, record and family). */
	if (hookq_push(&h->queue, path, ev, &dropped) < 0)
		log_warnx("hook %s not run: out of memory", path);
	else if (dropped)
		log_warnx("hook queue full (%d events): the oldest was dropped", HOOKQ_MAX);
}

static void start(struct hooks *h, struct hook_proc *p, const char *path,
		  const struct hook_event *ev)
{
	char *envp[12] = {0};
	size_t n = 0;
	pid_t pid;

	/* The environment is built before fork: only async-signal-safe calls after it. */
	put_env(envp, &n, "PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
	put_env(envp, &n, "DDNSD_RECORD", ev->record);
	put_env(envp, &n, "DDNSD_NAME", ev->name);
	put_env(envp, &n, "DDNSD_FAMILY", ev->family);
	put_env(envp, &n, "DDNSD_ADDRESS", ev->address);
	put_env(envp, &n, "DDNSD_OLD_ADDRESS", ev->old_address);
	put_env(envp, &n, "DDNSD_PROVIDER", ev->provider);
	put_env(envp, &n, "DDNSD_RESULT", ev->result);
	put_env(envp, &n, "DDNSD_ERROR", ev->error);
	put_env(envp, &n, "DDNSD_EVENT", ev->event);
	pid = fork();
	if (pid == 0) {
		char *argv[] = {(char *)path, NULL};
		int fd = open("/dev/null", O_RDONLY);

		/* Its own process group, so that a time-out kills what it started too. */
		setpgid(0, 0);
		if (fd >= 0) {
			dup2(fd, STDIN_FILENO);
			close(fd);
		}
		/* The agent ignores SIGPIPE; a hook gets the default back. */
		signal(SIGPIPE, SIG_DFL);
		/* No netlink or TLS socket of the agent's may leak into a hook. */
		close_range(3, ~0U, 0);
		execve(path, argv, envp);
		_exit(127);
	}
	for (size_t i = 0; i < n; i++)
		free(envp[i]);
	if (pid < 0) {
		log_warn("hook %s: fork", path);
		return;
	}
	setpgid(pid, pid); /* also here: the group exists before any kill_group() */
	p->pid = pid;
	p->owner = h;
	snprintf(p->path, sizeof(p->path), "%s", path);
	ev_child_init(&p->child, child_cb, pid, 0);
	ev_child_start(h->loop, &p->child);
	ev_timer_init(&p->timeout, timeout_cb, HOOK_TIMEOUT, 0.);
	ev_timer_start(h->loop, &p->timeout);
}

void hooks_fini(struct hooks *h, double wait)
{
	struct timespec tick = {.tv_nsec = 10 * 1000 * 1000};

	if (!h)
		return;
	if (h->queue.n > 0)
		log_warnx("%zu hook event(s) not run: the agent is stopping", h->queue.n);
	hookq_free(&h->queue);
	/* The loop is over (`once` ends right after its last job): hooks still running get
	 * what is left of the exit grace to finish before they are killed. */
	for (int waited = 0; waited < wait * 100; waited++) {
		bool running = false;

		for (size_t i = 0; i < HOOKS_MAX; i++) {
			struct hook_proc *p = &h->procs[i];

			if (p->pid == 0)
				continue;
			if (waitpid(p->pid, NULL, WNOHANG) == p->pid)
				finish(p);
			else
				running = true;
		}
		if (!running)
			break;
		nanosleep(&tick, NULL);
	}
	for (size_t i = 0; i < HOOKS_MAX; i++) {
		struct hook_proc *p = &h->procs[i];

		if (p->pid == 0)
			continue;
		log_warnx("hook %s still running at exit; killing it", p->path);
		kill_group(p);
		waitpid(p->pid, NULL, 0);
		finish(p);
	}
	free(h);
}
