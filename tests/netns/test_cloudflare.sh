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
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
lib_init cloudflare
now_us t_all

TOKEN=ddtTok-7f3a9c1e55b24d8e  # the right token (the mock's)
BADTOKEN=ddtBad-0c4e81d2a9f6b713 # a wrong one
NAME=home.example.com

# --- topology and mock ------------------------------------------------------------------------

MLOG=$WORK/cf-requests.jsonl
agent_setup cf cloudflare
agent_mock cf mock_cloudflare.py --token "$TOKEN" --zone example.com --record "A $NAME 203.0.113.1"

# --- helpers: the mock (the rest is in lib_agent.sh) ------------------------------------------

# m_format: the request log's lines (m_since, m_count ...), one a request:
# "T METHOD STATUS AUTH WHAT PATH", WHAT being the address written (PATCH: its content, though
# the body carries type and name too; POST: "TYPE/NAME/CONTENT") or "-", T the mock's clock when it answered. Conditions for m_count:
# $2 method, $3 status, $4 auth, $5 what.
m_format() {
	"$PY" -c 'import json, sys
for l in sys.stdin:
    r = json.loads(l)
    b = r.get("body") if isinstance(r.get("body"), dict) else {}
    keys = ("content",) if r["method"] == "PATCH" else ("type", "name", "content")
    what = "/".join(str(b.get(k)) for k in keys if k in b) or "-"
    print("%.6f" % r["t"], r["method"], r["status"], r["auth_ok"], what, r["path"])'
}
M_WRITE='$2 == "PATCH" || $2 == "POST"'

# --- helpers: the agent -----------------------------------------------------------------------

