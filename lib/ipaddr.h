/* SPDX-License-Identifier: MIT */
/* One IPv4 or IPv6 address, the value every module passes around. */
#ifndef DDNSD_IPADDR_H
#define DDNSD_IPADDR_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <sys/socket.h>

/* Index of a family in per-family arrays. */
enum fam { FAM_V4 = 0, FAM_V6 = 1, FAM_N = 2 };

struct ipaddr {
	sa_family_t family; /* AF_INET, AF_INET6, or AF_UNSPEC for "none" */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

#define IPADDR_STRLEN INET6_ADDRSTRLEN

/* Parse text strictly (inet_pton); family AF_UNSPEC accepts either. */
bool ipaddr_parse(const char *s, int family, struct ipaddr *out);
/* Text form into buf; returns buf ("-" for AF_UNSPEC). */
const char *ipaddr_ntop(const struct ipaddr *a, char buf[static IPADDR_STRLEN]);
bool ipaddr_equal(const struct ipaddr *a, const struct ipaddr *b);
static inline bool ipaddr_is_set(const struct ipaddr *a)
{
	return a->family == AF_INET || a->family == AF_INET6;
}
static inline int fam_to_af(enum fam f)
{
	return f == FAM_V4 ? AF_INET : AF_INET6;
}
static inline enum fam af_to_fam(int af)
{
	return af == AF_INET ? FAM_V4 : FAM_V6;
}
/* "ipv4"/"ipv6" (JSON and config), "A"/"AAAA" (DNS record type). */
static inline const char *fam_name(enum fam f)
{
	return f == FAM_V4 ? "ipv4" : "ipv6";
}
static inline const char *fam_rrtype(enum fam f)
{
	return f == FAM_V4 ? "A" : "AAAA";
}

#endif
