# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# A throw-away home gateway in network namespaces whose ISP renumbers it, with the Cloudflare
# mock as its DNS provider: shared by tests/netns/demo.sh and bench/reaction.sh. Source it after
# tests/netns/lib.sh and lib_init (everything is created through lib.sh, so its EXIT trap
# removes it all).
#
#   isp   lo: 192.0.2.1 = the Cloudflare API mock (HTTPS, port 443)
#    |    to-gw: 198.51.100.1/24 203.0.113.1/24 fe80::1; routes 2001:db8::/36 -> gw
#   gw    wan0: the WAN IPv4 address and 2001:db8:N::10/64 from the delegated prefix
#         lan0 (a veth whose peer lan0-peer also stays in gw): 2001:db8:N:5::1/64
#
# The agent reaches the API over IPv4, so every WAN IPv4 change also strands the connections
# it keeps open to the provider (their source address is gone).

GW_BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GW_MOCKVIEW=$GW_BENCH_DIR/mockview.py
GW_API=https://192.0.2.1

# gw_setup lan|wan-only: the namespaces, links, first addresses (198.51.100.10, 2001:db8:1::/48),
# the test PKI and the mock (empty zone example.com). CF_LOG: the mock's request log.
gw_setup() {
	ns_add isp gw || return 1
	veth isp to-gw gw wan0 || return 1
	nsip isp addr add 192.0.2.1/32 dev lo
	nsip isp addr add 198.51.100.1/24 dev to-gw
	nsip isp addr add 203.0.113.1/24 dev to-gw
	nsip isp addr add fe80::1/64 dev to-gw nodad
	nsip gw addr add fe80::2/64 dev wan0 nodad
	nsip isp -6 route add 2001:db8::/36 via fe80::2 dev to-gw
	nsip gw addr add 198.51.100.10/24 dev wan0
	nsip gw route add default via 198.51.100.1
	nsip gw addr add 2001:db8:1::10/64 dev wan0 nodad
	nsip gw -6 route add default via fe80::1 dev wan0
	if [ "${1:-}" = lan ]; then
		nsip gw link add lan0 type veth peer name lan0-peer || return 1
		nsip gw link set lan0-peer up
		nsip gw link set lan0 up
		nsip gw addr add 2001:db8:1:5::1/64 dev lan0 nodad
	fi
	# The kernel's own link-local addresses finish DAD ~1-2 s after a link comes up, and
	# that event would open the agent's IPv6 settle window early: let it pass first.
	if ! wait_for 5 gw_dad_done; then
		echo "# gw: IPv6 addresses still tentative after 5 s" >&2
		return 1
	fi
	make_certs "$WORK/pki" api.example.test 192.0.2.1 || return 1
	printf 'demo-api-token-%s\n' "$$" >"$WORK/token"
	chmod 600 "$WORK/token"
	CF_LOG=$WORK/cf-requests.jsonl
	: >"$CF_LOG"
	gw_mock_start
}

# gw_mock_start: (re)start the mock with an empty zone example.com; extra arguments from
# GW_MOCK_ARGS (e.g. --budget 1200/30). GW_MOCK_PID: the mock itself.
gw_mock_start() {
	if [ -n "${GW_MOCK_PID:-}" ]; then
		kill "$GW_MOCK_PID" 2>/dev/null
		wait "$GW_MOCK_PID" 2>/dev/null
		untrack "$GW_MOCK_PID"
	fi
	: >"$WORK/cf.out"
	# shellcheck disable=SC2086 # GW_MOCK_ARGS is a list of words
	spawn isp "$WORK/cf.out" "$PY" "$NETNS_DIR/mock_cloudflare.py" --listen 192.0.2.1 \
		--port 443 --cert "$WORK/pki/server.pem" --key "$WORK/pki/server.key" \
		--token-file "$WORK/token" --log "$CF_LOG" --zone example.com ${GW_MOCK_ARGS:-}
	GW_MOCK_PID=$SPAWNED
	if ! wait_for 10 grep -q '^listening' "$WORK/cf.out"; then
		echo "# mock_cloudflare.py did not start:" >&2
		sed 's/^/#   /' "$WORK/cf.out" >&2
		return 1
	fi
}

