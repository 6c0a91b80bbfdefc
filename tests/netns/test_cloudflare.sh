#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# shellcheck disable=SC2317 # helpers are called through wait_for and check
# The agent end to end (`run`, `once`, `status`, signals) against the HTTPS Cloudflare API mock:
# first sync, reaction to WAN address and prefix changes, restart without writes, repair of a
# deleted record, 5xx/429 retries, a bad token, dry run, reload, shutdown, and no token leaks.
#
#       isp  lo: 192.0.2.1 = mock_cloudflare.py on :443 (zone example.com)
#        | to-gw: 198.51.100.1/24, 2001:db8:1::1/64, fe80::1 (the IPv6 router)
#        |
#       gw   wan0: 198.51.100.7/24 then .9 and .13 (changed as a DHCP client does)
#                  2001:db8:1::7/64 then 2001:db8:2::7, 3::7, 4::7 (prefix changes)
#            default via 198.51.100.1; default via fe80::1 dev wan0 (survives prefix changes)
# The mock starts with "A home.example.com 203.0.113.1" and no AAAA record.
# Binary: $DDNSD, else build-san/ddnsd, else build/ddnsd.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
lib_init cloudflare
BIN=$(ddnsd_bin)
now_us t_all

TOKEN=ddtTok-7f3a9c1e55b24d8e  # the right token (the mock's)
BADTOKEN=ddtBad-0c4e81d2a9f6b713 # a wrong one
NAME=home.example.com
CA=$WORK/pki/ca.pem
OUT=$WORK/out # every output of the agent (searched for the tokens at the end)
mkdir -p "$OUT"

# --- topology and mock ------------------------------------------------------------------------

now_us t
ns_add isp gw || exit 1
veth isp to-gw gw wan0
nsip isp addr add 192.0.2.1/32 dev lo
nsip isp addr add 198.51.100.1/24 dev to-gw
nsip isp -6 addr add 2001:db8:1::1/64 dev to-gw nodad
nsip isp -6 addr add fe80::1/64 dev to-gw nodad
nsip gw addr add 198.51.100.7/24 dev wan0
nsip gw -6 addr add 2001:db8:1::7/64 dev wan0 nodad
nsip gw route add default via 198.51.100.1
nsip gw -6 route add default via fe80::1 dev wan0
info "topology up in $(secs_since "$t") s"

if [ ! -x "$BIN" ]; then
	skip cloudflare "no agent binary at $BIN (run make, or set DDNSD)"
	finish
fi
info "binary: $BIN"

make_certs "$WORK/pki" api.example.test 192.0.2.1 || {
	fail cf.setup "openssl could not make the test certificates: $(tail -2 "$WORK/pki/openssl.log")"
	finish
}
CF_LOG=$WORK/cf-requests.jsonl
: >"$CF_LOG"
spawn isp "$WORK/cf.out" "$PY" "$NETNS_DIR/mock_cloudflare.py" --listen 192.0.2.1 --port 443 \
	--cert "$WORK/pki/server.pem" --key "$WORK/pki/server.key" --token "$TOKEN" \
	--log "$CF_LOG" --zone example.com --record "A $NAME 203.0.113.1"
if ! wait_for 10 grep -q '^listening' "$WORK/cf.out"; then
	fail cf.setup "mock_cloudflare.py did not start: $(tail -3 "$WORK/cf.out" | tr '\n' ' ')"
	finish
fi

# --- helpers: the mock ------------------------------------------------------------------------

# cf_admin METHOD PATH [JSON]: an admin call from inside isp; the answer on stdout.
cf_admin() {
	local body=()
	[ -z "${3:-}" ] || body=(-H 'Content-Type: application/json' --data "$3")
	nsx isp curl -sS --max-time 5 --cacert "$CA" -X "$1" "${body[@]}" "https://192.0.2.1/_admin/$2"
}

