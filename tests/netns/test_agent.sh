#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# shellcheck disable=SC2317 # helpers are called through wait_for and check
# The agent's own behaviour around the provider (issue 8): web lookups only when they can change,
# one agent at a time, `status` and its exit codes, reload and shutdown, files that are not what
# they seem, hooks, missing interfaces, long outages.
#
#       isp  lo: 192.0.2.1 = mock_cloudflare.py on :443, mock_web.py on :8443
#        | to-gw: 198.51.100.1/24, 2001:db8:1::1/64 (mock_web.py on :8443 too), fe80::1
#        |
#       gw   wan0: 198.51.100.7/24, 2001:db8:1::7/64; default routes via isp
# Binary: $DDNSD, else build-san/ddnsd, else build/ddnsd.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
lib_init agent
now_us t_all

TOKEN=ddtTok-5b1e0c7a93d24f68
NAME=home.example.com

MLOG=$WORK/cf-requests.jsonl
agent_setup ag agent
# The web mock also listens on isp's IPv6 address: the certificate must name it.
make_certs "$WORK/pki" api.example.test 192.0.2.1 2001:db8:1::1 || {
	fail ag.setup "openssl could not make the test certificates"
	finish
}
agent_mock ag mock_cloudflare.py --token "$TOKEN" --zone example.com --record "A $NAME 203.0.113.1"
WLOG=$WORK/web-requests.jsonl
: >"$WLOG"
spawn isp "$WORK/web.out" "$PY" "$NETNS_DIR/mock_web.py" --listen 192.0.2.1 --listen 2001:db8:1::1 \
	--port 8443 --cert "$WORK/pki/server.pem" --key "$WORK/pki/server.key" --log "$WLOG"
if ! wait_for 10 grep -q '^ready' "$WORK/web.out"; then
	fail ag.setup "mock_web.py did not start: $(tail -3 "$WORK/web.out" | tr '\n' ' ')"
	finish
fi
chmod 711 "$WORK" # `status` as another user reaches the runtime directory

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

# conf FILE STATETAG [EXTRA-AGENT-LINES] [EXTRA-RECORD-LINES]
conf() {
	agent_conf "$1" "$2"
	cat >>"$1" <<EOF
${3:-}

[provider cf]
type = cloudflare
token = $TOKEN
endpoint = https://192.0.2.1/client/v4

[record home]
name = $NAME
provider = cf
${4:-}
EOF
}
WEBSRC='ipv4 = web:https://192.0.2.1:8443/ip
ipv6 = web:https://[2001:db8:1::1]:8443/ip'

# web lookups since the mark: w_count 4|6
w_mark() { W_MARK=$(wc -l <"$WLOG"); }
w_lines() {
	tail -n +$((W_MARK + 1)) "$WLOG" | "$PY" -c 'import json, sys
for l in sys.stdin:
    r = json.loads(l)
    if "path" in r: print("%.3f" % r["t"], "6" if ":" in r["peer"] else "4", r["path"])'
}
w_count() { w_lines | awk -v f="$1" '$2 == f { n++ } END { print n + 0 }'; }
# est_ports: the agent's established connections to the provider mock (its source ports).
est_ports() { nsx isp ss -Htn state established '( sport = :443 )' | awk '{ print $4 }' | sort | tr '\n' ' '; }
status_rc() { # status_rc TAG CONF [ARGS...]: `ddnsd -c CONF status ARGS`; RC, output in $OUT/TAG.*
	local tag=$1 c=$2
	shift 2
	agent_in gw "$OUT/$tag.out" "$OUT/$tag.err" "$BIN" -c "$c" status "$@"
	RC=$?
}

# --- item 3: web lookups only when they can change --------------------------------------------

MAIN=$WORK/main.conf
conf "$MAIN" main "" "$WEBSRC"
m_mark
w_mark
start_agent run1 -c "$MAIN" -v run
R1=$APID
if ! wait_for 10 eval "in_log '$NAME A .*-> 198\.51\.100\.7 ' && in_log '$NAME AAAA .*-> 2001:db8:1::7 '"; then
	fail ag.web-first-sync "no first sync through the web sources; log: $(log_tail 6)"
