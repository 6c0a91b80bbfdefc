#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us and proc_read set their variables indirectly
# shellcheck disable=SC2317 # functions called through wait_for
# Scale benchmark (not a test): N records x 2 families (`zone = example.com`) at the Cloudflare
# mock of bench/gateway.sh, for each N of --sizes:
#   1. first sync into an empty zone, unpaced (rate-limit = none);
#   2. one WAN change (the IPv4 address: N records to update), with the fsyncs counted
#      (perf, syscalls:sys_enter_fsync/fdatasync; "-" without perf); then a restart, whose
#      start-up read of every record is counted;
#   3. first sync again into an empty zone, the mock now enforcing --budget with 429s and the
#      agent configured with the same budget: how many requests were refused.
# Reports wall time, agent CPU, the mock's CPU (its own cost for the same requests), requests by
# kind, 429s, the agent's peak and idle RSS and its CPU per record and family. Prints Markdown
# for docs/benchmarks.md.
#
#   4. with --storm S: a 429 storm for S seconds at the largest size: the mock allows 50
#      requests per 30 s, the agent is configured without a budget (rate-limit = none), so
#      only the provider-wide pause holds it back; its RSS every 10 s, requests and 429s.
#      With --massif, the storm's agent runs under valgrind's massif: its heap (what malloc
#      holds, with malloc's own overhead) at 10 s, at the middle and at the end, and its peak.
#
# usage: bench/scale.sh [--sizes "100 300 1000"] [--budget N/SECONDS] [--timeout S]
#                       [--storm S [--massif]] BINARY
#        defaults: sizes 100 300 1000, budget 1200/30 (Cloudflare's 1200/5m, ten times
#        faster), timeout 600 s per phase, no storm. As root.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/../tests/netns/lib.sh"
# shellcheck source=bench/gateway.sh
. "$REPO_ROOT/bench/gateway.sh"

SIZES="100 300 1000" BUDGET=1200/30 TIMEOUT=600 STORM=0 MASSIF=0
usage() {
	sed -n 's/^# usage: /usage: /p; s/^#        /       /p' "$0" >&2
	exit 2
}
while [ $# -gt 1 ]; do
	if [ "$1" = --massif ]; then
		MASSIF=1
		shift
		continue
	fi
	case $1 in
	--sizes) SIZES=$2 ;;
	--budget) BUDGET=$2 ;;
	--timeout) TIMEOUT=$2 ;;
	--storm) STORM=$2 ;;
	*) usage ;;
	esac
	shift 2
done
if [ $# -ne 1 ] || [ ! -x "$1" ] || ! [[ $BUDGET =~ ^[0-9]+/[0-9]+$ ]]; then
	usage
fi
if [ "$(id -u)" != 0 ]; then
	echo "scale: needs root (network namespaces): sudo $0 $*" >&2
	exit 1
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MV=$REPO_ROOT/bench/mockview.py
lib_init scale
HAVE_PERF=0
command -v perf >/dev/null && perf stat -e syscalls:sys_enter_fsync true >/dev/null 2>&1 &&
	HAVE_PERF=1

info "setting up the gateway and the mock"
gw_setup wan-only || exit 1

# conf FILE N RATE: N records in the zone example.com.
conf() {
	gw_config "$1" 50ms 1s
	echo "rate-limit = $3" >>"$1"
	for ((i = 0; i < $2; i++)); do
		printf '\n[record r%d]\nname = h%d.example.com\nprovider = cf\nzone = example.com\n' \
			"$i" "$i" >>"$1"
	done
}

log_lines() { wc -l <"$CF_LOG"; }
# created FROM N: the mock logged N successful creates from line FROM on.
created() {
	[ "$(tail -n +$(($1 + 1)) "$CF_LOG" | grep -c '"method": "POST".*"status": 200')" -ge "$2" ]
}
# mock_cpu: the mock's CPU time in ns, all its threads (the finished ones too).
mock_cpu() {
	proc_read "$GW_MOCK_PID"
	MOCK_NS=$((PR_CPU_MS * 1000000))
}
writes_of() { [ "$("$PY" "$MV" writes "$CF_LOG" "$1" "$2")" -ge "$3" ]; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) / 1000 }'; }
cpu_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) / 1e6 }'; }
per() { awk -v a="$1" -v n="$2" 'BEGIN { printf "%.2f", a / n }'; }

