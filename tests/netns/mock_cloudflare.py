#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A stdlib HTTPS mock of the Cloudflare API v4 endpoints ddnsd uses, for the netns tests.

usage: mock_cloudflare.py --listen ADDR --port N --cert PEM --key PEM
                          (--token TOKEN | --token-file FILE) [--log FILE]
                          [--seed FILE.json] [--zone NAME[=ID]]... [--record "TYPE NAME CONTENT"]...
                          [--base /client/v4] [--delay-ms N] [--budget N/SECONDS]

API (under --base, default /client/v4; Authorization: Bearer TOKEN required):
  GET    /zones?name=Z[&status=active]          zone list (exact name filter)
  GET    /zones?per_page=N&page=P               every zone, N (5..50, default 20) a page
  GET    /zones/ZID/dns_records?type=&name=&name.exact=&content=&page=&per_page=
  POST   /zones/ZID/dns_records                 create (81058 identical, 81053 CNAME clash)
  GET    /zones/ZID/dns_records/RID             read (81044 when missing)
  PATCH  /zones/ZID/dns_records/RID             partial update
  PUT    /zones/ZID/dns_records/RID             full overwrite
  DELETE /zones/ZID/dns_records/RID
  GET    /user/tokens/verify
--budget N/SECONDS: at most N API requests in any window of SECONDS (a sliding window, the
strictest count); one more is refused with HTTP 429, code 971 and a Retry-After (whole seconds
until the window has room), like Cloudflare's 1200 per 5 minutes.
Errors use the v4 envelope: a missing or malformed Authorization header gives HTTP 400 code
6003 with error_chain 6111; a wrong token HTTP 403 code 10000 "Authentication error"; an
unknown zone id HTTP 400 code 7003.

Admin (no auth; for the tests):
  GET    /_admin/records                  every record (JSON array)
  POST   /_admin/records                  add one {"type","name","content"[,"ttl","proxied","id"]}
  PATCH  /_admin/records/RID              edit one behind the agent's back
  DELETE /_admin/records/RID              delete one
  GET    /_admin/zones
  GET    /_admin/requests                 the request log (JSON array)
  POST   /_admin/fault                    {"status":500|429,"count":N[,"retry_after":S]
                                           [,"method":"PATCH"][,"path":"/dns_records"]}
                                          the next N matching API requests fail so
  POST   /_admin/config                   {"delay_ms":N} delay every API answer
  POST   /_admin/reset                    clear faults and the request log
The request log (also appended to --log, one JSON line per request) holds the method,
path with query, whether the auth was right, the status and the JSON body sent; never the
Authorization header.
"""
import collections
import json
import math
import sys
import time
import urllib.parse
import uuid

import mock_common as common
from mock_common import LOCK, STATE

STATE["zones"] = {}
ARGS = None
TOKEN = None
BUDGET = None  # (N, SECONDS, deque of the times of the requests in the window)


def over_budget_wait():
    """Seconds until the window has room (for a refused request's Retry-After)."""
    n, per, times = BUDGET
    with LOCK:
        return max(1, math.ceil(times[0] + per - time.monotonic())) if times else 1


def over_budget():
    """None when this request fits the budget (and is counted), else the Retry-After."""
    if BUDGET is None:
        return None
    n, per, times = BUDGET
    with LOCK:
        now = time.monotonic()
        while times and times[0] <= now - per:
            times.popleft()
        if len(times) >= n:
            return max(1, math.ceil(times[0] + per - now))
        times.append(now)
    return None


def now_iso():
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())


def new_id():
    return uuid.uuid4().hex


def envelope(result=None, errors=None, result_info=None):
    env = {"success": not errors, "errors": errors or [], "messages": [], "result": result}
    if result_info is not None:
        env["result_info"] = result_info
    return env


def err(code, message, chain=None):
    e = {"code": code, "message": message}
    if chain:
        e["error_chain"] = [{"code": c, "message": m} for c, m in chain]
    return e


