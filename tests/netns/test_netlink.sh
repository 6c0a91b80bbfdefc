#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# shellcheck disable=SC2317 # helpers are called through wait_for and check
# The netlink overrun path (issue 8, item 6): the agent is stopped (SIGSTOP) while tens of
# thousands of route events and a WAN address change happen; when it runs again its receive
# buffer has overflowed (ENOBUFS). It must grow the buffer, log the size the socket really has,
# rebuild its view from a fresh dump and publish the right final address.
#
#       isp  lo: 192.0.2.1 = mock_cloudflare.py on :443
#       gw   wan0: 198.51.100.7/24 -> .9 while the agent is stopped
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
lib_init netlink

TOKEN=ddtTok-6e0b1f2a3c4d5e6f
NAME=home.example.com
ROUTES=${ROUTES:-20000}

MLOG=$WORK/cf-requests.jsonl
agent_setup nl netlink
agent_mock nl mock_cloudflare.py --token "$TOKEN" --zone example.com --record "A $NAME 203.0.113.1"
m_format() {
	"$PY" -c 'import json, sys
for l in sys.stdin:
    r = json.loads(l)
    b = r.get("body") if isinstance(r.get("body"), dict) else {}
    print("%.6f" % r["t"], r["method"], r["status"], r["auth_ok"], b.get("content", "-"), r["path"])'
}
M_WRITE='$2 == "PATCH" || $2 == "POST"'

CONF=$WORK/nl.conf
agent_conf "$CONF" nl
cat >>"$CONF" <<EOF

[provider cf]
type = cloudflare
token = $TOKEN
endpoint = https://192.0.2.1/client/v4

[record home]
name = $NAME
provider = cf
ipv6 = off
EOF
start_agent run -c "$CONF" -v run
R=$APID
if ! wait_for 10 in_log "$NAME A .*-> 198\.51\.100\.7 "; then
	fail nl.setup "no first sync; log: $(log_tail 4)"
	finish
fi
start_buf=$(grep -m1 -oE 'netlink: receive buffer [0-9]+ bytes' "$ALOG" | grep -oE '[0-9]+')
info "receive buffer at start (getsockopt): $start_buf bytes"

# Stopped, the agent reads nothing: $ROUTES routes come and go (2 x $ROUTES events, far more
# than the buffer holds), then the WAN address changes.
kill -STOP "$R"
now_us t
{
	for ((i = 0; i < ROUTES; i++)); do
		printf 'route add 10.%d.%d.0/24 dev wan0\n' $((i / 256 % 256)) $((i % 256))
	done
	for ((i = 0; i < ROUTES; i++)); do
		printf 'route del 10.%d.%d.0/24 dev wan0\n' $((i / 256 % 256)) $((i % 256))
	done
	# Last, so that the view the agent rebuilds must be the newest one.
	printf 'addr del 198.51.100.7/24 dev wan0\naddr add 198.51.100.9/24 dev wan0\n'
	printf 'route add default via 198.51.100.1\n'
} >"$WORK/batch"
nsip gw -batch "$WORK/batch"
info "$((2 * ROUTES)) route events and a renumbering in $(secs_since "$t") s while the agent was stopped"
m_mark
now_us t
kill -CONT "$R"
check nl.overrun-seen "no ENOBUFS overrun was logged; log: $(log_tail 4)" \
	wait_for 10 in_log "netlink: receive buffer overrun \(ENOBUFS\)"
if wait_for 15 m_has '$2 == "PATCH" && $5 == "198.51.100.9"'; then
	info "after SIGCONT: the right address written after $WAITED s"
fi
check nl.overrun-final-record "after the overrun the mock's A is '$(m_content A $NAME)', want 198.51.100.9; log: $(log_tail 4)" \
	test "$(m_content A $NAME)" = 198.51.100.9
got=$(grep -m1 -oE 'overrun \(ENOBUFS\), events lost; SO_RCVBUF now [0-9]+ bytes' "$ALOG" | grep -oE '[0-9]+ bytes' | grep -oE '[0-9]+')
info "buffer after the overrun, as logged: $got bytes (at start: $start_buf)"
# The kernel reports twice what was asked (its bookkeeping): asked 2 MiB, it says 4 MiB.
check nl.overrun-logs-real-size "the log says SO_RCVBUF now '$got' bytes; want what getsockopt reports (2 x the 2 MiB asked)" \
	test "$got" = $((4 << 20))
check nl.overrun-no-stale-routes "the agent wrote something other than .9: $(m_since | awk '$5 != "198.51.100.9" && ($2 == "PATCH" || $2 == "POST")')" \
	test -z "$(m_since | awk '$5 != "198.51.100.9" && ($2 == "PATCH" || $2 == "POST")')"
check nl.alive "the agent died" kill -0 "$R"
stop_agent "$R" 8
check nl.exit0 "exit $RC" test "$RC" = 0
finish
