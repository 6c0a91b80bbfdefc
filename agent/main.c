// SPDX-License-Identifier: MIT
/* ddnsd entry point: parse the command line, set up logging, run the command. */
#include <signal.h>
#include <stdio.h>

#include "agent/agent.h"
#include "agent/cli.h"
#include "agent/cmd.h"
#include "lib/log.h"
#include "lib/version.h"

int main(int argc, char **argv)
{
	struct cli cli;
	char err[256];

	if (!cli_parse(argc, argv, &cli, err, sizeof(err))) {
		fprintf(stderr, "ddnsd: %s\n", err);
		cli_usage(stderr);
		return 2;
	}
	log_init(cli.level);
	/* A TLS write to a peer that went away must be an error, not the end of the agent. */
	signal(SIGPIPE, SIG_IGN);
	switch (cli.cmd) {
	case CLI_HELP:
		cli_usage(stdout);
		return 0;
	case CLI_VERSION:
		printf("ddnsd %s\n", DDNSD_VERSION);
		return 0;
	case CLI_CHECK:
		return cmd_check(&cli);
	case CLI_DETECT:
		return cmd_detect(&cli);
	case CLI_RUN:
		return agent_main(&cli, false);
	case CLI_ONCE:
		return agent_main(&cli, true);
	case CLI_STATUS:
		return cmd_status(&cli);
	case CLI_LIST_PROVIDERS:
		return cmd_list_providers();
	}
	return 2;
}
