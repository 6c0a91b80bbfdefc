// SPDX-License-Identifier: MIT
/* libFuzzer: state.json and status.json parsers; whatever parses must format and re-parse. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/state.h"
#include "agent/status.h"

/* Both files are JSON read back by ddnsd (state at start-up, status by `ddnsd status`),
 * so one input feeds both parsers. Accepted input must survive format -> parse -> format
 * unchanged: the writer never produces what the reader refuses. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state st = {0}, st2 = {0};
	struct status ss = {0}, ss2 = {0};
	struct errbuf err;
	char *a, *b;

	if (state_parse((const char *)data, size, &st, &err)) {
		a = state_format(&st);
		if (!a || !state_parse(a, strlen(a), &st2, &err))
			abort();
		b = state_format(&st2);
		if (!b || strcmp(a, b) != 0)
			abort();
		free(a);
		free(b);
	}
	if (status_parse((const char *)data, size, &ss, &err)) {
		a = status_format(&ss);
		if (!a || !status_parse(a, strlen(a), &ss2, &err) || ss2.n != ss.n)
			abort();
		b = status_format(&ss2);
		if (!b || strcmp(a, b) != 0)
			abort();
		free(a);
		free(b);
	}
	state_free(&st);
	state_free(&st2);
	status_free(&ss);
	status_free(&ss2);
	return 0;
}
