#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A stdlib HTTPS mock of the write-only DDNS protocols, for the netns tests and bench/peers.sh:
dyndns2 (No-IP, Dynu, Dyn), DuckDNS, afraid.org FreeDNS dynamic update v2 and a "custom" URL
API, all over one record store. It enforces what the services enforce, and it writes down
every request a careful client would never send (GET /_admin/violations).

usage: mock_dyndns.py --listen ADDR [--listen ADDR]... --port N --cert PEM --key PEM
                      [--user U (--password P | --password-file F)] [--duck-token T]
                      [--freedns TOKEN=NAME]... [--custom-header "Name: value"]
                      [--log FILE] [--record "TYPE NAME VALUE"]... [--host NAME]...
                      [--nochg-abuse N] [--later-seconds S] [--require-contact]

API:
  GET /nic/update?hostname=H&myip=IP[,IP6][&myipv6=IP6]    dyndns2, Basic auth (--user)
      401 + "badauth" without the right credentials; "badagent" for a method other than GET or a
      User-Agent without NAME/VERSION (and, with --require-contact, without a contact after
      it); "notfqdn", "numhost" (more than one host), "nohost" (a host not given by --host or
      --record); "good IP[,IP6]" when a value changed, "nochg IP" when none did. The
      --nochg-abuse'th nochg of a host (default 2; 0 never) blocks it: "abuse" from then on.
  GET /update?domains=SUB&token=T[&ip=][&ipv6=][&verbose=true]      DuckDNS (--duck-token)
      "KO" for a wrong token or a domain not SUB.duckdns.org in the store; OK, and with
      verbose the IPv4, the IPv6 and UPDATED or NOCHANGE.
  GET /u/TOKEN/[?address=IP]                                FreeDNS v2 (--freedns TOKEN=NAME)
      "ERROR: Unable to locate this record" for an unknown token; the address defaults to the
      peer's; "Updated 1 host(s) NAME to IP in 0.01 seconds" or "No IP change detected for NAME
      with IP IP, skipping update". It also notes whether the request came over the family
      of the address it set (the IPv6 endpoint is reached over IPv6).
  ANY /custom/...   a URL API: --custom-header must be present when given (else 401); the
      values are taken from the query, a form or a JSON body: name (or host), ipv4, ipv6, ip;
      "status: updated NAME" or "status: unchanged NAME".

Admin (no auth): GET/POST /_admin/records ({"name","A","AAAA"}), PATCH/DELETE
/_admin/records/NAME, GET /_admin/requests, POST /_admin/fault {"count":N, "reply":"911"|
"badauth"|any text, or "status":500 [,"retry_after":S] [,"path":TEXT: only requests whose path
with query holds TEXT, e.g. "hostname=h.example.com"]}, POST
/_admin/reset (faults, log, violations, blocks, counters), GET /_admin/violations.

