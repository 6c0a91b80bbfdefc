/* SPDX-License-Identifier: MIT */
/* Cloudflare API v4 DNS records: find the zone and record, compare, update or create. */
#ifndef DDNSD_CLOUDFLARE_H
#define DDNSD_CLOUDFLARE_H

#include "providers/provider.h"

#define CLOUDFLARE_ENDPOINT "https://api.cloudflare.com/client/v4"

/* Steps of a Cloudflare job (prov_job.step); 0 = start (chosen from the known ids). */
enum cloudflare_step {
	CF_START = 0,
	CF_ZONE,   /* GET /zones?name=CANDIDATE */
	CF_GET,	   /* GET /zones/ZID/dns_records/RID (record id from the state file) */
	CF_FIND,   /* GET /zones/ZID/dns_records?type=T&name.exact=NAME&per_page=100 */
	CF_CREATE, /* POST /zones/ZID/dns_records */
	CF_PATCH,  /* PATCH /zones/ZID/dns_records/RID */
	CF_LIST,   /* GET /zones/ZID/dns_records?type=T&per_page=500&page=P (a bulk read) */
	CF_ZONES,  /* GET /zones?per_page=50&page=P (the account's zones, job->zones) */
};

extern const struct provider_ops cloudflare_ops;

#endif
