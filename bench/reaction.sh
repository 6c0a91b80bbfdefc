#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# Reaction benchmark (not a test): how long from a WAN address change to the provider receiving
# the write, and what the agent costs while nothing happens. The agent (`ddnsd run`) runs on the
# throw-away gateway of bench/gateway.sh against the Cloudflare mock; the ISP changes the WAN
# IPv4 address (as a DHCP client does: old address gone, new one added, default route back, in
# one `ip -batch`) and the delegated IPv6 prefix (new ::10/64 added with nodad, old deleted),
# alternately, CHANGES times, SPACING seconds apart. Reaction = the mock's timestamp of the
# write (stamped after its answer is sent) - the moment just before the `ip -batch` started;
# both are CLOCK_REALTIME on this machine. Then the agent is left alone for IDLE seconds:
# its RSS and anonymous memory, CPU time and context switches (its wake-ups) over that time.
# Prints Markdown for docs/benchmarks.md; exit 1 when a change was never written.
#
# usage: bench/reaction.sh [--settle DUR] [--min-interval DUR] [--changes N] [--spacing S]
#                          [--idle S] BINARY
#        defaults: settle 50ms, min-interval 1s, 24 changes, 0.7 s apart, 60 s idle.
#        As root. Each record+family is changed every 2 x SPACING seconds: keep that above
#        min-interval, or the later writes wait for it (the trailing edge) and count as late.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/../tests/netns/lib.sh"
# shellcheck source=bench/gateway.sh
. "$REPO_ROOT/bench/gateway.sh"

SETTLE=50ms MIN_INTERVAL=1s CHANGES=24 SPACING=0.7 IDLE=60
usage() {
	sed -n 's/^# usage: /usage: /p; s/^#        /       /p' "$0" >&2
	exit 2
}
while [ $# -gt 1 ]; do
	case $1 in
	--settle) SETTLE=$2 ;;
	--min-interval) MIN_INTERVAL=$2 ;;
	--changes) CHANGES=$2 ;;
	--spacing) SPACING=$2 ;;
	--idle) IDLE=$2 ;;
	*) usage ;;
	esac
	shift 2
