// SPDX-License-Identifier: MIT
/* The interfaces that records name: missing ones are a warning, never an error (ppp0 or
 * wwan0 may come later). */
#include "agent/ifwatch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool known(const struct ifwatch *w, const char *name)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->names[i], name) == 0)
			return true;
	return false;
}

int ifwatch_init(struct ifwatch *w, const struct cfg_record *recs, size_t n_recs)
{
	size_t max = 0;

	memset(w, 0, sizeof(*w));
	for (size_t i = 0; i < n_recs; i++)
		for (int f = 0; f < FAM_N; f++)
			if (recs[i].src[f].kind == CFG_SRC_INTERFACE)
				max += recs[i].src[f].n_ifs;
	if (max == 0)
		return 0;
	w->names = calloc(max, sizeof(*w->names));
	w->present = calloc(max, sizeof(*w->present));
	if (!w->names || !w->present) {
		ifwatch_fini(w);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n_recs; i++) {
		const struct cfg_source *src = recs[i].src;

		for (int f = 0; f < FAM_N; f++) {
			if (src[f].kind != CFG_SRC_INTERFACE)
				continue;
			for (size_t k = 0; k < src[f].n_ifs; k++)
				if (!known(w, src[f].ifnames[k]))
					memcpy(w->names[w->n++], src[f].ifnames[k], IFNAMSIZ);
		}
	}
	return 0;
}

void ifwatch_fini(struct ifwatch *w)
{
	free(w->names);
	free(w->present);
	memset(w, 0, sizeof(*w));
}

void ifwatch_update(struct ifwatch *w, const struct view *v, ifwatch_fn fn, void *arg)
{
	for (size_t i = 0; i < w->n; i++) {
		bool now = view_link_by_name(v, w->names[i]) != NULL;

		if (w->started ? now != w->present[i] : !now)
			fn(w->names[i], now, arg);
		w->present[i] = now;
	}
	w->started = true;
}
