# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# shellcheck disable=SC2317 # helpers are called through wait_for and check
# shellcheck disable=SC2034 # MLOG, M_WRITE are read by lib_agent.sh
# shellcheck disable=SC2153 # SECRET, T, NAME... come from the test; ALOG from lib_agent.sh
# What the netns tests of the write-only providers share (test_dyndns2.sh, test_duckdns.sh,
# test_freedns.sh, test_custom.sh): mock_dyndns.py in the topology of lib_agent.sh, also on
# 2001:db8:ff::1 (FreeDNS's IPv6 endpoint), and the scenario every one of them runs:
#
#   first sync (both families: one request when the provider pairs them) -> a WAN IPv4 change
#   and an IPv6 prefix change inside the 60 s floor: nothing until it ends, then one write of
#   each new address -> SIGUSR1 and 300 polls (poll-interval 100ms for 30 s) with nothing
#   changed: no request -> restart with the state in sync: no request -> --dry-run: no request
#   -> a transient 5xx, retried -> the tests' own error classes -> no secret in any output
#   (logs, state.json, status.json, the hooks' environment).
#
# The test sets T (check prefix), TYPE, NAME (the record name), SECRET (what must never leak),
# PAIRED (1: both families in one request), and defines
#   prov_section SECRET-VALUE   the [provider p] section (mode-0600 file, so inline is fine)
# Source after lib.sh and lib_agent.sh, then call wo_setup.

M_WRITE='1'
V6_EP=2001:db8:ff::1

# wo_setup MOCK-ARGS...: topology, certificates for both mock addresses, the mock, a hook.
wo_setup() {
	# Here, not where the file is sourced: WORK is made by lib_init, which comes after.
	MLOG=$WORK/mock-requests.jsonl
	agent_setup "$T" "$T"
	nsip isp -6 addr add $V6_EP/128 dev lo nodad
	# The mock answers gw over IPv6 too (FreeDNS): new prefixes are on the link as well.
	nsip isp -6 route add 2001:db8::/36 dev to-gw
	make_certs "$WORK/pki" api.example.test 192.0.2.1 $V6_EP || {
		fail "$T.setup" "openssl could not make the test certificates"
		finish
	}
	agent_mock "$T" mock_dyndns.py --listen $V6_EP "$@"
	HOOK=$WORK/hook.sh
	printf '#!/bin/sh\nenv | grep "^DDNSD_" | sort >>"$0.out"\necho --- >>"$0.out"\n' >"$HOOK"
	chmod 755 "$HOOK"
}

# m_format: the mock's log lines as "T PROTO STATUS AUTH CHANGED HOST WORD PATH".
m_format() {
	"$PY" -c 'import json, sys
for l in sys.stdin:
    r = json.loads(l)
    w = (r.get("reply") or "-").split()
    print("%.6f" % r["t"], r.get("proto", "-"), r["status"], r.get("auth_ok"),
          r.get("changed"), r.get("host") or "-", w[0] if w else "-", r["path"])'
}
# m_addr NAME TYPE: what the mock holds ("" for none).
m_addr() {
	m_admin GET records | "$PY" -c 'import json, sys
for r in json.load(sys.stdin):
    if r["name"] == sys.argv[1]: print(r.get(sys.argv[2]) or "")' "$1" "$2"
}
# m_violations: the mock's list of requests a careful client never sends, one a line.
m_violations() {
	m_admin GET violations | "$PY" -c 'import json, sys
for v in json.load(sys.stdin): print(v["kind"], v["name"], v["path"])'
}
m_no_violations() { test -z "$(m_violations)"; }

# wo_conf FILE STATETAG SECRET-VALUE [AGENT-LINES]: a whole configuration.
wo_conf() {
	agent_conf "$1" "$2"
	# A poll-interval given here replaces agent_conf's.
	case ${4:-} in *poll-interval*) sed -i '/^poll-interval/d' "$1" ;; esac
	{
		printf 'on-change = %s\non-failure = %s\n%s\n\n' "$HOOK" "$HOOK" "${4:-}"
		prov_section "$3"
		printf '\n[record home]\nname = %s\nprovider = p\n' "$NAME"
	} >>"$1"
}