done
if [ $# -ne 1 ] || [ ! -x "$1" ] || ! [[ $CHANGES =~ ^[0-9]+$ ]] || ((CHANGES < 2)) ||
	! [[ $IDLE =~ ^[0-9]+$ ]] || ! [[ $SPACING =~ ^[0-9]+(\.[0-9]{1,6})?$ ]]; then
	usage
fi
if [ "$(id -u)" != 0 ]; then
	echo "reaction: needs root (network namespaces): sudo $0 $*" >&2
	exit 1
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
lib_init reaction

info "setting up the gateway and the mock"
gw_setup wan-only || exit 1
gw_config "$WORK/ddnsd.conf" "$SETTLE" "$MIN_INTERVAL"
cat >>"$WORK/ddnsd.conf" <<EOF

[record home]
name = home.example.com
provider = cf
EOF
gw_agent "$BIN" "$WORK/ddnsd.conf"
if ! wait_for 10 gw_written 2001:db8:1::10 || ! wait_for 10 gw_written 198.51.100.10; then
	echo "reaction: the agent did not create its records; its log:" >&2
	sed 's/^/  /' "$AGENT_LOG" >&2
	exit 1
fi
sleep 1 # past min-interval of the first writes
read -r comm <"/proc/$AGENT_PID/comm"
[ "$comm" = ddnsd ] || {
	echo "reaction: PID $AGENT_PID is $comm, not the agent" >&2
	exit 1
}
proc_read "$AGENT_PID"
START_RSS=$PR_RSS START_ANON=$PR_ANON START_CPU=$PR_CPU_MS START_RUN=$PR_RUN_NS

# The changes: odd ones IPv4 (198.51.100.11, .12 ... alternating with 203.0.113.x so that the
# default gateway moves too every other time), even ones a new /48 2001:db8:N::/48.
info "$CHANGES changes, $SPACING s apart (settle $SETTLE, min-interval $MIN_INTERVAL)"
: >"$WORK/changes"
V4_OLD=198.51.100.10 V6_OLD=2001:db8:1::10
F=${SPACING#*.}
[ "$F" = "$SPACING" ] && F=0
F=${F}000000
SPACING_US=$((10#${SPACING%%.*} * 1000000 + 10#${F:0:6}))
now_us NEXT
for ((i = 1; i <= CHANGES; i++)); do
	if ((i % 2)); then
		if ((i % 4 == 1)); then
			new=203.0.113.$((10 + i)) gw=203.0.113.1
		else
			new=198.51.100.$((10 + i)) gw=198.51.100.1
		fi
		gw_set_v4 "$V4_OLD" "$new" "$gw"
		echo "ipv4 $new $GW_T0" >>"$WORK/changes"
		V4_OLD=$new
	else
		new=2001:db8:$((1 + i))::10
		gw_set_v6 "$V6_OLD" "$new"
		echo "ipv6 $new $GW_T0" >>"$WORK/changes"
		V6_OLD=$new
	fi
	NEXT=$((NEXT + SPACING_US))
	now_us now
	((NEXT > now)) && sleep "$(printf '%d.%06d' $(((NEXT - now) / 1000000)) $(((NEXT - now) % 1000000)))"
done
# the last ones may still be on their way (or waiting for min-interval)
wait_for 5 gw_written "$V4_OLD"
wait_for 5 gw_written "$V6_OLD"
sleep 1
proc_read "$AGENT_PID"
BUSY_CPU=$((PR_CPU_MS - START_CPU)) BUSY_RUN=$((PR_RUN_NS - START_RUN))

info "idle for $IDLE s"
proc_read "$AGENT_PID"
I_RSS=$PR_RSS I_ANON=$PR_ANON I_CPU=$PR_CPU_MS I_RUN=$PR_RUN_NS I_V=$PR_VCSW I_NV=$PR_NVCSW
N_REQ=$(wc -l <"$CF_LOG")
sleep "$IDLE"
proc_read "$AGENT_PID"
N_REQ=$(($(wc -l <"$CF_LOG") - N_REQ))

KERNEL=$(uname -r)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
VERSION=$("$BIN" --version 2>&1 | head -n 1)
echo "### settle $SETTLE, min-interval $MIN_INTERVAL: $CHANGES changes, $SPACING s apart"
echo
echo "\`bench/reaction.sh --settle $SETTLE --min-interval $MIN_INTERVAL --changes $CHANGES" \
	"--spacing $SPACING --idle $IDLE ${1}\` — $(date -u '+%Y-%m-%d %H:%M UTC');" \
	"$(nproc) CPUs ($CPU), Linux $KERNEL; $VERSION"
echo
"$PY" "$GW_MOCKVIEW" summary "$CF_LOG" "$WORK/changes" "$AGENT_LOG" "$SETTLE" >"$WORK/summary.md"
RC=$?
# the per-change table last, it is long
sed -n '/^| reaction/,$p' "$WORK/summary.md"
echo
echo "| the agent | value |"
echo "|---|---|"
echo "| RSS after start-up / after the changes / after $IDLE s idle | $START_RSS / $I_RSS / $PR_RSS kB |"
echo "| anonymous memory (RssAnon), same moments | $START_ANON / $I_ANON / $PR_ANON kB |"
printf '| CPU time for the %d changes (utime+stime; on-CPU time from schedstat) | %d ms; %d.%03d ms |\n' \
	"$CHANGES" "$BUSY_CPU" $((BUSY_RUN / 1000000)) $((BUSY_RUN / 1000 % 1000))
IR=$((PR_RUN_NS - I_RUN))
printf '| CPU time over %d s idle (utime+stime; on-CPU time from schedstat) | %d ms; %d.%03d ms |\n' \
	"$IDLE" $((PR_CPU_MS - I_CPU)) $((IR / 1000000)) $((IR / 1000 % 1000))
echo "| context switches over $IDLE s idle (voluntary + involuntary) | $((PR_VCSW - I_V)) + $((PR_NVCSW - I_NV)) |"
echo "| requests to the provider over $IDLE s idle | $N_REQ |"
echo
sed -n '1,/^$/p' "$WORK/summary.md"
if [ "$RC" != 0 ]; then
	echo "reaction: some changes were never written; the agent's log is kept in $WORK" >&2
	KEEP_WORK=1
fi
exit "$RC"
