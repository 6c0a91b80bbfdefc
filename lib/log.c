// SPDX-License-Identifier: MIT
/* Logging to stderr: level filter, optional journald priority prefix, errno preserved. */
#include "lib/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum log_level threshold = LOG_LVL_INFO;
static bool journal;

void log_init(enum log_level level)
{
	threshold = level;
	/* systemd sets JOURNAL_STREAM when stderr is connected to the journal; then the
	 * "<N>" prefix carries the priority and the journal adds its own timestamp. */
	journal = getenv("JOURNAL_STREAM") != NULL;
}

enum log_level log_get_level(void)
{
	return threshold;
}

bool log_enabled(enum log_level level)
{
	return level <= threshold;
}

__attribute__((format(printf, 3, 0))) static void vlog(enum log_level level, const char *err,
						       const char *fmt, va_list ap)
{
	static const char *const names[] = {"error", "warning", "info", "debug"};
	static const int prio[] = {3, 4, 6, 7};
	char line[2048];
	int saved = errno;

	if (!log_enabled(level))
		goto out;
	vsnprintf(line, sizeof(line), fmt, ap);
	if (journal)
		fprintf(stderr, "<%d>%s%s%s\n", prio[level], line, err ? ": " : "", err ? err : "");
	else
		fprintf(stderr, "ddnsd[%s]: %s%s%s\n", names[level], line, err ? ": " : "",
			err ? err : "");
out:
	errno = saved;
}

#define LOG_BODY(level, err)                                                                       \
	do {                                                                                       \
		va_list ap;                                                                        \
		va_start(ap, fmt);                                                                 \
		vlog((level), (err), fmt, ap);                                                     \
		va_end(ap);                                                                        \
	} while (0)

void log_warn(const char *fmt, ...)
{
	const char *err = strerror(errno);

	LOG_BODY(LOG_LVL_WARN, err);
}

void log_warnx(const char *fmt, ...)
{
	LOG_BODY(LOG_LVL_WARN, NULL);
}

void log_error(const char *fmt, ...)
{
	LOG_BODY(LOG_LVL_ERROR, NULL);
}

void log_info(const char *fmt, ...)
{
	LOG_BODY(LOG_LVL_INFO, NULL);
}

void log_debug(const char *fmt, ...)
{
	LOG_BODY(LOG_LVL_DEBUG, NULL);
}

void fatal(const char *fmt, ...)
{
	const char *err = strerror(errno);

	LOG_BODY(LOG_LVL_ERROR, err);
	exit(1);
}

void fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_LVL_ERROR, NULL);
	exit(1);
}
