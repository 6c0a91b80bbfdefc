// SPDX-License-Identifier: MIT
/* libFuzzer harness for the DNS reply parser and TSIG verification: any bytes, and invariants. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/dnsmsg.h"
#include "providers/tsig.h"

static void check_name(const struct dns_name *n)
{
	char text[DNS_NAME_TEXT];
	size_t i = 0;

	/* labels that add up to len, ending in the root label */
	if (n->len < 1 || n->len > DNS_NAME_WIRE)
		abort();
	while (n->wire[i]) {
		if (n->wire[i] > 63)
			abort();
		i += 1 + (size_t)n->wire[i];
		if (i >= n->len)
			abort();
	}
	if (i + 1 != n->len)
		abort();
	dns_name_text(n, text);
	for (const char *p = text; *p; p++)
		if (*p <= ' ' || *p >= 0x7f)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t secret[32] = {1, 2, 3};
	static const uint8_t req_mac[32] = {4, 5, 6};
	struct tsig_verdict v;
	struct tsig_key key;
	struct dns_name zone, q;
	struct dns_msg m;
	struct dns_rr rr;
	uint8_t req[64];
	size_t req_len;
	char why[96];

	if (!dnsmsg_parse(data, size, &m, why, sizeof(why))) {
		if (!memchr(why, '\0', sizeof(why)) || !why[0])
			abort();
		return 0;
	}
	if (m.has_question)
		check_name(&m.q.name);
	for (int s = DNS_SEC_ANSWER; s <= DNS_SEC_ADDITIONAL; s++) {
		for (unsigned i = 0; i < m.count[s]; i++) {
			/* what parse accepted, the accessors read */
			if (!dnsmsg_rr_at(&m, (enum dns_section)s, i, &rr))
				abort();
			check_name(&rr.name);
			if (rr.rdata_off + rr.rdlen > size || rr.off >= size)
				abort();
		}
		if (dnsmsg_rr_at(&m, (enum dns_section)s, m.count[s], &rr))
			abort();
	}
	if (dnsmsg_soa_zone(&m, &zone)) {
		check_name(&zone);
		if (!dns_name_in(&m.q.name, &zone))
			abort();
	}
	if (dns_name_from_text("host.example.test", &q) &&
	    dnsmsg_answers(&m, &q, DNS_TYPE_A, &rr, 1) > m.count[DNS_SEC_ANSWER])
		abort();
	if (dnsmsg_build_query(req, sizeof(req), m.id, &q, DNS_TYPE_A, &req_len) == 0)
		(void)dnsmsg_is_reply_to(req, req_len, &m);
	if (tsig_key_init(&key, "ddns-key", TSIG_HMAC_SHA256, secret, sizeof(secret)) &&
	    tsig_verify(&key, &m, req_mac, sizeof(req_mac), 1700000000, &v) == TSIG_OK)
		abort(); /* nobody outside knows this secret */
	return 0;
}
