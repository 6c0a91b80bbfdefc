// SPDX-License-Identifier: MIT
/* Retry delays after transient provider failures: exponential, jittered, capped (pure). */
#include "agent/backoff.h"

double backoff_delay(unsigned failures, double cap, double retry_after, double rnd01)
{
	double d;

	if (!(cap > 0)) /* also catches NaN */
		cap = BACKOFF_DEFAULT_CAP;
	if (!(rnd01 >= 0))
		rnd01 = 0;
	if (rnd01 > 1)
		rnd01 = 1;
	/* Double until the cap is reached; the loop ends early, so no overflow to inf (and
	 * no libm). failures 0 is treated as 1. */
	d = BACKOFF_BASE;
	for (unsigned i = 1; i < failures && i < 64 && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	d *= 0.5 + 0.5 * rnd01;

	if (retry_after > 0) { /* false for NaN */
		if (retry_after > BACKOFF_RETRY_AFTER_MAX)
			retry_after = BACKOFF_RETRY_AFTER_MAX;
		if (d < retry_after)
			d = retry_after;
	}
	return d;
}
