#!/bin/bash
# SPDX-License-Identifier: MIT
# shellcheck disable=SC2034 # the variables are read by lib_cn.sh
# The agent end to end (`run`, `once`, `status`, signals) against the HTTPS Tencent Cloud
# DNSPod mock (mock_dnspod.py), which recomputes every request's TC3-HMAC-SHA256 signature:
# first sync, WAN address and prefix changes, repair of a deleted record, throttling and 503
# retries, restart without writes, an IDN name, a wrong secret and a wrong clock (permanent,
# explained, no retry storm), dry run, and no secret leaks. The steps are in lib_cn.sh. Then
# many records: read in bulk, written directly (dp_bulk below).
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

# Many records in one zone without zone = (DNSPod's zone is the name minus its first label): a
# first sync reads the zone in bulk (one DescribeRecordList per family, no Subdomain) and then
# only creates; a WAN change is one ModifyRecord per record and no read; a restart reads in
# bulk again and writes nothing; a record on another line is read by itself and keeps it.
BULK_N=10
act_count() { m_count '$2 == "'"$1"'"'; }
# by_action: the requests since the mark, "ACTION=N" sorted, one line.
by_action() { m_since | awk '{ n[$2]++ } END { for (a in n) print a "=" n[a] }' | sort | tr '\n' ' '; }
# bulk_reads_ok: every DescribeRecordList since the mark reads a whole type (no Subdomain) in
# pages of at most 3000 from an Offset.
bulk_reads_ok() {
	tail -n +$((M_MARK + 1)) "$MLOG" | "$PY" -c 'import json, sys
bad = 0
for l in sys.stdin:
    r = json.loads(l)
    p = r.get("params") or {}
    if r.get("action") == "DescribeRecordList" and ("Subdomain" in p or
            p.get("RecordType") not in ("A", "AAAA") or not 1 <= p.get("Limit", 0) <= 3000 or
            type(p.get("Offset")) is not int):
        bad += 1
print(bad)'
}
# bulk_logged: the agent's "ZONE: N records read in bulk (R requests) for M records and
# families" lines for example.com, as "READS:M" summed.
bulk_logged() {
	sed -n 's/.*ddnsd\[info\]: example\.com: [0-9]* records read in bulk (\([0-9]*\) requests) for \([0-9]*\) records and families$/\1 \2/p' \
		"$ALOG" | awk '{ r += $1; m += $2 } END { print r + 0 ":" m + 0 }'
}

