#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2317 # helpers are called through wait_for, check and the EXIT trap
# shellcheck disable=SC2016 # eval'd conditions and awk programs expand later, on purpose
# The Debian package and its service, end to end on this machine:
#   build   `make deb` as nobody with no network (unshare -n), into the scratch directory
#   lint    lintian --pedantic: no error, no warning; the binary's hardening (hardening-check)
#   unit    systemd-analyze security --offline=true --threshold=12 (<= 1.2, no capability, only
#           the network, AF_NETLINK and AF_UNIX left open), then verify once installed
#   install dpkg -i: files, modes, conffile, the ddnsd user, nothing enabled or started; the
#           shipped configuration passes `ddnsd check` as ddnsd and cannot be read by nobody
#   run     the installed binary as ddnsd with no capability (setpriv) in a network namespace
#           against the Cloudflare mock, its token as a systemd credential: first sync, then a
#           WAN address change
#   upgrade reinstall keeps state and configuration mode; remove keeps them; purge removes all
# The package is installed on the host: the test stops before installing (a SKIP) when ddnsd
# is already installed or /etc/ddnsd or /var/lib/ddnsd exist, and purges it at the end, on
# failure and on Ctrl-C too, with the ddnsd user if it made it.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/../netns/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/../netns/lib_agent.sh"

lib_init pkg
now_us t_all

# need TOOL...: all present, or one SKIP line naming the package and a non-zero status.
need() {
	local name=$1 pkg=$2 t
	shift 2
	for t; do
		if ! command -v "$t" >/dev/null; then
			skip "$name" "$t not found (apt-get install $pkg, or make deps)"
			return 1
		fi
	done
}

if ! need pkg.build "debhelper dpkg-dev" dpkg-buildpackage dh dpkg-deb; then
	finish
fi
INSTALLED=0 HOST_CLEAN=0

# dpkg_ ARGS...: dpkg, waiting up to 120 s while another dpkg or apt holds the lock (a shared
# machine); output to $DPKG_LOG.
dpkg_() {
	local i rc
	for ((i = 0; i < 60; i++)); do
		dpkg "$@" >"$DPKG_LOG" 2>&1
		rc=$?
		[ "$rc" != 0 ] && grep -q 'lock' "$DPKG_LOG" || return "$rc"
		sleep 2
	done
	return "$rc"
}

# The EXIT trap: the agent first (userdel refuses a user with processes), then the package,
# then the user this test made, then lib.sh's clean-up with the test's exit status.
pkg_exit() {
	local rc=$?
	stop_pids "${_PIDS[@]}"
	if [ "$INSTALLED" = 1 ]; then
		DPKG_LOG=$WORK/purge-at-exit.log
		dpkg_ --purge ddnsd || info "purge at exit failed: $(tail -n 2 "$DPKG_LOG")"
	fi
	if [ "$HOST_CLEAN" = 1 ]; then
		# Neither existed before the test: what a failed purge left goes too.
		rm -rf /etc/ddnsd /var/lib/ddnsd
		if [ "$USER_EXISTED" = 0 ] && getent passwd ddnsd >/dev/null; then
			userdel ddnsd 2>/dev/null
			getent group ddnsd >/dev/null && groupdel ddnsd 2>/dev/null
		fi
	fi
	(exit "$rc")
	lib_cleanup
}
trap pkg_exit EXIT

# --- build as nobody, with no network ---------------------------------------------------------

VERSION=$(dpkg-parsechangelog -l "$REPO_ROOT/packaging/deb/debian/changelog" -S Version)
ARCH=$(dpkg-architecture -qDEB_HOST_ARCH)
DEBDIR=$WORK/deb
DEB=$DEBDIR/ddnsd_${VERSION}_$ARCH.deb
mkdir -p "$DEBDIR"
chown nobody:nogroup "$DEBDIR"
# As nobody when nobody can read the tree (a clone under /root cannot be): no root needed.
AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env)
who=nobody
if ! "${AS[@]}" test -r "$REPO_ROOT/Makefile" -a -x "$REPO_ROOT/packaging/deb"; then
	AS=(env) who=root
	info "nobody cannot read $REPO_ROOT: building as root"
