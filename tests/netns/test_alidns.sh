#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2034 # the variables are read by lib_cn.sh
# The agent end to end (`run`, `once`, `status`, signals) against the HTTPS Alibaba Cloud DNS
# mock (mock_alidns.py), which recomputes every request's ACS3-HMAC-SHA256 signature: first
# sync, WAN address and prefix changes, repair of a deleted record, throttling and 503
# retries, restart without writes, an IDN name, a wrong secret and a wrong clock (permanent,
# explained, no retry storm), dry run, and no secret leaks. The steps are in lib_cn.sh.
# Binary: $DDNSD, else build-san/ddnsd, else build/ddnsd.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_cn.sh
. "$(dirname "$0")/lib_cn.sh"
lib_init alidns

CN=ali
PTYPE=alidns
PNAME=ali
MOCK=mock_alidns.py
KEY_ID=LTAI5tDdtKey7f3a9c1e
SECRET=ddtAliSecret-5b24d8e0c4e81d2a9f6b7135 # the right secret (the mock's)
BADSECRET=ddtAliWrong-a7c3e9f1b2d4068e5c1f9a3d
ID_KEY=access-key-id
SECRET_KEY=access-key-secret
MOCK_ID_OPT=--access-key-id
MOCK_SECRET_OPT=--access-key-secret
ACT_FIND=DescribeSubDomainRecords
ACT_ADD=AddDomainRecord
ACT_UPDATE=UpdateDomainRecord
THROTTLE_CODE=Throttling.User
OUT_THROTTLE=400/Throttling.User
OUT_5XX=503/ServiceUnavailable
SIG_CODE=SignatureDoesNotMatch
SIG_MSG='Specified signature is not matched with our calculation'
CLOCK_CODE=InvalidTimeStamp.Expired

# Every signed request carried a nonce of its own (the mock refuses a repeat with
# SignatureNonceUsed, and a retry must not be refused so), its query in the form it signed,
# and the configured key id.
cn_extra_checks() {
	local r
	r=$("$PY" -c 'import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
ns = [r["nonce"] for r in rs if r.get("nonce")]
signed = [r for r in rs if r.get("signature_ok")]
print(len(ns), len(set(ns)), len(signed),
      sum(1 for r in rs if r.get("code") == "SignatureNonceUsed"),
      sum(1 for r in rs if not r.get("query_canonical")),
      sum(1 for r in rs if r.get("key_id") != sys.argv[2]))' "$MLOG" "$KEY_ID")
	read -r n uniq signed reused noncanon badid <<<"$r"
	info "$n nonces, $uniq distinct, over $signed signed requests"
	check ali.nonces-distinct "$n nonces, $uniq distinct, $signed requests signed right, $reused refused as reused" \
		test "$n" = "$uniq" -a "$n" = "$signed" -a "$n" -gt 0 -a "$reused" = 0
	check ali.query-as-signed "$noncanon request(s) whose query was not in its canonical (signed) form" \
		test "$noncanon" = 0
	check ali.key-id "$badid request(s) without the key id $KEY_ID" test "$badid" = 0
}

cn_main
