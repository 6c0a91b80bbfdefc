// SPDX-License-Identifier: MIT
/* Alibaba Cloud ACS3-HMAC-SHA256: canonical request, string to sign, Authorization.
 * Source: Alibaba Cloud "V3 request structure and signature" and the official SDK
 * (@alicloud/openapi-util getAuthorization); see shared/design/providers-reference.md §2. */
#include "providers/sign_acs3.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/hdrblock.h"
#include "providers/pctenc.h"

#define ALGORITHM "ACS3-HMAC-SHA256"

struct hdr {
	const char *name;  /* lowercase, as signed */
	const char *wire;  /* as sent */
	const char *value; /* trimmed start */
	size_t len;	   /* trimmed length */
};

/* A header value may not smuggle a second header or a control byte into the request. */
static bool value_ok(const char *v)
{
	for (; *v; v++)
		if (((unsigned char)*v < 0x20 && *v != '\t') || *v == 0x7f)
			return false;
	return true;
}

static bool add_hdr(struct hdr *h, size_t *n, const char *name, const char *wire, const char *value)
{
	size_t len;

	if (!value || !value_ok(value))
		return false;
	/* The signature trims values (SDK getAuthorizationHeaders); send what was signed. */
	while (*value == ' ' || *value == '\t')
		value++;
	len = strlen(value);
	while (len && (value[len - 1] == ' ' || value[len - 1] == '\t'))
		len--;
	h[*n] = (struct hdr){name, wire, value, len};
	(*n)++;
	return true;
}

static int cmp_hdr(const void *a, const void *b)
{
	return strcmp(((const struct hdr *)a)->name, ((const struct hdr *)b)->name);
}

static int cmp_param(const void *a, const void *b)
{
	const struct sign_acs3_param *x = *(const struct sign_acs3_param *const *)a;
	const struct sign_acs3_param *y = *(const struct sign_acs3_param *const *)b;
	int c = strcmp(x->name, y->name);

	/* Repeated names: order by value too, so the result never depends on qsort. */
	if (c)
		return c;
	return strcmp(x->value ? x->value : "", y->value ? y->value : "");
}

static void put_encoded(FILE *f, const char *s)
{
	size_t len = strlen(s);
	char buf[256];

	/* Chunks of up to 64 raw bytes encode to at most 192 bytes; no allocation needed. */
	while (len) {
		size_t n = len < 64 ? len : 64;

		pctenc_encode(buf, sizeof(buf), s, n);
		fputs(buf, f);
		s += n;
		len -= n;
	}
}

/* Close a memstream and hand over its buffer, or NULL if anything failed. */
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

static char *build_query(const struct sign_acs3_in *in)
{
	const struct sign_acs3_param **sorted = NULL;
	char *buf = NULL;
	size_t sz = 0, i;
	FILE *f;

	if (in->n_params) {
		sorted = calloc(in->n_params, sizeof(*sorted));
		if (!sorted)
			return NULL;
	}
	for (i = 0; i < in->n_params; i++)
		sorted[i] = &in->params[i];
	if (in->n_params)
		qsort(sorted, in->n_params, sizeof(*sorted), cmp_param);
	f = open_memstream(&buf, &sz);
	if (!f)
		goto out;
	for (i = 0; i < in->n_params; i++) {
		if (i)
			fputc('&', f);
		put_encoded(f, sorted[i]->name);
		fputc('=', f);
		put_encoded(f, sorted[i]->value ? sorted[i]->value : "");
	}
	finish(f, &buf);
out:
	free(sorted);
	return buf;
}

static bool inputs_ok(const struct sign_acs3_in *in)
{
	size_t i;

	if (!in->method || !*in->method || !in->host || !*in->host || !in->action || !in->version ||
	    !in->date || !in->nonce || !in->access_key_id || !in->access_key_secret ||
	    !secret_is_set(in->access_key_secret))
		return false;
	if (in->body_len && !in->body)
		return false;
	if (!value_ok(in->method) || !value_ok(in->access_key_id) ||
	    (in->uri && !value_ok(in->uri)))
		return false;
	/* The credential is a comma-separated list: a key id with ',' would forge a field. */
	if (strpbrk(in->access_key_id, ", "))
		return false;
	for (i = 0; i < in->n_params; i++)
		if (!in->params[i].name || !*in->params[i].name)
			return false;
	return true;
}

/* name\0value\0 pairs in one block, indexed by out->headers[]. */
static int build_headers(const struct sign_acs3_in *in, const struct hdr *h, size_t nh,
			 struct sign_acs3_out *out)
{
	struct hdrblock b = {0};
	const char *p, *end;
	size_t i;

	for (i = 0; i < nh; i++)
		if (h[i].wire)
			hdrblock_add(&b, h[i].wire, h[i].value, h[i].len);
	if (!in->content_type)
		hdrblock_add(&b, "Content-Type", "", 0);
	hdrblock_add(&b, "Authorization", out->authorization, strlen(out->authorization));
	if (b.oom)
		return -ENOMEM;
	out->block = b.buf;
	out->block_len = b.len;
	end = out->block + out->block_len;
	for (p = out->block; p < end && out->n_headers < SIGN_ACS3_MAX_HEADERS;) {
		struct sign_acs3_header *hd = &out->headers[out->n_headers++];

		hd->name = p;
		p += strlen(p) + 1;
		hd->value = p;
		p += strlen(p) + 1;
	}
	return 0;
}