# cf_records: the mock's records, one "TYPE NAME CONTENT ID" line each, sorted.
cf_records() {
	cf_admin GET records | "$PY" -c 'import json, sys
for r in json.load(sys.stdin):
    print(r["type"], r["name"], r["content"], r["id"])' | sort
}
# cf_content TYPE NAME: the content of the only such record ("" when none, "MANY" when several).
cf_content() {
	cf_records | awk -v t="$1" -v n="$2" '$1 == t && $2 == n { c = c ? "MANY" : $3 } END { print c }'
}
cf_id() { cf_records | awk -v t="$1" -v n="$2" '$1 == t && $2 == n { print $4; exit }'; }

# cf_mark: remember the length of the request log; cf_since prints one line per API request
# logged after it: "T METHOD STATUS AUTH WHAT PATH", WHAT being the address written (PATCH,
# POST: "TYPE/NAME/CONTENT") or "-", T the mock's clock when it answered.
cf_mark() { CF_MARK=$(wc -l <"$CF_LOG"); }
cf_since() {
	tail -n +$((CF_MARK + 1)) "$CF_LOG" | "$PY" -c 'import json, sys
for l in sys.stdin:
    r = json.loads(l)
    b = r.get("body") if isinstance(r.get("body"), dict) else {}
    what = "/".join(str(b.get(k)) for k in ("type", "name", "content") if k in b) or "-"
    print("%.6f" % r["t"], r["method"], r["status"], r["auth_ok"], what, r["path"])'
}
# cf_count [AWK-CONDITION]: how many requests since the mark match ($2 method, $3 status,
# $4 auth, $5 what).
cf_count() { cf_since | awk "${1:-1} { n++ } END { print n + 0 }"; }
# cf_has AWK-CONDITION: at least one request since the mark matches (for wait_for).
cf_has() { [ "$(cf_count "$1")" -gt 0 ]; }
cf_show() { cf_since | sed 's/^/#   /'; }

# cf_wait_idle: returns once the last write is at least 1.2 s old, so the next change is not
# held back by min-interval (1 s) and its reaction time is the agent's own.
cf_wait_idle() {
	local d
	d=$("$PY" -c 'import json, sys, time
ts = [json.loads(l)["t"] for l in open(sys.argv[1]) if "\"PATCH\"" in l or "\"POST\"" in l]
print(max(0.0, (max(ts) if ts else 0) + 1.2 - time.time()))' "$CF_LOG")
	sleep "$d"
}

# --- helpers: the WAN -------------------------------------------------------------------------

# wan4 OLD NEW: what a DHCP client does on a new lease: the old address goes (taking the
# default route with it), the new one comes, the default route is added again.
wan4() {
	nsip gw -batch - <<EOF
addr del $1/24 dev wan0
addr add $2/24 dev wan0
route add default via 198.51.100.1
EOF
}
# wan6 OLD NEW: a new delegated prefix: the new address comes, the old one goes; the default
# route via the router's link-local address stays.
wan6() {
	nsip gw -batch - <<EOF
addr add $2/64 dev wan0 nodad
addr del $1/64 dev wan0
EOF
}

# --- helpers: the agent -----------------------------------------------------------------------

# conf FILE STATETAG [TOKEN] [EXTRA-AGENT-LINE]: write a configuration (mode 0600).
conf() {
	local tok=${3:-$TOKEN}
	install -m 600 /dev/null "$1"
	cat >"$1" <<EOF
[agent]
state-dir = $WORK/state-$2
runtime-dir = $WORK/run-$2
ca-file = $CA
web-ipv4 = https://192.0.2.1/ip
web-ipv6 = https://192.0.2.1/ip
settle = 50ms
min-interval = 1s
poll-interval = 5m
${4:-}

[provider cf]
type = cloudflare
token = $tok
endpoint = https://192.0.2.1/client/v4

[record home]
name = $NAME
provider = cf
EOF
}
add_www() { printf '\n[record www]\nname = www.example.com\nprovider = cf\n' >>"$1"; }

# start_agent TAG ARGS...: `ddnsd ARGS` in the background inside gw (stdout and stderr in
# $OUT/TAG.log); the agent's own PID in APID.
start_agent() {
	local tag=$1
	shift
	spawn gw "$OUT/$tag.log" "$BIN" "$@"
	APID=$SPAWNED
	ALOG=$OUT/$tag.log
}
# exited PID: the process is gone or a zombie.
exited() {
	local s
	s=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) || return 0
	[ "$s" = Z ] || [ -z "$s" ]
}
# stop_agent PID TIMEOUT: SIGTERM, wait; RC holds the exit status (or "timeout"), STOPPED the
# seconds it took.
stop_agent() {
	local t
	now_us t
	kill -TERM "$1"
	if wait_for "$2" exited "$1"; then
		wait "$1"
		RC=$?
	else
		RC=timeout
	fi
	STOPPED=$(secs_since "$t")
	untrack "$1"
}
# in_log PATTERN: the current agent's log has a line matching the extended regex.
in_log() { grep -qE -- "$1" "$ALOG"; }
log_tail() { tail -n "${1:-5}" "$ALOG" | tr '\n' '|'; }
# status_json TAG CONF: `ddnsd status --json` into $OUT/TAG.json.
status_json() { agent_in gw "$OUT/$1.json" "$OUT/$1.err" "$BIN" -c "$2" status --json; }
# state_addr STATETAG FAMILY: the address the state file holds for home.
state_addr() {
	"$PY" -c 'import json, sys
for r in json.load(open(sys.argv[1]))["records"]:
    if r["record"] == "home" and r["family"] == sys.argv[2]:
        print(r["address"])' "$WORK/state-$1/state.json" "$2" 2>/dev/null
}

