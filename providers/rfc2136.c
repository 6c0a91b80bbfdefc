// SPDX-License-Identifier: MIT
/* rfc2136: the record read from the zone's primary by a DNS query, compared, and replaced by a
 * TSIG-signed DNS UPDATE only when it differs (providers-reference.md §7). Pure build/parse. */
#include "providers/rfc2136.h"

#include <arpa/inet.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/dns_transport.h"
#include "providers/dnsmsg.h"
#include "providers/tsig.h"

#define DEFAULT_TTL 300
/* Room for an UPDATE: header, zone, two RRs of a 255-byte name, 16 bytes of RDATA, TSIG. */
#define MSG_CAP (DNS_HEADER_LEN + 3 * (DNS_NAME_WIRE + 14) + 16 + TSIG_RR_MAX)

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

/* step: what the job sends next. The first request is the SOA query that finds the zone, or,
 * with the record's zone = set, the read. */
enum { STEP_FIRST = 0, STEP_READ = 1, STEP_UPDATE = 2 };
enum kind { KIND_SOA, KIND_READ, KIND_UPDATE };

/* The zone is a suffix of the record's name: its offset in the name's wire form is enough. */
struct priv {
	bool zone_known;
	uint8_t zone_off;
};
PROV_PRIV_FITS(struct priv);

static struct priv *priv(struct prov_job *job)
{
	return (struct priv *)(void *)job->priv;
}

static const struct priv *cpriv(const struct prov_job *job)
{
	return (const struct priv *)(const void *)job->priv;
}

static enum kind kind_of(const struct prov_job *job)
{
	if (job->step == STEP_UPDATE)
		return KIND_UPDATE;
	if (job->step == STEP_READ || (job->rec->zone && job->rec->zone[0]))
		return KIND_READ;
	return KIND_SOA;
}

static uint16_t rrtype(const struct prov_job *job)
{
	return job->fam == FAM_V4 ? DNS_TYPE_A : DNS_TYPE_AAAA;
}

/* The server's address. "server" must be an IP address, or a name the agent resolved at
 * start-up or reload into "server-address" (never a look-up here: build is pure). */
static bool server_of(const struct cfg_provider *cfg, struct sockaddr_storage *ss, socklen_t *len)
{
	const char *host = cfg_provider_get(cfg, "server-address");
	const char *port = cfg_provider_get(cfg, "port");
	unsigned long p = port ? strtoul(port, NULL, 10) : 53;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	if (!host)
		host = cfg_provider_get(cfg, "server");
	memset(ss, 0, sizeof(*ss));
	if (!host || !p || p > 65535)
		return false;
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)p);
		*len = sizeof(*sin);
		return true;
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)p);
		*len = sizeof(*sin6);
		return true;
	}
	return false;
}

static bool ip_literal(const char *s)
{
	struct in6_addr a;

	return inet_pton(AF_INET, s, &a) == 1 || inet_pton(AF_INET6, s, &a) == 1;
}

const char *rfc2136_server_name(const struct cfg_provider *cfg)
{
	const char *host = cfg_provider_get(cfg, "server");

	if (!cfg->type || strcmp(cfg->type, "rfc2136") != 0 || !host || ip_literal(host))
		return NULL;
	return host;
}

bool rfc2136_server_known(const struct cfg_provider *cfg)
{
	return cfg_provider_get(cfg, "server-address") != NULL;
}

/* The TSIG key of the section; secret receives the decoded bytes (wipe them after use). */
static bool key_of(const struct cfg_provider *cfg, struct tsig_key *key,
		   uint8_t secret[static TSIG_SECRET_MAX])
{
	const struct secret *s = cfg_provider_secret(cfg, "tsig-secret");
	const char *name = cfg_provider_get(cfg, "tsig-name");
	const char *alg_name = cfg_provider_get(cfg, "tsig-algorithm");
	enum tsig_alg alg = TSIG_HMAC_SHA256;
	size_t len;

	if (!s || !secret_is_set(s) || !name || (alg_name && !tsig_alg_from_name(alg_name, &alg)))
		return false;
	if (!tsig_secret_decode(secret_reveal(s), secret, &len))
		return false;
	return tsig_key_init(key, name, alg, secret, len);
}

