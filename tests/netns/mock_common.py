# SPDX-License-Identifier: MIT
"""The plumbing the HTTPS provider mocks of the netns tests share (mock_cloudflare.py,
mock_alidns.py, mock_dnspod.py): the TLS threading server, the request handler's body, JSON
replies, request log and admin endpoints (/_admin/records, zones, requests, fault, config,
reset), fault bookkeeping, the common command-line options and seeding. Each mock keeps its
API: routes, authentication or signature checks, record shapes and error envelopes.

A mock extends STATE with its own keys, subclasses Handler (api() and the admin hooks; the
signing mocks SignedHandler), parses its command line with arg_parser and parse_args, and calls
serve(). Python 3 standard library only.
"""
import argparse
import http.server
import ipaddress
import json
import socket
import ssl
import sys
import threading
import time
import urllib.parse

LOCK = threading.Lock()
# The mock's world; each mock adds its own keys (zones, next ids, settings).
STATE = {"records": {}, "faults": [], "log": [], "delay_ms": 0}
LOG_FILE = None  # --log: the request log is also appended there, one JSON line per request


class Refused(Exception):
    """An admin request the mock turns down with 400 {"error": message}."""


# ---- command line ------------------------------------------------------------------------

def arg_parser(description, secret, key_id=None, zone_help=None, record_help='"TYPE NAME VALUE"'):
    """The options every mock has, in this order: --listen --port --cert --key [KEY_ID]
    SECRET SECRET-file --log --seed --zone --record; the mock adds its own after them."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--listen", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    if key_id:
        ap.add_argument(key_id, required=True)
    ap.add_argument(secret)
    ap.add_argument(secret + "-file")
    ap.add_argument("--log")
    ap.add_argument("--seed")
    ap.add_argument("--zone", action="append", default=[], help=zone_help)
    ap.add_argument("--record", action="append", default=[], help=record_help)
    return ap


def parse_args(ap, secret, prog):
    """(the options, the secret): SECRET, or the first line of the file SECRET-file names."""
    global LOG_FILE
    args = ap.parse_args()
    LOG_FILE = args.log
    dest = secret.lstrip("-").replace("-", "_")
    path = getattr(args, dest + "_file")
    if path:
        with open(path) as f:
            value = f.read().rstrip("\n")
    else:
        value = getattr(args, dest)
    if not value:
        sys.exit("%s: %s or %s-file is required" % (prog, secret, secret))
    return args, value


# ---- records and zones -------------------------------------------------------------------

def now():
    """The mock's clock (STATE["clock_offset"] seconds off the real one)."""
    return time.time() + STATE["clock_offset"]


def value_ok(rtype, value):
    """Whether value is an address of the record type's family (other types: anything)."""
    try:
        if rtype == "A":
            ipaddress.IPv4Address(value)
        elif rtype == "AAAA":
            ipaddress.IPv6Address(value)
    except (ValueError, TypeError):
        return False
    return True


def longest_zone(name, zones, key=lambda z: z):
    """The zone holding name (longest suffix match; key gives a zone's name), or None."""
    best = None
    for z in zones:
        zn = key(z)
        if (name == zn or name.endswith("." + zn)) and (best is None or len(zn) > len(key(best))):
            best = z
    return best


def load_seed(path, add_zone, add_record):
    """A --seed file: {"zones": [NAME or {"name",...}], "records": [{"type","name",...}]}."""
    with open(path) as f:
        seed = json.load(f)
    for z in seed.get("zones", []):
        add_zone(z)
    for r in seed.get("records", []):
        add_record(r)


# The signing mocks (mock_alidns, mock_dnspod): zones are a set of names, records are keyed
# by RecordId and carry Type, Value, TTL and Line.

def add_zone_name(z):
    STATE["zones"].add((z["name"] if isinstance(z, dict) else z).lower().rstrip("."))


def seed_fields(r):
    """(zone, label ("@" for the apex), TYPE, value) of an admin or seed record
    {"type","name","content"|"value"}; ValueError when it has no zone or a bad address."""
    name = str(r.get("name", "")).lower().rstrip(".")
    zone = longest_zone(name, STATE["zones"])
    if zone is None:
        raise ValueError("no zone for %s" % name)
    value = r.get("content", r.get("value"))
    rtype = str(r.get("type", "")).upper()
    if not value_ok(rtype, value):
        raise ValueError("bad %s value %r" % (rtype, value))
    return zone, "@" if name == zone else name[:-len(zone) - 1], rtype, value


def signing_options(ap):
    """The signing mocks' settings, after the options of arg_parser."""
    ap.add_argument("--min-ttl", type=int, default=1)
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--clock-offset", type=int, default=0)


