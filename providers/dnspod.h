/* SPDX-License-Identifier: MIT */
/* Tencent Cloud DNSPod (API 3.0, 2021-03-23, TC3-HMAC-SHA256): find the record, compare, write. */
#ifndef DDNSD_DNSPOD_H
#define DDNSD_DNSPOD_H

#include "providers/provider.h"

#define DNSPOD_ENDPOINT "https://dnspod.tencentcloudapi.com"
#define DNSPOD_VERSION	"2021-03-23"
#define DNSPOD_SERVICE	"dnspod"
/* Sent and signed as is; sign_tc3 lower-cases it for the signature, so keep it lower case. */
#define DNSPOD_CONTENT_TYPE "application/json"
#define DNSPOD_DEFAULT_LINE "\xe9\xbb\x98\xe8\xae\xa4" /* "默认" (default), UTF-8 */

/* Steps of a DNSPod job (prov_job.step); 0 = start: the look-up, or a bulk read (job->list),
 * a create (job->absent) or a modify (job->direct) the agent knows to be needed. */
enum dnspod_step {
	DP_START = 0,
	DP_FIND,   /* DescribeRecordList {Domain, Subdomain, RecordType, Limit} */
	DP_CREATE, /* CreateRecord {Domain, SubDomain, RecordType, RecordLine, Value[, TTL]} */
	DP_MODIFY, /* ModifyRecord {..., RecordLine[, RecordLineId], Value, RecordId[, TTL]} */
	DP_LIST,   /* a bulk read: DescribeRecordList {Domain, RecordType, Offset, Limit} */
};

extern const struct provider_ops dnspod_ops;

#endif
