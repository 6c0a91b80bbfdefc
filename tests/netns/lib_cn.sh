# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# shellcheck disable=SC2317 # helpers are called through wait_for and check
# shellcheck disable=SC2153 # PNAME and the other settings come from the provider script
# The shared body of test_alidns.sh and test_dnspod.sh: the agent end to end against a signing
# HTTPS mock of a Chinese provider API (mock_alidns.py, mock_dnspod.py) that recomputes every
# request's signature. Source it after lib.sh (it sources lib_agent.sh, which has the topology
# and the helpers for the mock, the WAN and the agent); the provider script then sets:
#
#   CN            check-name prefix ("ali", "dp")
#   PTYPE PNAME   the provider type and the name of its [provider] section
#   MOCK          the mock's file name in tests/netns
#   KEY_ID SECRET BADSECRET   the mock's key id and secret, and a wrong secret
#   ID_KEY SECRET_KEY     the provider's configuration keys of the id and the secret
#   MOCK_ID_OPT MOCK_SECRET_OPT   the mock's options for them
#   ACT_FIND ACT_ADD ACT_UPDATE   the API's action names
#   THROTTLE_CODE         the code of a throttling answer (injected with the mock's default
#                         status for it)
#   OUT_THROTTLE OUT_5XX  how m_since shows that answer and a 503 ("STATUS/CODE")
#   SIG_CODE SIG_MSG      the code and message (ERE) of a wrong signature
#   CLOCK_CODE            the code of a time stamp too far from the server's clock
#   cn_extra_checks       provider-only checks on the whole request log, run at the end
# then call cn_main.
#
#       isp  lo: 192.0.2.1 = the mock on :443 (zone example.com)
#        | to-gw: 198.51.100.1/24, 2001:db8:1::1/64, fe80::1 (the IPv6 router)
#        |
#       gw   wan0: 198.51.100.7/24 then .9 (changed as a DHCP client does)
#                  2001:db8:1::7/64 then 2001:db8:2::7 (a prefix change)
#            default via 198.51.100.1; default via fe80::1 dev wan0 (survives prefix changes)
# The mock starts with "A home.example.com 203.0.113.1" and no AAAA record.

# shellcheck source=tests/netns/lib_agent.sh
. "$NETNS_DIR/lib_agent.sh"

NAME=home.example.com
IDN_UTF8=münchen.example.com
IDN_ACE=xn--mnchen-3ya

# --- set-up -----------------------------------------------------------------------------------

cn_setup() {
	MLOG=$WORK/mock-requests.jsonl
	M_WRITE='$2 != "'"$ACT_FIND"'"'
	agent_setup "$CN" "$PTYPE"
	agent_mock "$CN" "$MOCK" "$MOCK_ID_OPT" "$KEY_ID" "$MOCK_SECRET_OPT" "$SECRET" \
		--zone example.com --record "A $NAME 203.0.113.1"
}

# --- helpers: the mock ------------------------------------------------------------------------

# m_format: the request log's lines (m_since, m_count ... in lib_agent.sh), one a request:
#     T ACTION STATUS/CODE SIGOK TYPE NAME VALUE RECORDID
# T the mock's clock when it answered, CODE the API's error code ("-": none), SIGOK the
# signature check (True, False, None: refused before it), NAME the RR / SubDomain sent.
# Conditions for m_count: $2 action, $3 status/code, $4 signature, $5 type, $6 name, $7 value,
# $8 record id.
m_format() {
	"$PY" -c 'import json, sys
sys.stdout.reconfigure(errors="backslashreplace")
def f(v):
    return "-" if v in (None, "") else str(v).replace(" ", "_")
for l in sys.stdin:
    r = json.loads(l)
    p = r.get("params") if isinstance(r.get("params"), dict) else {}
    name = p.get("RR") or p.get("SubDomain") or p.get("Subdomain")
    print("%.6f" % r["t"], f(r.get("action")), "%s/%s" % (r.get("status"), f(r.get("code"))),
          r.get("signature_ok"), f(p.get("Type") or p.get("RecordType")), f(name),
          f(p.get("Value")), f(p.get("RecordId")))'
}
# m_names_nonascii: the name parameters (RR, SubDomain, domain) since the mark that are not
# ASCII, one a line.
m_names_nonascii() {
	tail -n +$((M_MARK + 1)) "$MLOG" | "$PY" -c 'import json, sys
for l in sys.stdin:
    p = json.loads(l).get("params") or {}
    for k in ("RR", "SubDomain", "Subdomain", "DomainName", "Domain"):
        if k in p and not str(p[k]).isascii():
            print(ascii(k + "=" + str(p[k])))'
}