# conf FILE STATETAG [TOKEN] [EXTRA-AGENT-LINE]: write a configuration (mode 0600).
conf() {
	local tok=${3:-$TOKEN}
	agent_conf "$1" "$2"
	cat >>"$1" <<EOF
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

# state_addr STATETAG FAMILY: the address the state file holds for home.
state_addr() {
	"$PY" -c 'import json, sys
for r in json.load(open(sys.argv[1]))["records"]:
    if r["record"] == "home" and r["family"] == sys.argv[2]:
        print(r["address"])' "$WORK/state-$1/state.json" "$2" 2>/dev/null
}

# A hook that records the DDNSD_* environment it was given, one block per run.
HOOK=$WORK/hook.sh
printf '#!/bin/sh\nenv | grep "^DDNSD_" | sort >>"$0.out"\necho --- >>"$0.out"\n' >"$HOOK"
chmod 755 "$HOOK"
hook_has() { grep -qx -- "$1" "$HOOK.out" 2>/dev/null; }

MAIN=$WORK/main.conf
conf "$MAIN" main "" "on-change = $HOOK"

# --- 1. first sync: A updated (PATCH), AAAA created (POST) --------------------------------------

m_mark
now_us t
start_agent run1 -c "$MAIN" -v run
R1=$APID
if wait_for 10 in_log "$NAME A .*-> 198\.51\.100\.7 " && wait_for 5 in_log "$NAME AAAA .*-> 2001:db8:1::7 "; then
	info "first sync of both families took $(secs_since "$t") s"
else
	info "agent log: $(log_tail 8)"
fi
m_show
check cf.first-sync-patch-a "want one PATCH with 198.51.100.7 and no other PATCH" \
	test "$(m_count '$2 == "PATCH"'):$(m_count '$2 == "PATCH" && $5 == "198.51.100.7"')" = 1:1
check cf.first-sync-post-aaaa "want one POST of AAAA/$NAME/2001:db8:1::7 and no other POST" \
	test "$(m_count '$2 == "POST"'):$(m_count '$2 == "POST" && $5 == "AAAA/'"$NAME"'/2001:db8:1::7"')" = 1:1
got="$(m_content A $NAME) $(m_content AAAA $NAME)"
check cf.first-sync-records "the mock holds '$got'" test "$got" = "198.51.100.7 2001:db8:1::7"
check cf.first-sync-log "the log lacks 'A 203.0.113.1 -> 198.51.100.7 (cloudflare, N ms)'" \
	in_log "ddnsd\[info\]: $NAME A 203\.0\.113\.1 -> 198\.51\.100\.7 \(cloudflare, [0-9]+ ms\)"
check cf.hook-on-change "the on-change hook did not get the A write: $(tr '\n' ' ' <"$HOOK.out" 2>/dev/null)" \
	wait_for 5 eval 'hook_has DDNSD_ADDRESS=198.51.100.7 && hook_has DDNSD_OLD_ADDRESS=203.0.113.1 &&
		hook_has DDNSD_FAMILY=ipv4 && hook_has DDNSD_NAME=$NAME && hook_has DDNSD_RESULT=ok &&
		hook_has DDNSD_PROVIDER=cf'

# --- 12. status --json while running --------------------------------------------------------------

# status.json follows the results within 0.25 s.
wait_for 2 eval 'status_json st1 "$MAIN" && [ "$(grep -c "\"ok\"" "$OUT/st1.json")" -ge 2 ]'
status_json st1 "$MAIN"
check cf.status-exit "ddnsd status --json failed: $(head -c 300 "$OUT/st1.err")" test $? = 0
json_expect "$OUT/st1.json" <<'EOF'
cf.status-ipv4 | record=home family=ipv4 | desired=198.51.100.7 published=198.51.100.7 result=ok error=null next_retry_at=null updated_at~^20
cf.status-ipv6 | record=home family=ipv6 | desired=2001:db8:1::7 published=2001:db8:1::7 result=ok error=null
EOF

# --- 2. WAN IPv4 change while running -------------------------------------------------------------

m_wait_idle
m_mark
now_us t
wan4 198.51.100.7 198.51.100.9
if wait_for 5 m_has '$2 == "PATCH" && $5 == "198.51.100.9"'; then
	ms=$(reaction_ms "$t" '$2 == "PATCH" && $5 == "198.51.100.9"')
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
	wait_for 5 m_has '$2 == "PATCH" && $5 == "198.51.100.9"'
fi
m_show
check cf.v4-change-one-write "want exactly 1 write after the change, got $(m_count '$2 != "GET"')" \
	test "$(m_count '$2 != "GET"')" = 1
got=$(m_content A $NAME)
check cf.v4-change-record "the mock's A holds '$got'" test "$got" = 198.51.100.9

# --- 3. IPv6 prefix change ---------------------------------------------------------------------------

m_mark
now_us t
wan6 2001:db8:1::7 2001:db8:2::7
if wait_for 5 m_has '$2 == "PATCH" && $5 == "2001:db8:2::7"'; then
	ms=$(reaction_ms "$t" '$2 == "PATCH" && $5 == "2001:db8:2::7"')
	info "IPv6 prefix change -> PATCH answered by the mock: $ms ms"
fi
got=$(m_content AAAA $NAME)
check cf.v6-prefix-change "the mock's AAAA holds '$got', want 2001:db8:2::7; log: $(log_tail 3)" \
	test "$got" = 2001:db8:2::7
check cf.v6-prefix-log "the log lacks 'AAAA 2001:db8:1::7 -> 2001:db8:2::7'" \
	in_log "$NAME AAAA 2001:db8:1::7 -> 2001:db8:2::7 \(cloudflare"

# --- 5. a record deleted at the provider, then SIGUSR1: recreated ---------------------------------------

id=$(m_id A $NAME)
m_admin DELETE "records/$id" >/dev/null
m_mark
kill -USR1 "$R1"
if wait_for 5 m_has '$2 == "POST" && $5 == "A/'"$NAME"'/198.51.100.9"'; then
	pass cf.usr1-recreates-deleted
	info "SIGUSR1 -> POST answered after $WAITED s"
else
	fail cf.usr1-recreates-deleted "no POST of A/$NAME/198.51.100.9 after SIGUSR1; log: $(log_tail)"
fi
m_show
got=$(m_content A $NAME)
check cf.usr1-record-back "the mock's A holds '$got' (id was $id)" test "$got" = 198.51.100.9
check cf.usr1-aaaa-only-read "the intact AAAA record was written: $(m_since | grep -c 2001:db8:2::7)" \
	test "$(m_count '$2 != "GET" && $5 ~ /2001:/')" = 0

# --- 6. 429 (Retry-After) and 5xx: retried, then published --------------------------------------------

# Two writes at once: the A record is edited behind the agent's back and SIGUSR1 makes it
# repair it; its PATCH gets a 429 with Retry-After: 3 (longer than the first backoff, 1..2 s,
# so honouring it is visible). The IPv6 prefix changes; that PATCH gets a 500.
# (IPv4 is not changed here: see cf.v4-change-patch for what that does to a live connection.)
# a_retrying: `status --json` (into st2.json) shows home's A row retrying.
a_retrying() {
	status_json st2 "$MAIN"
	"$PY" - "$OUT/st2.json" 2>/dev/null <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1]))