dp_bulk() {
	local recs="" i got c
	for ((i = 0; i < BULK_N; i++)); do
		recs+="[record h$i]
name = h$i.example.com
provider = $PNAME

"
	done
	conf "$WORK/bulk.conf" bulk "" "$recs"
	m_mark
	start_agent bulk1 -c "$WORK/bulk.conf" -v run
	RB=$APID
	wait_for 20 eval '[ "$(m_count '"'"'$2 == "CreateRecord" && $3 == "200/-"'"'"')" -ge $((2 * BULK_N)) ]'
	sleep 0.5
	m_show
	got=$(by_action)
	check dp.bulk-first-sync "first sync of $BULK_N x 2: $got; want DescribeRecordList=2 CreateRecord=$((2 * BULK_N)) only" \
		test "$got" = "CreateRecord=$((2 * BULK_N)) DescribeRecordList=2 "
	check dp.bulk-reads-whole-types "$(bulk_reads_ok) DescribeRecordList request(s) not of a whole type" \
		test "$(bulk_reads_ok)" = 0
	got=$(bulk_logged)
	check dp.bulk-logged "the agent logged bulk reads of example.com as '$got' (requests:records and families), want 2:$((2 * BULK_N)); $(grep -c 'read in bulk' "$ALOG") line(s)" \
		test "$got" = "2:$((2 * BULK_N))"
	c=0
	for ((i = 0; i < BULK_N; i++)); do
		[ "$(m_content A "h$i.example.com") $(m_content AAAA "h$i.example.com")" = \
			"198.51.100.9 2001:db8:2::7" ] && c=$((c + 1))
	done
	check dp.bulk-records "$c of $BULK_N records hold both addresses" test "$c" = "$BULK_N"

	# One WAN change: one ModifyRecord per record, nothing read.
	m_wait_idle
	m_mark
	wan4 198.51.100.9 198.51.100.11
	wait_for 10 eval '[ "$(m_count '"'"'$2 == "ModifyRecord" && $3 == "200/-" && $7 == "198.51.100.11"'"'"')" -ge $BULK_N ]'
	sleep 0.5
	m_show
	got=$(by_action)
	check dp.bulk-change-direct "a WAN change at $BULK_N records: $got; want ModifyRecord=$BULK_N only" \
		test "$got" = "ModifyRecord=$BULK_N "
	c=$(m_count '$2 == "ModifyRecord" && $3 == "200/-" && $5 == "A" && $7 == "198.51.100.11"')
	check dp.bulk-change-written "$c of $BULK_N ModifyRecord requests wrote A 198.51.100.11" \
		test "$c" = "$BULK_N"
	stop_agent "$RB" 8

	# A restart: the zone read in bulk, nothing written.
	m_mark
	start_agent bulk2 -c "$WORK/bulk.conf" -v run
	RB=$APID
	wait_for 10 in_log "read in bulk"
	sleep 1.5
	m_show
	got=$(by_action)
	check dp.bulk-restart-reads-only "a restart: $got; want DescribeRecordList=2 only" \
		test "$got" = "DescribeRecordList=2 "
	stop_agent "$RB" 8

	# A record moved to another line: a direct ModifyRecord would put it back on the default
	# one, so it is read by itself (after the bulk read, at start-up and before each write).
	m_admin PATCH "records/$(m_id A h0.example.com)" '{"line":"电信"}' >/dev/null
	m_mark
	LINE_FROM=$M_MARK
	start_agent bulk3 -c "$WORK/bulk.conf" -v run
	RB=$APID
	wait_for 10 in_log "read in bulk"
	wait_for 5 m_has '$2 == "DescribeRecordList" && $6 == "h0"'
	sleep 1
	m_show
	got=$(by_action)
	check dp.bulk-line-read "a restart with h0 on another line: $got; want DescribeRecordList=3 only (2 in bulk, h0)" \
		test "$got:$(m_count '$2 == "DescribeRecordList" && $6 == "h0" && $5 == "A"')" = "DescribeRecordList=3 :1"
	m_wait_idle
	m_mark
	wan4 198.51.100.11 198.51.100.12
	wait_for 10 eval '[ "$(m_count '"'"'$2 == "ModifyRecord" && $3 == "200/-" && $7 == "198.51.100.12"'"'"')" -ge $BULK_N ]'
	sleep 0.5
	m_show
	got=$(by_action)
	check dp.bulk-line-change "a WAN change with h0 on another line: $got; want DescribeRecordList=1 (h0) ModifyRecord=$BULK_N" \
		test "$got:$(m_count '$2 == "DescribeRecordList" && $6 == "h0"')" = "DescribeRecordList=1 ModifyRecord=$BULK_N :1"
	got=$(m_admin GET records | "$PY" -c 'import json, sys
print(" ".join(r["Line"] + "/" + r["content"] for r in json.load(sys.stdin)
               if r["name"] == "h0.example.com" and r["type"] == "A"))')
	check dp.bulk-line-kept "h0's A record is now '$got' (line/address), want '电信/198.51.100.12'" \
		test "$got" = "电信/198.51.100.12"
	stop_agent "$RB" 8
	wan4 198.51.100.12 198.51.100.9
}

# Record ids travel as JSON numbers (ModifyRecord refuses a string), every request names the
# configured SecretId, and the writes keep the record's line (the default one, but for h0 at
# the end of dp_bulk).
cn_extra_checks() {
	local r
	dp_bulk
	r=$("$PY" -c 'import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
mods = [r["params"] for r in rs if r.get("action") == "ModifyRecord"]
# Every write on the default line, but h0 once moved to another one (dp_bulk).
writes = [r["params"] for i, r in enumerate(rs)
          if r.get("action") in ("ModifyRecord", "CreateRecord") and
          (i < int(sys.argv[3]) or r["params"].get("SubDomain") != "h0")]
print(len(mods), sum(1 for p in mods if type(p.get("RecordId")) is not int),
      sum(1 for r in rs if r.get("secret_id") != sys.argv[2]),
      sum(1 for p in writes if p.get("RecordLine") != "默认" and p.get("RecordLineId") != "0"))' \
		"$MLOG" "$KEY_ID" "$LINE_FROM")
	read -r nmod notint badid noline <<<"$r"
	check dp.record-id-number "$notint of $nmod ModifyRecord requests sent RecordId as a non-integer" \
		test "$notint" = 0 -a "$nmod" -gt 0
	check dp.secret-id "$badid request(s) without the SecretId $KEY_ID" test "$badid" = 0
	check dp.default-line "$noline write(s) without the default line (RecordLine 默认 or RecordLineId 0)" \
		test "$noline" = 0
}

cn_main
