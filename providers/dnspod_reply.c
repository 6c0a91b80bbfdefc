// SPDX-License-Identifier: MIT
/* Pure parsers of DNSPod API 3.0 replies: Response.Error, DescribeRecordList and the write
 * actions. Fields are copied out; the cJSON tree never leaves a function. Shapes and codes:
 * shared/design/providers-reference.md §3 (dnspod 2021-03-23 SDK models, Go errors.go). */
#include "providers/dnspod_reply.h"

#include <cjson/cJSON.h>
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

static bool integral(const cJSON *it, double max)
{
	return cJSON_IsNumber(it) && it->valuedouble >= 0 && it->valuedouble <= max &&
	       it->valuedouble == (double)(uint64_t)it->valuedouble;
}

/* "AuthFailure" names the code itself and its family "AuthFailure.SecretIdNotFound". */
static bool code_is(const char *code, const char *family)
{
	size_t n = strlen(family);

	return !strncmp(code, family, n) && (code[n] == '\0' || code[n] == '.');
}

static enum dnspod_reply_class status_class(long status)
{
	if (status == 429 || status >= 500 || status < 200)
		return DNSPOD_REPLY_TRANSIENT;
	if (status == 401 || status == 403)
		return DNSPOD_REPLY_AUTH;
	return DNSPOD_REPLY_PERMANENT;
}

static enum dnspod_reply_class code_class(const char *code, long status, bool *clock_skew)
{
	if (!strcmp(code, "ResourceNotFound.NoDataOfRecord"))
		return DNSPOD_REPLY_NOT_FOUND;
	if (!strcmp(code, "InvalidParameter.DomainRecordExist"))
		return DNSPOD_REPLY_EXISTS;
	if (!strcmp(code, "InvalidParameter.RecordIdInvalid"))
		return DNSPOD_REPLY_STALE_ID;
	/* Credentials are fine; the clock is not. Retrying before it is fixed cannot help. */
	if (!strcmp(code, "AuthFailure.SignatureExpire")) {
		*clock_skew = true;
		return DNSPOD_REPLY_PERMANENT;
	}
	if (code_is(code, "AuthFailure") || code_is(code, "UnauthorizedOperation") ||
	    code_is(code, "OperationDenied"))
		return DNSPOD_REPLY_AUTH;
	/* "UnknowError" is Tencent's spelling. */
	if (code_is(code, "RequestLimitExceeded") || code_is(code, "InternalError") ||
	    !strcmp(code, "FailedOperation.UnknowError"))
		return DNSPOD_REPLY_TRANSIENT;
	return status >= 500 ? DNSPOD_REPLY_TRANSIENT : DNSPOD_REPLY_PERMANENT;
}

static void init(struct dnspod_reply *out)
{
	memset(out, 0, sizeof(*out));
	out->total_count = -1;
	out->ttl = -1;
}

/* resp is the "Response" object (or NULL). An error code decides whatever the status says. */
static enum dnspod_reply_class classify(long status, const cJSON *resp, struct dnspod_reply *out)
{
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(resp, "Error");
	const char *code = str_item(err, "Code");
	const char *s;

	if ((s = str_item(resp, "RequestId")))
		copy_text(out->request_id, sizeof(out->request_id), s);
	if (code && *code) {
		copy_text(out->code, sizeof(out->code), code);
		if ((s = str_item(err, "Message")))
			copy_text(out->message, sizeof(out->message), s);
		return code_class(code, status, &out->clock_skew);
	}
	if (status < 200 || status >= 300)
		return status_class(status);
	/* An Error without a usable Code is not the documented shape either. */
	return cJSON_IsObject(resp) && !err ? DNSPOD_REPLY_OK : DNSPOD_REPLY_MALFORMED;
}

static cJSON *parse(const char *body, size_t len)
{
	return body && len ? cJSON_ParseWithLength(body, len) : NULL;
}

/* RecordId is an integer in the SDK model; ids are positive. */
static bool get_record_id(const cJSON *obj, uint64_t *id)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, "RecordId");

	if (!integral(it, MAX_EXACT) || it->valuedouble < 1)
		return false;
	*id = (uint64_t)it->valuedouble;
	return true;
}

