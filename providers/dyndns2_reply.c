// SPDX-License-Identifier: MIT
/* Pure dyndns2 reply parser: return codes are whole first words of each line, never matched
 * as substrings (providers-reference.md §4; Dyn's and No-IP's client rules). */
#include "providers/dyndns2_reply.h"

#include <stdio.h>
#include <string.h>

#include "providers/textreply.h"

static const struct {
	const char *word;
	enum dyndns2_code code;
	enum dyndns2_class cls;
} codes[] = {
    {"good", DYNDNS2_GOOD, DYNDNS2_OK},		  {"nochg", DYNDNS2_NOCHG, DYNDNS2_UNCHANGED},
    {"badauth", DYNDNS2_BADAUTH, DYNDNS2_STOP},	  {"!donator", DYNDNS2_NOT_DONATOR, DYNDNS2_STOP},
    {"notfqdn", DYNDNS2_NOTFQDN, DYNDNS2_STOP},	  {"nohost", DYNDNS2_NOHOST, DYNDNS2_STOP},
    {"numhost", DYNDNS2_NUMHOST, DYNDNS2_STOP},	  {"abuse", DYNDNS2_ABUSE, DYNDNS2_STOP},
    {"badagent", DYNDNS2_BADAGENT, DYNDNS2_STOP}, {"911", DYNDNS2_911, DYNDNS2_LATER},
    {"dnserr", DYNDNS2_DNSERR, DYNDNS2_LATER},
};

static const struct {
	const char *meaning;
	const char *action;
} texts[] = {
    [DYNDNS2_GOOD] = {"the host was updated", "nothing"},
    [DYNDNS2_NOCHG] = {"the host already had this address", "nothing"},
    [DYNDNS2_BADAUTH] = {"the username or password was refused",
			 "fix username/password (No-IP: the DDNS key's), then reload (SIGHUP)"},
    [DYNDNS2_NOT_DONATOR] = {"the request uses a feature of paid accounts",
			     "upgrade the account at the provider, then reload (SIGHUP)"},
    [DYNDNS2_NOTFQDN] = {"the host name is not a fully qualified domain name",
			 "set the record's name to the full host name, then reload (SIGHUP)"},
    [DYNDNS2_NOHOST] = {"the host name does not exist in this account",
			"create the host at the provider or fix name/username, then reload "
			"(SIGHUP)"},
    [DYNDNS2_NUMHOST] = {"too many hosts in one request, or a round-robin host",
			 "give the record one plain host name, then reload (SIGHUP)"},
    [DYNDNS2_ABUSE] = {"the host or account is blocked for abuse",
		       "have it unblocked at the provider's site, then reload (SIGHUP)"},
    [DYNDNS2_BADAGENT] = {"the provider blocks this client's User-Agent or request",
			  "set [agent] contact, report it to the ddnsd project, then reload "
			  "(SIGHUP)"},
    [DYNDNS2_GOOD_LOOPBACK] = {"the provider ignored the request (it does not accept this "
			       "client)",
			       "set [agent] contact, report it to the ddnsd project, then reload "
			       "(SIGHUP)"},
    [DYNDNS2_911] = {"the provider has an outage or maintenance",
		     "nothing: the request is retried in 30 minutes at the earliest"},
    [DYNDNS2_DNSERR] = {"the provider's DNS failed",
			"nothing: the request is retried in 30 minutes at the earliest"},
    [DYNDNS2_HTTP_ERROR] = {"the server refused the request without a dyndns2 return code",
			    "check server = (the update URL, e.g. "
			    "https://dynupdate.no-ip.com/nic/update), then reload (SIGHUP)"},
    [DYNDNS2_UNKNOWN] = {"the reply is not a dyndns2 return code",
			 "check server = (the update URL, e.g. "
			 "https://dynupdate.no-ip.com/nic/update), then reload (SIGHUP)"},
};

const char *dyndns2_code_meaning(enum dyndns2_code code)
{
	return (unsigned)code < sizeof(texts) / sizeof(texts[0]) ? texts[code].meaning : "?";
}

const char *dyndns2_code_action(enum dyndns2_code code)
{
	return (unsigned)code < sizeof(texts) / sizeof(texts[0]) ? texts[code].action : "?";
}