def seed(args, seed_record, prog):
    """The settings of signing_options, then --seed, every --zone NAME and every
    --record "TYPE NAME VALUE"."""
    STATE.update(delay_ms=args.delay_ms, clock_offset=args.clock_offset, min_ttl=args.min_ttl)
    if args.seed:
        load_seed(args.seed, add_zone_name, seed_record)
    for z in args.zone:
        STATE["zones"].add(z.lower().rstrip("."))
    for r in args.record:
        t, n, v = r.split()
        try:
            seed_record({"type": t, "name": n, "content": v})
        except ValueError as e:
            sys.exit("%s: --record %s: %s" % (prog, r, e))


def duplicate(rec, keys, exclude=None):
    """Whether another record (RecordId other than exclude) equals rec in every key."""
    for other in STATE["records"].values():
        if other["RecordId"] == exclude:
            continue
        if all(other[k] == rec[k] for k in keys):
            return True
    return False


def authorization_fields(value, algorithm):
    """{"Credential", "SignedHeaders", "Signature"} of an Authorization header
    "ALGORITHM Credential=...,SignedHeaders=...,Signature=..." (exactly those three), or None."""
    if not value or not value.startswith(algorithm + " "):
        return None
    fields = {}
    for item in value[len(algorithm) + 1:].split(","):
        k, sep, v = item.strip().partition("=")
        if not sep:
            return None
        fields[k] = v
    if set(fields) != {"Credential", "SignedHeaders", "Signature"}:
        return None
    return fields


# ---- faults and the request log ----------------------------------------------------------

def take_fault(match):
    """The first armed fault that match(fault) accepts, counted down (spent ones are dropped),
    or None."""
    with LOCK:
        for f in STATE["faults"]:
            if f["count"] <= 0 or not match(f):
                continue
            f["count"] -= 1
            STATE["faults"] = [x for x in STATE["faults"] if x["count"] > 0]
            return f
    return None


def fault_count(data):
    """The "count" of POST /_admin/fault; ValueError unless it is 1 or more."""
    count = int(data.get("count", 0))
    if count < 1:
        raise ValueError("need count >= 1")
    return count


def retry_after(fault):
    """The extra headers of a fault's answer."""
    if fault.get("retry_after") is not None:
        return {"Retry-After": str(fault["retry_after"])}
    return {}


def log_entry(entry, ensure_ascii=True):
    """Keeps one request in the log (GET /_admin/requests) and appends it to --log."""
    with LOCK:
        STATE["log"].append(entry)
        if LOG_FILE:
            with open(LOG_FILE, "a") as f:
                f.write(json.dumps(entry, ensure_ascii=ensure_ascii) + "\n")


# ---- HTTP --------------------------------------------------------------------------------

