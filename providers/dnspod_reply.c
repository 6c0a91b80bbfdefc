// SPDX-License-Identifier: MIT
/* Pure parsers of DNSPod API 3.0 replies: Response.Error, DescribeRecordList and the write
 * actions. Fields are copied out; the cJSON tree never leaves a function. Shapes and codes:
 * shared/design/providers-reference.md §3 (dnspod 2021-03-23 SDK models, Go errors.go). */
#include "providers/dnspod_reply.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "providers/dnspod.h"
#include "providers/jsonutil.h"

/* The class of an error code (reference §3); a family such as "AuthFailure" also covers its
 * members "AuthFailure.SecretIdNotFound" and so on. */
static enum apireply_class code_class(const char *code, long status, bool *clock_skew)
{
	if (!strcmp(code, "ResourceNotFound.NoDataOfRecord"))
		return APIREPLY_NOT_FOUND;
	if (!strcmp(code, "InvalidParameter.DomainRecordExist"))
		return APIREPLY_EXISTS;
	if (!strcmp(code, "InvalidParameter.RecordIdInvalid"))
		return APIREPLY_STALE_ID;
	/* The credentials are fine; this host's clock is not. A router without an RTC that
	 * starts before NTP has its clock set right a little later: retry (with backoff). */
	if (!strcmp(code, "AuthFailure.SignatureExpire") ||
	    !strcmp(code, "AuthFailure.RequestTimeTooSkewed")) {
		*clock_skew = true;
		return APIREPLY_TRANSIENT;
	}
	if (apireply_code_is(code, "AuthFailure") ||
	    apireply_code_is(code, "UnauthorizedOperation") ||
	    apireply_code_is(code, "OperationDenied"))
		return APIREPLY_AUTH;
	/* "UnknowError" is Tencent's spelling. */
	if (apireply_code_is(code, "RequestLimitExceeded") ||
	    apireply_code_is(code, "InternalError") || !strcmp(code, "FailedOperation.UnknowError"))
		return APIREPLY_TRANSIENT;
	return status >= 500 ? APIREPLY_TRANSIENT : APIREPLY_PERMANENT;
}

static void init(struct dnspod_reply *out)
{
	memset(out, 0, sizeof(*out));
	out->total_count = -1;
	out->ttl = -1;
}

/* resp is the "Response" object (or NULL). An error code decides whatever the status says. */
static enum apireply_class classify(long status, const cJSON *resp, struct apireply *a)
{
	const cJSON *err = jsonutil_item(resp, "Error");
	const char *code = jsonutil_str(err, "Code");

	if (apireply_envelope(a, jsonutil_str(resp, "RequestId"), code,
			      jsonutil_str(err, "Message")))
		return code_class(code, status, &a->clock_skew);
	/* An Error without a usable Code is not the documented shape either. */
	return apireply_status_class(status, cJSON_IsObject(resp) && !err);
}

/* RecordId is an integer in the SDK model; ids are positive. */
static bool get_record_id(const cJSON *obj, uint64_t *id)
{
	const cJSON *it = jsonutil_item(obj, "RecordId");

	if (!jsonutil_whole(it, JSONUTIL_MAX_EXACT) || it->valuedouble < 1)
		return false;
	*id = (uint64_t)it->valuedouble;
	return true;
}

static bool record_matches(const cJSON *r, const char *label, const char *type)
{
	const char *name = jsonutil_str(r, "Name"), *t = jsonutil_str(r, "Type");

	return name && t && !strcasecmp(t, type) && !strcasecmp(name, label);
}

/* The default line by its id, which does not depend on the reply's language; by its name only
 * when there is no id. */
static bool on_default_line(const cJSON *r)
{
	const cJSON *id = jsonutil_item(r, "LineId");
	const char *line = jsonutil_str(r, "Line");

	if (cJSON_IsString(id))
		return !strcmp(id->valuestring, "0");
	if (cJSON_IsNumber(id))
		return id->valuedouble == 0;
	return !line || !strcmp(line, DNSPOD_DEFAULT_LINE) || !strcasecmp(line, "default");
}

static bool copy_record(const cJSON *r, struct dnspod_reply *out)
{
	const cJSON *ttl = jsonutil_item(r, "TTL");
	const cJSON *line_id = jsonutil_item(r, "LineId");
	const char *value = jsonutil_str(r, "Value"), *line = jsonutil_str(r, "Line");

	out->default_line = on_default_line(r);
	if (!get_record_id(r, &out->record_id) || !value ||
	    !apireply_copy_field(out->value, sizeof(out->value), value))
		return false;
	if (line && !apireply_copy_field(out->line, sizeof(out->line), line))
		return false;
	/* LineId is a string ("0") in the model; a number is tolerated. */
	if (cJSON_IsString(line_id) &&
	    !apireply_copy_field(out->line_id, sizeof(out->line_id), line_id->valuestring))
		return false;
	if (jsonutil_whole(line_id, JSONUTIL_MAX_EXACT))
		snprintf(out->line_id, sizeof(out->line_id), "%llu",
			 (unsigned long long)line_id->valuedouble);
	/* TTL only informs (a wanted TTL may differ); an odd one is dropped, not fatal. */
	if (jsonutil_whole(ttl, INT32_MAX))
		out->ttl = (long)ttl->valuedouble;
	return true;
}

