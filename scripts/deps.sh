#!/bin/bash
# SPDX-License-Identifier: MIT
# Install the Debian packages that ddnsd needs, and only those missing.
#
# usage: scripts/deps.sh [demo|test]
#   demo   building ddnsd and `make demo` (`make deps-demo`)
#   test   that, and everything `make check` runs: sanitizers, valgrind, the real servers of the
#          netns tests, the Debian packaging tools (the default; `make deps`)
#
# A no-op (one dpkg-query) when everything is there; otherwise needs root: one `apt-get update`,
# then a non-interactive install with no recommends. No service that these packages bring
# (bind9, radvd...) may be left running or enabled on the host; the tests start their daemons
# inside network namespaces themselves. So: while installing, a policy-rc.d that refuses every
# start is in place (unless the system already has one), and afterwards every unit that the
# install enabled is disabled again (policy-rc.d only stops the start, not the enabling).
set -eu

BUILD=(
	build-essential pkg-config
	libev-dev libmnl-dev libcurl4-openssl-dev libssl-dev libcjson-dev libinih-dev libidn2-dev
)
DEMO=(iproute2 python3 openssl ca-certificates procps)
TEST=(
	# sanitizers and fuzzing, unit tests, memory, man pages
	clang libclang-rt-14-dev libcmocka-dev valgrind man-db groff-base
	# network namespaces, mocks, real servers
	curl dnsmasq-base radvd bind9 bind9-dnsutils knot knot-dnsutils psmisc util-linux
	# real uplinks: a DHCPv6 server, a DHCPv4 and DHCPv6-PD client (dhcpcd-base: no service,
	# unlike dhcpcd5)
	kea-dhcp6-server dhcpcd-base
	# the Debian package and its service (tests/pkg): build, lint, hardening, systemd-analyze
	debhelper dpkg-dev fakeroot lintian devscripts systemd
)
case ${1:-test} in
demo) PKGS=("${BUILD[@]}" "${DEMO[@]}") ;;
test) PKGS=("${BUILD[@]}" "${DEMO[@]}" "${TEST[@]}") ;;
*)
	echo "usage: $0 [demo|test]" >&2
	exit 2
	;;
esac
POLICY=/usr/sbin/policy-rc.d

if ! command -v dpkg-query >/dev/null; then
	echo "deps: error: dpkg-query not found; this script knows Debian (12) only" >&2
	exit 1
fi

# One query for all of them; a package dpkg has never heard of is simply absent from the output.
declare -A installed=()
while read -r name status; do
	# Status-Abbrev: desired, current, error; current "i" = installed (also when held)
	[[ $status == ?i ]] && installed[$name]=1
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PKGS[@]}" 2>/dev/null || true)
missing=()
for p in "${PKGS[@]}"; do
	[ -n "${installed[$p]:-}" ] || missing+=("$p")
done

# The services of the test daemons, which run only inside the tests' namespaces: one left
# enabled by an earlier install (before this script disabled what it enabled) is disabled too.
SERVICES=(radvd.service kea-dhcp6-server.service named.service knot.service)
no_services() {
	local u
	command -v systemctl >/dev/null || return 0
	for u in "${SERVICES[@]}"; do
		[ "$(systemctl is-enabled "$u" 2>/dev/null)" = enabled ] || continue
		if [ "$(id -u)" != 0 ]; then
			echo "deps: warning: $u is enabled on this host; as root: systemctl disable $u" >&2
			continue
		fi
		echo "deps: disabling $u (its daemon runs only inside the tests' namespaces)"
		systemctl disable "$u" >/dev/null 2>&1 || true
		[ -d /run/systemd/system ] && systemctl stop "$u" >/dev/null 2>&1
	done
	return 0
}

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#PKGS[@]} packages present"
	no_services
	exit 0
fi
echo "deps: missing ${#missing[@]} of ${#PKGS[@]}: ${missing[*]}"
if [ "$(id -u)" != 0 ]; then
	echo "deps: error: installing needs root; run as root: apt-get install ${missing[*]}" >&2
	exit 1
fi

if [ ! -e "$POLICY" ]; then
	echo "deps: adding $POLICY (exit 101) so that no postinst starts a service"
	printf '#!/bin/sh\n# added by ddnsd scripts/deps.sh for one install; removed after it\nexit 101\n' \
		>"$POLICY"
	chmod 755 "$POLICY"
	trap 'rm -f "$POLICY"; echo "deps: removed $POLICY"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
fi

# enabled_units: every unit linked from a .wants/ or .requires/ directory of the system
# configuration, one "DIR/LINK" per line, sorted.
enabled_units() {
	find /etc/systemd/system -mindepth 2 -maxdepth 2 -type l \
		\( -path '*.wants/*' -o -path '*.requires/*' \) 2>/dev/null | sort
}

export DEBIAN_FRONTEND=noninteractive
before=$(enabled_units)
echo "deps: apt-get update"
apt-get -q update >/dev/null
echo "deps: apt-get install ${missing[*]}"
apt-get -q -y --no-install-recommends -o Dpkg::Options::=--force-confdef \
	-o Dpkg::Options::=--force-confold install "${missing[@]}"

# The postinsts enabled their services (deb-systemd-helper enables whatever policy-rc.d says):
# disable exactly those. systemctl works on the unit files without a running systemd; the links
# gone, deb-systemd-helper no longer counts them as enabled, so an upgrade leaves them off.
added=$(comm -13 <(echo "$before") <(enabled_units) | xargs -r -n1 basename | sort -u)
for unit in $added; do
	echo "deps: disabling $unit, which the install enabled"
	systemctl disable "$unit" >/dev/null 2>&1 || true
	# with a running systemd and a policy-rc.d of the system's own that let it start
	[ -d /run/systemd/system ] && systemctl stop "$unit" >/dev/null 2>&1
	find /etc/systemd/system -mindepth 2 -maxdepth 2 -type l -name "$unit" \
		\( -path '*.wants/*' -o -path '*.requires/*' \) -delete
done
left=$(comm -13 <(echo "$before") <(enabled_units))
if [ -n "$left" ]; then
	echo "deps: error: still enabled after the install: $left" >&2
	exit 1
fi
no_services
echo "deps: done"
