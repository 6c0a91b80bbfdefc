// SPDX-License-Identifier: MIT
/* dyndns2: the type's keys; requests and replies come with the provider (not in this build yet). */
#include "providers/dyndns2.h"

/* providers-reference.md §4. */
static const struct config_schema_key keys[] = {
    PROV_KEY_ENDPOINT,
    {"server", CFG_VAL_HOST_OR_URL, false, true, NULL},
    {"username", CFG_VAL_TEXT, false, true, NULL},
    {"password", CFG_VAL_TEXT, true, true, NULL},
    PROV_KEY_MAX_CONCURRENT,
    PROV_KEY_END,
};

const struct provider_ops dyndns2_ops = {
    .name = "dyndns2",
    .keys = keys,
    .account_key = "username",
    .readable = false,
    .min_interval = 60,
};
