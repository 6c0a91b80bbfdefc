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
import argparse
import calendar
import hashlib
import hmac
import http.server
import ipaddress
import json
import socket
import ssl
import sys
import threading
import time
import urllib.parse
import uuid

VERSION = "2015-01-09"
ALGORITHM = "ACS3-HMAC-SHA256"
REQUIRED_SIGNED = ("host", "x-acs-action", "x-acs-version", "x-acs-date",
                   "x-acs-signature-nonce", "x-acs-content-sha256")
SKEW = 15 * 60
FIRST_ID = 1876500000000000001  # > 2^53: ids must be handled as strings

LOCK = threading.Lock()
STATE = {"zones": set(), "records": {}, "faults": [], "log": [], "nonces": set(),
         "next_id": FIRST_ID, "delay_ms": 0, "clock_offset": 0, "min_ttl": 1}
ARGS = None
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
    if not value or not value.startswith(ALGORITHM + " "):
        return None
    fields = {}
    for item in value[len(ALGORITHM) + 1:].split(","):
        k, sep, v = item.strip().partition("=")
        if not sep:
            return None
        fields[k] = v
    if set(fields) != {"Credential", "SignedHeaders", "Signature"}:
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

def now():
    return time.time() + STATE["clock_offset"]


def request_id():
    return str(uuid.uuid4()).upper()


def api_error(status, code, message):
    return status, {"RequestId": request_id(), "HostId": "alidns.aliyuncs.com", "Code": code,
                    "Message": message,
                    "Recommend": "https://api.aliyun.com/troubleshoot?q=%s&product=Alidns"
                    % code}


def fqdn_of(rec):
    return rec["DomainName"] if rec["RR"] == "@" else rec["RR"] + "." + rec["DomainName"]


def zone_for(name):
    """The longest configured zone holding name, or None."""
    best = None
    for z in STATE["zones"]:
        if (name == z or name.endswith("." + z)) and (best is None or len(z) > len(best)):
            best = z
    return best


def rr_of(name, zone):
    return "@" if name == zone else name[:-len(zone) - 1]


def value_ok(rtype, value):
    try:
        if rtype == "A":
            ipaddress.IPv4Address(value)
        elif rtype == "AAAA":
            ipaddress.IPv6Address(value)
    except (ValueError, TypeError):
        return False
    return True


def make_record(zone, rr, rtype, value, ttl=600, line="default", rid=None):
    if rid is None:
        rid = str(STATE["next_id"])
        STATE["next_id"] += 1
    stamp = int(now() * 1000)
    return {"RecordId": str(rid), "DomainName": zone, "RR": rr, "Type": rtype.upper(),
            "Value": value, "TTL": int(ttl), "Line": line, "Status": "ENABLE",
            "Locked": False, "Weight": 1, "Remark": None, "CreateTimestamp": stamp,
            "UpdateTimestamp": stamp}


def admin_view(rec):
    out = dict(rec)
    out.update({"id": rec["RecordId"], "type": rec["Type"], "name": fqdn_of(rec),
                "content": rec["Value"], "ttl": rec["TTL"], "line": rec["Line"]})
    return out


def duplicate(rec, exclude=None):
    for other in STATE["records"].values():
        if other["RecordId"] == exclude:
            continue
        if all(other[k] == rec[k] for k in ("DomainName", "RR", "Type", "Value", "Line")):
            return True
    return False


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
    if not value_ok(p["Type"].upper(), p["Value"]):
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
    if not value_ok(p["Type"].upper(), p["Value"]):
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
    "DescribeDomainRecordInfo": record_info,
    "AddDomainRecord": add_record,
    "UpdateDomainRecord": update_record,
    "DeleteDomainRecord": delete_record,
}