# --- helpers: the agent -----------------------------------------------------------------------

# conf FILE STATETAG [SECRETLINE] [RECORDS]: write a configuration (mode 0600: it may hold the
# secret inline). RECORDS replaces the [record home] section.
conf() {
	agent_conf "$1" "$2"
	{
		cat <<EOF

[provider $PNAME]
type = $PTYPE
$ID_KEY = $KEY_ID
${3:-$SECRET_KEY = $SECRET}
endpoint = https://192.0.2.1
EOF
		printf '\n%s\n' "${4:-[record home]
name = $NAME
provider = $PNAME}"
	} >>"$1"
}

# once TAG CONF [ARGS]: `ddnsd -c CONF ARGS once` (output in $OUT/TAG.log); RC its exit status.
once() {
	local tag=$1 c=$2
	shift 2
	agent_in gw "$OUT/$tag.out" "$OUT/$tag.log" "$BIN" -c "$c" "$@" once
	RC=$?
	ALOG=$OUT/$tag.log
}

# --- the test ---------------------------------------------------------------------------------

# Request-log line ranges "FROM:TO" (0-based, TO excluded) of the phases that are refused on
# purpose (wrong secret, clock off); every other request must carry a right signature.
EXEMPT=()
exempt_end() { EXEMPT+=("$M_MARK:$(wc -l <"$MLOG")"); }

cn_first_sync() {
	local t id0 got
	id0=$(m_id A $NAME)
	m_mark
	now_us t
	start_agent run1 -c "$MAIN" -v run
	R1=$APID
	if wait_for 10 in_log "$NAME A .*-> 198\.51\.100\.7 " &&
		wait_for 5 in_log "$NAME AAAA .*-> 2001:db8:1::7 "; then
		info "first sync of both families took $(secs_since "$t") s"
	else
		info "agent log: $(log_tail 8)"
	fi
	m_show
	check "$CN.first-sync-update-a" \
		"want one $ACT_UPDATE of A to 198.51.100.7 with record id $id0, and no other" \
		test "$(m_count '$2 == "'"$ACT_UPDATE"'"'):$(m_count '$2 == "'"$ACT_UPDATE"'" &&
			$5 == "A" && $7 == "198.51.100.7" && $8 == "'"$id0"'" && $3 == "200/-"')" = 1:1
	check "$CN.first-sync-add-aaaa" "want one $ACT_ADD of AAAA home 2001:db8:1::7, and no other" \
		test "$(m_count '$2 == "'"$ACT_ADD"'"'):$(m_count '$2 == "'"$ACT_ADD"'" &&
			$5 == "AAAA" && $6 == "home" && $7 == "2001:db8:1::7" && $3 == "200/-"')" = 1:1
	got="$(m_content A $NAME) $(m_content AAAA $NAME)"
	check "$CN.first-sync-records" "the mock holds '$got'" \
		test "$got" = "198.51.100.7 2001:db8:1::7"
	check "$CN.first-sync-signatures" \
		"$(m_count '$4 != "True"') of $(m_count) requests without a right signature" \
		test "$(m_count '$4 != "True"')" = 0 -a "$(m_count)" -ge 4
	check "$CN.first-sync-log" \
		"the log lacks '$NAME A 203.0.113.1 -> 198.51.100.7 ($PTYPE, N ms)'" \
		in_log "ddnsd\[info\]: $NAME A 203\.0\.113\.1 -> 198\.51\.100\.7 \($PTYPE, [0-9]+ ms\)"

	status_json st1 "$MAIN"
	json_expect "$OUT/st1.json" <<EOF
$CN.status-in-sync | record=home family=ipv4 | desired=198.51.100.7 published=198.51.100.7 result=ok error=null
EOF
}

