// SPDX-License-Identifier: MIT
/* TSIG, RFC 8945: the request MAC over message + TSIG variables (§4.3), the reply MAC over
 * request MAC + reply + variables (§5.3), with OpenSSL's EVP_MAC HMAC. Pure: now is given. */
#include "providers/tsig.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

static const struct {
	const char *name;   /* config spelling */
	const char *wire;   /* algorithm name on the wire (RFC 8945 §6) */
	const char *digest; /* OpenSSL digest name */
	size_t mac_len;
} algs[] = {
    [TSIG_HMAC_MD5] = {"hmac-md5", "hmac-md5.sig-alg.reg.int", "MD5", 16},
    [TSIG_HMAC_SHA1] = {"hmac-sha1", "hmac-sha1", "SHA1", 20},
    [TSIG_HMAC_SHA256] = {"hmac-sha256", "hmac-sha256", "SHA256", 32},
    [TSIG_HMAC_SHA512] = {"hmac-sha512", "hmac-sha512", "SHA512", 64},
};
#define N_ALGS (sizeof(algs) / sizeof(algs[0]))

bool tsig_alg_from_name(const char *name, enum tsig_alg *alg)
{
	size_t len = strlen(name);

	if (len && name[len - 1] == '.')
		len--;
	for (size_t i = 0; i < N_ALGS; i++) {
		if ((strlen(algs[i].name) == len && !strncasecmp(name, algs[i].name, len)) ||
		    (strlen(algs[i].wire) == len && !strncasecmp(name, algs[i].wire, len))) {
			*alg = (enum tsig_alg)i;
			return true;
		}
	}
	return false;
}

const char *tsig_alg_name(enum tsig_alg alg)
{
	return (size_t)alg < N_ALGS ? algs[alg].name : "?";
}

size_t tsig_mac_len(enum tsig_alg alg)
{
	return (size_t)alg < N_ALGS ? algs[alg].mac_len : 0;
}

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

bool tsig_secret_decode(const char *b64, uint8_t out[static TSIG_SECRET_MAX], size_t *len)
{
	size_t n = 0, chars = 0, pad = 0;
	uint32_t acc = 0;

	for (const char *p = b64; *p; p++) {
		int v;

		if (*p == '=') {
			pad++;
			continue;
		}
		v = b64val(*p);
		if (v < 0 || pad)
			return false; /* not base64, or data after padding */
		acc = acc << 6 | (uint32_t)v;
		if (++chars % 4 == 0) {
			if (n + 3 > TSIG_SECRET_MAX)
				return false;
			out[n++] = (uint8_t)(acc >> 16);
			out[n++] = (uint8_t)(acc >> 8);
			out[n++] = (uint8_t)acc;
			acc = 0;
		}
	}
	switch (chars % 4) {
	case 1:
		return false;
	case 2:
		if (n + 1 > TSIG_SECRET_MAX || (pad && pad != 2))
			return false;
		out[n++] = (uint8_t)(acc >> 4);
		break;
	case 3:
		if (n + 2 > TSIG_SECRET_MAX || (pad && pad != 1))
			return false;
		out[n++] = (uint8_t)(acc >> 10);
		out[n++] = (uint8_t)(acc >> 2);
		break;
	default:
		if (pad)
			return false;
	}
	OPENSSL_cleanse(&acc, sizeof(acc));
	*len = n;
	return n > 0;
}

bool tsig_key_init(struct tsig_key *key, const char *name, enum tsig_alg alg, const uint8_t *secret,
		   size_t secret_len)
{
	memset(key, 0, sizeof(*key));
	if ((size_t)alg >= N_ALGS || !dns_name_from_text(name, &key->name) || key->name.len <= 1)
		return false;
	dns_name_lower(&key->name);
	key->alg = alg;
	key->secret = secret;
	key->secret_len = secret_len;
	return true;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put48(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 6; i++)
		p[i] = (uint8_t)(v >> (8 * (5 - i)));
}

/* The TSIG variables (§4.3.3) after the key name: class ANY, TTL 0, algorithm name, time
 * signed, fudge, error, other len, other data; other data is at most 6 bytes (BADTIME). */
struct vars {
	uint8_t buf[4 + 4 + DNS_NAME_WIRE + 6 + 2 + 2 + 2 + 6];
	size_t len;
};

