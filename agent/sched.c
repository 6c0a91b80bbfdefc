// SPDX-License-Identifier: MIT
/* When to write or verify one record and family: desired vs published, rate limit, backoff. */
#include "agent/sched.h"

#include <string.h>

#include "agent/backoff.h"

/* Copy printable ASCII; anything else (control bytes, UTF-8, a stray CR/LF that would break
 * the status table or the journal line) becomes '?'. Always NUL-terminated. */
static void copy_text(char *dst, size_t size, const char *src)
{
	size_t i = 0;

	for (; src && src[i] && i + 1 < size; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	dst[i] = '\0';
}

/* An id is kept only when it fits whole: a truncated id names another object (or none). */
static void copy_id(char dst[static SCHED_ID_LEN], const char *src)
{
	if (src && src[0] && strlen(src) < SCHED_ID_LEN)
		memcpy(dst, src, strlen(src) + 1);
}

/* The permanent stop (or dry-run stop) applies to the address now desired. */
static bool blocked(const struct sched_entry *e)
{
	return e->held || (e->stopped && ipaddr_is_set(&e->desired) &&
			   ipaddr_equal(&e->desired, &e->stop_addr));
}

bool sched_needs_write(const struct sched_entry *e)
{
	return ipaddr_is_set(&e->desired) && !ipaddr_equal(&e->desired, &e->published) &&
	       !blocked(e);
}

static enum sched_action start(struct sched_entry *e, enum sched_action kind, double now)
{
	e->in_flight = true;
	e->in_flight_kind = kind;
	e->in_flight_addr = e->desired;
	e->in_flight_since = now;
	e->last_attempt = now;
	e->next_retry = 0;
	return kind;
}

/* A wall clock stepped backwards leaves times from "the future" behind; without this a
 * record could wait hours for a window that was meant to last seconds. */
static void clamp_future(double *t, double now, double max_ahead)
{
	if (*t > now + max_ahead)
		*t = now + max_ahead;
}

enum sched_action sched_step(struct sched_entry *e, const struct sched_params *p, double now,
			     double *wake_at)
{
	double max_wait =
	    p->poll_interval > BACKOFF_RETRY_AFTER_MAX ? p->poll_interval : BACKOFF_RETRY_AFTER_MAX;
	bool need;

	*wake_at = SCHED_NEVER;
	if (e->in_flight || !ipaddr_is_set(&e->desired) || blocked(e))
		return SCHED_NONE;
	if (!p->readable)
		e->verify_pending = false;

	need = !ipaddr_equal(&e->desired, &e->published);
	if (!need && !e->verify_pending && e->failures) {
		/* The address whose write kept failing is no longer wanted and the provider
		 * holds the desired one: the backoff has nothing left to retry. */
		e->failures = 0;
		e->next_retry = 0;
		if (e->result == SCHED_RES_RETRYING) {
			e->result = SCHED_RES_OK;
			e->error[0] = '\0';
		}
	}

	clamp_future(&e->not_before, now, max_wait);
	if (e->not_before > now) {
		*wake_at = e->not_before;
		return SCHED_NONE;
	}
	clamp_future(&e->next_retry, now, max_wait);
	if (e->next_retry > now) {
		*wake_at = e->next_retry;
		return SCHED_NONE;
	}

	if (need) {
		if (p->min_interval > 0 && e->wrote) {
			if (e->last_write > now)
				e->last_write = now;
			if (now < e->last_write + p->min_interval) {
				/* Trailing edge: whatever is desired then is written then. */
				*wake_at = e->last_write + p->min_interval;
				return SCHED_NONE;
			}
		}
		return start(e, SCHED_WRITE, now);
	}

	if (!p->readable)
		return SCHED_NONE;
	if (p->verify_interval > 0) {
		if (e->verify_due <= 0) {
			double base =
			    e->published_at > 0 && e->published_at <= now ? e->published_at : now;

			e->verify_due = base + p->verify_interval;
		}
		clamp_future(&e->verify_due, now, p->verify_interval);
		if (now >= e->verify_due)
			e->verify_pending = true;
	}
	if (e->verify_pending)
		return start(e, SCHED_VERIFY, now);
	if (p->verify_interval > 0)
		*wake_at = e->verify_due;
	return SCHED_NONE;
}

void sched_set_desired(struct sched_entry *e, const struct ipaddr *addr)
{
	if (!addr || !ipaddr_is_set(addr)) {
		memset(&e->desired, 0, sizeof(e->desired));
		return;
	}
	if (ipaddr_equal(addr, &e->desired))
		return;
	e->desired = *addr;
	/* "No automatic retry until ... the address changes again": coming back to the
	 * address that failed after the family had none (a link bounce) is not a change. */
	if (e->stopped && !ipaddr_equal(addr, &e->stop_addr))
		e->stopped = false;
}

void sched_job_done(struct sched_entry *e, const struct sched_params *p, const struct sched_done *d,
		    double now, double rnd01)
{
	struct ipaddr addr = e->in_flight_addr;

	if (!e->in_flight)
		return;
	e->in_flight = false;

	switch (d->outcome) {
	case SCHED_OK:
	case SCHED_UNCHANGED:
		if (d->outcome == SCHED_OK || !ipaddr_equal(&e->published, &addr) ||
		    e->published_at <= 0)
			e->published_at = now;
		e->published = addr;
		if (d->outcome == SCHED_OK) {
			/* A verify that repaired the record wrote too. */
			e->wrote = true;
			e->last_write = e->in_flight_since;
		}
		copy_id(e->record_id, d->record_id);
		copy_id(e->zone_id, d->zone_id);
		e->failures = 0;
		e->next_retry = 0;
		e->stopped = false;
		e->verify_pending = false;
		e->verify_due = p->verify_interval > 0 ? now + p->verify_interval : 0;
		e->result = d->outcome == SCHED_OK ? SCHED_RES_OK : SCHED_RES_UNCHANGED;
		e->error[0] = '\0';
		break;
	case SCHED_RETRY:
		if (e->failures < 1000)
			e->failures++;
		e->next_retry =
		    now + backoff_delay(e->failures, p->poll_interval, d->retry_after, rnd01);
		if (d->firm_retry && d->retry_after > 0)
			e->not_before = now + (d->retry_after < BACKOFF_RETRY_AFTER_MAX
						   ? d->retry_after
						   : BACKOFF_RETRY_AFTER_MAX);
		if (e->in_flight_kind == SCHED_VERIFY)
			e->verify_pending = true;
		e->result = SCHED_RES_RETRYING;
		copy_text(e->error, sizeof(e->error), d->error);
		break;
	case SCHED_PERMANENT:
	case SCHED_DRY_RUN:
		e->stopped = true;
		e->stop_addr = addr;
		e->failures = 0;
		e->next_retry = 0;
		e->verify_pending = false;
		e->result = d->outcome == SCHED_PERMANENT ? SCHED_RES_FAILED : SCHED_RES_DRY_RUN;
		copy_text(e->error, sizeof(e->error), d->error);
		if (d->outcome == SCHED_PERMANENT && d->hold)
			e->held = true;
		break;
	}
}

void sched_job_abort(struct sched_entry *e)
{
	e->in_flight = false;
}

void sched_force(struct sched_entry *e)
{
	e->verify_pending = true;
	e->next_retry = 0;
}

void sched_hold(struct sched_entry *e, const char *error)
{
	e->held = true;
	e->verify_pending = false;
	e->result = SCHED_RES_FAILED;
	if (error)
		copy_text(e->error, sizeof(e->error), error);
}

void sched_reset_permanent(struct sched_entry *e)
{
	e->held = false;
	e->stopped = false;
	e->failures = 0;
	e->next_retry = 0;
}

void sched_loaded_state(struct sched_entry *e, const struct ipaddr *addr, const char *record_id,
			const char *zone_id, double updated_at)
{
	if (addr && ipaddr_is_set(addr)) {
		e->published = *addr;
		e->result = SCHED_RES_OK;
	} else {
		memset(&e->published, 0, sizeof(e->published));
	}
	e->published_at = updated_at > 0 ? updated_at : 0;
	copy_id(e->record_id, record_id);
	copy_id(e->zone_id, zone_id);
	e->verify_due = 0; /* sched_step() derives it from published_at */
}

enum sched_result sched_result(const struct sched_entry *e)
{
	if (e->in_flight)
		return SCHED_RES_PENDING;
	if (blocked(e))
		return e->result;
	if (e->failures)
		return SCHED_RES_RETRYING;
	if (sched_needs_write(e))
		return SCHED_RES_PENDING;
	return e->result;
}

const char *sched_result_name(enum sched_result r)
{
	switch (r) {
	case SCHED_RES_OK:
		return "ok";
	case SCHED_RES_UNCHANGED:
		return "unchanged";
	case SCHED_RES_PENDING:
		return "pending";
	case SCHED_RES_RETRYING:
		return "retrying";
	case SCHED_RES_FAILED:
		return "failed";
	case SCHED_RES_DRY_RUN:
		return "dry-run";
	case SCHED_RES_NONE:
		break;
	}
	return "-";
}