sys.exit(not any(r["record"] == "home" and r["family"] == "ipv4" and r["result"] == "retrying"
                 for r in rows))
EOF
}
m_wait_idle
id4=$(m_id A $NAME)
id6=$(m_id AAAA $NAME)
m_admin POST fault '{"status":429,"count":1,"retry_after":3,"method":"PATCH","path":"'"$id4"'"}' >/dev/null
m_admin POST fault '{"status":500,"count":1,"method":"PATCH","path":"'"$id6"'"}' >/dev/null
m_admin PATCH "records/$id4" '{"content":"203.0.113.60"}' >/dev/null
m_mark
wan6 2001:db8:2::7 2001:db8:3::7
kill -USR1 "$R1"
if wait_for 5 m_has '$2 == "PATCH" && $3 == 429'; then
	# While it waits: the status shows the retry (status.json follows within 0.25 s).
	# The AAAA's 500 may show first: wait for the A's own row.
	wait_for 2 a_retrying
	json_expect "$OUT/st2.json" <<'EOF'
cf.status-retrying | record=home family=ipv4 | desired=198.51.100.9 result=retrying error~(429|971|wait) next_retry_at~^20
EOF
else
	fail cf.status-retrying "the mock never answered 429; log: $(log_tail 3)"
fi
wait_for 10 m_has '$2 == "PATCH" && $3 == 200 && $5 == "198.51.100.9"'
wait_for 5 m_has '$2 == "PATCH" && $3 == 200 && $5 == "2001:db8:3::7"'
m_show
st4=$(m_since | awk '$2 == "PATCH" && $5 ~ /^198/ { printf "%s ", $3 }')
st6=$(m_since | awk '$2 == "PATCH" && $5 ~ /:/ { printf "%s ", $3 }')
check cf.fault-429-retried "A PATCH statuses '$st4', want '429 200'" test "$st4" = "429 200 "
check cf.fault-5xx-retried "AAAA PATCH statuses '$st6', want '500 200'" test "$st6" = "500 200 "
# The retry's first request (a GET of the record) must come no sooner than Retry-After.
gap=$(m_since | awk -v id="$id4" '$3 == 429 { t = $1; next } t && index($6, id) { printf "%.2f", $1 - t; exit }')
info "first A request after the 429 came $gap s later (Retry-After: 3)"
check cf.retry-after-honoured "the A retry came '$gap' s after the 429" \
	awk -v g="$gap" 'BEGIN { exit !(g != "" && g >= 2.9) }'
got="$(m_content A $NAME) $(m_content AAAA $NAME)"
check cf.fault-published "the mock holds '$got'" test "$got" = "198.51.100.9 2001:db8:3::7"
check cf.fault-log-next-try "no 'ddnsd[warning]: $NAME A: cloudflare: ...; next try in N s' line" \
	in_log "ddnsd\[warning\]: $NAME A: cloudflare: .*; next try in [0-9]+ s"
check cf.fault-log-next-try-v6 "no 'ddnsd[warning]: $NAME AAAA: cloudflare: ...; next try in N s' line" \
	in_log "ddnsd\[warning\]: $NAME AAAA: cloudflare: .*; next try in [0-9]+ s"
m_admin POST reset >/dev/null # no fault left over

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
m_mark
wan6 2001:db8:3::7 2001:db8:4::7
check cf.hup-broken-still-reacts "no PATCH with 2001:db8:4::7 after the refused reload; log: $(log_tail 3)" \
	wait_for 5 m_has '$2 == "PATCH" && $3 == 200 && $5 == "2001:db8:4::7"'

conf "$MAIN" main
add_www "$MAIN"
m_wait_idle
m_mark
kill -HUP "$R1"
wait_for 5 in_log "SIGHUP: configuration reloaded"
if wait_for 5 m_has '$2 == "POST" && $5 == "A/www.example.com/198.51.100.9"' &&
	wait_for 5 m_has '$2 == "POST" && $5 == "AAAA/www.example.com/2001:db8:4::7"'; then
	pass cf.hup-good-applied
else
	fail cf.hup-good-applied "the new record www was not created; log: $(log_tail)"
fi
sleep 0.3 # anything the reload would wrongly write for home comes at once
m_show
check cf.hup-keeps-state "the reload wrote $(m_count '$2 != "GET"') times, want the 2 new records only" \
	test "$(m_count '$2 != "GET"')" = 2