MAIN=$WORK/main.conf
conf "$MAIN" main

# --- 1. first sync: A updated (PATCH), AAAA created (POST) --------------------------------------

cf_mark
now_us t
start_agent run1 -c "$MAIN" -v run
R1=$APID
if wait_for 10 in_log "$NAME A .*-> 198\.51\.100\.7 " && wait_for 5 in_log "$NAME AAAA .*-> 2001:db8:1::7 "; then
	info "first sync of both families took $(secs_since "$t") s"
else
	info "agent log: $(log_tail 8)"
fi
cf_show
check cf.first-sync-patch-a "want one PATCH with 198.51.100.7 and no other PATCH" \
	test "$(cf_count '$2 == "PATCH"'):$(cf_count '$2 == "PATCH" && $5 == "198.51.100.7"')" = 1:1
check cf.first-sync-post-aaaa "want one POST of AAAA/$NAME/2001:db8:1::7 and no other POST" \
	test "$(cf_count '$2 == "POST"'):$(cf_count '$2 == "POST" && $5 == "AAAA/'"$NAME"'/2001:db8:1::7"')" = 1:1
got="$(cf_content A $NAME) $(cf_content AAAA $NAME)"
check cf.first-sync-records "the mock holds '$got'" test "$got" = "198.51.100.7 2001:db8:1::7"
check cf.first-sync-log "the log lacks 'A 203.0.113.1 -> 198.51.100.7 (cloudflare, N ms)'" \
	in_log "ddnsd\[info\]: $NAME A 203\.0\.113\.1 -> 198\.51\.100\.7 \(cloudflare, [0-9]+ ms\)"

# --- 12. status --json while running --------------------------------------------------------------

status_json st1 "$MAIN"
check cf.status-exit "ddnsd status --json failed: $(head -c 300 "$OUT/st1.err")" test $? = 0
json_expect "$OUT/st1.json" <<'EOF'
cf.status-ipv4 | record=home family=ipv4 | desired=198.51.100.7 published=198.51.100.7 result=ok error=null next_retry_at=null updated_at~^20
cf.status-ipv6 | record=home family=ipv6 | desired=2001:db8:1::7 published=2001:db8:1::7 result=ok error=null
EOF

# --- 2. WAN IPv4 change while running -------------------------------------------------------------

cf_wait_idle
cf_mark
now_us t
wan4 198.51.100.7 198.51.100.9
if wait_for 5 cf_has '$2 == "PATCH" && $5 == "198.51.100.9"'; then
	t_mock=$(cf_since | awk '$2 == "PATCH" && $5 == "198.51.100.9" { print $1; exit }')
	ms=$(awk -v a="$t_mock" -v b="$t" 'BEGIN { printf "%.0f", (a - b / 1e6) * 1000 }')
	info "IPv4 change -> PATCH answered by the mock: $ms ms (seen by the test after $WAITED s)"
	pass cf.v4-change-patch
