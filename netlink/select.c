// SPDX-License-Identifier: MIT
/* Which address to publish for one record and family, and why (pure: no I/O, no globals). */
#include "netlink/select.h"

#include <net/if.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Append to a bounded, NUL-terminated buffer; output that does not fit is cut off. */
static void __attribute__((format(printf, 3, 4)))
appendf(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strnlen(buf, len);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* snprintf that gcc's -Wformat-truncation leaves alone: cutting a reason short is fine here. */
static void __attribute__((format(printf, 3, 4))) setf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* "IPv4"/"IPv6" for sentences (fam_name() is the config and JSON spelling). */
static const char *fam_label(enum fam f)
{
	return f == FAM_V4 ? "IPv4" : "IPv6";
}

static bool in_v4(uint32_t host, uint32_t net, int plen)
{
	uint32_t mask = plen == 0 ? 0 : UINT32_MAX << (32 - plen);

	return (host & mask) == net;
}

static enum addr_class classify_v4(const struct in_addr *a)
{
	uint32_t h = ntohl(a->s_addr);

	if (in_v4(h, 0x7f000000, 8))
		return ADDR_LOOPBACK;
	if (in_v4(h, 0xa9fe0000, 16))
		return ADDR_LINK_LOCAL;
	if (in_v4(h, 0x0a000000, 8) || in_v4(h, 0xac100000, 12) || in_v4(h, 0xc0a80000, 16))
		return ADDR_PRIVATE;
	if (in_v4(h, 0x64400000, 10))
		return ADDR_CGNAT;
	/* "this network", multicast, reserved and broadcast are never a host's address. */
	if (in_v4(h, 0x00000000, 8) || in_v4(h, 0xe0000000, 4) || in_v4(h, 0xf0000000, 4))
		return ADDR_UNSPECIFIED;
	return ADDR_PUBLIC;
}

static enum addr_class classify_v6(const struct in6_addr *a)
{
	const uint8_t *b = a->s6_addr;
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	static const uint8_t zero[16];

	if (memcmp(b, zero, 15) == 0 && (b[15] == 0 || b[15] == 1))
		return b[15] == 1 ? ADDR_LOOPBACK : ADDR_UNSPECIFIED;
	if (memcmp(b, mapped, sizeof(mapped)) == 0)
		return ADDR_V4_MAPPED;
	if (b[0] == 0xff)
		return ADDR_UNSPECIFIED;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return ADDR_LINK_LOCAL;
	if ((b[0] & 0xfe) == 0xfc)
		return ADDR_ULA;
	return ADDR_PUBLIC;
}

enum addr_class select_classify(const struct ipaddr *a)
{
	if (a->family == AF_INET)
		return classify_v4(&a->v4);
	if (a->family == AF_INET6)
		return classify_v6(&a->v6);
	return ADDR_UNSPECIFIED;
}

/* Each reads after "ADDRESS is ". */
const char *select_class_reason(enum addr_class c)
{
	switch (c) {
	case ADDR_PUBLIC:
		return "a public address";
	case ADDR_LOOPBACK:
		return "a loopback address";
	case ADDR_LINK_LOCAL:
		return "a link-local address";
	case ADDR_PRIVATE:
		return "a private RFC 1918 address";
	case ADDR_CGNAT:
		return "in 100.64.0.0/10, carrier-grade NAT (CGNAT): inbound connections will not "
		       "reach you at this address";
	case ADDR_ULA:
		return "a unique local address (ULA, fc00::/7)";
	case ADDR_V4_MAPPED:
		return "an IPv4-mapped IPv6 address (::ffff:0:0/96)";
	case ADDR_UNSPECIFIED:
		return "not a unicast host address (unspecified, multicast or reserved)";
	}
	return "of an unknown class";
}

/* May an address of class c be published? why gets "ADDR is …" when not. */
static bool class_ok(const struct ipaddr *a, bool allow_private, char *why, size_t whylen)
{
	enum addr_class c = select_classify(a);
	char buf[IPADDR_STRLEN];

	if (c == ADDR_PUBLIC || (c != ADDR_UNSPECIFIED && allow_private))
		return true;
	if (!why)
		return false;
	setf(why, whylen, "%s is %s%s", ipaddr_ntop(a, buf), select_class_reason(c),
	     c == ADDR_UNSPECIFIED ? "" : ", allow-private = yes would publish it");
	return false;
}

static const char *scope_name(uint8_t scope)
{
	switch (scope) {
	case RT_SCOPE_SITE:
		return "site";
	case RT_SCOPE_LINK:
		return "link";
	case RT_SCOPE_HOST:
		return "host";
	case RT_SCOPE_NOWHERE:
		return "nowhere";
	}
	return "non-global";
}

/* Kernel state of the address, class aside; why gets "ADDR is …" when it is not usable. */
static bool state_ok(const struct view_addr *a, char *why, size_t whylen)
{
	char where[IPADDR_STRLEN];
	const char *what = NULL;

	ipaddr_ntop(&a->addr, where);
	if (a->addr.family != AF_INET && a->addr.family != AF_INET6) {
		what = "is not an IP address";
	} else if (a->scope != RT_SCOPE_UNIVERSE) {
		setf(why, whylen, "%s has %s scope, not global", where, scope_name(a->scope));
		return false;
	} else if (a->addr.family == AF_INET) {
		if (a->flags & IFA_F_SECONDARY)
			what = "is a secondary address (only the primary one of a subnet is used)";
	} else if (a->flags & IFA_F_DADFAILED) {
		/* Checked before tentative: a failed address keeps the tentative flag. */
		what = "failed duplicate address detection (another host has it)";
	} else if (a->flags & IFA_F_TENTATIVE) {
		what = "is tentative (duplicate address detection not finished)";
	} else if ((a->flags & IFA_F_DEPRECATED) || a->preferred == 0) {
		/* The kernel first announces a deprecation as preferred lifetime 0 without
		 * the flag (netns-recipes/README.md). */
		what = "is deprecated (preferred lifetime over)";
	} else if (a->flags & IFA_F_TEMPORARY) {
		/* Same bit as IFA_F_SECONDARY; for IPv6 it means a privacy address. */
		what = "is a temporary (privacy) address that changes by itself";
	}
	if (what) {
		setf(why, whylen, "%s %s", where, what);
		return false;
	}
	return true;
}

bool select_eligible(const struct view_addr *a, bool allow_private, char *why, size_t whylen)
{
	return state_ok(a, why, whylen) && class_ok(&a->addr, allow_private, why, whylen);
}

/* When the address stops being preferred. The new address of a DHCPv6-PD change is
 * announced after its DAD with the seconds left then, less than what the old one had when
 * it was last announced, seconds earlier: only the ends compare. */
static double pref_end(const struct view_addr *a)
{
	if (a->preferred == VIEW_LIFETIME_FOREVER)
		return HUGE_VAL;
	return a->stamp + a->preferred;
}

/* Is a a better choice than b (both eligible, same family)? */
static bool better(const struct view_addr *a, const struct view_addr *b)
{
	bool pa = select_classify(&a->addr) == ADDR_PUBLIC;
	bool pb = select_classify(&b->addr) == ADDR_PUBLIC;
	bool ta = a->flags & IFA_F_TEMPORARY, tb = b->flags & IFA_F_TEMPORARY;

	if (pa != pb)
		return pa;
	if (a->addr.family == AF_INET)
		return a->seq < b->seq; /* the first primary */
	/* Stable (mngtmpaddr, permanent) before temporary, should a temporary one ever
	 * become eligible. */
	if (ta != tb)
		return !ta;
	/* After a DHCPv6-PD change the old address stays with a shorter lifetime than
	 * the new one (netns-recipes/README.md §4, gotcha 4). FOREVER is UINT32_MAX. */
	if (pref_end(a) != pref_end(b))
		return pref_end(a) > pref_end(b);
	return a->seq > b->seq;
}

/* A link known to be down fails over (an IPv4 address stays on a link without carrier).
 * Same test as view.c: IF_OPER_UNKNOWN (PPP, many virtual links) counts as up. */
static const char *link_down(const struct view_link *l)
{
	if (!(l->flags & IFF_UP))
		return "is down";
	if (!(l->flags & IFF_LOWER_UP) || l->operstate == IF_OPER_DOWN ||
	    l->operstate == IF_OPER_LOWERLAYERDOWN || l->operstate == IF_OPER_NOTPRESENT)
		return "has no carrier";
	return NULL;
}

/* The best eligible address of family af on ifindex. When there is none, why gets a clause
 * that follows the interface name: "has no IPv4 address", "has no eligible … (…)". */
static const struct view_addr *pick(const struct view *v, int ifindex, int af, bool allow_private,
				    char *why, size_t whylen)
{
	const struct view_addr *best = NULL;
	char one[200];
	size_t n = 0;

	why[0] = '\0';
	for (size_t i = 0; i < v->n_addrs; i++) {
		const struct view_addr *a = &v->addrs[i];

		if (a->ifindex != ifindex || a->addr.family != af)
			continue;
		n++;
		if (state_ok(a, one, sizeof(one)) &&
		    class_ok(&a->addr, allow_private, one, sizeof(one))) {
			if (!best || better(a, best))
				best = a;
			continue;
		}
		appendf(why, whylen, "%s%s", why[0] ? "; " : "", one);
	}
	if (best)
		return best;
	if (n == 0) {
		setf(why, whylen, "has no %s address", fam_label(af_to_fam(af)));
	} else {
		setf(one, sizeof(one), "%s", why);
		setf(why, whylen, "has no eligible %s address (%s)", fam_label(af_to_fam(af)), one);
	}
	return NULL;
}

enum select_wait select_wait_for(const struct view *v, int ifindex, int af, bool allow_private,
				 int held_ifindex)
{
	bool tentative = false, failed = false;

	for (size_t i = 0; i < v->n_addrs; i++) {
		const struct view_addr *a = &v->addrs[i];

		if (a->ifindex != ifindex || a->addr.family != af ||
		    a->scope != RT_SCOPE_UNIVERSE || !class_ok(&a->addr, allow_private, NULL, 0))
			continue;
		/* A failed address keeps IFA_F_TENTATIVE; a temporary one is never chosen. */
		if (a->flags & IFA_F_DADFAILED)
			failed = true;
		else if (af == AF_INET6 && (a->flags & IFA_F_TENTATIVE) &&
			 !(a->flags & IFA_F_TEMPORARY))
			tentative = true;
	}
	if (tentative)
		return SELECT_WAIT_DAD;
	if (failed || held_ifindex == 0 || ifindex != held_ifindex)
		return SELECT_WAIT_NONE;
	return SELECT_WAIT_GAP;
}

/* Patient sources wait on a link with carrier that is about to have an address again;
 * returns true (and fills out) when they do. name: the interface, for the reason. */
static bool wait_on(const struct select_in *in, struct select_out *out, int ifindex,
		    const char *name, bool allow_private)
{
	int af = fam_to_af(in->fam);
	enum select_wait w;

	if (!in->patient)
		return false;
	w = select_wait_for(in->view, ifindex, af, allow_private, in->held_ifindex);
	if (w == SELECT_WAIT_NONE)
		return false;
	out->wait = w;
	out->wait_ifindex = ifindex;
	if (w == SELECT_WAIT_DAD)
		setf(out->reason, sizeof(out->reason),
		     "waiting for %s: its %s address is tentative (duplicate address detection "
		     "not finished)",
		     name, fam_label(in->fam));
	else
		setf(out->reason, sizeof(out->reason),
		     "waiting for %s: it still has carrier but lost its %s address (a lease or "
		     "prefix change)",
		     name, fam_label(in->fam));
	return true;
}

/* A URL fit for a log line or status file: no user:password@, query or fragment. */
static void url_redact(const char *url, size_t maxlen, char *out, size_t outlen)
{
	char raw[300];
	const char *scheme_end;
	const char *host;
	const char *at;

	setf(raw, sizeof(raw), "%.*s", (int)strnlen(url, maxlen), url);
	url = raw;
	scheme_end = strstr(url, "://");
	host = scheme_end ? scheme_end + 3 : url;
	at = memrchr(host, '@', strcspn(host, "/?#"));

	setf(out, outlen, "%.*s", (int)(host - url), url);
	if (at)
		host = at + 1;
	appendf(out, outlen, "%.*s", (int)strcspn(host, "?#"), host);
}

static void set_found(struct select_out *out, const struct ipaddr *a)
{
	out->found = true;
	out->addr = *a;
}

/* The web answer as the address to publish; prefix goes before the reason ("" or "eth0 …; "). */
static void use_web(const struct select_in *in, struct select_out *out, const char *source_prefix,
		    const char *reason_prefix)
{
	const struct web_answer *w = in->web;
	char url[256], why[200], buf[IPADDR_STRLEN];

	if (!w || !w->done) {
		out->wants_web = true;
		setf(out->source, sizeof(out->source), "%s", source_prefix);
		setf(out->reason, sizeof(out->reason), "%swaiting for the web lookup",
		     reason_prefix);
		return;
	}
	url_redact(w->url, sizeof(w->url), url, sizeof(url));
	setf(out->source, sizeof(out->source), "%s:%s", source_prefix, url);
	out->web_failed = true; /* until the answer turns out usable */
	if (!w->ok) {
		setf(out->reason, sizeof(out->reason), "%sthe web lookup failed: %.*s",
		     reason_prefix, (int)sizeof(w->error), w->error[0] ? w->error : "no address");
		return;
	}
	if (w->addr.family != fam_to_af(in->fam)) {
		setf(out->reason, sizeof(out->reason), "%s%s answered %s, not an %s address",
		     reason_prefix, url, ipaddr_ntop(&w->addr, buf), fam_label(in->fam));
		return;
	}
	if (!class_ok(&w->addr, in->allow_private, why, sizeof(why))) {
		setf(out->reason, sizeof(out->reason), "%sthe answer of %s is refused: %s",
		     reason_prefix, url, why);
		return;
	}
	out->web_failed = false;
	set_found(out, &w->addr);
	setf(out->reason, sizeof(out->reason), "%sasked the web: %s", reason_prefix, url);
}

static void src_fixed(const struct select_in *in, struct select_out *out)
{
	const struct ipaddr *a = &in->src->fixed;
	char why[200];

	setf(out->source, sizeof(out->source), "fixed");
	if (a->family != fam_to_af(in->fam)) {
		setf(out->reason, sizeof(out->reason), "the fixed address is not an %s address",
		     fam_label(in->fam));
	} else if (!class_ok(a, in->allow_private, why, sizeof(why))) {
		setf(out->reason, sizeof(out->reason), "fixed address refused: %s", why);
	} else {
		set_found(out, a);
		setf(out->reason, sizeof(out->reason), "fixed in the configuration");
	}
}

static void src_interface(const struct select_in *in, struct select_out *out)
{
	const struct cfg_source *s = in->src;
	int af = fam_to_af(in->fam);
	char why[240], failed[300] = "";

	setf(out->source, sizeof(out->source), "interface:");
	for (size_t i = 0; i < s->n_ifs && i < CFG_MAX_IFS; i++)
		appendf(out->source, sizeof(out->source), "%s%.*s", i ? "," : "", IFNAMSIZ,
			s->ifnames[i]);
	for (size_t i = 0; i < s->n_ifs && i < CFG_MAX_IFS; i++) {
		const struct view_link *l = view_link_by_name(in->view, s->ifnames[i]);
		const struct view_addr *a = NULL;
		char name[IFNAMSIZ + 1];

		setf(name, sizeof(name), "%.*s", IFNAMSIZ, s->ifnames[i]);
		if (!l)
			setf(why, sizeof(why), "does not exist");
		else if (link_down(l))
			setf(why, sizeof(why), "%s", link_down(l));
		else
			a = pick(in->view, l->ifindex, af, in->allow_private, why, sizeof(why));
		if (!a && l && !link_down(l) &&
		    wait_on(in, out, l->ifindex, name, in->allow_private)) {
			setf(out->source, sizeof(out->source), "interface:%s", name);
			return;
		}
		if (!a) {
			appendf(failed, sizeof(failed), "%s%s %s", i ? "; " : "", name, why);
			continue;
		}
		set_found(out, &a->addr);
		out->from_ifindex = l->ifindex;
		setf(out->source, sizeof(out->source), "interface:%s", name);
		/* The interface in use first: the list of failures may be cut short. */
		if (i == 0)
			setf(out->reason, sizeof(out->reason),
			     "address of %s, the first listed interface", name);
		else
			setf(out->reason, sizeof(out->reason), "failover to %s: %s", name, failed);
		return;
	}
	if (s->n_ifs == 0)
		setf(out->reason, sizeof(out->reason), "no interface is listed");
	else
		setf(out->reason, sizeof(out->reason), "%s", failed);
}

static void src_auto(const struct select_in *in, struct select_out *out)
{
	int af = fam_to_af(in->fam);
	const struct view_route *r = view_best_default(in->view, af);
	const struct view_link *l;
	const struct view_addr *a;
	/* why is kept short so that the web part of the reason still fits after it. */
	char name[IFNAMSIZ + 16], why[240], prefix[400], buf[IPADDR_STRLEN];
	enum addr_class c;

	setf(out->source, sizeof(out->source), "auto");
	if (!r) {
		/* Without a default route there is no way out: no web lookup either. */
		setf(out->reason, sizeof(out->reason), "no default %s route", fam_label(in->fam));
		return;
	}
	l = view_link_by_index(in->view, r->ifindex);
	if (l)
		setf(name, sizeof(name), "%.*s", IFNAMSIZ, l->name);
	else
		setf(name, sizeof(name), "ifindex %d", r->ifindex);
	/* Private classes are let through here and judged below, to say "has only …". */
	a = pick(in->view, r->ifindex, af, true, why, sizeof(why));
	c = a ? select_classify(&a->addr) : ADDR_UNSPECIFIED;
	if (!a && (!l || !link_down(l)) && wait_on(in, out, r->ifindex, name, true)) {
		setf(out->source, sizeof(out->source), "auto:%s", name);
		return;
	}
	if (a)
		out->from_ifindex = r->ifindex;
	if (a && (c == ADDR_PUBLIC || in->allow_private)) {
		set_found(out, &a->addr);
		setf(out->source, sizeof(out->source), "auto:%s", name);
		if (c == ADDR_PUBLIC)
			setf(out->reason, sizeof(out->reason),
			     "public address on %s, the interface of the default route", name);
		else
			setf(out->reason, sizeof(out->reason),
			     "%s on %s, the interface of the default route, is %s; published "
			     "because allow-private = yes",
			     ipaddr_ntop(&a->addr, buf), name, select_class_reason(c));
		return;
	}
	if (a)
		setf(prefix, sizeof(prefix), "%s has only %s (%s); ", name,
		     ipaddr_ntop(&a->addr, buf), select_class_reason(c));
	else
		setf(prefix, sizeof(prefix), "%s %s; ", name, why);
	use_web(in, out, "auto:web", prefix);
}

static void apply_suffix(const struct select_in *in, struct select_out *out)
{
	char buf[IPADDR_STRLEN], why[200];

	if (!out->found || in->fam != FAM_V6 || !in->suffix || out->addr.family != AF_INET6)
		return;
	/* Keep the /64 prefix, take the host part from the suffix. */
	memcpy(&out->addr.v6.s6_addr[8], &in->suffix->s6_addr[8], 8);
	if (!inet_ntop(AF_INET6, in->suffix, buf, sizeof(buf)))
		setf(buf, sizeof(buf), "?");
	appendf(out->reason, sizeof(out->reason), ", with suffix %s", buf);
	if (!class_ok(&out->addr, in->allow_private, why, sizeof(why))) {
		out->found = false;
		appendf(out->reason, sizeof(out->reason), "; refused: %s", why);
	}
}

void select_address(const struct select_in *in, struct select_out *out)
{
	memset(out, 0, sizeof(*out));
	switch (in->src->kind) {
	case CFG_SRC_OFF:
		setf(out->source, sizeof(out->source), "off");
		setf(out->reason, sizeof(out->reason), "%s is not managed (off)",
		     fam_name(in->fam));
		return;
	case CFG_SRC_FIXED:
		src_fixed(in, out);
		break;
	case CFG_SRC_INTERFACE:
		src_interface(in, out);
		break;
	case CFG_SRC_WEB:
		use_web(in, out, "web", "");
		break;
	case CFG_SRC_AUTO:
		src_auto(in, out);
		break;
	}
	apply_suffix(in, out);
	if (!out->found)
		memset(&out->addr, 0, sizeof(out->addr)); /* AF_UNSPEC */
}
