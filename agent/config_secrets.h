/* SPDX-License-Identifier: MIT */
/* How a secret key is given (inline, env:, cred:, KEY-file) and where its value is read. */
#ifndef DDNSD_CONFIG_SECRETS_H
#define DDNSD_CONFIG_SECRETS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "agent/config.h"
#include "agent/config_schema.h"
#include "lib/errbuf.h"

/* Pure: fill prm's source from value, which came from "KEY = value" or (is_file) from
 * "KEY-file = value". An inline value is checked against k and moved into prm->secret.
 * Never quotes value in eb. false on a malformed value (prm then holds nothing to free
 * beyond what config_free() frees). */
bool config_secrets_parse(struct cfg_param *prm, const struct config_schema_key *k, char *value,
			  bool is_file, struct errbuf *eb);

/* Largest secret file read (a token or key, not a document). */
/* Read secrets given as env:VAR, cred:NAME (in $CREDENTIALS_DIRECTORY) or KEY-file = PATH;
 * trailing newlines are dropped. Problems are appended to errs (naming file, line, key). */
void config_resolve_secrets(struct config *cfg, struct cfg_errors *errs);

#define CFG_SECRET_MAX 65536
/* Largest configuration file read. */
#define CFG_FILE_MAX (1024 * 1024)

#endif
