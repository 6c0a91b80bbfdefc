#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2317 # helpers are called through wait_for and check
# Secrets in memory (issue 8, item 7): the running agent is not dumpable, and a core taken of it
# anyway (gcore, as root) holds few copies of the token: every copy ddnsd makes (request
# headers, bodies, URLs, signing buffers) is wiped before it is freed. What remains is the
# configuration's own copy and what libcurl and OpenSSL keep of the request in flight.
# Needs gdb (gcore); an AddressSanitizer binary is not measured (its quarantine and shadow
# memory make the core meaningless), build/ddnsd is used instead when it exists.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
lib_init core

TOKEN=ddtTok-c0re5ecret9a7b31e2
NAME=home.example.com
MAX_COPIES=${MAX_COPIES:-2}

if ! command -v gcore >/dev/null || ! command -v gdb >/dev/null; then
	skip core "gdb (gcore) is not installed"
	finish
fi
MLOG=$WORK/cf-requests.jsonl
agent_setup core core
CB=$BIN
if grep -qa __asan_init "$CB"; then
	CB=$REPO_ROOT/build/ddnsd
	if [ ! -x "$CB" ] || grep -qa __asan_init "$CB"; then
		skip core "$BIN is an AddressSanitizer build and there is no plain build/ddnsd"
		finish
	fi
fi
info "measured binary: $CB"
agent_mock core mock_cloudflare.py --token "$TOKEN" --zone example.com --record "A $NAME 203.0.113.1"

CONF=$WORK/core.conf
agent_conf "$CONF" core
cat >>"$CONF" <<EOF
verify-interval = 1s

[provider cf]
type = cloudflare
token = $TOKEN
endpoint = https://192.0.2.1/client/v4

[record home]
name = $NAME
provider = cf
EOF
m_format() { cat; }
M_WRITE=0
spawn gw "$OUT/core.log" "$CB" -c "$CONF" -v run
PID=$SPAWNED
ALOG=$OUT/core.log
wait_for 10 in_log "$NAME A .*-> 198\.51\.100\.7 "
# A few verifies (GETs with the token) and their freed buffers.
sleep 4
n_req=$(wc -l <"$MLOG")

dumpable=$(gdb -p "$PID" -batch -ex 'print ((int(*)(int,long,long,long,long))prctl)(3,0,0,0,0)' \
	2>/dev/null | awk '/^\$1 = / { print $3 }')
check core.not-dumpable "prctl(PR_GET_DUMPABLE) inside the agent returned '$dumpable', want 0" \
	test "$dumpable" = 0

gcore -o "$WORK/core" "$PID" >"$WORK/gcore.log" 2>&1
if [ ! -s "$WORK/core.$PID" ]; then
	fail core.token-copies "gcore made no core: $(tail -2 "$WORK/gcore.log" | tr '\n' ' ')"
	finish
fi
n=$(grep -a -o -F -- "$TOKEN" "$WORK/core.$PID" | wc -l)
info "the token is $n time(s) in a core of the agent after $n_req requests ($(du -h "$WORK/core.$PID" | cut -f1) core)"
rm -f "$WORK/core.$PID"
check core.token-copies "the token is $n times in the core (want 1..$MAX_COPIES)" \
	test "$n" -ge 1 -a "$n" -le "$MAX_COPIES"
finish
