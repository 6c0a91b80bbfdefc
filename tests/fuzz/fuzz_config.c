// SPDX-License-Identifier: MIT
/* libFuzzer harness for config_parse_string(): any text, and the invariants of its answer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/config.h"

/* An inline secret found once in the input must not come back in any message. Short or
 * spaced values could match message text by chance, so only distinctive ones are checked. */
static void check_secrets(const struct config *cfg, const struct cfg_errors *e, const char *text)
{
	for (size_t i = 0; i < cfg->n_providers; i++) {
		for (size_t j = 0; j < cfg->providers[i].n_params; j++) {
			const char *s = cfg->providers[i].params[j].secret.buf, *at;

			if (!s || strlen(s) < 16 || strpbrk(s, " \t") || !strpbrk(s, "0123456789"))
				continue;
			at = strstr(text, s);
			if (at && strstr(at + 1, s))
				continue;
			for (size_t k = 0; k < e->n; k++)
				if (strstr(e->msgs[k], s))
					abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_errors errs = {0};
	char *text = malloc(size + 1);
	struct config *cfg;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	cfg = config_parse_string(text, "fz.conf", &errs);
	/* Every message is "fz.conf:LINE: …". */
	for (size_t i = 0; i < errs.n; i++)
		if (strncmp(errs.msgs[i], "fz.conf:", 8) != 0)
			abort();
	if (cfg) {
		check_secrets(cfg, &errs, text);
		/* A clean config is complete: every record named and linked to a provider. */
		for (size_t i = 0; errs.n == 0 && i < cfg->n_records; i++)
			if (!cfg->records[i].name || !cfg->records[i].provider)
				abort();
		for (size_t i = 0; i < cfg->n_providers; i++) {
			cfg_provider_get(&cfg->providers[i], "max-concurrent");
			cfg_provider_secret(&cfg->providers[i], "token");
		}
	}
	config_free(cfg);
	cfg_errors_free(&errs);
	free(text);
	return 0;
}