# wo_writes: the requests since the mark, as "STATUS WORD PATH" lines for the log.
wo_show() { m_since | awk '{ print "#   " $2, $3, $7, $8 }'; }

# wo_run TAG CONF ARGS...: start the agent, wait until it logged "ddnsd started".
wo_run() {
	start_agent "$1" -c "$2" -v "${@:3}" run
	wait_for 5 in_log "ddnsd started" || info "agent $1 did not log its start: $(log_tail 3)"
}

wo_common() {
	local t n v4 v6 w rid got ndebug leaks
	MAIN=$WORK/main.conf
	wo_conf "$MAIN" main "$SECRET"

	# --- first sync ---------------------------------------------------------------------
	m_mark
	now_us t
	wo_run run1 "$MAIN"
	R1=$APID
	wait_for 10 eval '[ "$(m_addr "$NAME" A)" = 198.51.100.7 ] && [ "$(m_addr "$NAME" AAAA)" = 2001:db8:1::7 ]'
	info "first sync took $(secs_since "$t") s"
	wo_show
	got="$(m_addr "$NAME" A) $(m_addr "$NAME" AAAA)"
	check "$T.first-sync" "the mock holds '$got'; log: $(log_tail 4)" \
		test "$got" = "198.51.100.7 2001:db8:1::7"
	n=$((PAIRED ? 1 : 2))
	check "$T.first-sync-requests" "want $n request(s), got $(m_count)" test "$(m_count)" = $n
	check "$T.first-sync-auth" "a request was refused" test "$(m_count '$4 != "True"')" = 0
	check "$T.first-sync-log" "no 'A (none) -> 198.51.100.7 ($TYPE' line" \
		in_log "$NAME A \(none\) -> 198\.51\.100\.7 \($TYPE, [0-9]+ ms\)"
	check "$T.hook-on-change" "the on-change hook did not run" \
		wait_for 5 grep -q "DDNSD_ADDRESS=198.51.100.7" "$HOOK.out"

	if [ "${FLOOR:-0}" = 1 ]; then
		# --- WAN change and prefix change inside the 60 s floor --------------------------------
		m_mark
		now_us t
		sleep 1
		wan4 198.51.100.7 198.51.100.9
		sleep 1
		wan6 2001:db8:1::7 2001:db8:2::7
		sleep 5
		check "$T.floor-holds" "$(m_count) request(s) within 7 s of the first write (floor 60 s)" \
			test "$(m_count)" = 0
		wait_for 70 eval '[ "$(m_addr "$NAME" A)" = 198.51.100.9 ] && [ "$(m_addr "$NAME" AAAA)" = 2001:db8:2::7 ]'
		w=$(secs_since "$t")
		info "WAN and prefix change published $w s after the first sync's write"
		sleep 0.5
		wo_show
		got="$(m_addr "$NAME" A) $(m_addr "$NAME" AAAA)"
		check "$T.wan-and-prefix-change" "the mock holds '$got'; log: $(log_tail 4)" \
			test "$got" = "198.51.100.9 2001:db8:2::7"
		check "$T.change-one-request" "want $n request(s) for both changes, got $(m_count)" \
			test "$(m_count)" = $n
		check "$T.change-after-floor" "published after $w s (floor 60 s from the first write)" \
			awk -v w="$w" 'BEGIN { exit !(w >= 57) }'
		check "$T.change-log-v6" "no 'AAAA 2001:db8:1::7 -> 2001:db8:2::7' line" \
			in_log "$NAME AAAA 2001:db8:1::7 -> 2001:db8:2::7 \($TYPE"
	else
		# The 60 s floor is the agent's, the same for every write-only type: one suite
		# (dyndns2, FLOOR=1) waits it out. Here a restart forgets the last write (the
		# state file keeps what was published, not when the floor ends), so the changes
		# are written at once: what this suite checks is the provider's request.
		stop_agent "$R1" 8
		wo_run run1b "$MAIN"
		R1=$APID
		m_mark
		wan4 198.51.100.7 198.51.100.9
		wan6 2001:db8:1::7 2001:db8:2::7
		wait_for 15 eval '[ "$(m_addr "$NAME" A)" = 198.51.100.9 ] && [ "$(m_addr "$NAME" AAAA)" = 2001:db8:2::7 ]'
		sleep 0.5
		wo_show
		got="$(m_addr "$NAME" A) $(m_addr "$NAME" AAAA)"
		check "$T.wan-and-prefix-change" "the mock holds '$got'; log: $(log_tail 4)" \
			test "$got" = "198.51.100.9 2001:db8:2::7"
		check "$T.change-requests" "want at most 2 requests for both changes, got $(m_count)" \
			test "$(m_count)" -ge 1 -a "$(m_count)" -le 2
		check "$T.change-log-v6" "no 'AAAA 2001:db8:1::7 -> 2001:db8:2::7' line" \
			in_log "$NAME AAAA 2001:db8:1::7 -> 2001:db8:2::7 \($TYPE"
	fi

	# --- nothing changes: SIGUSR1 sends nothing --------------------------------------------
	m_mark
	kill -USR1 "$R1"
	sleep 2
	check "$T.usr1-no-request" "SIGUSR1 with nothing changed sent $(m_count) request(s)" \
		test "$(m_count)" = 0
	stop_agent "$R1" 8
	check "$T.sigterm-exit0" "run exited $RC" test "$RC" = 0

	# --- a day of polls with nothing changed: 300 polls (288 make a day at 5 min) -----------
	# dyndns2 polls every 100 ms for 30 s; the others every 33 ms for 10 s (as many polls).
	if [ "${FLOOR:-0}" = 1 ]; then
		wo_conf "$WORK/poll.conf" main "$SECRET" "poll-interval = 100ms"
	else
		wo_conf "$WORK/poll.conf" main "$SECRET" "poll-interval = 33ms"
	fi
	m_mark
	now_us t
	wo_run run2 "$WORK/poll.conf"
	sleep $((${FLOOR:-0} ? 30 : 10))
	POLL_REQUESTS=$(m_count)
	[ "$POLL_REQUESTS" = 0 ] || { wo_show; info "agent log: $(log_tail 12)"; }
	POLL_SECONDS=$(secs_since "$t")
	kill -USR1 "$APID"
	sleep 1
	stop_agent "$APID" 8
	info "restart in sync, then $POLL_SECONDS s of polls every 100 ms and SIGUSR1: $POLL_REQUESTS request(s)"
	check "$T.restart-and-polls-no-request" "$(m_count) request(s)" test "$(m_count)" = 0
	check "$T.restart-no-write-log" "a write was logged: $(grep -m1 -- ' -> ' "$ALOG")" \
		test "$(grep -c -- ' -> ' "$ALOG")" = 0

	# --- dry run: nothing sent --------------------------------------------------------------
	rm -rf "$WORK/state-dry"
	wo_conf "$WORK/dry.conf" dry "$SECRET"
	m_mark
	agent_in gw "$OUT/dry.out" "$OUT/dry.err" "$BIN" -c "$WORK/dry.conf" -v --dry-run once
	wo_show
	check "$T.dry-run-no-request" "--dry-run sent $(m_count) request(s)" test "$(m_count)" = 0
	check "$T.dry-run-log" "no 'dry run: would send' line: $(tail -n 2 "$OUT/dry.err" | tr '\n' '|')" \
		grep -q "dry run: would send .*198\.51\.100\.9" "$OUT/dry.err"

	# --- a 5xx is transient: retried, then published ---------------------------------------
	rm -rf "$WORK/state-t5"
	wo_conf "$WORK/t5.conf" t5 "$SECRET"
	m_admin POST fault '{"status":500,"count":1}' >/dev/null
	m_admin POST records '{"name":"'"$NAME"'","A":"203.0.113.1","AAAA":"2001:db8:9::1"}' >/dev/null
	m_mark
	wo_run run5 "$WORK/t5.conf"
	wait_for 10 eval '[ "$(m_addr "$NAME" A)" = 198.51.100.9 ]'
	sleep 1
	stop_agent "$APID" 8
	wo_show
	got=$(m_since | awk '{ printf "%s ", $3 }')
	check "$T.5xx-retried" "statuses '$got', want 500 then 200" \
		eval '[[ "$got" == "500 200 "* ]]'
	check "$T.5xx-log" "no 'next try in N s' warning" in_log "ddnsd\[warning\]: $NAME A.*next try in [0-9]+ s"
	check "$T.no-violations" "the mock saw: $(m_violations | head -3 | tr '\n' ';')" m_no_violations
}

