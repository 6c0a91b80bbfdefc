// SPDX-License-Identifier: MIT
/* Tencent Cloud TC3-HMAC-SHA256: canonical request, derived keys, Authorization.
 * Source: Tencent Cloud API 3.0 "Signature v3" (e.g. cloud.tencent.com/document/api/1427/56189)
 * and tencentcloud-sdk-nodejs-common Sign.sign3; see shared/design/providers-reference.md §3. */
#include "providers/sign_tc3.h"

#include <errno.h>
#include <inttypes.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/hdrblock.h"
#define ALGORITHM      "TC3-HMAC-SHA256"
#define SIGNED_HEADERS "content-type;host"

/* A header value may not smuggle a second header or a control byte into the request. */
static bool value_ok(const char *v)
{
	if (!v)
		return false;
	for (; *v; v++)
		if (((unsigned char)*v < 0x20 && *v != '\t') || *v == 0x7f)
			return false;
	return true;
}

/* Canonical header value: trimmed and lowercased (the doc's rule for CanonicalHeaders). */
static void put_canon_value(FILE *f, const char *v)
{
	size_t len;

	while (*v == ' ' || *v == '\t')
		v++;
	len = strlen(v);
	while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
		len--;
	for (; len; len--, v++)
		fputc(*v >= 'A' && *v <= 'Z' ? *v - 'A' + 'a' : *v, f);
}

static char *finish(FILE *f, char **buf)
{
	bool bad = ferror(f) != 0;

	if (fclose(f) != 0)
		bad = true;
	if (bad) {
		free(*buf);
		*buf = NULL;
	}
	return *buf;
}

static bool inputs_ok(const struct sign_tc3_in *in)
{
	if (!in->method || !*in->method || !in->host || !*in->host || !in->service ||
	    !*in->service || !in->secret_id || !*in->secret_id || !in->secret_key ||
	    !secret_is_set(in->secret_key))
		return false;
	if (in->body_len && !in->body)
		return false;
	if (!value_ok(in->method) || !value_ok(in->host) || !value_ok(in->action) ||
	    !value_ok(in->version) || !value_ok(in->content_type) || !value_ok(in->secret_id) ||
	    (in->region && !value_ok(in->region)) ||
	    (in->token && !value_ok(secret_reveal(in->token))))
		return false;
	/* These end up inside "Credential=id/date/service/tc3_request, ...". */
	if (strpbrk(in->secret_id, ", /") || strpbrk(in->service, ", /") || !value_ok(in->service))
		return false;
	return true;
}

/* kDate = HMAC("TC3" + key, date); kService = HMAC(kDate, service);
 * kSigning = HMAC(kService, "tc3_request"). Raw outputs are the next keys. */
static bool derive(const struct secret *key, const char *date, const char *service,
		   uint8_t k_date[static 32], uint8_t k_service[static 32],
		   uint8_t k_signing[static 32])
{
	size_t len = 3 + key->len;
	char *k0 = malloc(len);
	bool ok;

	if (!k0)
		return false;
	memcpy(k0, "TC3", 3);
	memcpy(k0 + 3, secret_reveal(key), key->len);
	ok = crypto_hmac_sha256(k0, len, date, strlen(date), k_date) &&
	     crypto_hmac_sha256(k_date, 32, service, strlen(service), k_service) &&
	     crypto_hmac_sha256(k_service, 32, "tc3_request", 11, k_signing);
	OPENSSL_cleanse(k0, len);
	free(k0);
	return ok;
}

static int build_headers(const struct sign_tc3_in *in, struct sign_tc3_out *out)
{
	struct hdrblock b = {0};
	const char *p, *end;
	char ts[32];

	hdrblock_add(&b, "Content-Type", in->content_type, strlen(in->content_type));
	hdrblock_add(&b, "X-TC-Action", in->action, strlen(in->action));
	hdrblock_add(&b, "X-TC-Version", in->version, strlen(in->version));
	snprintf(ts, sizeof(ts), "%" PRIdMAX, (intmax_t)in->timestamp);
	hdrblock_add(&b, "X-TC-Timestamp", ts, strlen(ts));
	if (in->region)
		hdrblock_add(&b, "X-TC-Region", in->region, strlen(in->region));
	if (in->token)
		hdrblock_add(&b, "X-TC-Token", secret_reveal(in->token), in->token->len);
	hdrblock_add(&b, "Authorization", out->authorization, strlen(out->authorization));
	if (b.oom)
		return -ENOMEM;
	out->block = b.buf;
	out->block_len = b.len;
	end = out->block + out->block_len;
	for (p = out->block; p < end && out->n_headers < SIGN_TC3_MAX_HEADERS;) {
		struct sign_tc3_header *hd = &out->headers[out->n_headers++];

		hd->name = p;
		p += strlen(p) + 1;
		hd->value = p;
		p += strlen(p) + 1;
	}
	return 0;
}

