// SPDX-License-Identifier: MIT
/* Pure parsers of alidns JSON replies: the error envelope, DescribeSubDomainRecords and
 * Add/UpdateDomainRecord. Fields are copied out; the cJSON tree never leaves a function.
 * Shapes and codes: shared/design/providers-reference.md §2 (alidns20150109 SDK models). */
#include "providers/alidns_reply.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "providers/dnsname.h"
#include "providers/jsonutil.h"

/* The class of an error code (reference §2); a family such as "Throttling" also covers its
 * members "Throttling.User", "Throttling.Api". */
static enum apireply_class code_class(const char *code, long status, bool *clock_skew)
{
	if (!strcmp(code, "DomainRecordDuplicate"))
		return APIREPLY_EXISTS;
	/* "The DNS record does not exist in your account": the stored record id is stale. */
	if (!strcmp(code, "DomainRecordNotBelongToUser"))
		return APIREPLY_STALE_ID;
	if (apireply_code_is(code, "InvalidAccessKeyId") ||
	    apireply_code_is(code, "SignatureDoesNotMatch") ||
	    apireply_code_is(code, "IncompleteSignature") || apireply_code_is(code, "Forbidden") ||
	    apireply_code_is(code, "InvalidSecurityToken"))
		return APIREPLY_AUTH;
	/* The credentials are fine; this host's clock is not. A router without an RTC that
	 * starts before NTP has its clock set right a little later: retry (with backoff). */
	if (!strcmp(code, "InvalidTimeStamp.Expired") || !strcmp(code, "RequestTimeTooSkewed")) {
		*clock_skew = true;
		return APIREPLY_TRANSIENT;
	}
	/* A reused nonce heals with the fresh nonce of the next attempt. */
	if (apireply_code_is(code, "Throttling") || apireply_code_is(code, "ServiceUnavailable") ||
	    apireply_code_is(code, "InternalError") || !strcmp(code, "SignatureNonceUsed"))
		return APIREPLY_TRANSIENT;
	return status >= 500 ? APIREPLY_TRANSIENT : APIREPLY_PERMANENT;
}

static void init(struct alidns_reply *out)
{
	memset(out, 0, sizeof(*out));
	out->total_count = -1;
	out->ttl = -1;
}

/* The error envelope first (a code decides whatever the status says), then the status. */
static enum apireply_class classify(long status, const cJSON *root, struct apireply *a)
{
	const char *code = jsonutil_str(root, "Code");

	if (apireply_envelope(a, jsonutil_str(root, "RequestId"), code,
			      jsonutil_str(root, "Message")))
		return code_class(code, status, &a->clock_skew);
	return apireply_status_class(status, cJSON_IsObject(root));
}

/* RecordId is a string of digits in the SDK model; a JSON number is tolerated. */
static bool get_record_id(const cJSON *obj, char out[static ALIDNS_REPLY_ID_LEN])
{
	const cJSON *it = jsonutil_item(obj, "RecordId");
	size_t len;

	if (jsonutil_whole(it, JSONUTIL_MAX_EXACT)) {
		snprintf(out, ALIDNS_REPLY_ID_LEN, "%llu", (unsigned long long)it->valuedouble);
		return true;
	}
	if (!cJSON_IsString(it))
		return false;
	len = strlen(it->valuestring);
	if (!len || len >= ALIDNS_REPLY_ID_LEN || strspn(it->valuestring, "0123456789") != len)
		return false;
	memcpy(out, it->valuestring, len + 1);
	return true;
}

static size_t len_no_dot(const char *s)
{
	size_t len = strlen(s);

	return len && s[len - 1] == '.' ? len - 1 : len;
}

/* want == RR "." domain, or want == domain for the apex RR "@"; case-insensitive. */
static bool name_matches(const char *want, const char *rr, const char *domain)
{
	size_t wl = len_no_dot(want), dl = len_no_dot(domain), rl = strlen(rr);

	if (!dl || !rl)
		return false;
	if (!strcmp(rr, "@"))
		return wl == dl && !strncasecmp(want, domain, dl);
	return wl == rl + 1 + dl && !strncasecmp(want, rr, rl) && want[rl] == '.' &&
	       !strncasecmp(want + rl + 1, domain, dl);
}

static bool record_matches(const cJSON *r, const char *name, const char *type)
{
	const char *rr = jsonutil_str(r, "RR"), *dom = jsonutil_str(r, "DomainName");
	const char *t = jsonutil_str(r, "Type");

	return rr && dom && t && !strcasecmp(t, type) && name_matches(name, rr, dom);
}

static bool copy_record(const cJSON *r, struct alidns_reply *out)
{
	const cJSON *ttl = jsonutil_item(r, "TTL");
	const char *value = jsonutil_str(r, "Value"), *line = jsonutil_str(r, "Line");

	if (!get_record_id(r, out->record_id) || !value ||
	    !apireply_copy_field(out->value, sizeof(out->value), value))
		return false;
	if (line && !apireply_copy_field(out->line, sizeof(out->line), line))
		return false;
	/* TTL only informs (a wanted TTL may differ); an odd one is dropped, not fatal. */
	if (jsonutil_whole(ttl, INT32_MAX))
		out->ttl = (long)ttl->valuedouble;
	return true;
}

