#!/bin/bash
# SPDX-License-Identifier: MIT
# Run every test of ddnsd and count the results: the cmocka unit binaries in BUILD_DIR/tests/,
# each libFuzzer target in FUZZ_DIR for FUZZ_SECONDS (default 5) on a scratch copy of its seed
# corpus, every tests/netns/test_*.sh, then every tests/pkg/test_*.sh (the Debian package:
# built, installed on this machine and purged again). One progress line per piece, the whole
# run time, and last the line "N passed, N failed" (", N skipped" when there are any). Exit 0
# iff nothing failed. Each piece's output is kept in a log directory; the tail of a failing one
# is printed.
#
# usage: tests/run-all.sh BUILD_DIR FUZZ_DIR
# env:   FUZZ_SECONDS (5), UNIT_TIMEOUT (120 s), NETNS_TIMEOUT (600 s), KEEP_LOGS=1,
#        DDNSD (binary for the netns tests; default BUILD_DIR/ddnsd),
#        VALGRIND_DIR (a build without sanitizers: its unit binaries also run under valgrind,
#        one result each: no memory error and no definite leak)
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BUILD_DIR FUZZ_DIR" >&2
	exit 2
fi
REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$1" 2>/dev/null && pwd) || BUILD=$1
FUZZ=$(cd "$2" 2>/dev/null && pwd) || FUZZ=$2
FUZZ_SECONDS=${FUZZ_SECONDS:-5}
LOGS=$(mktemp -d /tmp/ddnsd-tests.XXXXXX)
export DDNSD=${DDNSD:-$BUILD/ddnsd}

PASSED=0 FAILED=0 SKIPPED=0

now_us() { printf -v "$1" '%s' "${EPOCHREALTIME/[.,]/}"; }
secs_since() {
	local now d
	now_us now
	d=$((now - $1))
	printf '%d.%02d' $((d / 1000000)) $((d % 1000000 / 10000))
}

# report KIND NAME P F S SECS LOG [NOTE]: one progress line; the log's tail if anything failed.
report() {
	local kind=$1 name=$2 p=$3 f=$4 s=$5 secs=$6 log=$7 note=${8:-}
	PASSED=$((PASSED + p)) FAILED=$((FAILED + f)) SKIPPED=$((SKIPPED + s))
	printf '%-6s %-28s %4d passed %3d failed' "$kind" "$name" "$p" "$f"
	[ "$s" = 0 ] || printf ' %3d skipped' "$s"
	printf ' %7ss%s\n' "$secs" "${note:+  $note}"
	if [ "$f" != 0 ]; then
		echo "       --- last lines of $log:"
		tail -n 25 "$log" | sed 's/^/       | /'
	fi
}

# is_exe FILE: an executable regular file that is not a make dependency file or an object.
is_exe() { [ -f "$1" ] && [ -x "$1" ] && [[ $1 != *.[do] ]]; }

