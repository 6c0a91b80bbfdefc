#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A stdlib HTTPS mock of Alibaba Cloud DNS (alidns 2015-01-09, V3 ACS3-HMAC-SHA256 signature)
for the netns tests. Every request's signature is recomputed from what arrived.

usage: mock_alidns.py --listen ADDR --port N --cert PEM --key PEM
                      --access-key-id ID (--access-key-secret S | --access-key-secret-file FILE)
                      [--log FILE] [--seed FILE.json] [--zone NAME]...
                      [--record "TYPE NAME VALUE"]... [--min-ttl N] [--delay-ms N]
                      [--clock-offset SECONDS]

API: POST (or GET) / with the action in x-acs-action, version 2015-01-09 in x-acs-version and
the business parameters in the query string (RPC style, as the official SDK sends them):
  DescribeSubDomainRecords  SubDomain [DomainName] [Type] [Line] [PageNumber] [PageSize]
  DescribeDomainRecords     DomainName [TypeKeyWord (exact type)] [RRKeyWord (substring)]
                            [Line] [PageNumber (from 1)] [PageSize (default 20, at most 500)]:
                            the zone's records by RecordId, TotalCount for paging
  DescribeDomainRecordInfo  RecordId
  AddDomainRecord           DomainName RR Type Value [TTL] [Line]
  UpdateDomainRecord        RecordId RR Type Value [TTL (default 600)] [Line (default "default")]
  DeleteDomainRecord        RecordId
Record ids are decimal strings above 2^53, as real ones are. Authentication, in this order:
  Authorization missing or not "ACS3-HMAC-SHA256 Credential=,SignedHeaders=,Signature=", a
    required header (host, x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce,
    x-acs-content-sha256) or a sent x-acs-* / non-empty content-type header not signed
                                       -> 400 IncompleteSignature
  unknown access key id                -> 404 InvalidAccessKeyId.NotFound
  x-acs-date malformed / off by > 15 min from the mock's clock
                                       -> 400 InvalidTimeStamp.Format / InvalidTimeStamp.Expired
  signature recomputed (method, path, the received query re-canonicalised, the headers named
    in SignedHeaders, SHA-256 of the received body) differs
                                       -> 400 SignatureDoesNotMatch
  x-acs-signature-nonce seen before    -> 400 SignatureNonceUsed
Errors use the real envelope {"RequestId","HostId","Code","Message","Recommend"}.

Admin (no auth; for the tests), the same shapes as mock_cloudflare.py:
  GET    /_admin/records                  every record (JSON array; the API's fields plus
                                          "id", "type", "name" (FQDN), "content", "ttl")
  POST   /_admin/records                  add one {"type","name","content"[,"ttl","line","id"]}
  GET    /_admin/records/RID              one record
  PATCH  /_admin/records/RID              edit one behind the agent's back
                                          {"content"|"value","ttl","line","rr","type"}
  DELETE /_admin/records/RID              delete one
  GET    /_admin/zones
  GET    /_admin/requests                 the request log (JSON array)
  POST   /_admin/fault                    {"count":N[,"code":"Throttling.User"][,"status":400]
                                           [,"message":M][,"action":A][,"retry_after":S]
                                           [,"body":"raw text"]}: the next N signed API
                                          requests (of action A) fail so. Defaults: code
                                          Throttling.User with 400; status >= 500 alone gives
                                          ServiceUnavailable.
  POST   /_admin/config                   {"delay_ms":N,"clock_offset":S,"min_ttl":N}
  POST   /_admin/reset                    clear faults, the request log and the used nonces
