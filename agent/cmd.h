/* SPDX-License-Identifier: MIT */
/* The commands of the command line; each returns the process exit status. */
#ifndef DDNSD_CMD_H
#define DDNSD_CMD_H

#include "agent/cli.h"
#include "agent/config.h"

int cmd_check(const struct cli *cli);
int cmd_detect(const struct cli *cli);
int cmd_status(const struct cli *cli);
int cmd_list_providers(void);

/* Load the configuration named on the command line, printing every error to stderr.
 * With allow_missing and no -c, a missing default file gives the defaults (*missing set).
 * NULL when the configuration is unusable (exit status 2). */
struct config *cmd_load_config(const struct cli *cli, bool allow_missing, bool *missing);
/* Every check `ddnsd check` makes (the file, then each provider's own): start-up and SIGHUP.
 * Problems are appended to errs; the config is usable only when errs->n == 0. */
struct config *cmd_config_load(const char *path, struct cfg_errors *errs);

#endif