# fsync_start / fsync_stop: count the agent's fsync and fdatasync calls in between.
fsync_start() {
	FS_OUT=$WORK/fsync.$1
	[ "$HAVE_PERF" = 1 ] || return 0
	perf stat -x, -e syscalls:sys_enter_fsync -e syscalls:sys_enter_fdatasync \
		-p "$AGENT_PID" -o "$FS_OUT" &
	FS_PID=$!
	sleep 0.5 # perf attaches
}
fsync_stop() {
	FSYNCS=-
	[ "$HAVE_PERF" = 1 ] || return 0
	kill -INT "$FS_PID"
	wait "$FS_PID" 2>/dev/null
	FSYNCS=$(awk -F, '/sys_enter_f/ { n += $1 } END { print n + 0 }' "$FS_OUT")
}

stop_agent() {
	kill "$AGENT_PID" 2>/dev/null
	wait "$AGENT_PID" 2>/dev/null
	untrack "$AGENT_PID"
}

ROWS=() CHANGE_ROWS=() RESTART_ROWS=() LIMIT_ROWS=() FAILED=0
for n in $SIZES; do
	fam=$((2 * n))
	# ---- 1. first sync, unpaced ----
	GW_MOCK_ARGS="" gw_mock_start || exit 1
	rm -rf "$WORK/state" "$WORK/run"
	# Back to the first WAN address (deleting a primary address takes its secondaries).
	nsip gw addr del 198.51.100.20/24 dev wan0 2>/dev/null
	nsip gw addr replace 198.51.100.10/24 dev wan0
	nsip gw route replace default via 198.51.100.1
	conf "$WORK/scale.conf" "$n" none
	mark=$(log_lines)
	mock_cpu
	mock0=$MOCK_NS
	info "$n records: first sync"
	now_us t0
	gw_agent "$BIN" "$WORK/scale.conf"
	if ! wait_for "$TIMEOUT" created "$mark" "$fam"; then
		echo "scale: $n records: the first sync did not finish in $TIMEOUT s" >&2
		FAILED=1
		stop_agent
		continue
	fi
	now_us t1
	proc_read "$AGENT_PID"
	cpu=$PR_RUN_NS
	mock_cpu
	mock=$((MOCK_NS - mock0))
	kinds=$("$PY" "$MV" kinds "$CF_LOG" "$mark")
	sleep 3 # results saved, connections idle
	proc_read "$AGENT_PID"
	hwm=$PR_HWM
	sleep 5
	proc_read "$AGENT_PID"
	idle=$PR_RSS
	ROWS+=("| $n | $fam | $(ms "$t0" "$t1") | $(cpu_ms 0 "$cpu") | $(cpu_ms 0 "$mock") | \
$(per "$(cpu_ms 0 "$cpu")" "$fam") | $((hwm / 1024)).$(((hwm % 1024) * 10 / 1024)) | \
$((idle / 1024)).$(((idle % 1024) * 10 / 1024)) | ${kinds% first=*} |")

	# ---- 2. one WAN change: N records to update ----
	info "$n records: one WAN change"
	fsync_start change
	mark=$(log_lines)
	proc_read "$AGENT_PID"
	cpu0=$PR_RUN_NS
	mock_cpu
	mock0=$MOCK_NS
	gw_set_v4 198.51.100.10 198.51.100.20 198.51.100.1
	t0=$GW_T0
	if ! wait_for "$TIMEOUT" writes_of "$mark" 198.51.100.20 "$n"; then
		echo "scale: $n records: the WAN change was not written in $TIMEOUT s" >&2
		FAILED=1
	fi
	now_us t1
	proc_read "$AGENT_PID"
	cpu=$((PR_RUN_NS - cpu0))
	mock_cpu
	mock=$((MOCK_NS - mock0))
	sleep 2 # the last results saved
	fsync_stop
	kinds=$("$PY" "$MV" kinds "$CF_LOG" "$mark")
	CHANGE_ROWS+=("| $n | $(ms "$t0" "$t1") | $(cpu_ms 0 "$cpu") | $(cpu_ms 0 "$mock") | \
$(per "$(cpu_ms 0 "$cpu")" "$n") | $FSYNCS | ${kinds% first=*} |")
	stop_agent

	# ---- 2b. a restart: every record read once (from the state file), nothing written ----
	info "$n records: a restart"
	mark=$(log_lines)
	now_us t0
	gw_agent "$BIN" "$WORK/scale.conf"
	wait_for "$TIMEOUT" grep -qe "read in bulk" -e "one by one" "$AGENT_LOG"
	sleep 2
	proc_read "$AGENT_PID"
	kinds=$("$PY" "$MV" kinds "$CF_LOG" "$mark")
	RESTART_ROWS+=("| $n | $(cpu_ms 0 "$PR_RUN_NS") | ${kinds% first=*} |")
	stop_agent

	# ---- 3. first sync under a budget the mock enforces ----
	info "$n records: first sync under $BUDGET"
	GW_MOCK_ARGS="--budget $BUDGET" gw_mock_start || exit 1
	rm -rf "$WORK/state" "$WORK/run"
	conf "$WORK/scale.conf" "$n" "${BUDGET%/*}/${BUDGET#*/}s"
	mark=$(log_lines)
	now_us t0
	gw_agent "$BIN" "$WORK/scale.conf"
	if ! wait_for "$TIMEOUT" created "$mark" "$fam"; then
		echo "scale: $n records: the first sync under $BUDGET did not finish in $TIMEOUT s" >&2
		FAILED=1
	fi
	now_us t1
	proc_read "$AGENT_PID"
	kinds=$("$PY" "$MV" kinds "$CF_LOG" "$mark")
	LIMIT_ROWS+=("| $n | $BUDGET s | $(ms "$t0" "$t1") | $(cpu_ms 0 "$PR_RUN_NS") | \
$((PR_HWM / 1024)).$(((PR_HWM % 1024) * 10 / 1024)) | ${kinds% first=*} |")
	stop_agent