stop_agent "$R1" 8
check cf.sigterm-exit0 "run exited $RC after SIGTERM (in $STOPPED s)" test "$RC" = 0

# --- 4. restart with nothing to write: each record read once (the token proven), no write ---------------

m_mark
start_agent run2 -c "$MAIN" -v run
R2=$APID
wait_for 5 in_log "ddnsd started"
sleep 2
m_show
# home and www, both families: one read each, nothing written.
check cf.restart-verifies-only "the restarted agent sent $(m_count '$2 == "GET"') reads and $(m_count '$2 != "GET"') writes in 2 s (want 4 reads, no write)" \
	test "$(m_count '$2 == "GET"'):$(m_count '$2 != "GET"')" = 4:0
check cf.restart-no-write-log "the restarted agent logged a write: $(grep -- ' -> ' "$ALOG" | head -1)" \
	test "$(grep -c -- ' -> ' "$ALOG")" = 0

# --- 2b. the address goes away while a write is in flight ---------------------------------------------
# The reply to a request sent from the old address can never arrive; the agent must give that
# request up at once (not after its 15 s time-out) and publish the newer address.

m_admin POST config '{"delay_ms":800}' >/dev/null
m_mark
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
	# A look-up and a write of 0.8 s each, sent at once: well under 2.6 s, the least that a
	# retry after a backoff (1..2 s) takes.
	check cf.inflight-address-gone-at-once "the newer address took $WAITED s (want < 2.6: no backoff)" \
		awk -v s="$WAITED" 'BEGIN { exit !(s < 2.6) }'
else
	fail cf.inflight-address-gone "A is '$(m_content A $NAME)' 10 s after the change; log: $(log_tail 3)"
fi
check cf.inflight-not-a-failure "a request the agent ended itself was logged as a failure: $(grep -m1 -E 'warning.*(Empty reply|connection failed|source address)' "$ALOG")" \
	eval '! grep -qE "warning.*(Empty reply|connection failed|source address went away)" "$ALOG"'
m_admin POST config '{"delay_ms":0}' >/dev/null
m_wait_idle
m_show

# --- 13. SIGTERM while a request is slow ---------------------------------------------------------------

m_admin POST config '{"delay_ms":1500}' >/dev/null
m_mark
wan4 198.51.100.12 198.51.100.13
# Wait until the agent holds a connection to the mock (its first one: the restart sent nothing).
wait_for 5 eval "nsx isp ss -Htn state established '( sport = :443 )' | grep -q 198.51.100.13"
sleep 0.2
stop_agent "$R2" 10
info "SIGTERM with a 1.5 s-per-answer mock: exit status $RC after $STOPPED s"
m_admin POST config '{"delay_ms":0}' >/dev/null
m_show
check cf.sigterm-slow-exit0 "exit status $RC" test "$RC" = 0
check cf.sigterm-slow-within-5s "took $STOPPED s" awk -v s="$STOPPED" 'BEGIN { exit !(s <= 5.8) }'
got_state=$(state_addr main ipv4)
got_mock=$(m_content A $NAME)
info "after the slow stop: state A=$got_state, mock A=$got_mock"
check cf.sigterm-state-saved "state A '$got_state' differs from the mock's '$got_mock'" \
	test -n "$got_state" -a "$got_state" = "$got_mock"
check cf.sigterm-inflight-finished "the write in flight (2 answers of 1.5 s) was not finished: mock A '$got_mock'" \
	test "$got_mock" = 198.51.100.13
status_json st-stopped "$MAIN"
rc=$?
check cf.status-after-stop "status of a stopped agent: exit $rc, said '$(head -c 120 "$OUT/st-stopped.err")'" \
	eval 'test "$rc" = 3 && grep -q "not running" "$OUT/st-stopped.err"'

# --- 8. once: 0 in sync, 1 provider failure, 2 configuration error --------------------------------------

m_mark
agent_in gw "$OUT/once0.out" "$OUT/once0.err" "$BIN" -c "$MAIN" once
rc=$?
check cf.once-in-sync-exit0 "once exited $rc: $(tail -n 3 "$OUT/once0.err" | tr '\n' '|')" test "$rc" = 0
check cf.once-in-sync-no-write "once wrote while in sync: $(m_since | grep -v ' GET ' | head -2)" \
	test "$(m_count '$2 != "GET"')" = 0

