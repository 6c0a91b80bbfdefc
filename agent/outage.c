// SPDX-License-Identifier: MIT
/* A record's transient failures as one outage (pure). */
#include "agent/outage.h"

#include <string.h>

struct outage_note outage_failed(struct outage *o, double now, double failure_after)
{
	struct outage_note n = {0};

	if (o->since <= 0) {
		o->since = now;
		o->attempts = 1;
		o->said_at = now;
		o->hooked = false;
		n.first = true;
	} else {
		o->attempts++;
		if (now - o->said_at >= OUTAGE_REMIND) {
			o->said_at = now;
			n.still = true;
		}
	}
	if (!o->hooked && now - o->since >= failure_after) {
		o->hooked = true;
		n.hook = true;
	}
	return n;
}

struct outage_note outage_ok(struct outage *o)
{
	struct outage_note n = {0};

	if (o->since > 0) {
		n.recovered = true;
		n.recovered_hook = o->hooked;
	}
	memset(o, 0, sizeof(*o));
	return n;
}
