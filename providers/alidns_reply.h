/* SPDX-License-Identifier: MIT */
/* Alibaba Cloud DNS (alidns 2015-01-09) JSON replies: error classes, lookup and write results. */
#ifndef DDNSD_ALIDNS_REPLY_H
#define DDNSD_ALIDNS_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#define ALIDNS_REPLY_CODE_LEN  64
#define ALIDNS_REPLY_MSG_LEN   192
#define ALIDNS_REPLY_REQID_LEN 64
#define ALIDNS_REPLY_ID_LEN    21 /* RecordId: up to 20 decimal digits (2^64) + NUL */
#define ALIDNS_REPLY_VALUE_LEN 256
#define ALIDNS_REPLY_LINE_LEN  64

enum alidns_reply_class {
	ALIDNS_REPLY_OK,	/* success: the action's fields below are filled */
	ALIDNS_REPLY_DUPLICATE, /* DomainRecordDuplicate: the record already holds this value */
	ALIDNS_REPLY_STALE_ID,	/* DomainRecordNotBelongToUser: no such record id; look up again */
	ALIDNS_REPLY_TRANSIENT, /* throttled, 5xx, nonce reused: retry with backoff */
	ALIDNS_REPLY_AUTH,	/* key unknown or disabled, signature refused, RAM denied: stop */
	ALIDNS_REPLY_PERMANENT, /* any other refusal (zone, parameter, clock): stop */
	ALIDNS_REPLY_MALFORMED, /* a 2xx reply that is not the documented JSON */
};

struct alidns_reply {
	enum alidns_reply_class cls;
	bool clock_skew; /* InvalidTimeStamp.Expired: x-acs-date is off by more than 15 min */
	/* From the error envelope ("" when absent). Control bytes are replaced by '?';
	 * truncation never splits a UTF-8 sequence. */
	char code[ALIDNS_REPLY_CODE_LEN];
	char message[ALIDNS_REPLY_MSG_LEN];
	char request_id[ALIDNS_REPLY_REQID_LEN];
	/* DescribeSubDomainRecords */
	long long total_count; /* TotalCount, -1 when absent (pages: PageNumber*PageSize) */
	unsigned matches;      /* records on this page with the wanted name and type */
	/* The first match (lookup) or the record written (add/update) */
	char record_id[ALIDNS_REPLY_ID_LEN]; /* decimal digits only */
	char value[ALIDNS_REPLY_VALUE_LEN];
	char line[ALIDNS_REPLY_LINE_LEN];
	long ttl; /* -1 when absent */
};

/* Classify any reply by its error envelope {"Code","Message","RequestId"} and HTTP status.
 * ALIDNS_REPLY_OK: a 2xx JSON object without an error code (fields not checked further). */
enum alidns_reply_class alidns_reply_parse_status(long status, const char *body, size_t len,
						  struct alidns_reply *out);
/* DescribeSubDomainRecords: find the record whose type equals type and whose full name
 * (RR "." DomainName, or DomainName for RR "@") equals name; both compares ignore case and
 * a trailing dot. ALIDNS_REPLY_OK with matches == 0 means "not found: add it". */
enum alidns_reply_class alidns_reply_parse_lookup(long status, const char *body, size_t len,
						  const char *name, const char *type,
						  struct alidns_reply *out);
/* AddDomainRecord / UpdateDomainRecord: {"RecordId","RequestId"} into record_id. */
enum alidns_reply_class alidns_reply_parse_write(long status, const char *body, size_t len,
						 struct alidns_reply *out);

#endif
