/* SPDX-License-Identifier: MIT */
/* Which address to publish for one record and family, and why (pure). */
#ifndef DDNSD_SELECT_H
#define DDNSD_SELECT_H

#include <stdbool.h>

#include "lib/cfg.h"
#include "lib/ipaddr.h"
#include "netlink/view.h"

/* Address classes that are never published without allow-private. */
enum addr_class {
	ADDR_PUBLIC = 0,
	ADDR_LOOPBACK,
	ADDR_LINK_LOCAL,
	ADDR_PRIVATE,	  /* RFC 1918 */
	ADDR_CGNAT,	  /* 100.64.0.0/10 */
	ADDR_ULA,	  /* fc00::/7 */
	ADDR_V4_MAPPED,	  /* ::ffff:0:0/96 */
	ADDR_UNSPECIFIED, /* 0.0.0.0, ::, multicast and other non-unicast */
};

/* The last result of a "what is my IP" lookup for one family and URL list. */
struct web_answer {
	bool done; /* a lookup finished (ok or not) */
	bool ok;   /* addr is valid */
	struct ipaddr addr;
	char url[256];	 /* the URL that answered (or the last one tried) */
	char error[200]; /* why no URL gave an address */
};

struct select_in {
	const struct view *view;
	const struct cfg_source *src;
	enum fam fam;
	bool allow_private;
	const struct in6_addr *suffix; /* ipv6-suffix, NULL if none */
	/* The answer for this source's URL list (src->urls, or the agent's web-ipvN for
	 * "web" and "auto"); NULL when none has been asked yet. */
	const struct web_answer *web;
	/* Waiting (docs/behaviour.md, "A gap is not a change"): when patient, an interface with
	 * carrier whose best address is tentative, or that lost the address it held
	 * (held_ifindex: the interface of the last address chosen, 0 none), makes the source
	 * wait (out->wait) instead of falling back to the web or the next interface. The
	 * caller bounds the wait and then asks again without patience. */
	bool patient;
	int held_ifindex;
};

/* Why a patient selection waits. */
enum select_wait {
	SELECT_WAIT_NONE = 0,
	SELECT_WAIT_DAD, /* the best address is tentative: duplicate address detection runs */
	SELECT_WAIT_GAP, /* the link still has carrier but lost its address: a lease change */
};

struct select_out {
	bool found;
	struct ipaddr addr;
	char source[300]; /* "interface:eth0", "web:https://…", "fixed", "off", "auto:eth0" … */
	char reason[512]; /* one sentence a user can read: why this address, or why none */
	bool wants_web;	  /* the source needs (or would use) a web answer that is not here yet */
	bool web_failed;  /* the source used a web answer and it gave no address to publish */
	enum select_wait wait; /* patient only: found is false, nothing else was tried */
	int wait_ifindex;      /* the interface waited for */
	int from_ifindex;      /* the interface whose address decided (0: none, web, fixed) */
};

/* Classify an address; reason text via select_class_reason(). */
enum addr_class select_classify(const struct ipaddr *a);
const char *select_class_reason(enum addr_class c);

/* Is a an address the view would publish (scope, flags, lifetimes, class)? why explains a no. */
bool select_eligible(const struct view_addr *a, bool allow_private, char *why, size_t whylen);

/* What an interface with carrier that has no eligible address of family af is waiting
 * for: DAD when a tentative address (not failed) would be eligible after it; a gap when it
 * has none that could be and it is held_ifindex; nothing when DAD failed (move on at once). */
enum select_wait select_wait_for(const struct view *v, int ifindex, int af, bool allow_private,
				 int held_ifindex);

/* Apply the rules of DESIGN.md "Address sources". Never fails: out->found says. */
void select_address(const struct select_in *in, struct select_out *out);

#endif