static int check_config(const struct cfg_provider *cfg, struct errbuf *err)
{
	uint8_t secret[TSIG_SECRET_MAX];
	struct sockaddr_storage ss;
	struct tsig_key key;
	socklen_t len;
	const struct secret *s = cfg_provider_secret(cfg, "tsig-secret");
	bool ok;

	/* A name is resolved by the agent at start-up and on reload, not here. */
	if (!rfc2136_server_name(cfg) && !server_of(cfg, &ss, &len)) {
		errbuf_set(err, "server: not an IP address or a host name; the primary's address "
				"(192.0.2.53, 2001:db8::53) or its name");
		return -EINVAL;
	}
	/* An env:/cred:/file secret is known only after it is resolved; check it then. */
	if (!s || !secret_is_set(s))
		return 0;
	ok = key_of(cfg, &key, secret);
	OPENSSL_cleanse(secret, sizeof(secret));
	if (!ok) {
		errbuf_set(err,
			   "tsig-secret: not a usable TSIG key (base64 of 1..%d bytes, as in "
			   "the secret of a BIND key clause or a keymgr/tsig-keygen line)",
			   TSIG_SECRET_MAX);
		return -EINVAL;
	}
	return 0;
}

struct names {
	struct dns_name name, zone;
	char name_text[DNS_NAME_TEXT], zone_text[DNS_NAME_TEXT];
};

/* The record's name and, once known, its zone (from zone = or the SOA query). */
static bool names_of(const struct prov_job *job, struct names *n, bool need_zone)
{
	char fqdn[256];
	const struct priv *p = cpriv(job);

	if (!prov_fqdn(job->rec->name, fqdn) || !dns_name_from_text(fqdn, &n->name))
		return false;
	dns_name_text(&n->name, n->name_text);
	if (p->zone_known && p->zone_off < n->name.len) {
		n->zone.len = (uint8_t)(n->name.len - p->zone_off);
		memcpy(n->zone.wire, n->name.wire + p->zone_off, n->zone.len);
	} else if (job->rec->zone && job->rec->zone[0]) {
		if (!prov_fqdn(job->rec->zone, fqdn) || !dns_name_from_text(fqdn, &n->zone) ||
		    !dns_name_in(&n->name, &n->zone))
			return false;
	} else if (need_zone) {
		return false;
	} else {
		n->zone.len = 0;
		strcpy(n->zone_text, "?");
		return true;
	}
	dns_name_text(&n->zone, n->zone_text);
	return true;
}

/* A message ID from the job's nonce and what is sent: fresh per job, and the same when parse
 * rebuilds the request to learn its MAC. */
static uint16_t msg_id(const struct prov_job *job, enum kind k)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < sizeof(job->nonce) && job->nonce[i]; i++)
		h = (h ^ (uint8_t)job->nonce[i]) * 16777619u;
	h = (h ^ (uint32_t)k) * 16777619u;
	return (uint16_t)(h ^ h >> 16);
}

/* The signed UPDATE into buf; mac receives its MAC. 0 or -errno. */
static int make_update(const struct prov_job *job, const struct names *n, uint8_t *buf, size_t *len,
		       uint8_t mac[static TSIG_MAC_MAX], size_t *mac_len)
{
	uint8_t secret[TSIG_SECRET_MAX];
	struct tsig_key key;
	struct dnsmsg_update u = {
	    .zone = &n->zone,
	    .name = &n->name,
	    .type = rrtype(job),
	    .ttl = job->rec->ttl > 0 ? (uint32_t)job->rec->ttl : DEFAULT_TTL,
	    .rdata = job->fam == FAM_V4 ? (const uint8_t *)&job->want.v4
					: (const uint8_t *)&job->want.v6,
	    .rdlen = job->fam == FAM_V4 ? 4 : 16,
	};
	int ret;

	if (job->want.family != fam_to_af(job->fam))
		return -EINVAL;
	if (!key_of(job->cfg, &key, secret)) {
		ret = -EINVAL;
		goto out;
	}
	ret = dnsmsg_build_update(buf, MSG_CAP, msg_id(job, KIND_UPDATE), &u, len);
	if (!ret)
		ret = tsig_sign(&key, buf, len, MSG_CAP, (uint64_t)job->now, mac, mac_len);
out:
	OPENSSL_cleanse(secret, sizeof(secret));
	OPENSSL_cleanse(&key, sizeof(key));
	return ret;
}

