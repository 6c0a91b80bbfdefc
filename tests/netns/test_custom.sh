#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2154 # now_us sets its variable through printf -v
# shellcheck disable=SC2016 # awk programs in single quotes are expanded by awk
# The custom provider end to end against mock_dyndns.py's /custom/ API: the write-only
# scenario of lib_writeonly.sh with a URL template naming {name} in its path and both {ipv4}
# and {ipv6} (so one request carries both), a secret header; then a refused header (HTTP 401)
# and a reply without the success text. The secret sits in the URL path and the header.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_agent.sh
. "$(dirname "$0")/lib_agent.sh"
# shellcheck source=tests/netns/lib_writeonly.sh
. "$(dirname "$0")/lib_writeonly.sh"
lib_init custom
now_us t_all

T=custom TYPE=custom NAME=home.example.com PAIRED=1
SECRET=ddtKey-93e1b7a0c4d8f256
prov_section() {
	cat <<EOF2
[provider p]
type = custom
url = https://192.0.2.1/custom/{name}/k-$1?ipv4={ipv4}&ipv6={ipv6}
header = X-Api-Key: $1
success = status: updated
EOF2
}
wo_setup --custom-header "X-Api-Key: $SECRET" --host "$NAME"
wo_common

req=$(m_all | awk '$2 == "custom" && $3 == 200 { p = $8 } END { print p }')
check custom.request-shape "last request $req" \
	eval '[[ "$req" == "/custom/$NAME/k-$SECRET?ipv4=198.51.100."*"&ipv6=2001%3A"* ]]'
check custom.shown "no 'custom: GET https://192.0.2.1/<template>' debug line" \
	grep -q "custom: GET https://192.0.2.1/<template>: 200" "$OUT"/run1.log

wo_error wrong-header - ddtWrongKey-0000 "custom: HTTP 401: credentials refused"
wo_error no-success-text '{"count":1,"reply":"status: queued"}' "$SECRET" "custom: HTTP 200 without the success text"

wo_secrets
info "whole test took $(secs_since "$t_all") s"
finish