static bool make_vars(struct vars *v, const struct dns_name *alg, uint64_t time, uint16_t fudge,
		      uint16_t error, const uint8_t *other, uint16_t other_len)
{
	uint8_t *p = v->buf;

	if (other_len > 6)
		return false;
	put16(p, DNS_CLASS_ANY);
	memset(p + 2, 0, 4); /* TTL */
	p += 6;
	memcpy(p, alg->wire, alg->len);
	p += alg->len;
	put48(p, time);
	put16(p + 6, fudge);
	put16(p + 8, error);
	put16(p + 10, other_len);
	p += 12;
	if (other_len) {
		memcpy(p, other, other_len);
		p += other_len;
	}
	v->len = (size_t)(p - v->buf);
	return true;
}

struct piece {
	const void *p;
	size_t len;
};

static bool hmac(const struct tsig_key *key, const struct piece *pieces, size_t n,
		 uint8_t mac[static TSIG_MAC_MAX], size_t *mac_len)
{
	EVP_MAC *m = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = m ? EVP_MAC_CTX_new(m) : NULL;
	OSSL_PARAM params[2];
	bool ok = false;
	size_t out = 0;

	if (!ctx)
		goto out;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     (char *)algs[key->alg].digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	/* An empty key is still a key: pass a valid pointer, never NULL (= "keep the old"). */
	if (!EVP_MAC_init(ctx, key->secret_len ? key->secret : (const uint8_t *)"", key->secret_len,
			  params))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (pieces[i].len && !EVP_MAC_update(ctx, pieces[i].p, pieces[i].len))
			goto out;
	if (!EVP_MAC_final(ctx, mac, &out, TSIG_MAC_MAX) || out != algs[key->alg].mac_len)
		goto out;
	*mac_len = out;
	ok = true;
out:
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(m);
	return ok;
}

static bool signed_already(const uint8_t *msg, size_t len)
{
	struct dns_msg m;
	struct dns_rr rr;
	size_t off;

	if (!dnsmsg_parse(msg, len, &m, NULL, 0))
		return false;
	off = m.last_rr_off;
	return m.count[DNS_SEC_ADDITIONAL] && dnsmsg_read_rr(msg, len, &off, &rr) &&
	       rr.type == DNS_TYPE_TSIG;
}

int tsig_sign_reply(const struct tsig_key *key, uint8_t *msg, size_t *len, size_t cap, uint64_t now,
		    const uint8_t *req_mac, size_t req_mac_len, uint16_t error,
		    uint8_t mac[static TSIG_MAC_MAX], size_t *mac_len)
{
	struct dns_name alg;
	struct vars v;
	uint8_t *p, reqlen[2];
	size_t need, ml;
	uint16_t ar;

	if (*len < DNS_HEADER_LEN || (size_t)key->alg >= N_ALGS || key->name.len <= 1 ||
	    !dns_name_from_text(algs[key->alg].wire, &alg) || now >> 48 ||
	    req_mac_len > TSIG_MAC_MAX)
		return -EINVAL;
	ar = get16(msg + 10);
	if (ar == 0xffff || signed_already(msg, *len))
		return -EINVAL;
	if (!make_vars(&v, &alg, now, TSIG_FUDGE, error, NULL, 0))
		return -EINVAL;
	put16(reqlen, (uint16_t)req_mac_len);
	{
		/* a reply's MAC starts with the request's, length first (§5.3) */
		const struct piece pieces[] = {{reqlen, req_mac ? 2 : 0},
					       {req_mac, req_mac ? req_mac_len : 0},
					       {msg, *len},
					       {key->name.wire, key->name.len},
					       {v.buf, v.len}};

		if (!hmac(key, pieces, 5, mac, mac_len))
			return -EIO;
	}
	ml = *mac_len;
	/* owner, type, class, TTL, rdlen; alg, time, fudge, MAC size, MAC, orig ID, error, other
	 * len */
	need = key->name.len + 10 + alg.len + 6 + 2 + 2 + ml + 2 + 2 + 2;
	if (cap < *len || cap - *len < need)
		return -EMSGSIZE;
	p = msg + *len;
	memcpy(p, key->name.wire, key->name.len);
	p += key->name.len;
	put16(p, DNS_TYPE_TSIG);
	put16(p + 2, DNS_CLASS_ANY);
	memset(p + 4, 0, 4);
	put16(p + 8, (uint16_t)(need - key->name.len - 10));
	p += 10;
	memcpy(p, alg.wire, alg.len);
	p += alg.len;
	put48(p, now);
	put16(p + 6, TSIG_FUDGE);
	put16(p + 8, (uint16_t)ml);
	p += 10;
	memcpy(p, mac, ml);
	p += ml;
	memcpy(p, msg, 2); /* original ID */
	put16(p + 2, error);
	put16(p + 4, 0); /* other len */
	put16(msg + 10, (uint16_t)(ar + 1));
	*len += need;
	return 0;
}

