// SPDX-License-Identifier: MIT
/* A provider section's identity for the state file, hashed. */
#include "providers/fingerprint.h"

#include <stdio.h>
#include <string.h>

#include "providers/crypto.h"

/* Where requests go. Secret keys are never part of it (custom's url is one: its host is
 * not worth reading a secret for), so a change of token alone keeps the fingerprint. */
static const char *const where_keys[] = {"endpoint", "endpoint-v6", "server", "port"};

void prov_fingerprint(const struct cfg_provider *cfg, char out[static PROV_FP_LEN])
{
	const struct provider_ops *ops = cfg ? prov_find(cfg->type) : NULL;
	uint8_t md[CRYPTO_SHA256_LEN];
	char text[2048], hex[2 * CRYPTO_SHA256_LEN + 1];
	size_t used;
	int n;

	out[0] = '\0';
	if (!ops)
		return;
	/* Fields separated by NUL-free markers: "type=cloudflare\nendpoint=...\n". */
	n = snprintf(text, sizeof(text), "type=%s\n", ops->name);
	if (n < 0 || (size_t)n >= sizeof(text))
		return;
	used = (size_t)n;
	for (size_t i = 0; i < sizeof(where_keys) / sizeof(where_keys[0]); i++) {
		const struct config_schema_key *k = prov_key(ops, where_keys[i]);
		const char *v = k && !k->secret ? cfg_provider_get(cfg, where_keys[i]) : NULL;

		n = snprintf(text + used, sizeof(text) - used, "%s=%s\n", where_keys[i],
			     v ? v : "");
		if (n < 0 || (size_t)n >= sizeof(text) - used)
			return;
		used += (size_t)n;
	}
	if (ops->account_key) {
		const char *v = cfg_provider_get(cfg, ops->account_key);

		n = snprintf(text + used, sizeof(text) - used, "account=%s\n", v ? v : "");
		if (n < 0 || (size_t)n >= sizeof(text) - used)
			return;
		used += (size_t)n;
	}
	if (!crypto_sha256(text, used, md))
		return;
	crypto_hex(md, PROV_FP_LEN / 2, hex);
	memcpy(out, hex, PROV_FP_LEN - 1);
	out[PROV_FP_LEN - 1] = '\0';
}