fi
info "start-up lookups: $(w_count 4) IPv4, $(w_count 6) IPv6"
sleep 5.5 # past the 5 s gap, so that the gap is not what keeps lookups away below
ports=$(est_ports)
w_mark
for i in 0 1 2 3 4 5 6 7 8 9; do
	nsip gw link add "vx$i" type veth peer name "vy$i"
	nsip gw link set "vx$i" up
	nsip gw link del "vx$i"
done
nsip gw -6 addr add 2001:db8:99::1/128 dev lo
nsip gw addr add 10.77.0.1/32 dev lo
sleep 2
n4=$(w_count 4)
n6=$(w_count 6)
info "10 veth add/deletes and addresses on lo: $n4 IPv4 and $n6 IPv6 lookups"
check ag.web-unrelated-no-lookup "unrelated events started $n4 IPv4 and $n6 IPv6 lookups" \
	test "$n4:$n6" = 0:0
check ag.web-unrelated-keeps-connections "connections to the provider before '$ports', after '$(est_ports)'" \
	eval 'test -n "$ports" && test "$(est_ports)" = "$ports"'

w_mark
m_mark
wan4 198.51.100.7 198.51.100.9
wait_for 8 m_has '$2 == "PATCH" && $5 == "198.51.100.9"'
sleep 1
n4=$(w_count 4)
n6=$(w_count 6)
info "a WAN IPv4 change: $n4 IPv4 and $n6 IPv6 lookups ($(w_lines | awk '{ printf "%s/%s ", $1, $2 }'))"
check ag.web-v4-change-asks-v4 "an IPv4 renumbering: $n4 IPv4 lookups, want 1..2; A is $(m_content A $NAME)" \
	test "$n4" -ge 1 -a "$n4" -le 2 -a "$(m_content A $NAME)" = 198.51.100.9
check ag.web-v4-change-not-v6 "an IPv4 renumbering started $n6 IPv6 lookups" test "$n6" = 0

sleep 5.5
w_mark
kill -USR1 "$R1"
sleep 0.3
kill -USR1 "$R1"
sleep 0.3
kill -USR1 "$R1"
sleep 1.5
n4=$(w_count 4)
n6=$(w_count 6)
check ag.web-rate-limited "3 SIGUSR1 in 0.6 s: $n4 IPv4 and $n6 IPv6 lookups at once, want 1 each" \
	test "$n4:$n6" = 1:1
sleep 4.5
gap=$(w_lines | awk '$2 == 4 { if (t) { printf "%.2f", $1 - t; exit } t = $1 }')
info "3 SIGUSR1: $(w_count 4) IPv4 lookups in 6.3 s, the second $gap s after the first"
check ag.web-deferred-after-gap "the deferred IPv4 lookup came '$gap' s after the first (want >= 4.9, <= 6)" \
	awk -v g="$gap" 'BEGIN { exit !(g != "" && g >= 4.9 && g <= 6) }'

# --- item 10: one agent at a time ------------------------------------------------------------------

agent_in gw "$OUT/run2.out" "$OUT/run2.err" "$BIN" -c "$MAIN" run
rc=$?
check ag.lock-second-run "a second run exited $rc: $(head -c 200 "$OUT/run2.err")" \
	eval 'test "$rc" = 2 && grep -q "already running as PID $R1" "$OUT/run2.err"'
check ag.lock-status-kept "the refused run removed status.json" test -f "$WORK/run-main/status.json"
agent_in gw "$OUT/once-beside.out" "$OUT/once-beside.err" "$BIN" -c "$MAIN" once
rc=$?
check ag.lock-once-beside "once beside a running agent exited $rc: $(head -c 200 "$OUT/once-beside.err")" \
	eval 'test "$rc" = 2 && grep -q "already running as PID $R1" "$OUT/once-beside.err"'

# --- item 11: status --------------------------------------------------------------------------------

status_rc st-run "$MAIN"
check ag.status-running-exit0 "status of an agent in sync exited $RC: $(head -c 300 "$OUT/st-run.err")" test "$RC" = 0
check ag.status-pid-start "status does not name the PID and start: $(head -1 "$OUT/st-run.out")" \
	grep -qE "^ddnsd running as PID $R1 since 20[0-9-]+T[0-9:]+Z$" "$OUT/st-run.out"