int tsig_sign(const struct tsig_key *key, uint8_t *msg, size_t *len, size_t cap, uint64_t now,
	      uint8_t mac[static TSIG_MAC_MAX], size_t *mac_len)
{
	return tsig_sign_reply(key, msg, len, cap, now, NULL, 0, 0, mac, mac_len);
}

/* The TSIG RR's RDATA, split (§4.2). */
struct tsig_rdata {
	struct dns_name alg;
	uint64_t time;
	uint16_t fudge, mac_size, orig_id, error, other_len;
	const uint8_t *mac, *other;
};

static bool parse_rdata(const struct dns_rr *rr, struct tsig_rdata *t)
{
	const uint8_t *d = rr->rdata;
	size_t n = rr->rdlen, off;

	/* The algorithm name read within the RDATA alone: a compression pointer has nowhere
	 * to point, as §4.2 wants it uncompressed. */
	if (!dnsmsg_read_name(d, n, 0, &t->alg, &off) || n - off < 10)
		return false;
	t->time = 0;
	for (int i = 0; i < 6; i++)
		t->time = t->time << 8 | d[off + i];
	t->fudge = get16(d + off + 6);
	t->mac_size = get16(d + off + 8);
	off += 10;
	if (n - off < (size_t)t->mac_size + 6)
		return false;
	t->mac = d + off;
	off += t->mac_size;
	t->orig_id = get16(d + off);
	t->error = get16(d + off + 2);
	t->other_len = get16(d + off + 4);
	off += 6;
	if (n - off != t->other_len)
		return false;
	t->other = d + off;
	return true;
}

static int64_t get48(const uint8_t *p)
{
	int64_t v = 0;

	for (int i = 0; i < 6; i++)
		v = v << 8 | p[i];
	return v;
}

static enum tsig_status verdict(struct tsig_verdict *v, enum tsig_status s)
{
	v->status = s;
	return s;
}

enum tsig_status tsig_verify(const struct tsig_key *key, const struct dns_msg *m,
			     const uint8_t *req_mac, size_t req_mac_len, uint64_t now,
			     struct tsig_verdict *v)
{
	struct dns_name alg, owner;
	struct tsig_rdata t;
	struct dns_rr rr;
	struct vars vars;
	uint8_t head[DNS_HEADER_LEN], reqlen[2], mac[TSIG_MAC_MAX];
	size_t mac_len = 0, off;

