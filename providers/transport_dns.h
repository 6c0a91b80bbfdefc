/* SPDX-License-Identifier: MIT */
/* The DNS transport of the job runner: provider requests over dns_transport.c. */
#ifndef DDNSD_TRANSPORT_DNS_H
#define DDNSD_TRANSPORT_DNS_H

#include "providers/dns_transport.h"
#include "providers/transport.h"

/* ctx: a struct dns_transport (not owned). */
extern const struct prov_transport_ops transport_dns_ops;

#endif
