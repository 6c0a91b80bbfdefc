// SPDX-License-Identifier: MIT
/* custom: the type's keys; requests and replies come with the provider (not in this build yet). */
#include "providers/custom.h"

/* The url is the endpoint; it is secret because such URLs usually carry a token. */
static const struct config_schema_key keys[] = {
    {"url", CFG_VAL_URL_TEMPLATE, true, true, NULL},
    {"method", CFG_VAL_METHOD, false, false, "GET"},
    {"body", CFG_VAL_TEXT, false, false, NULL},
    {"success", CFG_VAL_TEXT, false, false, NULL},
    PROV_KEY_MAX_CONCURRENT,
    PROV_KEY_END,
};

const struct provider_ops custom_ops = {
    .name = "custom",
    .keys = keys,
    .readable = false,
    .min_interval = 60,
};