cn_wan_changes() {
	local t got
	m_wait_idle
	m_mark
	now_us t
	wan4 198.51.100.7 198.51.100.9
	if wait_for 5 m_has '$2 == "'"$ACT_UPDATE"'" && $3 == "200/-" && $7 == "198.51.100.9"'; then
		info "IPv4 change -> $ACT_UPDATE answered by the mock: $(reaction_ms "$t" \
			'$2 == "'"$ACT_UPDATE"'" && $7 == "198.51.100.9"') ms"
		pass "$CN.v4-change-update"
	else
		fail "$CN.v4-change-update" "no $ACT_UPDATE with 198.51.100.9 within 5 s; log: $(log_tail 3)"
		# So the checks below start in sync: a fresh agent (fresh connections).
		stop_agent "$R1" 8
		info "restarting the agent: the old one exited $RC"
		start_agent run1b -c "$MAIN" -v run
		R1=$APID
		wait_for 5 m_has '$2 == "'"$ACT_UPDATE"'" && $7 == "198.51.100.9"'
	fi
	m_show
	check "$CN.v4-change-one-write" "want exactly 1 write after the change, got $(m_writes)" \
		test "$(m_writes)" = 1
	got=$(m_content A $NAME)
	check "$CN.v4-change-record" "the mock's A holds '$got'" test "$got" = 198.51.100.9

	m_mark
	now_us t
	wan6 2001:db8:1::7 2001:db8:2::7
	if wait_for 5 m_has '$2 == "'"$ACT_UPDATE"'" && $3 == "200/-" && $7 == "2001:db8:2::7"'; then
		info "IPv6 prefix change -> $ACT_UPDATE answered by the mock: $(reaction_ms "$t" \
			'$2 == "'"$ACT_UPDATE"'" && $7 == "2001:db8:2::7"') ms"
	fi
	got=$(m_content AAAA $NAME)
	check "$CN.v6-prefix-change" "the mock's AAAA holds '$got', want 2001:db8:2::7; log: $(log_tail 3)" \
		test "$got" = 2001:db8:2::7
	check "$CN.v6-prefix-log" "the log lacks 'AAAA 2001:db8:1::7 -> 2001:db8:2::7 ($PTYPE'" \
		in_log "$NAME AAAA 2001:db8:1::7 -> 2001:db8:2::7 \($PTYPE, [0-9]+ ms\)"
}

cn_deleted_usr1() {
	local id got
	id=$(m_id A $NAME)
	m_admin DELETE "records/$id" >/dev/null
	m_mark
	kill -USR1 "$R1"
	if wait_for 5 m_has '$2 == "'"$ACT_ADD"'" && $3 == "200/-" && $5 == "A" && $7 == "198.51.100.9"'; then
		info "SIGUSR1 -> $ACT_ADD answered after $WAITED s"
	fi
	m_show
	got=$(m_content A $NAME)
	check "$CN.usr1-recreates-deleted" \
		"the mock's A holds '$got' after SIGUSR1 (id $id was deleted); log: $(log_tail 3)" \
		test "$got" = 198.51.100.9 -a "$(m_id A $NAME)" != "$id"
	check "$CN.usr1-aaaa-only-read" "the intact AAAA record was written" \
		test "$(m_count '$2 != "'"$ACT_FIND"'" && $5 == "AAAA"')" = 0
}

