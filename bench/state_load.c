// SPDX-License-Identifier: MIT
/* How long state_parse() takes for N entries (default 19,000, the size that took 3 s when a
 * parse scanned every earlier entry): `build/bench/state_load [N]`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent/state.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 19000;
	struct state st = {0}, back = {0};
	struct errbuf err = {{0}};
	char *text;
	double t;

	for (size_t i = 0; i < n; i++) {
		struct state_entry e = {.fam = i % 2 ? FAM_V6 : FAM_V4, .updated_at = 1700000000};

		snprintf(e.record, sizeof(e.record), "record-%zu", i / 2);
		snprintf(e.name, sizeof(e.name), "r%zu.example.com", i / 2);
		snprintf(e.provider, sizeof(e.provider), "cf");
		ipaddr_parse(i % 2 ? "2001:db8::1" : "192.0.2.1", fam_to_af(e.fam), &e.address);
		/* state_put scans: build the file text in one go instead */
		if (st.n == st.cap) {
			st.cap = st.cap ? st.cap * 2 : 64;
			st.entries = reallocarray(st.entries, st.cap, sizeof(e));
			if (!st.entries)
				return 1;
		}
		st.entries[st.n++] = e;
	}
	text = state_format(&st);
	if (!text)
		return 1;
	t = now();
	if (!state_parse(text, strlen(text), &back, &err)) {
		fprintf(stderr, "parse: %s\n", err.msg);
		return 1;
	}
	printf("state_parse: %zu entries (%zu bytes) in %.3f s\n", back.n, strlen(text), now() - t);
	free(text);
	state_free(&st);
	state_free(&back);
	return 0;
}
