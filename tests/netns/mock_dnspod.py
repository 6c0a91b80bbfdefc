#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A stdlib HTTPS mock of Tencent Cloud DNSPod (API 3.0, version 2021-03-23, TC3-HMAC-SHA256)
for the netns tests. Every request's signature is recomputed from what arrived.

usage: mock_dnspod.py --listen ADDR --port N --cert PEM --key PEM
                      --secret-id ID (--secret-key K | --secret-key-file FILE)
                      [--log FILE] [--seed FILE.json] [--zone NAME]...
                      [--record "TYPE NAME VALUE"]... [--min-ttl N] [--delay-ms N]
                      [--clock-offset SECONDS] [--fuzzy-subdomain]

API: POST / with a JSON body, Content-Type application/json, X-TC-Action, X-TC-Version
2021-03-23, X-TC-Timestamp and a TC3-HMAC-SHA256 Authorization (service "dnspod"):
  DescribeRecordList  Domain [Subdomain] [RecordType] [RecordLine] [Offset (default 0)]
                      [Limit (1..3000, default 100)] [ErrorOnEmpty]: the matching records in
                      RecordId order, the page Offset..Offset+Limit in RecordList, and
                      RecordCountInfo {SubdomainCount, ListCount (this page), TotalCount};
                      nothing found: ResourceNotFound.NoDataOfRecord. Without Subdomain, every
                      label of the zone (a bulk read), "@" for the apex
  CreateRecord        Domain SubDomain(default "@") RecordType RecordLine|RecordLineId Value
                      [TTL (default 600)]
  ModifyRecord        Domain SubDomain(default "@"!) RecordType RecordLine|RecordLineId Value
                      RecordId (a JSON number, the exact id) [TTL (default 600)]
  DeleteRecord        Domain RecordId
Every answer is HTTP 200; errors are {"Response":{"Error":{"Code","Message"},"RequestId"}},
the Message in Chinese, or in English when X-TC-Language is en-US, as the real API does:
  Authorization malformed or not signing content-type and host
                                         -> AuthFailure.InvalidAuthorization
  unknown SecretId                       -> AuthFailure.SecretIdNotFound
  X-TC-Timestamp off by > 5 min from the mock's clock
                                         -> AuthFailure.SignatureExpire
  signature recomputed (POST, /, "", the signed headers' values lower-cased and trimmed,
    SHA-256 of the received body, the scope date from X-TC-Timestamp, service dnspod)
    differs                              -> AuthFailure.SignatureFailure
  duplicate record                       -> InvalidParameter.DomainRecordExist
  unknown record id                      -> InvalidParameter.RecordIdInvalid
With --fuzzy-subdomain, Subdomain matches every label that starts with it (the client must
filter exactly).