# Both records are edited behind the agent's back and SIGUSR1 makes it repair them: the first
# write is throttled, the second gets a 503; both are retried and published.
cn_faults() {
	local id4 id6 a b got outs want
	m_wait_idle
	id4=$(m_id A $NAME)
	id6=$(m_id AAAA $NAME)
	m_admin POST fault '{"count":1,"code":"'"$THROTTLE_CODE"'","action":"'"$ACT_UPDATE"'"}' >/dev/null
	m_admin POST fault '{"count":1,"status":503,"action":"'"$ACT_UPDATE"'"}' >/dev/null
	m_admin PATCH "records/$id4" '{"content":"203.0.113.60"}' >/dev/null
	m_admin PATCH "records/$id6" '{"content":"2001:db8:ffff::60"}' >/dev/null
	m_mark
	kill -USR1 "$R1"
	wait_for 10 m_has '$2 == "'"$ACT_UPDATE"'" && $3 == "200/-" && $7 == "198.51.100.9"'
	wait_for 5 m_has '$2 == "'"$ACT_UPDATE"'" && $3 == "200/-" && $7 == "2001:db8:2::7"'
	m_show
	# Per family, the outcomes of its updates in order.
	a=$(m_since | awk '$2 == "'"$ACT_UPDATE"'" && $5 == "A" { printf "%s ", $3 }')
	b=$(m_since | awk '$2 == "'"$ACT_UPDATE"'" && $5 == "AAAA" { printf "%s ", $3 }')
	outs=$(printf '%s\n%s\n' "$a" "$b" | sort | tr '\n' ';')
	want=$(printf '%s\n%s\n' "$OUT_THROTTLE 200/- " "$OUT_5XX 200/- " | sort | tr '\n' ';')
	check "$CN.fault-retried" "update outcomes A '$a', AAAA '$b'; want one '$OUT_THROTTLE' and one '$OUT_5XX', each followed by 200" \
		test "$outs" = "$want"
	got="$(m_content A $NAME) $(m_content AAAA $NAME)"
	check "$CN.fault-published" "the mock holds '$got'" test "$got" = "198.51.100.9 2001:db8:2::7"
	got=$(grep -F 'warning' "$ALOG" | tail -2 | tr '\n' '|')
	check "$CN.fault-log-next-try" "no '$NAME A: ...' and '$NAME AAAA: $PTYPE: ...; next try in N s': $got" \
		test "$(grep -cE "ddnsd\[warning\]: $NAME A: $PTYPE: .*; next try in [0-9]+ s" "$ALOG")" -ge 1 \
		-a "$(grep -cE "ddnsd\[warning\]: $NAME AAAA: $PTYPE: .*; next try in [0-9]+ s" "$ALOG")" -ge 1
	check "$CN.fault-log-throttle-code" "no warning names ${OUT_THROTTLE#*/}" \
		in_log "ddnsd\[warning\]: $NAME A{1,4}: $PTYPE: .*${OUT_THROTTLE#*/}.*; next try in"
	m_admin POST reset >/dev/null # no fault left over (the nonces the mock saw are kept in MLOG)

	stop_agent "$R1" 8
	check "$CN.sigterm-exit0" "run exited $RC after SIGTERM" test "$RC" = 0
}

cn_restart() {
	m_mark
	start_agent run2 -c "$MAIN" -v run
	R2=$APID
	wait_for 5 in_log "ddnsd started"
	sleep 2
	m_show
	# Each record is read once at start-up (the credentials proven), nothing is written.
	check "$CN.restart-verifies-only" "the restarted agent sent $(m_count) request(s), $(m_writes) write(s) in 2 s (want 1..2 look-ups, no write)" \
		test "$(m_writes)" = 0 -a "$(m_count)" -ge 1 -a "$(m_count)" -le 2
	# SIGUSR1: both records are read back and found right; still nothing is written.
	kill -USR1 "$R2"
	wait_for 5 m_has '$5 == "AAAA"' && wait_for 5 m_has '$5 == "A"'
	sleep 0.3
	m_show
	check "$CN.restart-no-write" \
		"the restarted agent wrote $(m_writes) time(s); log: $(grep -- ' -> ' "$ALOG" | head -1)" \
		test "$(m_writes):$(grep -c -- ' -> ' "$ALOG")" = 0:0 -a "$(m_count)" -ge 2
	stop_agent "$R2" 8
}

