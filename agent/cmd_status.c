// SPDX-License-Identifier: MIT
/* `ddnsd status` (the running agent's status.json) and `ddnsd --list-providers`. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "agent/cmd.h"
#include "agent/status.h"
#include "providers/provider.h"

int cmd_status(const struct cli *cli)
{
	struct errbuf err = {{0}};
	struct config *cfg = cmd_load_config(cli, true, NULL);
	struct status st;
	char path[4096];
	int ret;

	if (!cfg)
		return 2;
	snprintf(path, sizeof(path), "%s/status.json", cfg->agent.runtime_dir);
	status_init(&st);
	ret = status_read(path, &st, &err);
	if (ret == -ENOENT) {
		fprintf(stderr, "ddnsd: no status in %s: is the agent running?\n", path);
		ret = 1;
	} else if (ret < 0) {
		fprintf(stderr, "ddnsd: %s\n", err.msg[0] ? err.msg : strerror(-ret));
		ret = 1;
	} else {
		if (cli->json)
			status_print_json(stdout, &st);
		else
			status_print_table(stdout, &st);
		ret = 0;
	}
	status_free(&st);
	config_free(cfg);
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