mode=$(stat -c %a "$WORK/run-main/status.json")
check ag.status-file-0644 "status.json has mode $mode" test "$mode" = 644
BROKEN=$WORK/broken.conf
conf "$BROKEN" main "verify-interval = banana"
sed -i "s/^token = .*/token = env:DDT_NO_SUCH_VARIABLE/" "$BROKEN"
status_rc st-broken "$BROKEN"
check ag.status-config-errors "status with a broken config exited $RC: $(head -c 300 "$OUT/st-broken.err")" \
	eval 'test "$RC" = 0 && grep -q "^home " "$OUT/st-broken.out"'
PUB=$WORK/public.conf
conf "$PUB" main
sed -i "s/^token = .*/token = env:DDT_TOKEN/" "$PUB"
chmod 644 "$PUB"
agent_in gw "$OUT/st-nobody.out" "$OUT/st-nobody.err" setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$BIN" -c "$PUB" status
rc=$?
check ag.status-any-user "status as nobody exited $rc: $(head -c 300 "$OUT/st-nobody.err")" \
	eval 'test "$rc" = 0 && grep -q "^home " "$OUT/st-nobody.out"'

kill -KILL "$R1"
wait_for 5 exited "$R1"
wait "$R1" 2>/dev/null
untrack "$R1"
status_rc st-killed "$MAIN"
check ag.status-after-kill9 "status after kill -9 exited $RC: $(head -c 300 "$OUT/st-killed.err")" \
	eval 'test "$RC" = 3 && grep -qE "not running \(last seen 20[0-9-]+T[0-9:]+Z\)" "$OUT/st-killed.err"'

# A web source that fails: its row says so, and status exits 1.
WEBFAIL=$WORK/webfail.conf
conf "$WEBFAIL" webfail "" "ipv4 = web:https://192.0.2.1:8443/status/503
ipv6 = off"
start_agent run-wf -c "$WEBFAIL" -v run
RWF=$APID
wait_for 10 in_log "web ipv4 lookup failed"
sleep 0.3
status_rc st-wf "$WEBFAIL" --json
check ag.status-failed-exit1 "status with a failing row exited $RC: $(head -c 300 "$OUT/st-wf.err")" test "$RC" = 1
json_expect "$OUT/st-wf.out" <<'EOF'
ag.status-web-failure-row | record=home family=ipv4 | result=failed error~503
EOF
stop_agent "$RWF" 8
status_rc st-stopped "$WEBFAIL"
check ag.status-stopped-exit3 "status of a stopped agent exited $RC: $(head -c 200 "$OUT/st-stopped.err")" \
	eval 'test "$RC" = 3 && grep -q "not running" "$OUT/st-stopped.err"'

# --- item 4: reload and shutdown ----------------------------------------------------------------------

conf "$MAIN" main "" "$WEBSRC"
start_agent run3 -c "$MAIN" -v run
R3=$APID
wait_for 10 in_log "ddnsd started"
sleep 1
conf "$MAIN" main "" "$WEBSRC"
# A token with a blank: only the provider's own check refuses it.
sed -i "s|^token = .*|token = $TOKEN x|" "$MAIN"
kill -HUP "$R3"
check ag.hup-provider-check "a reload with a token the provider refuses was taken; log: $(log_tail 3)" \
	wait_for 5 eval 'in_log "keeping the running configuration" && in_log "\[provider cf\]: token: "'
check ag.hup-provider-check-not-reloaded "the refused configuration was reloaded" \
	eval '! in_log "SIGHUP: configuration reloaded"'
conf "$MAIN" main "" "$WEBSRC"

m_admin POST config '{"delay_ms":1500}' >/dev/null
m_mark
wan4 198.51.100.9 198.51.100.13
wait_for 5 eval "nsx isp ss -Htn state established '( sport = :443 )' | grep -q 198.51.100.13"
sleep 0.2
kill -TERM "$R3"
sleep 0.2
kill -HUP "$R3"
wait_for 10 exited "$R3"
wait "$R3"
rc=$?
untrack "$R3"
m_admin POST config '{"delay_ms":0}' >/dev/null
check ag.hup-while-stopping-ignored "SIGHUP during the grace: exit $rc; log: $(log_tail 4)" \
	eval 'test "$rc" = 0 && in_log "SIGHUP: ignored while stopping" && ! in_log "SIGHUP: configuration reloaded"'
