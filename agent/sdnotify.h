/* SPDX-License-Identifier: MIT */
/* systemd readiness and status notifications (Type=notify), without libsystemd. */
#ifndef DDNSD_SDNOTIFY_H
#define DDNSD_SDNOTIFY_H

#include <stdbool.h>

/* Send text ("READY=1", "STATUS=…", "WATCHDOG=1") to $NOTIFY_SOCKET; a no-op (0) when
 * not started by systemd. 0 or -errno. */
int sdnotify(const char *text);
/* The watchdog interval in seconds from $WATCHDOG_USEC (for this PID), or 0. */
double sdnotify_watchdog_interval(void);

#endif