	memset(v, 0, sizeof(*v));
	v->server_time = -1;
	off = m->last_rr_off;
	if (!m->count[DNS_SEC_ADDITIONAL] || !off || !dnsmsg_read_rr(m->wire, m->len, &off, &rr) ||
	    rr.type != DNS_TYPE_TSIG)
		return verdict(v, TSIG_UNSIGNED);
	if (rr.class != DNS_CLASS_ANY || rr.ttl != 0 || off != m->len || !parse_rdata(&rr, &t))
		return verdict(v, TSIG_MALFORMED);
	v->error = t.error;
	v->server_time = (int64_t)t.time;
	if (t.error == 18 && t.other_len == 6)
		v->server_time = get48(t.other);
	v->skew = v->server_time - (int64_t)now;
	if (!dns_name_from_text(algs[key->alg].wire, &alg))
		return verdict(v, TSIG_MALFORMED);
	owner = rr.name;
	dns_name_lower(&owner);
	dns_name_lower(&t.alg);
	/* BADSIG and BADKEY come unsigned (§5.3.2): the server had no key to sign with. */
	if (t.mac_size == 0 && (t.error == 16 || t.error == 17))
		return verdict(v, t.error == 16 ? TSIG_BADSIG : TSIG_BADKEY);
	if (!dns_name_equal(&owner, &key->name) || !dns_name_equal(&t.alg, &alg))
		return verdict(v, TSIG_OTHER_KEY);
	/* No truncated MACs (§5.2.2.1): we never ask for them. */
	if (t.mac_size != algs[key->alg].mac_len || req_mac_len > TSIG_MAC_MAX)
		return verdict(v, TSIG_BAD_MAC);
	/* The reply as it was before the TSIG RR was added: ID = original ID, ARCOUNT - 1. */
	memcpy(head, m->wire, DNS_HEADER_LEN);
	put16(head, t.orig_id);
	put16(head + 10, (uint16_t)(m->count[DNS_SEC_ADDITIONAL] - 1));
	put16(reqlen, (uint16_t)req_mac_len);
	if (!make_vars(&vars, &t.alg, t.time, t.fudge, t.error, t.other, t.other_len))
		return verdict(v, TSIG_MALFORMED);
	{
		const struct piece pieces[] = {
		    {reqlen, 2},
		    {req_mac, req_mac_len},
		    {head, DNS_HEADER_LEN},
		    {m->wire + DNS_HEADER_LEN, m->last_rr_off - DNS_HEADER_LEN},
		    {owner.wire, owner.len},
		    {vars.buf, vars.len},
		};

		if (!hmac(key, pieces, sizeof(pieces) / sizeof(pieces[0]), mac, &mac_len) ||
		    mac_len != t.mac_size || CRYPTO_memcmp(mac, t.mac, mac_len))
			return verdict(v, TSIG_BAD_MAC);
	}
	if (t.error == 18)
		return verdict(v, TSIG_BADTIME);
	if (t.error)
		return verdict(v, TSIG_ERROR);
	if (v->skew > t.fudge || v->skew < -(int64_t)t.fudge)
		return verdict(v, TSIG_CLOCK);
	return verdict(v, TSIG_OK);
}

const char *tsig_explain(const struct tsig_verdict *v, const struct tsig_key *key, char *buf,
			 size_t size)
{
	char name[DNS_NAME_TEXT], rc[16];
	const char *alg = tsig_alg_name(key->alg);

	dns_name_text(&key->name, name);
	switch (v->status) {
	case TSIG_OK:
		snprintf(buf, size, "TSIG ok");
		break;
	case TSIG_UNSIGNED:
		snprintf(buf, size,
			 "the reply is not signed with TSIG; refused (forged, or a "
			 "server that does not know TSIG)");
		break;
	case TSIG_MALFORMED:
		snprintf(buf, size, "the reply's TSIG record is malformed; refused");
		break;
	case TSIG_OTHER_KEY:
		snprintf(buf, size, "the reply is signed with another key than %s (%s); refused",
			 name, alg);
		break;
	case TSIG_BAD_MAC:
		snprintf(buf, size,
			 "the reply's TSIG signature is wrong; refused (forged or "
			 "damaged on the way)");
		break;
	case TSIG_CLOCK:
		snprintf(buf, size,
			 "the clocks differ by more than %d s: the reply was signed at %" PRId64
			 ", %+" PRId64 " s from our clock; fix the clock (NTP) on one side",
			 TSIG_FUDGE, v->server_time, v->skew);
		break;
	case TSIG_BADSIG:
		snprintf(buf, size,
			 "wrong key: the server refused the signature (BADSIG); tsig-secret is not "
			 "the secret the server has for key %s (%s)",
			 name, alg);
		break;
	case TSIG_BADKEY:
		snprintf(buf, size,
			 "wrong key name: the server knows no key %s with algorithm %s (BADKEY); "
			 "check tsig-name and tsig-algorithm against the server's key",
			 name, alg);
		break;
	case TSIG_BADTIME:
		snprintf(buf, size,
			 "the clocks differ by more than %d s (BADTIME): the server's clock is "
			 "%+" PRId64 " s from ours; fix the clock (NTP) on one side",
			 TSIG_FUDGE, v->skew);
		break;
	case TSIG_ERROR:
	default:
		snprintf(buf, size, "the server answered with TSIG error %s",
			 dns_rcode_name(v->error, rc));
		break;
	}
	return buf;
}

bool tsig_status_permanent(enum tsig_status s)
{
	return s == TSIG_BADSIG || s == TSIG_BADKEY || s == TSIG_BADTIME || s == TSIG_CLOCK ||
	       s == TSIG_ERROR;
}