int sign_tc3(const struct sign_tc3_in *in, struct sign_tc3_out *out, struct sign_tc3_debug *dbg)
{
	char body_hash[CRYPTO_SHA256_HEX_LEN + 1], hashed[CRYPTO_SHA256_HEX_LEN + 1];
	char sig[CRYPTO_SHA256_HEX_LEN + 1], date[16], scope[64];
	uint8_t k_date[32], k_service[32], k_signing[32], mac[32];
	char *canon = NULL, *sts = NULL;
	size_t sz = 0;
	struct tm tm;
	int ret = -EINVAL;
	FILE *f;

	memset(out, 0, sizeof(*out));
	if (dbg)
		memset(dbg, 0, sizeof(*dbg));
	if (!inputs_ok(in))
		return -EINVAL;
	/* The scope date is the UTC date of the timestamp: a local date breaks every request
	 * sent between 00:00 and 08:00 UTC in UTC+8. */
	if (in->timestamp < 0 || !gmtime_r(&in->timestamp, &tm) || tm.tm_year + 1900 > 9999 ||
	    strftime(date, sizeof(date), "%Y-%m-%d", &tm) != 10)
		goto out;
	if ((size_t)snprintf(scope, sizeof(scope), "%s/%s/tc3_request", date, in->service) >=
	    sizeof(scope))
		goto out;
	if (!crypto_sha256_hex(in->body, in->body_len, body_hash))
		goto out;

	ret = -ENOMEM;
	f = open_memstream(&canon, &sz);
	if (!f)
		goto out;
	/* The query string (line 3) is empty for POST. */
	fprintf(f, "%s\n/\n\ncontent-type:", in->method);
	put_canon_value(f, in->content_type);
	fputs("\nhost:", f);
	put_canon_value(f, in->host);
	fprintf(f, "\n\n" SIGNED_HEADERS "\n%s", body_hash);
	if (!finish(f, &canon))
		goto out;

	ret = -EIO;
	if (!crypto_sha256_hex(canon, strlen(canon), hashed))
		goto out;
	ret = -ENOMEM;
	if (asprintf(&sts, ALGORITHM "\n%" PRIdMAX "\n%s\n%s", (intmax_t)in->timestamp, scope,
		     hashed) < 0) {
		sts = NULL;
		goto out;
	}
	ret = -EIO;
	if (!derive(in->secret_key, date, in->service, k_date, k_service, k_signing) ||
	    !crypto_hmac_sha256(k_signing, sizeof(k_signing), sts, strlen(sts), mac))
		goto out;
	crypto_hex(mac, sizeof(mac), sig);

	ret = -ENOMEM;
	if (asprintf(&out->authorization,
		     ALGORITHM " Credential=%s/%s, SignedHeaders=" SIGNED_HEADERS ", Signature=%s",
		     in->secret_id, scope, sig) < 0) {
		out->authorization = NULL;
		goto out;
	}
	ret = build_headers(in, out);
	if (ret)
		goto out;
	if (dbg) {
		dbg->canonical_request = canon;
		dbg->string_to_sign = sts;
		canon = NULL;
		sts = NULL;
		memcpy(dbg->hashed_canonical_request, hashed, sizeof(hashed));
		memcpy(dbg->credential_scope, scope, sizeof(scope));
		crypto_hex(k_date, sizeof(k_date), dbg->secret_date);
		crypto_hex(k_service, sizeof(k_service), dbg->secret_service);
		crypto_hex(k_signing, sizeof(k_signing), dbg->secret_signing);
		memcpy(dbg->signature, sig, sizeof(sig));
	}
out:
	OPENSSL_cleanse(k_date, sizeof(k_date));
	OPENSSL_cleanse(k_service, sizeof(k_service));
	OPENSSL_cleanse(k_signing, sizeof(k_signing));
	free(canon);
	free(sts);
	if (ret)
		sign_tc3_out_free(out);
	return ret;
}

void sign_tc3_out_free(struct sign_tc3_out *out)
{
	/* The signature, and the session token in the header block, are secrets. */
	if (out->authorization)
		explicit_bzero(out->authorization, strlen(out->authorization));
	free(out->authorization);
	hdrblock_free(out->block, out->block_len);
	memset(out, 0, sizeof(*out));
}

void sign_tc3_debug_free(struct sign_tc3_debug *dbg)
{
	free(dbg->canonical_request);
	free(dbg->string_to_sign);
	memset(dbg, 0, sizeof(*dbg));
}
