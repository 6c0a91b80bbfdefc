#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk and python programs in single quotes
# Peers benchmark (not a test): ddnsd beside Debian's inadyn and ddclient, the three in one
# network namespace against one dyndns2 mock (tests/netns/mock_dyndns.py), each at its default
# settings except what points it at the mock. Each client keeps its own host name up to date
# (ddnsd.example.com, inadyn.example.com, ddclient.example.com), IPv4 only, read from the WAN
# interface. It measures:
#   - idle: CPU time, wake-ups (voluntary context switches), RSS and private memory over IDLE
#     seconds, and the requests sent while nothing changes;
#   - the reaction to a WAN IPv4 change (the mock's time of the request carrying the new
#     address minus the time of the change);
#   - 911: after each client got "911" for a change, the requests it sends within WINDOW s
#     (the service asks for none within 30 minutes);
#   - badauth: after each client got "badauth" (then one more WAN change), the requests it
#     sends within WINDOW s (the service asks for none until the user acts).
# Prints Markdown for docs/benchmarks.md.
#
# usage: bench/peers.sh [--idle S] [--window S] BINARY
#        defaults: idle 120 s, window 320 s (ddclient's daemon cycle is 300 s). As root.
#        Installs inadyn and ddclient when missing (apt-get, under a policy-rc.d that refuses
#        every service start; their units and init scripts are disabled right after), and
#        runs them only inside the namespace, whose one link leads to the mock: they cannot
#        reach any public host.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/../tests/netns/lib.sh"

IDLE=120 WINDOW=320
usage() {
	sed -n 's/^# usage: /usage: /p; s/^#        /       /p' "$0" >&2
	exit 2
}
while [ $# -gt 1 ]; do
	case $1 in
	--idle) IDLE=$2 ;;
	--window) WINDOW=$2 ;;
	*) usage ;;
	esac
	shift 2
