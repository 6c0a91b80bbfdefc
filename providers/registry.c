// SPDX-License-Identifier: MIT
/* The table of every provider type, looked up by the config's "type =". */
#include "providers/provider.h"

#include <string.h>

#include "providers/alidns.h"
#include "providers/cloudflare.h"
#include "providers/custom.h"
#include "providers/dnspod.h"
#include "providers/duckdns.h"
#include "providers/dyndns2.h"
#include "providers/freedns.h"
#include "providers/rfc2136.h"

/* Add a provider: one line here, its ops defined in its own file. No constructors, no
 * run-time registration: the table is the whole truth (STYLE §C). */
static const struct provider_ops *const providers[] = {
    &cloudflare_ops, &alidns_ops,  &dnspod_ops,	 &dyndns2_ops,
    &duckdns_ops,    &freedns_ops, &rfc2136_ops, &custom_ops,
};

#define N_PROVIDERS (sizeof(providers) / sizeof(providers[0]))

const struct provider_ops *prov_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < N_PROVIDERS; i++)
		if (strcmp(providers[i]->name, name) == 0)
			return providers[i];
	return NULL;
}

size_t prov_count(void)
{
	return N_PROVIDERS;
}

const struct provider_ops *prov_at(size_t i)
{
	return i < N_PROVIDERS ? providers[i] : NULL;
}

void prov_foreach(void (*fn)(const struct provider_ops *ops, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < N_PROVIDERS; i++)
		fn(providers[i], arg);
}

bool prov_available(const struct provider_ops *ops)
{
	return ops && ops->build && ops->parse;
}

const struct config_schema_key *prov_key(const struct provider_ops *ops, const char *name)
{
	for (size_t i = 0; i < N_PROVIDERS; i++) {
		if (ops && ops != providers[i])
			continue;
		for (const struct config_schema_key *k = providers[i]->keys; k && k->name; k++)
			if (strcmp(k->name, name) == 0)
				return k;
	}
	return NULL;
}