fi
now_us t
# A new network namespace with only lo (up: the unit tests of the HTTP glue talk to 127.0.0.1).
# In the background, so that a TERM reaches the clean-up at once.
# shellcheck disable=SC2016 # expanded by the inner shell
unshare -n /bin/sh -c 'ip link set lo up && exec "$@"' sh "${AS[@]}" \
	make -C "$REPO_ROOT" --no-print-directory deb DEB_OUT="$DEBDIR" >"$WORK/make-deb.log" 2>&1 &
wait $!
rc=$?
info "make deb (as $who, no network) took $(secs_since "$t") s"
if [ "$rc" != 0 ] || [ ! -f "$DEB" ]; then
	fail pkg.build "make deb failed ($rc): $(tail -n 5 "$WORK/make-deb.log" | tr '\n' ' ')"
	finish
fi
pass pkg.build
check pkg.build-unit-tests "dh_auto_test ran no unit test" \
	grep -q 'TEST   build/tests/test_' "$DEBDIR/build.log"
check pkg.build-no-werror "the package build used -Werror" \
	eval "! grep -q -- '-Werror\( \|$\)' '$DEBDIR/build.log'"
check pkg.build-flags "the compile lines lack dpkg-buildflags' hardening" \
	grep -q -- '-D_FORTIFY_SOURCE=2 .*-fstack-protector-strong.* -c -o build/obj/' "$DEBDIR/build.log"
X=$WORK/x
dpkg-deb -x "$DEB" "$X"
dpkg-deb -e "$DEB" "$X/DEBIAN"

# --- lintian, hardening --------------------------------------------------------------------------

if need pkg.lintian lintian lintian; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env \
		lintian --pedantic "$DEBDIR"/ddnsd_"${VERSION}"_"$ARCH".changes >"$WORK/lintian.log" 2>&1
	info "lintian --pedantic (exit $?):"
	sed 's/^/#   /' "$WORK/lintian.log"
	bad=$(grep -E '^(E|W):' "$WORK/lintian.log" | head -3 | tr '\n' ' ')
	check pkg.lintian "lintian has errors or warnings: $bad" test -z "$bad"
fi
if need pkg.hardening devscripts hardening-check; then
	hardening-check "$X/usr/sbin/ddnsd" >"$WORK/hardening.log" 2>&1
	sed 's/^/#   /' "$WORK/hardening.log"
	for f in "Position Independent Executable" "Stack protected" "Fortify Source functions" \
		"Read-only relocations" "Immediate binding"; do
		name=${f%% *}
		check "pkg.hardening-${name,,}" "hardening-check: $f is not yes" \
			grep -q "^ $f: yes" "$WORK/hardening.log"
	done
fi

# --- the unit ------------------------------------------------------------------------------------

UNIT=$X/lib/systemd/system/ddnsd.service
unit_has() { grep -qx -- "$1" "$UNIT"; }
for line in Type=notify "ExecStart=/usr/sbin/ddnsd run" "ExecStartPre=/usr/sbin/ddnsd check" \
	'ExecReload=/bin/kill -HUP $MAINPID' Restart=on-failure User=ddnsd StateDirectory=ddnsd \
	RuntimeDirectory=ddnsd ConfigurationDirectory=ddnsd CapabilityBoundingSet= \
	AmbientCapabilities= "RestrictAddressFamilies=AF_INET AF_INET6 AF_NETLINK AF_UNIX"; do
	check "pkg.unit-${line%%=*}" "the unit lacks the line '$line'" unit_has "$line"
done
check pkg.unit-watchdog "the unit sets no WatchdogSec=" grep -q '^WatchdogSec=[1-9]' "$UNIT"

