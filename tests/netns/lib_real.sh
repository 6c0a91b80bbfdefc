# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# shellcheck disable=SC2034 # BIN, CA, OUT, MLOG and M_WRITE are for lib_agent.sh and the test
# What the real-network suites share (test_dhcp4.sh, test_slaac.sh, test_pd.sh, test_wan.sh):
# a gateway whose WAN is configured by real daemons, the Cloudflare mock on a link of its own,
# a test-side kernel event listener, and the reaction table. Source it after lib.sh and
# lib_agent.sh; call real_setup after lib_init.
#
#       isp  lo: 192.0.2.1 = mock_cloudflare.py on :443 (zone example.com)
#        | to-gw <-> gw:wan0    the WAN: whatever the suite's daemons put there
#        | to-ctl <-> gw:ctl0   10.9.0.1/30, fd00:9::1/64 <-> 10.9.0.2/30, fd00:9::2/64 and a
#        |                      route to 192.0.2.1: the agent reaches the mocks whatever
#        |                      happens to the WAN (a private link that is never a default
#        |                      route, so never a candidate). mock_web.py on 10.9.0.1 and
#        |                      fd00:9::1 is the agent's web-ipv4/6: its log counts lookups
#       gw   the agent
#
# The test-side listener is `ip -ts monitor address link route` in gw: every kernel event with
# the time the test saw it. A reaction is the time from the kernel event that completed a
# change to the moment the mock answered the write that publishes it.

# --- set-up -----------------------------------------------------------------------------------

# real_setup CHECK SKIPNAME PROGRAM...: the topology, the PKI, the mock, the listener. The test
# is one SKIP (SKIPNAME) when the agent binary or one of the PROGRAMs (the daemons) is missing.
real_setup() {
	local check=$1 skipname=$2 p
	shift 2
	BIN=$(ddnsd_bin)
	CA=$WORK/pki/ca.pem
	OUT=$WORK/out
	MLOG=$WORK/cf-requests.jsonl
	REACT=$WORK/reactions.txt
	: >"$REACT"
	mkdir -p "$OUT"
	if [ ! -x "$BIN" ]; then
		skip "$skipname" "no agent binary at $BIN (run make, or set DDNSD)"
		finish
	fi
	for p; do
		if ! command -v "$p" >/dev/null; then
			skip "$skipname" "$p is not installed (make deps)"
			finish
		fi
	done
	info "binary: $BIN"
	ns_add isp gw || exit 1
	veth isp to-gw gw wan0
	veth isp to-ctl gw ctl0
	nsip isp addr add 192.0.2.1/32 dev lo
	nsip isp addr add 10.9.0.1/30 dev to-ctl
	nsip gw addr add 10.9.0.2/30 dev ctl0
	nsip gw route add 192.0.2.1/32 via 10.9.0.1 dev ctl0
	nsip isp -6 addr add fd00:9::1/64 dev to-ctl nodad
	nsip gw -6 addr add fd00:9::2/64 dev ctl0 nodad
	make_certs "$WORK/pki" api.example.test 192.0.2.1 10.9.0.1 fd00:9::1 || {
		fail "$check.setup" "openssl could not make the test certificates"
		finish
	}
	agent_mock "$check" mock_cloudflare.py --token "$TOKEN" --zone example.com
	mock_start isp 10.9.0.1 fd00:9::1 || {
		fail "$check.setup" "mock_web.py did not start"
		finish
	}
	spawn gw "$WORK/kernel-events.txt" ip -ts monitor address link route
}

TOKEN=ddtTok-3c9e0a7b51d24f68

# m_format (lib_agent.sh): "T METHOD STATUS AUTH WHAT PATH", WHAT the address a write carries.
m_format() {
	"$PY" -c 'import json, sys
for l in sys.stdin:
    r = json.loads(l)
    b = r.get("body") if isinstance(r.get("body"), dict) else {}
    what = "/".join(str(b.get(k)) for k in ("type", "name", "content") if k in b) or "-"
    print("%.6f" % r["t"], r["method"], r["status"], r["auth_ok"], what, r["path"].split("?")[0])'
}
M_WRITE='$2 == "PATCH" || $2 == "POST"'
# a condition for m_count: a write of ADDRESS (PATCH: the content; POST: TYPE/NAME/CONTENT)
w_of() { printf '(%s) && ($5 == "%s" || $5 ~ /\\/%s$/)' "$M_WRITE" "$1" "$1"; }
# marks: mark both logs; web_count: "what is my IP" lookups since (mock_web.py's log)
marks() {
	m_mark
	mock_mark
}
web_count() { mock_since | wc -l; }

