# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2317 # helpers are called through wait_for and check
# shellcheck disable=SC2153 # BIN, OUT, APID, ALOG, RC come from lib_agent.sh
# The rfc2136 suite, run against one real server by test_rfc2136_bind.sh and
# test_rfc2136_knot.sh (source it, then rfc2136_main): the agent (`run`, `once`, `--dry-run`, `status`, signals) sends TSIG-signed
# DNS UPDATEs to BIND9 or Knot DNS, and the server's own tool (dig, kdig) says what it holds.
#
#       isp  lo: 192.0.2.53, 2001:db8:53::53 = named or knotd (zone example.test, lib_dns.sh)
#        | to-gw: 198.51.100.1/24, 2001:db8:1::1/64, fe80::1
#       gw   wan0: 198.51.100.7/24, 2001:db8:1::7/64, changed as DHCP and DHCPv6-PD would
#
# Covered: first sync (touching no other type or name), WAN and prefix changes (timed, median of
# 10), restart without an UPDATE, a record changed behind ddnsd's back and repaired at the next
# verify, queries in flight when the local address vanishes, dry run, a wrong secret (BADSIG), a wrong key name (BADKEY), a name the key may not
# change (update policy / ACL), the server down and up again, the server over IPv6 with
# hmac-sha512, and no secret in any output.

# shellcheck source=tests/netns/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$NETNS_DIR/lib_agent.sh"
# shellcheck source=tests/netns/lib_dns.sh
. "$NETNS_DIR/lib_dns.sh"

NAME=home.example.test
SERVER4=192.0.2.53
SERVER6=2001:db8:53::53

# r_conf FILE TAG [KEY-NAME] [SECRET] [ALG] [SERVER] [RECORD] [AGENT-LINE]: a configuration.
r_conf() {
	local alg=${5:-hmac-sha256}
	agent_conf "$1" "$2"
	cat >>"$1" <<EOF
${8:-}

[provider dns]
type = rfc2136
server = ${6:-$SERVER4}
tsig-name = ${3:-ddns-key}
tsig-algorithm = $alg
tsig-secret = ${4:-$DNS_SECRET256}

[record home]
name = ${7:-$NAME}
provider = dns
ipv4 = interface:wan0
ipv6 = interface:wan0
ttl = 120
EOF
}

# in_flight: a query reached the (stopped) server and waits in its socket's receive queue.
in_flight() {
	nsx isp ss -Huan src "$SERVER4:53" | awk '{ q += $2 } END { exit !(q > 0) }'
}

# holds TYPE VALUE [NAME]: the server holds exactly VALUE as the RRset (for wait_for).
holds() { [ "$(dns_dig "${3:-$NAME}" "$1")" = "$2" ]; }

# admin_set TYPE VALUE: change home's RRset behind ddnsd's back (nsupdate with the key, from isp).
admin_set() {
	printf 'server %s\nzone example.test\nupdate delete %s. %s\nupdate add %s. 120 %s %s\nsend\n' \
		"$SERVER4" "$NAME" "$1" "$NAME" "$1" "$2" |
		nsx isp nsupdate -y "hmac-sha256:ddns-key:$DNS_SECRET256" >"$WORK/admin.log" 2>&1
}

# once_rc TAG CONF ARGS...: `ddnsd -c CONF ARGS once`; output in $OUT/TAG.{out,err}; RC. The
# agent sees $WORK/hosts and $WORK/resolv.conf (when they exist) as /etc/hosts and
# /etc/resolv.conf, in its own mount namespace.
once_rc() {
	local tag=$1 conf=$2
	shift 2
	# shellcheck disable=SC2016 # the inner shell expands its own arguments
	agent_in gw "$OUT/$tag.out" "$OUT/$tag.err" /bin/sh -c '
		w=$1
		shift
		for f in hosts resolv.conf; do
			[ ! -e "$w/$f" ] || mount --bind "$w/$f" "/etc/$f" || exit 125
		done
		exec "$@"' ddt-once "$WORK" "$BIN" -c "$conf" "$@" once
	RC=$?
}

