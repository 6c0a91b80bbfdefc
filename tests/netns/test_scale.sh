#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2317 # helpers are called through wait_for and check
# shellcheck disable=SC2016 # expanded by eval
# Many records at one provider, end to end against the Cloudflare mock of bench/gateway.sh:
# a first sync of 12 records x 2 families reads the zone in bulk (one zone look-up, one page per
# family) and then only creates; a WAN change is one PATCH per record; a restart reads every
# record once, in bulk, and writes nothing; the mock enforcing a budget with 429s: the agent
# with the same rate-limit gets no 429, and without one it pauses the whole provider (shown by
# `ddnsd status`) and still syncs everything with few refusals; a reload (SIGHUP) keeps the pause;
# a few records (too few for a bulk read) share one zone look-up; an address that comes after
# start-up is read in bulk too; records without zone = have the account's zones listed once.
# Binary: $DDNSD, else build-san/ddnsd, else build/ddnsd.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=bench/gateway.sh
. "$REPO_ROOT/bench/gateway.sh"
lib_init scale
BIN=$(ddnsd_bin)
MV=$REPO_ROOT/bench/mockview.py
N=12

gw_setup wan-only || exit 1

# conf RATE: N records in the zone example.com (every third spelt Example.COM., one zone all
# the same), the provider's rate-limit RATE.
conf() {
	local z
	gw_config "$WORK/scale.conf" 50ms 1s
	echo "rate-limit = $1" >>"$WORK/scale.conf"
	for ((i = 0; i < N; i++)); do
		z=example.com
		((i % 3 == 2)) && z=Example.COM.
		printf '\n[record r%d]\nname = h%d.example.com\nprovider = cf\nzone = %s\n' \
			"$i" "$i" "$z" >>"$WORK/scale.conf"
	done
}
log_lines() { wc -l <"$CF_LOG"; }
# kinds FROM: the API requests from line FROM by kind ("zone=1 list=2 ... total=N").
kinds() { "$PY" "$MV" kinds "$CF_LOG" "$1" | sed 's/ first=.*//'; }
kind() { kinds "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
created() { [ "$(kind "$1" create)" -ge "$2" ]; }
writes_of() { [ "$("$PY" "$MV" writes "$CF_LOG" "$1" "$2")" -ge "$3" ]; }
stop_agent() {
	kill "$AGENT_PID" 2>/dev/null
	wait "$AGENT_PID" 2>/dev/null
	untrack "$AGENT_PID"
}

# --- first sync: in bulk -----------------------------------------------------------------------
conf none
mark=$(log_lines)
gw_agent "$BIN" "$WORK/scale.conf"
wait_for 20 created "$mark" $((2 * N))
sleep 0.5
got=$(kinds "$mark")
check sc.bulk-first-sync "first sync of $N x 2: $got; want zone=1 list=2 create=$((2 * N)) only" \
	test "$got" = "zone=1 list=2 read=0 create=$((2 * N)) update=0 other=0 refused=0 total=$((2 * N + 3))"
check sc.bulk-logged "no 'read in bulk' line: $(tail -n 3 "$AGENT_LOG" | tr '\n' '|')" \
	grep -q "example.com: 0 records read in bulk (3 requests) for $((2 * N)) records and families" \
	"$AGENT_LOG"

# --- one WAN change: one PATCH per record ------------------------------------------------------
mark=$(log_lines)
gw_set_v4 198.51.100.10 198.51.100.20 198.51.100.1
wait_for 20 writes_of "$mark" 198.51.100.20 "$N"
sleep 0.5
got=$(kinds "$mark")
check sc.change-direct "a WAN change at $N records: $got; want update=$N only" \
	test "$got" = "zone=0 list=0 read=0 create=0 update=$N other=0 refused=0 total=$N"
check sc.state-saved "state.json does not hold the $N new addresses" \
	wait_for 3 eval '[ "$(grep -c "\"198.51.100.20\"" "$WORK/state/state.json")" = "$N" ]'
stop_agent

# --- restart: every record read once, in bulk; nothing written ----------------------------------
mark=$(log_lines)
gw_agent "$BIN" "$WORK/scale.conf"
wait_for 20 grep -q "read in bulk" "$AGENT_LOG"
sleep 1
got=$(kinds "$mark")
check sc.restart-reads-once "a restart: $got; want one zone look-up and one page per family" \
	test "$got" = "zone=1 list=2 read=0 create=0 update=0 other=0 refused=0 total=3"
stop_agent

# --- under a budget the mock enforces: the same rate-limit, no 429 -----------------------------
GW_MOCK_ARGS="--budget 10/2" gw_mock_start || exit 1
rm -rf "$WORK/state" "$WORK/run"
conf 10/2s
mark=$(log_lines)
gw_agent "$BIN" "$WORK/scale.conf"
wait_for 20 created "$mark" $((2 * N))
got=$(kinds "$mark")
check sc.budget-no-429 "the mock allows 10 per 2 s, the agent the same: $got" \
	test "$(kind "$mark" refused):$(kind "$mark" create)" = "0:$((2 * N))"
stop_agent

# --- no rate-limit: the 429 pauses the whole provider ------------------------------------------
GW_MOCK_ARGS="--budget 6/3" gw_mock_start || exit 1
rm -rf "$WORK/state" "$WORK/run"
conf none
mark=$(log_lines)
gw_agent "$BIN" "$WORK/scale.conf"
wait_for 10 grep -q "provider cf: rate limited" "$AGENT_LOG"
st=
wait_for 3 eval 'st=$(ip netns exec "$(ns gw)" "$BIN" -c "$WORK/scale.conf" status 2>&1); [[ $st == *"provider cf: rate limited; its requests wait until"* ]]'
check sc.status-paused "ddnsd status does not show the pause: $(tail -n 2 <<<"$st" | tr '\n' '|')" \
	eval '[[ $st == *"provider cf: rate limited; its requests wait until"* ]]'
wait_for 30 created "$mark" $((2 * N))
got=$(kinds "$mark")
pauses=$(grep -c "provider cf: rate limited" "$AGENT_LOG")
# While paused nothing is sent: only the requests already in flight when the 429 came (at most
# max-concurrent, 4) can be refused, per pause.
check sc.pause-holds-back "unpaced against 6 per 3 s: $got in $pauses pauses; want all \
$((2 * N)) created, at most 4 refused per pause" \
	eval '[ "$(kind "$mark" create)" = $((2 * N)) ] && [ "$(kind "$mark" refused)" -le $((4 * pauses)) ]'
check sc.pause-bulk-resumed "the bulk read was not resumed after its 429: $got" \
	test "$(kind "$mark" list)" -le 4
stop_agent

# --- a reload keeps the pause: nothing is sent before its end ----------------------------------
GW_MOCK_ARGS="--budget 6/30" gw_mock_start || exit 1
rm -rf "$WORK/state" "$WORK/run"
conf none
mark=$(log_lines)
gw_agent "$BIN" "$WORK/scale.conf"
wait_for 10 grep -q "provider cf: rate limited" "$AGENT_LOG"
sleep 0.5
before=$(log_lines)
kill -HUP "$AGENT_PID"
wait_for 5 grep -q "SIGHUP: configuration reloaded" "$AGENT_LOG"
sleep 3
st=$(ip netns exec "$(ns gw)" "$BIN" -c "$WORK/scale.conf" status 2>&1)
check sc.reload-keeps-pause "after SIGHUP within a ~30 s pause: $(kinds "$before") sent in 3 s; \
status: $(tail -n 2 <<<"$st" | tr '\n' '|')" \
	eval '[ "$(log_lines)" = "$before" ] && [[ $st == *"provider cf: rate limited; its requests wait until"* ]]'
stop_agent

# --- a few records (no bulk read): one zone look-up, shared -------------------------------------
GW_MOCK_ARGS="" gw_mock_start || exit 1
rm -rf "$WORK/state" "$WORK/run"
N=3 conf none
mark=$(log_lines)
gw_agent "$BIN" "$WORK/scale.conf"
wait_for 20 created "$mark" 6
sleep 0.5
got=$(kinds "$mark")
check sc.zone-lookup-shared "a first sync of 3 x 2 in one zone: $got; want one zone look-up" \
	test "$got" = "zone=1 list=6 read=0 create=6 update=0 other=0 refused=0 total=13"
stop_agent

# --- an address that comes late still gets a bulk read; the zone id is not looked up again ------
GW_MOCK_ARGS="" gw_mock_start || exit 1
rm -rf "$WORK/state" "$WORK/run"
nsip gw link add late0 type veth peer name late1 # (no dummy driver on every kernel)
nsip gw link set late1 up
nsip gw link set late0 up
conf none
sed -i 's/^zone = .*$/&\nipv4 = interface:late0/' "$WORK/scale.conf"
mark=$(log_lines)
gw_agent "$BIN" "$WORK/scale.conf"
wait_for 20 created "$mark" "$N"
sleep 0.5
got=$(kinds "$mark")
check sc.bulk-ipv6-first "IPv6 only at first: $got; want one zone look-up, one page, $N creates" \
	test "$got" = "zone=1 list=1 read=0 create=$N update=0 other=0 refused=0 total=$((N + 2))"
mark=$(log_lines)
nsip gw addr add 198.51.100.77/32 dev late0
wait_for 20 created "$mark" "$N"
sleep 0.5
got=$(kinds "$mark")
check sc.bulk-late-address "an IPv4 address that came later: $got; want one page, $N creates" \
	test "$got" = "zone=0 list=1 read=0 create=$N update=0 other=0 refused=0 total=$((N + 1))"
stop_agent

# --- records without zone =: the account's zones listed once, then each zone read in bulk -------
GW_MOCK_ARGS="--zone sub.example.com --zone example.net" gw_mock_start || exit 1
rm -rf "$WORK/state" "$WORK/run"
conf none
sed -i '/^zone = /d' "$WORK/scale.conf"
for ((i = 0; i < N; i++)); do
	printf '\n[record s%d]\nname = h%d.sub.example.com\nprovider = cf\n' "$i" "$i" >>"$WORK/scale.conf"
done
mark=$(log_lines)
gw_agent "$BIN" "$WORK/scale.conf"
wait_for 20 created "$mark" $((4 * N))
sleep 0.5
got=$(kinds "$mark")
check sc.zones-listed "$N x 2 in example.com and $N x 2 in sub.example.com, no zone =: $got; \
want the zones listed once, one page per zone and family, only creates" \
	test "$got" = "zone=1 list=4 read=0 create=$((4 * N)) update=0 other=0 refused=0 total=$((4 * N + 5))"
# Each name went to the longest zone that holds it: sub.example.com's records to that zone.
placed=$("$PY" - "$CF_LOG" "$mark" <<'EOF'
import json, sys
zones = {}
for i, line in enumerate(open(sys.argv[1])):
    r = json.loads(line) if i >= int(sys.argv[2]) else {}
    if r.get("method") == "POST" and r.get("status") == 200:
        zid = r["path"].split("/")[-2]
        zones.setdefault(r["body"]["name"].endswith(".sub.example.com"), set()).add(zid)
ok = len(zones.get(True, ())) == 1 and len(zones.get(False, ())) == 1 and zones[True] != zones[False]
print("ok" if ok else zones)
EOF
)
check sc.zones-longest "records put in the wrong zones: $placed" test "$placed" = ok
stop_agent
mark=$(log_lines)
gw_agent "$BIN" "$WORK/scale.conf"
wait_for 20 grep -q "sub.example.com: .* read in bulk" "$AGENT_LOG"
sleep 1
got=$(kinds "$mark")
check sc.zones-restart "a restart: $got; want the zones listed and each read in bulk, no write" \
	test "$got" = "zone=1 list=4 read=0 create=0 update=0 other=0 refused=0 total=5"
stop_agent

finish
