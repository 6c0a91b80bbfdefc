/* SPDX-License-Identifier: MIT */
/* Alibaba Cloud DNS (alidns 2015-01-09) JSON replies: error classes, lookup and write results. */
#ifndef DDNSD_ALIDNS_REPLY_H
#define DDNSD_ALIDNS_REPLY_H

#include "providers/apireply.h"
#include "providers/provider.h"

#define ALIDNS_REPLY_ID_LEN    21 /* RecordId: up to 20 decimal digits (2^64) + NUL */
#define ALIDNS_REPLY_VALUE_LEN 256
#define ALIDNS_REPLY_LINE_LEN  64
#define ALIDNS_DEFAULT_TTL     600 /* what Add/UpdateDomainRecord set when sent no TTL */

/* The codes behind the classes: APIREPLY_EXISTS is DomainRecordDuplicate (the record already
 * holds this value), APIREPLY_STALE_ID DomainRecordNotBelongToUser, clock_skew
 * InvalidTimeStamp.Expired (x-acs-date is off by more than 15 minutes); NOT_FOUND is never
 * returned (an empty look-up is APIREPLY_OK with matches == 0). */
struct alidns_reply {
	struct apireply api; /* the class; the error envelope {"Code","Message","RequestId"} */
	/* DescribeSubDomainRecords */
	long long total_count; /* TotalCount, -1 when absent (pages: PageNumber*PageSize) */
	unsigned matches;      /* records on this page with the wanted name and type */
	/* The first match (lookup) or the record written (add/update) */
	char record_id[ALIDNS_REPLY_ID_LEN]; /* decimal digits only */
	char value[ALIDNS_REPLY_VALUE_LEN];
	char line[ALIDNS_REPLY_LINE_LEN];
	long ttl; /* -1 when absent */
	/* DescribeDomainRecords: the page's records of any kind (an empty page ends the paging);
	 * 0, or -E2BIG / -ENOMEM when the list could not take a record */
	unsigned page_n;
	int list_err;
};

/* Classify any reply by its error envelope {"Code","Message","RequestId"} and HTTP status.
 * APIREPLY_OK: a 2xx JSON object without an error code (fields not checked further). */
enum apireply_class alidns_reply_parse_status(long status, const char *body, size_t len,
					      struct alidns_reply *out);
/* DescribeSubDomainRecords: find the record whose type equals type and whose full name
 * (RR "." DomainName, or DomainName for RR "@") equals name; both compares ignore case and
 * a trailing dot. APIREPLY_OK with matches == 0 means "not found: add it". */
enum apireply_class alidns_reply_parse_lookup(long status, const char *body, size_t len,
					      const char *name, const char *type,
					      struct alidns_reply *out);
/* DescribeDomainRecords, one page: each record of fam's type goes into list, named by
 * prov_fqdn(RR "." DomainName) (DomainName alone for RR "@"), with its RecordId and its Value
 * when that is an address of fam (else AF_UNSPEC). A record on a line other than "default", or
 * with a TTL other than ALIDNS_DEFAULT_TTL and ttl (0: none), goes in with AF_UNSPEC too: a
 * write that does not read it first would reset them. Records without a usable name or
 * RecordId are left out. page_n counts the page's records, total_count is TotalCount. */
enum apireply_class alidns_reply_parse_list(long status, const char *body, size_t len, enum fam fam,
					    long ttl, struct prov_list *list,
					    struct alidns_reply *out);
/* AddDomainRecord / UpdateDomainRecord: {"RecordId","RequestId"} into record_id. */
enum apireply_class alidns_reply_parse_write(long status, const char *body, size_t len,
					     struct alidns_reply *out);

#endif
