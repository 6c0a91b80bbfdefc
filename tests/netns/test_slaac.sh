#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# SLAAC end to end: radvd advertises a prefix, the gateway's WAN takes a stable (EUI-64) and a
# temporary address from it (use_tempaddr = 2) and its default route from the RA. Five times the
# ISP renumbers: the old prefix is advertised with preferred lifetime 0, a new one with 300 s.
# The AAAA record (ipv6 = auto) follows to the new stable address, a temporary address is never
# published, and the gap (the old address deprecated at once, the new one announced only after
# its DAD) is no change: no web lookup.
#
#       isp  to-gw: fe80::1 (link-local only), radvd: 2001:db8:1N::/64, RAs every 3-4 s
#       gw   wan0: SLAAC, accept_ra = 2 (a router), use_tempaddr = 2, default route from the RA
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
# shellcheck source=tests/netns/lib_real.sh
. "$(dirname "$0")/lib_real.sh"
lib_init slaac
now_us t_all
real_setup slaac slaac radvd

sysctl_in isp net.ipv6.conf.all.forwarding=1
nsip isp -6 addr add fe80::1/64 dev to-gw nodad
sysctl_in gw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.wan0.accept_ra=2 \
	net.ipv6.conf.wan0.autoconf=1 net.ipv6.conf.wan0.use_tempaddr=2 \
	net.ipv6.conf.wan0.addr_gen_mode=0

# radvd_conf N [OLD]: advertise 2001:db8:1N::/64, and 2001:db8:1OLD::/64 as deprecated.
radvd_conf() {
	{
		echo "interface to-gw { AdvSendAdvert on; MinRtrAdvInterval 3; MaxRtrAdvInterval 4;"
		echo "  AdvDefaultLifetime 60;"
		echo "  prefix 2001:db8:1$1::/64 { AdvValidLifetime 600; AdvPreferredLifetime 300; };"
		[ -z "${2:-}" ] ||
			echo "  prefix 2001:db8:1$2::/64 { AdvValidLifetime 600; AdvPreferredLifetime 0; };"
		echo "};"
	} >"$WORK/radvd.conf"
}
# stable N: gw's stable (mngtmpaddr) address in 2001:db8:1N::/64, once DAD is done.
stable() {
	nsip gw -6 -o addr show dev wan0 scope global mngtmpaddr -tentative |
		awk -v p="2001:db8:1$1:" '{ sub("/.*", "", $4) } index($4, p) == 1 { print $4; exit }'
}
# temporaries: every temporary address gw has or had, one a line (kept in $WORK/temps).
temporaries() {
	nsip gw -6 -o addr show dev wan0 temporary | awk '{ sub("/.*", "", $4); print $4 }' >>"$WORK/temps"
	sort -u "$WORK/temps"
}
: >"$WORK/temps"

radvd_conf 0
spawn isp "$WORK/radvd.out" radvd -n -C "$WORK/radvd.conf" -p "$WORK/radvd.pid" -m stderr
RADVD=$SPAWNED
if wait_for 15 eval '[ -n "$(stable 0)" ]'; then
	info "first SLAAC address after $WAITED s: $(stable 0)"
else
	fail slaac.setup "no SLAAC address on wan0: $(tail -3 "$WORK/radvd.out" | tr '\n' '|')"
	finish
fi
wait_for 5 eval 'nsip gw -6 -o addr show dev wan0 temporary | grep -q .'
route=$(nsip gw -6 route show default)
check slaac.default-route-from-ra "gw's IPv6 default route is '$route', want one learnt from the RA" \
	eval '[[ $route == *"proto ra"* ]]'

CONF=$WORK/slaac.conf
real_conf "$CONF"
record "$CONF" home home.example.com ipv4=off ipv6=auto
marks
start_agent run -c "$CONF" -v run
S0=$(stable 0)
check slaac.first-sync "the AAAA record holds '$(m_content AAAA home.example.com)', want $S0 (the RA's default route counts); log: $(log_tail 3)" \
	wait_for 10 eval '[ "$(m_content AAAA home.example.com)" = "$S0" ]'
check slaac.first-sync-source "the log does not say the address came from auto:wan0" \
	in_log "home.example.com AAAA: desired $S0 \(auto:wan0\)"

# --- five renumberings --------------------------------------------------------------------------

SEQ=("$S0")
for i in 1 2 3 4 5; do
	m_wait_idle
	marks
	ev_mark
	radvd_conf "$i" $((i - 1))
	kill -HUP "$RADVD" # sends an RA at once
	if wait_for 12 eval '[ -n "$(stable $i)" ] && [ "$(m_content AAAA home.example.com)" = "$(stable $i)" ]'; then
		pass "slaac.renumber-$i"
	else
		fail "slaac.renumber-$i" "want $(stable $i) in AAAA, have '$(m_content AAAA home.example.com)'; log: $(log_tail 3)"
	fi
	NEW=$(stable "$i")
	sleep 1 # a late write (a fallback) would land here
	t_dep=$(ev_time "inet6 2001:db8:1$((i - 1)):.*deprecated")
	t_new=$(ev_time "inet6 $NEW/")
	if [ -n "$t_dep" ] && [ -n "$t_new" ]; then
		info "renumbering $i: wan0 had no preferred global address for $(awk -v a="$t_dep" -v b="$t_new" 'BEGIN { printf "%.0f", (b - a) * 1000 }') ms"
	fi
	react slaac-renumbering "$t_new" "$NEW"
	m_show
	check "slaac.renumber-$i-one-write" "want 1 write of $NEW, got $(m_writes) writes" \
		test "$(m_writes):$(m_count "$(w_of "$NEW")")" = 1:1
	check "slaac.renumber-$i-no-web" "auto asked the web $(web_count) times in the gap" \
		test "$(web_count)" = 0
	SEQ+=("$NEW")
done

# --- temporary addresses are never published ----------------------------------------------------

temps=$(temporaries)
info "temporary addresses seen: $(echo "$temps" | wc -l)"
written=$(m_all | awk '($2 == "PATCH" || $2 == "POST") { print $5 }' | sed 's|.*/||')
leaked=$(grep -Fxf <(echo "$temps") <(echo "$written") | tr '\n' ' ')
check slaac.temporary-never-published "temporary addresses were written: $leaked" \
	test -n "$temps" -a -z "$leaked"
check slaac.writes-in-order "the writes carried '$(echo "$written" | tr '\n' ' ')', want '${SEQ[*]}'" \
	test "$(echo "$written" | tr '\n' ' ')" = "${SEQ[*]} "

stop_agent "$APID" 8
check slaac.sigterm "run exited $RC" test "$RC" = 0
react_summary
info "whole test took $(secs_since "$t_all") s"
finish
