// SPDX-License-Identifier: MIT
/* rfc2136 provider: whole jobs driven purely against a server simulated here (it answers the
 * built messages, signing UPDATE replies with the key), and every reply the issue names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "providers/dnsmsg.h"
#include "providers/provider.h"
#include "providers/rfc2136.h"
#include "providers/tsig.h"

#define SECRET_B64 "T5dB1zbh7OD+JgyS0w/qbG6rhvl/0aZpHMpnpnYCD2k="
#define NOW	   1700000000
#define NAME	   "home.example.test"

struct fixture {
	struct cfg_param params[5];
	struct cfg_provider prov;
	struct cfg_record rec;
	struct prov_job job;
};

static void fx_init(struct fixture *f, const char *server, const char *zone, enum fam fam,
		    const char *want)
{
	struct ipaddr a;

	memset(f, 0, sizeof(*f));
	f->params[0] = (struct cfg_param){.key = "server", .value = (char *)server};
	f->params[1] = (struct cfg_param){.key = "port", .value = "53"};
	f->params[2] = (struct cfg_param){.key = "tsig-name", .value = "ddns-key"};
	f->params[3] = (struct cfg_param){.key = "tsig-algorithm", .value = "hmac-sha256"};
	f->params[4] = (struct cfg_param){.key = "tsig-secret", .is_secret = true};
	assert_int_equal(secret_set(&f->params[4].secret, SECRET_B64, strlen(SECRET_B64)), 0);
	f->prov = (struct cfg_provider){
	    .name = "dns", .type = "rfc2136", .params = f->params, .n_params = 5};
	f->rec = (struct cfg_record){
	    .section = "home", .name = NAME, .zone = (char *)zone, .proxied = -1};
	f->rec.provider = &f->prov;
	assert_true(ipaddr_parse(want, fam_to_af(fam), &a));
	prov_job_init(&f->job, &f->prov, &f->rec, fam, &a);
	f->job.now = NOW;
	strcpy(f->job.nonce, "00112233445566778899aabbccddeeff");
}

static void fx_fini(struct fixture *f)
{
	secret_free(&f->params[4].secret);
}

/* The simulated server's zone and behaviour. */
struct server {
	const char *records[4]; /* "A 203.0.113.1 60": home's RRsets */
	bool cname, no_aa, no_soa;
	unsigned soa_rcode, read_rcode;
	unsigned update_rcode;
	uint16_t tsig_error; /* in the UPDATE reply: 16 and 17 unsigned, 18 signed */
	bool unsigned_reply, wrong_key;
	int64_t skew;	  /* the server's clock minus ours */
	unsigned updates; /* UPDATEs received */
	uint8_t last_update[600];
	size_t last_update_len;
};

static const uint8_t secret_bytes[] = {
    0x4f, 0x97, 0x41, 0xd7, 0x36, 0xe1, 0xec, 0xe0, 0xfe, 0x26, 0x0c, 0x92, 0xd3, 0x0f, 0xea, 0x6c,
    0x6e, 0xab, 0x86, 0xf9, 0x7f, 0xd1, 0xa6, 0x69, 0x1c, 0xca, 0x67, 0xa6, 0x76, 0x02, 0x0f, 0x69};

/* An RR whose owner is a pointer to owner (12: the question's name). */
static size_t put_rr(uint8_t *p, uint8_t owner, uint16_t type, uint32_t ttl, const void *rdata,
		     uint16_t rdlen)
{
	p[0] = 0xc0;
	p[1] = owner;
	p[2] = 0;
	p[3] = (uint8_t)type;
	p[4] = 0;
	p[5] = 1;
	p[6] = (uint8_t)(ttl >> 24);
	p[7] = (uint8_t)(ttl >> 16);
	p[8] = (uint8_t)(ttl >> 8);
	p[9] = (uint8_t)ttl;
	p[10] = (uint8_t)(rdlen >> 8);
	p[11] = (uint8_t)rdlen;
	memcpy(p + 12, rdata, rdlen);
	return 12 + rdlen;
}