check ag.hup-while-stopping-write-finished "the write in flight was cancelled: A is $(m_content A $NAME)" \
	test "$(m_content A $NAME)" = 198.51.100.13

# --- item 9: files that are not what they seem --------------------------------------------------------

FIFO=$WORK/fifo.conf
conf "$FIFO" fifo
mkdir -p "$WORK/state-fifo"
mkfifo "$WORK/state-fifo/state.json"
AGENT_TIMEOUT=15 agent_in gw "$OUT/fifo.out" "$OUT/fifo.err" "$BIN" -c "$FIFO" once
rc=$?
check ag.state-fifo "once with a FIFO as state.json exited $rc: $(tail -n 2 "$OUT/fifo.err" | tr '\n' '|')" \
	eval 'test "$rc" = 0 && grep -q "state.json: not a regular file" "$OUT/fifo.err"'

# A state that still names a record no longer configured: dropped at the next save.
PRUNE=$WORK/prune.conf
conf "$PRUNE" prune "verify-interval = 2s"
mkdir -p "$WORK/state-prune"
cat >"$WORK/state-prune/state.json" <<EOF
{"version": 1, "records": [
 {"record": "home", "name": "$NAME", "provider": "cf", "family": "ipv4", "address": "203.0.113.77",
  "updated_at": 1700000000, "record_id": null, "zone_id": null},
 {"record": "gone", "name": "gone.example.com", "provider": "cf", "family": "ipv4",
  "address": "203.0.113.5", "updated_at": 1700000000, "record_id": null, "zone_id": null}]}
EOF
m_mark
start_agent run4 -c "$PRUNE" -v run
R4=$APID
wait_for 10 in_log "$NAME A 198\.51\.100\.13 is up to date"
# The log line comes before the save: wait for the file rather than read it once.
check ag.state-drops-gone "state.json still names record gone: $(grep -c gone "$WORK/state-prune/state.json")" \
	wait_for 5 eval '! grep -q "\"gone\"" "$WORK/state-prune/state.json"'
# An unchanged verify (verify-interval = 2s) rewrites nothing.
sleep 1.5
ino=$(stat -c '%i %Y' "$WORK/state-prune/state.json")
m_mark
sleep 5
nv=$(m_count '$2 == "GET"')
check ag.verify-no-rewrite "$nv verifies in 5 s; state.json '$ino' -> '$(stat -c '%i %Y' "$WORK/state-prune/state.json")'" \
	eval 'test "$nv" -ge 2 && test "$(stat -c "%i %Y" "$WORK/state-prune/state.json")" = "$ino"'

# status.json that cannot be written: one warning, retried, then written again.
mkdir "$WORK/run-prune/status.json.tmp"
before=$(stat -c %Y "$WORK/run-prune/status.json")
kill -USR1 "$R4"
sleep 0.5
m_admin POST fault '{"status":500,"count":1,"method":"GET"}' >/dev/null
kill -USR1 "$R4"
sleep 2.5
kill -USR1 "$R4"
sleep 0.5
nw=$(grep -c "cannot write $WORK/run-prune/status.json" "$ALOG")
check ag.status-write-warn-once "status write failures logged $nw warning(s), want 1: $(log_tail 3)" \
	eval 'test "$nw" = 1 && grep -q "ddnsd\[warning\]: cannot write $WORK/run-prune/status.json" "$ALOG"'
rmdir "$WORK/run-prune/status.json.tmp"
m_admin POST fault '{"status":500,"count":1,"method":"GET"}' >/dev/null
kill -USR1 "$R4"
check ag.status-write-retried "status.json not written again after the failure; log: $(log_tail 3)" \
	wait_for 8 eval 'in_log "status.json written again" && grep -q "\"pid\"" "$WORK/run-prune/status.json"'
info "status.json mtime $before -> $(stat -c %Y "$WORK/run-prune/status.json")"
stop_agent "$R4" 8
m_admin POST reset >/dev/null

# --- item 8: hooks ---------------------------------------------------------------------------------

