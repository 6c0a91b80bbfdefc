// SPDX-License-Identifier: MIT
/* `ddnsd status` (the running agent's status.json) and `ddnsd --list-providers`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/cmd.h"
#include "agent/lock.h"
#include "agent/status.h"
#include "lib/fileio.h"
#include "providers/provider.h"

/* RUNTIME_DIR from the configuration's text alone: no secret is read, errors elsewhere in
 * the file do not matter, and a file this user cannot read gives the default. */
static char *runtime_dir_of(const struct cli *cli)
{
	struct cfg_errors errs = {0};
	struct config *cfg = NULL;
	char *data = NULL, *dir;
	size_t len;

	if (file_read_bounded(cli->config, 1u << 20, &data, &len) == 0)
		cfg = config_parse_string(data, cli->config, &errs);
	dir = strdup(cfg && cfg->agent.runtime_dir ? cfg->agent.runtime_dir : "/run/ddnsd");
	config_free(cfg);
	cfg_errors_free(&errs);
	free(data);
	return dir;
}

/* 1 when a row failed or is retrying, 0 when none did. */
static int rows_exit(const struct status *st)
{
	for (size_t i = 0; i < st->n; i++)
		if (strcmp(st->rows[i].result, "failed") == 0 ||
		    strcmp(st->rows[i].result, "auth") == 0 ||
		    strcmp(st->rows[i].result, "retrying") == 0)
			return 1;
	return 0;
}

static void print_rows(const struct cli *cli, const struct status *st, bool running)
{
	char t[STATUS_TIME_LEN];

	if (cli->json) {
		status_print_json(stdout, st);
		return;
	}
	if (running && st->pid > 0)
		printf("ddnsd running as PID %ld since %s\n", st->pid,
		       st->started_at > 0 && status_time_format(st->started_at, t) ? t : "-");
	status_print_table(stdout, st);
}

int cmd_status(const struct cli *cli)
{
	struct errbuf err = {{0}};
	char *dir = runtime_dir_of(cli), path[4096], t[STATUS_TIME_LEN];
	struct status st;
	struct stat sb;
	long pid;
	int ret, running;

	if (!dir)
		return 2;
	snprintf(path, sizeof(path), "%s/%s", dir, STATUS_FILE);
	running = lock_probe(dir, &pid);
	status_init(&st);
	ret = status_read(path, &st, &err);
	if (ret < 0 && ret != -ENOENT) {
		fprintf(stderr, "ddnsd: %s\n", err.msg[0] ? err.msg : strerror(-ret));
		ret = running == 0 ? 3 : 1;
	} else if (running == 1 && ret == -ENOENT) {
		fprintf(stderr, "ddnsd: running as PID %ld; no status in %s yet\n", pid, path);
		ret = 1;
	} else if (running == 1 || (running < 0 && ret == 0)) {
		print_rows(cli, &st, true);
		ret = rows_exit(&st);
	} else if (ret == -ENOENT) {
		fprintf(stderr, "ddnsd: not running (no status in %s)\n", dir);
		ret = 3;
	} else {
		/* Left by `once`, or by an agent that was killed (kill -9, a crash). */
		print_rows(cli, &st, false);
		fprintf(stderr, "ddnsd: not running (last seen %s)\n",
			stat(path, &sb) == 0 && status_time_format((double)sb.st_mtime, t) ? t
											   : "-");
		ret = 3;
	}
	status_free(&st);
	free(dir);
	return ret;
}

static void print_one(const struct provider_ops *ops, void *arg)
{
	(void)arg;
	printf("%s%s\n", ops->name, ops->readable ? "" : " (write-only: never re-sent unchanged)");
}

int cmd_list_providers(void)
{
	prov_foreach(print_one, NULL);
	return 0;
}
