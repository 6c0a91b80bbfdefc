// SPDX-License-Identifier: MIT
/* The pieces of reply handling that alidns and DNSPod share: text copies, the error
 * envelope, classes by status, and the outcome line of a refusal. Pure, no I/O. */
#include "providers/apireply.h"

#include <stdio.h>
#include <string.h>

void apireply_copy_text(char *dst, size_t size, const char *src)
{
	size_t n = 0;

	for (; *src && n + 1 < size; src++) {
		unsigned char c = (unsigned char)*src;

		dst[n++] = (char)(c < 0x20 || c == 0x7f ? '?' : c);
	}
	if (((unsigned char)*src & 0xc0) == 0x80) {
		while (n && ((unsigned char)dst[n - 1] & 0xc0) == 0x80)
			n--;
		if (n && ((unsigned char)dst[n - 1] & 0xc0) == 0xc0)
			n--;
	}
	dst[n] = '\0';
}

bool apireply_copy_field(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src), i;

	if (len >= size)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)src[i] < 0x20 || src[i] == 0x7f)
			return false;
	memcpy(dst, src, len + 1);
	return true;
}

bool apireply_code_is(const char *code, const char *family)
{
	size_t n = strlen(family);

	return !strncmp(code, family, n) && (code[n] == '\0' || code[n] == '.');
}

bool apireply_envelope(struct apireply *a, const char *request_id, const char *code,
		       const char *message)
{
	if (request_id)
		apireply_copy_text(a->request_id, sizeof(a->request_id), request_id);
	if (!code || !*code)
		return false;
	apireply_copy_text(a->code, sizeof(a->code), code);
	if (message)
		apireply_copy_text(a->message, sizeof(a->message), message);
	return true;
}

enum apireply_class apireply_status_class(long status, bool documented)
{
	if (status == 429 || status >= 500 || status < 200)
		return APIREPLY_TRANSIENT;
	if (status == 401 || status == 403)
		return APIREPLY_AUTH;
	if (status >= 300)
		return APIREPLY_PERMANENT;
	return documented ? APIREPLY_OK : APIREPLY_MALFORMED;
}

enum prov_result apireply_exists(struct prov_job *job, const struct apireply *a, const char *action,
				 const char *name, struct prov_outcome *out)
{
	char addr[IPADDR_STRLEN];

	prov_outcome_set(out, NULL, PROV_UNCHANGED, "%s %s already %s (%s: %s)",
			 fam_rrtype(job->fam), name, ipaddr_ntop(&job->want, addr), action,
			 a->code);
	return prov_finish(job, out, PROV_UNCHANGED);
}

enum prov_result apireply_failed(struct prov_job *job, const struct apireply *a,
				 const struct prov_reply *r, const char *provider,
				 const char *action, const char *name, int skew_min,
				 const struct secret *secret, struct prov_outcome *out)
{
	char what[APIREPLY_CODE_LEN + APIREPLY_MSG_LEN + 32], clock[96] = "", reqid[96] = "";
	enum prov_result res;

	if (a->code[0])
		snprintf(what, sizeof(what), "%s: %s", a->code,
			 a->message[0] ? a->message : "(no message)");
	else
		snprintf(what, sizeof(what), "HTTP %ld%s", r->status,
			 a->cls == APIREPLY_MALFORMED ? ", not the documented JSON reply" : "");
	if (a->clock_skew)
		snprintf(clock, sizeof(clock),
			 "; this host's clock is more than %d minutes off: check the system clock "
			 "(NTP)",
			 skew_min);
	if (a->request_id[0])
		snprintf(reqid, sizeof(reqid), " [RequestId %s]", a->request_id);
	switch (a->cls) {
	case APIREPLY_TRANSIENT:
	case APIREPLY_MALFORMED:
		res = PROV_RETRY;
		out->retry_after = r->retry_after;
		break;
	case APIREPLY_AUTH:
		res = PROV_AUTH;
		break;
	default:
		res = PROV_PERMANENT;
		break;
	}
	prov_outcome_set(out, secret, res, "%s: %s %s %s: %s%s%s", provider, action,
			 fam_rrtype(job->fam), name, what, clock, reqid);
	return prov_finish(job, out, res);
}

enum prov_result apireply_auth_hint(enum prov_result res, const char *hint,
				    struct prov_outcome *out)
{
	size_t n = strlen(out->message);

	if (res == PROV_AUTH && n < sizeof(out->message))
		snprintf(out->message + n, sizeof(out->message) - n, "; %s", hint);
	return res;
}