if need pkg.security systemd systemd-analyze; then
	# The table is written for a terminal: plain text, no pager, no colour.
	SYSTEMD_COLORS=0 SYSTEMD_PAGER=cat systemd-analyze security --offline=true --threshold=12 \
		--no-pager "$UNIT" >"$WORK/security.log" 2>&1
	rc=$?
	grep -v '^✓' "$WORK/security.log" | sed 's/^/#   /'
	score=$(sed -n 's/.*Overall exposure level for ddnsd.service: \([0-9.]*\).*/\1/p' "$WORK/security.log")
	check pkg.security-threshold "systemd-analyze security exits $rc (score '$score', threshold 12)" \
		test "$rc" = 0
	check pkg.security-score "exposure '$score', want at most 1.2" \
		awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 1.2) }'
	# What stays open is what the agent uses (the network, netlink, sd_notify) and two items
	# no unit of a network daemon avoids (its own root directory; ProtectClock's rtc read).
	open=$(grep '^✗' "$WORK/security.log" | awk '{ print $2 }' |
		grep -vxE 'RestrictAddressFamilies=~AF_(NETLINK|UNIX|\(INET\|INET6\))' |
		grep -vxE 'PrivateNetwork=|IPAddressDeny=|RootDirectory=/RootImage=|DeviceAllow=' |
		tr '\n' ' ')
	check pkg.security-only-network "also open: $open" test -z "$open"
fi

# --- install -------------------------------------------------------------------------------------

# The host must hold nothing of ddnsd's: the purge at the end would take it.
for p in /etc/ddnsd /var/lib/ddnsd; do
	if [ -e "$p" ]; then
		skip pkg.install "$p exists on this machine: the test's purge would remove it"
		finish
	fi
done
if dpkg-query -W -f='${db:Status-Abbrev}' ddnsd 2>/dev/null | grep -q '^.i'; then
	skip pkg.install "ddnsd is installed on this machine; the test will not replace it"
	finish
fi
USER_EXISTED=0
getent passwd ddnsd >/dev/null && USER_EXISTED=1
HOST_CLEAN=1
INSTALLED=1
DPKG_LOG=$WORK/install.log
dpkg_ -i "$DEB"
rc=$?
sed 's/^/#   /' "$WORK/install.log"
check pkg.install "dpkg -i exits $rc" test "$rc" = 0
check pkg.install-says-enable "the postinst does not say how to enable the service" \
	grep -q 'systemctl enable --now ddnsd' "$WORK/install.log"

# mode_is PATH MODE OWNER:GROUP
mode_is() { [ "$(stat -c '%a %U:%G' "$1" 2>/dev/null)" = "$2 $3" ]; }
check pkg.file-binary "/usr/sbin/ddnsd: $(stat -c '%a %U:%G' /usr/sbin/ddnsd 2>&1)" \
	mode_is /usr/sbin/ddnsd 755 root:root
check pkg.file-conf "/etc/ddnsd/ddnsd.conf: $(stat -c '%a %U:%G' /etc/ddnsd/ddnsd.conf 2>&1), want 640 root:ddnsd" \
	mode_is /etc/ddnsd/ddnsd.conf 640 root:ddnsd
check pkg.conffile "ddnsd.conf is not a conffile" \
	eval "dpkg-query -W -f='\${Conffiles}' ddnsd | grep -q '^ /etc/ddnsd/ddnsd.conf '"
missing=
for f in /lib/systemd/system/ddnsd.service /usr/share/man/man8/ddnsd.8.gz \
	/usr/share/man/man5/ddnsd.conf.5.gz /usr/share/doc/ddnsd/README.md.gz \
	/usr/share/doc/ddnsd/copyright /usr/share/doc/ddnsd/changelog.gz \
	/usr/share/doc/ddnsd/examples/credentials.conf /usr/lib/sysusers.d/ddnsd.conf; do
	[ -f "$f" ] || missing="$missing $f"
