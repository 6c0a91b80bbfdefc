// SPDX-License-Identifier: MIT
/* Hook events waiting for a free slot (pure). */
#include "agent/hookq.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *dup0(const char *s)
{
	return strdup(s ? s : "");
}

void hookq_item_free(struct hookq_item *it)
{
	char **f[] = {&it->path,	&it->record,   &it->name,   &it->family, &it->address,
		      &it->old_address, &it->provider, &it->result, &it->error,	 &it->event};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

static int item_fill(struct hookq_item *it, const char *path, const struct hook_event *ev)
{
	memset(it, 0, sizeof(*it));
	it->path = dup0(path);
	it->record = dup0(ev->record);
	it->name = dup0(ev->name);
	it->family = dup0(ev->family);
	it->address = dup0(ev->address);
	it->old_address = dup0(ev->old_address);
	it->provider = dup0(ev->provider);
	it->result = dup0(ev->result);
	it->error = dup0(ev->error);
	it->event = dup0(ev->event);
	if (it->path && it->record && it->name && it->family && it->address && it->old_address &&
	    it->provider && it->result && it->error && it->event)
		return 0;
	hookq_item_free(it);
	return -ENOMEM;
}

static bool same_key(const struct hookq_item *it, const char *path, const struct hook_event *ev)
{
	return strcmp(it->path, path) == 0 &&
	       strcmp(it->record, ev->record ? ev->record : "") == 0 &&
	       strcmp(it->family, ev->family ? ev->family : "") == 0;
}

int hookq_push(struct hookq *q, const char *path, const struct hook_event *ev, bool *dropped)
{
	struct hookq_item it;

	*dropped = false;
	if (item_fill(&it, path, ev) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < q->n; i++) {
		if (same_key(&q->items[i], path, ev)) {
			hookq_item_free(&q->items[i]);
			q->items[i] = it;
			return 1;
		}
	}
	if (q->n == HOOKQ_MAX) {
		hookq_item_free(&q->items[0]);
		memmove(q->items, q->items + 1, (q->n - 1) * sizeof(*q->items));
		q->n--;
		*dropped = true;
	}
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 8;
		struct hookq_item *n = reallocarray(q->items, cap, sizeof(*n));

		if (!n) {
			hookq_item_free(&it);
			return -ENOMEM;
		}
		q->items = n;
		q->cap = cap;
	}
	q->items[q->n++] = it;
	return 0;
}

bool hookq_pop(struct hookq *q, struct hookq_item *out)
{
	if (q->n == 0)
		return false;
	*out = q->items[0];
	memmove(q->items, q->items + 1, (q->n - 1) * sizeof(*q->items));
	q->n--;
	return true;
}

struct hook_event hookq_event(const struct hookq_item *it)
{
	struct hook_event ev = {
	    .record = it->record,
	    .name = it->name,
	    .family = it->family,
	    .address = it->address,
	    .old_address = it->old_address,
	    .provider = it->provider,
	    .result = it->result,
	    .error = it->error,
	    .event = it->event,
	};

	return ev;
}

void hookq_free(struct hookq *q)
{
	for (size_t i = 0; i < q->n; i++)
		hookq_item_free(&q->items[i]);
	free(q->items);
	memset(q, 0, sizeof(*q));
}
