#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# shellcheck disable=SC2317 # helpers are called through wait_for
# Uplinks end to end, in `run` mode: multi-WAN failover by carrier, a gap on a link with carrier
# (no failover), DAD waited for (no failover) and a DAD failure (failover at once), and a
# point-to-point WAN (a tun device as PPPoE would be: the record carries the local address,
# never the peer). Lookups and writes are counted after every step.
#
#       isp  to-gw 198.51.100.1/24, 2001:db8:1::1/64,     to-lte 203.0.113.1/24, 2001:db8:2::1/64
#                  fe80::1 (the IPv6 router)
#       gw   wan0  198.51.100.7/24, 2001:db8:1::7/64      lte0   203.0.113.9/24, 2001:db8:2::9/64
#            ppp0  tun, 192.0.2.6N peer 192.0.2.25N, default route over it (part 5)
#            default via fe80::1 dev wan0 (IPv6)
# Records: multi (ipv4 and ipv6 = interface:wan0,lte0), home (ipv6 = auto, ipv4 off), ptp (ipv4 =
# auto, ipv6 off).
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
# shellcheck source=tests/netns/lib_real.sh
. "$(dirname "$0")/lib_real.sh"
lib_init wan
now_us t_all
real_setup wan wan

veth isp to-lte gw lte0
nsip isp addr add 198.51.100.1/24 dev to-gw
nsip isp -6 addr add 2001:db8:1::1/64 dev to-gw nodad
nsip isp -6 addr add fe80::1/64 dev to-gw nodad
nsip isp addr add 203.0.113.1/24 dev to-lte
nsip isp -6 addr add 2001:db8:2::1/64 dev to-lte nodad
nsip gw addr add 198.51.100.7/24 dev wan0
nsip gw -6 addr add 2001:db8:1::7/64 dev wan0 nodad
nsip gw addr add 203.0.113.9/24 dev lte0
nsip gw -6 addr add 2001:db8:2::9/64 dev lte0 nodad
nsip gw -6 route add default via fe80::1 dev wan0

CONF=$WORK/wan.conf
real_conf "$CONF"
record "$CONF" multi multi.example.com ipv4=interface:wan0,lte0 ipv6=interface:wan0,lte0
record "$CONF" home home.example.com ipv4=off ipv6=auto
record "$CONF" ptp ptp.example.com ipv4=auto ipv6=off
held() { [ "$(m_content A multi.example.com) $(m_content AAAA multi.example.com)" = "$1 $2" ]; }

marks
start_agent run -c "$CONF" -v run
check wan.first-sync "multi holds '$(m_content A multi.example.com) $(m_content AAAA multi.example.com)'; log: $(log_tail 3)" \
	wait_for 10 held 198.51.100.7 2001:db8:1::7
check wan.first-sync-auto "home holds '$(m_content AAAA home.example.com)'" \
	wait_for 5 eval '[ "$(m_content AAAA home.example.com)" = 2001:db8:1::7 ]'

# --- 1. carrier loss moves at once, carrier back returns: five times ------------------------------

