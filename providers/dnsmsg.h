/* SPDX-License-Identifier: MIT */
/* DNS messages (RFC 1035, RFC 2136): names, a query and an UPDATE built, replies parsed. Pure. */
#ifndef DDNSD_DNSMSG_H
#define DDNSD_DNSMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_HEADER_LEN	  12
#define DNS_NAME_WIRE	  255  /* longest name in wire form, root label included */
#define DNS_NAME_TEXT	  1024 /* dns_name_text() buffer: 255 bytes as \DDD and dots */
#define DNS_UDP_MAX	  512  /* a UDP message without EDNS (RFC 1035 §4.2.1) */
#define DNS_MSG_MAX	  65535
#define DNS_FLAG_QR	  0x8000
#define DNS_FLAG_AA	  0x0400
#define DNS_FLAG_TC	  0x0200
#define DNS_OPCODE_QUERY  0
#define DNS_OPCODE_UPDATE 5

enum dns_type {
	DNS_TYPE_A = 1,
	DNS_TYPE_NS = 2,
	DNS_TYPE_CNAME = 5,
	DNS_TYPE_SOA = 6,
	DNS_TYPE_AAAA = 28,
	DNS_TYPE_OPT = 41,
	DNS_TYPE_TSIG = 250,
	DNS_TYPE_ANY = 255,
};

enum dns_class { DNS_CLASS_IN = 1, DNS_CLASS_NONE = 254, DNS_CLASS_ANY = 255 };

enum dns_rcode {
	DNS_RCODE_NOERROR = 0,
	DNS_RCODE_FORMERR = 1,
	DNS_RCODE_SERVFAIL = 2,
	DNS_RCODE_NXDOMAIN = 3,
	DNS_RCODE_NOTIMP = 4,
	DNS_RCODE_REFUSED = 5,
	DNS_RCODE_YXDOMAIN = 6,
	DNS_RCODE_YXRRSET = 7,
	DNS_RCODE_NXRRSET = 8,
	DNS_RCODE_NOTAUTH = 9,
	DNS_RCODE_NOTZONE = 10,
};

/* A name in uncompressed wire form, root label included ("\4home\7example\3com\0"). */
struct dns_name {
	uint8_t len; /* 1 (the root) .. DNS_NAME_WIRE */
	uint8_t wire[DNS_NAME_WIRE];
};

struct dns_question {
	struct dns_name name;
	uint16_t type, class;
};

/* One resource record; rdata points into the parsed message. */
struct dns_rr {
	struct dns_name name;
	uint16_t type, class;
	uint32_t ttl;
	uint16_t rdlen;
	const uint8_t *rdata;
	size_t off;	  /* where the RR starts in the message */
	size_t rdata_off; /* where its RDATA starts */
};

enum dns_section { DNS_SEC_QUESTION, DNS_SEC_ANSWER, DNS_SEC_AUTHORITY, DNS_SEC_ADDITIONAL };

/* A parsed message: a view of the caller's buffer, which must outlive it. */
struct dns_msg {
	const uint8_t *wire;
	size_t len;
	uint16_t id, flags;
	uint16_t count[4]; /* by enum dns_section */
	bool has_question; /* count[DNS_SEC_QUESTION] == 1 (never more: refused) */
	struct dns_question q;
	size_t sec_off[4];  /* where each section starts */
	size_t last_rr_off; /* start of the last RR (TSIG must be it), 0 when there is none */
};

/* Names */

/* Text ("home.example.com", trailing dot optional; "." or "" is the root) to wire form. Labels
 * of 1..63 printable ASCII bytes other than '\' and blanks. False when the text is no name. */
bool dns_name_from_text(const char *text, struct dns_name *out);
/* Text without the trailing dot ("." for the root); bytes other than letters, digits, '-', '_'
 * and '*' as \DDD, so the result is always printable. Returns out. */
const char *dns_name_text(const struct dns_name *n, char out[static DNS_NAME_TEXT]);
/* Equal ignoring ASCII case. */
bool dns_name_equal(const struct dns_name *a, const struct dns_name *b);
/* name is zone or a name below it (ASCII case ignored, whole labels). */
bool dns_name_in(const struct dns_name *name, const struct dns_name *zone);
/* ASCII letters lower-cased in place (the canonical form TSIG MACs, RFC 8945 §4.3.3). */
void dns_name_lower(struct dns_name *n);

/* Building: no compression (our messages are small). 0, -EINVAL, -EMSGSIZE (cap too small). */

/* A query (QR=0, opcode QUERY, RD=0: we ask the primary itself) for name/type, class IN. */
int dnsmsg_build_query(uint8_t *buf, size_t cap, uint16_t id, const struct dns_name *name,
		       uint16_t type, size_t *len);

/* "Replace the RRset of type at name by one record" (RFC 2136 §2.5): zone section, no
 * prerequisite, update = delete RRset (class ANY) + add (class IN, ttl, rdata). */
struct dnsmsg_update {
	const struct dns_name *zone;
	const struct dns_name *name;
	uint16_t type;
	uint32_t ttl;
	const uint8_t *rdata;
	uint16_t rdlen;
};
int dnsmsg_build_update(uint8_t *buf, size_t cap, uint16_t id, const struct dnsmsg_update *u,
			size_t *len);

/* Parsing: never trusts a length, count or pointer. */

/* Read the name at off, following compression pointers: a pointer must point before the labels
 * that hold it (so no loop and no forward pointer), never into the header; labels of the
 * reserved types 01 and 10 are refused. *next is the offset just after the name where it sits. */
bool dnsmsg_read_name(const uint8_t *wire, size_t len, size_t off, struct dns_name *out,
		      size_t *next);
/* Read the RR at *off and advance *off past it. */
bool dnsmsg_read_rr(const uint8_t *wire, size_t len, size_t *off, struct dns_rr *rr);
/* Parse and check a whole message: the header, at most one question, then every RR of the
 * counted sections, ending exactly at len. False with why (may be NULL) filled otherwise. */
bool dnsmsg_parse(const uint8_t *wire, size_t len, struct dns_msg *m, char *why, size_t whylen);
/* The i-th RR (0-based) of a section of a parsed message; false past its end. */
bool dnsmsg_rr_at(const struct dns_msg *m, enum dns_section sec, unsigned i, struct dns_rr *rr);

static inline unsigned dnsmsg_rcode(const struct dns_msg *m)
{
	return m->flags & 0x0f;
}
static inline unsigned dnsmsg_opcode(const struct dns_msg *m)
{
	return (m->flags >> 11) & 0x0f;
}
/* "NOERROR", "SERVFAIL", ..., "BADSIG" (TSIG errors 16..22 too), else "RCODE<n>". buf: 16. */
const char *dns_rcode_name(unsigned rcode, char buf[static 16]);

/* Of the answer section: the records of name/type (class IN), as found; returns how many there
 * are (only the first max are copied to rrs, which may be NULL when max is 0). */
unsigned dnsmsg_answers(const struct dns_msg *m, const struct dns_name *name, uint16_t type,
			struct dns_rr *rrs, unsigned max);
/* The zone that holds the question's name, from an SOA in the answer (the name is the apex) or
 * the authority section (negative or referral-free answers of an authoritative server). */
bool dnsmsg_soa_zone(const struct dns_msg *m, struct dns_name *zone);
/* The reply answers the request: QR set, same ID, same opcode, and the same question (name with
 * case ignored, type, class). A reply without a question is accepted only with an error RCODE
 * (FORMERR, NOTIMP: servers may drop what they did not understand). */
bool dnsmsg_is_reply_to(const uint8_t *req, size_t req_len, const struct dns_msg *reply);

#endif