static int build(const struct prov_job *job, struct prov_request *req)
{
	enum kind k = kind_of(job);
	uint8_t mac[TSIG_MAC_MAX];
	char server[DNS_SERVER_TEXT];
	size_t mac_len, len = 0;
	struct names n;
	uint8_t *buf;
	int ret;

	memset(req, 0, sizeof(*req));
	req->transport = PROV_TRANSPORT_DNS;
	if (!server_of(job->cfg, &req->dns.server, &req->dns.server_len) ||
	    !names_of(job, &n, k == KIND_UPDATE))
		return -EINVAL;
	buf = malloc(MSG_CAP);
	if (!buf)
		return -ENOMEM;
	if (k == KIND_UPDATE)
		ret = make_update(job, &n, buf, &len, mac, &mac_len);
	else
		ret = dnsmsg_build_query(buf, MSG_CAP, msg_id(job, k), &n.name,
					 k == KIND_SOA ? DNS_TYPE_SOA : rrtype(job), &len);
	if (ret) {
		OPENSSL_cleanse(buf, MSG_CAP);
		free(buf);
		memset(req, 0, sizeof(*req));
		return ret;
	}
	req->dns.msg = buf;
	req->dns.msg_len = len;
	req->dns.timeout_ms = DNS_TIMEOUT_MS;
	req->writes = k == KIND_UPDATE;
	req->family = req->dns.server.ss_family;
	dns_server_text((const struct sockaddr *)&req->dns.server, server);
	if (k == KIND_UPDATE)
		snprintf(req->shown, sizeof(req->shown), "UPDATE %s zone %.100s name %.100s %s",
			 server, n.zone_text, n.name_text, fam_rrtype(job->fam));
	else
		snprintf(req->shown, sizeof(req->shown), "QUERY %s %.200s %s", server, n.name_text,
			 k == KIND_SOA ? "SOA" : fam_rrtype(job->fam));
	return 0;
}

