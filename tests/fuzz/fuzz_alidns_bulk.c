// SPDX-License-Identifier: MIT
/* libFuzzer: alidns jobs that start from what the agent knows (a bulk read of a zone, a direct
 * update, an add of a record a read did not find) driven through rounds of arbitrary replies. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "providers/alidns.h"

/* Input: byte 0 = flags (bits 0-1: list, direct, absent, or a plain job; bit 2 the families a
 * list reads, bit 3 dry run, bit 4 IPv6, bit 5 TTL, bit 6 zone =), then rounds of
 * [status:2][length:2][body], built and parsed as job.c does while parse says NEXT_STEP. A
 * throttled list is run again once, as the agent resumes it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_param p[2] = {{.key = "access-key-id", .value = "LTAIfuzz"},
				 {.key = "access-key-secret", .is_secret = true}};
	struct cfg_provider prov = {.name = "p", .type = "alidns", .params = p, .n_params = 2};
	struct cfg_record rec = {.proxied = -1, .name = "a.example.com"};
	struct prov_list list = {0};
	struct prov_job job;
	struct prov_outcome out;
	struct prov_request req;
	struct prov_reply reply = {.retry_after = -1};
	struct ipaddr want;
	size_t pos = 1, len;
	bool resumed = false;
	int ret = PROV_NEXT_STEP;

	if (size < 1)
		return 0;
	secret_set(&p[1].secret, "fuzz-secret-KEY", 15);
	rec.zone = data[0] & 0x40 ? "example.com" : NULL;
	rec.ttl = data[0] & 0x20 ? 120 : 0;
	ipaddr_parse(data[0] & 0x10 ? "2001:db8::1" : "203.0.113.9", AF_UNSPEC, &want);
	prov_job_init(&job, &prov, &rec, data[0] & 0x10 ? FAM_V6 : FAM_V4, &want);
	job.now = 1700000000;
	strcpy(job.nonce, "fuzz");
	job.dry_run = data[0] & 0x08;
	switch (data[0] & 3) {
	case 0:
		list.fams = data[0] & 4 ? 1u << FAM_V6 : 1u << FAM_V4 | 1u << FAM_V6;
		job.list = &list;
		break;
	case 1:
		job.direct = true;
		strcpy(job.record_id, "1876500000000000001");
		break;
	case 2:
		job.absent = true;
		break;
	default:
		break;
	}
	while (pos + 4 <= size && job.n_steps < PROV_MAX_STEPS) {
		ret = alidns_ops.build(&job, &req);
		if (ret == -EPERM)
			__builtin_trap(); /* a dry run led to a write */
		if (ret)
			break;
		if (req.writes && job.list)
			__builtin_trap(); /* a bulk read writes nothing */
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
		ret = alidns_ops.parse(&job, &reply, &out);
		if (strstr(out.message, "fuzz-secret-KEY"))
			__builtin_trap(); /* the secret must never reach a message */
		if (ret == PROV_RETRY && job.list && !resumed) {
			resumed = true;
			job.n_steps = 0;
			continue;
		}
		if (ret != PROV_NEXT_STEP)
			break;
	}
	for (size_t i = 0; i < list.n; i++)
		if (!list.v[i].name[0] || !list.v[i].id[0])
			__builtin_trap();
	prov_list_free(&list);
	secret_free(&p[1].secret);
	return 0;
}
