#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# The dyndns2 provider end to end against mock_dyndns.py (Basic auth, one request per change,
# the abuse rules): the write-only scenario of lib_writeonly.sh, then every error class: a
# wrong password (HTTP 401), badauth, nohost, abuse, badagent, an unknown word (each holds the
# record, even for a new address), and 911 (no request for 30 minutes, even on SIGUSR1).
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
# shellcheck source=tests/netns/lib_writeonly.sh
. "$(dirname "$0")/lib_writeonly.sh"
lib_init dyndns2
now_us t_all

T=dyndns2 TYPE=dyndns2 NAME=home.example.com PAIRED=1 FLOOR=1
SECRET=ddtPw-4b1e9c03d7a2f6e5
prov_section() {
	cat <<EOF2
[provider p]
type = dyndns2
server = https://192.0.2.1/nic/update
username = user@example.com
password = $1
EOF2
}
wo_setup --user user@example.com --password "$SECRET" --host "$NAME" --require-contact
wo_common

# The request itself: Basic auth, myip and myipv6 in one, a User-Agent with a contact.
req=$(m_all | awk '$2 == "dyndns2" && $3 == 200 { p = $8 } END { print p }')
check dyndns2.request-shape "last request $req" \
	eval '[[ "$req" == "/nic/update?hostname=$NAME&myip=198.51.100."*"&myipv6=2001"* ]]'
ua=$("$PY" -c 'import json, sys
print([json.loads(l) for l in open(sys.argv[1])][-1]["ua"])' "$MLOG")
check dyndns2.user-agent "User-Agent '$ua'" eval '[[ "$ua" == "ddnsd/"*" https://"* ]]'

wo_error wrong-password - ddtWrong-0000 "$NAME A.*dyndns2: HTTP 401: the username or password was refused" 1
wo_error badauth '{"count":1,"reply":"badauth"}' "$SECRET" "dyndns2: badauth: the username or password was refused; fix username/password" 1
wo_error nohost '{"count":1,"reply":"nohost"}' "$SECRET" "dyndns2: nohost: the host name does not exist in this account" 1
wo_error abuse '{"count":1,"reply":"abuse"}' "$SECRET" "dyndns2: abuse: the host or account is blocked for abuse" 1
wo_error badagent '{"count":1,"reply":"badagent"}' "$SECRET" "dyndns2: badagent: " 1
wo_error loopback '{"count":1,"reply":"good 127.0.0.1"}' "$SECRET" "dyndns2: good: the provider ignored the request" 1
wo_error unknown '{"count":1,"reply":"<html>hello</html>"}' "$SECRET" "dyndns2: <html>hello</html>: the reply is not a dyndns2 return code" 1

# 911: retried no sooner than 30 minutes; a new address and SIGUSR1 do not shorten it.
wo_conf "$WORK/e911.conf" e911 "$SECRET"
rm -rf "$WORK/state-e911"
m_admin POST records '{"name":"'"$NAME"'","A":"203.0.113.1","AAAA":"2001:db8:9::1"}' >/dev/null
m_admin POST fault '{"count":1,"reply":"911"}' >/dev/null
m_mark
wo_run e911 "$WORK/e911.conf"
wait_for 5 in_log "dyndns2: 911"
check dyndns2.911-log "no '911 ... next try in 1800 s' line; log: $(log_tail 2)" \
	in_log "dyndns2: 911: the provider has an outage or maintenance; nothing: the request is retried in 30 minutes at the earliest; next try in 1[78][0-9][0-9] s"
wan4 198.51.100.9 198.51.100.10
sleep 1.5
kill -USR1 "$APID"
sleep 1.5
wo_show
check dyndns2.911-waits "$(m_count) requests, want the one that got 911" test "$(m_count)" = 1
check dyndns2.911-no-violations "the mock saw: $(m_violations | tr '\n' ';')" m_no_violations
stop_agent "$APID" 8
wan4 198.51.100.10 198.51.100.9
m_admin POST reset >/dev/null

wo_secrets
info "polls with nothing changed: $POLL_REQUESTS request(s) in $POLL_SECONDS s at 100 ms"
info "whole test took $(secs_since "$t_all") s"
finish
