#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# `make demo` (interim, until the update engine exists): a throw-away gateway in network
# namespaces whose ISP changes the WAN IPv4 address and the delegated IPv6 prefix a few times;
# after each change `ddnsd detect` shows what it would publish. Cleans up after itself.
#
#   isp (lo: 192.0.2.1, 2001:db8:ffff::1 = HTTPS "what is my IP" mock)
#    | to-gw: 198.51.100.1/24 203.0.113.1/24 fe80::1      routes 2001:db8::/36 -> gw
#   gw  wan0: the WAN address and a /64 of the delegated prefix; default routes to isp
#       lan0: a /64 of the delegated prefix (the NAS record adds ::1234 to it)
#    | eth0
#   lan
# usage: tests/netns/demo.sh BINARY
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 BINARY   (the ddnsd binary, e.g. build/ddnsd; ${1:-nothing} is not executable)" >&2
	exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
lib_init demo
now_us T0
STEP=0

if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD='' PLAIN=''; fi
say() { printf '\n%s=== %s ===%s\n' "$BOLD" "$*" "$PLAIN"; }
run() { # show a command, then run it inside gw
	echo "  # $*"
	nsip gw "$@"
}
show() {
	echo "  gw addresses:"
	nsip gw -br addr show dev wan0 | sed 's/^/    /'
	nsip gw -br addr show dev lan0 | sed 's/^/    /'
	echo "  \$ ddnsd -c demo.conf detect"
	agent_in gw "$WORK/out" "$WORK/err" "$BIN" -c "$WORK/demo.conf" detect
	local rc=$?
	sed 's/^/    /' "$WORK/out"
	if [ "$rc" != 0 ]; then
		echo "  (ddnsd exited with status $rc)"
		tail -n 5 "$WORK/err" | sed 's/^/    ! /'
	fi
}
step() {
	STEP=$((STEP + 1))
	say "Step $STEP: $*"
}

say "Setting up a throw-away gateway in network namespaces ($(ns gw), $(ns isp), $(ns lan))"
ns_add isp gw lan || exit 1
veth isp to-gw gw wan0
veth gw lan0 lan eth0
nsip isp addr add 192.0.2.1/32 dev lo
nsip isp addr add 2001:db8:ffff::1/128 dev lo
nsip isp addr add 198.51.100.1/24 dev to-gw
nsip isp addr add 203.0.113.1/24 dev to-gw
nsip isp addr add fe80::1/64 dev to-gw nodad
nsip gw addr add fe80::2/64 dev wan0 nodad
nsip isp -6 route add 2001:db8::/36 via fe80::2 dev to-gw
make_certs "$WORK/pki" web.ddnsd.test 192.0.2.1 2001:db8:ffff::1 || exit 1
mock_start isp 192.0.2.1 2001:db8:ffff::1 || exit 1

cat >"$WORK/demo.conf" <<EOF
[agent]
ca-file = $WORK/pki/ca.pem
state-dir = $WORK/state
runtime-dir = $WORK/run
web-ipv4 = https://192.0.2.1/ip
web-ipv6 = https://[2001:db8:ffff::1]/ip

[provider demo]
type = cloudflare
token = demo-token-never-used
endpoint = https://192.0.2.1/client/v4

; the gateway itself: whatever its WAN has
[record home]
name = home.example.test
provider = demo
zone = example.test
ipv4 = auto
ipv6 = auto

; a NAS on the LAN: the LAN /64 with a fixed host part
[record nas]
name = nas.example.test
provider = demo
zone = example.test
ipv4 = off
ipv6 = interface:lan0
ipv6-suffix = ::1234

; as a host behind NAT would learn it: ask the web
[record viaweb]
name = web.example.test
provider = demo
zone = example.test
ipv4 = web:https://192.0.2.1/ip
ipv6 = web:https://[2001:db8:ffff::1]/trace
EOF
chmod 600 "$WORK/demo.conf"
echo "  configuration:"
grep -v -e '^$' -e '^ca-file\|^state-dir\|^runtime-dir' "$WORK/demo.conf" | sed 's/^/    /'

step "the gateway comes up: 198.51.100.10, delegated prefix 2001:db8:1::/48"
run addr add 198.51.100.10/24 dev wan0
run route add default via 198.51.100.1
run -6 addr add 2001:db8:1::10/64 dev wan0 nodad
run -6 addr add 2001:db8:1:5::1/64 dev lan0 nodad
run -6 route add default via fe80::1 dev wan0
show

step "the ISP hands out a new IPv4 address (198.51.100.10 -> 198.51.100.23)"
run addr del 198.51.100.10/24 dev wan0
run addr add 198.51.100.23/24 dev wan0
run route replace default via 198.51.100.1
show

step "the ISP delegates a new IPv6 prefix (2001:db8:1::/48 -> 2001:db8:2::/48); the old one is deprecated"
run -6 addr change 2001:db8:1::10/64 dev wan0 preferred_lft 0 valid_lft 600
run -6 addr change 2001:db8:1:5::1/64 dev lan0 preferred_lft 0 valid_lft 600
run -6 addr add 2001:db8:2::10/64 dev wan0 nodad
run -6 addr add 2001:db8:2:5::1/64 dev lan0 nodad
show

step "the ISP moves the gateway to another IPv4 subnet (203.0.113.45, gateway 203.0.113.1)"
run addr flush dev wan0 scope global to 198.51.100.0/24
run addr add 203.0.113.45/24 dev wan0
run route replace default via 203.0.113.1
show

step "the WAN link goes down (nothing to publish: records are left as they are)"
run link set wan0 down
show

step "the link comes back with yet another prefix (2001:db8:3::/48); old prefixes removed"
run link set wan0 up
run addr flush dev lan0 scope global
run -6 addr add fe80::2/64 dev wan0 nodad
run -6 addr add 2001:db8:3::10/64 dev wan0 nodad
run -6 addr add 2001:db8:3:5::1/64 dev lan0 nodad
run route replace default via 203.0.113.1
run -6 route replace default via fe80::1 dev wan0
show

say "Done in $(secs_since "$T0") s; removing the namespaces"
