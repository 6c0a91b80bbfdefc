#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# `make demo`: the agent (`ddnsd run`) on a throw-away home gateway in network namespaces, with
# the bundled Cloudflare mock as its DNS provider. The ISP changes the WAN IPv4 address and the
# delegated IPv6 prefix a few times; after each change the demo shows the agent's log lines, the
# records at the provider and the reaction time (address changed -> the provider received the
# write). Ends with a summary table; removes everything it made, on Ctrl-C too.
# Topology: bench/gateway.sh; records: home (A + AAAA of the WAN) and nas (the LAN /64 + ::1234).
#
# usage: tests/netns/demo.sh BINARY      (as root; `make demo` runs it with build/ddnsd)
# env:   DEMO_PAUSE (seconds per step, default 1.5), KEEP_WORK=1 (keep the scratch directory)
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=bench/gateway.sh
. "$REPO_ROOT/bench/gateway.sh"

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 BINARY   (the ddnsd binary, e.g. build/ddnsd; ${1:-nothing} is not executable)" >&2
	exit 2
fi
if [ "$(id -u)" != 0 ]; then
	echo "demo: the demo creates network namespaces and changes addresses in them, which needs" >&2
	echo "demo: root. Run it as root: sudo make demo   (or: sudo $0 $1)" >&2
	exit 1
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PAUSE=${DEMO_PAUSE:-1.5}
if ! [[ $PAUSE =~ ^([0-9]+)(\.([0-9]{1,6}))?$ ]]; then
	echo "demo: DEMO_PAUSE must be a number of seconds such as 1.5" >&2
	exit 2
