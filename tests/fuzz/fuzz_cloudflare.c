// SPDX-License-Identifier: MIT
/* libFuzzer: Cloudflare reply bodies and statuses at every step of a job, then the next build. */
#include <stdint.h>
#include <string.h>

#include "providers/cloudflare.h"

/* Input: byte 0 = step (low 3 bits) and flags, bytes 1-2 = HTTP status, rest = body. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_param param = {.key = "token", .is_secret = true};
	struct cfg_provider prov = {
	    .name = "cf", .type = "cloudflare", .params = &param, .n_params = 1};
	struct cfg_record rec = {.name = "a.home.example.com", .ttl = 0, .proxied = -1};
	struct prov_job job;
	struct prov_outcome out;
	struct prov_request req;
	struct prov_reply reply;
	struct ipaddr want;
	struct prov_list list = {.fams = 3};

	if (size < 3)
		return 0;
	secret_set(&param.secret, "fuzz-token", 10);
	rec.zone = data[0] & 0x08 ? "example.com" : NULL;
	rec.ttl = data[0] & 0x40 ? 120 : 0;
	rec.proxied = data[0] & 0x80 ? 1 : -1;
	ipaddr_parse(data[0] & 0x10 ? "2001:db8::1" : "203.0.113.9", AF_UNSPEC, &want);
	prov_job_init(&job, &prov, &rec, data[0] & 0x10 ? FAM_V6 : FAM_V4, &want);
	job.step = data[0] & 0x07;
	job.dry_run = data[0] & 0x20;
	strcpy(job.zone_id, "023e105f4ecef8ad9ca31a8372d0c353");
	if (job.step == CF_GET || job.step == CF_PATCH)
		strcpy(job.record_id, "372e67954025e0ba6aaa6d586b9e0b59");
	/* A bulk read's pages (CF_LIST), and the account's zones (CF_ZONES). */
	if (job.step == CF_LIST || job.step == CF_ZONES)
		job.list = &list;
	job.zones = job.step == CF_ZONES;

	reply.status = (long)(((unsigned)data[1] << 8 | data[2]) % 600);
	reply.body = (const char *)data + 3;
	reply.len = size - 3;
	reply.retry_after = -1;
	prov_outcome_init(&out);
	if (cloudflare_ops.parse(&job, &reply, &out) == PROV_NEXT_STEP &&
	    cloudflare_ops.build(&job, &req) == 0) {
		if (job.dry_run && req.http.method != HTTP_GET)
			__builtin_trap(); /* a dry run must never lead to a write */
		prov_request_free(&req);
	}
	if (strstr(out.message, "fuzz-token"))
		__builtin_trap(); /* the token must never reach a message */
	prov_list_free(&list);
	secret_free(&param.secret);
	return 0;
}