Violations, each {"t","kind","name","path"}: "after-stop" (a request for a host after the mock
answered it badauth, !donator, notfqdn, nohost, numhost, abuse, badagent, KO or ERROR),
"too-soon" (within --later-seconds, default 1800, of a 911 or dnserr for that host),
"unchanged" (a write that changed nothing), "family" (a FreeDNS address sent over the other
family). The log line of a request holds the protocol, the host, what changed and the reply;
never a password or token (FreeDNS paths are logged as /u/<token>/).
"""
import base64
import ipaddress
import json
import re
import socket
import ssl
import sys
import threading
import time
import urllib.parse

import mock_common as common
from mock_common import LOCK, STATE

STATE.update(violations=[], stopped={}, later={}, nochg={}, blocked=set(), hosts=set())
ARGS = None
PASSWORD = None
STOP_CODES = ("badauth", "!donator", "notfqdn", "nohost", "numhost", "abuse", "badagent")


def norm(name):
    return str(name or "").lower().rstrip(".")


def addr(text, version=None):
    """The address text as ipaddress, or None (version 4 or 6 only that family)."""
    try:
        a = ipaddress.ip_address(text)
    except ValueError:
        return None
    return a if version is None or a.version == version else None


def record(name, create=False):
    name = norm(name)
    rec = STATE["records"].get(name)
    if rec is None and create:
        rec = STATE["records"][name] = {"name": name, "A": None, "AAAA": None}
    return rec


def violation(kind, name, path):
    STATE["violations"].append({"t": time.time(), "kind": kind, "name": name, "path": path})


def set_values(rec, v4, v6):
    """Stores the addresses given (None: that family is left alone); True when one changed."""
    changed = False
    for rtype, value in (("A", v4), ("AAAA", v6)):
        if value is not None and rec[rtype] != str(value):
            rec[rtype] = str(value)
            changed = True
    return changed


class Handler(common.Handler):
    server_version = "mock-dyndns/1"

    def log_path(self):
        return re.sub(r"^/u/[^/?]*", "/u/<token>", self.path)

    def api(self, url, raw):
        q = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        entry = {"ua": self.headers.get("User-Agent")}
        fault = common.take_fault(lambda f: not f.get("path") or f["path"] in self.path)
        if url.path == "/nic/update":
            status, text = self.dyndns2(q, entry, fault)
        elif url.path == "/update":
            status, text = self.duckdns(q, entry, fault)
        elif url.path.startswith("/u/"):
            status, text = self.freedns(url, q, entry, fault)
        elif url.path.startswith("/custom/"):
            status, text = self.custom(url, q, raw, entry, fault)
        else:
            status, text = 404, "Not Found\n"
        extra = common.retry_after(fault) if fault else {}
        if status == 401:
            extra["WWW-Authenticate"] = 'Basic realm="mock"'
        self._reply(status, None, extra, raw=text)
        entry.update({"status": status, "reply": text.strip()})
        entry.update({"t": time.time(), "method": self.command, "path": self.log_path(),
                      "peer": self.client_address[0]})
        common.log_entry(entry)

    # A fault replaces the answer of a request the mock accepted (auth checked first).
    @staticmethod
    def faulted(fault):
        if fault.get("reply") is not None:
            return int(fault.get("status", 200)), str(fault["reply"]) + "\n"
        return int(fault["status"]), "fault %s\n" % fault["status"]

    # Stops and waits the mock handed out: every later request for the host is a violation.
    def guard(self, name, path):
        with LOCK:
            if name in STATE["stopped"]:
                violation("after-stop", name, path)
            t = STATE["later"].get(name)
            if t is not None and time.time() - t < ARGS.later_seconds:
                violation("too-soon", name, path)

    def answered(self, name, code):
        with LOCK:
            if code in STOP_CODES or code in ("KO", "ERROR"):
                STATE["stopped"].setdefault(name, code)
            elif code in ("911", "dnserr"):
                STATE["later"][name] = time.time()

    def dyndns2(self, q, entry, fault):
        entry["proto"] = "dyndns2"
        hosts = [norm(h) for h in ",".join(q.get("hostname", [])).split(",") if h]
        name = hosts[0] if hosts else ""
        entry["host"] = name
        self.guard(name, self.path)
        auth = self.headers.get("Authorization") or ""
        want = "Basic " + base64.b64encode(("%s:%s" % (ARGS.user, PASSWORD)).encode()).decode()
        entry["auth_ok"] = auth == want
        if not entry["auth_ok"]:
            self.answered(name, "badauth")
            return 401, "badauth\n"
        if fault:
            status, text = self.faulted(fault)
            self.answered(name, text.split()[0] if text.split() else "")
            return status, text
        ua = self.headers.get("User-Agent") or ""
        ua_ok = re.match(r"^\S+/\S+", ua) is not None
        if ARGS.require_contact:
            ua_ok = ua_ok and re.search(r"\s(\S+@\S+|https?://\S+)", ua) is not None
        code, text = None, None
        if self.command != "GET" or not ua_ok:
            code = "badagent"
        elif not hosts:
            code = "notfqdn"
        elif len(hosts) > 1:
            code = "numhost"
        elif "." not in name:
            code = "notfqdn"
        elif name in STATE["blocked"]:
            code = "abuse"
        if code:
            self.answered(name, code)
            return 200, code + "\n"
        v4 = v6 = None
        for item in ",".join(q.get("myip", [])).split(","):
            a = addr(item)
            if a is not None and a.version == 4:
                v4 = a
            elif a is not None:
                v6 = a
        if q.get("myipv6"):
            v6 = addr(q["myipv6"][0], 6) or v6
        if v4 is None and v6 is None and not q.get("myip"):
            v4 = addr(self.client_address[0])  # the protocol: no myip, the source address
        with LOCK:
            rec = record(name)
            if rec is None or name not in STATE["hosts"]:
                code = "nohost"
            else:
                changed = set_values(rec, v4, v6)
        if code:
            self.answered(name, code)
            return 200, code + "\n"
        shown = ",".join(str(a) for a in (v4, v6) if a is not None)
        entry["changed"] = changed
        if changed:
            return 200, "good %s\n" % shown
        with LOCK:
            violation("unchanged", name, self.path)
            STATE["nochg"][name] = STATE["nochg"].get(name, 0) + 1
            if ARGS.nochg_abuse and STATE["nochg"][name] >= ARGS.nochg_abuse:
                STATE["blocked"].add(name)
        return 200, "nochg %s\n" % shown

    def duckdns(self, q, entry, fault):
        entry["proto"] = "duckdns"
        sub = (q.get("domains") or [""])[0]
        name = norm(sub) + ".duckdns.org" if sub else ""
        entry["host"] = name
        self.guard(name, self.path)
        token = (q.get("token") or [""])[0]
        entry["auth_ok"] = bool(ARGS.duck_token) and token == ARGS.duck_token
        with LOCK:
            rec = record(name)
        if not entry["auth_ok"] or "," in sub or rec is None or name not in STATE["hosts"]:
            self.answered(name, "KO")
            return 200, "KO"
        if fault:
            status, text = self.faulted(fault)
            if text.strip() == "KO":
                self.answered(name, "KO")
            return status, text
        ip = (q.get("ip") or [""])[0]
        v4 = v6 = None
        if ip:
            a = addr(ip)
            if a is None:
                self.answered(name, "KO")
                return 200, "KO"
            v4, v6 = (a, None) if a.version == 4 else (None, a)
        if (q.get("ipv6") or [""])[0]:
            v6 = addr(q["ipv6"][0], 6)
            if v6 is None:
                self.answered(name, "KO")
                return 200, "KO"
        if v4 is None and v6 is None:
            v4 = addr(self.client_address[0], 4)
        with LOCK:
            changed = set_values(rec, v4, v6)
            if not changed:
                violation("unchanged", name, self.path)
            cur = (rec["A"] or "", rec["AAAA"] or "")
        entry["changed"] = changed
        if (q.get("verbose") or [""])[0] != "true":
            return 200, "OK"
        return 200, "OK\n%s\n%s\n%s" % (cur[0], cur[1], "UPDATED" if changed else "NOCHANGE")

    def freedns(self, url, q, entry, fault):
        entry["proto"] = "freedns"
        token = urllib.parse.unquote(url.path[3:].split("/")[0])
        name = ARGS.freedns_map.get(token, "")
        entry["host"] = name
        entry["auth_ok"] = bool(name)
        self.guard(name or "<unknown token>", self.log_path())
        if not name:
            self.answered("<unknown token>", "ERROR")
            return 200, "ERROR: Unable to locate this record\n"
        if fault:
            status, text = self.faulted(fault)
            if text.upper().startswith("ERROR"):
                self.answered(name, "ERROR")
            return status, text
        peer = addr(self.client_address[0])
        given = (q.get("address") or [""])[0]
        a = addr(given) if given else peer
        if a is None:
            self.answered(name, "ERROR")
            return 200, "ERROR: Invalid address\n"
        if peer is not None and a.version != peer.version:
            with LOCK:
                violation("family", name, self.log_path())
        entry["over_family"] = peer.version if peer is not None else None
        with LOCK:
            rec = record(name, create=True)
            changed = set_values(rec, a if a.version == 4 else None, a if a.version == 6 else None)
            if not changed:
                violation("unchanged", name, self.log_path())
        entry["changed"] = changed
        if changed:
            return 200, "Updated 1 host(s) %s to %s in 0.01 seconds\n" % (name, a)
        return 200, "No IP change detected for %s with IP %s, skipping update\n" % (name, a)

    def custom(self, url, q, raw, entry, fault):
        entry["proto"] = "custom"
        values = {k: v[0] for k, v in q.items()}
        ctype = self.headers.get("Content-Type") or ""
        if raw and "json" in ctype:
            try:
                values.update({k: str(v) for k, v in json.loads(raw).items()})
            except (ValueError, AttributeError):
                return 400, "bad json\n"
        elif raw:
            values.update({k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()})
        parts = [urllib.parse.unquote(p) for p in url.path.split("/")[2:] if p]
        name = norm(values.get("name") or values.get("host") or (parts[0] if parts else ""))
        entry["host"] = name
        entry["body"] = raw.decode(errors="replace") if raw else None
        self.guard(name, self.path)
        if ARGS.custom_header:
            hname, _, hvalue = ARGS.custom_header.partition(":")
            entry["auth_ok"] = self.headers.get(hname.strip()) == hvalue.strip()
            if not entry["auth_ok"]:
                return 401, "status: unauthorized\n"
        if fault:
            return self.faulted(fault)
        v4 = addr(values.get("ipv4", ""), 4)
        v6 = addr(values.get("ipv6", ""), 6)
        ip = addr(values.get("ip", ""))
        if ip is not None:
            v4, v6 = (ip, v6) if ip.version == 4 else (v4, ip)
        with LOCK:
            rec = record(name)
            if rec is None or (v4 is None and v6 is None):
                return 404, "status: no such host or no address\n"
            changed = set_values(rec, v4, v6)
            if not changed:
                violation("unchanged", name, self.path)
        entry["changed"] = changed
        return 200, "status: %s %s\n" % ("updated" if changed else "unchanged", name)

    # ---- admin ------------------------------------------------------------------------------

    def _admin(self, url, raw):
        if url.path == "/_admin/violations" and self.command == "GET":
            with LOCK:
                return 200, STATE["violations"]
        return super()._admin(url, raw)

    def record_key(self, text):
        return norm(urllib.parse.unquote(text))

    def admin_add(self, data):
        rec = record(data.get("name"), create=True)
        STATE["hosts"].add(rec["name"])
        self.admin_patch(rec, data)
        return rec

    def admin_patch(self, rec, data):
        for rtype, version in (("A", 4), ("AAAA", 6)):
            if rtype in data:
                if data[rtype] is not None and addr(data[rtype], version) is None:
                    raise ValueError("bad %s value" % rtype)
                rec[rtype] = data[rtype]

    add_errors = (ValueError,)

    def admin_zones(self):
        return sorted(STATE["hosts"])

    fault_errors = (ValueError, TypeError, KeyError)

    def make_fault(self, data):
        count = common.fault_count(data)
        if data.get("reply") is None and int(data.get("status", 0)) < 400:
            raise ValueError("need a reply text or a status >= 400")
        return {"count": count, "reply": data.get("reply"), "status": data.get("status", 200),
                "retry_after": data.get("retry_after"), "path": data.get("path")}

    def reset(self):
        super().reset()
        STATE.update(violations=[], stopped={}, later={}, nochg={}, blocked=set())


def seed_record(text):
    rtype, name, value = text.split()
    rec = record(name, create=True)
    STATE["hosts"].add(rec["name"])
    if rtype.upper() not in ("A", "AAAA") or addr(value, 4 if rtype.upper() == "A" else 6) is None:
        sys.exit("mock_dyndns: bad --record %s" % text)
    rec[rtype.upper()] = value


def serve_all(args):
    """Like common.serve, on every --listen address (the v4 and v6 FreeDNS endpoints)."""
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(args.cert, args.key)
    servers = []
    for listen in args.listen:
        cls = type("Server", (common.Server,), {
            "address_family": socket.AF_INET6 if ":" in listen else socket.AF_INET, "tls": tls})
        servers.append(cls((listen, args.port), Handler))
    for srv in servers[1:]:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    for srv in servers:
        print("listening %s %d" % (srv.server_address[0], srv.server_address[1]), flush=True)
    try:
        servers[0].serve_forever()
    except KeyboardInterrupt:
        pass


def main():
    global ARGS, PASSWORD
    ap = common.argparse.ArgumentParser(description="write-only DDNS protocols mock (tests only)")
    ap.add_argument("--listen", action="append", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--user", default="")
    ap.add_argument("--password", default="")
    ap.add_argument("--password-file")
    ap.add_argument("--duck-token", default="")
    ap.add_argument("--freedns", action="append", default=[], help="TOKEN=NAME")
    ap.add_argument("--custom-header", default="")
    ap.add_argument("--log")
    ap.add_argument("--record", action="append", default=[], help='"TYPE NAME VALUE"')
    ap.add_argument("--host", action="append", default=[], help="a host with no address yet")
    ap.add_argument("--nochg-abuse", type=int, default=2)
    ap.add_argument("--later-seconds", type=int, default=1800)
    ap.add_argument("--require-contact", action="store_true")
    ap.add_argument("--delay-ms", type=int, default=0)
    ARGS = ap.parse_args()
    common.LOG_FILE = ARGS.log
    PASSWORD = ARGS.password
    if ARGS.password_file:
        with open(ARGS.password_file) as f:
            PASSWORD = f.read().rstrip("\n")
    STATE["delay_ms"] = ARGS.delay_ms
    ARGS.freedns_map = {}
    for item in ARGS.freedns:
        token, _, name = item.partition("=")
        ARGS.freedns_map[token] = norm(name)
        record(name, create=True)
        STATE["hosts"].add(norm(name))
    for h in ARGS.host:
        record(h, create=True)
        STATE["hosts"].add(norm(h))
    for r in ARGS.record:
        seed_record(r)
    serve_all(ARGS)


if __name__ == "__main__":
    main()