else
	fail cf.v4-change-patch "no PATCH with 198.51.100.9 within 5 s; log: $(log_tail 3)"
	info "gw's TCP sockets 5 s after the change (Send-Q > 0 from the old address: stale):"
	nsx gw ss -Htn | sed 's/^/#   /'
	# A request stuck on a dead connection takes ~15 s per cached connection to give up;
	# restart the agent instead (fresh connections), so the tests below start in sync.
	stop_agent "$R1" 8
	info "restarting the agent: the old one exited $RC after $STOPPED s"
	start_agent run1b -c "$MAIN" -v run
	R1=$APID
	wait_for 5 cf_has '$2 == "PATCH" && $5 == "198.51.100.9"'
fi
cf_show
check cf.v4-change-one-write "want exactly 1 write after the change, got $(cf_count '$2 != "GET"')" \
	test "$(cf_count '$2 != "GET"')" = 1
got=$(cf_content A $NAME)
check cf.v4-change-record "the mock's A holds '$got'" test "$got" = 198.51.100.9

# --- 3. IPv6 prefix change ---------------------------------------------------------------------------

cf_mark
now_us t
wan6 2001:db8:1::7 2001:db8:2::7
if wait_for 5 cf_has '$2 == "PATCH" && $5 == "2001:db8:2::7"'; then
	t_mock=$(cf_since | awk '$2 == "PATCH" && $5 == "2001:db8:2::7" { print $1; exit }')
	ms=$(awk -v a="$t_mock" -v b="$t" 'BEGIN { printf "%.0f", (a - b / 1e6) * 1000 }')
	info "IPv6 prefix change -> PATCH answered by the mock: $ms ms"
fi
got=$(cf_content AAAA $NAME)
check cf.v6-prefix-change "the mock's AAAA holds '$got', want 2001:db8:2::7; log: $(log_tail 3)" \
	test "$got" = 2001:db8:2::7
check cf.v6-prefix-log "the log lacks 'AAAA 2001:db8:1::7 -> 2001:db8:2::7'" \
	in_log "$NAME AAAA 2001:db8:1::7 -> 2001:db8:2::7 \(cloudflare"

# --- 5. a record deleted at the provider, then SIGUSR1: recreated ---------------------------------------

id=$(cf_id A $NAME)
cf_admin DELETE "records/$id" >/dev/null
cf_mark
kill -USR1 "$R1"
if wait_for 5 cf_has '$2 == "POST" && $5 == "A/'"$NAME"'/198.51.100.9"'; then
	pass cf.usr1-recreates-deleted
	info "SIGUSR1 -> POST answered after $WAITED s"
else
	fail cf.usr1-recreates-deleted "no POST of A/$NAME/198.51.100.9 after SIGUSR1; log: $(log_tail)"
fi
cf_show
got=$(cf_content A $NAME)
check cf.usr1-record-back "the mock's A holds '$got' (id was $id)" test "$got" = 198.51.100.9
check cf.usr1-aaaa-only-read "the intact AAAA record was written: $(cf_since | grep -c 2001:db8:2::7)" \
	test "$(cf_count '$2 != "GET" && $5 ~ /2001:/')" = 0

# --- 6. 429 (Retry-After) and 5xx: retried, then published --------------------------------------------

# Two writes at once: the A record is edited behind the agent's back and SIGUSR1 makes it
# repair it; its PATCH gets a 429 with Retry-After: 3 (longer than the first backoff, 1..2 s,
# so honouring it is visible). The IPv6 prefix changes; that PATCH gets a 500.
# (IPv4 is not changed here: see cf.v4-change-patch for what that does to a live connection.)
cf_wait_idle
id4=$(cf_id A $NAME)
id6=$(cf_id AAAA $NAME)
cf_admin POST fault '{"status":429,"count":1,"retry_after":3,"method":"PATCH","path":"'"$id4"'"}' >/dev/null
cf_admin POST fault '{"status":500,"count":1,"method":"PATCH","path":"'"$id6"'"}' >/dev/null
cf_admin PATCH "records/$id4" '{"content":"203.0.113.60"}' >/dev/null
cf_mark
wan6 2001:db8:2::7 2001:db8:3::7
kill -USR1 "$R1"
if wait_for 5 cf_has '$2 == "PATCH" && $3 == 429'; then
	# While it waits: the status shows the retry.
	sleep 0.1
	status_json st2 "$MAIN"
	json_expect "$OUT/st2.json" <<'EOF'