done

STORM_LINE=
if ((STORM > 0)); then
	info "$n records: a 429 storm for $STORM s"
	GW_MOCK_ARGS="--budget 50/30" gw_mock_start || exit 1
	rm -rf "$WORK/state" "$WORK/run"
	conf "$WORK/scale.conf" "$n" none
	mark=$(log_lines)
	storm_bin=$BIN
	if [ "$MASSIF" = 1 ]; then
		storm_bin=$WORK/massif-ddnsd
		printf '#!/bin/sh\nexec valgrind -q --tool=massif --time-unit=ms --max-snapshots=200 \
--massif-out-file=%s %s "$@"\n' "$WORK/massif.out" "$BIN" >"$storm_bin"
		chmod +x "$storm_bin"
	fi
	gw_agent "$storm_bin" "$WORK/scale.conf"
	rss=()
	for ((t = 0; t < STORM; t += 10)); do
		sleep 10
		proc_read "$AGENT_PID"
		rss+=("$((PR_RSS / 1024)).$(((PR_RSS % 1024) * 10 / 1024))")
	done
	kinds=$("$PY" "$MV" kinds "$CF_LOG" "$mark")
	STORM_LINE="$n records, $STORM s, mock 50 requests / 30 s, agent unpaced: RSS MB every \
10 s: ${rss[*]}; CPU $(cpu_ms 0 "$PR_RUN_NS") ms; ${kinds% first=*}"
	stop_agent
	if [ "$MASSIF" = 1 ]; then
		# Heap + malloc overhead at the last snapshot before 10 s, the middle and the end of
		# the storm (ms since start), and the peak.
		STORM_LINE+="; under massif, heap MB at 10 s / $((STORM / 2)) s / $STORM s: $(awk \
			-v mid=$((STORM * 500)) -v end=$((STORM * 1000)) '
			/^time=/ { t = substr($0, 6) + 0 }
			/^mem_heap_B=/ { h = substr($0, 12) + 0 }
			/^mem_heap_extra_B=/ { m = (h + substr($0, 18)) / 1048576; if (m > peak) peak = m
				if (t <= 10000) a = m; if (t <= mid) b = m; if (t <= end) c = m }
			END { printf "%.2f / %.2f / %.2f, peak %.2f", a, b, c, peak }' "$WORK/massif.out")"
	fi
fi

echo
echo "First sync into an empty zone (records x 2 families, unpaced: rate-limit = none):"
echo
echo "| records | jobs | wall ms | agent CPU ms | mock CPU ms | agent CPU ms / record-family | peak RSS MB | idle RSS MB | requests |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "One WAN change (the IPv4 address of every record):"
echo
echo "| records | wall ms | agent CPU ms | mock CPU ms | agent CPU ms / record | fsyncs | requests |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${CHANGE_ROWS[@]}"
echo
echo "A restart after the change (state.json says what is published; every record is read once):"
echo
echo "| records | agent CPU ms | requests |"
echo "|---|---|---|"
printf '%s\n' "${RESTART_ROWS[@]}"
echo
echo "First sync under a budget the mock enforces with 429s (agent: the same rate-limit):"
echo
echo "| records | budget | wall ms | agent CPU ms | peak RSS MB | requests |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${LIMIT_ROWS[@]}"
if [ -n "$STORM_LINE" ]; then
	echo
	echo "429 storm: $STORM_LINE"
fi
exit "$FAILED"