done
if ! [ $# -eq 1 ] || ! [ -x "$1" ] || ! [[ $IDLE =~ ^[0-9]+$ ]] || ! [[ $WINDOW =~ ^[0-9]+$ ]]; then
	usage
fi
if [ "$(id -u)" != 0 ]; then
	echo "peers: needs root (network namespaces, apt-get): sudo $0 $*" >&2
	exit 1
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")

# --- the peers' packages ----------------------------------------------------------------------

peers_install() {
	local missing=() p policy=/usr/sbin/policy-rc.d added=0
	for p in inadyn ddclient; do
		dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^.i' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "peers: installing ${missing[*]} (services kept from starting)" >&2
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\n# added by ddnsd bench/peers.sh for one install\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		added=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get -q -y --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
		install "${missing[@]}" >&2
	p=$?
	[ "$added" = 1 ] && rm -f "$policy"
	# Never left enabled: the benchmark runs them itself, in its namespace only.
	for s in ddclient inadyn; do
		systemctl disable "$s.service" >/dev/null 2>&1
		update-rc.d "$s" disable >/dev/null 2>&1
	done
	return "$p"
}
peers_install || {
	echo "peers: could not install inadyn and ddclient" >&2
	exit 1
}

lib_init peers
# Name look-ups inside gw (inadyn resolves its host name at start-up) go to the mock's address,
# where nothing answers on port 53: `ip netns exec` mounts this file over /etc/resolv.conf.
NETNS_ETC=/etc/netns/${NS_PREFIX}gw
NETNS_PARENT_MADE=
[ -d /etc/netns ] || NETNS_PARENT_MADE=1
peers_exit() {
	local rc=$?
	rm -rf "$NETNS_ETC"
	[ -z "$NETNS_PARENT_MADE" ] || rmdir /etc/netns 2>/dev/null
	(exit "$rc")
	lib_cleanup
}
trap peers_exit EXIT
mkdir -p "$NETNS_ETC" && echo "nameserver 192.0.2.1" >"$NETNS_ETC/resolv.conf"
TICK=$(getconf CLK_TCK)
USER_NAME=bench@example.com
PASS=peers-bench-$$
HOSTS="ddnsd inadyn ddclient"

# --- topology, mock ---------------------------------------------------------------------------
#   isp  lo 192.0.2.1 = mock_dyndns.py :443;  to-gw 198.51.100.1/24
#   gw   wan0 198.51.100.7/24 (then .9, .11 ...), default via 198.51.100.1

ns_add isp gw || exit 1
veth isp to-gw gw wan0
nsip isp addr add 192.0.2.1/32 dev lo
nsip isp addr add 198.51.100.1/24 dev to-gw
nsip gw addr add 198.51.100.7/24 dev wan0
nsip gw route add default via 198.51.100.1
make_certs "$WORK/pki" api.example.test 192.0.2.1 || exit 1
CA=$WORK/pki/ca.pem
MLOG=$WORK/mock.jsonl
: >"$MLOG"
spawn isp "$WORK/mock.out" "$PY" "$NETNS_DIR/mock_dyndns.py" --listen 192.0.2.1 --port 443 \
	--cert "$WORK/pki/server.pem" --key "$WORK/pki/server.key" --log "$MLOG" \
	--user "$USER_NAME" --password "$PASS" --nochg-abuse 0 \
	--host ddnsd.example.com --host inadyn.example.com --host ddclient.example.com
wait_for 10 grep -q '^listening' "$WORK/mock.out" || {
	echo "peers: the mock did not start" >&2
	exit 1
}
m_admin() {
	local body=()
	[ -z "${3:-}" ] || body=(-H 'Content-Type: application/json' --data "$3")
	nsx isp curl -sS --max-time 5 --cacert "$CA" -X "$1" "${body[@]}" "https://192.0.2.1/_admin/$2"
}
wan4() {
	nsip gw -batch - <<EOF
addr del $1/24 dev wan0
addr add $2/24 dev wan0
route add default via 198.51.100.1
EOF
}

# --- the three clients, as their documentation sets them up ---------------------------------

mkdir -p "$WORK/ddnsd" "$WORK/inadyn" "$WORK/ddclient"
install -m 600 /dev/null "$WORK/ddnsd/ddnsd.conf"
cat >"$WORK/ddnsd/ddnsd.conf" <<EOF
[agent]
state-dir = $WORK/ddnsd/state
runtime-dir = $WORK/ddnsd/run
ca-file = $CA

[provider noip]
type = dyndns2
server = https://192.0.2.1/nic/update
username = $USER_NAME
password = $PASS

[record home]
name = ddnsd.example.com
provider = noip
ipv6 = off
EOF
# inadyn: a custom dyndns2 server (the mock), the address of wan0, the test CA.
install -m 600 /dev/null "$WORK/inadyn/inadyn.conf"
cat >"$WORK/inadyn/inadyn.conf" <<EOF
iface = wan0
ca-trust-file = $CA
custom mock {
    ssl = true
    username = $USER_NAME
    password = $PASS
    ddns-server = 192.0.2.1
    ddns-path = "/nic/update?hostname=%h&myip=%i"
    hostname = inadyn.example.com
}
EOF
# ddclient: Debian's daemon interval (5m, /etc/default/ddclient), the address of wan0.
install -m 600 /dev/null "$WORK/ddclient/ddclient.conf"
cat >"$WORK/ddclient/ddclient.conf" <<EOF
ssl=yes
ssl_ca_file=$CA
usev4=ifv4, ifv4=wan0
protocol=dyndns2
server=192.0.2.1
login=$USER_NAME
password='$PASS'
ddclient.example.com
EOF

declare -A PID
start_clients() {
	local tag=$1
	spawn gw "$WORK/ddnsd/$tag.log" "$BIN" -c "$WORK/ddnsd/ddnsd.conf" run
	PID[ddnsd]=$SPAWNED
	spawn gw "$WORK/inadyn/$tag.log" inadyn -n -l info -f "$WORK/inadyn/inadyn.conf" \
		--cache-dir "$WORK/inadyn/cache" -P "$WORK/inadyn/pid"
	PID[inadyn]=$SPAWNED
	spawn gw "$WORK/ddclient/$tag.log" ddclient -foreground -daemon 300 -verbose \
		-file "$WORK/ddclient/ddclient.conf" -cache "$WORK/ddclient/cache" \
		-pid "$WORK/ddclient/pid"
	PID[ddclient]=$SPAWNED
}
stop_clients() { stop_pids "${PID[@]}"; }

# m_reqs HOST [SINCE]: the mock's requests for HOST.example.com after time SINCE, as
# "T STATUS WORD PATH".
m_reqs() {
	"$PY" -c 'import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    # strictly after: a time printed to the microsecond may read back just below itself
    if r.get("host") == sys.argv[2] + ".example.com" and r["t"] > float(sys.argv[3]) + 1e-5:
        print("%.6f" % r["t"], r["status"], (r.get("reply") or "-").split()[0], r["path"])' \
		"$MLOG" "$1" "${2:-0}"
}
m_count() { m_reqs "$@" | wc -l; }
# first_with HOST ADDR SINCE: the time of the first request for HOST carrying ADDR.
first_with() { m_reqs "$1" "$3" | awk -v a="myip=$2" 'index($4, a) { print $1; exit }'; }
now_s() { local t; now_us t; printf '%d.%06d' $((t / 1000000)) $((t % 1000000)); }

# proc_read PID: CPU ms, voluntary + involuntary context switches, RSS kB, private kB (the
# process and its children: ddclient and inadyn fork helpers).
proc_read() {
	local pids=("$1") p k v rest stat cpu=0 vcsw=0 rss=0 priv=0
	mapfile -t -O 1 pids < <(pgrep -P "$1")
	for p in "${pids[@]}"; do
		[ -r "/proc/$p/stat" ] || continue
		read -r stat <"/proc/$p/stat"
		stat=${stat##*) }
		read -r -a f <<<"$stat"
		cpu=$((cpu + (f[11] + f[12]) * 1000 / TICK))
		while read -r k v rest; do
			case $k in
			VmRSS:) rss=$((rss + v)) ;;
			voluntary_ctxt_switches:) vcsw=$((vcsw + v)) ;;
			esac
		done <"/proc/$p/status"
		while read -r k v rest; do
			case $k in Private_Clean: | Private_Dirty:) priv=$((priv + v)) ;; esac
		done <"/proc/$p/smaps_rollup"
	done
	echo "$cpu $vcsw $rss $priv"
}

# --- 1. start, first sync, idle ---------------------------------------------------------------


start_clients run1
for h in $HOSTS; do
	wait_for 60 eval "[ -n \"\$(first_with $h 198.51.100.7 0)\" ]" ||
		info "$h sent nothing within 60 s: $(tail -n 3 "$WORK/$h/run1.log" | tr '\n' '|')"
done
sleep 5
declare -A I0 I1 STARTUP IDLE_REQ
for h in $HOSTS; do
	STARTUP[$h]=$(m_count "$h")
	I0[$h]=$(proc_read "${PID[$h]}")
done
T_IDLE=$(now_s)
info "idle for $IDLE s"
sleep "$IDLE"
for h in $HOSTS; do
	I1[$h]=$(proc_read "${PID[$h]}")
	IDLE_REQ[$h]=$(m_count "$h" "$T_IDLE")
done

# --- 2. a WAN change ------------------------------------------------------------------------

declare -A REACT
T_CHANGE=$(now_s)
wan4 198.51.100.7 198.51.100.9
info "WAN change; waiting up to $WINDOW s for the three"
wait_for "$WINDOW" eval '[ -n "$(first_with ddnsd 198.51.100.9 0)" ] &&
	[ -n "$(first_with inadyn 198.51.100.9 0)" ] && [ -n "$(first_with ddclient 198.51.100.9 0)" ]'
for h in $HOSTS; do
	t=$(first_with "$h" 198.51.100.9 "$T_CHANGE")
	REACT[$h]=$([ -n "$t" ] && awk -v a="$t" -v b="$T_CHANGE" 'BEGIN { printf "%.1f", a - b }' || echo "> $WINDOW")
done
sleep 2

# --- 3. 911 -------------------------------------------------------------------------------------

declare -A R911 T911
for h in $HOSTS; do
	m_admin POST fault '{"count":1,"reply":"911","path":"hostname='"$h"'.example.com"}' >/dev/null
done
T_F=$(now_s)
wan4 198.51.100.9 198.51.100.11
info "911 armed and a WAN change; waiting for the three to get it, then $WINDOW s"
got911() { m_reqs "$1" "$T_F" | awk '$3 == "911" { print $1; exit }'; }
wait_for "$WINDOW" eval '[ -n "$(got911 ddnsd)" ] && [ -n "$(got911 inadyn)" ] && [ -n "$(got911 ddclient)" ]'
sleep "$WINDOW"
for h in $HOSTS; do
	T911[$h]=$(got911 "$h")
	if [ -n "${T911[$h]}" ]; then
		# Requests within WINDOW s of the client's own 911.
		end=$(awk -v a="${T911[$h]}" -v w="$WINDOW" 'BEGIN { printf "%.3f", a + w }')
		R911[$h]=$(m_reqs "$h" "${T911[$h]}" | awk -v e="$end" '$1 <= e' | wc -l)
		first=$(m_reqs "$h" "${T911[$h]}" | awk 'NR == 1 { print $1 }')
		[ -n "$first" ] && R911[$h]="${R911[$h]} (first after $(awk -v a="$first" -v b="${T911[$h]}" 'BEGIN { printf "%.0f", a - b }') s)"
	else
		R911[$h]="(no request got 911)"
	fi
done

# --- 4. badauth: restarted (ddnsd's 911 wait would hide it), then one more WAN change -------------