HOOKDIR=$WORK/hooks
mkdir -p "$HOOKDIR"
SLOW=$HOOKDIR/slow.sh
printf '#!/bin/sh\necho "$DDNSD_RECORD" >>"$0.out"\nsleep 1.5\n' >"$SLOW"
chmod 755 "$SLOW"
MANY=$WORK/many.conf
agent_conf "$MANY" many
{
	echo "on-change = $SLOW"
	printf '\n[provider cf]\ntype = cloudflare\ntoken = %s\nendpoint = https://192.0.2.1/client/v4\n' "$TOKEN"
	for i in $(seq 0 11); do
		printf '\n[record r%d]\nname = r%d.example.com\nprovider = cf\nipv6 = off\n' "$i" "$i"
	done
} >>"$MANY"
start_agent run-many -c "$MANY" run
RM=$APID
wait_for 15 eval '[ "$(grep -c -- " -> " "$ALOG")" -ge 12 ]'
wait_for 10 eval '[ "$(sort -u "$SLOW.out" 2>/dev/null | wc -l)" -ge 12 ]'
nh=$(sort -u "$SLOW.out" 2>/dev/null | wc -l)
info "12 records created at once, 8 hook slots: $nh of 12 on-change hooks ran"
check ag.hooks-queued-not-dropped "$nh of 12 on-change hooks ran; log: $(grep -m1 'hook' "$ALOG")" test "$nh" = 12
stop_agent "$RM" 8

# A hook that leaves a child behind, still running at exit while a request is slow: exit comes
# within the documented grace (5 s) and takes the hook's whole process group with it.
GROUP=$HOOKDIR/group.sh
printf '#!/bin/sh\nsleep 300 &\necho $! >"$0.pid"\nsleep 300\n' >"$GROUP"
chmod 755 "$GROUP"
GRP=$WORK/grp.conf
conf "$GRP" grp "on-change = $GROUP"
start_agent run-grp -c "$GRP" -v run
RG=$APID
wait_for 10 in_log "ddnsd started"
sleep 0.5
wan4 198.51.100.13 198.51.100.21
if ! wait_for 10 test -s "$GROUP.pid"; then
	fail ag.hooks-group-setup "the on-change hook did not start; log: $(log_tail 4)"
fi
m_admin POST config '{"delay_ms":4000}' >/dev/null
wan4 198.51.100.21 198.51.100.22
wait_for 5 eval "nsx isp ss -Htn state established '( sport = :443 )' | grep -q 198.51.100.22"
sleep 0.2
stop_agent "$RG" 15
m_admin POST config '{"delay_ms":0}' >/dev/null
gc=$(cat "$GROUP.pid" 2>/dev/null)
info "SIGTERM with a slow request and a hook running: exit $RC after $STOPPED s"
check ag.hooks-exit-within-grace "exit $RC took $STOPPED s (want <= 6.5)" \
	awk -v s="$STOPPED" -v rc="$RC" 'BEGIN { exit !(rc == 0 && s <= 6.5) }'
check ag.hooks-group-killed "the hook's child (PID $gc) outlived the agent" \
	eval 'test -n "$gc" && wait_for 2 eval "! kill -0 $gc"'

# --- item 13: a named interface that does not exist ------------------------------------------------

IFC=$WORK/ifc.conf
conf "$IFC" ifc "" "ipv4 = interface:ppp7,wan0
ipv6 = off"
agent_in gw "$OUT/ifc-check.out" "$OUT/ifc-check.err" "$BIN" -c "$IFC" check
rc=$?
check ag.if-missing-check-warns "check exited $rc: $(cat "$OUT/ifc-check.out" "$OUT/ifc-check.err" | tr '\n' '|')" \
	eval 'test "$rc" = 0 && grep -q "warning: \[record home\] ipv4: interface ppp7 does not exist" "$OUT/ifc-check.out"'
start_agent run-ifc -c "$IFC" run
RI=$APID
check ag.if-missing-run-warns "run did not warn of ppp7 at start-up; log: $(log_tail 3)" \
	wait_for 5 in_log "ddnsd\[warning\]: interface ppp7 does not exist"
