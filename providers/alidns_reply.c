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

/* Doubles hold integers exactly below 2^53; at 2^53 and above a JSON number may already
 * have been rounded by the parser, so such an id could not be written back as sent. */
#define MAX_EXACT 9007199254740991.0

/* Bounded copy for text shown to the user: control bytes become '?', and a cut never
 * leaves half a UTF-8 sequence behind. */
static void copy_text(char *dst, size_t size, const char *src)
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

/* Copy a field we act on: it must fit whole and hold no control byte. */
static bool copy_field(char *dst, size_t size, const char *src)
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

static const char *str_item(const cJSON *obj, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* "Throttling" names the code itself and its family "Throttling.User", "Throttling.Api". */
static bool code_is(const char *code, const char *family)
{
	size_t n = strlen(family);

	return !strncmp(code, family, n) && (code[n] == '\0' || code[n] == '.');
}

static enum alidns_reply_class status_class(long status)
{
	if (status == 429 || status >= 500 || status < 200)
		return ALIDNS_REPLY_TRANSIENT;
	if (status == 401 || status == 403)
		return ALIDNS_REPLY_AUTH;
	return ALIDNS_REPLY_PERMANENT;
}

static enum alidns_reply_class code_class(const char *code, long status, bool *clock_skew)
{
	if (!strcmp(code, "DomainRecordDuplicate"))
		return ALIDNS_REPLY_DUPLICATE;
	/* "The DNS record does not exist in your account": the stored record id is stale. */
	if (!strcmp(code, "DomainRecordNotBelongToUser"))
		return ALIDNS_REPLY_STALE_ID;
	if (code_is(code, "InvalidAccessKeyId") || code_is(code, "SignatureDoesNotMatch") ||
	    code_is(code, "IncompleteSignature") || code_is(code, "Forbidden") ||
	    code_is(code, "InvalidSecurityToken"))
		return ALIDNS_REPLY_AUTH;
	if (!strcmp(code, "InvalidTimeStamp.Expired")) {
		*clock_skew = true;
		return ALIDNS_REPLY_PERMANENT;
	}
	/* A reused nonce heals with the fresh nonce of the next attempt. */
	if (code_is(code, "Throttling") || code_is(code, "ServiceUnavailable") ||
	    code_is(code, "InternalError") || !strcmp(code, "SignatureNonceUsed"))
		return ALIDNS_REPLY_TRANSIENT;
	return status >= 500 ? ALIDNS_REPLY_TRANSIENT : ALIDNS_REPLY_PERMANENT;
}

static void init(struct alidns_reply *out)
{
	memset(out, 0, sizeof(*out));
	out->total_count = -1;
	out->ttl = -1;
}

/* The error envelope first (a code decides whatever the status says), then the status. */
static enum alidns_reply_class classify(long status, const cJSON *root, struct alidns_reply *out)
{
	const char *code = str_item(root, "Code");
	const char *s;

	if ((s = str_item(root, "RequestId")))
		copy_text(out->request_id, sizeof(out->request_id), s);
	if (code && *code) {
		copy_text(out->code, sizeof(out->code), code);
		if ((s = str_item(root, "Message")))
			copy_text(out->message, sizeof(out->message), s);
		return code_class(code, status, &out->clock_skew);
	}
	if (status < 200 || status >= 300)
		return status_class(status);
	return cJSON_IsObject(root) ? ALIDNS_REPLY_OK : ALIDNS_REPLY_MALFORMED;
}

static cJSON *parse(const char *body, size_t len)
{
	return body && len ? cJSON_ParseWithLength(body, len) : NULL;
}

static bool integral(const cJSON *it, double max)
{
	return cJSON_IsNumber(it) && it->valuedouble >= 0 && it->valuedouble <= max &&
	       it->valuedouble == (double)(uint64_t)it->valuedouble;
}

/* RecordId is a string of digits in the SDK model; a JSON number is tolerated. */
static bool get_record_id(const cJSON *obj, char out[static ALIDNS_REPLY_ID_LEN])
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, "RecordId");
	size_t len;

	if (integral(it, MAX_EXACT)) {
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
	const char *rr = str_item(r, "RR"), *dom = str_item(r, "DomainName");
	const char *t = str_item(r, "Type");

	return rr && dom && t && !strcasecmp(t, type) && name_matches(name, rr, dom);
}

static bool copy_record(const cJSON *r, struct alidns_reply *out)
{
	const cJSON *ttl = cJSON_GetObjectItemCaseSensitive(r, "TTL");
	const char *value = str_item(r, "Value"), *line = str_item(r, "Line");

	if (!get_record_id(r, out->record_id) || !value ||
	    !copy_field(out->value, sizeof(out->value), value))
		return false;
	if (line && !copy_field(out->line, sizeof(out->line), line))
		return false;
	/* TTL only informs (a wanted TTL may differ); an odd one is dropped, not fatal. */
	if (integral(ttl, INT32_MAX))
		out->ttl = (long)ttl->valuedouble;
	return true;
}

enum alidns_reply_class alidns_reply_parse_status(long status, const char *body, size_t len,
						  struct alidns_reply *out)
{
	cJSON *root = parse(body, len);

	init(out);
	out->cls = classify(status, root, out);
	cJSON_Delete(root);
	return out->cls;
}

enum alidns_reply_class alidns_reply_parse_lookup(long status, const char *body, size_t len,
						  const char *name, const char *type,
						  struct alidns_reply *out)
{
	cJSON *root = parse(body, len);
	const cJSON *recs, *r, *tc;
	enum alidns_reply_class cls;

	init(out);
	cls = classify(status, root, out);
	if (cls != ALIDNS_REPLY_OK)
		goto out;
	cls = ALIDNS_REPLY_MALFORMED;
	tc = cJSON_GetObjectItemCaseSensitive(root, "TotalCount");
	if (integral(tc, MAX_EXACT))
		out->total_count = (long long)tc->valuedouble;
	recs = cJSON_GetObjectItemCaseSensitive(root, "DomainRecords");
	recs = cJSON_GetObjectItemCaseSensitive(recs, "Record");
	if (!cJSON_IsArray(recs)) {
		/* An empty result may come without the list; anything else is not the API. */
		if (out->total_count == 0)
			cls = ALIDNS_REPLY_OK;
		goto out;
	}
	cJSON_ArrayForEach (r, recs) {
		if (!name || !type || !record_matches(r, name, type))
			continue;
		if (out->matches++ == 0 && !copy_record(r, out))
			goto out;
	}
	cls = ALIDNS_REPLY_OK;
out:
	if (cls == ALIDNS_REPLY_MALFORMED) {
		out->matches = 0;
		out->record_id[0] = out->value[0] = out->line[0] = '\0';
		out->ttl = -1;
	}
	cJSON_Delete(root);
	out->cls = cls;
	return cls;
}

enum alidns_reply_class alidns_reply_parse_write(long status, const char *body, size_t len,
						 struct alidns_reply *out)
{
	cJSON *root = parse(body, len);
	enum alidns_reply_class cls;

	init(out);
	cls = classify(status, root, out);
	if (cls == ALIDNS_REPLY_OK && !get_record_id(root, out->record_id)) {
		out->record_id[0] = '\0';
		cls = ALIDNS_REPLY_MALFORMED;
	}
	cJSON_Delete(root);
	out->cls = cls;
	return cls;
}
