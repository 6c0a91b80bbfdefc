// SPDX-License-Identifier: MIT
/* libFuzzer: alidns reply parsers. Byte 0 picks the HTTP status, byte 1 the wanted name (bits
 * 0-1), the family a page of a bulk read is read for (bit 2) and its configured TTL (bit 3). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/alidns_reply.h"

static const long statuses[] = {200, 400, 403, 404, 429, 500, 503, 301};
static const char *const names[] = {"home.example.com", "example.com", "a.www.example.com.", ""};

static void check(const struct alidns_reply *r)
{
	if (r->api.cls > APIREPLY_MALFORMED || strlen(r->api.code) >= sizeof(r->api.code) ||
	    strlen(r->api.message) >= sizeof(r->api.message) ||
	    strlen(r->api.request_id) >= sizeof(r->api.request_id) ||
	    strlen(r->value) >= sizeof(r->value) || strlen(r->line) >= sizeof(r->line))
		abort();
	/* An id handed back is always plain digits. */
	if (strspn(r->record_id, "0123456789") != strlen(r->record_id))
		abort();
	if (r->api.cls != APIREPLY_OK && r->matches)
		abort();
	if (r->matches && !r->record_id[0])
		abort();
}

/* What a page gave the list: named, digit ids, of the family read, never more than the page. */
static void check_list(const struct alidns_reply *r, const struct prov_list *l, enum fam fam)
{
	check(r);
	if (l->n > r->page_n || r->matches || (r->api.cls != APIREPLY_OK && l->n))
		abort();
	for (size_t i = 0; i < l->n; i++) {
		const struct prov_listed *e = &l->v[i];

		if (e->fam != fam || !e->name[0] || !e->id[0] ||
		    strspn(e->id, "0123456789") != strlen(e->id) ||
		    (e->addr.family != AF_UNSPEC && e->addr.family != fam_to_af(fam)))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct alidns_reply r;
	struct prov_list list = {0};
	enum fam fam;
	long ttl;
	long status;
	const char *name;

	if (size < 2)
		return 0;
	status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
	name = names[data[1] % (sizeof(names) / sizeof(names[0]))];
	fam = data[1] & 4 ? FAM_V6 : FAM_V4;
	ttl = data[1] & 8 ? 60 : 0;
	data += 2;
	size -= 2;
	alidns_reply_parse_status(status, (const char *)data, size, &r);
	check(&r);
	alidns_reply_parse_lookup(status, (const char *)data, size, name, "A", &r);
	check(&r);
	alidns_reply_parse_write(status, (const char *)data, size, &r);
	check(&r);
	list.fams = 1u << fam;
	alidns_reply_parse_list(status, (const char *)data, size, fam, ttl, &list, &r);
	check_list(&r, &list, fam);
	prov_list_free(&list);
	return 0;
}