/* The reply of srv to the request req. */
static size_t answer(struct server *srv, const uint8_t *req, size_t req_len, uint8_t *out)
{
	struct dns_msg m;
	size_t len;
	unsigned an = 0, ns = 0;

	assert_true(dnsmsg_parse(req, req_len, &m, NULL, 0));
	len = m.sec_off[DNS_SEC_ANSWER];
	memcpy(out, req, len);
	out[2] = (uint8_t)(0x80 | (srv->no_aa ? 0 : 0x04) | (req[2] & 0x78));
	if (dnsmsg_opcode(&m) == DNS_OPCODE_UPDATE) {
		struct tsig_key key;
		struct dns_rr rr;
		uint8_t mac[TSIG_MAC_MAX];
		size_t mac_len, off;
		const uint8_t *req_mac;

		srv->updates++;
		memcpy(srv->last_update, req, req_len);
		srv->last_update_len = req_len;
		out[3] = (uint8_t)srv->update_rcode;
		memset(out + 6, 0, 6);
		/* the request MAC: after the algorithm name, time (6), fudge (2), size (2) */
		assert_true(dnsmsg_rr_at(&m, DNS_SEC_ADDITIONAL, 0, &rr));
		assert_int_equal(rr.type, DNS_TYPE_TSIG);
		off = 13 + 10; /* "\x0bhmac-sha256\0" */
		req_mac = rr.rdata + off;
		assert_true(tsig_key_init(&key, srv->wrong_key ? "other-key" : "ddns-key",
					  TSIG_HMAC_SHA256, secret_bytes, sizeof(secret_bytes)));
		if (srv->unsigned_reply)
			return len;
		if (srv->tsig_error == 16 || srv->tsig_error == 17) {
			/* unsigned, with the error: sign, then cut the MAC out by hand */
			assert_int_equal(tsig_sign_reply(&key, out, &len, 600,
							 (uint64_t)(NOW + srv->skew), NULL, 0,
							 srv->tsig_error, mac, &mac_len),
					 0);
			/* MAC size field -> 0, MAC removed, RDLENGTH fixed */
			memmove(out + len - 6 - mac_len, out + len - 6, 6);
			len -= mac_len;
			out[len - 8] = 0;
			out[len - 7] = 0;
			out[len - 6 - 10 - 13 - 1] -= (uint8_t)mac_len; /* RDLENGTH low byte */
			return len;
		}
		assert_int_equal(tsig_sign_reply(&key, out, &len, 600, (uint64_t)(NOW + srv->skew),
						 req_mac, 32, srv->tsig_error, mac, &mac_len),
				 0);
		return len;
	}
	if (m.q.type == DNS_TYPE_SOA) {
		static const uint8_t soa[] = {3, 'n', 's', '1', 0xc0, 17, 0xc0, 17, 0, 0,
					      0, 1,   0,   0,	0,    60, 0,	0,  0, 60,
					      0, 0,   0,   60,	0,    0,  0,	60};
		/* zone example.test: the suffix of the question at offset 17 */
		out[3] = (uint8_t)srv->soa_rcode;
		if (!srv->no_soa) {
			len += put_rr(out + len, 17, DNS_TYPE_SOA, 60, soa, sizeof(soa));
			ns = 1;
		}
	} else {
		out[3] = (uint8_t)srv->read_rcode;
		if (srv->cname) {
			len += put_rr(out + len, 12, DNS_TYPE_CNAME, 60, "\3www\xc0\x11", 6);
			an++;
		}
		for (int i = 0; i < 4 && srv->records[i]; i++) {
			char type[8], addr[64];
			unsigned ttl;
			uint8_t bin[16];
			bool v6;

			assert_int_equal(sscanf(srv->records[i], "%7s %63s %u", type, addr, &ttl),
					 3);
			v6 = strcmp(type, "AAAA") == 0;
			if (v6 != (m.q.type == DNS_TYPE_AAAA))
				continue;
			assert_int_equal(inet_pton(v6 ? AF_INET6 : AF_INET, addr, bin), 1);
			len += put_rr(out + len, 12, m.q.type, ttl, bin, v6 ? 16 : 4);
			an++;
		}
	}
	out[6] = 0;
	out[7] = (uint8_t)an;
	out[8] = 0;
	out[9] = (uint8_t)ns;
	out[10] = 0;
	out[11] = 0;
	return len;
}

struct trace {
	char shown[8][PROV_SHOWN_LEN];
	bool writes[8];
	unsigned n;
};

/* Drive the job to its end against srv. */
static enum prov_result drive(struct fixture *f, struct server *srv, struct prov_outcome *out,
			      struct trace *tr)
{
	enum prov_result res;

