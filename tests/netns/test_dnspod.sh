#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2034 # the variables are read by lib_cn.sh
# The agent end to end (`run`, `once`, `status`, signals) against the HTTPS Tencent Cloud
# DNSPod mock (mock_dnspod.py), which recomputes every request's TC3-HMAC-SHA256 signature:
# first sync, WAN address and prefix changes, repair of a deleted record, throttling and 503
# retries, restart without writes, an IDN name, a wrong secret and a wrong clock (permanent,
# explained, no retry storm), dry run, and no secret leaks. The steps are in lib_cn.sh.
# Binary: $DDNSD, else build-san/ddnsd, else build/ddnsd.
# shellcheck source=tests/netns/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/lib_cn.sh
. "$(dirname "$0")/lib_cn.sh"
lib_init dnspod

CN=dp
PTYPE=dnspod
PNAME=dp
MOCK=mock_dnspod.py
KEY_ID=AKIDddtSecretId7f3a9c1e55b24d8e
SECRET=ddtDpKey-0c4e81d2a9f6b7135b24d8e7 # the right key (the mock's)
BADSECRET=ddtDpWrong-9e1f5a3c7b2d4e6f8a0c
ID_KEY=secret-id
SECRET_KEY=secret-key
MOCK_ID_OPT=--secret-id
MOCK_SECRET_OPT=--secret-key
ACT_FIND=DescribeRecordList
ACT_ADD=CreateRecord
ACT_UPDATE=ModifyRecord
THROTTLE_CODE=RequestLimitExceeded
OUT_THROTTLE=200/RequestLimitExceeded # API 3.0 answers its errors with HTTP 200
OUT_5XX=503/-                         # a gateway's plain-text 503
SIG_CODE=AuthFailure.SignatureFailure
SIG_MSG='The provided credentials could not be validated'
CLOCK_CODE=AuthFailure.SignatureExpire

# Record ids travel as JSON numbers (ModifyRecord refuses a string), every request names the
# configured SecretId, and the writes keep the record's line.
cn_extra_checks() {
	local r
	r=$("$PY" -c 'import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
mods = [r["params"] for r in rs if r.get("action") == "ModifyRecord"]
writes = [r["params"] for r in rs if r.get("action") in ("ModifyRecord", "CreateRecord")]
print(len(mods), sum(1 for p in mods if type(p.get("RecordId")) is not int),
      sum(1 for r in rs if r.get("secret_id") != sys.argv[2]),
      sum(1 for p in writes if p.get("RecordLine") != "默认" and p.get("RecordLineId") != "0"))' \
		"$MLOG" "$KEY_ID")
	read -r nmod notint badid noline <<<"$r"
	check dp.record-id-number "$notint of $nmod ModifyRecord requests sent RecordId as a non-integer" \
		test "$notint" = 0 -a "$nmod" -gt 0
	check dp.secret-id "$badid request(s) without the SecretId $KEY_ID" test "$badid" = 0
	check dp.default-line "$noline write(s) without the default line (RecordLine 默认 or RecordLineId 0)" \
		test "$noline" = 0
}

cn_main
