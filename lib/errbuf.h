/* SPDX-License-Identifier: MIT */
/* A fixed-size explanation buffer for parsers that must say what is wrong (no malloc). */
#ifndef DDNSD_ERRBUF_H
#define DDNSD_ERRBUF_H

#include <stdarg.h>
#include <stdio.h>

struct errbuf {
	char msg[512];
};

__attribute__((format(printf, 2, 3))) static inline void errbuf_set(struct errbuf *e,
								    const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

#endif
