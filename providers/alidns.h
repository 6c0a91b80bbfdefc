/* SPDX-License-Identifier: MIT */
/* Alibaba Cloud DNS (alidns 2015-01-09, ACS3-HMAC-SHA256): find the record, compare, write. */
#ifndef DDNSD_ALIDNS_H
#define DDNSD_ALIDNS_H

#include "providers/provider.h"

#define ALIDNS_ENDPOINT "https://alidns.aliyuncs.com"
#define ALIDNS_VERSION	"2015-01-09"

/* Steps of an alidns job (prov_job.step); 0 = start: the look-up, or for a bulk read the list,
 * for a record the agent knows to be missing the add, for one it knows the id of the update. */
enum alidns_step {
	ALI_START = 0,
	ALI_FIND,   /* DescribeSubDomainRecords SubDomain=FQDN DomainName=ZONE Type=T */
	ALI_ADD,    /* AddDomainRecord DomainName RR Type Value [TTL] */
	ALI_UPDATE, /* UpdateDomainRecord RecordId RR Type Value [TTL] [Line] */
	ALI_LIST,   /* DescribeDomainRecords DomainName TypeKeyWord PageNumber PageSize=500 */
};

extern const struct provider_ops alidns_ops;

#endif
