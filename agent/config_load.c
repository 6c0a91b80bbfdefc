// SPDX-License-Identifier: MIT
/* Loading the configuration file: read, refuse inline secrets others can read, parse, resolve. */
#include "agent/config_load.h"

#include <ctype.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/config_secrets.h"
#include "lib/fileio.h"

static const char *read_error(int ret)
{
	if (ret == -EINVAL)
		return "not a regular file";
	return strerror(-ret);
}

/* The key written on line `line` of text, for the permission message. */
static const char *key_on_line(const char *text, int line, char *buf, size_t size)
{
	size_t n;

	for (; line > 1 && text; line--) {
		text = strchr(text, '\n');
		text = text ? text + 1 : NULL;
	}
	if (!text)
		return "secret";
	if (line == 1 && strncmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3; /* a UTF-8 byte order mark */
	text += strspn(text, " \t");
	n = strcspn(text, "=:\n");
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	if (n == 0 || n >= size)
		return "secret";
	memcpy(buf, text, n);
	buf[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (iscntrl((unsigned char)buf[i]))
			buf[i] = '?';
	return buf;
}

struct config *config_load_file(const char *path, struct cfg_errors *errs)
{
	size_t before = errs->n, len = 0;
	struct config *cfg = NULL;
	char *text = NULL;
	struct stat st;
	int ret;

	ret = file_read_bounded_st(path, CFG_FILE_MAX, &text, &len, &st);
	if (ret < 0) {
		cfg_errors_add(errs, "%s: cannot read: %s", path,
			       ret == -EFBIG ? "larger than 1 MiB" : read_error(ret));
		return NULL;
	}
	if (strlen(text) != len) {
		cfg_errors_add(errs, "%s: holds a NUL byte; expected a text file", path);
		goto out;
	}
	cfg = config_parse_string(text, path, errs);
	if (!cfg)
		goto out;
	if (cfg->has_inline_secret && (st.st_mode & 077)) {
		char buf[64];
		const char *key = key_on_line(text, cfg->inline_secret_line, buf, sizeof(buf));

		cfg_errors_add(errs,
			       "%s:%d: %s: an inline secret in a file readable by group or "
			       "others; chmod 600 %s or use %s-file = / env: / cred:",
			       path, cfg->inline_secret_line, key, path, key);
	}
	config_resolve_secrets(cfg, errs);
out:
	/* The text may hold inline secrets. */
	OPENSSL_cleanse(text, len);
	free(text);
	cfg_errors_sort(errs, before, path);
	if (errs->n > before) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}