# 8b. Another provider behind the same section name (here the same mock reached through an
# endpoint written differently: a new fingerprint). A restart in sync reads each record once by
# its known id (4.), but the record is unpublished at the new provider, so the agent looks it
# up from the zone; once that is recorded, the next restart reads by id again.
MOVED=$WORK/moved.conf
conf "$MOVED" main
sed -i 's|^endpoint = https://192.0.2.1/client/v4$|endpoint = https://192.0.2.1:443/client/v4|' "$MOVED"
# run_quiet TAG CONF: run the agent for 2 s after it started, then stop it.
run_quiet() {
	start_agent "$1" -c "$2" -v run
	wait_for 5 in_log "ddnsd started"
	sleep 2
	stop_agent "$APID" 8
}
m_mark
run_quiet moved1 "$MOVED"
check cf.identity-change-asks "a new provider identity: $(m_count '$6 ~ /zones[?]name=/') zone look-up(s), want some" \
	test "$(m_count '$6 ~ /zones[?]name=/')" -ge 1
check cf.identity-change-no-needless-write "the record was right, yet $(m_count '$2 != "GET"') write(s)" \
	test "$(m_count '$2 != "GET"')" = 0
m_mark
run_quiet moved2 "$MOVED"
check cf.identity-known-reads-by-id "the new identity recorded, a restart sent $(m_count) request(s), $(m_count '$6 ~ /zones[?]name=/') zone look-up(s) (want 2 reads by id, no look-up)" \
	test "$(m_count):$(m_count '$6 ~ /zones[?]name=/')" = 2:0
m_mark
run_quiet moved3 "$MAIN"
check cf.identity-back-asks "back to the first endpoint: $(m_count '$6 ~ /zones[?]name=/') zone look-up(s), want some" \
	test "$(m_count '$6 ~ /zones[?]name=/')" -ge 1

BAD=$WORK/bad.conf
conf "$BAD" bad "$BADTOKEN" "on-failure = $HOOK"
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
m_mark
now_us t
start_agent run3 -c "$BAD" -v run
R3=$APID
check cf.bad-token-permanent "no 'not retried until the address changes' error; log: $(log_tail 3)" \
	wait_for 5 in_log "ddnsd\[error\]: $NAME A{1,4}: cloudflare: .*; not retried until the address changes or the configuration is reloaded"
check cf.bad-token-log-10000 "the error does not explain the auth failure: $(grep -m1 'error' "$ALOG")" \
	in_log "ddnsd\[error\]: .*10000.*Authentication error"
check cf.hook-on-failure "the on-failure hook did not run with the error" \
	wait_for 5 eval 'hook_has DDNSD_RESULT=failed && grep -q "^DDNSD_ERROR=.*10000" "$HOOK.out"'
check cf.hook-no-token "a hook's environment holds a token" \
	eval '! grep -qe "$TOKEN" -e "$BADTOKEN" "$HOOK.out"'
wait_for 2 eval 'status_json st3 "$BAD"; grep -q "\"auth\"" "$OUT/st3.json"'
json_expect "$OUT/st3.json" <<'EOF'
cf.bad-token-status | record=home family=ipv4 | desired=198.51.100.13 result=auth error~10000 next_retry_at=null
EOF
left=$(awk -v s="$(secs_since "$t")" 'BEGIN { d = 6 - s; print (d > 0 ? d : 0) }')
sleep "$left"
n=$(m_count)
info "a wrong token: $n request(s) in $(secs_since "$t") s: $(m_since | awk '{ printf "%s %s; ", $2, $3 }')"
check cf.bad-token-few-requests "$n requests in 6 s (want 1..3)" test "$n" -ge 1 -a "$n" -le 3
check cf.bad-token-all-refused "a request passed the auth check" test "$(m_count '$4 == "True"')" = 0
stop_agent "$R3" 8

# --- 9. dry run: reads, never writes ------------------------------------------------------------------

id=$(m_id A $NAME)
m_admin PATCH "records/$id" '{"content":"203.0.113.50"}' >/dev/null
before=$(m_records)
DRY=$WORK/dry.conf
conf "$DRY" dry
m_mark
agent_in gw "$OUT/dry.out" "$OUT/dry.err" "$BIN" -c "$DRY" --dry-run once
rc=$?
info "once --dry-run exited $rc"
m_show
ng=$(m_count '$2 != "GET"')
g=$(m_count '$2 == "GET"')
check cf.dry-run-only-gets "want only GETs (at least 1): $(m_since | awk '{ printf "%s ", $2 }')" \
	test "$ng" = 0 -a "$g" -gt 0
check cf.dry-run-records-untouched "the mock's records changed" test "$(m_records)" = "$before"
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