int sign_acs3(const struct sign_acs3_in *in, struct sign_acs3_out *out, struct sign_acs3_debug *dbg)
{
	struct hdr h[8];
	size_t nh = 0, i, sz = 0, used = 0;
	char *canon = NULL, *sts = NULL;
	char signed_hdrs[256];
	char hashed[CRYPTO_SHA256_HEX_LEN + 1], sig[CRYPTO_SHA256_HEX_LEN + 1];
	uint8_t mac[CRYPTO_SHA256_LEN];
	const struct secret *key = in->access_key_secret;
	int ret = -EINVAL;
	FILE *f;

	memset(out, 0, sizeof(*out));
	if (dbg)
		memset(dbg, 0, sizeof(*dbg));
	if (!inputs_ok(in))
		return -EINVAL;
	if (!crypto_sha256_hex(in->body, in->body_len, out->content_sha256))
		return -EIO;

	/* Signed: host, content-type and every x-acs-* header (SDK getAuthorizationHeaders). */
	if (!add_hdr(h, &nh, "host", NULL, in->host) ||
	    !add_hdr(h, &nh, "x-acs-action", "x-acs-action", in->action) ||
	    !add_hdr(h, &nh, "x-acs-version", "x-acs-version", in->version) ||
	    !add_hdr(h, &nh, "x-acs-date", "x-acs-date", in->date) ||
	    !add_hdr(h, &nh, "x-acs-signature-nonce", "x-acs-signature-nonce", in->nonce) ||
	    !add_hdr(h, &nh, "x-acs-content-sha256", "x-acs-content-sha256", out->content_sha256))
		goto out;
	if (in->content_type && !add_hdr(h, &nh, "content-type", "Content-Type", in->content_type))
		goto out;
	if (in->security_token && !add_hdr(h, &nh, "x-acs-security-token", "x-acs-security-token",
					   secret_reveal(in->security_token)))
		goto out;
	qsort(h, nh, sizeof(h[0]), cmp_hdr);
	for (i = 0; i < nh; i++)
		used += (size_t)snprintf(signed_hdrs + used, sizeof(signed_hdrs) - used, "%s%s",
					 i ? ";" : "", h[i].name);

	ret = -ENOMEM;
	out->query = build_query(in);
	if (!out->query)
		goto out;

	/* CanonicalRequest = METHOD \n URI \n query \n ("name:value\n")* \n signed \n hash */
	f = open_memstream(&canon, &sz);
	if (!f)
		goto out;
	fprintf(f, "%s\n%s\n%s\n", in->method, in->uri ? in->uri : "/", out->query);
	for (i = 0; i < nh; i++)
		fprintf(f, "%s:%.*s\n", h[i].name, (int)h[i].len, h[i].value);
	fprintf(f, "\n%s\n%s", signed_hdrs, out->content_sha256);
	if (!finish(f, &canon))
		goto out;

	ret = -EIO;
	if (!crypto_sha256_hex(canon, strlen(canon), hashed))
		goto out;
	ret = -ENOMEM;
	if (asprintf(&sts, ALGORITHM "\n%s", hashed) < 0) {
		sts = NULL;
		goto out;
	}
	/* V3 keys the HMAC with the secret as is (V2 appended '&'). */
	ret = -EIO;
	if (!crypto_hmac_sha256(secret_reveal(key), key->len, sts, strlen(sts), mac))
		goto out;
	crypto_hex(mac, sizeof(mac), sig);

	ret = -ENOMEM;
	if (asprintf(&out->authorization, ALGORITHM " Credential=%s,SignedHeaders=%s,Signature=%s",
		     in->access_key_id, signed_hdrs, sig) < 0) {
		out->authorization = NULL;
		goto out;
	}
	ret = build_headers(in, h, nh, out);
	if (ret)
		goto out;
	if (dbg) {
		dbg->canonical_request = canon;
		dbg->string_to_sign = sts;
		canon = NULL;
		sts = NULL;
		memcpy(dbg->hashed_canonical_request, hashed, sizeof(hashed));
		memcpy(dbg->signature, sig, sizeof(sig));
	}
out:
	free(canon);
	free(sts);
	if (ret)
		sign_acs3_out_free(out);
	return ret;
}

void sign_acs3_out_free(struct sign_acs3_out *out)
{
	/* The signature, and the security token in the header block, are secrets. */
	if (out->authorization)
		explicit_bzero(out->authorization, strlen(out->authorization));
	free(out->query);
	free(out->authorization);
	hdrblock_free(out->block, out->block_len);
	memset(out, 0, sizeof(*out));
}

void sign_acs3_debug_free(struct sign_acs3_debug *dbg)
{
	free(dbg->canonical_request);
	free(dbg->string_to_sign);
	memset(dbg, 0, sizeof(*dbg));
}

bool sign_acs3_format_date(time_t t, char out[static SIGN_ACS3_DATE_LEN + 1])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
		return false;
	return strftime(out, SIGN_ACS3_DATE_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm) ==
	       SIGN_ACS3_DATE_LEN;
}