# run_unit BIN: run a cmocka binary; counts come from its summary lines, summed over groups.
run_unit() {
	local bin=$1 name log t rc p f
	name=$(basename "$bin")
	log=$LOGS/unit-$name.log
	now_us t
	# braces: bash's own "Aborted" notice for a crashed binary goes to /dev/null, not the report
	{ CMOCKA_MESSAGE_OUTPUT=STDOUT timeout -k 5 "${UNIT_TIMEOUT:-120}" "$bin" </dev/null \
		>"$log" 2>&1; } 2>/dev/null
	rc=$?
	read -r p f < <(awk '
		/^\[  PASSED  \] [0-9]+ test\(s\)\./ { p += $4 }
		/^\[  FAILED  \] [0-9]+ test\(s\)/   { f += $4; seen = 1 }
		/^\[  PASSED  \]/                    { seen = 1 }
		END { if (!seen) p = -1; print p + 0, f + 0 }' "$log")
	local note="" how="exit status $rc"
	((rc > 128)) && how="died of signal $((rc - 128))"
	[ "$rc" = 124 ] && how="timed out after ${UNIT_TIMEOUT:-120} s"
	if [ "$p" = -1 ]; then # no summary at all: crashed early, or not a cmocka binary
		p=0 f=1 note="$how, no cmocka summary"
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then # a crash in a later group, a leak found at exit
		f=1 note="$how although no test reported a failure"
	fi
	report unit "$name" "$p" "$f" 0 "$(secs_since "$t")" "$log" "$note"
}

# run_fuzz BIN: FUZZ_SECONDS of libFuzzer on a scratch copy of tests/fuzz/corpus/NAME; a run
# that ends without a crash, leak or time-out is one pass.
run_fuzz() {
	local bin=$1 name corpus log t rc execs scratch
	name=$(basename "$bin")
	corpus=$REPO/tests/fuzz/corpus/${name#fuzz_}
	log=$LOGS/fuzz-$name.log
	scratch=$LOGS/fuzz-$name
	mkdir -p "$scratch/corpus"
	[ -d "$corpus" ] && cp -r "$corpus/." "$scratch/corpus/"
	now_us t
	{ (cd "$scratch" && timeout -k 5 $((FUZZ_SECONDS + 60)) "$bin" \
		-max_total_time="$FUZZ_SECONDS" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$scratch/" corpus </dev/null >"$log" 2>&1); } 2>/dev/null
	rc=$?
	execs=$(awk '/stat::number_of_executed_units:/ { print $2 }' "$log")
	if [ "$rc" = 0 ]; then
		report fuzz "$name" 1 0 0 "$(secs_since "$t")" "$log" "${execs:-?} execs"
	else
		report fuzz "$name" 0 1 0 "$(secs_since "$t")" "$log" \
			"exit status $rc; artifacts in $scratch"
	fi
}

# run_netns SCRIPT [KIND]: count its PASS/FAIL/SKIP lines; a non-zero exit without a FAIL line
# counts as one failure.
# netns_exec SCRIPT LOG: run one netns suite into LOG; its exit status, then its seconds, go
# into LOG.rc.
netns_exec() {
	local t rc
	now_us t
	mkdir -p "$LOGS" # a suite must never pass by losing its log
	{ timeout -k 10 "${NETNS_TIMEOUT:-600}" bash "$1" </dev/null >"$2" 2>&1; } 2>/dev/null
	rc=$?
	echo "$rc $(secs_since "$t")" >"$2.rc"
}

# netns_report SCRIPT LOG [KIND]: count what the suite said in LOG.
netns_report() {
	local script=$1 log=$2 kind=${3:-netns} name rc secs p f s note=""
	name=$(basename "$script" .sh)
	read -r rc secs <"$log.rc" 2>/dev/null || { rc=125 secs=0; }
	p=$(grep -c '^PASS ' "$log" 2>/dev/null) || p=0
	f=$(grep -c '^FAIL ' "$log" 2>/dev/null) || f=0
	s=$(grep -c '^SKIP ' "$log" 2>/dev/null) || s=0
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1 note="exit status $rc without a FAIL line"
	elif [ "$p" = 0 ] && [ "$f" = 0 ] && [ "$s" = 0 ]; then
		f=1 note="no PASS, FAIL or SKIP line: the suite reported nothing"
	fi
	[ "$rc" = 124 ] && note="timed out after ${NETNS_TIMEOUT:-600} s"
	report "$kind" "$name" "$p" "$f" "$s" "$secs" "$log" "$note"
	grep '^SKIP ' "$log" | sed 's/^/       /'
}

run_netns() {
	local script=$1 kind=${2:-netns} log
	log=$LOGS/$kind-$(basename "$script" .sh).log
	netns_exec "$script" "$log"
	netns_report "$script" "$log" "$kind"
}

now_us T0
shopt -s nullglob

n=0
for bin in "$BUILD"/tests/test_*; do
	is_exe "$bin" || continue
	run_unit "$bin"
	n=$((n + 1))
done
[ $n -gt 0 ] || echo "unit   (no test binaries in $BUILD/tests)"

# run_valgrind BIN: the unit binary under memcheck; any error or definite leak fails it.
run_valgrind() {
	local bin=$1 name log t rc
	name=$(basename "$bin")
	log=$LOGS/valgrind-$name.log
	now_us t
	{ timeout -k 5 "${UNIT_TIMEOUT:-120}" valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite "$bin" </dev/null >"$log" 2>&1; } 2>/dev/null
	rc=$?
	if [ "$rc" = 0 ]; then
		report valgr "$name" 1 0 0 "$(secs_since "$t")" "$log"
	else
		report valgr "$name" 0 1 0 "$(secs_since "$t")" "$log" "exit $rc"
	fi
}

if [ -n "${VALGRIND_DIR:-}" ]; then
	for bin in "$VALGRIND_DIR"/tests/test_*; do
		is_exe "$bin" || continue
		run_valgrind "$bin"
	done
fi

n=0
for bin in "$FUZZ"/fuzz_*; do
	is_exe "$bin" || continue
	run_fuzz "$bin"
	n=$((n + 1))
done
[ $n -gt 0 ] || echo "fuzz   (no fuzz targets in $FUZZ)"

# Suites that spend most of their time waiting (dyndns2 waits out a real 60 s floor) run
# beside the others, each in namespaces of its own, and are reported at the end.
BESIDE=${BESIDE-test_dyndns2}
beside=()
n=0
for script in "$REPO"/tests/netns/test_*.sh; do
	if [[ " $BESIDE " == *" $(basename "$script" .sh) "* ]]; then
		netns_exec "$script" "$LOGS/netns-$(basename "$script" .sh).log" &
		beside+=("$script")
	else
		run_netns "$script"
	fi
	n=$((n + 1))
done
wait
for script in "${beside[@]}"; do
	netns_report "$script" "$LOGS/netns-$(basename "$script" .sh).log"
done
[ $n -gt 0 ] || echo "netns  (no tests/netns/test_*.sh)"

for script in "$REPO"/tests/pkg/test_*.sh; do
	run_netns "$script" pkg
done

if [ "$FAILED" = 0 ] && [ -z "${KEEP_LOGS:-}" ]; then
	rm -rf "$LOGS"
else
	echo "logs: $LOGS"
fi
echo "total time $(secs_since "$T0") s"
if [ "$SKIPPED" = 0 ]; then
	echo "$PASSED passed, $FAILED failed"
else
	echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
fi
[ "$FAILED" = 0 ]
