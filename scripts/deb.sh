#!/bin/bash
# SPDX-License-Identifier: MIT
# `make deb`: build the Debian package from the working tree (committed or not), as any user,
# with no network: packaging/deb/debian/ and a copy of the tree go to OUT/ddnsd-VERSION/, where
# dpkg-buildpackage -us -uc -b runs (the build dependencies must be installed: make deps).
# The result is OUT/ddnsd_VERSION_ARCH.deb, with its .buildinfo and .changes beside it.
#
# usage: scripts/deb.sh [OUT]      (default build/deb)
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-build/deb}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

for tool in dpkg-buildpackage dh dpkg-parsechangelog; do
	if ! command -v "$tool" >/dev/null; then
		echo "deb: error: $tool not found; install the build tools: make deps" \
			"(or apt-get install debhelper dpkg-dev)" >&2
		exit 1
	fi
done

CHANGELOG=$REPO/packaging/deb/debian/changelog
VERSION=$(dpkg-parsechangelog -l "$CHANGELOG" -S Version)
UPSTREAM=$(sed -n 's/^#define DDNSD_VERSION[[:space:]]*"\(.*\)"/\1/p' "$REPO/lib/version.h")
if [ "${VERSION%%-*}" != "$UPSTREAM" ]; then
	echo "deb: error: debian/changelog is at $VERSION but lib/version.h says $UPSTREAM;" \
		"add a changelog entry (dch -v $UPSTREAM)" >&2
	exit 1
fi
ARCH=$(dpkg-architecture -qDEB_HOST_ARCH)
SRC=$OUT/ddnsd-$VERSION
rm -rf "$SRC" "$OUT"/ddnsd_"$VERSION"_*
mkdir -p "$SRC"

# The tree as it is on disk, without build output, VCS data or fuzzing leftovers (.gitignore).
tar -C "$REPO" --exclude=./.git --exclude=./build --exclude=./build-san \
	--exclude=./build-fuzz --exclude='crash-*' --exclude='leak-*' --exclude='timeout-*' \
	--exclude='oom-*' --exclude='*.o' --exclude='*.d' --exclude=__pycache__ -cf - . |
	tar -C "$SRC" -xf -
cp -r "$REPO/packaging/deb/debian" "$SRC/debian"

echo "deb: dpkg-buildpackage in $SRC (log: $OUT/build.log)"
if ! (cd "$SRC" && dpkg-buildpackage -us -uc -b) >"$OUT/build.log" 2>&1; then
	tail -n 30 "$OUT/build.log" >&2
	echo "deb: error: dpkg-buildpackage failed; the whole log is $OUT/build.log" >&2
	exit 1
fi
DEB=$OUT/ddnsd_${VERSION}_$ARCH.deb
[ -f "$DEB" ] || {
	echo "deb: error: dpkg-buildpackage made no $DEB" >&2
	exit 1
}
rm -rf "$SRC"
echo "deb: $DEB"