def zone_for(name):
    """The zone holding name (longest suffix match), or None."""
    return common.longest_zone(name, STATE["zones"].values(), key=lambda z: z["name"])


def add_zone(name, zid=None):
    name = name.lower().rstrip(".")
    zid = zid or new_id()
    STATE["zones"][zid] = {"id": zid, "name": name, "status": "active",
                           "paused": False, "type": "full"}
    return STATE["zones"][zid]


def check_content(rtype, content):
    """None when content fits the type, else an error dict."""
    if common.value_ok(rtype, content):
        return None
    fam = "IPv4" if rtype == "A" else "IPv6"
    return err(9005 if rtype == "A" else 9006,
               "Content for %s record must be a valid %s address." % (rtype, fam))


def make_record(zone, data, rid=None):
    rtype = str(data.get("type", "")).upper()
    name = str(data.get("name", "")).lower().rstrip(".")
    if name == "@":
        name = zone["name"]
    rec = {
        "id": rid or data.get("id") or new_id(),
        "zone_id": zone["id"], "zone_name": zone["name"],
        "name": name, "type": rtype, "content": data.get("content"),
        "proxiable": rtype in ("A", "AAAA", "CNAME"),
        "proxied": bool(data.get("proxied", False)),
        "ttl": int(data.get("ttl", 1)),
        "comment": data.get("comment"), "tags": data.get("tags", []),
        "meta": {"auto_added": False, "managed_by_apps": False},
        "created_on": now_iso(), "modified_on": now_iso(),
    }
    if rec["proxied"]:
        rec["ttl"] = 1  # proxied records always report automatic TTL
    return rec


def validate(zone, rec, exclude_id=None):
    """(HTTP status, error) for a record about to be stored, or None."""
    if rec["type"] not in ("A", "AAAA", "CNAME", "TXT", "MX", "NS"):
        return 400, err(9000, "DNS record type is invalid.")
    if not rec["name"] or not (rec["name"] == zone["name"] or
                               rec["name"].endswith("." + zone["name"])):
        return 400, err(9007, "Record name must be within the zone.")
    bad = check_content(rec["type"], rec["content"])
    if bad:
        return 400, bad
    if rec["ttl"] != 1 and not 30 <= rec["ttl"] <= 86400:
        return 400, err(9003, "Invalid 'ttl' setting.")
    for other in STATE["records"].values():
        if other["id"] == exclude_id or other["zone_id"] != zone["id"]:
            continue
        if other["name"] != rec["name"]:
            continue
        if (other["type"] == "CNAME") != (rec["type"] == "CNAME"):
            return 400, err(81053, "An A, AAAA, or CNAME record with that host already exists.")
        if other["type"] == rec["type"] and other["content"] == rec["content"]:
            return 400, err(81058, "An identical record already exists.")
    return None