	memset(tr, 0, sizeof(*tr));
	do {
		struct prov_request req;
		struct prov_reply reply = {.transport = PROV_TRANSPORT_DNS, .retry_after = -1};
		uint8_t buf[700];

		assert_int_equal(rfc2136_ops.build(&f->job, &req), 0);
		assert_int_equal(req.transport, PROV_TRANSPORT_DNS);
		assert_true(tr->n < 8);
		strcpy(tr->shown[tr->n], req.shown);
		tr->writes[tr->n++] = req.writes;
		/* a dry run never gets as far as building a write */
		assert_false(f->job.dry_run && req.writes);
		reply.len = answer(srv, req.dns.msg, req.dns.msg_len, buf);
		reply.body = (const char *)buf;
		prov_request_free(&req);
		prov_outcome_init(out);
		res = rfc2136_ops.parse(&f->job, &reply, out);
	} while (res == PROV_NEXT_STEP);
	/* the secret never reaches a message */
	assert_null(strstr(out->message, SECRET_B64));
	return res;
}

static void test_flow_update(void **state)
{
	struct server srv = {.records = {"A 203.0.113.1 60", "AAAA 2001:db8::1 60"}};
	struct prov_outcome out;
	struct trace tr;
	struct fixture f;
	struct dns_msg m;
	struct dns_rr rr;

	(void)state;
	fx_init(&f, "192.0.2.53", NULL, FAM_V4, "198.51.100.7");
	assert_int_equal(drive(&f, &srv, &out, &tr), PROV_OK);
	assert_string_equal(out.message, "updated A " NAME " 203.0.113.1 -> 198.51.100.7");
	assert_int_equal(tr.n, 3);
	assert_string_equal(tr.shown[0], "QUERY 192.0.2.53:53 " NAME " SOA");
	assert_string_equal(tr.shown[1], "QUERY 192.0.2.53:53 " NAME " A");
	assert_string_equal(tr.shown[2], "UPDATE 192.0.2.53:53 zone example.test name " NAME " A");
	assert_false(tr.writes[0] || tr.writes[1]);
	assert_true(tr.writes[2]);
	assert_int_equal(srv.updates, 1);
	/* the UPDATE: zone example.test, delete A RRset, add A 300 198.51.100.7, TSIG last */
	assert_true(dnsmsg_parse(srv.last_update, srv.last_update_len, &m, NULL, 0));
	assert_int_equal(m.flags, 0x2800);
	assert_int_equal(m.q.type, DNS_TYPE_SOA);
	assert_memory_equal(m.q.name.wire, "\7example\4test", 14);
	assert_int_equal(m.count[DNS_SEC_ANSWER], 0);
	assert_int_equal(m.count[DNS_SEC_AUTHORITY], 2);
	assert_true(dnsmsg_rr_at(&m, DNS_SEC_AUTHORITY, 0, &rr));
	assert_int_equal(rr.type, DNS_TYPE_A);
	assert_int_equal(rr.class, DNS_CLASS_ANY);
	assert_true(dnsmsg_rr_at(&m, DNS_SEC_AUTHORITY, 1, &rr));
	assert_int_equal(rr.class, DNS_CLASS_IN);
	assert_int_equal(rr.ttl, 300);
	assert_memory_equal(rr.rdata, "\xc6\x33\x64\x07", 4);
	assert_true(dnsmsg_rr_at(&m, DNS_SEC_ADDITIONAL, 0, &rr));
	assert_int_equal(rr.type, DNS_TYPE_TSIG);
	assert_memory_equal(rr.name.wire, "\10ddns-key", 10);
	fx_fini(&f);
}