cf.status-retrying | record=home family=ipv4 | desired=198.51.100.9 result=retrying error~(429|971|wait) next_retry_at~^20
EOF
else
	fail cf.status-retrying "the mock never answered 429; log: $(log_tail 3)"
fi
wait_for 10 cf_has '$2 == "PATCH" && $3 == 200 && $5 == "198.51.100.9"'
wait_for 5 cf_has '$2 == "PATCH" && $3 == 200 && $5 == "2001:db8:3::7"'
cf_show
st4=$(cf_since | awk '$2 == "PATCH" && $5 ~ /^198/ { printf "%s ", $3 }')
st6=$(cf_since | awk '$2 == "PATCH" && $5 ~ /:/ { printf "%s ", $3 }')
check cf.fault-429-retried "A PATCH statuses '$st4', want '429 200'" test "$st4" = "429 200 "
check cf.fault-5xx-retried "AAAA PATCH statuses '$st6', want '500 200'" test "$st6" = "500 200 "
# The retry's first request (a GET of the record) must come no sooner than Retry-After.
gap=$(cf_since | awk -v id="$id4" '$3 == 429 { t = $1; next } t && index($6, id) { printf "%.2f", $1 - t; exit }')
info "first A request after the 429 came $gap s later (Retry-After: 3)"
check cf.retry-after-honoured "the A retry came '$gap' s after the 429" \
	awk -v g="$gap" 'BEGIN { exit !(g != "" && g >= 2.9) }'
got="$(cf_content A $NAME) $(cf_content AAAA $NAME)"
check cf.fault-published "the mock holds '$got'" test "$got" = "198.51.100.9 2001:db8:3::7"
check cf.fault-log-next-try "no 'ddnsd[warning]: $NAME A: cloudflare: ...; next try in N s' line" \
	in_log "ddnsd\[warning\]: $NAME A: cloudflare: .*; next try in [0-9]+ s"
check cf.fault-log-next-try-v6 "no 'ddnsd[warning]: $NAME AAAA: cloudflare: ...; next try in N s' line" \
	in_log "ddnsd\[warning\]: $NAME AAAA: cloudflare: .*; next try in [0-9]+ s"
cf_admin POST reset >/dev/null # no fault left over

# --- 10. SIGHUP: a broken configuration is refused, a good one is taken -----------------------------------

conf "$MAIN" main "" "verify-interval = banana"
bad_line=$(grep -n 'banana' "$MAIN" | cut -d: -f1)
kill -HUP "$R1"
if wait_for 5 in_log "keeping the running configuration"; then
	pass cf.hup-broken-kept
else
	fail cf.hup-broken-kept "no 'keeping the running configuration' line; log: $(log_tail)"
fi
check cf.hup-broken-file-line "the log does not name $MAIN:$bad_line: $(grep -F banana "$ALOG" | head -1)" \
	grep -qE "ddnsd\[error\]: $MAIN:$bad_line: verify-interval" "$ALOG"
check cf.hup-broken-alive "the agent died after a broken reload" kill -0 "$R1"
cf_mark
wan6 2001:db8:3::7 2001:db8:4::7
check cf.hup-broken-still-reacts "no PATCH with 2001:db8:4::7 after the refused reload; log: $(log_tail 3)" \
	wait_for 5 cf_has '$2 == "PATCH" && $3 == 200 && $5 == "2001:db8:4::7"'

conf "$MAIN" main
add_www "$MAIN"
cf_wait_idle
cf_mark
kill -HUP "$R1"
wait_for 5 in_log "SIGHUP: configuration reloaded"
if wait_for 5 cf_has '$2 == "POST" && $5 == "A/www.example.com/198.51.100.9"' &&
	wait_for 5 cf_has '$2 == "POST" && $5 == "AAAA/www.example.com/2001:db8:4::7"'; then
	pass cf.hup-good-applied
