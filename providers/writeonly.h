/* SPDX-License-Identifier: MIT */
/* What the write-only providers (dyndns2, DuckDNS, FreeDNS, custom) share in build and parse. */
#ifndef DDNSD_WRITEONLY_H
#define DDNSD_WRITEONLY_H

#include "providers/provider.h"

/* Add "User-Agent: ddnsd/VERSION CONTACT" (job->contact, else DDNSD_URL), the form No-IP
 * asks of clients. 0, -ENOMEM, -EINVAL (a control byte in the contact). */
int writeonly_user_agent(const struct prov_job *job, struct prov_request *req);
/* The job's record name as sent (lower case, punycode, no trailing dot); false if unusable. */
bool writeonly_name(const struct prov_job *job, char out[static 256]);
/* A final result for the job, and for a paired job the same for IPv6 in job->pair_out; the
 * message gets "TYPE NAME ADDR" prefixed by the caller's format. Returns res. */
enum prov_result writeonly_end(struct prov_job *job, struct prov_outcome *out, enum prov_result res,
			       const struct secret *secret, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* "A home.example.com 192.0.2.1" or, paired, "A/AAAA home.example.com 192.0.2.1
 * 2001:db8::1", for messages. */
const char *writeonly_what(const struct prov_job *job, char *buf, size_t size);

/* Wipe (it held a secret) and free a string; NULL is a no-op. */
void writeonly_free(char *s);

#endif
