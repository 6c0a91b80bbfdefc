#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # eval and awk programs in single quotes expand later
# The DuckDNS provider end to end against mock_dyndns.py: the write-only scenario of
# lib_writeonly.sh (both families in one request, verbose replies), then KO for a wrong token
# and a reply that is not DuckDNS's (both hold the record), and `check` refusing a name
# outside duckdns.org.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
# shellcheck source=tests/netns/lib_writeonly.sh
. "$(dirname "$0")/lib_writeonly.sh"
lib_init duckdns
now_us t_all

T=duckdns TYPE=duckdns NAME=myhost.duckdns.org PAIRED=1
SECRET=ddtDuck-6c0f2a9e-41b7-4d2e-9a55-3e8f7b1c2d90
prov_section() {
	printf '[provider p]\ntype = duckdns\nendpoint = https://192.0.2.1\ntoken = %s\n' "$1"
}
wo_setup --duck-token "$SECRET" --host "$NAME"
wo_common

req=$(m_all | awk '$2 == "duckdns" && $3 == 200 { p = $8 } END { print p }')
check duckdns.request-shape "last request $req" \
	eval '[[ "$req" == "/update?domains=myhost&token="*"&ip=198.51.100."*"&ipv6=2001"*"&verbose=true" ]]'

wo_error wrong-token - ddtWrongDuck-0000 "duckdns: KO: the token or the domain was refused" 1
wo_error not-duckdns '{"count":1,"reply":"<html>portal</html>"}' "$SECRET" "duckdns: not a DuckDNS reply" 1

BADN=$WORK/badname.conf
NAME=home.example.com wo_conf "$BADN" badname "$SECRET"
agent_in gw "$OUT/check.out" "$OUT/check.err" "$BIN" -c "$BADN" check
rc=$?
check duckdns.check-refuses-name "check exited $rc: $(head -c 200 "$OUT/check.err")" \
	eval '[ "$rc" = 2 ] && grep -q "\[record home\]: name: home.example.com is not a DuckDNS name" "$OUT/check.err"'

wo_secrets
info "whole test took $(secs_since "$t_all") s"
finish
