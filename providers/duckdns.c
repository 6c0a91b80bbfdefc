// SPDX-License-Identifier: MIT
/* DuckDNS: the type's keys; requests and replies come with the provider (not in this build yet). */
#include "providers/duckdns.h"

/* providers-reference.md §5. */
static const struct config_schema_key keys[] = {
    PROV_KEY_ENDPOINT,
    {"token", CFG_VAL_TEXT, true, true, NULL},
    PROV_KEY_MAX_CONCURRENT,
    PROV_KEY_END,
};

const struct provider_ops duckdns_ops = {
    .name = "duckdns",
    .keys = keys,
    .readable = false,
    .min_interval = 60,
};
