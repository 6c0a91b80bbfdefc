// SPDX-License-Identifier: MIT
/* The list of configuration errors: every problem of one run, "FILE:LINE: key: what; expected". */
#include "agent/config_errors.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cfg_errors_add(struct cfg_errors *e, const char *fmt, ...)
{
	va_list ap;
	char **msgs;
	char *m;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&m, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	msgs = realloc(e->msgs, (e->n + 1) * sizeof(*msgs));
	if (!msgs) {
		free(m);
		return;
	}
	msgs[e->n++] = m;
	e->msgs = msgs;
}

bool cfg_errors_at(struct cfg_errors *e, const char *file, int line, const char *key,
		   const char *fmt, ...)
{
	char msg[1024], k[80];
	size_t i = 0, before = e->n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* A key from the file is shown as written, minus control bytes, shortened. */
	for (; key && key[i] && i < sizeof(k) - 1; i++)
		k[i] = iscntrl((unsigned char)key[i]) ? '?' : key[i];
	k[i] = '\0';
	if (key)
		cfg_errors_add(e, "%s:%d: %s: %s", file, line, k, msg);
	else
		cfg_errors_add(e, "%s:%d: %s", file, line, msg);
	return e->n > before;
}

static long msg_line(const char *msg, const char *file, size_t flen)
{
	if (strncmp(msg, file, flen) != 0 || msg[flen] != ':')
		return 0;
	return strtol(msg + flen + 1, NULL, 10);
}

void cfg_errors_sort(struct cfg_errors *e, size_t from, const char *file)
{
	size_t flen = strlen(file);

	/* Insertion sort: stable, and the lists are short. */
	for (size_t i = from + 1; i < e->n; i++) {
		char *m = e->msgs[i];
		long line = msg_line(m, file, flen);
		size_t j = i;

		for (; j > from && msg_line(e->msgs[j - 1], file, flen) > line; j--)
			e->msgs[j] = e->msgs[j - 1];
		e->msgs[j] = m;
	}
}

void cfg_errors_free(struct cfg_errors *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->msgs[i]);
	free(e->msgs);
	e->msgs = NULL;
	e->n = 0;
}
