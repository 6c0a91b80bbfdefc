/* SPDX-License-Identifier: MIT */
/* A custom HTTP request template with {ip} {ipv4} {ipv6} {name} placeholders. */
#ifndef DDNSD_CUSTOM_H
#define DDNSD_CUSTOM_H

#include "providers/provider.h"

extern const struct provider_ops custom_ops;

#endif
