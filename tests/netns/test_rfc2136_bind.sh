#!/bin/bash
# SPDX-License-Identifier: MIT
# The rfc2136 provider end to end against a real BIND9 (named); the suite is lib_rfc2136.sh.
# Binary: $DDNSD, else build-san/ddnsd, else build/ddnsd.
# shellcheck source=tests/netns/lib_rfc2136.sh
. "$(dirname "$0")/lib_rfc2136.sh"
rfc2136_main bind named dig
