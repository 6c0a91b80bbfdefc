#!/bin/bash
# SPDX-License-Identifier: MIT
# The rfc2136 provider end to end against a real Knot DNS (knotd): the suite is in lib_rfc2136.sh.
# Binary: $DDNSD, else build-san/ddnsd, else build/ddnsd.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
# shellcheck source=tests/netns/lib_dns.sh
. "$(dirname "$0")/lib_dns.sh"
# shellcheck source=tests/netns/lib_rfc2136.sh
. "$(dirname "$0")/lib_rfc2136.sh"
lib_init rfc2136-knot
for tool in knotd kdig nsupdate; do
	if ! command -v "$tool" >/dev/null; then
		skip rfc2136-knot "$tool is not installed (make deps)"
		finish
	fi
done
rfc2136_suite knot
finish