for i in 1 2 3 4 5; do
	m_wait_idle
	marks
	ev_mark
	nsip isp link set to-gw down # wan0 loses carrier; its addresses stay
	if wait_for 5 held 203.0.113.9 2001:db8:2::9; then
		pass "wan.carrier-loss-$i"
	else
		fail "wan.carrier-loss-$i" "multi did not move to lte0; log: $(log_tail 3)"
	fi
	sleep 0.3
	t=$(ev_time 'wan0.*NO-CARRIER')
	react failover-carrier-loss "$t" 203.0.113.9
	ms=$(awk -v a="$t" -v b="$(write_time 203.0.113.9)" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
	check "wan.carrier-loss-$i-at-once" "the move took $ms ms (a hold would be ${ms} >= 2000)" \
		test "${ms:-99999}" -lt 2000
	check "wan.carrier-loss-$i-count" "want 2 writes (A, AAAA to lte0) and no lookup, got $(m_writes) writes, $(web_count) lookups" \
		test "$(m_writes):$(m_count "$(w_of 203.0.113.9)"):$(m_count "$(w_of 2001:db8:2::9)"):$(web_count)" = 2:1:1:0

	m_wait_idle
	marks
	ev_mark
	nsip isp link set to-gw up
	if wait_for 5 held 198.51.100.7 2001:db8:1::7; then
		pass "wan.carrier-back-$i"
	else
		fail "wan.carrier-back-$i" "multi did not return to wan0; log: $(log_tail 3)"
	fi
	sleep 0.3
	react failover-carrier-back "$(ev_time 'wan0.*<BROADCAST,MULTICAST,UP,LOWER_UP>')" 198.51.100.7
	check "wan.carrier-back-$i-count" "want 2 writes (A, AAAA to wan0), got $(m_writes)" \
		test "$(m_writes)" = 2
done
# (to-gw's own IPv6 addresses went with its link; put the router's back)
nsip isp -6 addr replace 2001:db8:1::1/64 dev to-gw nodad
nsip isp -6 addr replace fe80::1/64 dev to-gw nodad

# --- 2. a gap on a link with carrier: no failover -------------------------------------------------

m_wait_idle
marks
ev_mark
nsip gw addr del 198.51.100.7/24 dev wan0
sleep 1.5 # as long as a DHCP client would take, well inside the hold
nsip gw addr add 198.51.100.8/24 dev wan0
wait_for 10 held 198.51.100.8 2001:db8:1::7
sleep 1.2
react gap-with-carrier "$(ev_time 'inet 198\.51\.100\.8/')" 198.51.100.8
m_show
check wan.gap-count "want 1 write (198.51.100.8) and no lookup, got $(m_writes) writes ($(m_count "$(w_of 203.0.113.9)") to lte0), $(web_count) lookups" \
	test "$(m_writes):$(m_count "$(w_of 198.51.100.8)"):$(web_count)" = 1:1:0
check wan.gap-logged "the log does not say it waited for wan0" \
	in_log 'multi.example.com A: waiting for wan0: it still has carrier but lost its IPv4 address'

# --- 3. DAD is waited for: no failover, no web lookup while the new address is tentative ------------

m_wait_idle
marks
ev_mark
nsip gw -batch - <<EOF
addr del 2001:db8:1::7/64 dev wan0
addr add 2001:db8:1::17/64 dev wan0
EOF
is_tentative gw wan0 2001:db8:1::17 && info "2001:db8:1::17 is tentative"
wait_for 10 held 198.51.100.8 2001:db8:1::17
sleep 1.2
t_tent=$(ev_time 'inet6 2001:db8:1::17/64 .*tentative')
t_done=$(ev_time 'inet6 2001:db8:1::17/64 (?!.*tentative)')
[ -n "$t_tent" ] && [ -n "$t_done" ] &&
	info "DAD of 2001:db8:1::17 took $(awk -v a="$t_tent" -v b="$t_done" 'BEGIN { printf "%.0f", (b - a) * 1000 }') ms"
react dad-wait "$t_done" 2001:db8:1::17
m_show
check wan.dad-wait-count "want 2 writes of 2001:db8:1::17 (multi, home), none to lte0, no lookup; got $(m_writes) writes ($(m_count "$(w_of 2001:db8:2::9)") to lte0), $(web_count) lookups" \
	test "$(m_writes):$(m_count "$(w_of 2001:db8:1::17)"):$(web_count)" = 2:2:0
check wan.dad-wait-logged "the log does not say both records waited for DAD" \
	eval "in_log 'multi.example.com AAAA: waiting for wan0: its IPv6 address is tentative' &&
		in_log 'home.example.com AAAA: waiting for wan0: its IPv6 address is tentative'"

# --- 4. a DAD failure moves to the next interface, and auto to the web, at once -------------------

m_wait_idle
nsip isp -6 addr add 2001:db8:1::27/64 dev to-gw nodad # the ISP's router already has it
marks
ev_mark
nsip gw -batch - <<EOF
addr del 2001:db8:1::17/64 dev wan0
addr add 2001:db8:1::27/64 dev wan0
EOF
wait_for 10 held 198.51.100.8 2001:db8:2::9
sleep 0.5
t_fail=$(ev_time 'inet6 2001:db8:1::27/64 .*dadfailed')
react dad-failure "$t_fail" 2001:db8:2::9
ms=$(awk -v a="$t_fail" -v b="$(write_time 2001:db8:2::9)" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
m_show
check wan.dad-failure-at-once "AAAA moved to lte0 $ms ms after the DAD failure (want < 1000; a gap hold would be 8 s)" \
	test -n "$t_fail" -a "${ms:-99999}" -lt 1000
check wan.dad-failure-count "want 1 write (2001:db8:2::9) and auto's one web lookup, got $(m_writes) writes, $(web_count) lookups" \
	test "$(m_writes):$(m_count "$(w_of 2001:db8:2::9)"):$(web_count)" = 1:1:1
t_web=$(tail -n +$((MOCK_MARK + 1)) "$MOCK_LOG" | "$PY" -c 'import json, sys
for l in sys.stdin:
    print(json.loads(l)["t"]); break')
ms=$(awk -v a="$t_fail" -v b="$t_web" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
info "auto asked the web $ms ms after the DAD failure"
check wan.dad-failure-web-at-once "auto asked the web $ms ms after the DAD failure (want < 1000)" \
	test -n "$t_web" -a "${ms:-99999}" -lt 1000

# --- 5. a point-to-point WAN: the local address, never the peer ----------------------------------

# A tun device has carrier while a process holds it open; it is IFF_POINTOPOINT.
spawn gw "$WORK/tun.out" "$PY" -c 'import fcntl, os, signal, struct
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", b"ppp0", 0x1001))  # TUNSETIFF: IFF_TUN|IFF_NO_PI
print("ready", flush=True)
signal.pause()'
wait_for 5 grep -q ready "$WORK/tun.out" || fail wan.ptp-setup "no tun device: $(cat "$WORK/tun.out")"
nsip gw link set ppp0 up
check wan.ptp-pointopoint "ppp0 is not point-to-point: $(nsip gw -br link show ppp0)" \
	eval 'nsip gw link show ppp0 | grep -q POINTOPOINT'
OLD=
for i in 1 2 3 4 5; do
	L=192.0.2.6$i P=192.0.2.25$i
	m_wait_idle
	marks
	ev_mark
	# a new session: the old addresses go (taking the default route), the new ones come
	{
		[ -z "$OLD" ] || echo "addr del $OLD dev ppp0"
		echo "addr add $L peer $P/32 dev ppp0"
		echo "route add default dev ppp0"
	} | nsip gw -batch -
	OLD="$L peer $P/32"
	if wait_for 5 eval '[ "$(m_content A ptp.example.com)" = "$L" ]'; then
		pass "wan.ptp-$i"
	else
		fail "wan.ptp-$i" "ptp holds '$(m_content A ptp.example.com)', want $L (peer $P); log: $(log_tail 3)"
	fi
	sleep 0.3
	react ptp-session "$(ev_time '^default dev ppp0')" "$L"
	check "wan.ptp-$i-count" "want 1 write ($L), got $(m_writes) writes, $(web_count) lookups" \
		test "$(m_writes):$(m_count "$(w_of "$L")"):$(web_count)" = 1:1:0
done
peers=$(m_all | awk '($2 == "PATCH" || $2 == "POST") && $5 ~ /192\.0\.2\.25[0-9]$/' | wc -l)
check wan.ptp-never-peer "a peer address was written $peers times" test "$peers" = 0

stop_agent "$APID" 8
check wan.sigterm "run exited $RC" test "$RC" = 0
react_summary
info "whole test took $(secs_since "$t_all") s"
finish