enum apireply_class alidns_reply_parse_status(long status, const char *body, size_t len,
					      struct alidns_reply *out)
{
	cJSON *root = jsonutil_parse(body, len);

	init(out);
	out->api.cls = classify(status, root, &out->api);
	cJSON_Delete(root);
	return out->api.cls;
}

/* A successful reply's DomainRecords.Record, with TotalCount into out; NULL when there is
 * none, with *cls OK for an empty result (which may come without the list) and MALFORMED
 * otherwise, since anything else is not the API. */
static const cJSON *record_list(const cJSON *root, struct alidns_reply *out,
				enum apireply_class *cls)
{
	const cJSON *tc = jsonutil_item(root, "TotalCount");
	const cJSON *recs = jsonutil_item(jsonutil_item(root, "DomainRecords"), "Record");

	if (jsonutil_whole(tc, JSONUTIL_MAX_EXACT))
		out->total_count = (long long)tc->valuedouble;
	if (cJSON_IsArray(recs))
		return recs;
	*cls = out->total_count == 0 ? APIREPLY_OK : APIREPLY_MALFORMED;
	return NULL;
}

enum apireply_class alidns_reply_parse_lookup(long status, const char *body, size_t len,
					      const char *name, const char *type,
					      struct alidns_reply *out)
{
	cJSON *root = jsonutil_parse(body, len);
	const cJSON *recs, *r;
	enum apireply_class cls;

	init(out);
	cls = classify(status, root, &out->api);
	if (cls != APIREPLY_OK)
		goto out;
	recs = record_list(root, out, &cls);
	if (!recs)
		goto out;
	cls = APIREPLY_MALFORMED;
	cJSON_ArrayForEach (r, recs) {
		if (!name || !type || !record_matches(r, name, type))
			continue;
		if (out->matches++ == 0 && !copy_record(r, out))
			goto out;
	}
	cls = APIREPLY_OK;
out:
	if (cls == APIREPLY_MALFORMED) {
		out->matches = 0;
		out->record_id[0] = out->value[0] = out->line[0] = '\0';
		out->ttl = -1;
	}
	cJSON_Delete(root);
	out->api.cls = cls;
	return cls;
}

/* A listed record as the agent looks it up: false when it cannot be named or has no id. */
static bool listed_of(const cJSON *r, enum fam fam, long want_ttl, struct prov_listed *e)
{
	const cJSON *ttl = jsonutil_item(r, "TTL");
	const char *rr = jsonutil_str(r, "RR"), *dom = jsonutil_str(r, "DomainName");
	const char *t = jsonutil_str(r, "Type"), *value = jsonutil_str(r, "Value");
	const char *line = jsonutil_str(r, "Line");
	char id[ALIDNS_REPLY_ID_LEN], full[2 * DNSNAME_MAX + 2];
	int n;

	memset(e, 0, sizeof(*e));
	if (!rr || !rr[0] || !dom || !dom[0] || !t || strcasecmp(t, fam_rrtype(fam)) != 0 ||
	    !get_record_id(r, id))
		return false;
	n = strcmp(rr, "@") ? snprintf(full, sizeof(full), "%s.%s", rr, dom)
			    : snprintf(full, sizeof(full), "%s", dom);
	if (n < 0 || (size_t)n >= sizeof(full) || !prov_fqdn(full, e->name))
		return false;
	e->fam = fam;
	memcpy(e->id, id, sizeof(id));
	if (!value || (line && strcmp(line, "default") != 0) ||
	    (jsonutil_whole(ttl, INT32_MAX) && ttl->valuedouble != ALIDNS_DEFAULT_TTL &&
	     (want_ttl <= 0 || ttl->valuedouble != (double)want_ttl)) ||
	    !ipaddr_parse(value, fam_to_af(fam), &e->addr))
		e->addr.family = AF_UNSPEC;
	return true;
}

enum apireply_class alidns_reply_parse_list(long status, const char *body, size_t len, enum fam fam,
					    long ttl, struct prov_list *list,
					    struct alidns_reply *out)
{
	cJSON *root = jsonutil_parse(body, len);
	const cJSON *recs, *r;
	struct prov_listed e;
	enum apireply_class cls;

	init(out);
	cls = classify(status, root, &out->api);
	if (cls != APIREPLY_OK)
		goto out;
	cls = APIREPLY_MALFORMED;
	if (fam != FAM_V4 && fam != FAM_V6)
		goto out;
	recs = record_list(root, out, &cls);
	if (!recs)
		goto out;
	cls = APIREPLY_OK;
	cJSON_ArrayForEach (r, recs) {
		out->page_n++;
		if (!cJSON_IsObject(r) || !listed_of(r, fam, ttl, &e))
			continue;
		out->list_err = prov_list_add(list, &e);
		if (out->list_err)
			break;
	}
out:
	cJSON_Delete(root);
	out->api.cls = cls;
	return cls;
}

enum apireply_class alidns_reply_parse_write(long status, const char *body, size_t len,
					     struct alidns_reply *out)
{
	cJSON *root = jsonutil_parse(body, len);
	enum apireply_class cls;

	init(out);
	cls = classify(status, root, &out->api);
	if (cls == APIREPLY_OK && !get_record_id(root, out->record_id)) {
		out->record_id[0] = '\0';
		cls = APIREPLY_MALFORMED;
	}
	cJSON_Delete(root);
	out->api.cls = cls;
	return cls;
}