else
	fail cf.hup-good-applied "the new record www was not created; log: $(log_tail)"
fi
sleep 0.3 # anything the reload would wrongly write for home comes at once
cf_show
check cf.hup-keeps-state "the reload wrote $(cf_count '$2 != "GET"') times, want the 2 new records only" \
	test "$(cf_count '$2 != "GET"')" = 2

stop_agent "$R1" 8
check cf.sigterm-exit0 "run exited $RC after SIGTERM (in $STOPPED s)" test "$RC" = 0

# --- 4. restart with nothing to write: no request at all ------------------------------------------------

cf_mark
start_agent run2 -c "$MAIN" -v run
R2=$APID
wait_for 5 in_log "ddnsd started"
sleep 2
cf_show
check cf.restart-no-requests "the restarted agent sent $(cf_count) request(s) in 2 s" test "$(cf_count)" = 0
check cf.restart-no-write-log "the restarted agent logged a write: $(grep -- ' -> ' "$ALOG" | head -1)" \
	test "$(grep -c -- ' -> ' "$ALOG")" = 0

# --- 2b. the address goes away while a write is in flight ---------------------------------------------
# The reply to a request sent from the old address can never arrive; the agent must give that
# request up at once (not after its 15 s time-out) and publish the newer address.

cf_admin POST config '{"delay_ms":800}' >/dev/null
cf_mark
wan4 198.51.100.9 198.51.100.11
wait_for 5 eval "nsx isp ss -Htn state established '( sport = :443 )' | grep -q 198.51.100.11"
sleep 0.1
now_us t
wan4 198.51.100.11 198.51.100.12
# Both records (home and www, added by the SIGHUP above) must be written and their replies
# received: the agent logs a write only then.
if wait_for 10 eval "in_log 'home.example.com A [0-9.]+ -> 198.51.100.12' &&
	in_log 'www.example.com A [0-9.]+ -> 198.51.100.12'"; then
	info "address gone with a write in flight: the newer address landed after $WAITED s"
	pass cf.inflight-address-gone
else
	fail cf.inflight-address-gone "A is '$(cf_content A $NAME)' 10 s after the change; log: $(log_tail 3)"
fi
cf_admin POST config '{"delay_ms":0}' >/dev/null
cf_wait_idle
cf_show

# --- 13. SIGTERM while a request is slow ---------------------------------------------------------------

cf_admin POST config '{"delay_ms":1500}' >/dev/null
cf_mark
wan4 198.51.100.12 198.51.100.13
# Wait until the agent holds a connection to the mock (its first one: the restart sent nothing).
wait_for 5 eval "nsx isp ss -Htn state established '( sport = :443 )' | grep -q 198.51.100.13"
sleep 0.2
stop_agent "$R2" 10
info "SIGTERM with a 1.5 s-per-answer mock: exit status $RC after $STOPPED s"
cf_admin POST config '{"delay_ms":0}' >/dev/null
cf_show
check cf.sigterm-slow-exit0 "exit status $RC" test "$RC" = 0
check cf.sigterm-slow-within-5s "took $STOPPED s" awk -v s="$STOPPED" 'BEGIN { exit !(s <= 5.8) }'
got_state=$(state_addr main ipv4)
got_mock=$(cf_content A $NAME)
info "after the slow stop: state A=$got_state, mock A=$got_mock"
check cf.sigterm-state-saved "state A '$got_state' differs from the mock's '$got_mock'" \
	test -n "$got_state" -a "$got_state" = "$got_mock"
check cf.sigterm-inflight-finished "the write in flight (2 answers of 1.5 s) was not finished: mock A '$got_mock'" \
	test "$got_mock" = 198.51.100.13

# --- 8. once: 0 in sync, 1 provider failure, 2 configuration error --------------------------------------

cf_mark
agent_in gw "$OUT/once0.out" "$OUT/once0.err" "$BIN" -c "$MAIN" once
rc=$?
check cf.once-in-sync-exit0 "once exited $rc: $(tail -n 3 "$OUT/once0.err" | tr '\n' '|')" test "$rc" = 0
check cf.once-in-sync-no-write "once wrote while in sync: $(cf_since | grep -v ' GET ' | head -2)" \
	test "$(cf_count '$2 != "GET"')" = 0

