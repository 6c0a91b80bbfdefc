// SPDX-License-Identifier: MIT
/* rfc2136: the type's keys; requests and replies come with the provider (not in this build yet). */
#include "providers/rfc2136.h"

/* The server is the endpoint of DNS UPDATE; there is no URL (providers-reference.md §7). */
static const struct config_schema_key keys[] = {
    {"server", CFG_VAL_HOST, false, true, NULL},
    {"port", CFG_VAL_PORT, false, false, "53"},
    {"tsig-name", CFG_VAL_DNS_NAME, false, true, NULL},
    {"tsig-algorithm", CFG_VAL_TSIG_ALG, false, false, "hmac-sha256"},
    {"tsig-secret", CFG_VAL_BASE64, true, true, NULL},
    PROV_KEY_MAX_CONCURRENT,
    PROV_KEY_END,
};

const struct provider_ops rfc2136_ops = {
    .name = "rfc2136",
    .keys = keys,
    .account_key = "tsig-name",
    .readable = true,
};