# wo_error CHECK FAULT-JSON|- SECRET-VALUE WANT-LOG [HOLD]: a fresh agent whose first request
# fails as FAULT-JSON arms (- : the SECRET-VALUE itself is wrong); the log must match WANT-LOG.
# HOLD=1: a permanent error that holds the record: after a WAN change and SIGUSR1 nothing more
# is sent, and the mock saw no request after the stop. The mock is reset after.
wo_error() {
	local c=$1 fault=$2 secret=$3 want=$4 hold=${5:-0} n
	m_admin POST reset >/dev/null
	m_admin POST records '{"name":"'"$NAME"'","A":"203.0.113.1","AAAA":"2001:db8:9::1"}' >/dev/null
	[ "$fault" = - ] || m_admin POST fault "$fault" >/dev/null
	rm -rf "$WORK/state-err"
	wo_conf "$WORK/err.conf" err "$secret"
	m_mark
	wo_run "err-$c" "$WORK/err.conf"
	wait_for 5 in_log "$want"
	sleep 1
	check "$T.$c-log" "no line matching '$want'; log: $(log_tail 3)" in_log "$want"
	if [ "$hold" = 1 ]; then
		n=$(m_count)
		wan4 198.51.100.9 198.51.100.10
		sleep 1.5
		kill -USR1 "$APID"
		sleep 1.5
		wo_show
		check "$T.$c-held" "$(m_count) requests in all, want $n: the record is held even for a new address" \
			test "$(m_count)" = "$n"
		check "$T.$c-no-violations" "the mock saw: $(m_violations | head -3 | tr '\n' ';')" m_no_violations
		check "$T.$c-hold-log" "the error does not say the record is held" in_log "until then \(on reload or restart\)"
		wan4 198.51.100.10 198.51.100.9
	fi
	stop_agent "$APID" 8
	m_admin POST reset >/dev/null
}

# wo_secrets: no secret in any output the agent made.
wo_secrets() {
	local leaks ndebug
	ndebug=$(cat "$OUT"/*.log | grep -c 'ddnsd\[debug\]')
	info "searched $(find "$OUT" "$WORK"/state-* "$WORK"/run-* "$HOOK.out" -type f 2>/dev/null | wc -l) files ($ndebug debug lines)"
	leaks=$(grep -rlF -e "$SECRET" "$OUT" "$WORK"/state-* "$WORK"/run-* "$HOOK.out" 2>/dev/null | tr '\n' ' ')
	check "$T.secret-not-leaked" "the secret appears in: $leaks" test -z "$leaks"
	check "$T.secret-hunt-meaningful" "no debug output or no hook run was captured" \
		test "$ndebug" -gt 0 -a -s "$HOOK.out"
}