BAD=$WORK/bad.conf
conf "$BAD" bad "$BADTOKEN"
agent_in gw "$OUT/once1.out" "$OUT/once1.err" "$BIN" -c "$BAD" once
rc=$?
check cf.once-bad-token-exit1 "once with a wrong token exited $rc: $(tail -n 2 "$OUT/once1.err" | tr '\n' '|')" \
	test "$rc" = 1
BROKEN=$WORK/broken.conf
conf "$BROKEN" broken "" "min-interval = banana"
agent_in gw "$OUT/once2.out" "$OUT/once2.err" "$BIN" -c "$BROKEN" once
rc=$?
check cf.once-config-error-exit2 "once with a broken config exited $rc" test "$rc" = 2

# --- 7. a bad token: permanent, no hammering ---------------------------------------------------------

rm -rf "$WORK/state-bad"
cf_mark
now_us t
start_agent run3 -c "$BAD" -v run
R3=$APID
check cf.bad-token-permanent "no 'not retried until the address changes' error; log: $(log_tail 3)" \
	wait_for 5 in_log "ddnsd\[error\]: $NAME A{1,4}: cloudflare: .*; not retried until the address changes or the configuration is reloaded"
check cf.bad-token-log-10000 "the error does not explain the auth failure: $(grep -m1 'error' "$ALOG")" \
	in_log "ddnsd\[error\]: .*10000.*Authentication error"
status_json st3 "$BAD"
json_expect "$OUT/st3.json" <<'EOF'
cf.bad-token-status | record=home family=ipv4 | desired=198.51.100.13 result=failed error~10000 next_retry_at=null
EOF
left=$(awk -v s="$(secs_since "$t")" 'BEGIN { d = 6 - s; print (d > 0 ? d : 0) }')
sleep "$left"
n=$(cf_count)
info "a wrong token: $n request(s) in $(secs_since "$t") s: $(cf_since | awk '{ printf "%s %s; ", $2, $3 }')"
check cf.bad-token-few-requests "$n requests in 6 s (want 1..3)" test "$n" -ge 1 -a "$n" -le 3
check cf.bad-token-all-refused "a request passed the auth check" test "$(cf_count '$4 == "True"')" = 0
stop_agent "$R3" 8

# --- 9. dry run: reads, never writes ------------------------------------------------------------------

id=$(cf_id A $NAME)
cf_admin PATCH "records/$id" '{"content":"203.0.113.50"}' >/dev/null
before=$(cf_records)
DRY=$WORK/dry.conf
conf "$DRY" dry
cf_mark
agent_in gw "$OUT/dry.out" "$OUT/dry.err" "$BIN" -c "$DRY" --dry-run once
rc=$?
info "once --dry-run exited $rc"
cf_show
ng=$(cf_count '$2 != "GET"')
g=$(cf_count '$2 == "GET"')
check cf.dry-run-only-gets "want only GETs (at least 1): $(cf_since | awk '{ printf "%s ", $2 }')" \
	test "$ng" = 0 -a "$g" -gt 0
check cf.dry-run-records-untouched "the mock's records changed" test "$(cf_records)" = "$before"
check cf.dry-run-log "no 'dry run: would ...' line for A: $(tail -n 3 "$OUT/dry.err" | tr '\n' '|')" \
	grep -qE "dry run: would .*198\.51\.100\.13" "$OUT/dry.err"

# --- 11. the tokens never leak ----------------------------------------------------------------------

ndebug=$(cat "$OUT"/*.log | grep -c 'ddnsd\[debug\]')
info "searched $(find "$OUT" "$WORK"/state-* "$WORK"/run-* -type f | wc -l) files ($ndebug debug lines)"
leaks=$(grep -rlF -e "$TOKEN" -e "$BADTOKEN" "$OUT" "$WORK"/state-* "$WORK"/run-* 2>/dev/null | tr '\n' ' ')
check cf.token-not-leaked "a token appears in: $leaks" test -z "$leaks"
check cf.token-check-meaningful "no debug output was captured (-v)" test "$ndebug" -gt 0

info "whole test took $(secs_since "$t_all") s"
finish
