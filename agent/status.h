/* SPDX-License-Identifier: MIT */
/* RUNTIME_DIR/status.json and `ddnsd status`: one row per record and family, as JSON or a table. */
#ifndef DDNSD_STATUS_H
#define DDNSD_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lib/errbuf.h"
#include "lib/ipaddr.h"
#include "agent/sched.h"

/*
 * status.json holds exactly what `ddnsd status --json` prints (DESIGN.md "Command line"):
 *
 *	[ { "record": "home", "family": "ipv4",
 *	    "desired": "203.0.113.9", "published": "203.0.113.7",     string or null
 *	    "result": "retrying",     ok|unchanged|pending|retrying|failed|auth|dry-run|-
 *	    "error": "cloudflare: HTTP 503",                            string or null
 *	    "updated_at": "2023-11-14T22:13:20Z",                       ISO 8601 UTC or null
 *	    "next_retry_at": "2023-11-14T22:13:24Z" } ]                 ISO 8601 UTC or null
 *
 * The file wraps the array as {"pid": 4242, "started_at": "2023-11-14T22:00:00Z", "rows": [...]}
 * (status_format_file), so that `ddnsd status` can say which agent wrote it and since when.
 * It holds no secret (error texts are the providers' sanitised messages), so it is 0644:
 * `ddnsd status` works for any user who can read RUNTIME_DIR.
 */

#define STATUS_FILE	  "status.json"
#define STATUS_NAME_LEN	  256
#define STATUS_RESULT_LEN 16
#define STATUS_ERR_LEN	  SCHED_ERR_LEN
#define STATUS_TIME_LEN	  24 /* "2023-11-14T22:13:20Z" + NUL, with room */
#define STATUS_MAX_BYTES  (4u << 20)

struct status_row {
	char record[STATUS_NAME_LEN];
	enum fam fam;
	struct ipaddr desired;		/* AF_UNSPEC: null */
	struct ipaddr published;	/* AF_UNSPEC: null */
	char result[STATUS_RESULT_LEN]; /* sched_result_name() */
	char error[STATUS_ERR_LEN];	/* "": null */
	double updated_at;		/* Unix seconds; 0: null */
	double next_retry_at;		/* Unix seconds; 0: null */
};

struct status {
	struct status_row *rows;
	size_t n, cap;
	long pid;	   /* the agent that wrote the file; 0: unknown */
	double started_at; /* when it started (Unix seconds); 0: unknown */
};

/* An empty table (a zeroed struct status is one too). */
void status_init(struct status *st);
/* Free the rows; st is empty (and reusable) afterwards. */
void status_free(struct status *st);
/* Append a copy of row. 0, -EINVAL (empty record name, unknown result), -ENOMEM. */
int status_add(struct status *st, const struct status_row *row);

/* Fill a row from the scheduler's entry: published_at as updated_at, next_retry as
 * next_retry_at while a backoff runs, the derived result, the last error. */
void status_row_fill(struct status_row *row, const char *record, enum fam fam,
		     const struct sched_entry *e);

/* Pure: the JSON array above, NUL-terminated, ending in a newline; free() it. NULL on
 * ENOMEM. */
char *status_format(const struct status *st);
/* Pure: the file's text: {"pid": N, "started_at": ISO 8601 or null, "rows": [the array]}. */
char *status_format_file(const struct status *st);
/* Pure: parse that array, or the file's object (need not be NUL-terminated); unknown keys are
 * ignored, missing optional ones are null. On failure out is empty and err says why. out is
 * replaced. */
bool status_parse(const char *json, size_t len, struct status *out, struct errbuf *err);

/* Write RUNTIME_DIR/status.json atomically (0644; the directory is created 0755 if
 * missing). 0 or -errno. */
int status_write(const char *runtime_dir, const struct status *st);
/* Set RUNTIME_DIR/status.json's time to now (the agent is alive); errors are ignored. */
void status_touch(const char *runtime_dir);
/* Read and parse a status file (out replaced). 0, -ENOENT (no agent running, or it has not
 * written one yet), -EBADMSG (err says why), another -errno (err says why). */
int status_read(const char *path, struct status *out, struct errbuf *err);

/* `ddnsd status`: a header line and one aligned line per row, "-" for null. */
void status_print_table(FILE *f, const struct status *st);
/* `ddnsd status --json`: status_format() to f. 0, -ENOMEM or -EIO. */
int status_print_json(FILE *f, const struct status *st);

/* t (Unix seconds, 0 .. year 9999) as "YYYY-MM-DDTHH:MM:SSZ"; false (buf "-") when out of
 * range. */
bool status_time_format(double t, char buf[static STATUS_TIME_LEN]);
/* Strictly "YYYY-MM-DDTHH:MM:SSZ" (a real date) to Unix seconds. */
bool status_time_parse(const char *s, double *out);

#endif
