/* SPDX-License-Identifier: MIT */
/* RUNTIME_DIR/ddnsd.lock: one agent (run or once) at a time, and whether one is running. */
#ifndef DDNSD_LOCK_H
#define DDNSD_LOCK_H

#define LOCK_FILE "ddnsd.lock"

/* Take the lock (DIR created 0755 when missing; the file, 0644, holds our PID). The open
 * descriptor (returned, >= 0) keeps it until the process ends. -EWOULDBLOCK when another
 * process holds it (*holder its PID, 0 when unknown), another -errno when it cannot be
 * taken. */
int lock_take(const char *dir, long *holder);
/* Is an agent holding the lock in DIR? 1 yes (*holder its PID, 0 when unknown), 0 no (or
 * no lock file), -errno when that cannot be known. Needs only read access. */
int lock_probe(const char *dir, long *holder);

#endif
