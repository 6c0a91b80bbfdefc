// SPDX-License-Identifier: MIT
/* Look-ups of a provider section's keys. */
#include "lib/cfg.h"

#include <string.h>

const char *cfg_provider_get(const struct cfg_provider *p, const char *key)
{
	for (size_t i = 0; i < p->n_params; i++)
		if (!p->params[i].is_secret && strcmp(p->params[i].key, key) == 0)
			return p->params[i].value;
	return NULL;
}

const struct secret *cfg_provider_secret(const struct cfg_provider *p, const char *key)
{
	for (size_t i = 0; i < p->n_params; i++)
		if (p->params[i].is_secret && strcmp(p->params[i].key, key) == 0)
			return &p->params[i].secret;
	return NULL;
}
