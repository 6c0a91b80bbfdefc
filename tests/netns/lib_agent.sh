# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2317 # helpers are called through wait_for and check
# shellcheck disable=SC2034 # APID, ALOG, RC and STOPPED are for the test
# shellcheck disable=SC2153 # MLOG and M_WRITE come from the test
# What the agent end-to-end tests share (test_cloudflare.sh, and test_alidns.sh and
# test_dnspod.sh through lib_cn.sh): the topology with a provider mock, the mock's admin API and
# request log, WAN address changes, and starting, stopping and asking the agent. Source it after
# lib.sh; call agent_setup after lib_init.
#
#       isp  lo: 192.0.2.1 = the mock on :443
#        | to-gw: 198.51.100.1/24, 2001:db8:1::1/64, fe80::1 (the IPv6 router)
#        |
#       gw   wan0: 198.51.100.7/24, 2001:db8:1::7/64 (wan4 and wan6 change them)
#            default via 198.51.100.1; default via fe80::1 dev wan0 (survives prefix changes)
#
# The test sets MLOG (the mock's request log) before agent_mock, and defines
#   m_format   a filter: the mock's JSON log lines in, one line "T FIELD..." each out, T the
#              mock's clock when it answered; m_since, m_count and the rest read these lines
#   M_WRITE    the awk condition on those lines that picks the writes (m_writes, m_wait_idle)

# --- set-up -----------------------------------------------------------------------------------

# agent_setup CHECK SKIPNAME: BIN, CA, OUT, the topology above and the test PKI. Without an agent
# binary the test ends as one SKIP (SKIPNAME); without the PKI, as a FAIL (CHECK.setup).
agent_setup() {
	local t
	BIN=$(ddnsd_bin)
	CA=$WORK/pki/ca.pem
	OUT=$WORK/out # every output of the agent (searched for the secrets at the end)
	mkdir -p "$OUT"
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
		skip "$2" "no agent binary at $BIN (run make, or set DDNSD)"
		finish
	fi
	info "binary: $BIN"
	make_certs "$WORK/pki" api.example.test 192.0.2.1 || {
		fail "$1.setup" "openssl could not make the test certificates: $(tail -2 "$WORK/pki/openssl.log")"
		finish
	}
}

# agent_mock CHECK MOCK ARGS...: tests/netns/MOCK in isp on 192.0.2.1:443 with the test
# certificate, --log MLOG (emptied first) and ARGS; the test ends as a FAIL (CHECK.setup) when it
# does not listen within 10 s.
agent_mock() {
	local check=$1 mock=$2
	shift 2
	: >"$MLOG"
	spawn isp "$WORK/mock.out" "$PY" "$NETNS_DIR/$mock" --listen 192.0.2.1 --port 443 \
		--cert "$WORK/pki/server.pem" --key "$WORK/pki/server.key" --log "$MLOG" "$@"
	if ! wait_for 10 grep -q '^listening' "$WORK/mock.out"; then
		fail "$check.setup" "$mock did not start: $(tail -3 "$WORK/mock.out" | tr '\n' ' ')"
		finish
	fi
}

# --- helpers: the mock ------------------------------------------------------------------------

# m_admin METHOD PATH [JSON]: an admin call from inside isp; the answer on stdout.
m_admin() {
	local body=()
	[ -z "${3:-}" ] || body=(-H 'Content-Type: application/json' --data "$3")
	nsx isp curl -sS --max-time 5 --cacert "$CA" -X "$1" "${body[@]}" "https://192.0.2.1/_admin/$2"
}

# m_records: the mock's records, one "TYPE NAME CONTENT ID" line each, sorted.
m_records() {
	m_admin GET records | "$PY" -c 'import json, sys
for r in json.load(sys.stdin):
    print(r["type"], r["name"], r["content"], r["id"])' | sort
}
# m_content TYPE NAME: the content of the only such record ("" when none, "MANY" when several).
m_content() {
	m_records | awk -v t="$1" -v n="$2" '$1 == t && $2 == n { c = c ? "MANY" : $3 } END { print c }'
}
m_id() { m_records | awk -v t="$1" -v n="$2" '$1 == t && $2 == n { print $4; exit }'; }

# m_mark: remember the length of the request log; m_since prints one line per API request
# logged after it (m_all: every one), as m_format makes them.
m_mark() { M_MARK=$(wc -l <"$MLOG"); }
m_all() { m_format <"$MLOG"; }
m_since() { tail -n +$((M_MARK + 1)) "$MLOG" | m_format; }
# m_count [AWK-CONDITION]: how many requests since the mark match.
m_count() { m_since | awk "${1:-1} { n++ } END { print n + 0 }"; }
# m_has AWK-CONDITION: at least one request since the mark matches (for wait_for).
m_has() { [ "$(m_count "$1")" -gt 0 ]; }
m_show() { m_since | sed 's/^/#   /'; }
m_writes() { m_count "$M_WRITE"; }

# m_wait_idle: returns once the last write is at least 1.2 s old, so the next change is not
# held back by min-interval (1 s) and its reaction time is the agent's own.
m_wait_idle() {
	local last now
	last=$(m_all | awk "($M_WRITE)"' && $1 > t { t = $1 } END { printf "%.6f", t }')
	now_us now
	sleep "$(awk -v t="$last" -v now="$now" \
		'BEGIN { d = t + 1.2 - now / 1e6; printf "%.6f", (d > 0 ? d : 0) }')"
}
# reaction_ms T_US AWK-CONDITION: milliseconds from T_US (now_us) to the first matching answer.
reaction_ms() {
	local tm
	tm=$(m_since | awk "$2"' { print $1; exit }')
	awk -v a="$tm" -v b="$1" 'BEGIN { printf "%.0f", (a - b / 1e6) * 1000 }'
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

# agent_conf FILE STATETAG: a new configuration (mode 0600: it may hold a secret inline) with
# the [agent] section; the test appends the rest.
agent_conf() {
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
EOF
}

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
