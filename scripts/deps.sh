#!/bin/bash
# SPDX-License-Identifier: MIT
# Install the Debian packages that building and testing ddnsd need, and only those missing.
# A no-op (one dpkg-query) when everything is there; otherwise needs root: one `apt-get update`,
# then a non-interactive install with no recommends. Package postinsts must not start host
# services (bind9, radvd): while installing, a policy-rc.d that refuses every start is in place
# unless the system already has one. Afterwards (and on every run) the services of the test
# servers (named, knot) are disabled: they run only inside the tests' namespaces.
set -eu

PKGS=(
	# build
	build-essential pkg-config clang libclang-rt-14-dev
	libev-dev libmnl-dev libcurl4-openssl-dev libssl-dev libcjson-dev libinih-dev libidn2-dev
	# tests: unit, memory, man pages
	libcmocka-dev valgrind man-db groff-base
	# tests: network namespaces, mocks, real servers
	iproute2 python3 openssl ca-certificates dnsmasq-base radvd bind9 bind9-dnsutils
	knot knot-dnsutils procps psmisc
)
# Services the packages above bring. The tests run these daemons only inside their own
# namespaces, so none may be enabled on the host (the packages enable them at install).
SERVICES=(named knot)
POLICY=/usr/sbin/policy-rc.d

# disable_services: disable (and stop, where systemd runs) each of SERVICES that is enabled.
disable_services() {
	local s on=()
	command -v systemctl >/dev/null || return 0
	for s in "${SERVICES[@]}"; do
		systemctl is-enabled --quiet "$s" 2>/dev/null && on+=("$s")
	done
	[ ${#on[@]} -gt 0 ] || return 0
	if [ "$(id -u)" != 0 ]; then
		echo "deps: error: services enabled on this host: ${on[*]}" >&2
		echo "deps: as root: systemctl disable --now ${on[*]}" >&2
		return 1
	fi
	echo "deps: disabling host services the test servers come with: ${on[*]}"
	if [ -d /run/systemd/system ]; then
		systemctl disable --now --quiet "${on[@]}"
	else
		systemctl disable --quiet "${on[@]}" # no systemd running: only the links
	fi
}

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

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#PKGS[@]} packages present"
	disable_services
	exit
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

export DEBIAN_FRONTEND=noninteractive
echo "deps: apt-get update"
apt-get -q update >/dev/null
echo "deps: apt-get install ${missing[*]}"
apt-get -q -y --no-install-recommends -o Dpkg::Options::=--force-confdef \
	-o Dpkg::Options::=--force-confold install "${missing[@]}"
disable_services
echo "deps: done"