done
check pkg.files "missing:$missing" test -z "$missing"
IFS=: read -r _ _ uid _ _ home shell < <(getent passwd ddnsd)
system_user() {
	[ -n "$uid" ] && [ "$uid" -gt 0 ] && [ "$uid" -lt 1000 ] && [ "$home" = /var/lib/ddnsd ] &&
		[[ $shell == */nologin ]]
}
check pkg.user "ddnsd: uid '$uid' home '$home' shell '$shell'" system_user
enabled=$(find /etc/systemd/system -name ddnsd.service -path '*.wants/*' 2>/dev/null)
check pkg.not-enabled "enabled on install: $enabled" test -z "$enabled"
# installed_running: a process runs the installed binary (other tests' agents run other copies).
installed_running() {
	local e
	for e in /proc/[0-9]*/exe; do
		[ "$(readlink "$e" 2>/dev/null)" = /usr/sbin/ddnsd ] && return 0
	done
	return 1
}
check pkg.not-running "a process runs /usr/sbin/ddnsd after the install" eval '! installed_running'
check pkg.upgrade-restarts "the postinst does not try-restart the service on upgrade" \
	grep -q "try-restart 'ddnsd.service'" /var/lib/dpkg/info/ddnsd.postinst
check pkg.remove-stops "the prerm does not stop the service on removal" \
	grep -q 'deb-systemd-invoke stop ddnsd.service' /var/lib/dpkg/info/ddnsd.prerm

if command -v systemd-analyze >/dev/null; then
	(cd / && SYSTEMD_COLORS=0 systemd-analyze verify /lib/systemd/system/ddnsd.service) \
		>"$WORK/verify.log" 2>&1
	rc=$?
	sed 's/^/#   /' "$WORK/verify.log"
	check pkg.verify "systemd-analyze verify exits $rc with $(wc -l <"$WORK/verify.log") line(s)" \
		eval "[ $rc = 0 ] && [ ! -s '$WORK/verify.log' ]"
	# The shipped LoadCredential= drop-in, beside a copy of the unit (not in /etc/systemd).
	mkdir -p "$WORK/units/ddnsd.service.d"
	cp /lib/systemd/system/ddnsd.service "$WORK/units/"
	cp /usr/share/doc/ddnsd/examples/credentials.conf "$WORK/units/ddnsd.service.d/"
	(cd / && SYSTEMD_COLORS=0 systemd-analyze verify "$WORK/units/ddnsd.service") \
		>"$WORK/verify-cred.log" 2>&1
	rc=$?
	SYSTEMD_COLORS=0 systemd-analyze security --offline=true --threshold=12 --no-pager \
		"$WORK/units/ddnsd.service" >"$WORK/security-cred.log" 2>&1
	rc2=$?
	why="with the credentials drop-in: verify exits $rc ($(head -c 200 "$WORK/verify-cred.log"))"
	check pkg.verify-credentials "$why, security exits $rc2" \
		eval "[ $rc = 0 ] && [ ! -s '$WORK/verify-cred.log' ] && [ $rc2 = 0 ]"
fi

# as_ddnsd CMD...: CMD as the service user with no capability at all, no way to gain one.
as_ddnsd() {
	setpriv --reuid=ddnsd --regid=ddnsd --init-groups --inh-caps=-all --bounding-set=-all \
		--no-new-privs "$@"
}
as_ddnsd /usr/sbin/ddnsd check >"$WORK/check.log" 2>&1
rc=$?
sed 's/^/#   /' "$WORK/check.log"
check pkg.check-as-ddnsd "ddnsd check on the shipped configuration exits $rc as ddnsd" test "$rc" = 0
check pkg.conf-not-others "nobody can read /etc/ddnsd/ddnsd.conf" eval \
	'! setpriv --reuid=nobody --regid=nogroup --clear-groups head -c1 /etc/ddnsd/ddnsd.conf >/dev/null 2>&1'

# --- the installed agent as ddnsd, in a namespace, against the mock -------------------------------

TOKEN=ddtPkg-4b1e9d07c3a25f68
NAME=home.example.com
MLOG=$WORK/cf-requests.jsonl
DDNSD=/usr/sbin/ddnsd # what agent_setup takes as BIN
agent_setup pkg pkg.run
agent_mock pkg mock_cloudflare.py --token "$TOKEN" --zone example.com --record "A $NAME 203.0.113.1"
m_format() {
	"$PY" -c 'import json, sys
for l in sys.stdin:
    r = json.loads(l)
    print("%.6f" % r["t"], r["method"], r["status"], r["auth_ok"], r["path"])'
}
M_WRITE='$2 == "PATCH" || $2 == "POST"'

