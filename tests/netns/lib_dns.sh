# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# shellcheck disable=SC2034 # DNS_* are for the test
# Real authoritative DNS servers for the rfc2136 tests: BIND9 (named) and Knot DNS (knotd), each
# in the foreground inside a test namespace, all state under $WORK, listening only on the
# addresses given (never on the host). Source after lib.sh; the zone and keys are the same for
# both servers:
#
#   zone example.test, primary ns1.example.test
#   keys ddns-key (hmac-sha256) and ddns512 (hmac-sha512), secrets in DNS_SECRET256/512
#   both keys may change exactly the A and AAAA RRsets of home.example.test and
#   v6.example.test, nothing else (BIND update-policy "name"; Knot acl update-owner)
#   other data ddnsd must leave alone: home TXT, home MX, other A
#
# dns_start KIND NS ADDR...   KIND bind|knot; waits until it answers an SOA query from NS
# dns_stop                    stop it (the PID is tracked; the namespace stays)
# dns_dig NAME TYPE [SERVER]  the RRset as the server holds it, sorted, one RDATA a line
#                             (dig for BIND, kdig for Knot: each server checked by its own tool)

DNS_ZONE=example.test
DNS_PID=
DNS_KIND=
DNS_NS=
DNS_ADDRS=()

# dns_keys: fresh random secrets for this run.
dns_keys() {
	DNS_SECRET256=$(openssl rand -base64 32)
	DNS_SECRET512=$(openssl rand -base64 64 | tr -d '\n')
}

dns_zonefile() {
	cat <<EOF
\$TTL 60
@	IN SOA	ns1.example.test. hostmaster.example.test. 1 60 60 600 60
@	IN NS	ns1
ns1	IN A	${DNS_ADDRS[0]}
home	IN A	203.0.113.250
home	IN TXT	"keep me"
home	IN MX	10 mail.example.test.
other	IN A	203.0.113.251
EOF
}

_bind_conf() {
	local dir=$1 a listen4="" listen6=""
	for a in "${DNS_ADDRS[@]}"; do
		case $a in
		*:*) listen6="$listen6 $a;" ;;
		*) listen4="$listen4 $a;" ;;
		esac
	done
	cat <<EOF
options {
	directory "$dir";
	pid-file "$dir/named.pid";
	session-keyfile "$dir/session.key";
	managed-keys-directory "$dir";
	listen-on port 53 {${listen4:- none;} };
	listen-on-v6 port 53 {${listen6:- none;} };
	recursion no;
	dnssec-validation no;
	notify no;
};
controls { };
key "ddns-key" { algorithm hmac-sha256; secret "$DNS_SECRET256"; };
key "ddns512" { algorithm hmac-sha512; secret "$DNS_SECRET512"; };
zone "example.test" {
	type primary;
	file "example.test.zone";
	update-policy {
		grant ddns-key name home.example.test. A AAAA;
		grant ddns-key name v6.example.test. A AAAA;
		grant ddns512 name home.example.test. A AAAA;
		grant ddns512 name v6.example.test. A AAAA;
	};
};
EOF
}

_knot_conf() {
	local dir=$1 a
	echo "server:"
	echo "    rundir: \"$dir\""
	echo "    listen: [ $(for a in "${DNS_ADDRS[@]}"; do printf '"%s@53", ' "$a"; done | sed 's/, $//') ]"
	cat <<EOF
log:
  - target: stderr
    any: info
database:
    storage: "$dir"
key:
  - id: ddns-key
    algorithm: hmac-sha256
    secret: $DNS_SECRET256
  - id: ddns512
    algorithm: hmac-sha512
    secret: $DNS_SECRET512
acl:
  - id: ddns
    key: [ ddns-key, ddns512 ]
    action: update
    update-type: [ A, AAAA ]
    update-owner: name
    update-owner-match: equal
    update-owner-name: [ home.example.test., v6.example.test. ]
zone:
  - domain: example.test
    storage: "$dir"
    file: "example.test.zone"
    acl: [ ddns ]
    zonefile-sync: 0
EOF
}

# dns_start KIND NS ADDR...: write the config and zone (the first time) and start the server.
dns_start() {
	local kind=$1 n=$2 dir
	shift 2
	DNS_KIND=$kind
	DNS_NS=$n
	DNS_ADDRS=("$@")
	dir=$WORK/$kind
	if [ ! -d "$dir" ]; then
		mkdir -p "$dir"
		dns_zonefile >"$dir/example.test.zone"
		if [ "$kind" = bind ]; then
			_bind_conf "$dir" >"$dir/named.conf"
			named-checkconf "$dir/named.conf" >"$dir/check.log" 2>&1 || return 1
		else
			_knot_conf "$dir" >"$dir/knot.conf"
			knotc -c "$dir/knot.conf" conf-check >"$dir/check.log" 2>&1 || return 1
		fi
	fi
	if [ "$kind" = bind ]; then
		spawn "$n" "$dir/server.log" named -g -n 1 -c "$dir/named.conf"
	else
		spawn "$n" "$dir/server.log" knotd -c "$dir/knot.conf"
	fi
	DNS_PID=$SPAWNED
	wait_for 20 _dns_answers
}

_dns_answers() {
	dns_dig "$DNS_ZONE" SOA | grep -q '^ns1\.example\.test\. '
}

dns_stop() {
	[ -n "$DNS_PID" ] || return 0
	stop_pids "$DNS_PID"
	untrack "$DNS_PID"
	DNS_PID=
}

# dns_dig NAME TYPE [SERVER]
dns_dig() {
	local server=${3:-${DNS_ADDRS[0]}}
	if [ "$DNS_KIND" = bind ]; then
		nsx "$DNS_NS" dig +norecurse +time=1 +tries=1 +short "@$server" "$1" "$2"
	else
		nsx "$DNS_NS" kdig +norecurse +time=1 +retry=0 +short "@$server" "$1" "$2"
	fi | sort
}

# dns_serial: the zone's SOA serial (it grows by one per applied UPDATE).
dns_serial() { dns_dig "$DNS_ZONE" SOA | awk '{print $3}'; }