__attribute__((format(printf, 4, 5))) static enum prov_result
fail(struct prov_job *job, struct prov_outcome *out, enum prov_result res, const char *fmt, ...)
{
	char text[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	prov_outcome_set(out, NULL, res, "rfc2136: %s", text);
	return prov_finish(job, out, res);
}

static enum prov_result rcode_error(struct prov_job *job, const struct dns_msg *m,
				    const struct names *n, struct prov_outcome *out)
{
	char rc[16], what[300];
	unsigned r = dnsmsg_rcode(m);

	snprintf(what, sizeof(what), "%.260s (%s)", n->name_text, dns_rcode_name(r, rc));
	if (r == DNS_RCODE_SERVFAIL)
		return fail(job, out, PROV_RETRY, "the server failed on %s; retrying later", what);
	if (r == DNS_RCODE_REFUSED || r == DNS_RCODE_NOTAUTH)
		return fail(job, out, PROV_PERMANENT,
			    "the server will not answer for %s: it is not authoritative for the "
			    "name, or refuses us; point server = at the zone's primary%s",
			    what, n->zone.len ? "" : ", or set zone = in the record");
	return fail(job, out, PROV_PERMANENT, "the server answered %s", what);
}

static enum prov_result parse_soa(struct prov_job *job, const struct dns_msg *m,
				  const struct names *n, struct prov_outcome *out)
{
	struct dns_name zone;
	unsigned r = dnsmsg_rcode(m);

	if (r != DNS_RCODE_NOERROR && r != DNS_RCODE_NXDOMAIN)
		return rcode_error(job, m, n, out);
	if (!dnsmsg_soa_zone(m, &zone) || !dns_name_in(&n->name, &zone) || zone.len <= 1)
		return fail(job, out, PROV_PERMANENT,
			    "the server's answer names no zone holding %s (no SOA); set zone = in "
			    "the record, or point server = at the zone's primary",
			    n->name_text);
	priv(job)->zone_known = true;
	priv(job)->zone_off = (uint8_t)(n->name.len - zone.len);
	job->step = STEP_READ;
	return PROV_NEXT_STEP;
}

static enum prov_result parse_read(struct prov_job *job, const struct dns_msg *m,
				   const struct names *n, struct prov_outcome *out)
{
	struct dns_rr rr;
	char addr[IPADDR_STRLEN];
	unsigned r = dnsmsg_rcode(m), count;
	size_t want_len = job->fam == FAM_V4 ? 4 : 16;

	if (r != DNS_RCODE_NOERROR && r != DNS_RCODE_NXDOMAIN)
		return rcode_error(job, m, n, out);
	if (!(m->flags & DNS_FLAG_AA))
		return fail(job, out, PROV_PERMANENT,
			    "the server is not authoritative for %s (no AA in its answer); point "
			    "server = at the zone's primary",
			    n->name_text);
	/* A CNAME owns the name: an UPDATE adding an address there is silently ignored
	 * (RFC 2136 §3.4.2.2), so say it rather than "write" for ever. */
	if (dnsmsg_answers(m, &n->name, DNS_TYPE_CNAME, NULL, 0))
		return fail(job, out, PROV_PERMANENT,
			    "%s is a CNAME at the server; ddnsd does not replace it with an %s "
			    "record",
			    n->name_text, fam_rrtype(job->fam));
	count = dnsmsg_answers(m, &n->name, rrtype(job), &rr, 1);
	if (!count)
		return prov_not_found(job, n->name_text, STEP_UPDATE, out);
	if (rr.rdlen != want_len)
		return fail(job, out, PROV_RETRY, "the server's %s record for %s is malformed",
			    fam_rrtype(job->fam), n->name_text);
	inet_ntop(fam_to_af(job->fam), rr.rdata, addr, sizeof(addr));
	prov_found(job, count, NULL, addr, (long)rr.ttl);
	/* The RRset must be exactly {want}: more records than one differ too. */
	return prov_decide_ex(job, n->name_text, STEP_UPDATE, true, count > 1,
			      count > 1 ? "other records in the set" : "ttl", out);
}

static enum prov_result parse_update(struct prov_job *job, const struct dns_msg *m,
				     const struct names *n, struct prov_outcome *out)
{
	uint8_t buf[MSG_CAP], mac[TSIG_MAC_MAX], secret[TSIG_SECRET_MAX];
	struct tsig_verdict v;
	struct tsig_key key;
	char why[400], rc[16];
	size_t len, mac_len = 0;
	enum tsig_status ts;
	unsigned r = dnsmsg_rcode(m);

	/* build is deterministic (ID from the nonce, time from job->now): rebuilding the
	 * request gives back its MAC, which the reply's MAC covers. */
	if (make_update(job, n, buf, &len, mac, &mac_len) || !key_of(job->cfg, &key, secret)) {
		OPENSSL_cleanse(secret, sizeof(secret));
		return fail(job, out, PROV_PERMANENT,
			    "cannot rebuild the request to check the reply");
	}
	ts = tsig_verify(&key, m, mac, mac_len, (uint64_t)job->now, &v);
	tsig_explain(&v, &key, why, sizeof(why));
	OPENSSL_cleanse(secret, sizeof(secret));
	OPENSSL_cleanse(&key, sizeof(key));
	if (ts == TSIG_BADKEY)
		/* Knot answers BADKEY also when its ACL does not let the key make this change */
		return fail(job, out, PROV_AUTH,
			    "%s (Knot DNS also says BADKEY when its ACL does not allow this key to "
			    "update %s)",
			    why, n->name_text);
	if (ts == TSIG_BADSIG)
		return fail(job, out, PROV_AUTH, "%s", why);
	if (tsig_status_permanent(ts))
		return fail(job, out, PROV_PERMANENT, "%s", why);
	if (ts != TSIG_OK && r == DNS_RCODE_NOERROR)
		/* Success is believed only when signed by our key: a forged "done" would
		 * leave the record wrong and us content. */
		return fail(job, out, PROV_RETRY, "UPDATE answered NOERROR, but %s", why);
	switch (r) {
	case DNS_RCODE_NOERROR:
		return prov_written(job, n->name_text, !job->found, out);
	case DNS_RCODE_REFUSED:
		return fail(
		    job, out, PROV_AUTH,
		    "the server refused the UPDATE of %s (REFUSED): the key's update-policy "
		    "(BIND) or ACL (Knot) does not allow it to change %s there",
		    n->name_text, fam_rrtype(job->fam));
	case DNS_RCODE_NOTAUTH:
		return fail(job, out, PROV_PERMANENT,
			    "the server is not authoritative for zone %s (NOTAUTH); point server = "
			    "at its primary, or fix zone = (%s)",
			    n->zone_text, n->name_text);
	case DNS_RCODE_NOTZONE:
		return fail(job, out, PROV_PERMANENT, "%s is not in zone %s (NOTZONE)",
			    n->name_text, n->zone_text);
	case DNS_RCODE_SERVFAIL:
		return fail(job, out, PROV_RETRY,
			    "the server failed to apply the UPDATE of %s (SERVFAIL); retrying "
			    "later",
			    n->name_text);
	default:
		return fail(job, out, PROV_PERMANENT,
			    "the server answered the UPDATE of %s with %s", n->name_text,
			    dns_rcode_name(r, rc));
	}
}

static enum prov_result parse(struct prov_job *job, const struct prov_reply *reply,
			      struct prov_outcome *out)
{
	enum kind k = kind_of(job);
	struct dns_msg m;
	struct names n;
	char why[128];

	if (reply->transport != PROV_TRANSPORT_DNS || !names_of(job, &n, k == KIND_UPDATE))
		return fail(job, out, PROV_PERMANENT, "unexpected reply");
	if (!dnsmsg_parse((const uint8_t *)reply->body, reply->len, &m, why, sizeof(why)))
		return fail(job, out, PROV_RETRY, "%s", why);
	switch (k) {
	case KIND_SOA:
		return parse_soa(job, &m, &n, out);
	case KIND_READ:
		return parse_read(job, &m, &n, out);
	default:
		return parse_update(job, &m, &n, out);
	}
}

const struct provider_ops rfc2136_ops = {
    .name = "rfc2136",
    .keys = keys,
    .account_key = "tsig-name",
    .readable = true,
    .check_config = check_config,
    .build = build,
    .parse = parse,
};
