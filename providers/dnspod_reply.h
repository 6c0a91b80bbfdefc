/* SPDX-License-Identifier: MIT */
/* Tencent Cloud DNSPod API 3.0 (2021-03-23) JSON replies: error classes, lookup and writes. */
#ifndef DDNSD_DNSPOD_REPLY_H
#define DDNSD_DNSPOD_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNSPOD_REPLY_CODE_LEN	 64
#define DNSPOD_REPLY_MSG_LEN	 192
#define DNSPOD_REPLY_REQID_LEN	 64
#define DNSPOD_REPLY_VALUE_LEN	 256
#define DNSPOD_REPLY_LINE_LEN	 64 /* "默认" and other line names, UTF-8 */
#define DNSPOD_REPLY_LINE_ID_LEN 32

enum dnspod_reply_class {
	DNSPOD_REPLY_OK,	/* success: the action's fields below are filled */
	DNSPOD_REPLY_NOT_FOUND, /* ResourceNotFound.NoDataOfRecord: no such record; create it */
	DNSPOD_REPLY_EXISTS,	/* InvalidParameter.DomainRecordExist: re-read and compare */
	DNSPOD_REPLY_STALE_ID,	/* InvalidParameter.RecordIdInvalid: look the record up again */
	DNSPOD_REPLY_TRANSIENT, /* throttled, internal error, 5xx: retry with backoff */
	DNSPOD_REPLY_AUTH,	/* AuthFailure.*, UnauthorizedOperation*, OperationDenied*: stop */
	DNSPOD_REPLY_PERMANENT, /* any other refusal (zone, parameter, TTL, clock): stop */
	DNSPOD_REPLY_MALFORMED, /* a 2xx reply that is not the documented JSON */
};

struct dnspod_reply {
	enum dnspod_reply_class cls;
	bool clock_skew; /* AuthFailure.SignatureExpire: the clock is off by over 5 minutes */
	/* From Response.Error / Response.RequestId ("" when absent). Control bytes are replaced
	 * by '?'; truncation never splits a UTF-8 sequence. */
	char code[DNSPOD_REPLY_CODE_LEN];
	char message[DNSPOD_REPLY_MSG_LEN];
	char request_id[DNSPOD_REPLY_REQID_LEN];
	/* DescribeRecordList */
	long long total_count; /* RecordCountInfo.TotalCount, -1 when absent */
	unsigned matches;      /* records in RecordList with the wanted label and type */
	/* The first match (lookup) or the record written (create/modify) */
	uint64_t record_id; /* 0 when none (DNSPod ids start at 1) */
	char value[DNSPOD_REPLY_VALUE_LEN];
	char line[DNSPOD_REPLY_LINE_LEN];
	char line_id[DNSPOD_REPLY_LINE_ID_LEN];
	long ttl; /* -1 when absent */
};

/* Classify any reply: Response.Error.Code first (HTTP is 200 even for errors), then the
 * status. DNSPOD_REPLY_OK: a 2xx {"Response":{...}} without Error (fields not checked). */
enum dnspod_reply_class dnspod_reply_parse_status(long status, const char *body, size_t len,
						  struct dnspod_reply *out);
/* DescribeRecordList: find the item whose Name equals label ("www", "@" for the apex;
 * case-insensitive) and whose Type equals type. DNSPOD_REPLY_OK with matches == 0, or
 * DNSPOD_REPLY_NOT_FOUND, both mean "not found: create it". */
enum dnspod_reply_class dnspod_reply_parse_lookup(long status, const char *body, size_t len,
						  const char *label, const char *type,
						  struct dnspod_reply *out);
/* CreateRecord / ModifyRecord / ModifyDynamicDNS: Response.RecordId into record_id. */
enum dnspod_reply_class dnspod_reply_parse_write(long status, const char *body, size_t len,
						 struct dnspod_reply *out);

#endif
