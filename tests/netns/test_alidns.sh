#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2034 # the variables are read by lib_cn.sh
# shellcheck disable=SC2317,SC2016 # helpers called through wait_for; awk programs in single quotes
# The agent end to end (`run`, `once`, `status`, signals) against the HTTPS Alibaba Cloud DNS
# mock (mock_alidns.py), which recomputes every request's ACS3-HMAC-SHA256 signature: first
# sync, WAN address and prefix changes, repair of a deleted record, throttling and 503
# retries, restart without writes, an IDN name, a wrong secret and a wrong clock (permanent,
# explained, no retry storm), dry run, and no secret leaks. The steps are in lib_cn.sh; then
# many records in bulk (ali_bulk, below).
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

# Many records (10 names x 2 families, no zone =: the zone is the name minus its first label):
# a first sync reads the zone in bulk (one DescribeDomainRecords per family, the zone holding
# fewer than 500 records) and then only adds; a restart reads in bulk and writes nothing; a WAN
# change after it is one UpdateDomainRecord per record, with no read; a read throttled at its
# first page resumes there.
BULK_N=10
ali_bulk() {
	local recs="" i got want c="$WORK/bulk.conf" t
	now_us t
	# by_action: the requests since the mark, "ACTION=N ..." sorted by action.
	by_action() { m_since | awk '{ n[$2]++ } END { for (a in n) print a "=" n[a] }' | sort | tr '\n' ' '; }
	adds() { [ "$(m_count '$2 == "AddDomainRecord" && $3 == "200/-"')" -ge "$1" ]; }
	updates() { [ "$(m_count '$2 == "UpdateDomainRecord" && $3 == "200/-" && $7 == "'"$2"'"')" -ge "$1" ]; }
	for ((i = 0; i < BULK_N; i++)); do
		recs+=$(printf '[record h%d]\nname = h%d.example.com\nprovider = %s\n\n' "$i" "$i" "$PNAME")
		recs+=$'\n\n'
	done
	conf "$c" bulk "" "$recs"

	m_mark
	start_agent bulk1 -c "$c" -v run
	local rb=$APID
	wait_for 20 adds $((2 * BULK_N))
	sleep 0.5
	got=$(by_action)
	want="AddDomainRecord=$((2 * BULK_N)) DescribeDomainRecords=2 "
	check ali.bulk-first-sync "first sync of $BULK_N x 2: $got; want $want" test "$got" = "$want"
	check ali.bulk-first-sync-log "no 'example.com: N records read in bulk (2 requests) for $((2 * BULK_N)) records and families': $(log_tail 3)" \
		in_log "ddnsd\[info\]: example\.com: [0-9]+ records read in bulk \(2 requests\) for $((2 * BULK_N)) records and families"
	got=$(m_content A h3.example.com)/$(m_content AAAA h7.example.com)
	check ali.bulk-first-sync-records "the mock holds '$got' for A h3, AAAA h7" \
		test "$got" = "198.51.100.9/2001:db8:2::7"
	stop_agent "$rb" 8

	m_mark
	start_agent bulk2 -c "$c" -v run
	rb=$APID
	wait_for 10 in_log "read in bulk"
	sleep 1
	got=$(by_action)
	check ali.bulk-restart-reads-once "a restart: $got; want DescribeDomainRecords=2 only" \
		test "$got" = "DescribeDomainRecords=2 "

	m_wait_idle
	m_mark
	wan4 198.51.100.9 198.51.100.11
	wait_for 15 updates "$BULK_N" 198.51.100.11
	sleep 0.5
	got=$(by_action)
	want="UpdateDomainRecord=$BULK_N "
	check ali.bulk-change-direct "a WAN change at $BULK_N records: $got; want $want" test "$got" = "$want"
	got=$(m_content A h9.example.com)
	check ali.bulk-change-record "the mock's A h9 holds '$got'" test "$got" = 198.51.100.11
	stop_agent "$rb" 8

	# Restarted with the first page throttled: the read pauses and resumes at that page,
	# rather than falling back to a look-up per record.
	m_admin POST fault '{"count":1,"code":"Throttling.User","action":"DescribeDomainRecords"}' >/dev/null
	m_mark
	start_agent bulk3 -c "$c" -v run
	rb=$APID
	wait_for 15 in_log "read in bulk"
	sleep 1
	got=$(by_action)/$(m_count '$3 == "400/Throttling.User"')
	check ali.bulk-throttled-resumes "a restart with its first page throttled: $got; want DescribeDomainRecords=3 (1 throttled) only" \
		test "$got" = "DescribeDomainRecords=3 /1"
	stop_agent "$rb" 8
	wan4 198.51.100.11 198.51.100.9
	info "the bulk cases took $(secs_since "$t") s"
}

# Every signed request carried a nonce of its own (the mock refuses a repeat with
# SignatureNonceUsed, and a retry must not be refused so), its query in the form it signed,
# and the configured key id.
cn_extra_checks() {
	local r
	ali_bulk
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
