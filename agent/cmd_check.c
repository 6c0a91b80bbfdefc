// SPDX-License-Identifier: MIT
/* `ddnsd check`: parse and validate the configuration, print every error, exit 0 or 2. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <sys/stat.h>

#include "agent/cmd.h"
#include "agent/config_load.h"
#include "providers/provider.h"

struct config *cmd_config_load(const char *path, struct cfg_errors *errs)
{
	struct config *cfg = config_load_file(path, errs);

	/* What only the provider knows (e.g. an endpoint it cannot sign for). */
	for (size_t i = 0; cfg && errs->n == 0 && i < cfg->n_providers; i++) {
		const struct cfg_provider *p = &cfg->providers[i];
		const struct provider_ops *ops = prov_find(p->type);
		struct errbuf err = {{0}};

		if (ops && ops->check_config && ops->check_config(p, &err) < 0)
			cfg_errors_add(errs, "%s:%d: [provider %s]: %s", path, p->line, p->name,
				       err.msg);
	}
	/* What only the provider knows of a record (a DuckDNS name, a FreeDNS token's one host). */
	for (size_t i = 0, before = errs->n; cfg && before == 0 && i < cfg->n_records; i++) {
		const struct cfg_record *r = &cfg->records[i];
		const struct provider_ops *ops = r->provider ? prov_find(r->provider->type) : NULL;
		struct errbuf err = {{0}};
		size_t users = 0;

		if (!ops || !ops->check_record)
			continue;
		for (size_t j = 0; j < cfg->n_records; j++)
			users += cfg->records[j].provider == r->provider;
		if (ops->check_record(r->provider, r, users, &err) < 0)
			cfg_errors_add(errs, "%s:%d: [record %s]: %s", path, r->line, r->section,
				       err.msg);
	}
	return cfg;
}

struct config *cmd_load_config(const struct cli *cli, bool allow_missing, bool *missing)
{
	struct cfg_errors errs = {0};
	struct config *cfg;
	struct stat st;

	if (missing)
		*missing = false;
	if (allow_missing && !cli->config_given && stat(cli->config, &st) < 0 && errno == ENOENT) {
		if (missing)
			*missing = true;
		return config_defaults();
	}
	cfg = cmd_config_load(cli->config, &errs);
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.msgs[i]);
	if (errs.n > 0) {
		fprintf(stderr, "%s: %zu error%s\n", cli->config, errs.n, errs.n == 1 ? "" : "s");
		config_free(cfg);
		cfg = NULL;
	}
	cfg_errors_free(&errs);
	return cfg;
}

/* A named interface that does not exist now is a warning, not an error: ppp0 or wwan0 may
 * come later. */
static void check_interfaces(const struct cli *cli, const struct config *cfg)
{
	for (size_t i = 0; i < cfg->n_records; i++) {
		const struct cfg_record *r = &cfg->records[i];

		for (int f = 0; f < FAM_N; f++) {
			if (r->src[f].kind != CFG_SRC_INTERFACE)
				continue;
			for (size_t k = 0; k < r->src[f].n_ifs; k++)
				if (if_nametoindex(r->src[f].ifnames[k]) == 0)
					printf("%s:%d: warning: [record %s] %s: interface %s does "
					       "not exist now; the record waits for it\n",
					       cli->config, r->line, r->section, fam_name(f),
					       r->src[f].ifnames[k]);
		}
	}
}

int cmd_check(const struct cli *cli)
{
	struct config *cfg = cmd_load_config(cli, false, NULL);

	if (!cfg)
		return 2;
	printf("%s: OK: %zu provider%s, %zu record%s\n", cli->config, cfg->n_providers,
	       cfg->n_providers == 1 ? "" : "s", cfg->n_records, cfg->n_records == 1 ? "" : "s");
	for (size_t i = 0; i < cfg->n_providers; i++)
		if (!prov_available(prov_find(cfg->providers[i].type)))
			printf(
			    "%s:%d: note: [provider %s]: type %s is validated but not available in "
			    "this build yet; records using it will fail\n",
			    cli->config, cfg->providers[i].line, cfg->providers[i].name,
			    cfg->providers[i].type);
	check_interfaces(cli, cfg);
	if (cfg->n_records == 0)
		printf("%s: note: no [record] section, so the agent has nothing to update\n",
		       cli->config);
	config_free(cfg);
	return 0;
}