class Handler(http.server.BaseHTTPRequestHandler):
    """Every request: /_admin/... is answered here, anything else by the mock's api()."""
    protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse can be observed
    timeout = 30  # idle keep-alive connections are closed after this
    # Headers and body go out in separate writes: without TCP_NODELAY, Nagle plus the
    # client's delayed ACK add ~40 ms to every answer on a reused connection.
    disable_nagle_algorithm = True
    json_type = "application/json"  # the Content-Type of JSON answers
    ensure_ascii = True  # json.dumps' for answers and the log
    config_ints = ("delay_ms",)  # the settings POST /_admin/config takes
    config_bools = ()
    add_errors = (Refused,)  # what admin_add raises for a 400
    fault_errors = (Refused,)  # what make_fault raises for a 400

    def log_message(self, *a):
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status, obj, extra=None, raw=None):
        """obj as JSON, or raw as text/plain."""
        out = (raw.encode() if raw is not None
               else json.dumps(obj, ensure_ascii=self.ensure_ascii).encode())
        self.send_response(status)
        self.send_header("Content-Type", "text/plain" if raw is not None else self.json_type)
        self.send_header("Content-Length", str(len(out)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(out)

    def _reply(self, status, obj, extra=None, raw=None):
        """An API answer: _send after the delay POST /_admin/config asked for."""
        if STATE["delay_ms"]:
            time.sleep(STATE["delay_ms"] / 1000.0)
        self._send(status, obj, extra, raw)

    def _log(self, entry):
        """Logs entry with the request's time, method, path and peer added."""
        entry.update({"t": time.time(), "method": self.command, "path": self.path,
                      "peer": self.client_address[0]})
        log_entry(entry, self.ensure_ascii)

    def _dispatch(self):
        raw = self._body()
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_admin/"):
            status, obj = self._admin(url, raw)
            self._send(status, obj)
            return
        self.api(url, raw)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _dispatch

    def api(self, url, raw):
        """Answers (with _reply) and logs an API request."""
        raise NotImplementedError

    # The admin hooks, called with LOCK held.
    def admin_view(self, rec):
        """A record as the admin endpoints show it."""
        return rec

    def record_key(self, text):
        """The STATE["records"] key of the RID in /_admin/records/RID."""
        return text

    def admin_add(self, data):
        """Stores the record POST /_admin/records gives and returns it."""
        raise NotImplementedError

    def admin_patch(self, rec, data):
        """Edits rec as PATCH /_admin/records/RID asks."""
        raise NotImplementedError

    def admin_zones(self):
        raise NotImplementedError

    def make_fault(self, data):
        """The fault POST /_admin/fault arms."""
        raise NotImplementedError

    def reset(self):
        STATE["faults"] = []
        STATE["log"] = []

    def _admin(self, url, raw):
        parts = [p for p in url.path.split("/") if p][1:]
        m = self.command
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            return 400, {"error": "body is not JSON"}
        with LOCK:
            if parts == ["records"] and m == "GET":
                return 200, [self.admin_view(r) for r in STATE["records"].values()]
            if parts == ["records"] and m == "POST":
                try:
                    rec = self.admin_add(data)
                except self.add_errors as e:
                    return 400, {"error": str(e)}
                return 200, self.admin_view(rec)
            if len(parts) == 2 and parts[0] == "records":
                key = self.record_key(parts[1])
                rec = STATE["records"].get(key)
                if rec is None:
                    return 404, {"error": "no such record"}
                if m == "GET":
                    return 200, self.admin_view(rec)
                if m == "DELETE":
                    del STATE["records"][key]
                    return 200, {"deleted": key}
                if m == "PATCH":
                    self.admin_patch(rec, data)
                    return 200, self.admin_view(rec)
            if parts == ["zones"] and m == "GET":
                return 200, self.admin_zones()
            if parts == ["requests"] and m == "GET":
                return 200, STATE["log"]
            if parts == ["fault"] and m == "POST":
                try:
                    fault = self.make_fault(data)
                except self.fault_errors as e:
                    return 400, {"error": str(e)}
                STATE["faults"].append(fault)
                return 200, {"faults": STATE["faults"]}
            if parts == ["config"] and m == "POST":
                for k in self.config_ints:
                    if k in data:
                        STATE[k] = int(data[k])
                for k in self.config_bools:
                    if k in data:
                        STATE[k] = bool(data[k])
                return 200, {k: STATE[k] for k in self.config_ints + self.config_bools}
            if parts == ["reset"] and m == "POST":
                self.reset()
                return 200, {"reset": True}
        return 404, {"error": "unknown admin endpoint"}


class SignedHandler(Handler):
    """The admin side of the signing mocks; the mock gives fqdn(), admin_add() (its seed_record)
    and patch_fields."""
    config_ints = ("delay_ms", "clock_offset", "min_ttl")
    add_errors = (ValueError,)
    fault_errors = (ValueError, TypeError)
    patch_fields = ()  # the (admin name, API field) pairs PATCH /_admin/records/RID copies

    def fqdn(self, rec):
        raise NotImplementedError

    def admin_view(self, rec):
        """The record's API fields, and "id", "type", "name" (the FQDN), "content", "ttl" and
        "line" as mock_cloudflare.py names them."""
        out = dict(rec)
        out.update({"id": rec["RecordId"], "type": rec["Type"], "name": self.fqdn(rec),
                    "content": rec["Value"], "ttl": rec["TTL"], "line": rec["Line"]})
        return out

    def admin_patch(self, rec, data):
        for src, dst in self.patch_fields:
            if src in data:
                rec[dst] = int(data[src]) if dst == "TTL" else str(data[src])

    def admin_zones(self):
        return sorted(STATE["zones"])

class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    tls = None

    def get_request(self):
        # The TLS handshake runs in the connection's thread (lazily, on the first read), so
        # a slow or failing client cannot stall accept().
        sock, addr = self.socket.accept()
        return self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr


def serve(args, handler):
    """HTTPS on --listen:--port until killed; prints "listening ADDR PORT" once it listens."""
    Server.address_family = socket.AF_INET6 if ":" in args.listen else socket.AF_INET
    Server.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    Server.tls.load_cert_chain(args.cert, args.key)
    srv = Server((args.listen, args.port), handler)
    print("listening %s %d" % (args.listen, srv.server_address[1]), flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass

