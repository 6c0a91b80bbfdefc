# SPDX-License-Identifier: MIT
# Shared helpers of the netns integration tests: namespaces, veths, tracked processes, checks,
# a test CA, the HTTPS mock and the agent runner. Source it (bash 5), do not execute it.
#
# Everything a test creates goes through these helpers, so the EXIT trap installed by lib_init
# can remove exactly that and nothing else: the PIDs it started (TERM, at most 1 s, then KILL),
# then whatever still runs inside *its own* namespaces, then the namespaces (which takes their
# veths with them), then its scratch directory. Namespace names carry a per-run prefix
# (NS_PREFIX, default "ddt<PID>-"), so parallel runs and leftovers of a killed run never collide.
#
# Output protocol read by tests/run-all.sh: "PASS name", "FAIL name: why", "SKIP name: why";
# anything else a test prints starts with "# ".

PY=/usr/bin/python3 # the machine may have a pyenv shim earlier in PATH
NETNS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$NETNS_DIR/../.." && pwd)
NS_PREFIX=${NS_PREFIX:-ddt$$-}
WORK=
_PIDS=()
_NSS=()
N_PASS=0
N_FAIL=0
N_SKIP=0

# --- time -------------------------------------------------------------------------------------

# now_us VAR: microseconds since the epoch into VAR (no fork).
now_us() { printf -v "$1" '%s' "${EPOCHREALTIME/[.,]/}"; }

# secs_since START_US: prints the seconds elapsed, e.g. "0.042".
secs_since() {
	local now d
	now_us now
	d=$((now - $1))
	printf '%d.%03d' $((d / 1000000)) $((d % 1000000 / 1000))
}

# --- results ----------------------------------------------------------------------------------

info() { echo "# $*"; }
pass() {
	echo "PASS $1"
	N_PASS=$((N_PASS + 1))
}
fail() {
	echo "FAIL $1: $2"
	N_FAIL=$((N_FAIL + 1))
}
skip() {
	echo "SKIP $1: $2"
	N_SKIP=$((N_SKIP + 1))
}

# check NAME WHY CMD...: PASS when CMD succeeds, otherwise FAIL with WHY.
check() {
	local name=$1 why=$2
	shift 2
	if "$@"; then pass "$name"; else fail "$name" "$why"; fi
}

# finish: the last call of a test; the exit status says whether any check failed.
finish() {
	info "$N_PASS passed, $N_FAIL failed, $N_SKIP skipped"
	exit $((N_FAIL > 0))
}

# --- set-up and clean-up ----------------------------------------------------------------------

