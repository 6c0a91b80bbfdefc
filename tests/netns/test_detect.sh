#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# `ddnsd detect` against real kernel state in network namespaces and an HTTPS "what is my IP"
# mock: every address source (auto, interface list, fixed, off, web) and the eligibility rules.
#
#                         isp  (lo: 192.0.2.1, 2001:db8:ffff::1 = mock_web.py on :443)
#        to-gw / to-gwb /   |  to-cg           \ to-nat
#   gw  wan0: 198.51.100.10/24 (+ .11 secondary)      cg  wan0: 100.64.5.10/24 (CGNAT)
#             2001:db8:1::10/64   (preferred)                   2001:db8:3::10/64
#             2001:db8:1::20/64   (deprecated)        nat wan0: 192.168.1.10/24 (RFC 1918),
#             2001:db8:1::30/64   (tentative)                   no IPv6 at all
#       wan1: no IPv4; 2001:db8:9::30 tentative, 2001:db8:9::20 deprecated (a dead backup WAN)
#       lan0: 192.168.5.1/24, 2001:db8:2:5::1/64  ---  lan (peer only)
# Default routes of gw, cg and nat point at isp. DAD on gw is slowed to ~100 s, so the
# tentative addresses stay tentative for the whole test.
# Binary: $DDNSD, else build-san/ddnsd, else build/ddnsd.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
lib_init detect
BIN=$(ddnsd_bin)

now_us t_setup
ns_add isp gw lan cg nat || exit 1
nsip isp addr add 192.0.2.1/32 dev lo
nsip isp addr add 2001:db8:ffff::1/128 dev lo
veth isp to-gw gw wan0
veth isp to-gwb gw wan1
veth gw lan0 lan eth0
veth isp to-cg cg wan0
veth isp to-nat nat wan0
nsip isp addr add 198.51.100.1/24 dev to-gw
nsip isp addr add 2001:db8:1::1/64 dev to-gw nodad
nsip isp addr add 100.64.5.1/24 dev to-cg
nsip isp addr add 2001:db8:3::1/64 dev to-cg nodad
nsip isp addr add 192.168.1.1/24 dev to-nat

# gw: the dual-stack home gateway. DAD is slowed after the links are up (an address's DAD
# uses the value in force when it starts), so only the addresses added below are affected.
sysctl_in gw net.ipv6.conf.wan0.dad_transmits=100 net.ipv6.conf.wan1.dad_transmits=100
nsip gw addr add 198.51.100.10/24 dev wan0
nsip gw addr add 198.51.100.11/24 dev wan0 # same subnet: the kernel marks it secondary
# The good address has finite lifetimes and the tentative one is permanent, so a selector
# that preferred "permanent" without excluding tentative ones would pick the wrong one.
nsip gw -6 addr add 2001:db8:1::10/64 dev wan0 nodad valid_lft 7200 preferred_lft 3600
nsip gw -6 addr add 2001:db8:1::20/64 dev wan0 nodad valid_lft 7200 preferred_lft 0
nsip gw -6 addr add 2001:db8:1::30/64 dev wan0
nsip gw -6 addr add 2001:db8:9::30/64 dev wan1
nsip gw -6 addr add 2001:db8:9::20/64 dev wan1 nodad valid_lft 7200 preferred_lft 0
nsip gw addr add 192.168.5.1/24 dev lan0
nsip gw -6 addr add 2001:db8:2:5::1/64 dev lan0 nodad
nsip gw route add default via 198.51.100.1
nsip gw -6 route add default via 2001:db8:1::1

nsip cg addr add 100.64.5.10/24 dev wan0
nsip cg -6 addr add 2001:db8:3::10/64 dev wan0 nodad
nsip cg route add default via 100.64.5.1
nsip cg -6 route add default via 2001:db8:3::1

nsip nat addr add 192.168.1.10/24 dev wan0
nsip nat route add default via 192.168.1.1
info "topology up in $(secs_since "$t_setup") s"

now_us t
make_certs "$WORK/pki" web.ddnsd.test 192.0.2.1 2001:db8:ffff::1 || {
	fail detect.setup "openssl could not make the test certificates: $(tail -2 "$WORK/pki/openssl.log")"
	finish
}
mock_start isp 192.0.2.1 2001:db8:ffff::1 || {
	fail detect.setup "mock_web.py did not start"
	finish
}
info "test CA and mock ready in $(secs_since "$t") s"

