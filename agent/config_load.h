/* SPDX-License-Identifier: MIT */
/* Loading the configuration file: read, refuse inline secrets others can read, parse, resolve. */
#ifndef DDNSD_CONFIG_LOAD_H
#define DDNSD_CONFIG_LOAD_H

#include "agent/config.h"

/* Read the file, refuse an inline secret in a group/other-readable file, parse, resolve
 * secrets. Returns NULL with errs filled when anything is wrong. */
struct config *config_load_file(const char *path, struct cfg_errors *errs);

#endif
