/* SPDX-License-Identifier: MIT */
/* Command-line parsing (DESIGN.md "Command line"), pure: argv in, struct cli out. */
#ifndef DDNSD_CLI_H
#define DDNSD_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lib/log.h"

enum cli_cmd {
	CLI_RUN,
	CLI_ONCE,
	CLI_CHECK,
	CLI_DETECT,
	CLI_STATUS,
	CLI_HELP,
	CLI_VERSION,
	CLI_LIST_PROVIDERS
};

struct cli {
	enum cli_cmd cmd;
	const char *config; /* -c FILE; NULL: the default path */
	bool config_given;
	bool dry_run;
	bool json;
	enum log_level level;
};

/* Fills cli; on a usage error returns false with a message in err. */
bool cli_parse(int argc, char **argv, struct cli *cli, char *err, size_t errlen);
void cli_usage(FILE *out);

#endif