# The fixture itself: the mock is reachable over both families and sees the expected sources.
fetch() { # fetch NS URL: GET with the test CA, body on stdout
	nsx "$1" "$PY" -c 'import ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile=sys.argv[2])
print(urllib.request.urlopen(sys.argv[1], context=ctx, timeout=5).read().decode().strip())' \
		"$2" "$WORK/pki/ca.pem" 2>&1
}
got="gw:$(fetch gw https://192.0.2.1/ip) gw6:$(fetch gw 'https://[2001:db8:ffff::1]/trace' |
	grep '^ip=') cg:$(fetch cg https://192.0.2.1/ip) nat:$(fetch nat https://192.0.2.1/ip)"
want="gw:198.51.100.10 gw6:ip=2001:db8:1::10 cg:100.64.5.10 nat:192.168.1.10"
if [ "$got" != "$want" ]; then
	fail detect.setup "the mock sees '$got', expected '$want'"
	finish
fi
if ! is_tentative gw wan0 2001:db8:1::30 || ! is_tentative gw wan1 2001:db8:9::30; then
	fail detect.setup "the DAD-on addresses are not tentative: $(nsip gw -6 -br addr)"
	finish
fi
info "fixture checked: $got"

if [ ! -x "$BIN" ]; then
	skip detect "no agent binary at $BIN (run make, or set DDNSD)"
	finish
fi
info "binary: $BIN"

# --- configurations ---------------------------------------------------------------------------

agent_section() { # agent_section WEB4 WEB6
	cat <<EOF
[agent]
ca-file = $WORK/pki/ca.pem
state-dir = $WORK/state
runtime-dir = $WORK/run
web-ipv4 = $1
web-ipv6 = $2

[provider mock]
type = cloudflare
token = ddt-not-a-real-token
endpoint = https://192.0.2.1/client/v4
EOF
}
record() { # record NAME KEY=VALUE...
	printf '\n[record %s]\nname = %s.example.test\nprovider = mock\nzone = example.test\n' "$1" "$1"
	shift
	printf '%s\n' "${@/=/ = }"
}

# Record names are chosen so that none is a substring of another (the table check relies on it).
W4=https://192.0.2.1
W6='https://[2001:db8:ffff::1]'
{
	# If auto ever asked the web on this gateway, it would get these addresses (and the mock
	# log would show it).
	agent_section "$W4/fixed/203.0.113.99?r=gw" "$W6/fixed/2001:db8:ffff::99?r=gw"
	record autopub ipv4=auto ipv6=auto
	record ifwan ipv4=interface:wan0 ipv6=interface:wan0
	record failover ipv4=interface:nosuch0,lan0,wan1,wan0 ipv6=interface:wan1,wan0
	record backup ipv4=interface:wan1 ipv6=interface:wan1
	record fixedpub ipv4=fixed:203.0.113.5 ipv6=fixed:2001:db8:77::5
	record fixedpriv ipv4=fixed:10.1.2.3 ipv6=fixed:fd00::5
	record webtry "ipv4=web:$W4/html?r=webtry,$W4/status/503?r=webtry,$W4/ip?r=webtry" \
		"ipv6=web:$W6/status/503?r=webtry,$W6/trace?r=webtry"
	record webfail "ipv4=web:$W4/status/503?r=webfail" ipv6=off
	record lanpriv ipv4=interface:lan0 ipv6=off
	record lanallow ipv4=interface:lan0 ipv6=interface:lan0 allow-private=yes
	record lansfx ipv4=off ipv6=interface:lan0 ipv6-suffix=::1234
	record autosfx ipv4=auto ipv6=auto ipv6-suffix=::abcd
} >"$WORK/gw.conf"
GW_RECORDS=(autopub ifwan failover backup fixedpub fixedpriv webtry webfail lanpriv lanallow lansfx
	autosfx)
{
	agent_section "$W4/fixed/203.0.113.77?r=cg" "$W6/ip?r=cg"
	record cgauto ipv4=auto ipv6=auto
	record cgallow ipv4=auto ipv6=off allow-private=yes
} >"$WORK/cg.conf"
{
	agent_section "$W4/fixed/203.0.113.77?r=nat" "$W6/ip?r=nat"
	record natauto ipv4=auto ipv6=auto
	record natallow ipv4=auto ipv6=off allow-private=yes
} >"$WORK/nat.conf"
chmod 600 "$WORK"/*.conf # they hold an (inert) inline token

# detect NS TAG ARGS...: run the agent; output in $WORK/TAG.out and .err, status in RC, time in DUR.
detect() {
	local ns=$1 tag=$2 t
	shift 2
	now_us t
	agent_in "$ns" "$WORK/$tag.out" "$WORK/$tag.err" "$BIN" "$@"
	RC=$?
	DUR=$(secs_since "$t")
}
# ran_ok NAME TAG: PASS when the last detect exited 0, else FAIL with its stderr.
ran_ok() {
	if [ "$RC" = 0 ]; then
		pass "$1"
	else
		fail "$1" "exit status $RC; stderr: $(tail -n 5 "$WORK/$2.err" | tr '\n' ' ')"
	fi
}
# rows_ok NAME TAG NRECORDS: the JSON is an array of NRECORDS*2 well-formed rows, one per
# record and family.
rows_ok() {
	local why
	why=$("$PY" - "$WORK/$2.out" "$3" <<'EOF'
import json, sys
try:
    rows = json.load(open(sys.argv[1]))
except Exception as e:
    sys.exit(f"not JSON: {e}")
n = int(sys.argv[2])
types = {"record": (str,), "family": (str,), "address": (str, type(None)),
         "source": (str,), "reason": (str,)}
if not isinstance(rows, list):
    sys.exit("not an array")
for r in rows:
    if not isinstance(r, dict) or any(not isinstance(r.get(k, 0), t) for k, t in types.items()):
        sys.exit(f"malformed row {r}")
    if r["family"] not in ("ipv4", "ipv6"):
        sys.exit(f"bad family in {r}")
keys = {(r["record"], r["family"]) for r in rows}
if len(rows) != 2 * n or len(keys) != len(rows):
    sys.exit(f"{len(rows)} rows for {len(keys)} record/family pairs, want {2 * n}")
EOF
	)
	if [ -z "$why" ]; then pass "$1"; else fail "$1" "$why"; fi
}
# web_paths TAG [4|6]: the paths asked since mock_mark by requests tagged ?r=TAG (over IPv4 or
# IPv6 only), in order, space-separated.
web_paths() {
	mock_since | awk -v t="r=$1" -v f="${2:-}" '$2 ~ t && (f == "" || (f == 6) == ($1 ~ /:/)) {
		sub(/\?.*/, "", $2); printf "%s ", $2 }'
}

