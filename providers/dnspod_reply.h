/* SPDX-License-Identifier: MIT */
/* Tencent Cloud DNSPod API 3.0 (2021-03-23) JSON replies: error classes, lookup and writes. */
#ifndef DDNSD_DNSPOD_REPLY_H
#define DDNSD_DNSPOD_REPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "providers/apireply.h"

#define DNSPOD_REPLY_VALUE_LEN	 256
#define DNSPOD_REPLY_LINE_LEN	 64 /* "默认" and other line names, UTF-8 */
#define DNSPOD_REPLY_LINE_ID_LEN 32

/* The codes behind the classes: APIREPLY_NOT_FOUND is ResourceNotFound.NoDataOfRecord (no
 * such record: create it), APIREPLY_EXISTS InvalidParameter.DomainRecordExist (re-read and
 * compare), APIREPLY_STALE_ID InvalidParameter.RecordIdInvalid, APIREPLY_AUTH AuthFailure.*,
 * UnauthorizedOperation*, OperationDenied*; clock_skew AuthFailure.SignatureExpire (the clock
 * is off by over 5 minutes). */
struct dnspod_reply {
	struct apireply api; /* the class; Response.Error {Code, Message} and Response.RequestId */
	/* DescribeRecordList */
	long long total_count; /* RecordCountInfo.TotalCount, -1 when absent */
	unsigned listed;       /* items in RecordList, of any shape (a bulk read's paging) */
	unsigned matches;      /* records in RecordList with the wanted label and type */
	/* The first match (lookup) or the record written (create/modify) */
	uint64_t record_id; /* 0 when none (DNSPod ids start at 1) */
	char value[DNSPOD_REPLY_VALUE_LEN];
	char line[DNSPOD_REPLY_LINE_LEN];
	char line_id[DNSPOD_REPLY_LINE_ID_LEN];
	bool default_line; /* as dnspod_item.default_line */
	long ttl;	   /* -1 when absent */
};

/* Classify any reply: Response.Error.Code first (HTTP is 200 even for errors), then the
 * status. APIREPLY_OK: a 2xx {"Response":{...}} without Error (fields not checked). */
enum apireply_class dnspod_reply_parse_status(long status, const char *body, size_t len,
					      struct dnspod_reply *out);
/* DescribeRecordList: find the item whose Name equals label ("www", "@" for the apex;
 * case-insensitive) and whose Type equals type. APIREPLY_OK with matches == 0, or
 * APIREPLY_NOT_FOUND, both mean "not found: create it". */
enum apireply_class dnspod_reply_parse_lookup(long status, const char *body, size_t len,
					      const char *label, const char *type,
					      struct dnspod_reply *out);
/* One record of a DescribeRecordList page; the strings live only during the callback. */
struct dnspod_item {
	uint64_t record_id;
	const char *name;  /* Name as the API gives it: "www", "a.www", "@" (the apex) */
	const char *value; /* Value, unchecked */
	bool default_line; /* LineId "0" (or, without a LineId, Line 默认/Default or none) */
	long ttl;	   /* -1 when absent or odd */
};
typedef bool (*dnspod_list_fn)(void *arg, const struct dnspod_item *it);
/* DescribeRecordList read in pages (a bulk read): each item of RecordList whose Type is type
 * and that has a RecordId, a Name and a Value goes to fn, in order, until fn returns false;
 * listed counts every item, matches those given to fn. APIREPLY_NOT_FOUND
 * (ResourceNotFound.NoDataOfRecord) is an empty result. */
enum apireply_class dnspod_reply_parse_list(long status, const char *body, size_t len,
					    const char *type, dnspod_list_fn fn, void *arg,
					    struct dnspod_reply *out);
/* CreateRecord / ModifyRecord / ModifyDynamicDNS: Response.RecordId into record_id. */
enum apireply_class dnspod_reply_parse_write(long status, const char *body, size_t len,
					     struct dnspod_reply *out);

#endif