Admin (no auth; for the tests), the same shapes as mock_cloudflare.py:
  GET    /_admin/records                  every record (JSON array; the API's fields plus
                                          "id", "type", "name" (FQDN), "content", "ttl")
  POST   /_admin/records                  add one {"type","name","content"[,"ttl","line","id"]}
  GET    /_admin/records/RID              one record
  PATCH  /_admin/records/RID              edit one behind the agent's back
                                          {"content"|"value","ttl","line","label","type"}
  DELETE /_admin/records/RID              delete one
  GET    /_admin/zones
  GET    /_admin/requests                 the request log (JSON array)
  POST   /_admin/fault                    {"count":N[,"code":"RequestLimitExceeded"]
                                           [,"status":200][,"message":M][,"action":A]
                                           [,"retry_after":S][,"body":"raw text"]}: the next
                                          N signed API requests (of action A) fail so.
                                          "status" >= 500 alone gives that status with a
                                          plain-text body (a gateway's answer).
  POST   /_admin/config                   {"delay_ms":N,"clock_offset":S,"min_ttl":N,
                                           "fuzzy_subdomain":bool}
  POST   /_admin/reset                    clear faults and the request log
The request log (also appended to --log, one JSON line per request) holds the method, path,
action, parameters (the JSON body), SecretId, signature_ok, status and error code; never
the Authorization header or the key.
"""
import argparse
import hashlib
import hmac
import json
import threading
import time
import uuid

import mock_common as common
from mock_common import LOCK, STATE, now

VERSION = "2021-03-23"
SERVICE = "dnspod"
ALGORITHM = "TC3-HMAC-SHA256"
SKEW = 5 * 60
FIRST_ID = 1600000001
DEFAULT_LINE = "默认"
LINES = {"默认": "0", "电信": "10=0", "联通": "10=1", "移动": "10=3", "境外": "3=0"}

STATE.update({"zones": set(), "next_id": FIRST_ID, "clock_offset": 0, "min_ttl": 1,
              "fuzzy_subdomain": False})
SECRET_ID = None
SECRET_KEY = None


# ---- TC3-HMAC-SHA256, recomputed from the request as received ---------------------------

def parse_authorization(value):
    """(secret id, date, service, [signed header names], signature) or None."""
    fields = common.authorization_fields(value, ALGORITHM)
    if fields is None:
        return None
    cred = fields["Credential"].split("/")
    if len(cred) != 4 or cred[3] != "tc3_request" or len(fields["Signature"]) != 64:
        return None
    return cred[0], cred[1], cred[2], fields["SignedHeaders"].split(";"), fields["Signature"]


def utc_date(ts):
    return time.strftime("%Y-%m-%d", time.gmtime(ts))


def string_to_sign(method, raw_query, headers, signed, body, timestamp, service=SERVICE):
    """headers: a callable name -> received value ("" when absent)."""
    canon_headers = "".join("%s:%s\n" % (n, headers(n).strip().lower()) for n in signed)
    canonical = "\n".join([method, "/", raw_query, canon_headers, ";".join(signed),
                           hashlib.sha256(body).hexdigest()])
    scope = "%s/%s/tc3_request" % (utc_date(timestamp), service)
    return "\n".join([ALGORITHM, str(timestamp), scope,
                      hashlib.sha256(canonical.encode()).hexdigest()])


def signature(secret_key, timestamp, sts, service=SERVICE):
    def mac(key, msg):
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()
    k_date = mac(("TC3" + secret_key).encode(), utc_date(timestamp))
    k_signing = mac(mac(k_date, service), "tc3_request")
    return hmac.new(k_signing, sts.encode(), hashlib.sha256).hexdigest()


# ---- records ------------------------------------------------------------------------------

# The messages the API gives with X-TC-Language: en-US (Chinese is its default).
ENGLISH = {
    "ResourceNotFound.NoDataOfRecord": "The record list is empty.",
    "InvalidParameter.DomainRecordExist": "The record already exists.",
    "InvalidParameter.RecordIdInvalid": "The record ID is invalid.",
    "InvalidParameterValue.DomainNotExists": "The domain does not exist.",
    "InvalidParameter.RecordLineInvalid": "The record line is invalid.",
    "InvalidParameter.RecordValueInvalid": "The record value is invalid.",
    "LimitExceeded.RecordTtlLimit": "The TTL is below the minimum of your plan.",
    "InvalidParameter.TTLInvalid": "The TTL is invalid.",
    "RequestLimitExceeded": "Your request frequency exceeds the limit.",
}
REQUEST = threading.local()  # the language asked for by the request being answered


def error(code, message, fixed=False):
    """The error envelope; the message in English when the request asked (unless fixed)."""
    if not fixed and getattr(REQUEST, "lang", None) == "en-US" and code in ENGLISH:
        message = ENGLISH[code]
    return {"Response": {"Error": {"Code": code, "Message": message or code},
                         "RequestId": str(uuid.uuid4())}}


def ok(**fields):
    fields["RequestId"] = str(uuid.uuid4())
    return {"Response": fields}


def make_record(zone, label, rtype, value, ttl=600, line=DEFAULT_LINE, rid=None):
    if rid is None:
        rid = STATE["next_id"]
        STATE["next_id"] += 1
    return {"RecordId": int(rid), "Domain": zone, "Name": label, "Type": rtype.upper(),
            "Value": value, "TTL": int(ttl), "Line": line, "LineId": LINES.get(line, "0"),
            "Status": "ENABLE", "Weight": None, "MX": 0, "Remark": "", "MonitorStatus": "",
            "DefaultNS": False,
            "UpdatedOn": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(now()))}


def public_view(rec):
    return {k: v for k, v in rec.items() if k != "Domain"}


def duplicate(rec, exclude=None):
    return common.duplicate(rec, ("Domain", "Name", "Type", "Value", "Line"), exclude)


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def missing(p, *names):
    for n in names:
        if p.get(n) in (None, ""):
            return error("MissingParameter", "The request is missing a required parameter "
                         "`%s`." % n)
    return None


def domain_of(p):
    zone = str(p["Domain"]).lower().rstrip(".")
    return zone if zone in STATE["zones"] else None


NO_DOMAIN = ("InvalidParameterValue.DomainNotExists", "当前域名有误，请返回重新操作。")


def line_of(p):
    """(line name, None) or (None, error)."""
    if p.get("RecordLineId") not in (None, ""):
        for name, lid in LINES.items():
            if lid == p["RecordLineId"]:
                return name, None
        return None, error("InvalidParameter.RecordLineInvalid", "记录线路错误。")
    if p.get("RecordLine") in LINES:
        return p["RecordLine"], None
    if p.get("RecordLine") in (None, ""):
        return None, error("MissingParameter", "The request is missing a required parameter "
                           "`RecordLine`.")
    return None, error("InvalidParameter.RecordLineInvalid", "记录线路错误。")


def ttl_of(p):
    if "TTL" not in p:
        return 600, None
    if not is_int(p["TTL"]):
        return None, error("InvalidParameter", "The value type of parameter `TTL` is not "
                           "valid: it must be an integer.")
    if p["TTL"] < STATE["min_ttl"]:
        return None, error("LimitExceeded.RecordTtlLimit", "记录的TTL值超出了限制。")
    if p["TTL"] > 604800:
        return None, error("InvalidParameter.TTLInvalid", "TTL 值错误。")
    return p["TTL"], None


def describe_list(p):
    bad = missing(p, "Domain")
    if bad:
        return bad
    zone = domain_of(p)
    if zone is None:
        return error(*NO_DOMAIN)
    recs = [r for r in STATE["records"].values() if r["Domain"] == zone]
    sub = p.get("Subdomain")
    if sub:
        sub = str(sub).lower()
        if STATE["fuzzy_subdomain"]:
            recs = [r for r in recs if r["Name"].lower().startswith(sub)]
        else:
            recs = [r for r in recs if r["Name"].lower() == sub]
    if p.get("RecordType"):
        recs = [r for r in recs if r["Type"] == str(p["RecordType"]).upper()]
    if p.get("RecordLine"):
        recs = [r for r in recs if r["Line"] == p["RecordLine"]]
    recs.sort(key=lambda r: r["RecordId"])
    offset, limit = p.get("Offset", 0), p.get("Limit", 100)
    if not is_int(offset) or not is_int(limit) or offset < 0 or not 1 <= limit <= 3000:
        return error("InvalidParameter", "Offset or Limit is not valid.")
    if not recs and p.get("ErrorOnEmpty", "yes") != "no":
        return error("ResourceNotFound.NoDataOfRecord", "记录列表为空。")
    chunk = recs[offset:offset + limit]
    return ok(RecordCountInfo={"SubdomainCount": len(recs), "ListCount": len(chunk),
                               "TotalCount": len(recs)},
              RecordList=[public_view(r) for r in chunk])


def write_record(p, modify):
    need = ["Domain", "RecordType", "Value"] + (["RecordId"] if modify else [])
    bad = missing(p, *need)
    if bad:
        return bad
    zone = domain_of(p)
    if zone is None:
        return error(*NO_DOMAIN)
    old = None
    if modify:
        if not is_int(p["RecordId"]):
            return error("InvalidParameter", "The value type of parameter `RecordId` is not "
                         "valid: it must be an integer.")
        old = STATE["records"].get(p["RecordId"])  # the exact id, nothing looser
        if old is None or old["Domain"] != zone:
            return error("InvalidParameter.RecordIdInvalid", "记录编号错误。")
    line, bad = line_of(p)
    if bad:
        return bad
    rtype = str(p["RecordType"]).upper()
    if not common.value_ok(rtype, p["Value"]):
        return error("InvalidParameter.RecordValueInvalid", "记录值有误，请修改后再操作。")
    ttl, bad = ttl_of(p)
    if bad:
        return bad
    # As the real API: SubDomain left out means the apex, also for ModifyRecord.
    label = str(p.get("SubDomain") or "@").lower()
    rec = make_record(zone, label, rtype, p["Value"], ttl, line,
                      rid=old["RecordId"] if old else None)
    if duplicate(rec, exclude=old["RecordId"] if old else None):
        if not old:
            STATE["next_id"] -= 1
        return error("InvalidParameter.DomainRecordExist", "记录已经存在，无需再次添加。")
    STATE["records"][rec["RecordId"]] = rec
    return ok(RecordId=rec["RecordId"])


def delete_record(p):
    bad = missing(p, "Domain", "RecordId")
    if bad:
        return bad
    rec = STATE["records"].get(p["RecordId"]) if is_int(p["RecordId"]) else None
    if rec is None or rec["Domain"] != domain_of(p):
        return error("InvalidParameter.RecordIdInvalid", "记录编号错误。")
    del STATE["records"][rec["RecordId"]]
    return ok()


ACTIONS = {
    "DescribeRecordList": describe_list,
    "CreateRecord": lambda p: write_record(p, False),
    "ModifyRecord": lambda p: write_record(p, True),
    "DeleteRecord": delete_record,
}


# ---- HTTP ---------------------------------------------------------------------------------

class Handler(common.SignedHandler):
    server_version = "mock-dnspod/1"
    ensure_ascii = False
    config_bools = ("fuzzy_subdomain",)
    patch_fields = (("content", "Value"), ("value", "Value"), ("ttl", "TTL"), ("line", "Line"),
                    ("label", "Name"), ("type", "Type"))

    def _authenticate(self, url, raw, entry):
        """None when the request is signed right, else the error body."""
        auth = parse_authorization(self.headers.get("Authorization"))
        if auth is None:
            return error("AuthFailure.InvalidAuthorization",
                         "The Authorization header is not valid TC3-HMAC-SHA256.")
        sid, date, service, signed, sig = auth
        entry["secret_id"] = sid
        if ("content-type" not in signed or "host" not in signed or signed != sorted(signed)
                or any(self.headers.get(h) is None for h in signed)):
            return error("AuthFailure.InvalidAuthorization",
                         "SignedHeaders must list content-type and host, sorted, and every "
                         "header listed must be sent.")
        if sid != SECRET_ID:
            return error("AuthFailure.SecretIdNotFound",
                         "The SecretId is not found, please ensure that your SecretId is "
                         "correct.")
        try:
            ts = int(self.headers.get("X-TC-Timestamp", ""))
        except ValueError:
            return error("AuthFailure.InvalidAuthorization", "X-TC-Timestamp is not a number.")
        if abs(ts - now()) > SKEW:
            return error("AuthFailure.SignatureExpire",
                         "Signature expired. Timestamp %d, server time %d: the difference "
                         "must be within five minutes." % (ts, int(now())))
        sts = string_to_sign(self.command, url.query, lambda n: self.headers.get(n, ""),
                             signed, raw, ts)
        good = (date == utc_date(ts) and service == SERVICE and
                hmac.compare_digest(signature(SECRET_KEY, ts, sts), sig))
        entry["signature_ok"] = good
        if not good:
            return error("AuthFailure.SignatureFailure",
                         "The provided credentials could not be validated. Please check your "
                         "signature is correct.")
        if self.headers.get("X-TC-Version") != VERSION:
            return error("NoSuchVersion", "The requested version `%s` of service `dnspod` "
                         "does not exist." % self.headers.get("X-TC-Version"))
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if self.command != "POST" or url.path != "/" or ctype != "application/json":
            return error("UnsupportedProtocol", "POST / with application/json only.")
        return None

    def _fault(self, action):
        f = common.take_fault(lambda f: not f.get("action") or f["action"] == action)
        if f is None:
            return None
        if f.get("body") is not None or (f["status"] >= 500 and not f["code"]):
            text = f.get("body")
            if text is None:
                text = "%d Service Unavailable\n" % f["status"]
            return f["status"], None, common.retry_after(f), text
        return (f["status"], error(f["code"], f["message"], f["fixed"]), common.retry_after(f),
                None)

    def api(self, url, raw):
        action = self.headers.get("X-TC-Action")
        REQUEST.lang = self.headers.get("X-TC-Language")
        try:
            params = json.loads(raw) if raw else {}
        except ValueError:
            params = None
        entry = {"action": action, "params": params, "signature_ok": None}
        status, extra, text = 200, None, None
        obj = self._authenticate(url, raw, entry)
        if obj is None:
            fault = self._fault(action)
            if fault:
                status, obj, extra, text = fault
            elif not isinstance(params, dict):
                obj = error("InvalidParameter", "The request body is not a JSON object.")
            elif action not in ACTIONS:
                obj = error("InvalidAction", "The requested action `%s` does not exist."
                            % action)
            else:
                with LOCK:
                    obj = ACTIONS[action](params)
        self._reply(status, obj, extra, text)
        entry["status"] = status
        entry["code"] = (obj or {}).get("Response", {}).get("Error", {}).get("Code")
        self._log(entry)

    def fqdn(self, rec):
        return rec["Domain"] if rec["Name"] == "@" else rec["Name"] + "." + rec["Domain"]

    def record_key(self, text):
        try:
            return int(text)
        except ValueError:
            return None

    def admin_add(self, data):
        return seed_record(data)

    def admin_patch(self, rec, data):
        super().admin_patch(rec, data)
        rec["LineId"] = LINES.get(rec["Line"], "0")

    def make_fault(self, data):
        count = common.fault_count(data)
        status = int(data.get("status", 200))
        code = data.get("code")
        if not code and status < 500:
            code = "RequestLimitExceeded"
        message = data.get("message") or (
            "请求的次数超过了频率限制。" if code == "RequestLimitExceeded" else None)
        return {"count": count, "status": status, "code": code, "message": message,
                "fixed": bool(data.get("message")), "action": data.get("action"),
                "retry_after": data.get("retry_after"), "body": data.get("body")}


def seed_record(r):
    zone, label, rtype, value = common.seed_fields(r)
    rec = make_record(zone, label, rtype, value, r.get("ttl", 600), r.get("line", DEFAULT_LINE),
                      rid=r.get("id"))
    STATE["records"][rec["RecordId"]] = rec
    return rec


def main():
    global SECRET_ID, SECRET_KEY
    ap = common.arg_parser("Tencent Cloud DNSPod API 3.0 mock (tests only)", "--secret-key",
                           key_id="--secret-id")
    common.signing_options(ap)
    ap.add_argument("--fuzzy-subdomain", action="store_true")
    args, SECRET_KEY = common.parse_args(ap, "--secret-key", "mock_dnspod")
    SECRET_ID = args.secret_id
    STATE["fuzzy_subdomain"] = args.fuzzy_subdomain
    common.seed(args, seed_record, "mock_dnspod")
    common.serve(args, Handler)


if __name__ == "__main__":
    main()