# --- the gateway: every source kind ------------------------------------------------------------

mock_mark
detect gw gw -c "$WORK/gw.conf" detect --json
info "detect --json on gw (12 records, 24 rows, 3 web look-ups) took $DUR s"
ran_ok detect.gw-exit gw
rows_ok detect.gw-json-rows gw 12
json_expect "$WORK/gw.out" <<'EOF'
detect.auto-v4-wan-primary       | record~^autopub\b family=ipv4   | address=198.51.100.10 source~^auto
detect.auto-v6-preferred         | record~^autopub\b family=ipv6   | address=2001:db8:1::10 source~^auto
detect.interface-v4              | record~^ifwan\b family=ipv4     | address=198.51.100.10 source~^interface source~wan0
detect.interface-v6-not-tent-depr | record~^ifwan\b family=ipv6     | address=2001:db8:1::10 source~wan0
detect.failover-v4               | record~^failover\b family=ipv4  | address=198.51.100.10 source~wan0
detect.failover-v6               | record~^failover\b family=ipv6  | address=2001:db8:1::10 source~wan0
detect.interface-without-v4      | record~^backup\b family=ipv4    | address=null reason~\w
detect.tentative-deprecated-only | record~^backup\b family=ipv6    | address=null reason~\w
detect.fixed-public-v4           | record~^fixedpub\b family=ipv4  | address=203.0.113.5 source~^fixed
detect.fixed-public-v6           | record~^fixedpub\b family=ipv6  | address=2001:db8:77::5 source~^fixed
detect.fixed-private-v4-refused  | record~^fixedpriv\b family=ipv4 | address=null reason~(private|1918)
detect.fixed-ula-v6-refused      | record~^fixedpriv\b family=ipv6 | address=null reason~(ULA|unique.local|fc00|private)
detect.web-v4-after-html-503     | record~^webtry\b family=ipv4    | address=198.51.100.10 source~^web
detect.web-v6-trace-after-503    | record~^webtry\b family=ipv6    | address=2001:db8:1::10 source~^web
detect.web-all-failed            | record~^webfail\b family=ipv4   | address=null reason~(503|status|HTTP)
detect.off-v6                    | record~^webfail\b family=ipv6   | address=null source~^off
detect.off-v4                    | record~^lansfx\b family=ipv4    | address=null source~^off
detect.interface-private-refused | record~^lanpriv\b family=ipv4   | address=null reason~(private|1918)
detect.allow-private-interface   | record~^lanallow\b family=ipv4  | address=192.168.5.1
detect.interface-lan-v6          | record~^lanallow\b family=ipv6  | address=2001:db8:2:5::1
detect.suffix-interface          | record~^lansfx\b family=ipv6    | address=2001:db8:2:5::1234
detect.suffix-auto               | record~^autosfx\b family=ipv6   | address=2001:db8:1::abcd
EOF
p=$(web_paths webtry 4)
check detect.web-v4-order "webtry asked '$p' over IPv4, want '/html /status/503 /ip'" \
	test "$p" = "/html /status/503 /ip "