rfc2136_suite() {
	local kind=$1 t serial i old new ms times=() med
	now_us t
	agent_setup "$kind" "rfc2136-$kind"
	nsip isp addr add $SERVER4/32 dev lo
	nsip isp -6 addr add $SERVER6/128 dev lo
	# the way back to gw's later prefixes (2001:db8:2::/64 ...): on the link to gw
	nsip isp -6 route add 2001:db8::/40 dev to-gw
	dns_keys
	if ! dns_start "$kind" isp $SERVER4 $SERVER6; then
		fail "$kind.setup" "the server did not start: $(tail -3 "$WORK/$kind/check.log" \
			"$WORK/$kind/server.log" | tr '\n' ' ')"
		finish
	fi
	info "$kind answers after ${WAITED} s; set-up $(secs_since "$t") s"

	# --- first sync, with `run` --------------------------------------------------------
	r_conf "$WORK/run.conf" run
	serial=$(dns_serial)
	start_agent run -c "$WORK/run.conf" -v run
	if wait_for 15 holds A 198.51.100.7 && wait_for 5 holds AAAA 2001:db8:1::7; then
		pass "$kind.first-sync"
	else
		fail "$kind.first-sync" "A=$(dns_dig $NAME A) AAAA=$(dns_dig $NAME AAAA); $(log_tail)"
	fi
	# the agent logs an answer a moment after the server applied it
	wait_for 5 sh -c "[ \$(grep -c 'rfc2136: UPDATE .*: answered' '$ALOG') -ge 2 ]"
	sleep 0.2
	# Knot may apply two UPDATEs that arrive together as one change (serial +1)
	check "$kind.first-sync.two-updates" \
		"$(grep -c 'rfc2136: UPDATE' "$ALOG") UPDATEs sent, want 2; serial $serial -> $(dns_serial)" \
		sh -c "[ \"\$(grep -c 'rfc2136: UPDATE .*: answered' '$ALOG')\" = 2 ] && [ $(dns_serial) -gt $serial ]"
	check "$kind.first-sync.others-untouched" \
		"TXT=$(dns_dig $NAME TXT) MX=$(dns_dig $NAME MX) other=$(dns_dig other.example.test A)" \
		test "$(dns_dig $NAME TXT)|$(dns_dig $NAME MX)|$(dns_dig other.example.test A)" = \
		'"keep me"|10 mail.example.test.|203.0.113.251'
	check "$kind.first-sync.ttl" "ttl of A: $(nsx gw dig +noall +answer @$SERVER4 $NAME A)" \
		sh -c "ip netns exec $(ns gw) dig +noall +answer @$SERVER4 $NAME A | grep -q '[[:space:]]120[[:space:]]'"
	check "$kind.log.shown" "no UPDATE line naming server, zone, name and type: $(log_tail 3)" \
		in_log "UPDATE $SERVER4:53 zone example.test name $NAME A"

	# --- WAN changes: the time from the change to the record at the server ---------------
	sleep 1.1 # min-interval is 1 s
	old=198.51.100.7
	for i in $(seq 11 20); do
		new=198.51.100.$i
		now_us t
		wan4 "$old" "$new"
		if wait_for 10 holds A "$new"; then
			ms=$(awk -v s="$WAITED" 'BEGIN { printf "%.0f", s * 1000 }')
			times+=("$ms")
		else
			fail "$kind.wan-change" "A stayed $(dns_dig $NAME A) after $old -> $new; $(log_tail)"
			break
		fi
		old=$new
		sleep 1.1
	done
	if [ ${#times[@]} = 10 ]; then
		med=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (a[5] + a[6]) / 2 }')
		pass "$kind.wan-change"
		info "$kind: WAN change to A at the server (dig): median ${med} ms over 10 changes" \
			"(${times[*]} ms)"
		# of which the agent's job (SOA query, read, UPDATE), by its own log
		info "$kind: the agent's job per change: median $(grep -oE \
			'A 198\.51\.100\.[0-9]+ -> 198\.51\.100\.(1[1-9]|20) \(rfc2136, [0-9]+ ms' "$ALOG" |
			awk '{ print $(NF - 1) }' | sort -n | awk '{ a[NR] = $1 } END { print (a[5] + a[6]) / 2 }') ms" \
			"(settle 50 ms before it)"
	fi
	now_us t
	wan6 2001:db8:1::7 2001:db8:2::7
	if wait_for 10 holds AAAA 2001:db8:2::7; then
		pass "$kind.prefix-change"
		info "$kind: prefix change to AAAA at the server: ${WAITED} s"
	else
		fail "$kind.prefix-change" "AAAA=$(dns_dig $NAME AAAA); $(log_tail)"
	fi
	stop_agent "$APID" 10
	check "$kind.stop" "exit $RC after ${STOPPED} s" test "$RC" = 0

	# --- restart: nothing to write; then a change behind ddnsd's back, repaired at verify ----
	serial=$(dns_serial)
	r_conf "$WORK/run.conf" run "" "" "" "" "" "verify-interval = 2s"
	start_agent restart -c "$WORK/run.conf" -v run
	wait_for 10 in_log "AAAA 2001:db8:2::7 is up to date" && wait_for 5 in_log "A $old is up to date"
	sleep 0.5
	check "$kind.restart.no-update" "serial $serial -> $(dns_serial); $(log_tail 4)" \
		sh -c "[ \"$(dns_serial)\" = $serial ] && ! grep -q 'rfc2136: UPDATE' '$ALOG'"
	admin_set A 203.0.113.9
	check "$kind.behind-back.changed" "the test could not change it: $(cat "$WORK/admin.log")" \
		holds A 203.0.113.9
	if wait_for 10 holds A "$old"; then
		pass "$kind.behind-back.repaired"
		info "$kind: repaired ${WAITED} s after the change (verify-interval 2 s)"
	else
		fail "$kind.behind-back.repaired" "A=$(dns_dig $NAME A); $(log_tail)"
	fi
	check "$kind.behind-back.logged" "$(log_tail 3)" in_log "A 203.0.113.9 -> $old"

	# --- the server down, a change meanwhile, the server up again -----------------------
	dns_stop
	now_us t
	wan4 "$old" 198.51.100.30
	wait_for 10 in_log "refused the connection"
	check "$kind.down.transient" "no transient failure logged: $(log_tail 3)" \
		in_log "refused the connection .*; next try in"
	sleep 1
	dns_start "$kind" isp $SERVER4 $SERVER6 || fail "$kind.down" "the server did not restart"
	if wait_for 40 holds A 198.51.100.30; then
		pass "$kind.down-then-up"
		info "$kind: record written $(secs_since "$t") s after the change, the server down ~1.5 s"
	else
		fail "$kind.down-then-up" "A=$(dns_dig $NAME A); $(log_tail)"
	fi
	status_json status "$WORK/run.conf"
	check "$kind.status" "$(head -c 300 "$OUT/status.json")" \
		grep -q '"published":[[:space:]]*"198.51.100.30"' "$OUT/status.json"

	# --- queries in flight when our address vanishes end at once, not at their time-out ---
	sleep 1.1
	kill -STOP "$DNS_PID" # the server hangs: nothing is answered
	kill -USR1 "$APID"    # re-check now: the reads go out from 198.51.100.30
	wait_for 5 in_flight
	wan4 198.51.100.30 198.51.100.31
	# the runner counts it as ended by the agent: no failure, no backoff (job.c, -ENETRESET)
	if wait_for 3 in_log "request ended: its source address went away; sending again"; then
		pass "$kind.address-vanished"
		info "$kind: queries from the vanished address ended ${WAITED} s after it went" \
			"(their time-out: 5 s)"
	else
		fail "$kind.address-vanished" "$(log_tail 3)"
	fi
	kill -CONT "$DNS_PID"
	check "$kind.address-vanished.written" "A=$(dns_dig $NAME A); $(log_tail 3)" \
		wait_for 40 holds A 198.51.100.31
	stop_agent "$APID" 10

	# --- dry run: reads, says what it would write, writes nothing -----------------------
	admin_set AAAA 2001:db8::dead
	serial=$(dns_serial)
	once_rc dry "$WORK/run.conf" -v --dry-run
	check "$kind.dry-run" "rc $RC, serial $serial -> $(dns_serial); $(tail -2 "$OUT/dry.err" | tr '\n' '|')" \
		sh -c "[ $RC = 0 ] && [ \"$(dns_serial)\" = $serial ] && grep -q 'would update AAAA' '$OUT/dry.err'"
	check "$kind.dry-run.untouched" "AAAA=$(dns_dig $NAME AAAA)" holds AAAA 2001:db8::dead

	# --- wrong secret, wrong key name, a name the key may not change: permanent --------
	r_conf "$WORK/badsig.conf" bad "" "$(openssl rand -base64 32)"
	once_rc badsig "$WORK/badsig.conf"
	check "$kind.badsig" "rc $RC: $(grep -m1 -i 'key' "$OUT/badsig.err")" \
		sh -c "[ $RC = 1 ] && grep -q 'wrong key: .*BADSIG' '$OUT/badsig.err'"
	r_conf "$WORK/badkey.conf" bad nosuch-key
	once_rc badkey "$WORK/badkey.conf"
	check "$kind.badkey" "rc $RC: $(grep -m1 -i 'key' "$OUT/badkey.err")" \
		sh -c "[ $RC = 1 ] && grep -q 'wrong key name: .*nosuch-key.*BADKEY' '$OUT/badkey.err'"
	r_conf "$WORK/policy.conf" bad "" "" "" "" other.example.test
	once_rc policy "$WORK/policy.conf"
	check "$kind.policy" "rc $RC: $(grep -m1 -iE 'refused|key' "$OUT/policy.err")" \
		sh -c "[ $RC = 1 ] && grep -qE 'update-policy|ACL' '$OUT/policy.err'"
	check "$kind.policy.untouched" "other=$(dns_dig other.example.test A)" \
		holds A 203.0.113.251 other.example.test
	check "$kind.dry-run.still" "AAAA=$(dns_dig $NAME AAAA)" holds AAAA 2001:db8::dead

	# --- IPv6 transport, hmac-sha512, zone = given ------------------------------------
	r_conf "$WORK/v6.conf" v6 ddns512 "$DNS_SECRET512" hmac-sha512 "$SERVER6"
	printf 'zone = example.test\n' >>"$WORK/v6.conf"
	once_rc v6 "$WORK/v6.conf" -v
	check "$kind.ipv6-sha512" "rc $RC; AAAA=$(dns_dig $NAME AAAA); $(tail -2 "$OUT/v6.err" | tr '\n' '|')" \
		sh -c "[ $RC = 0 ] && [ \"$(dns_dig $NAME AAAA)\" = 2001:db8:2::7 ]"
	check "$kind.ipv6-sha512.no-soa" "an SOA query although zone = is set" \
		sh -c "! grep -q 'SOA' '$OUT/v6.err'"

	# --- the server by name: resolved off the loop at start-up (from /etc/hosts here) ----
	printf '127.0.0.1 localhost\n%s ns1.example.test\n' "$SERVER4" >"$WORK/hosts"
	: >"$WORK/resolv.conf" # no name server: a name not in hosts fails at once
	admin_set A 203.0.113.77
	r_conf "$WORK/byname.conf" byname "" "" "" ns1.example.test
	once_rc byname "$WORK/byname.conf" -v
	check "$kind.server-by-name" "rc $RC; A=$(dns_dig $NAME A); $(grep -m2 -E 'server|error' "$OUT/byname.err" | tr '\n' '|')" \
		sh -c "[ $RC = 0 ] && grep -q 'server ns1.example.test is $SERVER4' '$OUT/byname.err' && [ \"$(dns_dig $NAME A)\" = 198.51.100.31 ]"
	r_conf "$WORK/noname.conf" noname "" "" "" nowhere.example.test
	once_rc noname "$WORK/noname.conf"
	check "$kind.server-unresolvable" "rc $RC; $(grep -m1 -E 'resolve' "$OUT/noname.err")" \
		sh -c "[ $RC = 1 ] && grep -q 'cannot resolve server nowhere.example.test' '$OUT/noname.err'"

	# --- no secret anywhere --------------------------------------------------------------
	check "$kind.no-secret" "a TSIG secret appears in the agent's output" \
		sh -c "! grep -rqF -e '$DNS_SECRET256' -e '$DNS_SECRET512' '$OUT'"
	dns_stop
}

# rfc2136_main KIND TOOL...: the whole test against KIND (bind, knot); one SKIP line when a
# TOOL (the server, its query tool) is not installed.
rfc2136_main() {
	local kind=$1 tool
	shift
	lib_init "rfc2136-$kind"
	for tool in "$@" nsupdate; do
		if ! command -v "$tool" >/dev/null; then
			skip "rfc2136-$kind" "$tool is not installed (make deps)"
			finish
		fi
	done
	rfc2136_suite "$kind"
	finish
}
