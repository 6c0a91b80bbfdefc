#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# DHCPv4 end to end: dnsmasq serves the WAN, dhcpcd on the gateway takes a 2-minute lease (the
# shortest dnsmasq gives), probing each new address with ARP first. Five times the server's reservation changes and dhcpcd rebinds
# (SIGHUP: REQUEST, NAK, DISCOVER, a new address); the A records follow, each old address is
# never written again, and the lease change's gap (old address gone, new one not yet there) is
# no change: no web lookup for `auto`, no write of the second uplink for an interface list.
#
#       isp  to-gw 198.51.100.1/24: dnsmasq (DHCP only), range .100-.150, reservations .61-.65
#        |   to-lte 203.0.113.1/24
#       gw   wan0: dhcpcd (address, default route)     lte0: 203.0.113.9/24 (no default route)
# Records: home (ipv4 = auto), multi (ipv4 = interface:wan0,lte0); IPv6 off.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
# shellcheck source=tests/netns/lib_real.sh
. "$(dirname "$0")/lib_real.sh"
lib_init dhcp4
now_us t_all
real_setup dhcp4 dhcp4 dnsmasq dhcpcd

veth isp to-lte gw lte0
nsip isp addr add 198.51.100.1/24 dev to-gw
nsip isp addr add 203.0.113.1/24 dev to-lte
nsip gw addr add 203.0.113.9/24 dev lte0
MAC=$(nsip gw -br link show dev wan0 | awk '{ print $3 }')

: >"$WORK/dhcp-hosts"
spawn isp "$WORK/dnsmasq.out" dnsmasq -k --conf-file=/dev/null --port=0 --bind-interfaces \
	--interface=to-gw --dhcp-range=198.51.100.100,198.51.100.150,255.255.255.0,2m \
	--dhcp-hostsfile="$WORK/dhcp-hosts" --dhcp-leasefile="$WORK/dnsmasq.leases" \
	--pid-file="$WORK/dnsmasq.pid" --dhcp-authoritative --no-ping --log-dhcp \
	--log-facility="$WORK/dnsmasq.log" --user=root --group=root
DNSMASQ=$SPAWNED
wait_for 5 eval "nsx isp ss -Huln | grep -q ':67 '" || fail dhcp4.setup "dnsmasq does not listen"

# dhcpcd configures the address and the default route itself; the hook does nothing, so
# nothing outside the namespace (resolv.conf) is touched. dhcpcd probes each new address with
# ARP (RFC 5227) before it takes it: wan0 is without IPv4 for about 5 s in each change, the
# gap the agent must sit out (DHCP4_ARP=noarp: a 20 ms gap).
printf '#!/bin/sh\nexit 0\n' >"$WORK/hook.sh"
chmod 755 "$WORK/hook.sh"
printf 'ipv4only\nnodelay\n%s\noption subnet_mask, routers\n' "${DHCP4_ARP-}" >"$WORK/dhcpcd.conf"
in_private_run gw "$WORK/dhcpcd.out" dhcpcd -B -d -4 -f "$WORK/dhcpcd.conf" \
	-c "$WORK/hook.sh" wan0
DHCPCD=$SPAWNED
if wait_for 15 has_addr gw wan0 'inet 198\.51\.100\.1[0-5][0-9]/'; then
	LEASE=$(nsip gw -o -4 addr show dev wan0 | awk '{ sub("/.*", "", $4); print $4 }')
	info "first lease after $WAITED s: $LEASE"
else
	fail dhcp4.setup "no lease on wan0: $(tail -3 "$WORK/dhcpcd.out" | tr '\n' '|')"
	finish
fi

CONF=$WORK/dhcp4.conf
real_conf "$CONF"
record "$CONF" home home.example.com ipv4=auto ipv6=off
record "$CONF" multi multi.example.com ipv4=interface:wan0,lte0 ipv6=off

marks
start_agent run -c "$CONF" -v run
check dhcp4.first-sync "the records hold '$(m_content A home.example.com) $(m_content A multi.example.com)', want $LEASE; log: $(log_tail 3)" \
	wait_for 10 eval '[ "$(m_content A home.example.com) $(m_content A multi.example.com)" = "$LEASE $LEASE" ]'

# --- five lease changes -------------------------------------------------------------------------

SEQ=("$LEASE")
for i in 1 2 3 4 5; do
	NEW=198.51.100.6$i
	OLD=${SEQ[-1]}
	echo "$MAC,$NEW" >"$WORK/dhcp-hosts"
	kill -HUP "$DNSMASQ" # re-reads the reservations
	sleep 0.2
	m_wait_idle
	marks
	ev_mark
	kill -HUP "$DHCPCD" # rebind: the server NAKs the old address, offers the new one
	if wait_for 10 eval '[ "$(m_content A home.example.com) $(m_content A multi.example.com)" = "$NEW $NEW" ]'; then
		pass "dhcp4.change-$i"
	else
		fail "dhcp4.change-$i" "want $NEW in both records, have '$(m_content A home.example.com) $(m_content A multi.example.com)'; wan0: $(nsip gw -o -4 addr show dev wan0 | awk '{ print $4 }'); log: $(log_tail 3)"
	fi
	sleep 1.2 # anything written late (a fallback after the gap) lands in this step
	# The change is complete for the agent once the default route is back (auto needs it).
	t_new=$(ev_time "inet $NEW/")
	t_route=$(ev_time '^default via 198\.51\.100\.1')
	t_del=$(ev_time "^Deleted .*inet $OLD/")
	[[ $t_route > $t_new ]] && t_ev=$t_route || t_ev=$t_new
	if [ -n "$t_del" ] && [ -n "$t_new" ]; then
		info "lease change $i: $OLD -> $NEW; wan0 had no IPv4 address for $(awk -v a="$t_del" -v b="$t_new" 'BEGIN { printf "%.0f", (b - a) * 1000 }') ms"
	fi
	react "dhcpv4-lease-change" "$t_ev" "$NEW"
	m_show
	check "dhcp4.change-$i-writes" "want 2 writes (home, multi) of $NEW, got $(m_writes) writes, $(m_count "$(w_of "$NEW")") of $NEW" \
		test "$(m_writes):$(m_count "$(w_of "$NEW")")" = 2:2
	check "dhcp4.change-$i-no-web" "auto asked the web $(web_count) times in the gap" \
		test "$(web_count)" = 0
	check "dhcp4.change-$i-no-failover" "multi was written with lte0's address in the gap" \
		test "$(m_count "$(w_of 203.0.113.9)")" = 0
	SEQ+=("$NEW")
done

# --- the old addresses never come back ----------------------------------------------------------

sleep 1
got=$(m_all | awk '($2 == "PATCH" || $2 == "POST") { print $5 }' | sed 's|.*/||' | uniq | tr '\n' ' ')
want="${SEQ[*]} "
check dhcp4.old-never-back "the writes carried '$got', want each lease once in order: '$want'" \
	test "$got" = "$want"
check dhcp4.wan0-one-address "wan0 holds $(nsip gw -o -4 addr show dev wan0 | wc -l) IPv4 addresses" \
	test "$(nsip gw -o -4 addr show dev wan0 | wc -l)" = 1
check dhcp4.no-wait-logged "the log has no 'waited ... the limit' line: $(grep -m1 'the limit' "$ALOG")" \
	test "$(grep -c 'the limit' "$ALOG")" = 0

stop_agent "$APID" 8
check dhcp4.sigterm "run exited $RC" test "$RC" = 0
react_summary
info "whole test took $(secs_since "$t_all") s"
finish