/* Worse classes decide: a stop anywhere stops the record. */
static int severity(enum dyndns2_class c)
{
	switch (c) {
	case DYNDNS2_STOP:
		return 4;
	case DYNDNS2_LATER:
		return 3;
	case DYNDNS2_TRANSIENT:
		return 2;
	case DYNDNS2_OK:
		return 1;
	case DYNDNS2_UNCHANGED:
		break;
	}
	return 0;
}

/* The addresses after good/nochg, comma- or blank-separated; anything else is skipped (the
 * address is informative: the code decides). True when one of them is 127.0.0.1. */
static bool take_addrs(struct textreply_span rest, struct dyndns2_reply *out)
{
	bool loopback = false;
	size_t i = 0;

	while (i < rest.len) {
		char text[IPADDR_STRLEN];
		size_t n = 0;
		struct ipaddr a;

		while (i < rest.len && (rest.p[i] == ',' || rest.p[i] == ' ' || rest.p[i] == '\t'))
			i++;
		while (i + n < rest.len && rest.p[i + n] != ',' && rest.p[i + n] != ' ' &&
		       rest.p[i + n] != '\t')
			n++;
		if (n && n < sizeof(text)) {
			memcpy(text, rest.p + i, n);
			text[n] = '\0';
			if (ipaddr_parse(text, AF_UNSPEC, &a)) {
				if (a.family == AF_INET && a.v4.s_addr == htonl(INADDR_LOOPBACK))
					loopback = true;
				if (out->n_addrs < DYNDNS2_MAX_ADDRS)
					out->addrs[out->n_addrs++] = a;
			}
		}
		i += n;
	}
	return loopback;
}

/* One line: its code and class. */
static enum dyndns2_class line_class(struct textreply_span line, struct dyndns2_reply *out,
				     enum dyndns2_code *code, struct textreply_span *word)
{
	struct textreply_span rest;
	size_t i;

	textreply_word(line, word, &rest);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		if (!textreply_is(*word, codes[i].word))
			continue;
		*code = codes[i].code;
		if ((*code == DYNDNS2_GOOD || *code == DYNDNS2_NOCHG) && take_addrs(rest, out) &&
		    *code == DYNDNS2_GOOD) {
			*code = DYNDNS2_GOOD_LOOPBACK;
			return DYNDNS2_STOP;
		}
		return codes[i].cls;
	}
	*code = DYNDNS2_UNKNOWN;
	return DYNDNS2_STOP;
}

static void set_word(struct dyndns2_reply *out, struct textreply_span word)
{
	textreply_show(out->word, sizeof(out->word), word);
}

enum dyndns2_class dyndns2_reply_parse(long status, const char *body, size_t len, long retry_after,
				       struct dyndns2_reply *out)
{
	struct textreply_span line, word;
	bool known = false;
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	out->cls = DYNDNS2_UNCHANGED;
	out->code = DYNDNS2_NOCHG;
	out->retry_after = -1;
	if (status == 401) {
		/* Basic auth refused: the same as badauth, whatever page came with it. */
		out->cls = DYNDNS2_STOP;
		out->code = DYNDNS2_BADAUTH;
		snprintf(out->word, sizeof(out->word), "HTTP 401");
		return out->cls;
	}
	while (textreply_line(body, len, &pos, &line)) {
		enum dyndns2_code code;
		enum dyndns2_class cls;

		if (!line.len)
			continue;
		out->lines++;
		cls = line_class(line, out, &code, &word);
		if (code != DYNDNS2_UNKNOWN)
			known = true;
		if (out->lines == 1 || severity(cls) > severity(out->cls)) {
			out->cls = cls;
			out->code = code;
			set_word(out, word);
		}
	}
	if (!known && (status < 200 || status > 299)) {
		/* No return code: the status decides (a proxy's or web server's page). */
		out->code = DYNDNS2_HTTP_ERROR;
		out->cls = status >= 500 || status == 429 ? DYNDNS2_TRANSIENT : DYNDNS2_STOP;
		snprintf(out->word, sizeof(out->word), "HTTP %ld", status);
	} else if (!out->lines) {
		out->cls = DYNDNS2_STOP;
		out->code = DYNDNS2_UNKNOWN;
		snprintf(out->word, sizeof(out->word), "(empty reply)");
	}
	if (out->cls == DYNDNS2_LATER)
		out->retry_after =
		    retry_after > DYNDNS2_LATER_SECONDS ? retry_after : DYNDNS2_LATER_SECONDS;
	else if (out->cls == DYNDNS2_TRANSIENT)
		out->retry_after = retry_after >= 0 ? retry_after : -1;
	return out->cls;
}