cn_once_and_idn() {
	local got n
	m_mark
	once once0 "$MAIN"
	check "$CN.once-in-sync-exit0" "once exited $RC: $(log_tail 3)" test "$RC" = 0
	check "$CN.once-in-sync-no-write" "once wrote while in sync: $(m_since | grep -v " $ACT_FIND " | head -2)" \
		test "$(m_writes)" = 0 -a "$(m_count)" -ge 2

	# An IDN name, UTF-8 in the configuration (the secret from a file this time).
	printf '%s\n' "$SECRET" >"$WORK/secret"
	chmod 600 "$WORK/secret"
	conf "$WORK/idn.conf" idn "$SECRET_KEY-file = $WORK/secret" "[record muc]
name = $IDN_UTF8
provider = $PNAME"
	m_mark
	once idn "$WORK/idn.conf" -v
	info "once with $IDN_UTF8 exited $RC"
	m_show
	check "$CN.idn-exit0" "once exited $RC: $(log_tail 3)" test "$RC" = 0
	n=$(m_count '$2 == "'"$ACT_ADD"'" && $3 == "200/-" && $6 == "'"$IDN_ACE"'"')
	check "$CN.idn-punycode-sent" "want an $ACT_ADD of A and AAAA named $IDN_ACE, got $n" test "$n" = 2
	got="$(m_content A "$IDN_ACE.example.com") $(m_content AAAA "$IDN_ACE.example.com")"
	check "$CN.idn-records" "the mock holds '$got' for $IDN_ACE.example.com" \
		test "$got" = "198.51.100.9 2001:db8:2::7"
	got=$(m_names_nonascii)
	check "$CN.idn-names-ascii" "a name was sent in Unicode: $got" test -z "$got"
}

cn_wrong_secret() {
	local t n left
	BAD=$WORK/bad.conf
	conf "$BAD" bad "$SECRET_KEY = $BADSECRET"
	m_mark
	once once1 "$BAD"
	check "$CN.once-bad-secret-exit1" "once with a wrong secret exited $RC: $(log_tail 2)" test "$RC" = 1
	exempt_end

	rm -rf "$WORK/state-bad"
	m_mark
	now_us t
	start_agent run3 -c "$BAD" -v run
	R3=$APID
	check "$CN.bad-secret-permanent" "no 'not retried until the address changes' error; log: $(log_tail 3)" \
		wait_for 5 in_log "ddnsd\[error\]: $NAME A{1,4}: $PTYPE: .*; not retried until \
the address changes or the configuration is reloaded"
	check "$CN.bad-secret-log-explains" "the error lacks '$SIG_CODE: $SIG_MSG': $(grep -m1 'error' "$ALOG")" \
		in_log "ddnsd\[error\]: $NAME A{1,4}: $PTYPE: .*$SIG_CODE: $SIG_MSG.*\[RequestId [^] ]+\]; the [A-Z]+ user needs .*; not retried"
	status_json st3 "$BAD"
	json_expect "$OUT/st3.json" <<EOF
$CN.bad-secret-status | record=home family=ipv4 | desired=198.51.100.9 result=auth error~$SIG_CODE next_retry_at=null
EOF
	left=$(awk -v s="$(secs_since "$t")" 'BEGIN { d = 6 - s; print (d > 0 ? d : 0) }')
	sleep "$left"
	n=$(m_count)
	info "a wrong secret: $n request(s) in $(secs_since "$t") s: $(m_since | awk '{ printf "%s %s; ", $2, $3 }')"
	check "$CN.bad-secret-few-requests" "$n requests in 6 s (want 1..3)" test "$n" -ge 1 -a "$n" -le 3
	check "$CN.bad-secret-all-refused" "a request was not refused with $SIG_CODE" \
		test "$(m_count '$3 !~ /\/'"$SIG_CODE"'$/ || $4 != "False"')" = 0
	stop_agent "$R3" 8
	exempt_end
}

