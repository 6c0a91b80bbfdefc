// SPDX-License-Identifier: MIT
/* RUNTIME_DIR/ddnsd.lock: flock(2) on a file that is never removed (removing it would let a
 * second agent lock a new file while the first holds the old one). */
#include "agent/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int lock_path(char *dst, size_t size, const char *dir)
{
	int n = snprintf(dst, size, "%s/%s", dir, LOCK_FILE);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* The PID the holder wrote (0 when unreadable: it may be between open and write). */
static long read_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	long pid;
	char *end;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, &end, 10);
	return pid > 0 && (*end == '\n' || *end == '\0') ? pid : 0;
}

int lock_take(const char *dir, long *holder)
{
	char path[PATH_MAX], buf[32];
	struct stat sb;
	int fd, n, ret;

	*holder = 0;
	ret = lock_path(path, sizeof(path), dir);
	if (ret < 0)
		return ret;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		ret = -errno;
		if (ret == -EWOULDBLOCK)
			*holder = read_pid(fd);
		close(fd);
		return ret;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n) {
		ret = -errno;
		close(fd);
		return ret;
	}
	fchmod(fd, 0644); /* status (any user) reads it whatever the umask was */
	return fd;
}

int lock_probe(const char *dir, long *holder)
{
	char path[PATH_MAX];
	int fd, ret;

	*holder = 0;
	ret = lock_path(path, sizeof(path), dir);
	if (ret < 0)
		return ret;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		ret = 0;
	} else if (errno == EWOULDBLOCK) {
		*holder = read_pid(fd);
		ret = 1;
	} else {
		ret = -errno;
	}
	close(fd);
	return ret;
}
