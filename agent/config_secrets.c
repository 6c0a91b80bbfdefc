// SPDX-License-Identifier: MIT
/* The configuration's I/O edge: reading the file, refusing exposed secrets, and reading the
 * secrets given as env:VAR, cred:NAME or KEY-file = PATH. */
#include "agent/config_secrets.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/config_values.h"
#include "lib/fileio.h"

/* An environment variable name as POSIX shells accept it. */
static bool env_name_ok(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

bool config_secrets_parse(struct cfg_param *prm, const struct config_schema_key *k, char *value,
			  bool is_file, struct errbuf *eb)
{
	const char *ref = NULL;

	if (is_file) {
		if (!config_values_abs_path(value, "the path", eb))
			return false;
		prm->secret_src = CFG_SECRET_FILE;
		ref = value;
	} else if (strncmp(value, "env:", 4) == 0) {
		if (!env_name_ok(value + 4)) {
			errbuf_set(eb, "env: is not followed by a variable name; expected env:NAME "
				       "with letters, digits and _, e.g. env:CF_API_TOKEN");
			return false;
		}
		prm->secret_src = CFG_SECRET_ENV;
		ref = value + 4;
	} else if (strncmp(value, "cred:", 5) == 0) {
		/* A credential is a file name inside $CREDENTIALS_DIRECTORY, nothing else. */
		if (!value[5] || strchr(value + 5, '/') || strcmp(value + 5, ".") == 0 ||
		    strcmp(value + 5, "..") == 0) {
			errbuf_set(eb, "cred: is not followed by a credential name; expected "
				       "cred:NAME without '/', as in LoadCredential=NAME:PATH");
			return false;
		}
		prm->secret_src = CFG_SECRET_CRED;
		ref = value + 5;
	} else {
		if (!config_schema_check(k, value, "the value", eb))
			return false;
		prm->secret_src = CFG_SECRET_INLINE;
		if (secret_set(&prm->secret, value, strlen(value)) < 0) {
			errbuf_set(eb, "out of memory");
			return false;
		}
		return true;
	}
	prm->secret_ref = strdup(ref);
	if (!prm->secret_ref) {
		errbuf_set(eb, "out of memory");
		return false;
	}
	return true;
}

static const char *read_error(int ret)
{
	if (ret == -EINVAL)
		return "not a regular file";
	if (ret == -EFBIG)
		return "larger than 64 KiB";
	return strerror(-ret);
}

/* The secret behind prm into *buf; false with eb filled (the value never quoted). */
static bool fetch(const struct cfg_param *prm, char **buf, size_t *len, struct errbuf *eb)
{
	const char *dir, *path = prm->secret_ref;
	char *cred = NULL;
	struct stat st;
	bool ok = false;
	int ret;

	if (prm->secret_src == CFG_SECRET_ENV) {
		const char *v = getenv(prm->secret_ref);

		if (!v) {
			errbuf_set(eb,
				   "environment variable %s is not set; expected it to hold the "
				   "secret (systemd: Environment= or EnvironmentFile=)",
				   prm->secret_ref);
			return false;
		}
		*len = strlen(v);
		*buf = strdup(v);
		if (!*buf)
			errbuf_set(eb, "out of memory");
		return *buf != NULL;
	}
	if (prm->secret_src == CFG_SECRET_CRED) {
		dir = getenv("CREDENTIALS_DIRECTORY");
		if (!dir || !*dir) {
			errbuf_set(eb,
				   "cred:%s needs $CREDENTIALS_DIRECTORY, which is not set; "
				   "expected ddnsd to run as a systemd service with "
				   "LoadCredential=%s:PATH (or use %s-file = PATH)",
				   prm->secret_ref, prm->secret_ref, prm->key);
			return false;
		}
		if (asprintf(&cred, "%s/%s", dir, prm->secret_ref) < 0) {
			errbuf_set(eb, "out of memory");
			return false;
		}
		path = cred;
	}
	ret = file_read_bounded_st(path, CFG_SECRET_MAX, buf, len, &st);
	if (ret < 0) {
		errbuf_set(eb, "cannot read %s: %s; expected a file holding the secret", path,
			   read_error(ret));
		goto out;
	}
	/* Like ssh with a private key: a secret others can read is no longer a secret. */
	if (st.st_mode & (S_IROTH | S_IWOTH)) {
		errbuf_set(eb,
			   "%s is readable or writable by others (mode %04o); expected "
			   "chmod 600 %s (or 640 with a group ddnsd is in)",
			   path, (unsigned)(st.st_mode & 07777), path);
		OPENSSL_cleanse(*buf, *len);
		free(*buf);
		*buf = NULL;
		goto out;
	}
	ok = true;
out:
	free(cred);
	return ok;
}

static void resolve_param(const struct cfg_provider *pr, struct cfg_param *prm, const char *file,
			  struct cfg_errors *errs)
{
	const struct config_schema_key *k =
	    prov_key(pr->type ? prov_find(pr->type) : NULL, prm->key);
	const char *what = prm->secret_src == CFG_SECRET_FILE ? "-file" : "";
	struct errbuf eb = {""};
	char *buf = NULL;
	size_t len = 0;

	if (!fetch(prm, &buf, &len, &eb))
		goto fail;
	/* Files and `echo` add line ends; the secret is what comes before them. */
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	if (len == 0) {
		errbuf_set(&eb, "the secret is empty; expected the %s", prm->key);
		goto fail;
	}
	if (strlen(buf) != len) {
		errbuf_set(&eb, "the secret holds a NUL byte; expected text");
		goto fail;
	}
	if (k && !config_schema_check(k, buf, "the value", &eb))
		goto fail;
	if (secret_set(&prm->secret, buf, len) < 0) {
		errbuf_set(&eb, "out of memory");
		goto fail;
	}
	goto out;
fail:
	cfg_errors_add(errs, "%s:%d: %s%s: %s", file, prm->line, prm->key, what, eb.msg);
out:
	if (buf) {
		OPENSSL_cleanse(buf, len);
		free(buf);
	}
}

void config_resolve_secrets(struct config *cfg, struct cfg_errors *errs)
{
	for (size_t i = 0; i < cfg->n_providers; i++) {
		struct cfg_provider *pr = &cfg->providers[i];

		for (size_t j = 0; j < pr->n_params; j++)
			if (pr->params[j].is_secret &&
			    pr->params[j].secret_src != CFG_SECRET_INLINE)
				resolve_param(pr, &pr->params[j], cfg->path, errs);
	}
}