cn_clock_off() {
	local n got
	clock_refusals() { [ "$(m_count '$3 ~ /\/'"$CLOCK_CODE"'$/')" -ge "$1" ]; }
	m_admin POST config '{"clock_offset":3600}' >/dev/null
	conf "$WORK/clock.conf" clock
	m_mark
	start_agent run4 -c "$WORK/clock.conf" -v run
	R4=$APID
	# One look-up per family, then retries with backoff (the first after 1..2 s): a clock
	# that is off is transient, NTP may set it right any moment.
	wait_for 10 clock_refusals 4
	n=$(m_count)
	info "the mock's clock 1 h ahead: $n request(s): $(m_since | awk '{ printf "%s %s; ", $2, $3 }')"
	info "$(grep -m1 'ddnsd\[warning\]' "$ALOG")"
	check "$CN.clock-transient" "no warning naming $CLOCK_CODE and the clock, with a next try; log: $(log_tail 3)" \
		in_log "ddnsd\[warning\]: $NAME A: $PTYPE: .*$CLOCK_CODE.*check the system clock \(NTP\).*; next try in [0-9]+ s"
	# The provider's message is long here: the hint and the RequestId must still be whole.
	got=$(grep -m1 "ddnsd\[warning\]: $NAME A: " "$ALOG" | tail -c 100)
	check "$CN.clock-log-whole" "the warning was cut short: ...$got" \
		in_log "ddnsd\[warning\]: $NAME A: $PTYPE: .*check the system clock \(NTP\) \[RequestId [^] ]+\]; next try in"
	check "$CN.clock-retried" "$n requests, all refused for the clock (want >= 4: retried with backoff)" \
		test "$n" -ge 4 -a "$(m_count '$3 ~ /\/'"$CLOCK_CODE"'$/')" = "$n"
	check "$CN.clock-not-permanent" "the clock was taken as permanent: $(grep -m1 'not retried' "$ALOG")" \
		eval '! in_log "not retried until"'
	# NTP sets the clock right: the next retry goes through.
	m_admin POST config '{"clock_offset":0}' >/dev/null
	check "$CN.clock-recovers" "no 'working again' after the clock was right; log: $(log_tail 3)" \
		wait_for 20 in_log "ddnsd\[info\]: $NAME A: working again"
	stop_agent "$R4" 8
	exempt_end
}

cn_dry_run() {
	local id before
	id=$(m_id A $NAME)
	m_admin PATCH "records/$id" '{"content":"203.0.113.50"}' >/dev/null
	before=$(m_records)
	conf "$WORK/dry.conf" dry
	m_mark
	once dry "$WORK/dry.conf" --dry-run
	info "once --dry-run exited $RC"
	m_show
	check "$CN.dry-run-only-lookups" "want only $ACT_FIND (at least 2): $(m_since | awk '{ printf "%s ", $2 }')" \
		test "$(m_writes)" = 0 -a "$(m_count)" -ge 2
	check "$CN.dry-run-records-untouched" "the mock's records changed" test "$(m_records)" = "$before"
	check "$CN.dry-run-log" "no 'dry run: would ... 198.51.100.9' line: $(log_tail 3)" \
		in_log "dry run: would .*203\.0\.113\.50 -> 198\.51\.100\.9"
}

cn_final() {
	local leaks ndebug bad
	bad=$("$PY" -c 'import json, sys
skip = set()
for r in sys.argv[2:]:
    a, b = map(int, r.split(":"))
    skip.update(range(a, b))
n = 0
for i, l in enumerate(open(sys.argv[1])):
    if i not in skip and json.loads(l).get("signature_ok") is not True:
        n += 1
print(n)' "$MLOG" "${EXEMPT[@]}")
	check "$CN.all-signatures-right" \
		"$bad request(s) outside the wrong-secret and clock phases were not signed right" \
		test "$bad" = 0
	ndebug=$(cat "$OUT"/*.log | grep -c 'ddnsd\[debug\]')
	info "searched $(find "$OUT" "$WORK"/state-* "$WORK"/run-* "$MLOG" -type f | wc -l) files ($ndebug debug lines)"
	leaks=$(grep -rlF -e "$SECRET" -e "$BADSECRET" "$OUT" "$WORK"/state-* "$WORK"/run-* \
		"$MLOG" 2>/dev/null | tr '\n' ' ')
	check "$CN.secret-not-leaked" "a secret appears in: $leaks" test -z "$leaks"
	check "$CN.secret-check-meaningful" "no debug output was captured (-v)" test "$ndebug" -gt 0
}

cn_main() {
	local t_all
	now_us t_all
	cn_setup
	MAIN=$WORK/main.conf
	conf "$MAIN" main
	cn_first_sync
	cn_wan_changes
	cn_deleted_usr1
	cn_faults
	cn_restart
	cn_once_and_idn
	cn_wrong_secret
	cn_clock_off
	cn_dry_run
	cn_extra_checks
	cn_final
	info "whole test took $(secs_since "$t_all") s"
	finish
}