fi
F=${BASH_REMATCH[3]}000000
PAUSE_US=$((10#${BASH_REMATCH[1]} * 1000000 + 10#${F:0:6}))
WAIT_S=5 # a write that has not reached the provider by then is reported as missing
lib_init demo
now_us T_START

if [ -t 1 ]; then BOLD=$'\033[1m' DIM=$'\033[2m' PLAIN=$'\033[0m'; else BOLD='' DIM='' PLAIN=''; fi
STEP=0
STEP_T=0
AGENT_MARK=0
SUMMARY=()
MISSED=0

heading() { printf '\n%s%s%s\n' "$BOLD" "$*" "$PLAIN"; }
cmd() { printf '  %s$ %s%s\n' "$DIM" "$*" "$PLAIN"; }

step() {
	STEP=$((STEP + 1))
	now_us STEP_T
	heading "step $STEP: $*"
}

# pace: each step lasts at least PAUSE seconds, so it can be read and so the next write of a
# record is never held back by min-interval (1 s here).
pace() {
	local now left
	now_us now
	left=$((STEP_T + PAUSE_US - now))
	((left > 0)) && sleep "$(printf '%d.%06d' $((left / 1000000)) $((left % 1000000)))"
	return 0
}

# expect T0 LABEL RECORD ADDRESS...: wait for each write, then show what happened.
expect() {
	local t0=$1 label=$2 rec=$3 a ms
	shift 3
	for a; do
		if wait_for "$WAIT_S" gw_written "$a"; then
			# the agent logs its line once the answer is in: give it a moment
			wait_for 1 grep -qF -- "-> $a " "$AGENT_LOG"
			ms=$(gw_reaction "$a" "$t0")
		else
			ms=-
		fi
		SUMMARY+=("$STEP|$label|$rec|$a|$ms")
		[ "$ms" = - ] && MISSED=$((MISSED + 1))
	done
}

# show: the agent's new log lines, the reaction of each write of this step, the records.
show() {
	local n line s
	n=$(wc -l <"$AGENT_LOG")
	echo "  the agent says:"
	if ((n > AGENT_MARK)); then
		tail -n "+$((AGENT_MARK + 1))" "$AGENT_LOG" | head -n $((n - AGENT_MARK)) |
			sed 's/^/    /'
	else
		echo "    (nothing)"
	fi
	AGENT_MARK=$n
	for line in "${SUMMARY[@]}"; do
		IFS='|' read -r s _ rec addr ms <<<"$line"
		[ "$s" = "$STEP" ] || continue
		if [ "$ms" = - ]; then
			printf '  %s-> %s: NOT written within %d s%s\n' "$BOLD" "$addr" "$WAIT_S" "$PLAIN"
		else
			printf '  reaction: %s%8s ms%s  %s %s\n' "$BOLD" "$ms" "$PLAIN" "$rec" "$addr"
		fi
	done
	echo "  records at the provider (the mock's table):"
	gw_records | sed 's/^/    /'
}

# set_v4 OLD NEW GATEWAY: as gw_set_v4, shown as the commands a DHCP client's script would run.
set_v4() {
	cmd "ip addr del $1/24 dev wan0; ip addr add $2/24 dev wan0;" \
		"ip route replace default via $3 dev wan0"
	gw_set_v4 "$@"
}

# set_prefix OLD NEW [dad]: the ISP delegates 2001:db8:NEW::/48 instead of 2001:db8:OLD::/48:
# the WAN gets ::10 of its first /64, the LAN (lan0) ::1 of its :5 /64. Without "dad" both are
# added with nodad and the old ones deleted; with "dad" the new ones do DAD (tentative, not
# usable for ~1-2 s) while the old ones are deprecated at once, as a renumbering router does.
set_prefix() {
	local o=$1 n=$2 opt=nodad old_how="addr del 2001:db8:$1::10/64 dev wan0"
	local old_lan="addr del 2001:db8:$1:5::1/64 dev lan0"
	if [ "${3:-}" = dad ]; then
		opt=
		old_how="addr change 2001:db8:$o::10/64 dev wan0 preferred_lft 0 valid_lft 300"
		old_lan="addr change 2001:db8:$o:5::1/64 dev lan0 preferred_lft 0 valid_lft 300"
	fi
	cmd "ip addr add 2001:db8:$n::10/64 dev wan0${opt:+ $opt};" \
		"ip addr add 2001:db8:$n:5::1/64 dev lan0${opt:+ $opt}"
	cmd "ip ${old_how}; ip ${old_lan}"
	now_us GW_T0
	nsip gw -batch - <<EOF
addr add 2001:db8:$n::10/64 dev wan0 $opt
addr add 2001:db8:$n:5::1/64 dev lan0 $opt
$old_how
$old_lan
EOF
}

# usable ADDR: the WAN address is there and no longer tentative.
# shellcheck disable=SC2317 # called through wait_for
usable() { nsip gw -6 addr show dev wan0 | grep -q "inet6 $1/" && ! is_tentative gw wan0 "$1"; }

heading "Setting up a throw-away gateway: namespaces $(ns isp) (the ISP and the provider) and $(ns gw)"
gw_setup lan || exit 1
gw_config "$WORK/ddnsd.conf" 50ms 1s
cat >>"$WORK/ddnsd.conf" <<EOF

; the gateway itself: what its WAN interface has (the interface of the default route)
[record home]
name = home.example.com
provider = cf
ipv4 = auto
ipv6 = auto

; a NAS on the LAN: the LAN's /64 with a fixed host part
[record nas]
name = nas.example.com
provider = cf
ipv4 = off
ipv6 = interface:lan0
ipv6-suffix = ::1234
EOF
echo "  the Cloudflare API mock listens on $GW_API (zone example.com, no records yet)"
echo "  the agent's configuration (settle 50 ms; min-interval 1 s so that the demo is short):"
grep -v -e '^$' -e '^;' -e '^state-dir' -e '^runtime-dir' -e '^ca-file' -e '^web-ipv' \
	"$WORK/ddnsd.conf" | sed 's/^/    /'

step "the gateway is up (WAN 198.51.100.10, prefix 2001:db8:1::/48); the agent starts"
nsip gw -br addr show dev wan0 | sed 's/^/    /'
nsip gw -br addr show dev lan0 | sed 's/^/    /'
cmd "ddnsd -c ddnsd.conf run"
now_us T0
gw_agent "$BIN" "$WORK/ddnsd.conf"
expect "$T0" "agent started" home 198.51.100.10 2001:db8:1::10
expect "$T0" "agent started" nas 2001:db8:1:5::1234
show
echo "  (the first writes include the agent's start-up and the zone lookup)"
pace

step "the ISP hands out a new IPv4 address: 198.51.100.10 -> 198.51.100.23"
set_v4 198.51.100.10 198.51.100.23 198.51.100.1
expect "$GW_T0" "IPv4 .10 -> .23" home 198.51.100.23
show
pace

step "the ISP delegates a new IPv6 prefix: 2001:db8:1::/48 -> 2001:db8:2::/48"
set_prefix 1 2
expect "$GW_T0" "prefix :1: -> :2:" home 2001:db8:2::10
expect "$GW_T0" "prefix :1: -> :2:" nas 2001:db8:2:5::1234
show
pace

step "the ISP moves the gateway to another subnet: 203.0.113.45, default gateway 203.0.113.1"
set_v4 198.51.100.23 203.0.113.45 203.0.113.1
expect "$GW_T0" "IPv4 -> 203.0.113.45" home 203.0.113.45
show
pace

step "a new prefix 2001:db8:3::/48, this time with DAD: the old one is deprecated at once"
set_prefix 2 3 dad
T_DAD=$GW_T0
if wait_for "$WAIT_S" usable 2001:db8:3::10; then
	echo "  2001:db8:3::10 was tentative (DAD) for $WAITED s; meanwhile nothing is eligible"
fi
expect "$T_DAD" "prefix :2: -> :3: (DAD)" home 2001:db8:3::10
expect "$T_DAD" "prefix :2: -> :3: (DAD)" nas 2001:db8:3:5::1234
show
echo "  (while nothing was eligible, \"auto\" asked the web, which this demo does not have, and"
echo "  the records were left as they were; these reactions include the DAD wait. The deprecated"
echo "  prefix is now removed.)"
nsip gw -batch - <<EOF
addr del 2001:db8:2::10/64 dev wan0
addr del 2001:db8:2:5::1/64 dev lan0
EOF
pace

step "the ISP hands out a new IPv4 address again: 203.0.113.45 -> 198.51.100.77"
set_v4 203.0.113.45 198.51.100.77 198.51.100.1
expect "$GW_T0" "IPv4 -> 198.51.100.77" home 198.51.100.77
show
pace

step "the ISP's router restarts: a new IPv4 address and a new prefix at the same moment"
set_v4 198.51.100.77 203.0.113.99 203.0.113.1
T4=$GW_T0
set_prefix 3 4
expect "$T4" "both: IPv4 -> 203.0.113.99" home 203.0.113.99
expect "$GW_T0" "both: prefix :3: -> :4:" home 2001:db8:4::10
expect "$GW_T0" "both: prefix :3: -> :4:" nas 2001:db8:4:5::1234
show

heading "Summary: from the address change to the write at the provider"
printf '  %-4s  %-28s  %-6s %-22s  %s\n' step change record "new address" "reaction"
for line in "${SUMMARY[@]}"; do
	IFS='|' read -r s label rec addr ms <<<"$line"
	[ "$ms" = - ] && ms="not written" || ms="$ms ms"
	printf '  %-4s  %-28s  %-6s %-22s  %10s\n' "$s" "$label" "$rec" "$addr" "$ms"
done
echo "  settle delay 50 ms: the agent waits that long after the first kernel event of a change,"
echo "  so that a burst (address gone, address added, route back) is one update."
if ((MISSED > 0)); then
	echo "demo: $MISSED write(s) did not reach the provider within $WAIT_S s: see $AGENT_LOG" >&2
	KEEP_WORK=1
fi
heading "Done in $(secs_since "$T_START") s; stopping the agent and removing the namespaces"
exit $((MISSED > 0))
