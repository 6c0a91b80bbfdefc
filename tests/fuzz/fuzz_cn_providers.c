// SPDX-License-Identifier: MIT
/* libFuzzer: alidns and DNSPod jobs driven through several rounds of arbitrary replies. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "providers/alidns.h"
#include "providers/dnspod.h"

/* Input: byte 0 = flags (bit 0 provider, bits 1-2 first step, 3 zone, 4 IPv6, 5 dry run,
 * 6 TTL, 7 IDN name), then rounds of [status:2][length:2][body]. Each round builds the
 * job's request and parses the next reply, as job.c does, while parse says NEXT_STEP. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_param p[2] = {{.key = "access-key-id", .value = "LTAIfuzz"},
				 {.key = "access-key-secret", .is_secret = true}};
	struct cfg_provider prov = {.name = "p", .params = p, .n_params = 2};
	struct cfg_record rec = {.proxied = -1};
	const struct provider_ops *ops = data && size && (data[0] & 1) ? &dnspod_ops : &alidns_ops;
	struct prov_job job;
	struct prov_outcome out;
	struct prov_request req;
	struct prov_reply reply = {.retry_after = -1};
	struct ipaddr want;
	size_t pos = 1, len;
	int ret;

	if (size < 1)
		return 0;
	if (ops == &dnspod_ops) {
		p[0].key = "secret-id";
		p[1].key = "secret-key";
	}
	prov.type = (char *)ops->name;
	secret_set(&p[1].secret, "fuzz-secret-KEY", 15);
	rec.name = data[0] & 0x80 ? "家.例子.测试" : "a.home.example.com";
	rec.zone = data[0] & 0x08 ? (data[0] & 0x80 ? "例子.测试" : "example.com") : NULL;
	rec.ttl = data[0] & 0x40 ? 120 : 0;
	ipaddr_parse(data[0] & 0x10 ? "2001:db8::1" : "203.0.113.9", AF_UNSPEC, &want);
	prov_job_init(&job, &prov, &rec, data[0] & 0x10 ? FAM_V6 : FAM_V4, &want);
	job.now = 1700000000;
	strcpy(job.nonce, "fuzz");
	job.step = (data[0] >> 1) & 3;
	job.dry_run = data[0] & 0x20;
	if (!job.dry_run && job.step == 3)
		strcpy(job.record_id, "1600000001");
	while (pos + 4 <= size && job.n_steps < PROV_MAX_STEPS) {
		ret = ops->build(&job, &req);
		if (ret == -EPERM && job.n_steps)
			__builtin_trap(); /* a reply led a dry run to a write */
		if (ret)
			break;
		prov_request_free(&req);
		job.n_steps++;
		reply.status = (long)(((unsigned)data[pos] << 8 | data[pos + 1]) % 600);
		len = (size_t)data[pos + 2] << 8 | data[pos + 3];
		pos += 4;
		if (len > size - pos)
			len = size - pos;
		reply.body = (const char *)data + pos;
		reply.len = len;
		pos += len;
		prov_outcome_init(&out);
		ret = ops->parse(&job, &reply, &out);
		if (strstr(out.message, "fuzz-secret-KEY"))
			__builtin_trap(); /* the secret must never reach a message */
		if (ret != PROV_NEXT_STEP)
			break;
	}
	secret_free(&p[1].secret);
	return 0;
}