The request log (also appended to --log, one JSON line per request) holds the method, path,
action, parameters, key id, nonce, signature_ok, query_canonical (the query arrived in its
signed form byte for byte), status and error code; never the Authorization header or the
secret.
"""
import calendar
import hashlib
import hmac
import time
import urllib.parse
import uuid

import mock_common as common
from mock_common import LOCK, STATE, now

VERSION = "2015-01-09"
ALGORITHM = "ACS3-HMAC-SHA256"
REQUIRED_SIGNED = ("host", "x-acs-action", "x-acs-version", "x-acs-date",
                   "x-acs-signature-nonce", "x-acs-content-sha256")
SKEW = 15 * 60
FIRST_ID = 1876500000000000001  # > 2^53: ids must be handled as strings

STATE.update({"zones": set(), "nonces": set(), "next_id": FIRST_ID, "clock_offset": 0,
              "min_ttl": 1})
KEY_ID = None
SECRET = None


# ---- ACS3-HMAC-SHA256, recomputed from the request as received --------------------------

def pct(raw):
    """RFC 3986 encoding of bytes: A-Z a-z 0-9 - _ . ~ stay, the rest %XY upper-case."""
    return urllib.parse.quote_from_bytes(raw, safe="-_.~")


def canonical_query(raw_query):
    """The received query, decoded and encoded again, sorted by name (then value) bytes."""
    pairs = []
    for part in raw_query.split("&") if raw_query else []:
        if not part:
            continue
        k, _, v = part.partition("=")
        pairs.append((urllib.parse.unquote_to_bytes(k), urllib.parse.unquote_to_bytes(v)))
    pairs.sort()
    return "&".join(pct(k) + "=" + pct(v) for k, v in pairs)


def query_params(raw_query):
    """The parameters as text; '+' is a plus sign here (RFC 3986), never a space."""
    out = {}
    for part in raw_query.split("&") if raw_query else []:
        k, _, v = part.partition("=")
        if k:
            out[urllib.parse.unquote(k)] = urllib.parse.unquote(v)
    return out


def parse_authorization(value):
    """(key id, [signed header names], signature) or None."""
    fields = common.authorization_fields(value, ALGORITHM)
    if fields is None:
        return None
    names = fields["SignedHeaders"].split(";")
    if not fields["Credential"] or not all(names) or len(fields["Signature"]) != 64:
        return None
    return fields["Credential"], names, fields["Signature"]


def string_to_sign(method, path, raw_query, headers, signed, body):
    """headers: a callable name -> list of received values."""
    lines = []
    for name in sorted(signed):
        values = sorted(v.strip() for v in headers(name))
        lines.append("%s:%s\n" % (name, ",".join(values)))
    canonical = "\n".join([method, path or "/", canonical_query(raw_query), "".join(lines),
                           ";".join(sorted(signed)), hashlib.sha256(body).hexdigest()])
    return ALGORITHM + "\n" + hashlib.sha256(canonical.encode()).hexdigest()


def signature(secret, sts):
    return hmac.new(secret.encode(), sts.encode(), hashlib.sha256).hexdigest()


# ---- records ------------------------------------------------------------------------------

def request_id():
    return str(uuid.uuid4()).upper()


def api_error(status, code, message):
    return status, {"RequestId": request_id(), "HostId": "alidns.aliyuncs.com", "Code": code,
                    "Message": message,
                    "Recommend": "https://api.aliyun.com/troubleshoot?q=%s&product=Alidns"
                    % code}


def rr_of(name, zone):
    return "@" if name == zone else name[:-len(zone) - 1]


def make_record(zone, rr, rtype, value, ttl=600, line="default", rid=None):
    if rid is None:
        rid = str(STATE["next_id"])
        STATE["next_id"] += 1
    stamp = int(now() * 1000)
    return {"RecordId": str(rid), "DomainName": zone, "RR": rr, "Type": rtype.upper(),
            "Value": value, "TTL": int(ttl), "Line": line, "Status": "ENABLE",
            "Locked": False, "Weight": 1, "Remark": None, "CreateTimestamp": stamp,
            "UpdateTimestamp": stamp}


def duplicate(rec, exclude=None):
    return common.duplicate(rec, ("DomainName", "RR", "Type", "Value", "Line"), exclude)


def ttl_of(p, default):
    raw = p.get("TTL")
    if raw is None:
        return default, None
    try:
        ttl = int(raw)
    except ValueError:
        ttl = -1
    if not STATE["min_ttl"] <= ttl <= 86400:
        return None, api_error(400, "InvalidTTL",
                               "The specified TTL is invalid; it must be between %d and "
                               "86400." % STATE["min_ttl"])
    return ttl, None


def missing(p, *names):
    for n in names:
        if not p.get(n):
            return api_error(400, "Missing" + n, "%s is mandatory for this action." % n)
    return None


def describe_sub(p):
    bad = missing(p, "SubDomain")
    if bad:
        return bad
    sub = p["SubDomain"].lower().rstrip(".")
    zone = (p.get("DomainName") or "").lower().rstrip(".")
    if not zone:
        zone = ".".join(sub.split(".")[-2:])  # the API's guess: the last two labels
    if zone not in STATE["zones"]:
        return api_error(400, "InvalidDomainName.NoExist",
                         "The specified domain name does not exist. Refresh the page and "
                         "try again.")
    recs = []
    if sub == zone or sub.endswith("." + zone):
        rr = rr_of(sub, zone)
        recs = [r for r in STATE["records"].values()
                if r["DomainName"] == zone and r["RR"].lower() == rr]
    if p.get("Type"):
        recs = [r for r in recs if r["Type"] == p["Type"].upper()]
    if p.get("Line"):
        recs = [r for r in recs if r["Line"] == p["Line"]]
    recs.sort(key=lambda r: int(r["RecordId"]))
    try:
        page = max(1, int(p.get("PageNumber") or 1))
        size = max(1, min(100, int(p.get("PageSize") or 20)))
    except ValueError:
        return api_error(400, "InvalidParameter", "PageNumber or PageSize is not a number.")
    chunk = recs[(page - 1) * size:page * size]
    return 200, {"RequestId": request_id(), "TotalCount": len(recs), "PageNumber": page,
                 "PageSize": size, "DomainRecords": {"Record": chunk}}


def describe_domain(p):
    bad = missing(p, "DomainName")
    if bad:
        return bad
    zone = p["DomainName"].lower().rstrip(".")
    if zone not in STATE["zones"]:
        return api_error(400, "InvalidDomainName.NoExist",
                         "The specified domain name does not exist. Refresh the page and "
                         "try again.")
    recs = [r for r in STATE["records"].values() if r["DomainName"] == zone]
    if p.get("TypeKeyWord"):
        recs = [r for r in recs if r["Type"] == p["TypeKeyWord"].upper()]
    if p.get("RRKeyWord"):
        recs = [r for r in recs if p["RRKeyWord"].lower() in r["RR"].lower()]
    if p.get("Line"):
        recs = [r for r in recs if r["Line"] == p["Line"]]
    recs.sort(key=lambda r: int(r["RecordId"]))
    try:
        page = int(p.get("PageNumber") or 1)
        size = int(p.get("PageSize") or 20)
    except ValueError:
        return api_error(400, "InvalidParameter", "PageNumber or PageSize is not a number.")
    if page < 1 or not 1 <= size <= 500:
        return api_error(400, "InvalidPageSize", "PageNumber or PageSize is out of range.")
    chunk = recs[(page - 1) * size:page * size]
    return 200, {"RequestId": request_id(), "TotalCount": len(recs), "PageNumber": page,
                 "PageSize": size, "DomainRecords": {"Record": chunk}}


def record_info(p):
    bad = missing(p, "RecordId")
    if bad:
        return bad
    rec = STATE["records"].get(p["RecordId"])
    if rec is None:
        return api_error(400, "DomainRecordNotBelongToUser",
                         "The DNS record does not belong to you.")
    out = dict(rec)
    out["RequestId"] = request_id()
    return 200, out


def add_record(p):
    bad = missing(p, "DomainName", "RR", "Type", "Value")
    if bad:
        return bad
    zone = p["DomainName"].lower().rstrip(".")
    if zone not in STATE["zones"]:
        return api_error(400, "InvalidDomainName.NoExist",
                         "The specified domain name does not exist. Refresh the page and "
                         "try again.")
    if not common.value_ok(p["Type"].upper(), p["Value"]):
        return api_error(400, "InvalidValue", "The specified value is invalid.")
    ttl, bad = ttl_of(p, 600)
    if bad:
        return bad
    rec = make_record(zone, p["RR"].lower(), p["Type"], p["Value"], ttl,
                      p.get("Line") or "default")
    if duplicate(rec):
        STATE["next_id"] -= 1
        return api_error(400, "DomainRecordDuplicate", "The DNS record already exists.")
    STATE["records"][rec["RecordId"]] = rec
    return 200, {"RequestId": request_id(), "RecordId": rec["RecordId"]}


def update_record(p):
    bad = missing(p, "RecordId", "RR", "Type", "Value")
    if bad:
        return bad
    old = STATE["records"].get(p["RecordId"])  # the exact id, nothing looser
    if old is None:
        return api_error(400, "DomainRecordNotBelongToUser",
                         "The DNS record does not belong to you.")
    if not common.value_ok(p["Type"].upper(), p["Value"]):
        return api_error(400, "InvalidValue", "The specified value is invalid.")
    # As the real API: a TTL or Line left out is reset to its default, not kept.
    ttl, bad = ttl_of(p, 600)
    if bad:
        return bad
    new = make_record(old["DomainName"], p["RR"].lower(), p["Type"], p["Value"], ttl,
                      p.get("Line") or "default", rid=old["RecordId"])
    new["CreateTimestamp"] = old["CreateTimestamp"]
    same = all(new[k] == old[k] for k in ("RR", "Type", "Value", "Line", "TTL"))
    if same or duplicate(new, exclude=old["RecordId"]):
        return api_error(400, "DomainRecordDuplicate", "The DNS record already exists.")
    STATE["records"][old["RecordId"]] = new
    return 200, {"RequestId": request_id(), "RecordId": old["RecordId"]}


def delete_record(p):
    bad = missing(p, "RecordId")
    if bad:
        return bad
    if STATE["records"].pop(p["RecordId"], None) is None:
        return api_error(400, "DomainRecordNotBelongToUser",
                         "The DNS record does not belong to you.")
    return 200, {"RequestId": request_id(), "RecordId": p["RecordId"]}


ACTIONS = {
    "DescribeSubDomainRecords": describe_sub,
    "DescribeDomainRecords": describe_domain,
    "DescribeDomainRecordInfo": record_info,
    "AddDomainRecord": add_record,
    "UpdateDomainRecord": update_record,
    "DeleteDomainRecord": delete_record,
}


# ---- HTTP ---------------------------------------------------------------------------------

class Handler(common.SignedHandler):
    server_version = "mock-alidns/1"
    json_type = "application/json;charset=utf-8"
    patch_fields = (("content", "Value"), ("value", "Value"), ("ttl", "TTL"), ("line", "Line"),
                    ("rr", "RR"), ("type", "Type"))

    def _authenticate(self, url, raw, entry):
        """None when the request is signed right, else (status, error body)."""
        auth = parse_authorization(self.headers.get("Authorization"))
        if auth is None:
            return api_error(400, "IncompleteSignature",
                             "The request signature does not conform to Aliyun standards.")
        key_id, signed, sig = auth
        entry["key_id"] = key_id
        sent = {k.lower() for k in self.headers.keys()}
        must = set(REQUIRED_SIGNED) | {h for h in sent if h.startswith("x-acs-")}
        if self.headers.get("Content-Type", "").strip():
            must.add("content-type")
        unsigned = sorted(must - set(signed))
        if unsigned or any(h not in sent for h in signed):
            return api_error(400, "IncompleteSignature",
                             "The request signature does not conform to Aliyun standards. "
                             "Not signed or not sent: %s" % ",".join(
                                 unsigned or [h for h in signed if h not in sent]))
        if key_id != KEY_ID:
            return api_error(404, "InvalidAccessKeyId.NotFound",
                             "Specified access key is not found.")
        date = self.headers.get("x-acs-date", "")
        try:
            stamp = calendar.timegm(time.strptime(date, "%Y-%m-%dT%H:%M:%SZ"))
        except ValueError:
            return api_error(400, "InvalidTimeStamp.Format",
                             "Specified time stamp or date value is not well formatted.")
        if abs(stamp - now()) > SKEW:
            return api_error(400, "InvalidTimeStamp.Expired",
                             "Specified time stamp or date value is expired.")
        sts = string_to_sign(self.command, url.path, url.query,
                             lambda n: self.headers.get_all(n) or [], signed, raw)
        entry["signature_ok"] = hmac.compare_digest(signature(SECRET, sts), sig)
        if not entry["signature_ok"]:
            return api_error(400, "SignatureDoesNotMatch",
                             "Specified signature is not matched with our calculation.")
        nonce = self.headers.get("x-acs-signature-nonce")
        entry["nonce"] = nonce
        with LOCK:
            if nonce in STATE["nonces"]:
                return api_error(400, "SignatureNonceUsed",
                                 "Specified signature nonce was used already.")
            STATE["nonces"].add(nonce)
        if self.headers.get("x-acs-version") != VERSION:
            return api_error(400, "InvalidVersion", "Specified parameter Version is not valid.")
        return None

    def _fault(self, action):
        f = common.take_fault(lambda f: not f.get("action") or f["action"] == action)
        if f is None:
            return None
        if f.get("body") is not None:
            return f["status"], None, common.retry_after(f), f["body"]
        status, obj = api_error(f["status"], f["code"], f["message"])
        return status, obj, common.retry_after(f), None

    def api(self, url, raw):
        action = self.headers.get("x-acs-action")
        params = query_params(url.query)
        # Whether the URL carried the query in its signed (canonical) form byte for byte.
        entry = {"action": action, "params": params, "signature_ok": None,
                 "query_canonical": url.query == canonical_query(url.query)}
        extra, text = None, None
        bad = self._authenticate(url, raw, entry)
        if bad:
            status, obj = bad
        else:
            fault = self._fault(action)
            if fault:
                status, obj, extra, text = fault
            elif action not in ACTIONS:
                status, obj = api_error(400, "InvalidAction.NotFound",
                                        "Specified api is not found, please check your url "
                                        "and method.")
            else:
                with LOCK:
                    status, obj = ACTIONS[action](params)
        self._reply(status, obj, extra, text)
        entry["status"] = status
        entry["code"] = obj.get("Code") if isinstance(obj, dict) else None
        self._log(entry)

    def fqdn(self, rec):
        return rec["DomainName"] if rec["RR"] == "@" else rec["RR"] + "." + rec["DomainName"]

    def admin_add(self, data):
        return seed_record(data)

    def admin_patch(self, rec, data):
        super().admin_patch(rec, data)
        rec["UpdateTimestamp"] = int(now() * 1000)

    def make_fault(self, data):
        count = common.fault_count(data)
        status = int(data.get("status", 0))
        code = data.get("code")
        if not code:
            code = "ServiceUnavailable" if status >= 500 else "Throttling.User"
        if not status:
            status = 400
        message = data.get("message") or (
            "The request has failed due to a temporary failure of the server."
            if code == "ServiceUnavailable" else "Request was denied due to user flow control.")
        return {"count": count, "status": status, "code": code, "message": message,
                "action": data.get("action"), "retry_after": data.get("retry_after"),
                "body": data.get("body")}

    def reset(self):
        super().reset()
        STATE["nonces"] = set()


def seed_record(r):
    zone, rr, rtype, value = common.seed_fields(r)
    rec = make_record(zone, rr, rtype, value, r.get("ttl", 600), r.get("line", "default"),
                      rid=r.get("id"))
    STATE["records"][rec["RecordId"]] = rec
    return rec


def main():
    global KEY_ID, SECRET
    ap = common.arg_parser("Alibaba Cloud DNS API mock (tests only)", "--access-key-secret",
                           key_id="--access-key-id")
    common.signing_options(ap)
    args, SECRET = common.parse_args(ap, "--access-key-secret", "mock_alidns")
    KEY_ID = args.access_key_id
    common.seed(args, seed_record, "mock_alidns")
    common.serve(args, Handler)


if __name__ == "__main__":
    main()
