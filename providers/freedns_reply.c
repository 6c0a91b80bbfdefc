// SPDX-License-Identifier: MIT
/* Pure FreeDNS v2 reply parser: the start of the first line decides (the exact wording after
 * it varies, providers-reference.md §6). */
#include "providers/freedns_reply.h"

#include <stdio.h>
#include <string.h>

#include "providers/textreply.h"

static enum freedns_class classify(long status, const char *body, size_t len,
				   struct freedns_reply *out)
{
	struct textreply_span line = {0};
	size_t pos = 0;
	bool any = false;

	while (textreply_line(body, len, &pos, &line))
		if (line.len) {
			any = true;
			break;
		}
	if (any) {
		textreply_show(out->shown, sizeof(out->shown), line);
		if (textreply_starts_nocase(line, "Updated "))
			return FREEDNS_UPDATED;
		if (textreply_starts_nocase(line, "No IP change detected"))
			return FREEDNS_UNCHANGED;
		if (textreply_starts_nocase(line, "ERROR"))
			return FREEDNS_ERROR;
	}
	if (status >= 500 || status == 429) {
		snprintf(out->shown, sizeof(out->shown), "HTTP %ld", status);
		return FREEDNS_TRANSIENT;
	}
	if (status < 200 || status > 299)
		snprintf(out->shown, sizeof(out->shown), "HTTP %ld", status);
	else if (!any)
		snprintf(out->shown, sizeof(out->shown), "(empty reply)");
	return FREEDNS_UNKNOWN;
}

enum freedns_class freedns_reply_parse(long status, const char *body, size_t len, long retry_after,
				       struct freedns_reply *out)
{
	memset(out, 0, sizeof(*out));
	out->cls = classify(status, body, len, out);
	out->retry_after = out->cls == FREEDNS_TRANSIENT && retry_after >= 0 ? retry_after : -1;
	return out->cls;
}