enum apireply_class dnspod_reply_parse_status(long status, const char *body, size_t len,
					      struct dnspod_reply *out)
{
	cJSON *root = jsonutil_parse(body, len);

	init(out);
	out->api.cls = classify(status, jsonutil_item(root, "Response"), &out->api);
	cJSON_Delete(root);
	return out->api.cls;
}

/* A successful reply's RecordList, with RecordCountInfo.TotalCount into out; NULL when there
 * is none, with *cls OK for an empty result (ErrorOnEmpty=no may answer one without the list)
 * and MALFORMED otherwise. */
static const cJSON *record_list(const cJSON *resp, struct dnspod_reply *out,
				enum apireply_class *cls)
{
	const cJSON *tc = jsonutil_item(jsonutil_item(resp, "RecordCountInfo"), "TotalCount");
	const cJSON *list = jsonutil_item(resp, "RecordList");

	if (jsonutil_whole(tc, JSONUTIL_MAX_EXACT))
		out->total_count = (long long)tc->valuedouble;
	if (cJSON_IsArray(list))
		return list;
	*cls = out->total_count == 0 ? APIREPLY_OK : APIREPLY_MALFORMED;
	return NULL;
}

enum apireply_class dnspod_reply_parse_lookup(long status, const char *body, size_t len,
					      const char *label, const char *type,
					      struct dnspod_reply *out)
{
	cJSON *root = jsonutil_parse(body, len);
	const cJSON *resp = jsonutil_item(root, "Response");
	const cJSON *list, *r;
	enum apireply_class cls;

	init(out);
	cls = classify(status, resp, &out->api);
	if (cls != APIREPLY_OK)
		goto out;
	list = record_list(resp, out, &cls);
	if (!list)
		goto out;
	cls = APIREPLY_MALFORMED;
	/* Subdomain may match more than the exact label: filter here. */
	cJSON_ArrayForEach (r, list) {
		if (!label || !type || !record_matches(r, label, type))
			continue;
		if (out->matches++ == 0 && !copy_record(r, out))
			goto out;
	}
	cls = APIREPLY_OK;
out:
	if (cls == APIREPLY_MALFORMED) {
		out->matches = 0;
		out->record_id = 0;
		out->value[0] = out->line[0] = out->line_id[0] = '\0';
		out->ttl = -1;
		out->default_line = false;
	}
	cJSON_Delete(root);
	out->api.cls = cls;
	return cls;
}

enum apireply_class dnspod_reply_parse_list(long status, const char *body, size_t len,
					    const char *type, dnspod_list_fn fn, void *arg,
					    struct dnspod_reply *out)
{
	cJSON *root = jsonutil_parse(body, len);
	const cJSON *resp = jsonutil_item(root, "Response");
	const cJSON *list, *r;
	enum apireply_class cls;

	init(out);
	cls = classify(status, resp, &out->api);
	if (cls != APIREPLY_OK)
		goto out;
	list = record_list(resp, out, &cls);
	if (!list)
		goto out;
	cJSON_ArrayForEach (r, list) {
		const cJSON *ttl = jsonutil_item(r, "TTL");
		const char *t = jsonutil_str(r, "Type");
		struct dnspod_item it = {
		    .name = jsonutil_str(r, "Name"),
		    .value = jsonutil_str(r, "Value"),
		    .ttl = jsonutil_whole(ttl, INT32_MAX) ? (long)ttl->valuedouble : -1,
		};

		out->listed++;
		if (!type || !t || strcasecmp(t, type) || !it.name || !it.value ||
		    !get_record_id(r, &it.record_id))
			continue;
		it.default_line = on_default_line(r);
		out->matches++;
		if (fn && !fn(arg, &it))
			break;
	}
out:
	cJSON_Delete(root);
	out->api.cls = cls;
	return cls;
}

enum apireply_class dnspod_reply_parse_write(long status, const char *body, size_t len,
					     struct dnspod_reply *out)
{
	cJSON *root = jsonutil_parse(body, len);
	const cJSON *resp = jsonutil_item(root, "Response");
	enum apireply_class cls;

	init(out);
	cls = classify(status, resp, &out->api);
	if (cls == APIREPLY_OK && !get_record_id(resp, &out->record_id)) {
		out->record_id = 0;
		cls = APIREPLY_MALFORMED;
	}
	cJSON_Delete(root);
	out->api.cls = cls;
	return cls;
}
