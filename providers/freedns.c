// SPDX-License-Identifier: MIT
/* FreeDNS: the type's keys; requests and replies come with the provider (not in this build yet). */
#include "providers/freedns.h"

/* providers-reference.md §6. */
static const struct config_schema_key keys[] = {
    PROV_KEY_ENDPOINT,
    {"token", CFG_VAL_TEXT, true, true, NULL},
    PROV_KEY_MAX_CONCURRENT,
    PROV_KEY_END,
};

const struct provider_ops freedns_ops = {
    .name = "freedns",
    .keys = keys,
    .readable = false,
    .min_interval = 60,
};
