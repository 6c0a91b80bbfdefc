// SPDX-License-Identifier: MIT
/* Helpers of the write-only providers: the User-Agent with a contact, names and outcomes. */
#include "providers/writeonly.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/version.h"

int writeonly_user_agent(const struct prov_job *job, struct prov_request *req)
{
	const char *contact = job->contact && job->contact[0] ? job->contact : DDNSD_URL;
	char ua[320];

	if ((size_t)snprintf(ua, sizeof(ua), "ddnsd/%s %s", DDNSD_VERSION, contact) >= sizeof(ua))
		return -EINVAL;
	return prov_request_add_header(req, "User-Agent", ua);
}

bool writeonly_name(const struct prov_job *job, char out[static 256])
{
	return job->rec && job->rec->name && prov_fqdn(job->rec->name, out);
}

const char *writeonly_what(const struct prov_job *job, char *buf, size_t size)
{
	char name[256], a[IPADDR_STRLEN], b[IPADDR_STRLEN];

	if (!writeonly_name(job, name))
		snprintf(name, sizeof(name), "?");
	if (job->paired)
		snprintf(buf, size, "A/AAAA %s %s %s", name, ipaddr_ntop(&job->want, a),
			 ipaddr_ntop(&job->want6, b));
	else
		snprintf(buf, size, "%s %s %s", fam_rrtype(job->fam), name,
			 ipaddr_ntop(&job->want, a));
	return buf;
}

enum prov_result writeonly_end(struct prov_job *job, struct prov_outcome *out, enum prov_result res,
			       const struct secret *secret, const char *fmt, ...)
{
	char text[sizeof(out->message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	prov_outcome_set(out, secret, res, "%s", text);
	if (job->paired)
		job->pair_out = *out;
	return res;
}

void writeonly_free(char *s)
{
	if (s)
		OPENSSL_cleanse(s, strlen(s));
	free(s);
}
