/* SPDX-License-Identifier: MIT */
/* What the signed RPC APIs (alidns, DNSPod) share in their replies: classes, the error envelope. */
#ifndef DDNSD_APIREPLY_H
#define DDNSD_APIREPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "providers/provider.h"

#define APIREPLY_CODE_LEN  64
#define APIREPLY_MSG_LEN   192
#define APIREPLY_REQID_LEN 64

/* Each parser maps its API's codes onto these (alidns_reply.h, dnspod_reply.h say which). */
enum apireply_class {
	APIREPLY_OK,	    /* success: the action's fields are filled */
	APIREPLY_NOT_FOUND, /* the look-up found no such record (DNSPod): create it */
	APIREPLY_EXISTS,    /* the write was refused: an equal record is already there */
	APIREPLY_STALE_ID,  /* no record with this id (deleted meanwhile): look it up again */
	APIREPLY_TRANSIENT, /* throttled, internal error, 5xx, nonce reused: retry with backoff */
	APIREPLY_AUTH,	    /* key unknown or disabled, signature refused, not allowed: stop */
	APIREPLY_PERMANENT, /* any other refusal (zone, parameter, TTL, clock): stop */
	APIREPLY_MALFORMED, /* a 2xx reply that is not the documented JSON */
};

/* The class of a reply and its error envelope ("" when absent). Control bytes are replaced
 * by '?'; truncation never splits a UTF-8 sequence. */
struct apireply {
	enum apireply_class cls;
	bool clock_skew; /* the API refused the request's time stamp: this host's clock is off */
	char code[APIREPLY_CODE_LEN];
	char message[APIREPLY_MSG_LEN];
	char request_id[APIREPLY_REQID_LEN];
};

/* Bounded copy for text shown to the user: control bytes become '?', and a cut never leaves
 * half a UTF-8 sequence behind. */
void apireply_copy_text(char *dst, size_t size, const char *src);
/* Copy a field the job acts on: false unless it fits whole and holds no control byte. */
bool apireply_copy_field(char *dst, size_t size, const char *src);
/* code is family itself or one of its dotted members ("Throttling", "Throttling.User"). */
bool apireply_code_is(const char *code, const char *family);
/* Copy the envelope's fields (each NULL when absent) into a: the request id always, the code
 * and message only when code is not empty. True when there is a code, which then decides the
 * class whatever the status says. */
bool apireply_envelope(struct apireply *a, const char *request_id, const char *code,
		       const char *message);
/* The class of a reply without an error code: by its HTTP status when that is not 2xx, else
 * APIREPLY_OK when the body has the documented shape, APIREPLY_MALFORMED when not. */
enum apireply_class apireply_status_class(long status, bool documented);
/* End the job as unchanged after the API refused a write because an equal record is already
 * there (APIREPLY_EXISTS): "TYPE NAME already ADDR (ACTION: CODE)". */
enum prov_result apireply_exists(struct prov_job *job, const struct apireply *a, const char *action,
				 const char *name, struct prov_outcome *out);
/* End the job on a refusal or a reply that is not the API: one line "PROVIDER: ACTION TYPE
 * NAME: CODE: MESSAGE" ("HTTP STATUS" without a code), a clock hint when the API refused the
 * time stamp (skew_min: the minutes of skew it allows), " [RequestId ID]" for a support
 * ticket; secret is redacted. TRANSIENT and MALFORMED give PROV_RETRY (with the reply's
 * Retry-After), AUTH PROV_AUTH, any other class PROV_PERMANENT. Returns the result. */
enum prov_result apireply_failed(struct prov_job *job, const struct apireply *a,
				 const struct prov_reply *r, const char *provider,
				 const char *action, const char *name, int skew_min,
				 const struct secret *secret, struct prov_outcome *out);
/* After a PROV_AUTH: append "; HINT" (which permission the credentials need) to the message,
 * as far as it fits. Returns res. */
enum prov_result apireply_auth_hint(enum prov_result res, const char *hint,
				    struct prov_outcome *out);

#endif
