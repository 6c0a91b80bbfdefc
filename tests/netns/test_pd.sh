#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# shellcheck disable=SC2317 # helpers are called through wait_for
# DHCPv6 prefix delegation end to end: kea-dhcp6 delegates a /56 to dhcpcd on the gateway,
# which numbers lan0 with the first /64 of it (::1). A record for a LAN host (ipv6 =
# interface:lan0, ipv6-suffix = ::1234) follows when the delegated prefix changes, five times
# (kea restarted with another pool, dhcpcd told to rebind). dhcpcd adds the new LAN address
# tentative and leaves the old one with its lifetime running out: the record waits for the new
# one's DAD and then moves to it, and never goes back to an old prefix.
#
#       isp  to-gw 2001:db8:ffff::1/64: kea-dhcp6, pd-pool 2001:db8:N00::/56, lifetimes 60/90 s
#       gw   wan0: dhcpcd (IA_PD)      lan0: 2001:db8:N00::1/64 from the delegated prefix
#        | lan0 <-> lan:eth0
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
# shellcheck source=tests/netns/lib_real.sh
. "$(dirname "$0")/lib_real.sh"
lib_init pd
now_us t_all
real_setup pd pd kea-dhcp6 dhcpcd

ns_add lan
veth gw lan0 lan eth0
nsip isp -6 addr add 2001:db8:ffff::1/64 dev to-gw nodad
sysctl_in gw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.wan0.accept_ra=2
# kea gives up when the link-local address it binds to is still tentative
wait_for 5 eval '! nsip isp -6 addr show dev to-gw tentative | grep -q fe80'

# kea_start N: kea-dhcp6 delegating 2001:db8:N00::/56; all its state in $WORK.
kea_start() {
	cat >"$WORK/kea6.json" <<EOF
{ "Dhcp6": {
  "interfaces-config": { "interfaces": [ "to-gw" ], "service-sockets-max-retries": 20,
                         "service-sockets-retry-wait-time": 250 },
  "data-directory": "$WORK",
  "lease-database": { "type": "memfile", "persist": false },
  "server-id": { "type": "LL", "persist": false },
  "renew-timer": 30, "rebind-timer": 45, "preferred-lifetime": 60, "valid-lifetime": 90,
  "subnet6": [ { "id": 1, "subnet": "2001:db8:ffff::/64", "interface": "to-gw",
      "pd-pools": [ { "prefix": "2001:db8:${1}00::", "prefix-len": 56, "delegated-len": 56 } ] } ],
  "loggers": [ { "name": "kea-dhcp6", "output_options": [ { "output": "stdout" } ],
                 "severity": "WARN" } ]
} }
EOF
	spawn isp "$WORK/kea-$1.out" env KEA_PIDFILE_DIR="$WORK" KEA_LOCKFILE_DIR="$WORK" \
		kea-dhcp6 -c "$WORK/kea6.json"
	KEA=$SPAWNED
	wait_for 10 eval "nsx isp ss -Huln | grep -q ':547 '" ||
		fail pd.setup "kea-dhcp6 does not listen: $(tail -2 "$WORK/kea-$1.out" | tr '\n' '|')"
}
kea_stop() { stop_pids "$KEA"; untrack "$KEA"; }
# lan_ok N: lan0 has 2001:db8:N00::1 and DAD is done.
lan_ok() { nsip gw -6 addr show dev lan0 scope global -tentative | grep -q "inet6 2001:db8:${1}00::1/64"; }

# nodev: no udev in a namespace (dhcpcd would wait for it); the hook does nothing.
printf '#!/bin/sh\nexit 0\n' >"$WORK/hook.sh"
chmod 755 "$WORK/hook.sh"
cat >"$WORK/dhcpcd.conf" <<EOF
ipv6only
noipv6rs
nodelay
nodev
duid
interface wan0
  ipv6rs
  ia_pd 1 lan0/0/64/1
EOF

kea_start 1
in_private_run gw "$WORK/dhcpcd.out" dhcpcd -B -d -6 -f "$WORK/dhcpcd.conf" \
	-c "$WORK/hook.sh" wan0 lan0
DHCPCD=$SPAWNED
if wait_for 20 lan_ok 1; then
	info "first delegated prefix on lan0 after $WAITED s"
else
	fail pd.setup "lan0 got no address from a delegated prefix: $(tail -3 "$WORK/dhcpcd.out" | tr '\n' '|')"
	finish
fi

CONF=$WORK/pd.conf
real_conf "$CONF"
record "$CONF" nas nas.example.com ipv4=off ipv6=interface:lan0 ipv6-suffix=::1234
marks
start_agent run -c "$CONF" -v run
check pd.first-sync "the AAAA record holds '$(m_content AAAA nas.example.com)', want 2001:db8:100::1234; log: $(log_tail 3)" \
	wait_for 10 eval '[ "$(m_content AAAA nas.example.com)" = 2001:db8:100::1234 ]'

# --- five prefix changes ------------------------------------------------------------------------

SEQ=(2001:db8:100::1234)
for i in 2 3 4 5 6; do
	NEW=2001:db8:${i}00::1234
	m_wait_idle
	kea_stop
	marks
	ev_mark
	kea_start "$i"
	kill -HUP "$DHCPCD" # rebind: the new server delegates another prefix
	if wait_for 15 eval '[ "$(m_content AAAA nas.example.com)" = "$NEW" ]'; then
		pass "pd.change-$i"
	else
		fail "pd.change-$i" "want $NEW, have '$(m_content AAAA nas.example.com)'; lan0: $(nsip gw -6 -o addr show dev lan0 scope global | awk '{ printf "%s %s; ", $4, $NF }'); log: $(log_tail 3)"
	fi
	sleep 0.5
	t_tent=$(ev_time "inet6 2001:db8:${i}00::1/64 .*tentative")
	t_new=$(ev_time "inet6 2001:db8:${i}00::1/64 (?!.*tentative)")
	if [ -n "$t_tent" ] && [ -n "$t_new" ]; then
		info "prefix change $i: lan0's new address was tentative for $(awk -v a="$t_tent" -v b="$t_new" 'BEGIN { printf "%.0f", (b - a) * 1000 }') ms"
	fi
	react dhcpv6-pd-change "$t_new" "$NEW"
	m_show
	check "pd.change-$i-one-write" "want 1 write of $NEW, got $(m_writes) writes" \
		test "$(m_writes):$(m_count "$(w_of "$NEW")")" = 1:1
	SEQ+=("$NEW")
done

info "lan0 now: $(nsip gw -6 -o addr show dev lan0 scope global | awk '{ printf "%s ", $4 }')"
check pd.old-prefixes-stay "lan0 holds $(nsip gw -6 -o addr show dev lan0 scope global | wc -l) global addresses, want the 6 (dhcpcd leaves old ones to expire)" \
	test "$(nsip gw -6 -o addr show dev lan0 scope global | wc -l)" = 6
written=$(m_all | awk '($2 == "PATCH" || $2 == "POST") { print $5 }' | sed 's|.*/||' | tr '\n' ' ')
check pd.never-back "the writes carried '$written', want '${SEQ[*]} '" test "$written" = "${SEQ[*]} "

stop_agent "$APID" 8
check pd.sigterm "run exited $RC" test "$RC" = 0
react_summary
info "whole test took $(secs_since "$t_all") s"
finish