class Handler(common.Handler):
    server_version = "mock-cloudflare/1"

    def _log_api(self, auth_ok, status, body):
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = "<not json>"
        entry = {"t": time.time(), "method": self.command, "path": self.path,
                 "auth_ok": auth_ok, "status": status, "body": parsed,
                 "peer": self.client_address[0]}
        common.log_entry(entry)

    def api(self, url, raw):
        base = ARGS.base.rstrip("/")
        if not url.path.startswith(base + "/"):
            self._send(404, envelope(errors=[err(7000, "No route for that URI")]))
            self._log_api(None, 404, raw)
            return
        path = url.path[len(base):]
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)

        auth = self.headers.get("Authorization")
        if not auth or not auth.startswith("Bearer ") or len(auth.split()) != 2:
            status, obj, extra = 400, envelope(errors=[err(
                6003, "Invalid request headers",
                [(6111, "Invalid format for Authorization header")])]), None
            auth_ok = False
        elif auth.split()[1] != TOKEN:
            status, obj, extra = 403, envelope(errors=[err(10000, "Authentication error")]), None
            auth_ok = False
        elif over_budget() is not None:
            auth_ok = True
            status, obj = 429, envelope(errors=[err(971, "Please wait and consider throttling "
                                                          "your request speed")])
            extra = {"Retry-After": str(over_budget_wait())}
        else:
            auth_ok = True
            status, obj, extra = self._fault()
            if status is None:
                try:
                    data = json.loads(raw) if raw else {}
                except ValueError:
                    data = None
                with LOCK:
                    status, obj = self._api(path, query, data)
                extra = None
        self._reply(status, obj, extra)
        self._log_api(auth_ok, status, raw)

    def _fault(self):
        f = common.take_fault(lambda f: (not f.get("method") or f["method"] == self.command) and
                              (not f.get("path") or f["path"] in self.path))
        if f is None:
            return None, None, None
        status = int(f["status"])
        if status == 429:
            obj = envelope(errors=[err(971, "Please wait and consider throttling "
                                            "your request speed")])
        else:
            obj = envelope(errors=[err(10002, "An unknown error has occurred")])
        return status, obj, common.retry_after(f)

    def _api(self, path, q, data):
        parts = [p for p in path.split("/") if p]
        m = self.command
        if parts == ["user", "tokens", "verify"] and m == "GET":
            return 200, envelope({"id": "mock", "status": "active"})
        if parts == ["zones"] and m == "GET":
            name = (q.get("name") or [None])[0]
            zones = [z for z in STATE["zones"].values()
                     if name is None or z["name"] == name.lower().rstrip(".")]
            try:
                per_page = max(5, min(50, int((q.get("per_page") or ["20"])[0])))
                page = max(1, int((q.get("page") or ["1"])[0]))
            except ValueError:
                return 400, envelope(errors=[err(1001, "Invalid page or per_page")])
            chunk = zones[(page - 1) * per_page:page * per_page]
            return 200, envelope(chunk, result_info=page_info(len(zones), page, per_page,
                                                              len(chunk)))
        if len(parts) < 3 or parts[0] != "zones" or parts[2] != "dns_records":
            return 404, envelope(errors=[err(7000, "No route for that URI")])
        zone = STATE["zones"].get(parts[1])
        if zone is None:
            return 400, envelope(errors=[err(
                7003, "Could not route to %s, perhaps your object identifier is invalid?"
                % "/".join([""] + parts))])
        if data is None:
            return 400, envelope(errors=[err(9207, "Request body is invalid.")])
        if len(parts) == 3:
            if m == "GET":
                return self._list(zone, q)
            if m == "POST":
                rec = make_record(zone, data)
                bad = validate(zone, rec)
                if bad:
                    return bad[0], envelope(errors=[bad[1]])
                STATE["records"][rec["id"]] = rec
                return 200, envelope(rec)
            return 405, envelope(errors=[err(10000, "Method not allowed")])
        rec = STATE["records"].get(parts[3])
        if len(parts) != 4 or rec is None or rec["zone_id"] != zone["id"]:
            return 404, envelope(errors=[err(81044, "Record does not exist.")])
        if m == "GET":
            return 200, envelope(rec)
        if m == "DELETE":
            del STATE["records"][rec["id"]]
            return 200, envelope({"id": rec["id"]})
        if m in ("PATCH", "PUT"):
            if m == "PUT":
                for k in ("type", "name", "content", "ttl"):
                    if k not in data:
                        return 400, envelope(errors=[err(9000, "%s is required" % k)])
                merged = make_record(zone, data, rid=rec["id"])
            else:
                merged = dict(rec)
                for k in ("type", "name", "content", "ttl", "proxied", "comment", "tags"):
                    if k in data:
                        merged[k] = data[k]
                merged["type"] = str(merged["type"]).upper()
                merged["name"] = str(merged["name"]).lower().rstrip(".")
                merged["ttl"] = int(merged["ttl"])
                if merged.get("proxied"):
                    merged["ttl"] = 1
            bad = validate(zone, merged, exclude_id=rec["id"])
            if bad:
                return bad[0], envelope(errors=[bad[1]])
            merged["created_on"] = rec["created_on"]
            merged["modified_on"] = now_iso()
            STATE["records"][rec["id"]] = merged
            return 200, envelope(merged)
        return 405, envelope(errors=[err(10000, "Method not allowed")])

    def _list(self, zone, q):
        def one(key):
            v = q.get(key)
            return v[0] if v else None
        rtype = one("type")
        name = one("name.exact") or one("name")
        content = one("content.exact") or one("content")
        recs = [r for r in STATE["records"].values() if r["zone_id"] == zone["id"]]
        if rtype:
            recs = [r for r in recs if r["type"] == rtype.upper()]
        if name:
            recs = [r for r in recs if r["name"] == name.lower().rstrip(".")]
        if content:
            recs = [r for r in recs if r["content"] == content]
        recs.sort(key=lambda r: r["created_on"])
        try:
            per_page = max(1, min(5000000, int(one("per_page") or 100)))
            page = max(1, int(one("page") or 1))
        except ValueError:
            return 400, envelope(errors=[err(1004, "DNS Validation Error")])
        chunk = recs[(page - 1) * per_page:page * per_page]
        return 200, envelope(chunk, result_info=page_info(len(recs), page, per_page, len(chunk)))

    def admin_add(self, data):
        zone = zone_for(str(data.get("name", "")).lower().rstrip("."))
        if zone is None:
            raise common.Refused("no zone for that name")
        rec = make_record(zone, data)
        STATE["records"][rec["id"]] = rec
        return rec

    def admin_patch(self, rec, data):
        rec.update({k: v for k, v in data.items() if k != "id"})
        rec["modified_on"] = now_iso()

    def admin_zones(self):
        return list(STATE["zones"].values())

    def make_fault(self, data):
        if int(data.get("status", 0)) < 400 or int(data.get("count", 0)) < 1:
            raise common.Refused("need status >= 400 and count >= 1")
        return {"status": int(data["status"]), "count": int(data["count"]),
                "retry_after": data.get("retry_after"), "method": data.get("method"),
                "path": data.get("path")}


