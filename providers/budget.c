// SPDX-License-Identifier: MIT
/* Token buckets and the provider-wide pause (budget.h). */
#include "providers/budget.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* A finite, non-negative decimal number (no sign, no exponent, no hex); the end or NULL. */
static const char *number(const char *s, double *out)
{
	const char *p = s;
	char *end;

	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (p == s || !isdigit((unsigned char)*s))
		return NULL;
	errno = 0;
	*out = strtod(s, &end);
	if (errno || end != p || !isfinite(*out))
		return NULL;
	return p;
}

static const char *term(const char *s, struct budget_term *t)
{
	double n, per = 1, unit = 1;
	const char *p;

	s = skip_ws(s);
	p = number(s, &n);
	if (!p || n < 1 || n > BUDGET_MAX_N || n != floor(n))
		return NULL;
	p = skip_ws(p);
	if (*p++ != '/')
		return NULL;
	p = skip_ws(p);
	if (isdigit((unsigned char)*p) && !(p = number(p, &per)))
		return NULL;
	switch (*p) {
	case 's':
		p++;
		break;
	case 'm':
		unit = 60;
		p++;
		break;
	case 'h':
		unit = 3600;
		p++;
		break;
	case 'd':
		unit = 86400;
		p++;
		break;
	default:
		/* A bare "N/" has neither a number nor a unit. */
		if (p[-1] == '/' || p[-1] == ' ' || p[-1] == '\t')
			return NULL;
		break;
	}
	per *= unit;
	if (!(per > 0) || per > BUDGET_MAX_PER)
		return NULL;
	t->n = n;
	t->per = per;
	return skip_ws(p);
}

bool budget_parse(const char *s, struct budget_spec *out)
{
	struct budget_spec spec = {0};
	const char *p;

	if (!s)
		return false;
	p = skip_ws(s);
	if (strncmp(p, "none", 4) == 0 && *skip_ws(p + 4) == '\0') {
		*out = spec;
		return true;
	}
	for (;;) {
		if (spec.n_terms == BUDGET_TERMS)
			return false;
		p = term(p, &spec.t[spec.n_terms]);
		if (!p)
			return false;
		spec.n_terms++;
		if (*p == '\0')
			break;
		if (*p++ != ',')
			return false;
	}
	*out = spec;
	return true;
}

double budget_margin(double per)
{
	double m = per * BUDGET_MARGIN;

	return m > BUDGET_MARGIN_MIN ? m : BUDGET_MARGIN_MIN;
}

void budget_init(struct budget *b, const struct budget_spec *spec, double now)
{
	memset(b, 0, sizeof(*b));
	b->spec = *spec;
	b->t = now;
	for (unsigned i = 0; i < spec->n_terms; i++) {
		double n = spec->t[i].n, c = floor(n / 10);

		if (c < 1)
			c = 1;
		b->cap[i] = c;
		/* N = 1: one request per DURATION, nothing else can be strict and still move. The
		 * window is taken a little longer than it is: the provider counts arrivals, and a
		 * request on a new connection (a TLS handshake) arrives later than one sent after
		 * it on a kept-alive one. */
		b->rate[i] = (n > c ? n - c : n) / (spec->t[i].per + budget_margin(spec->t[i].per));
		b->tokens[i] = c;
	}
}

/* The tokens of term i at now (never more than its capacity; a clock that went back
 * refills nothing). */
static double tokens_at(const struct budget *b, unsigned i, double now)
{
	double tok = b->tokens[i];

	if (now > b->t)
		tok += (now - b->t) * b->rate[i];
	return tok < b->cap[i] ? tok : b->cap[i];
}

double budget_wait(const struct budget *b, double now)
{
	double wait = 0;

	if (b->paused_until > now)
		wait = b->paused_until - now;
	for (unsigned i = 0; i < b->spec.n_terms; i++) {
		/* Up to date at the end of the pause, if any. */
		double at = now + wait, tok = tokens_at(b, i, at);

		/* A hair under 1 is 1: floating error must not cost a timer round trip. */
		if (tok < 1 - 1e-9)
			wait += (1 - tok) / b->rate[i];
	}
	return wait;
}

static void refill(struct budget *b, double now)
{
	for (unsigned i = 0; i < b->spec.n_terms; i++)
		b->tokens[i] = tokens_at(b, i, now);
	if (now > b->t)
		b->t = now;
}

void budget_take(struct budget *b, double now)
{
	refill(b, now);
	for (unsigned i = 0; i < b->spec.n_terms; i++)
		b->tokens[i] -= 1;
}

double budget_pause(struct budget *b, double now, double retry_after, double default_wait,
		    double rnd01)
{
	double wait = retry_after >= 0 ? retry_after : default_wait, until;

	if (wait > BUDGET_PAUSE_MAX)
		wait = BUDGET_PAUSE_MAX;
	if (rnd01 < 0 || rnd01 > 1 || rnd01 != rnd01)
		rnd01 = 0.5;
	until = now + wait * (1 + BUDGET_JITTER * rnd01);
	if (until > b->paused_until)
		b->paused_until = until;
	refill(b, now);
	for (unsigned i = 0; i < b->spec.n_terms; i++)
		if (b->tokens[i] > 0)
			b->tokens[i] = 0;
	return b->paused_until;
}

bool budget_paused(const struct budget *b, double now)
{
	return b->paused_until > now;
}