p=$(web_paths webtry 6)
check detect.web-v6-order "webtry asked '$p' over IPv6, want '/status/503 /trace'" \
	test "$p" = "/status/503 /trace "
p=$(web_paths gw)
check detect.auto-public-no-web "auto on a gateway with public addresses asked the web: $p" test -z "$p"

if is_tentative gw wan0 2001:db8:1::30 && is_tentative gw wan1 2001:db8:9::30; then
	info "the DAD-on addresses were still tentative after the run"
else
	fail detect.setup "DAD finished during the test; the tentative checks proved nothing"
fi

# The human table: one line per record and family, each showing its address.
detect gw table -c "$WORK/gw.conf" detect
ran_ok detect.table-exit table
sed 's/^/#   /' "$WORK/table.out"
why=$("$PY" - "$WORK/table.out" "$WORK/gw.out" "${GW_RECORDS[@]}" <<'EOF'
import json, re, sys
lines = open(sys.argv[1]).read().splitlines()
try:
    rows = json.load(open(sys.argv[2]))
except Exception:
    rows = []
probs = []
for name in sys.argv[3:]:
    pat = re.compile(r"(?<![\w.-])" + re.escape(name) + r"(?![\w-])")
    mine = [l for l in lines if pat.search(l)]
    if len(mine) != 2:
        probs.append(f"{name}: {len(mine)} lines")
        continue
    for r in rows:
        if re.match(re.escape(name) + r"\b", str(r.get("record"))) and r.get("address"):
            if not any(r["address"] in l for l in mine):
                probs.append(f"{name}: {r['address']} not shown")
print("; ".join(probs))
EOF
)
check detect.table-one-line-per-row "table: $why" test -z "$why"

# --- no configuration file: what auto would publish --------------------------------------------

detect gw noconf detect --json
info "detect --json without a config file took $DUR s"
ran_ok detect.noconf-exit noconf
json_expect "$WORK/noconf.out" <<'EOF'
detect.noconf-auto-v4 | family=ipv4 | address=198.51.100.10 source~^auto
detect.noconf-auto-v6 | family=ipv6 | address=2001:db8:1::10 source~^auto
EOF

# --- behind CGNAT and behind NAT: auto falls back to the web ----------------------------------

mock_mark
detect cg cg -c "$WORK/cg.conf" detect --json
info "detect --json behind CGNAT took $DUR s"
ran_ok detect.cgnat-exit cg
json_expect "$WORK/cg.out" <<'EOF'
detect.cgnat-auto-uses-web        | record~^cgauto\b family=ipv4  | address=203.0.113.77
detect.cgnat-reason-says-cgnat    | record~^cgauto\b family=ipv4  | reason~CGNAT
detect.cgnat-reason-names-skipped | record~^cgauto\b family=ipv4  | reason~100\.64\.5\.10
detect.cgnat-v6-public-direct     | record~^cgauto\b family=ipv6  | address=2001:db8:3::10 source~^auto
detect.cgnat-allow-private        | record~^cgallow\b family=ipv4 | address=100.64.5.10
EOF
p=$(mock_since | awk '$2 ~ /r=cg/ { print $1 }' | sort -u | tr '\n' ' ')
check detect.cgnat-web-over-v4 "the CGNAT host's web requests came from '$p'" test "$p" = "100.64.5.10 "

detect nat nat -c "$WORK/nat.conf" detect --json
info "detect --json behind NAT took $DUR s"
ran_ok detect.nat-exit nat
json_expect "$WORK/nat.out" <<'EOF'
detect.private-auto-uses-web  | record~^natauto\b family=ipv4  | address=203.0.113.77
detect.private-reason         | record~^natauto\b family=ipv4  | reason~(192\.168\.1\.10|private|1918)
detect.no-v6-default-route    | record~^natauto\b family=ipv6  | address=null reason~\w
detect.private-allow-private  | record~^natallow\b family=ipv4 | address=192.168.1.10
EOF

finish