# lib_init TESTNAME: check privileges, make $WORK, install the clean-up trap. Without root (or
# without network-namespace support) the whole test is one SKIP line and exit 0.
lib_init() {
	local probe="${NS_PREFIX}probe"
	if [ "$(id -u)" != 0 ]; then
		skip "$1" "needs root for ip netns"
		exit 0
	fi
	if ! ip netns add "$probe" 2>/dev/null; then
		skip "$1" "cannot create a network namespace here"
		exit 0
	fi
	ip netns del "$probe"
	WORK=$(mktemp -d "/tmp/ddt-$1.XXXXXX")
	chmod 755 "$WORK"
	trap lib_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

track() { _PIDS+=("$@"); }
untrack() {
	local p keep=()
	for p in "${_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	_PIDS=("${keep[@]}")
}

# is_child PID: PID is (still) a child of this shell, so a recycled PID is never signalled.
is_child() {
	local k v
	while read -r k v; do
		# an explicit status: a bare return in a trap handler returns the pre-trap one
		[ "$k" = PPid: ] && { [ "$v" = $$ ]; return $?; }
	done 2>/dev/null <"/proc/$1/status"
	return 1
}

# stop_pids PID...: TERM, wait at most 1 s (10 ms polls) for all of them, KILL the rest, reap.
# Only PIDs that are still children of this shell are signalled.
stop_pids() {
	local p alive i mine=()
	for p; do is_child "$p" && mine+=("$p"); done
	set -- "${mine[@]}"
	[ $# -gt 0 ] || return 0
	kill -TERM "$@" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		alive=0
		for p; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ $alive = 1 ] || break
		sleep 0.01
	done
	kill -KILL "$@" 2>/dev/null
	for p; do { wait "$p"; } 2>/dev/null; done
	return 0
}

lib_cleanup() {
	local rc=$? n p t
	trap - EXIT INT TERM
	now_us t
	stop_pids "${_PIDS[@]}"
	# Anything still inside one of our namespaces was started by this test (a daemon that
	# forked, a command cut short by Ctrl-C); other namespaces are never looked at.
	for n in "${_NSS[@]}"; do
		for p in $(ip netns pids "$n" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
	done
	for n in "${_NSS[@]}"; do ip netns del "$n" 2>/dev/null; done
	if [ -n "${KEEP_WORK:-}" ]; then
		info "scratch directory kept: $WORK"
	elif [ -n "$WORK" ]; then
		rm -rf "$WORK"
	fi
	info "clean-up took $(secs_since "$t") s"
	exit "$rc"
}

# --- namespaces and links ---------------------------------------------------------------------

# ns_add SHORT...: create namespaces $NS_PREFIX$SHORT with lo up; refuses an existing name.
ns_add() {
	local s n
	for s; do
		n=$NS_PREFIX$s
		if ! ip netns add "$n"; then
			echo "# cannot create namespace $n" >&2
			return 1
		fi
		_NSS+=("$n")
		ip -n "$n" link set lo up
	done
}

ns() { printf '%s' "$NS_PREFIX$1"; }	       # full name of a namespace
nsx() { ip netns exec "$NS_PREFIX$1" "${@:2}"; } # run a command inside
nsip() { ip -n "$NS_PREFIX$1" "${@:2}"; }       # ip(8) inside

# veth NS_A IF_A NS_B IF_B: a veth pair created directly inside the two namespaces (it never
# appears in the host's), both ends up.
veth() {
	ip -n "$NS_PREFIX$1" link add "$2" type veth peer name "$4" netns "$NS_PREFIX$3" || return 1
	ip -n "$NS_PREFIX$1" link set "$2" up && ip -n "$NS_PREFIX$3" link set "$4" up
}

# sysctl_in NS KEY=VALUE...
sysctl_in() { ip netns exec "$NS_PREFIX$1" sysctl -qw "${@:2}"; }

# is_tentative NS IF ADDR: the IPv6 address is still doing DAD.
is_tentative() { ip -n "$NS_PREFIX$1" -6 addr show dev "$2" tentative | grep -q "inet6 $3/"; }

# --- processes --------------------------------------------------------------------------------

# spawn NS LOG CMD...: start CMD in the background inside NS, output to LOG; the PID is tracked
# and left in SPAWNED. `ip netns exec` execs the command, so $! is the command itself.
spawn() {
	local n=$NS_PREFIX$1 log=$2
	shift 2
	ip netns exec "$n" "$@" >"$log" 2>&1 &
	SPAWNED=$!
	track "$SPAWNED"
}

# wait_for TIMEOUT_S CMD...: poll CMD every 10 ms; 0 when it succeeded, 1 on timeout.
# WAITED holds the seconds it took.
# shellcheck disable=SC2034 # WAITED is for the caller
wait_for() {
	local limit=$1 start now
	shift
	now_us start
	while :; do
		if "$@" >/dev/null 2>&1; then
			WAITED=$(secs_since "$start")
			return 0
		fi
		now_us now
		if ((now - start > ${limit%.*} * 1000000)); then
			WAITED=$(secs_since "$start")
			return 1
		fi
		sleep 0.01
	done
}

# --- TLS test PKI -----------------------------------------------------------------------------

# make_certs DIR DNSNAME IP...: an EC P-256 CA (DIR/ca.pem) and a server certificate
# (DIR/server.pem, DIR/server.key) for DNSNAME and the IPs, valid two days.
make_certs() {
	local dir=$1 dns=$2 san ip
	shift 2
	san="DNS:$dns"
	for ip; do san="$san,IP:$ip"; done
	mkdir -p "$dir" || return 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=ddnsd test CA $$" -keyout "$dir/ca.key" -out "$dir/ca.pem" \
		-addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign 2>"$dir/openssl.log" &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
			-subj "/CN=$dns" -keyout "$dir/server.key" -out "$dir/server.pem" \
			-CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
			-addext basicConstraints=critical,CA:FALSE \
			-addext keyUsage=critical,digitalSignature \
			-addext extendedKeyUsage=serverAuth \
			-addext "subjectAltName=$san" 2>>"$dir/openssl.log"
}

# --- HTTPS "what is my IP" mock ---------------------------------------------------------------

# mock_start NS ADDR...: run mock_web.py on port 443 of every ADDR inside NS, with the
# certificate from make_certs "$WORK/pki". Requests are logged to MOCK_LOG (JSON lines); files
# for /file/NAME live in MOCK_FILES. Waits until it listens.
mock_start() {
	local n=$1
	shift
	local args=() a
	for a; do args+=(--listen "$a"); done
	MOCK_LOG=$WORK/mock-requests.jsonl
	MOCK_FILES=$WORK/mock-files
	mkdir -p "$MOCK_FILES"
	: >"$MOCK_LOG"
	spawn "$n" "$WORK/mock.out" "$PY" "$NETNS_DIR/mock_web.py" "${args[@]}" --port 443 \
		--cert "$WORK/pki/server.pem" --key "$WORK/pki/server.key" \
		--log "$MOCK_LOG" --files "$MOCK_FILES"
	if ! wait_for 10 grep -q '^ready' "$WORK/mock.out"; then
		echo "# mock_web.py did not start:" >&2
		sed 's/^/#   /' "$WORK/mock.out" >&2
		return 1
	fi
}

# mock_mark: remember how many requests were logged; mock_since prints "PEER PATH" for each one
# logged after the mark, in order.
mock_mark() { MOCK_MARK=$(wc -l <"$MOCK_LOG"); }
mock_since() {
	tail -n +$((MOCK_MARK + 1)) "$MOCK_LOG" |
		"$PY" -c 'import json,sys
for l in sys.stdin:
    r = json.loads(l)
    if "path" in r: print(r["peer"], r["path"])'
}

# --- the agent --------------------------------------------------------------------------------

# ddnsd_bin: the binary under test: $DDNSD, else build-san/ddnsd, else build/ddnsd.
ddnsd_bin() {
	if [ -n "${DDNSD:-}" ]; then
		printf '%s' "$DDNSD"
	elif [ -x "$REPO_ROOT/build-san/ddnsd" ]; then
		printf '%s' "$REPO_ROOT/build-san/ddnsd"
	else
		printf '%s' "$REPO_ROOT/build/ddnsd"
	fi
}

# agent_in NS OUT ERR CMD...: run CMD (normally the agent) inside NS and a private mount
# namespace (ip netns exec makes one) where /run is an empty tmpfs and the host's /etc/ddnsd and
# /var/lib/ddnsd, if they exist, are hidden under empty tmpfs mounts: a test never reads the
# host's configuration or state. stdout to OUT, stderr to ERR; killed after AGENT_TIMEOUT
# (default 30) seconds. Returns CMD's exit status (124 on time-out, 125 if a mount failed).
# It runs in the background and is waited for, so INT/TERM reach the clean-up trap at once.
agent_in() {
	local n=$NS_PREFIX$1 out=$2 err=$3 pid rc
	shift 3
	# shellcheck disable=SC2016 # the script expands "$@" and "$d" itself
	ip netns exec "$n" timeout -k 2 "${AGENT_TIMEOUT:-30}" /bin/sh -c '
		mount -t tmpfs -o mode=0755 ddt-run /run || exit 125
		for d in /etc/ddnsd /var/lib/ddnsd; do
			[ -d "$d" ] || continue
			mount -t tmpfs -o mode=0755 ddt-hide "$d" || exit 125
		done
		exec "$@"' ddt-agent "$@" </dev/null >"$out" 2>"$err" &
	pid=$!
	track "$pid"
	wait "$pid"
	rc=$?
	untrack "$pid"
	return "$rc"
}

# --- checking JSON output ---------------------------------------------------------------------

# json_expect FILE < SPEC: checks on a JSON array of objects (detect/status --json output).
# One check per SPEC line, three fields separated by " | " (a bar with a blank on each side, so a
# regex may still use "|" for alternation):
#     name | selector | expectation...
# selector: space-separated key=value or key~regex that must pick exactly one row; expectations:
# key=value (exact; "null" is JSON null), key~regex (case-insensitive search in the string
# value), key!~regex. Blank lines and lines starting with # are ignored.
json_expect() {
	local file=$1 spec line want got=0
	spec=$(mktemp "$WORK/spec.XXXXXX")
	cat >"$spec"
	want=$(grep -cv -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$spec")
	while IFS= read -r line; do
		case $line in
		PASS\ *)
			pass "${line#PASS }"
			got=$((got + 1))
			;;
		FAIL\ *)
			line=${line#FAIL }
			fail "${line%%: *}" "${line#*: }"
			got=$((got + 1))
			;;
		*) echo "# $line" ;;
		esac
	done < <("$PY" -c "$_JSON_EXPECT_PY" "$file" "$spec" 2>&1)
	[ "$got" = "$want" ] || fail json_expect "the checker gave $got results for $want checks"
	rm -f "$spec"
}

read -r -d '' _JSON_EXPECT_PY <<'EOF' || true
import json, re, sys
rows_file, spec_file = sys.argv[1], sys.argv[2]
checks = []
for raw in open(spec_file):
    raw = raw.strip()
    if raw and not raw.startswith("#"):
        checks.append([f.strip() for f in raw.split(" | ")])
try:
    rows = json.load(open(rows_file))
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError("not an array of objects")
except Exception as e:
    for c in checks:
        print(f"FAIL {c[0]}: output is not a JSON array of objects ({e})")
    sys.exit(0)
def show(v):
    return "null" if v is None else json.dumps(v)
def pair(term, ops):
    for op in ops:
        if op in term:
            k, v = term.split(op, 1)
            return k, op, v
    raise ValueError(f"bad term {term!r}")
def run(c):
    name, sel = c[0], c[1] if len(c) > 1 else ""
    terms = " ".join(c[2:]).split()
    want = [pair(t, ("~", "=")) for t in sel.split()]
    hits = [r for r in rows if all(
        str(r.get(k)) == v if op == "=" else re.search(v, str(r.get(k)), re.I)
        for k, op, v in want)]
    if len(hits) != 1:
        return f"{len(hits)} rows match {sel!r} (want 1)"
    row, bad = hits[0], []
    for t in terms:
        k, op, v = pair(t, ("!~", "~", "="))
        got = row.get(k)
        if op == "=":
            ok = (got is None) if v == "null" else (got == v)
        else:
            found = isinstance(got, str) and re.search(v, got, re.I) is not None
            ok = found if op == "~" else not found
        if not ok:
            bad.append(f"{k} is {show(got)}, want {op}{v}")
    if not bad:
        return None
    ctx = "; ".join(f"{k}={show(row.get(k))}" for k in ("address", "source", "reason")
                    if k in row and not any(b.startswith(k + " ") for b in bad))
    return "; ".join(bad) + (f" ({ctx})" if ctx else "")
for c in checks:
    try:
        why = run(c)
    except Exception as e:
        why = f"bad check line {' | '.join(c)!r}: {e}"
    print(f"PASS {c[0]}" if why is None else f"FAIL {c[0]}: {why}")
EOF