# gw_dad_done: no address in gw is still tentative (duplicate address detection).
gw_dad_done() { ! nsip gw -6 addr show tentative | grep -q inet6; }

# gw_config FILE SETTLE MIN_INTERVAL: the [agent] and [provider cf] sections; records follow.
gw_config() {
	cat >"$1" <<EOF
[agent]
state-dir = $WORK/state
runtime-dir = $WORK/run
ca-file = $WORK/pki/ca.pem
; no such service here: "auto" asks the web only when the WAN has no usable public address
web-ipv4 = $GW_API/ip
web-ipv6 = https://[2001:db8:ffff::1]/ip
settle = $2
min-interval = $3

[provider cf]
type = cloudflare
token-file = $WORK/token
endpoint = $GW_API/client/v4
EOF
}

# gw_agent BIN CONF [ARG...]: start `BIN -c CONF ARG... run` in gw; its stderr goes to
# AGENT_LOG; AGENT_PID is the agent itself.
gw_agent() {
	local bin=$1 conf=$2
	shift 2
	AGENT_LOG=$WORK/agent.log
	spawn gw "$AGENT_LOG" "$bin" -c "$conf" "$@" run
	# shellcheck disable=SC2034 # for the caller
	AGENT_PID=$SPAWNED
}

# gw_set_v4 OLD NEW GATEWAY: what a DHCP client does when the lease changes: the old address
# goes (and the default route with it), the new one comes, the default route is put back. One
# `ip -batch`, so the three changes are as close together as a DHCP client makes them.
# GW_T0: epoch microseconds just before.
gw_set_v4() {
	now_us GW_T0
	nsip gw -batch - <<EOF
addr del $1/24 dev wan0
addr add $2/24 dev wan0
route replace default via $3 dev wan0
EOF
}

# gw_set_v6 OLD NEW [dad]: a new delegated prefix: the WAN address NEW/64 is added (without
# DAD unless "dad" is given: then it is tentative for ~1-2 s and unusable) and OLD is removed.
# GW_T0 as above.
gw_set_v6() {
	local nodad=nodad
	[ "${3:-}" = dad ] && nodad=
	now_us GW_T0
	nsip gw -batch - <<EOF
addr add $2/64 dev wan0 $nodad
addr del $1/64 dev wan0
EOF
}

# gw_records: the mock's record table.
gw_records() { nsx isp "$PY" "$GW_MOCKVIEW" records "$GW_API" "$WORK/pki/ca.pem"; }

# gw_written ADDRESS: the mock has logged a write carrying ADDRESS (quick, for polling).
gw_written() { grep -qF "\"content\": \"$1\"" "$CF_LOG"; }

# gw_reaction ADDRESS T0_US: milliseconds from T0_US to that write, or "-".
gw_reaction() { "$PY" "$GW_MOCKVIEW" reaction "$CF_LOG" "$1" "$2"; }

# proc_read PID: PR_RSS PR_HWM PR_ANON (kB: resident, its peak, anonymous), PR_CPU_MS
# (utime+stime), PR_RUN_NS (schedstat: time on a CPU), PR_VCSW PR_NVCSW (context switches).
GW_TICK=$(getconf CLK_TCK)
# shellcheck disable=SC2034 # for the callers
proc_read() {
	local k v rest stat
	while read -r k v rest; do
		case $k in
		VmRSS:) PR_RSS=$v ;;
		VmHWM:) PR_HWM=$v ;;
		RssAnon:) PR_ANON=$v ;;
		voluntary_ctxt_switches:) PR_VCSW=$v ;;
		nonvoluntary_ctxt_switches:) PR_NVCSW=$v ;;
		esac
	done <"/proc/$1/status"
	read -r stat <"/proc/$1/stat"
	stat=${stat##*) } # fields from 3 on; comm may hold blanks
	read -r -a f <<<"$stat"
	PR_CPU_MS=$(((f[11] + f[12]) * 1000 / GW_TICK)) # utime, stime: fields 14, 15
	read -r PR_RUN_NS _ <"/proc/$1/schedstat"
}
