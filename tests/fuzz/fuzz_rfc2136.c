// SPDX-License-Identifier: MIT
/* libFuzzer: rfc2136 replies (any bytes) at every step of a job, then the next build. */
#include <stdint.h>
#include <string.h>

#include "providers/rfc2136.h"

#define SECRET "T5dB1zbh7OD+JgyS0w/qbG6rhvl/0aZpHMpnpnYCD2k="

/* Input: byte 0 = step (low 2 bits) and flags, the rest = the DNS reply. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_param params[4] = {
	    {.key = "server", .value = "192.0.2.53"},
	    {.key = "tsig-name", .value = "ddns-key"},
	    {.key = "tsig-algorithm", .value = "hmac-sha256"},
	    {.key = "tsig-secret", .is_secret = true},
	};
	struct cfg_provider prov = {
	    .name = "dns", .type = "rfc2136", .params = params, .n_params = 4};
	struct cfg_record rec = {.name = "home.example.test", .proxied = -1};
	struct prov_job job;
	struct prov_outcome out;
	struct prov_request req;
	struct prov_reply reply = {.transport = PROV_TRANSPORT_DNS, .retry_after = -1};
	struct ipaddr want;

	if (size < 1)
		return 0;
	secret_set(&params[3].secret, SECRET, strlen(SECRET));
	rec.zone = data[0] & 0x08 ? "example.test" : NULL;
	rec.ttl = data[0] & 0x40 ? 120 : 0;
	ipaddr_parse(data[0] & 0x10 ? "2001:db8::1" : "203.0.113.9", AF_UNSPEC, &want);
	prov_job_init(&job, &prov, &rec, data[0] & 0x10 ? FAM_V6 : FAM_V4, &want);
	job.now = 1700000000;
	strcpy(job.nonce, "0011223344556677");
	job.step = data[0] & 0x03;
	job.dry_run = data[0] & 0x20;
	if (data[0] & 0x80) { /* the zone found by an SOA query: "example.test" in the name */
		job.priv[0] = 1;
		job.priv[1] = 5;
	}
	reply.body = (const char *)data + 1;
	reply.len = size - 1;
	prov_outcome_init(&out);
	if (rfc2136_ops.parse(&job, &reply, &out) == PROV_NEXT_STEP &&
	    rfc2136_ops.build(&job, &req) == 0) {
		if (job.dry_run && req.writes)
			__builtin_trap(); /* a dry run must never lead to a write */
		prov_request_free(&req);
	}
	if (strstr(out.message, SECRET))
		__builtin_trap(); /* the secret must never reach a message */
	secret_free(&params[3].secret);
	return 0;
}