static void test_flow_unchanged_created_several(void **state)
{
	struct server srv = {.records = {"AAAA 2001:db8::1 60"}};
	struct prov_outcome out;
	struct trace tr;
	struct fixture f;

	(void)state;
	/* the server holds it: no UPDATE */
	fx_init(&f, "2001:db8::53", "example.test.", FAM_V6, "2001:db8::1");
	assert_int_equal(drive(&f, &srv, &out, &tr), PROV_UNCHANGED);
	assert_int_equal(tr.n, 1); /* zone = given: no SOA query */
	assert_string_equal(tr.shown[0], "QUERY [2001:db8::53]:53 " NAME " AAAA");
	assert_int_equal(srv.updates, 0);
	fx_fini(&f);

	/* none there: created */
	fx_init(&f, "192.0.2.53", NULL, FAM_V4, "198.51.100.7");
	srv.read_rcode = DNS_RCODE_NOERROR;
	assert_int_equal(drive(&f, &srv, &out, &tr), PROV_OK);
	assert_string_equal(out.message, "created A " NAME " 198.51.100.7");
	assert_int_equal(srv.updates, 1);
	fx_fini(&f);

	/* two records, one of them ours: the set is not {ours}, so it is replaced */
	srv = (struct server){.records = {"A 198.51.100.7 300", "A 203.0.113.5 300"}};
	fx_init(&f, "192.0.2.53", NULL, FAM_V4, "198.51.100.7");
	assert_int_equal(drive(&f, &srv, &out, &tr), PROV_OK);
	assert_int_equal(srv.updates, 1);
	fx_fini(&f);

	/* the TTL differs from the one the record sets */
	srv = (struct server){.records = {"A 198.51.100.7 60"}};
	fx_init(&f, "192.0.2.53", NULL, FAM_V4, "198.51.100.7");
	f.rec.ttl = 120;
	assert_int_equal(drive(&f, &srv, &out, &tr), PROV_OK);
	assert_int_equal(srv.updates, 1);
	f.rec.ttl = 60;
	{
		struct ipaddr want = f.job.want;

		prov_job_init(&f.job, &f.prov, &f.rec, FAM_V4, &want);
	}
	assert_int_equal(drive(&f, &srv, &out, &tr), PROV_UNCHANGED);
	fx_fini(&f);
}

static void test_dry_run(void **state)
{
	struct server srv = {.records = {"A 203.0.113.1 60"}};
	struct prov_outcome out;
	struct trace tr;
	struct fixture f;

	(void)state;
	fx_init(&f, "192.0.2.53", NULL, FAM_V4, "198.51.100.7");
	f.job.dry_run = true;
	assert_int_equal(drive(&f, &srv, &out, &tr), PROV_OK);
	assert_true(out.would_write);
	assert_non_null(strstr(out.message, "would update A " NAME " 203.0.113.1 -> 198.51.100.7"));
	assert_int_equal(srv.updates, 0);
	fx_fini(&f);
}

static void expect_update(struct server *srv, enum prov_result want, const char *text)
{
	struct prov_outcome out;
	struct trace tr;
	struct fixture f;

	srv->records[0] = "A 203.0.113.1 60";
	fx_init(&f, "192.0.2.53", "example.test", FAM_V4, "198.51.100.7");
	assert_int_equal(drive(&f, srv, &out, &tr), want);
	if (!strstr(out.message, text))
		fail_msg("\"%s\" not in \"%s\"", text, out.message);
	fx_fini(&f);
}

static void test_update_replies(void **state)
{
	struct server s;

	(void)state;
	s = (struct server){.update_rcode = DNS_RCODE_REFUSED};
	expect_update(&s, PROV_AUTH, "update-policy (BIND) or ACL (Knot)");
	s = (struct server){.update_rcode = DNS_RCODE_NOTAUTH, .tsig_error = 16};
	expect_update(&s, PROV_AUTH, "wrong key: the server refused the signature (BADSIG)");
	s = (struct server){.update_rcode = DNS_RCODE_NOTAUTH, .tsig_error = 17};
	expect_update(&s, PROV_AUTH, "wrong key name: the server knows no key ddns-key");
	s = (struct server){.update_rcode = DNS_RCODE_NOTAUTH, .tsig_error = 18, .skew = 1000};
	expect_update(&s, PROV_PERMANENT, "the clocks differ by more than 300 s (BADTIME)");
	s = (struct server){.update_rcode = DNS_RCODE_NOERROR, .skew = 400};
	expect_update(&s, PROV_PERMANENT, "the clocks differ by more than 300 s");
	s = (struct server){.update_rcode = DNS_RCODE_SERVFAIL};
	expect_update(&s, PROV_RETRY, "SERVFAIL");
	s = (struct server){.update_rcode = DNS_RCODE_NOTAUTH};
	expect_update(&s, PROV_PERMANENT, "not authoritative for zone example.test");
	s = (struct server){.update_rcode = DNS_RCODE_NOTZONE};
	expect_update(&s, PROV_PERMANENT, "NOTZONE");
	s = (struct server){.update_rcode = DNS_RCODE_FORMERR};
	expect_update(&s, PROV_PERMANENT, "FORMERR");
	/* "done", but not signed by our key: not believed */
	s = (struct server){.unsigned_reply = true};
	expect_update(&s, PROV_RETRY, "answered NOERROR, but the reply is not signed");
	s = (struct server){.wrong_key = true};
	expect_update(&s, PROV_RETRY, "signed with another key");
	/* an unsigned REFUSED is still a refusal */
	s = (struct server){.unsigned_reply = true, .update_rcode = DNS_RCODE_REFUSED};
	expect_update(&s, PROV_AUTH, "REFUSED");
}