# What systemd prepares for the service: StateDirectory= and RuntimeDirectory= owned by
# ddnsd, the token in $CREDENTIALS_DIRECTORY (LoadCredential=cloudflare:...), a configuration
# readable through the group.
install -d -o ddnsd -g ddnsd -m 0700 "$WORK/state"
install -d -o ddnsd -g ddnsd -m 0755 "$WORK/run"
install -d -o ddnsd -g ddnsd -m 0500 "$WORK/creds"
printf '%s\n' "$TOKEN" | install -o ddnsd -g ddnsd -m 0400 /dev/stdin "$WORK/creds/cloudflare"
CONF=$WORK/ddnsd.conf
install -o root -g ddnsd -m 0640 /dev/null "$CONF"
cat >"$CONF" <<EOF2
[agent]
state-dir = $WORK/state
runtime-dir = $WORK/run
ca-file = $CA
web-ipv4 = https://192.0.2.1/ip
web-ipv6 = https://192.0.2.1/ip
settle = 50ms
min-interval = 1s

[provider cf]
type = cloudflare
token = cred:cloudflare
endpoint = https://192.0.2.1/client/v4

[record home]
name = $NAME
provider = cf
ipv6 = off
EOF2
# An sd_notify listener the service user may write to, as systemd's socket.
NOTIFY=$WORK/notify.sock
spawn gw "$WORK/notify.out" "$PY" -c 'import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("bound", flush=True)
while True:
    print(s.recv(4096).decode(), flush=True)' "$NOTIFY"
wait_for 5 grep -q '^bound' "$WORK/notify.out"
chmod 0666 "$NOTIFY"

ALOG=$OUT/agent.log
m_mark
# ProtectSystem=strict as far as a mount namespace gives it (ip netns exec makes one): every
# file system read-only but /proc, /sys, /dev and the state and runtime directories.
# shellcheck disable=SC2016 # expanded by the inner shell
READONLY='mount --make-rprivate / &&
	mount --bind "$1" "$1" && mount --bind "$2" "$2" || exit 125
	awk '\''{ print $2 }'\'' /proc/self/mounts | while read -r m; do
		case $m in /proc* | /sys* | /dev* | "$1" | "$2") continue ;; esac
		mount -o remount,bind,ro "$m" 2>/dev/null
	done
	shift 2
	exec "$@"'
spawn gw "$ALOG" /bin/sh -c "$READONLY" sh "$WORK/state" "$WORK/run" \
	setpriv --reuid=ddnsd --regid=ddnsd --init-groups --inh-caps=-all --bounding-set=-all \
	--no-new-privs env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	CREDENTIALS_DIRECTORY="$WORK/creds" NOTIFY_SOCKET="$NOTIFY" "$BIN" -c "$CONF" run
APID=$SPAWNED
# a_is ADDR: the mock's A record holds ADDR.
a_is() { [ "$(m_content A "$NAME")" = "$1" ]; }
wait_for 15 a_is 198.51.100.7
check pkg.run-first-sync "the A record is '$(m_content A "$NAME")' after 15 s: $(log_tail 4)" \
	a_is 198.51.100.7
wait_for 5 grep -q '^READY=1' "$WORK/notify.out"
check pkg.run-ready "no READY=1 on \$NOTIFY_SOCKET: $(tr '\n' ' ' <"$WORK/notify.out")" \
	grep -q '^READY=1' "$WORK/notify.out"
read -r caps < <(awk '/^Cap(Inh|Prm|Eff|Bnd|Amb):/ { printf "%s", $2 }' "/proc/$APID/status" 2>/dev/null)
check pkg.run-no-capability "capabilities of the agent: '$caps'" \
	eval '[ -n "$caps" ] && [ -z "$(tr -d 0 <<<"$caps")" ]'
ro=$(awk '$2 == "/" { print $4 }' "/proc/$APID/mounts" 2>/dev/null)
check pkg.run-read-only "the agent's / is mounted '$ro'" eval '[[ $ro == ro,* ]]'
check pkg.run-as-ddnsd "the agent runs as uid $(awk '/^Uid:/ { print $2 }' "/proc/$APID/status")" \
	eval '[ "$(awk "/^Uid:/ { print \$2 }" "/proc/$APID/status")" = "$uid" ]'
