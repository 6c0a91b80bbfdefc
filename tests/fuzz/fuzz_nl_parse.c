// SPDX-License-Identifier: MIT
/* libFuzzer: a netlink datagram -> nl_parse_msg() per message -> view_apply() (both pure). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "netlink/nl_parse.h"
#include "netlink/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy: aligned like a recv buffer, and ASan flags any read past size.
	 */
	void *buf = malloc(size ? size : 1);
	const struct nlmsghdr *nlh = buf;
	int len = (int)size;
	struct view v;

	if (!buf || size > 1 << 20) {
		free(buf);
		return 0;
	}
	memcpy(buf, data, size);
	view_init(&v);
	/* Walk the datagram as nl_sock.c does; each message must parse or be refused. */
	while (nl_parse_ok(nlh, len)) {
		struct nl_event ev;

		if (nl_parse_msg(nlh, (size_t)len, &ev) == 0)
			view_apply(&v, &ev);
		nlh = mnl_nlmsg_next(nlh, &len);
	}
	/* A lone message that nl_parse_ok() refuses still reaches the parser's own checks. */
	if (size < 64) {
		struct nl_event ev;

		nl_parse_msg(buf, size, &ev);
	}
	view_best_default(&v, AF_INET);
	view_best_default(&v, AF_INET6);
	view_fini(&v);
	free(buf);
	return 0;
}