# real_conf FILE [AGENT-LINE...]: agent_conf plus the provider; the test appends records.
real_conf() {
	local f=$1 l
	shift
	agent_conf "$f" "$(basename "$f" .conf)"
	sed -i -e 's|^web-ipv4 = .*|web-ipv4 = https://10.9.0.1/ip|' \
		-e 's|^web-ipv6 = .*|web-ipv6 = https://[fd00:9::1]/ip|' "$f"
	for l; do echo "$l" >>"$f"; done
	cat >>"$f" <<EOF

[provider cf]
type = cloudflare
token = $TOKEN
endpoint = https://192.0.2.1/client/v4
EOF
}
# record FILE SECTION NAME KEY=VALUE...: a record section.
record() {
	local f=$1 kv
	printf '\n[record %s]\nname = %s\nprovider = cf\n' "$2" "$3" >>"$f"
	shift 3
	for kv; do printf '%s = %s\n' "${kv%%=*}" "${kv#*=}" >>"$f"; done
}

# --- the kernel events ------------------------------------------------------------------------

# ev_mark: remember where the event log ends; ev_time REGEX prints the epoch time of the first
# event after the mark whose text matches (first line of each event), "" when none.
ev_mark() { EV_MARK=$(wc -l <"$WORK/kernel-events.txt"); }
ev_time() {
	tail -n +$((EV_MARK + 1)) "$WORK/kernel-events.txt" | "$PY" -c '
import re, sys, datetime
pat = re.compile(sys.argv[1])
for l in sys.stdin:
    m = re.match(r"\[(\S+)\] (.*)", l)
    if m and pat.search(m.group(2)):
        print("%.6f" % datetime.datetime.fromisoformat(m.group(1)).timestamp())
        break' "$1"
}
ev_show() { tail -n +$((EV_MARK + 1)) "$WORK/kernel-events.txt" | grep -v 'table local' | sed 's/^/#   /'; }

# --- reactions --------------------------------------------------------------------------------

# write_time ADDRESS: the mock's time of the first write of ADDRESS since the mark.
write_time() { m_since | awk "$(w_of "$1")"' { print $1; exit }'; }

# react SCENARIO EVENT_T ADDRESS: record and print the reaction for one change.
react() {
	local tw ms
	tw=$(write_time "$3")
	if [ -z "$2" ] || [ -z "$tw" ]; then
		info "$1: no reaction for $3 (event '${2}', write '${tw}')"
		return
	fi
	ms=$(awk -v a="$2" -v b="$tw" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
	echo "$1 $ms" >>"$REACT"
	info "$1: $3 written $ms ms after the kernel event"
}

# react_summary: one line per scenario, "reaction SCENARIO: n=N median=M ms max=X ms".
react_summary() {
	sort -k1,1 -k2,2n "$REACT" | awk '
		{ v[$1, ++n[$1]] = $2 }
		END { for (s in n) { c = n[s]; m = (c % 2) ? v[s, (c + 1) / 2] : (v[s, c / 2] + v[s, c / 2 + 1]) / 2
			printf "# reaction %s: n=%d median=%g ms max=%d ms\n", s, c, m, v[s, c] } }'
}

# --- the daemons ------------------------------------------------------------------------------

# in_private_run NS LOG CMD...: spawn CMD in NS with a private tmpfs on /run and on
# /var/lib/dhcpcd (dhcpcd keeps its pid file, control socket, DUID and leases there; the
# host's must never be touched). SPAWNED is the shell that execs CMD, so CMD's own PID.
in_private_run() {
	local n=$1 log=$2
	shift 2
	# shellcheck disable=SC2016 # the inner shell expands "$@"
	spawn "$n" "$log" /bin/sh -c 'mount -t tmpfs ddt-run /run && mkdir -p /run/dhcpcd &&
		mount -t tmpfs ddt-dhcpcd /var/lib/dhcpcd && exec "$@"' ddt-daemon "$@"
}

# wait_addr NS IF REGEX [TIMEOUT]: an address matching REGEX (ip -o addr show line) appears.
has_addr() { nsip "$1" -o addr show dev "$2" | grep -qE -- "$3"; }
