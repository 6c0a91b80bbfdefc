#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# The afraid.org FreeDNS (dynamic update v2) provider end to end against mock_dyndns.py: the
# write-only scenario of lib_writeonly.sh (one request per family, the IPv6 one over IPv6 to
# endpoint-v6), then ERROR for a wrong token and a text that is not FreeDNS's (both hold the
# record), `check` refusing two records on one token, and the token, which sits in the URL
# path, in no output.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
# shellcheck source=tests/netns/lib_writeonly.sh
. "$(dirname "$0")/lib_writeonly.sh"
lib_init freedns
now_us t_all

T=freedns TYPE=freedns NAME=home.example.org PAIRED=0
SECRET=ddtFreeTok7Q2mX9pL4vR8sZ
prov_section() {
	printf '[provider p]\ntype = freedns\nendpoint = https://192.0.2.1\nendpoint-v6 = https://[%s]\ntoken = %s\n' \
		"$V6_EP" "$1"
}
wo_setup --freedns "$SECRET=$NAME"
wo_common

fam=$("$PY" -c 'import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r.get("proto") == "freedns" and r["status"] == 200:
        six = "address=2001" in r["path"]
        print("v6" if six else "v4", "over", "v6" if ":" in r["peer"] else "v4")' "$MLOG" | sort -u | tr '\n' ';')
check freedns.family-of-each-request "requests went: $fam" test "$fam" = "v4 over v4;v6 over v6;"

wo_error wrong-token - ddtWrongTok0000 "freedns: ERROR: Unable to locate this record" 1
wo_error not-freedns '{"count":1,"reply":"<html>portal</html>"}' "$SECRET" "freedns: <html>portal</html>; check token" 1

TWO=$WORK/two.conf
wo_conf "$TWO" two "$SECRET"
printf '\n[record www]\nname = www.example.org\nprovider = p\n' >>"$TWO"
agent_in gw "$OUT/check.out" "$OUT/check.err" "$BIN" -c "$TWO" check
rc=$?
check freedns.check-one-record-per-token "check exited $rc: $(head -c 200 "$OUT/check.err")" \
	eval '[ "$rc" = 2 ] && grep -q "a FreeDNS token updates one record, and 2 records use it" "$OUT/check.err"'

wo_secrets
info "whole test took $(secs_since "$t_all") s"
finish