def page_info(total, page, per_page, count=None):
    pages = max(1, (total + per_page - 1) // per_page)
    return {"page": page, "per_page": per_page,
            "count": total if count is None else count,
            "total_count": total, "total_pages": pages}


def add_seed_record(r):
    zone = zone_for(r["name"].lower().rstrip("."))
    if zone is None:
        sys.exit("mock_cloudflare: no zone for record %s" % r["name"])
    rec = make_record(zone, r)
    STATE["records"][rec["id"]] = rec


def main():
    global ARGS, TOKEN, BUDGET
    ap = common.arg_parser("Cloudflare API v4 mock (tests only)", "--token",
                           zone_help="NAME or NAME=ID", record_help='"TYPE NAME CONTENT"')
    ap.add_argument("--base", default="/client/v4")
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--budget", help="N/SECONDS: refuse over N requests per SECONDS (429)")
    ARGS, TOKEN = common.parse_args(ap, "--token", "mock_cloudflare")
    if ARGS.budget:
        n, _, per = ARGS.budget.partition("/")
        BUDGET = (int(n), float(per), collections.deque())
    STATE["delay_ms"] = ARGS.delay_ms
    if ARGS.seed:
        common.load_seed(ARGS.seed, lambda z: add_zone(z["name"], z.get("id")), add_seed_record)
    for z in ARGS.zone:
        name, _, zid = z.partition("=")
        add_zone(name, zid or None)
    for r in ARGS.record:
        t, n, c = r.split()
        add_seed_record({"type": t, "name": n, "content": c})
    common.serve(ARGS, Handler)


if __name__ == "__main__":
    main()