static bool record_matches(const cJSON *r, const char *label, const char *type)
{
	const char *name = str_item(r, "Name"), *t = str_item(r, "Type");

	return name && t && !strcasecmp(t, type) && !strcasecmp(name, label);
}

static bool copy_record(const cJSON *r, struct dnspod_reply *out)
{
	const cJSON *ttl = cJSON_GetObjectItemCaseSensitive(r, "TTL");
	const cJSON *line_id = cJSON_GetObjectItemCaseSensitive(r, "LineId");
	const char *value = str_item(r, "Value"), *line = str_item(r, "Line");

	if (!get_record_id(r, &out->record_id) || !value ||
	    !copy_field(out->value, sizeof(out->value), value))
		return false;
	if (line && !copy_field(out->line, sizeof(out->line), line))
		return false;
	/* LineId is a string ("0") in the model; a number is tolerated. */
	if (cJSON_IsString(line_id) &&
	    !copy_field(out->line_id, sizeof(out->line_id), line_id->valuestring))
		return false;
	if (integral(line_id, MAX_EXACT))
		snprintf(out->line_id, sizeof(out->line_id), "%llu",
			 (unsigned long long)line_id->valuedouble);
	/* TTL only informs (a wanted TTL may differ); an odd one is dropped, not fatal. */
	if (integral(ttl, INT32_MAX))
		out->ttl = (long)ttl->valuedouble;
	return true;
}

enum dnspod_reply_class dnspod_reply_parse_status(long status, const char *body, size_t len,
						  struct dnspod_reply *out)
{
	cJSON *root = parse(body, len);

	init(out);
	out->cls = classify(status, cJSON_GetObjectItemCaseSensitive(root, "Response"), out);
	cJSON_Delete(root);
	return out->cls;
}

enum dnspod_reply_class dnspod_reply_parse_lookup(long status, const char *body, size_t len,
						  const char *label, const char *type,
						  struct dnspod_reply *out)
{
	cJSON *root = parse(body, len);
	const cJSON *resp = cJSON_GetObjectItemCaseSensitive(root, "Response");
	const cJSON *list, *r, *tc;
	enum dnspod_reply_class cls;

	init(out);
	cls = classify(status, resp, out);
	if (cls != DNSPOD_REPLY_OK)
		goto out;
	cls = DNSPOD_REPLY_MALFORMED;
	tc = cJSON_GetObjectItemCaseSensitive(resp, "RecordCountInfo");
	tc = cJSON_GetObjectItemCaseSensitive(tc, "TotalCount");
	if (integral(tc, MAX_EXACT))
		out->total_count = (long long)tc->valuedouble;
	list = cJSON_GetObjectItemCaseSensitive(resp, "RecordList");
	if (!cJSON_IsArray(list)) {
		/* ErrorOnEmpty=no may answer an empty result without the list. */
		if (out->total_count == 0)
			cls = DNSPOD_REPLY_OK;
		goto out;
	}
	/* Subdomain may match more than the exact label: filter here. */
	cJSON_ArrayForEach (r, list) {
		if (!label || !type || !record_matches(r, label, type))
			continue;
		if (out->matches++ == 0 && !copy_record(r, out))
			goto out;
	}
	cls = DNSPOD_REPLY_OK;
out:
	if (cls == DNSPOD_REPLY_MALFORMED) {
		out->matches = 0;
		out->record_id = 0;
		out->value[0] = out->line[0] = out->line_id[0] = '\0';
		out->ttl = -1;
	}
	cJSON_Delete(root);
	out->cls = cls;
	return cls;
}

enum dnspod_reply_class dnspod_reply_parse_write(long status, const char *body, size_t len,
						 struct dnspod_reply *out)
{
	cJSON *root = parse(body, len);
	const cJSON *resp = cJSON_GetObjectItemCaseSensitive(root, "Response");
	enum dnspod_reply_class cls;

	init(out);
	cls = classify(status, resp, out);
	if (cls == DNSPOD_REPLY_OK && !get_record_id(resp, &out->record_id)) {
		out->record_id = 0;
		cls = DNSPOD_REPLY_MALFORMED;
	}
	cJSON_Delete(root);
	out->cls = cls;
	return cls;
}
