// SPDX-License-Identifier: MIT
/* DNS wire format (RFC 1035 §4, RFC 2136 §2): names, building a query and an UPDATE, parsing a
 * reply without trusting any of its lengths, counts or compression pointers. Pure. */
#include "providers/dnsmsg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static char lower(uint8_t c)
{
	return (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

bool dns_name_from_text(const char *text, struct dns_name *out)
{
	size_t n = 0, i = 0, tlen = strlen(text);

	if (tlen && text[tlen - 1] == '.')
		tlen--;
	while (i < tlen) {
		size_t start = i;

		while (i < tlen && text[i] != '.') {
			unsigned char c = (unsigned char)text[i];

			if (c <= ' ' || c >= 0x7f || c == '\\')
				return false;
			i++;
		}
		if (i == start || i - start > 63 || n + 1 + (i - start) + 1 > DNS_NAME_WIRE)
			return false;
		out->wire[n++] = (uint8_t)(i - start);
		memcpy(out->wire + n, text + start, i - start);
		n += i - start;
		if (i < tlen)
			i++; /* the dot; a dot at the very end was cut above, so a label follows */
		if (i == tlen && text[i - 1] == '.')
			return false; /* "a..": an empty label before the final dot */
	}
	out->wire[n++] = 0;
	out->len = (uint8_t)n;
	return true;
}

const char *dns_name_text(const struct dns_name *n, char out[static DNS_NAME_TEXT])
{
	size_t i = 0, o = 0;

	if (n->len <= 1) {
		strcpy(out, ".");
		return out;
	}
	while (i < n->len && n->wire[i]) {
		size_t l = n->wire[i++];

		if (o)
			out[o++] = '.';
		for (size_t j = 0; j < l && i < n->len; j++, i++) {
			uint8_t c = n->wire[i];

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*')
				out[o++] = (char)c;
			else
				o += (size_t)snprintf(out + o, 5, "\\%03u", c);
		}
	}
	out[o] = '\0';
	return out;
}

bool dns_name_equal(const struct dns_name *a, const struct dns_name *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (lower(a->wire[i]) != lower(b->wire[i]))
			return false;
	return true;
}

bool dns_name_in(const struct dns_name *name, const struct dns_name *zone)
{
	size_t i = 0;

	if (!zone->len || zone->len > name->len)
		return false;
	/* Walk name's labels until what is left is as long as zone: only a label boundary
	 * may start the suffix (so "xexample.com" is not in "example.com"). */
	while (name->len - i > zone->len)
		i += 1 + (size_t)name->wire[i];
	if (name->len - i != zone->len)
		return false;
	for (size_t j = 0; j < zone->len; j++)
		if (lower(name->wire[i + j]) != lower(zone->wire[j]))
			return false;
	return true;
}

void dns_name_lower(struct dns_name *n)
{
	size_t i = 0;

	/* Only label bytes: a length byte of 65..90 must not change. */
	while (i < n->len && n->wire[i]) {
		size_t l = n->wire[i++];

		for (size_t j = 0; j < l && i < n->len; j++, i++)
			n->wire[i] = (uint8_t)lower(n->wire[i]);
	}
}

/* --- building --------------------------------------------------------------------------- */

struct out {
	uint8_t *buf;
	size_t cap, len;
	bool full;
};

static void put(struct out *o, const void *p, size_t n)
{
	if (o->full || o->cap - o->len < n) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static void put_u16(struct out *o, uint16_t v)
{
	uint8_t b[2];

	put16(b, v);
	put(o, b, 2);
}

static void put_u32(struct out *o, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};

	put(o, b, 4);
}

static void put_header(struct out *o, uint16_t id, uint16_t flags, uint16_t qd, uint16_t an,
		       uint16_t ns, uint16_t ar)
{
	put_u16(o, id);
	put_u16(o, flags);
	put_u16(o, qd);
	put_u16(o, an);
	put_u16(o, ns);
	put_u16(o, ar);
}

static bool name_ok(const struct dns_name *n)
{
	struct dns_name copy;
	size_t next;

	/* The same checks a reader makes: labels that add up to len, ending in the root. */
	return n && n->len >= 1 && dnsmsg_read_name(n->wire, n->len, 0, &copy, &next) &&
	       next == n->len;
}

static int done(struct out *o, size_t *len)
{
	if (o->full)
		return -EMSGSIZE;
	*len = o->len;
	return 0;
}

int dnsmsg_build_query(uint8_t *buf, size_t cap, uint16_t id, const struct dns_name *name,
		       uint16_t type, size_t *len)
{
	struct out o = {.buf = buf, .cap = cap};

	if (!name_ok(name))
		return -EINVAL;
	put_header(&o, id, DNS_OPCODE_QUERY << 11, 1, 0, 0, 0);
	put(&o, name->wire, name->len);
	put_u16(&o, type);
	put_u16(&o, DNS_CLASS_IN);
	return done(&o, len);
}

int dnsmsg_build_update(uint8_t *buf, size_t cap, uint16_t id, const struct dnsmsg_update *u,
			size_t *len)
{
	struct out o = {.buf = buf, .cap = cap};

	if (!name_ok(u->zone) || !name_ok(u->name) || !dns_name_in(u->name, u->zone) ||
	    (u->rdlen && !u->rdata) || u->ttl > INT32_MAX)
		return -EINVAL;
	/* ZOCOUNT 1, PRCOUNT 0, UPCOUNT 2, ADCOUNT 0 */
	put_header(&o, id, DNS_OPCODE_UPDATE << 11, 1, 0, 2, 0);
	put(&o, u->zone->wire, u->zone->len);
	put_u16(&o, DNS_TYPE_SOA);
	put_u16(&o, DNS_CLASS_IN);
	/* Delete the RRset of this type at name: class ANY, TTL 0, no RDATA (§2.5.2). */
	put(&o, u->name->wire, u->name->len);
	put_u16(&o, u->type);
	put_u16(&o, DNS_CLASS_ANY);
	put_u32(&o, 0);
	put_u16(&o, 0);
	/* Add the record (§2.5.1). Both in one message, so the replacement is atomic. */
	put(&o, u->name->wire, u->name->len);
	put_u16(&o, u->type);
	put_u16(&o, DNS_CLASS_IN);
	put_u32(&o, u->ttl);
	put_u16(&o, u->rdlen);
	if (u->rdlen)
		put(&o, u->rdata, u->rdlen);
	return done(&o, len);
}

/* --- parsing ---------------------------------------------------------------------------- */

bool dnsmsg_read_name(const uint8_t *wire, size_t len, size_t off, struct dns_name *out,
		      size_t *next)
{
	size_t pos = off, seg = off, n = 0;
	bool jumped = false;

	for (;;) {
		uint8_t c;

		if (pos >= len)
			return false;
		c = wire[pos];
		if ((c & 0xc0) == 0xc0) {
			size_t target;

			if (pos + 1 >= len)
				return false;
			target = (size_t)(c & 0x3f) << 8 | wire[pos + 1];
			/* Strictly before the labels that led here: each jump lands lower than
			 * the last, so a chain ends; loops and forward pointers fail. */
			if (target >= seg || target < DNS_HEADER_LEN)
				return false;
			if (!jumped)
				*next = pos + 2;
			jumped = true;
			pos = seg = target;
			continue;
		}
		if (c & 0xc0)
			return false; /* 01 (extended, RFC 6891 obsoleted) and 10: reserved */
		if (n + 1 + c > DNS_NAME_WIRE || pos + 1 + c > len)
			return false;
		out->wire[n++] = c;
		if (!c)
			break;
		memcpy(out->wire + n, wire + pos + 1, c);
		n += c;
		pos += 1 + (size_t)c;
	}
	out->len = (uint8_t)n;
	if (!jumped)
		*next = pos + 1;
	return true;
}

bool dnsmsg_read_rr(const uint8_t *wire, size_t len, size_t *off, struct dns_rr *rr)
{
	size_t p;

	rr->off = *off;
	if (!dnsmsg_read_name(wire, len, *off, &rr->name, &p) || len - p < 10)
		return false;
	rr->type = get16(wire + p);
	rr->class = get16(wire + p + 2);
	rr->ttl = (uint32_t)get16(wire + p + 4) << 16 | get16(wire + p + 6);
	rr->rdlen = get16(wire + p + 8);
	p += 10;
	if (len - p < rr->rdlen)
		return false;
	rr->rdata = wire + p;
	rr->rdata_off = p;
	*off = p + rr->rdlen;
	return true;
}

__attribute__((format(printf, 3, 4))) static bool why_set(char *why, size_t whylen, const char *fmt,
							  ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return false;
}

bool dnsmsg_parse(const uint8_t *wire, size_t len, struct dns_msg *m, char *why, size_t whylen)
{
	static const char *const names[] = {"question", "answer", "authority", "additional"};
	size_t off = DNS_HEADER_LEN;

	memset(m, 0, sizeof(*m));
	if (len < DNS_HEADER_LEN)
		return why_set(why, whylen, "DNS message of %zu bytes: shorter than a header", len);
	if (len > DNS_MSG_MAX)
		return why_set(why, whylen, "DNS message of %zu bytes: too long", len);
	m->wire = wire;
	m->len = len;
	m->id = get16(wire);
	m->flags = get16(wire + 2);
	for (int s = 0; s < 4; s++)
		m->count[s] = get16(wire + 4 + 2 * s);
	if (m->count[DNS_SEC_QUESTION] > 1)
		return why_set(why, whylen, "DNS message with %u questions",
			       (unsigned)m->count[DNS_SEC_QUESTION]);
	m->sec_off[DNS_SEC_QUESTION] = off;
	if (m->count[DNS_SEC_QUESTION]) {
		if (!dnsmsg_read_name(wire, len, off, &m->q.name, &off) || len - off < 4)
			return why_set(why, whylen, "DNS message: bad question at offset %d",
				       DNS_HEADER_LEN);
		m->q.type = get16(wire + off);
		m->q.class = get16(wire + off + 2);
		off += 4;
		m->has_question = true;
	}
	for (int s = DNS_SEC_ANSWER; s <= DNS_SEC_ADDITIONAL; s++) {
		m->sec_off[s] = off;
		for (unsigned i = 0; i < m->count[s]; i++) {
			struct dns_rr rr;
			size_t at = off;

			if (!dnsmsg_read_rr(wire, len, &off, &rr))
				return why_set(why, whylen,
					       "DNS message: bad %s record %u at offset %zu",
					       names[s], i + 1, at);
			m->last_rr_off = at;
		}
	}
	if (off != len)
		return why_set(why, whylen, "DNS message: %zu bytes after the last record",
			       len - off);
	return true;
}

bool dnsmsg_rr_at(const struct dns_msg *m, enum dns_section sec, unsigned i, struct dns_rr *rr)
{
	size_t off;

	if (sec == DNS_SEC_QUESTION || i >= m->count[sec])
		return false;
	off = m->sec_off[sec];
	/* dnsmsg_parse has read every RR already: these reads cannot fail. */
	for (unsigned k = 0; k <= i; k++)
		if (!dnsmsg_read_rr(m->wire, m->len, &off, rr))
			return false;
	return true;
}

const char *dns_rcode_name(unsigned rcode, char buf[static 16])
{
	static const char *const names[] = {
	    "NOERROR",	"FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",  "REFUSED",
	    "YXDOMAIN", "YXRRSET", "NXRRSET",  "NOTAUTH",  "NOTZONE",
	};
	static const char *const tsig[] = {"BADSIG",  "BADKEY", "BADTIME", "BADMODE",
					   "BADNAME", "BADALG", "BADTRUNC"};

	if (rcode < sizeof(names) / sizeof(names[0]))
		return names[rcode];
	if (rcode >= 16 && rcode <= 22)
		return tsig[rcode - 16];
	snprintf(buf, 16, "RCODE%u", rcode & 0xffff);
	return buf;
}

unsigned dnsmsg_answers(const struct dns_msg *m, const struct dns_name *name, uint16_t type,
			struct dns_rr *rrs, unsigned max)
{
	unsigned n = 0;
	struct dns_rr rr;
	size_t off = m->sec_off[DNS_SEC_ANSWER];

	for (unsigned i = 0; i < m->count[DNS_SEC_ANSWER]; i++) {
		if (!dnsmsg_read_rr(m->wire, m->len, &off, &rr))
			break;
		if (rr.type != type || rr.class != DNS_CLASS_IN || !dns_name_equal(&rr.name, name))
			continue;
		if (n < max)
			rrs[n] = rr;
		n++;
	}
	return n;
}

bool dnsmsg_soa_zone(const struct dns_msg *m, struct dns_name *zone)
{
	struct dns_rr rr;
	size_t off = m->sec_off[DNS_SEC_ANSWER];
	unsigned total = m->count[DNS_SEC_ANSWER] + m->count[DNS_SEC_AUTHORITY];

	if (!m->has_question)
		return false;
	for (unsigned i = 0; i < total; i++) {
		if (!dnsmsg_read_rr(m->wire, m->len, &off, &rr))
			return false;
		/* An SOA for a name that is not a parent of the question would be a lie. */
		if (rr.type == DNS_TYPE_SOA && rr.class == DNS_CLASS_IN &&
		    dns_name_in(&m->q.name, &rr.name)) {
			*zone = rr.name;
			return true;
		}
	}
	return false;
}

bool dnsmsg_is_reply_to(const uint8_t *req, size_t req_len, const struct dns_msg *reply)
{
	struct dns_name qname;
	size_t off;

	if (req_len < DNS_HEADER_LEN || !(reply->flags & DNS_FLAG_QR) || reply->id != get16(req) ||
	    dnsmsg_opcode(reply) != ((get16(req + 2) >> 11) & 0x0f))
		return false;
	if (!get16(req + 4))
		return !reply->has_question;
	if (!reply->has_question)
		return dnsmsg_rcode(reply) == DNS_RCODE_FORMERR ||
		       dnsmsg_rcode(reply) == DNS_RCODE_NOTIMP;
	if (!dnsmsg_read_name(req, req_len, DNS_HEADER_LEN, &qname, &off) || req_len - off < 4)
		return false;
	return dns_name_equal(&qname, &reply->q.name) && get16(req + off) == reply->q.type &&
	       get16(req + off + 2) == reply->q.class;
}