static void expect_read(struct server *srv, const char *zone, enum prov_result want,
			const char *text)
{
	struct prov_outcome out;
	struct trace tr;
	struct fixture f;

	fx_init(&f, "192.0.2.53", zone, FAM_V4, "198.51.100.7");
	assert_int_equal(drive(&f, srv, &out, &tr), want);
	if (!strstr(out.message, text))
		fail_msg("\"%s\" not in \"%s\"", text, out.message);
	assert_int_equal(srv->updates, 0);
	fx_fini(&f);
}

static void test_read_and_zone_replies(void **state)
{
	struct server s;

	(void)state;
	s = (struct server){.soa_rcode = DNS_RCODE_REFUSED};
	expect_read(&s, NULL, PROV_PERMANENT, "not authoritative for the name");
	s = (struct server){.soa_rcode = DNS_RCODE_SERVFAIL};
	expect_read(&s, NULL, PROV_RETRY, "failed on " NAME " (SERVFAIL)");
	s = (struct server){.no_soa = true};
	expect_read(&s, NULL, PROV_PERMANENT, "names no zone holding " NAME);
	s = (struct server){.no_aa = true};
	expect_read(&s, "example.test", PROV_PERMANENT, "no AA");
	s = (struct server){.cname = true};
	expect_read(&s, "example.test", PROV_PERMANENT, "is a CNAME");
	s = (struct server){.read_rcode = DNS_RCODE_REFUSED};
	expect_read(&s, "example.test", PROV_PERMANENT, "REFUSED");
}

static void test_garbage_and_config(void **state)
{
	struct prov_reply reply = {.transport = PROV_TRANSPORT_DNS, .body = "\1\2\3", .len = 3};
	struct prov_outcome out;
	struct prov_request req;
	struct errbuf err = {{0}};
	struct fixture f;

	(void)state;
	fx_init(&f, "192.0.2.53", NULL, FAM_V4, "198.51.100.7");
	prov_outcome_init(&out);
	assert_int_equal(rfc2136_ops.parse(&f.job, &reply, &out), PROV_RETRY);
	assert_non_null(strstr(out.message, "shorter than a header"));
	assert_int_equal(rfc2136_ops.check_config(&f.prov, &err), 0);
	assert_null(rfc2136_server_name(&f.prov));
	/* a host name: fine for the config; no request until the agent resolved it into
	 * server-address (off the loop), and none either when it could not */
	f.params[0].value = "ns1.example.test";
	assert_int_equal(rfc2136_ops.check_config(&f.prov, &err), 0);
	assert_string_equal(rfc2136_server_name(&f.prov), "ns1.example.test");
	assert_false(rfc2136_server_known(&f.prov));
	assert_int_equal(rfc2136_ops.build(&f.job, &req), -EINVAL);
	f.params[1] = (struct cfg_param){.key = "server-address", .value = ""};
	assert_true(rfc2136_server_known(&f.prov));
	assert_int_equal(rfc2136_ops.build(&f.job, &req), -EINVAL);
	f.params[1].value = "2001:db8::35";
	assert_int_equal(rfc2136_ops.build(&f.job, &req), 0);
	assert_string_equal(req.shown, "QUERY [2001:db8::35]:53 " NAME " SOA");
	prov_request_free(&req);
	f.params[1] = (struct cfg_param){.key = "port", .value = "53"};
	f.params[0].value = "192.0.2.53";
	/* a zone that does not hold the name */
	f.rec.zone = "example.org";
	assert_int_equal(rfc2136_ops.build(&f.job, &req), -EINVAL);
	f.rec.zone = NULL;
	/* a secret that is not base64 */
	assert_int_equal(secret_set(&f.params[4].secret, "not base64!", 11), 0);
	assert_int_equal(rfc2136_ops.check_config(&f.prov, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "tsig-secret"));
	assert_null(strstr(err.msg, "not base64!"));
	fx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_flow_update),
	    cmocka_unit_test(test_flow_unchanged_created_several),
	    cmocka_unit_test(test_dry_run),
	    cmocka_unit_test(test_update_replies),
	    cmocka_unit_test(test_read_and_zone_replies),
	    cmocka_unit_test(test_garbage_and_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
