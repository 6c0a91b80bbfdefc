// SPDX-License-Identifier: MIT
/* Command-line parsing: options may stand before or after the command. */
#include "agent/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "agent/config.h"

static const struct {
	const char *name;
	enum cli_cmd cmd;
} commands[] = {
    {"run", CLI_RUN},	    {"once", CLI_ONCE},	    {"check", CLI_CHECK},
    {"detect", CLI_DETECT}, {"status", CLI_STATUS}, {"help", CLI_HELP},
};

void cli_usage(FILE *out)
{
	fprintf(
	    out,
	    "usage: ddnsd [-c FILE] [--dry-run] [-v|-q] [COMMAND] [--json]\n"
	    "  run      the agent, in the foreground, until SIGTERM/SIGINT (default)\n"
	    "  once     one full cycle for every record, then exit (0 in sync, 1 failed, 2 "
	    "config)\n"
	    "  check    validate the configuration; print every error as FILE:LINE: message\n"
	    "  detect   print, per record and family, the address that would be published and why\n"
	    "  status   print the running agent's status\n"
	    "options:\n"
	    "  -c, --config FILE   configuration file (default %s)\n"
	    "  -n, --dry-run       read from providers, never write; log what would be written\n"
	    "  -v, --verbose       debug logging        -q, --quiet   warnings and errors only\n"
	    "  -j, --json          with detect and status: a JSON array instead of a table\n"
	    "      --list-providers  the provider types this build knows\n"
	    "  -V, --version       -h, --help\n"
	    "signals: SIGHUP reload, SIGUSR1 re-check now, SIGTERM/SIGINT stop\n",
	    CFG_DEFAULT_PATH);
}

bool cli_parse(int argc, char **argv, struct cli *cli, char *err, size_t errlen)
{
	static const struct option opts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {"list-providers", no_argument, NULL, 'L'},
	    {NULL, 0, NULL, 0},
	};
	const char *cmd = NULL;
	int c;

	memset(cli, 0, sizeof(*cli));
	cli->cmd = CLI_RUN;
	cli->level = LOG_LVL_INFO;
	cli->config = CFG_DEFAULT_PATH;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:nvqjhV", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			cli->config = optarg;
			cli->config_given = true;
			break;
		case 'n':
			cli->dry_run = true;
			break;
		case 'v':
			cli->level = LOG_LVL_DEBUG;
			break;
		case 'q':
			cli->level = LOG_LVL_WARN;
			break;
		case 'j':
			cli->json = true;
			break;
		case 'h':
			cli->cmd = CLI_HELP;
			return true;
		case 'V':
			cli->cmd = CLI_VERSION;
			return true;
		case 'L':
			cli->cmd = CLI_LIST_PROVIDERS;
			return true;
		case ':':
			snprintf(err, errlen, "option %s needs a value", argv[optind - 1]);
			return false;
		default:
			snprintf(err, errlen, "unknown option %s", argv[optind - 1]);
			return false;
		}
	}
	if (optind < argc)
		cmd = argv[optind++];
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument \"%s\"", argv[optind]);
		return false;
	}
	if (!cmd)
		return true;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(cmd, commands[i].name) == 0) {
			cli->cmd = commands[i].cmd;
			return true;
		}
	}
	snprintf(err, errlen, "unknown command \"%s\"; expected run, once, check, detect or status",
		 cmd);
	return false;
}
