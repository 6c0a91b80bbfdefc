// SPDX-License-Identifier: MIT
/* Whole-file reads with a size cap, and the atomic replace of a small file. */
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int join(char *dst, size_t size, const char *dir, const char *name, const char *suffix)
{
	int n = snprintf(dst, size, "%s/%s%s", dir, name, suffix);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Free a buffer that may hold a secret: wiped first. */
static void wipe_free(char *buf, size_t size)
{
	if (buf)
		explicit_bzero(buf, size);
	free(buf);
}

int file_read_bounded(const char *path, size_t max, char **data, size_t *len)
{
	struct stat sb;

	return file_read_bounded_st(path, max, data, len, &sb);
}

int file_read_bounded_st(const char *path, size_t max, char **data, size_t *len, struct stat *st)
{
	struct stat sb;
	char *buf = NULL;
	size_t have = 0, size = 0;
	int fd, ret;

	*data = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO planted as the file must not hang the open (the check below
	 * refuses it); reads of a regular file ignore the flag. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &sb) < 0) {
		ret = -errno;
		goto out;
	}
	*st = sb;
	if (!S_ISREG(sb.st_mode)) {
		ret = -EINVAL;
		goto out;
	}
	if ((unsigned long long)sb.st_size > max) {
		ret = -EFBIG;
		goto out;
	}
	/* Read to EOF rather than trusting st_size: the file may grow under us. The buffer
	 * always has one byte more than size, for the NUL. */
	size = (size_t)sb.st_size + 1;
	buf = malloc(size + 1);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	for (;;) {
		ssize_t r;

		if (have == size) {
			char *n;

			if (size > max) {
				ret = -EFBIG;
				goto out;
			}
			/* Not realloc: the old block may hold a secret and is wiped. */
			n = malloc((size > (max + 1) / 2 ? max + 1 : size * 2) + 1);
			if (!n) {
				ret = -ENOMEM;
				goto out;
			}
			memcpy(n, buf, have);
			wipe_free(buf, size + 1);
			buf = n;
			size = size > (max + 1) / 2 ? max + 1 : size * 2;
		}
		r = read(fd, buf + have, size - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = -errno;
			goto out;
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	if (have > max) {
		ret = -EFBIG;
		goto out;
	}
	buf[have] = '\0';
	*data = buf;
	*len = have;
	buf = NULL;
	ret = 0;
out:
	wipe_free(buf, size + 1);
	close(fd);
	return ret;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

int file_write_atomic(const char *dir, const char *name, const char *data, size_t len,
		      mode_t file_mode, mode_t dir_mode)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	int fd = -1, dfd = -1, ret;

	ret = join(tmp, sizeof(tmp), dir, name, ".tmp");
	if (ret == 0)
		ret = join(path, sizeof(path), dir, name, "");
	if (ret < 0)
		return ret;
	/* Created with exactly dir_mode (the umask would narrow it); an existing directory
	 * keeps the mode its owner (systemd's StateDirectoryMode=...) gave it. */
	if (mkdir(dir, dir_mode) == 0) {
		if (chmod(dir, dir_mode) < 0)
			return -errno;
	} else if (errno != EEXIST) {
		return -errno;
	}
	/* A temp file left by a crash is ours to replace; O_EXCL + O_NOFOLLOW then make
	 * sure we write a fresh file and not through a planted symlink. */
	if (unlink(tmp) < 0 && errno != ENOENT)
		return -errno;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, file_mode);
	if (fd < 0)
		return -errno;
	/* The umask may have taken bits away (or the mode is meant to be exact). */
	if (fchmod(fd, file_mode) < 0) {
		ret = -errno;
		goto out;
	}
	ret = write_all(fd, data, len);
	if (ret < 0)
		goto out;
	if (fsync(fd) < 0) {
		ret = -errno;
		goto out;
	}
	ret = close(fd);
	fd = -1;
	if (ret < 0) {
		ret = -errno;
		goto out;
	}
	if (rename(tmp, path) < 0) {
		ret = -errno;
		goto out;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) < 0) {
		/* The file is in place; only its durability across a crash is in doubt. */
		ret = -errno;
		goto out_dir;
	}
	ret = 0;
	goto out_dir;
out:
	unlink(tmp);
out_dir:
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	return ret;
}
