/* SPDX-License-Identifier: MIT */
/* Retry delays after transient provider failures: exponential, jittered, capped (pure). */
#ifndef DDNSD_BACKOFF_H
#define DDNSD_BACKOFF_H

/* Base of the exponential: retry n waits 2 s * 2^(n-1) before jitter. */
#define BACKOFF_BASE 2.0
/* A provider's Retry-After is honoured beyond the cap, but never beyond this (a broken or
 * hostile reply must not silence a record for days). */
#define BACKOFF_RETRY_AFTER_MAX 3600.0
/* Cap used when the caller passes cap <= 0 (DESIGN.md's default poll-interval). */
#define BACKOFF_DEFAULT_CAP 300.0

/*
 * Seconds to wait before retry number failures (1 = the first retry after one failure).
 *
 *	d = min(BACKOFF_BASE * 2^(failures-1), cap) * (0.5 + 0.5 * rnd01)
 *
 * so the first retry comes after 1..2 s (DESIGN: "first retry within 5 s"), each later one
 * roughly doubles, and the jitter only ever shortens the wait: the cap (the poll interval)
 * is never exceeded, and records that failed together spread out instead of retrying in
 * lock-step. rnd01 is a uniform random number in [0, 1] (clamped; injected for tests).
 *
 * retry_after (seconds from a Retry-After header, <= 0 or NaN for none) is a provider's
 * explicit rate limit and wins: the result is at least min(retry_after,
 * BACKOFF_RETRY_AFTER_MAX), even when that is beyond cap.
 */
double backoff_delay(unsigned failures, double cap, double retry_after, double rnd01);

#endif
