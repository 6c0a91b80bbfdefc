/* SPDX-License-Identifier: MIT */
/* Whole-file reads with a size cap, and the atomic replace of a small file. */
#ifndef DDNSD_FILEIO_H
#define DDNSD_FILEIO_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* The atomic replace that state.json and status.json use: DIR/NAME.tmp is created
 * (O_EXCL, O_NOFOLLOW, exactly file_mode), written, fsync'ed, renamed over DIR/NAME, and
 * DIR is fsync'ed so the rename survives a power cut. DIR is created with exactly dir_mode
 * when missing (its parent must exist; an existing DIR keeps its mode). When writing fails
 * the temp file is removed and DIR/NAME is untouched; only the last step, the fsync of DIR,
 * can fail after DIR/NAME was replaced. 0 or -errno. */
int file_write_atomic(const char *dir, const char *name, const char *data, size_t len,
		      mode_t file_mode, mode_t dir_mode);
/* Read a whole regular file of at most max bytes into a malloc'ed, NUL-terminated buffer
 * (*data, *len; free() it). 0, -EFBIG (larger), -EINVAL (not a regular file), -errno. */
int file_read_bounded(const char *path, size_t max, char **data, size_t *len);
/* The same, with the file's stat in *st (set once the file is open, even on -EFBIG or
 * -EINVAL). Every buffer it frees is wiped first: the file may hold a secret. */
int file_read_bounded_st(const char *path, size_t max, char **data, size_t *len, struct stat *st);

#endif