# ---- HTTP ---------------------------------------------------------------------------------

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30
    disable_nagle_algorithm = True
    server_version = "mock-alidns/1"

    def log_message(self, *a):
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status, obj, extra=None, raw=None):
        out = raw.encode() if raw is not None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain" if raw is not None
                         else "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(out)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(out)

    def _log(self, entry):
        entry.update({"t": time.time(), "method": self.command, "path": self.path,
                      "peer": self.client_address[0]})
        with LOCK:
            STATE["log"].append(entry)
            if ARGS.log:
                with open(ARGS.log, "a") as f:
                    f.write(json.dumps(entry) + "\n")

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
        with LOCK:
            for f in STATE["faults"]:
                if f["count"] <= 0 or (f.get("action") and f["action"] != action):
                    continue
                f["count"] -= 1
                STATE["faults"] = [x for x in STATE["faults"] if x["count"] > 0]
                extra = {}
                if f.get("retry_after") is not None:
                    extra["Retry-After"] = str(f["retry_after"])
                if f.get("body") is not None:
                    return f["status"], None, extra, f["body"]
                status, obj = api_error(f["status"], f["code"], f["message"])
                return status, obj, extra, None
        return None

    def _dispatch(self):
        raw = self._body()
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_admin/"):
            status, obj = self._admin(url, raw)
            self._send(status, obj)
            return
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
        if STATE["delay_ms"]:
            time.sleep(STATE["delay_ms"] / 1000.0)
        self._send(status, obj, extra, text)
        entry["status"] = status
        entry["code"] = obj.get("Code") if isinstance(obj, dict) else None
        self._log(entry)

    def _admin(self, url, raw):
        parts = [p for p in url.path.split("/") if p][1:]
        m = self.command
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            return 400, {"error": "body is not JSON"}
        with LOCK:
            if parts == ["records"] and m == "GET":
                return 200, [admin_view(r) for r in STATE["records"].values()]
            if parts == ["records"] and m == "POST":
                try:
                    rec = seed_record(data)
                except ValueError as e:
                    return 400, {"error": str(e)}
                return 200, admin_view(rec)
            if len(parts) == 2 and parts[0] == "records":
                rec = STATE["records"].get(parts[1])
                if rec is None:
                    return 404, {"error": "no such record"}
                if m == "GET":
                    return 200, admin_view(rec)
                if m == "DELETE":
                    del STATE["records"][parts[1]]
                    return 200, {"deleted": parts[1]}
                if m == "PATCH":
                    for src, dst in (("content", "Value"), ("value", "Value"), ("ttl", "TTL"),
                                     ("line", "Line"), ("rr", "RR"), ("type", "Type")):
                        if src in data:
                            rec[dst] = int(data[src]) if dst == "TTL" else str(data[src])
                    rec["UpdateTimestamp"] = int(now() * 1000)
                    return 200, admin_view(rec)
            if parts == ["zones"] and m == "GET":
                return 200, sorted(STATE["zones"])
            if parts == ["requests"] and m == "GET":
                return 200, STATE["log"]
            if parts == ["fault"] and m == "POST":
                try:
                    fault = make_fault(data)
                except (ValueError, TypeError) as e:
                    return 400, {"error": str(e)}
                STATE["faults"].append(fault)
                return 200, {"faults": STATE["faults"]}
            if parts == ["config"] and m == "POST":
                for k in ("delay_ms", "clock_offset", "min_ttl"):
                    if k in data:
                        STATE[k] = int(data[k])
                return 200, {k: STATE[k] for k in ("delay_ms", "clock_offset", "min_ttl")}
            if parts == ["reset"] and m == "POST":
                STATE["faults"] = []
                STATE["log"] = []
                STATE["nonces"] = set()
                return 200, {"reset": True}
        return 404, {"error": "unknown admin endpoint"}

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _dispatch


def make_fault(data):
    count = int(data.get("count", 0))
    if count < 1:
        raise ValueError("need count >= 1")
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


def seed_record(r):
    name = str(r.get("name", "")).lower().rstrip(".")
    zone = zone_for(name)
    if zone is None:
        raise ValueError("no zone for %s" % name)
    value = r.get("content", r.get("value"))
    rtype = str(r.get("type", "")).upper()
    if not value_ok(rtype, value):
        raise ValueError("bad %s value %r" % (rtype, value))
    rec = make_record(zone, rr_of(name, zone), rtype, value, r.get("ttl", 600),
                      r.get("line", "default"), rid=r.get("id"))
    STATE["records"][rec["RecordId"]] = rec
    return rec


def load_seed(path):
    with open(path) as f:
        seed = json.load(f)
    for z in seed.get("zones", []):
        STATE["zones"].add((z["name"] if isinstance(z, dict) else z).lower().rstrip("."))
    for r in seed.get("records", []):
        seed_record(r)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    tls = None

    def get_request(self):
        # The TLS handshake runs in the connection's thread (lazily, on the first read).
        sock, addr = self.socket.accept()
        return self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr


def main():
    global ARGS, KEY_ID, SECRET
    ap = argparse.ArgumentParser(description="Alibaba Cloud DNS API mock (tests only)")
    ap.add_argument("--listen", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--access-key-id", required=True)
    ap.add_argument("--access-key-secret")
    ap.add_argument("--access-key-secret-file")
    ap.add_argument("--log")
    ap.add_argument("--seed")
    ap.add_argument("--zone", action="append", default=[])
    ap.add_argument("--record", action="append", default=[], help='"TYPE NAME VALUE"')
    ap.add_argument("--min-ttl", type=int, default=1)
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--clock-offset", type=int, default=0)
    ARGS = ap.parse_args()
    KEY_ID = ARGS.access_key_id
    if ARGS.access_key_secret_file:
        with open(ARGS.access_key_secret_file) as f:
            SECRET = f.read().rstrip("\n")
    else:
        SECRET = ARGS.access_key_secret
    if not SECRET:
        sys.exit("mock_alidns: --access-key-secret or --access-key-secret-file is required")
    STATE.update(delay_ms=ARGS.delay_ms, clock_offset=ARGS.clock_offset, min_ttl=ARGS.min_ttl)
    if ARGS.seed:
        load_seed(ARGS.seed)
    for z in ARGS.zone:
        STATE["zones"].add(z.lower().rstrip("."))
    for r in ARGS.record:
        t, n, v = r.split()
        try:
            seed_record({"type": t, "name": n, "content": v})
        except ValueError as e:
            sys.exit("mock_alidns: --record %s: %s" % (r, e))

    Server.address_family = socket.AF_INET6 if ":" in ARGS.listen else socket.AF_INET
    Server.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    Server.tls.load_cert_chain(ARGS.cert, ARGS.key)
    srv = Server((ARGS.listen, ARGS.port), Handler)
    print("listening %s %d" % (ARGS.listen, srv.server_address[1]), flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