stop_clients
m_admin GET violations >"$WORK/violations-1.json"
m_admin POST reset >/dev/null
declare -A RBAD
for h in $HOSTS; do
	m_admin POST fault '{"count":1,"reply":"badauth","path":"hostname='"$h"'.example.com"}' >/dev/null
done
T_B=$(now_s)
start_clients run2
# (ddclient waits min-error-interval, 5 minutes, after a failed update before it tries again)
wait_for "$WINDOW" eval '[ "$(m_reqs ddnsd "$T_B" | grep -c badauth)" -ge 1 ] &&
	[ "$(m_reqs inadyn "$T_B" | grep -c badauth)" -ge 1 ] && [ "$(m_reqs ddclient "$T_B" | grep -c badauth)" -ge 1 ]'
sleep 70
wan4 198.51.100.11 198.51.100.13
info "badauth answered and a WAN change; watching $WINDOW s"
sleep "$WINDOW"
for h in $HOSTS; do
	tb=$(m_reqs "$h" "$T_B" | awk '$3 == "badauth" { print $1; exit }')
	if [ -n "$tb" ]; then
		RBAD[$h]=$(m_count "$h" "$tb")
	else
		RBAD[$h]="(no request got badauth)"
	fi
done
stop_clients

# --- report --------------------------------------------------------------------------------------

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { n = "^[0-9]+(\\.[0-9]+)?$"
		if (a !~ n || b !~ n || b + 0 == 0) print "-"; else printf "%.1f×\n", a / b }'
}
declare -A CPU WK RSS PRIV
for h in $HOSTS; do
	read -r c0 v0 _ _ <<<"${I0[$h]}"
	read -r c1 v1 r1 p1 <<<"${I1[$h]}"
	CPU[$h]=$((c1 - c0)) WK[$h]=$((v1 - v0)) RSS[$h]=$r1 PRIV[$h]=$p1
done
echo "### ddnsd, inadyn and ddclient against one dyndns2 mock"
echo
echo "\`bench/peers.sh --idle $IDLE --window $WINDOW $1\` — $(date -u '+%Y-%m-%d %H:%M UTC');" \
	"$(nproc) CPUs, Linux $(uname -r); $("$BIN" --version 2>&1 | head -n 1)," \
	"inadyn $(dpkg-query -W -f='${Version}' inadyn), ddclient $(dpkg-query -W -f='${Version}' ddclient)"
echo
echo "| | ddnsd | inadyn | ddclient | inadyn / ddnsd | ddclient / ddnsd |"
echo "|---|---|---|---|---|---|"
row() {
	printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" "$(ratio "$3" "$2")" "$(ratio "$4" "$2")"
}
row "reaction to a WAN change (s)" "${REACT[ddnsd]}" "${REACT[inadyn]}" "${REACT[ddclient]}"
row "CPU time over $IDLE s idle (ms)" "${CPU[ddnsd]}" "${CPU[inadyn]}" "${CPU[ddclient]}"
row "wake-ups over $IDLE s idle (voluntary context switches)" "${WK[ddnsd]}" "${WK[inadyn]}" "${WK[ddclient]}"
row "RSS (kB)" "${RSS[ddnsd]}" "${RSS[inadyn]}" "${RSS[ddclient]}"
row "private memory (kB)" "${PRIV[ddnsd]}" "${PRIV[inadyn]}" "${PRIV[ddclient]}"
row "requests at start-up" "${STARTUP[ddnsd]}" "${STARTUP[inadyn]}" "${STARTUP[ddclient]}"
row "requests over $IDLE s idle" "${IDLE_REQ[ddnsd]}" "${IDLE_REQ[inadyn]}" "${IDLE_REQ[ddclient]}"
printf '| requests within %s s after its 911 (the service asks for none in 30 min) | %s | %s | %s | | |\n' "$WINDOW" "${R911[ddnsd]}" "${R911[inadyn]}" "${R911[ddclient]}"
printf '| requests within %s s after its badauth, across a WAN change (the service asks for none) | %s | %s | %s | | |\n' \
	"$((WINDOW + 70))" "${RBAD[ddnsd]}" "${RBAD[inadyn]}" "${RBAD[ddclient]}"
echo
echo "Mock violations (requests a careful client never sends):"
echo
m_admin GET violations >"$WORK/violations-2.json"
"$PY" -c 'import json, sys
from collections import Counter
c = Counter((v["name"].split(".")[0], v["kind"]) for f in sys.argv[1:] for v in json.load(open(f)))
print("\n".join("- %s: %d %s" % (h, n, k) for (h, k), n in sorted(c.items())) or "- none")' \
	"$WORK/violations-1.json" "$WORK/violations-2.json"