nsip gw link add ppp7 type veth peer name ppp7p
wait_for 5 in_log "interface ppp7 is here"
nsip gw link del ppp7
check ag.if-gone-run-warns "run did not warn when ppp7 went; log: $(log_tail 3)" \
	wait_for 5 in_log "ddnsd\[warning\]: interface ppp7 went away"
check ag.if-missing-not-fatal "the agent stopped over a missing interface" kill -0 "$RI"
stop_agent "$RI" 8

# --- item 14: long outages ------------------------------------------------------------------------

OUTH=$HOOKDIR/outage.sh
printf '#!/bin/sh\necho "$DDNSD_EVENT $DDNSD_RESULT $DDNSD_RECORD $DDNSD_FAMILY" >>"$0.out"\n' >"$OUTH"
chmod 755 "$OUTH"
OUTC=$WORK/outage.conf
conf "$OUTC" outage "failure-after = 3s
on-failure = $OUTH
on-change = $OUTH" "ipv6 = off"
start_agent run-out -c "$OUTC" -v run
RO=$APID
wait_for 10 in_log "ddnsd started"
sleep 1
m_admin POST fault '{"status":503,"count":1000,"method":"PATCH"}' >/dev/null
m_mark
wan4 198.51.100.22 198.51.100.30
check ag.outage-on-failure "no on-failure (DDNSD_EVENT=outage) after failure-after = 3s; log: $(log_tail 3)" \
	wait_for 20 grep -qx "outage retrying home ipv4" "$OUTH.out"
sleep 2
na=$(m_count '$2 == "PATCH" && $3 == 503')
nw=$(grep -c "ddnsd\[warning\]: $NAME A: cloudflare" "$ALOG")
nh=$(grep -c "^outage " "$OUTH.out")
info "an outage of $na failed writes: $nw warning line(s), $nh on-failure run(s)"
check ag.outage-logged-once "$na failed writes gave $nw warning lines (want 1)" \
	test "$na" -ge 3 -a "$nw" = 1
check ag.outage-hook-once "on-failure ran $nh times in one outage" test "$nh" = 1
m_admin POST reset >/dev/null
check ag.outage-recovered-hook "no on-change with DDNSD_EVENT=recovered after the outage; log: $(log_tail 3)" \
	wait_for 30 grep -qx "recovered ok home ipv4" "$OUTH.out"
check ag.outage-recovered-log "no 'working again' line" \
	in_log "ddnsd\[info\]: $NAME A: working again \(failing since 20[0-9-]+T[0-9:]+Z, [0-9]+ attempts\)"
stop_agent "$RO" 8

# --- item 12: credentials proven at start-up ---------------------------------------------------------

# home is in sync in state-outage: a restart used to send nothing, and a revoked token went
# unnoticed until the address changed.
REVOKED=$WORK/revoked.conf
conf "$REVOKED" outage "" "ipv6 = off"
sed -i "s|^token = .*|token = ddtRevoked-0f1e2d3c4b5a6978|" "$REVOKED"
now_us t
start_agent run-auth -c "$REVOKED" -v run
RA=$APID
if wait_for 8 in_log "ddnsd\[error\]: $NAME A: cloudflare: "; then
	info "a revoked token at start-up: the error came after $(secs_since "$t") s"
fi
check ag.auth-at-start "no error with a hint for the revoked token; log: $(log_tail 3)" \
	in_log "ddnsd\[error\]: $NAME A: cloudflare: 10000 Authentication error; the token needs .*; not retried"
sleep 0.3
status_rc st-auth "$REVOKED" --json
check ag.auth-status-exit1 "status with a refused credential exited $RC" test "$RC" = 1
json_expect "$OUT/st-auth.out" <<'EOF'
ag.auth-status-row | record=home family=ipv4 | result=auth error~10000
EOF
ne=$(grep -c "ddnsd\[error\]" "$ALOG")
check ag.auth-one-line "$ne error lines for one refused credential" test "$ne" = 1
stop_agent "$RA" 8

# --- no token anywhere ------------------------------------------------------------------------------

leaks=$(grep -rlF -e "$TOKEN" "$OUT" "$WORK"/state-* "$WORK"/run-* 2>/dev/null | tr '\n' ' ')
check ag.token-not-leaked "the token appears in: $leaks" test -z "$leaks"

info "whole test took $(secs_since "$t_all") s"
finish