m_wait_idle
m_mark
now_us t
wan4 198.51.100.7 198.51.100.9
wait_for 15 a_is 198.51.100.9
check pkg.run-follows-wan "the A record is '$(m_content A "$NAME")' 15 s after the change: $(log_tail 4)" \
	a_is 198.51.100.9
info "WAN change -> write: $(reaction_ms "$t" "$M_WRITE") ms"
check pkg.run-state "state.json: $(stat -c '%a %U' "$WORK/state/state.json" 2>&1), want 600 ddnsd" \
	mode_is "$WORK/state/state.json" 600 ddnsd:ddnsd
# As the administrator would: root, outside the service, so without its credentials.
/usr/sbin/ddnsd -c "$CONF" status >"$OUT/status.out" 2>&1
rc=$?
sed 's/^/#   /' "$OUT/status.out"
check pkg.run-status "ddnsd status exits $rc" \
	eval "[ $rc = 0 ] && grep -q '198.51.100.9' '$OUT/status.out'"
stop_agent "$APID" 10
check pkg.run-stop "SIGTERM: exit '$RC' after $STOPPED s" test "$RC" = 0
check pkg.run-no-secret "the token appears in the agent's output" \
	eval "! grep -rqF -- '$TOKEN' '$OUT' '$WORK/notify.out'"

# --- upgrade, remove, purge ---------------------------------------------------------------------

# What the service would have left: its state.
install -d -o ddnsd -g ddnsd -m 0700 /var/lib/ddnsd
install -o ddnsd -g ddnsd -m 0600 "$WORK/state/state.json" /var/lib/ddnsd/state.json
DPKG_LOG=$WORK/upgrade.log
dpkg_ -i "$DEB"
rc=$?
check pkg.upgrade "reinstalling (configure with the old version) exits $rc" test "$rc" = 0
check pkg.upgrade-keeps-state "/var/lib/ddnsd/state.json is gone after the upgrade" \
	test -s /var/lib/ddnsd/state.json
check pkg.upgrade-conf-mode "after the upgrade: $(stat -c '%a %U:%G' /etc/ddnsd/ddnsd.conf 2>&1)" \
	mode_is /etc/ddnsd/ddnsd.conf 640 root:ddnsd
DPKG_LOG=$WORK/remove.log
dpkg_ -r ddnsd
rc=$?
check pkg.remove "dpkg -r exits $rc; binary left: $(ls /usr/sbin/ddnsd 2>&1)" \
	eval "[ $rc = 0 ] && [ ! -e /usr/sbin/ddnsd ]"
check pkg.remove-keeps "remove took the configuration or the state" \
	eval '[ -f /etc/ddnsd/ddnsd.conf ] && [ -f /var/lib/ddnsd/state.json ]'
DPKG_LOG=$WORK/purge.log
dpkg_ --purge ddnsd
rc=$?
left=
for p in /etc/ddnsd /var/lib/ddnsd /usr/sbin/ddnsd /lib/systemd/system/ddnsd.service \
	/usr/lib/sysusers.d/ddnsd.conf /usr/share/doc/ddnsd /var/lib/dpkg/info/ddnsd.list \
	/var/lib/systemd/deb-systemd-helper-enabled/ddnsd.service.dsh-also \
	/var/lib/systemd/deb-systemd-helper-masked/ddnsd.service; do
	[ -e "$p" ] && left="$left $p"
done
left="$left $(find /etc/systemd/system -name 'ddnsd.service*' 2>/dev/null | tr '\n' ' ')"
check pkg.purge "dpkg --purge exits $rc; left behind:$left" \
	eval "[ $rc = 0 ] && [ -z '${left// /}' ]"
check pkg.purge-dpkg "dpkg still knows ddnsd: $(dpkg-query -W -f='${db:Status-Abbrev}' ddnsd 2>&1)" \
	eval '! dpkg-query -W ddnsd >/dev/null 2>&1'
INSTALLED=0
info "the package test took $(secs_since "$t_all") s"
finish
