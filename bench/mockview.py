#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Read what the Cloudflare mock (tests/netns/mock_cloudflare.py) saw, for the demo and the
reaction benchmark. Standard library only.

  mockview.py records URL CAFILE
      the mock's record table (GET URL/_admin/records), one line per record
  mockview.py reaction LOG ADDRESS T0_US
      the milliseconds from T0_US (epoch microseconds, when the address was changed) to the
      first write (POST/PUT/PATCH) that the mock logged in LOG (--log, JSON lines) whose body
      carries ADDRESS and whose time is at or after T0_US; "-" when there is none
  mockview.py summary LOG CHANGES AGENT_LOG SETTLE
      CHANGES: lines "FAMILY ADDRESS T0_US" (one per address change). Prints Markdown tables:
      per change, then min / median / p95 / max of the reaction per family and combined, of
      the agent's own request time (from its "(cloudflare, N ms)" log lines) and of what is
      left (reaction - SETTLE - request time: kernel events, timers, process wake-ups).
      SETTLE as in the config: 50ms, 0, 1s.
  mockview.py kinds LOG FROM_LINE
      the API requests the mock logged in LOG from line FROM_LINE (0-based) on, by kind:
      "zone=N list=N read=N create=N update=N other=N refused=N total=N first=T last=T"
      (refused: answered 429; first/last: epoch seconds of the first and last request)
  mockview.py writes LOG FROM_LINE ADDRESS
      how many successful writes (2xx) carrying ADDRESS the mock logged from FROM_LINE on

The mock stamps a request ("t", epoch seconds) after its answer is sent, so a reaction is
"address changed -> the provider has received and answered the write".
"""
import json
import math
import re
import ssl
import sys
import urllib.request

WRITES = ("POST", "PUT", "PATCH")


def load_log(path):
    out = []
    with open(path) as f:
        for line in f:
            try:
                r = json.loads(line)
            except ValueError:
                continue
            body = r.get("body")
            if r.get("method") in WRITES and isinstance(body, dict) and "content" in body:
                out.append((r["t"], body["content"], r.get("path", "")))
    return out


def first_write(writes, addr, t0_us):
    for t, content, _ in writes:
        if content == addr and t * 1e6 >= t0_us:
            return (t * 1e6 - t0_us) / 1000.0
    return None


def cmd_records(url, cafile):
    ctx = ssl.create_default_context(cafile=cafile)
    with urllib.request.urlopen(url.rstrip("/") + "/_admin/records", context=ctx,
                                timeout=5) as r:
        recs = json.load(r)
    recs.sort(key=lambda x: (x["name"], x["type"]))
    if not recs:
        print("(no records)")
    for x in recs:
        print("%-22s %-5s %-28s modified %s" % (x["name"], x["type"], x["content"],
                                                 x.get("modified_on", "?")[11:19]))


def cmd_reaction(log, addr, t0_us):
    ms = first_write(load_log(log), addr, int(t0_us))
    print("-" if ms is None else "%.1f" % ms)


def pct(sorted_vals, p):
    """Nearest-rank percentile: the smallest value with at least p % of them at or below."""
    k = max(1, math.ceil(p / 100.0 * len(sorted_vals)))
    return sorted_vals[k - 1]


def stats_row(name, vals, n_all):
    if not vals:
        return "| %s | 0/%d | - | - | - | - |" % (name, n_all)
    v = sorted(vals)
    mid = len(v) // 2
    med = v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2
    return "| %s | %d/%d | %.1f | %.1f | %.1f | %.1f |" % (
        name, len(v), n_all, v[0], med, pct(v, 95), v[-1])


def agent_request_ms(agent_log):
    """new address -> the job time the agent logged for the write that published it."""
    out = {}
    pat = re.compile(r" (A|AAAA) \S+ -> (\S+) \(\w+, (\d+) ms\)")
    with open(agent_log, errors="replace") as f:
        for line in f:
            m = pat.search(line)
            if m:
                out.setdefault(m.group(2), float(m.group(3)))
    return out


def duration_ms(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)?", text.strip())
    if not m:
        raise SystemExit("mockview: bad duration %r" % text)
    unit = {"ms": 1, None: 1000, "s": 1000, "m": 60000, "h": 3600000}[m.group(2)]
    return float(m.group(1)) * unit


def cmd_summary(log, changes, agent_log, settle):
    settle_ms = duration_ms(settle)
    writes = load_log(log)
    req = agent_request_ms(agent_log)
    rows = []
    with open(changes) as f:
        for line in f:
            fam, addr, t0 = line.split()
            rows.append((fam, addr, first_write(writes, addr, int(t0))))
    print("| # | family | new address | reaction (ms) | agent's request time (ms) |")
    print("|---|---|---|---|---|")
    for i, (fam, addr, ms) in enumerate(rows, 1):
        print("| %d | %s | %s | %s | %s |" % (
            i, fam, addr, "not written" if ms is None else "%.1f" % ms,
            "%.0f" % req[addr] if addr in req else "-"))
    print()
    print("| reaction (ms) | written | min | median | p95 | max |")
    print("|---|---|---|---|---|---|")
    for fam in ("ipv4", "ipv6"):
        sel = [r for r in rows if r[0] == fam]
        print(stats_row(fam, [r[2] for r in sel if r[2] is not None], len(sel)))
    print(stats_row("both", [r[2] for r in rows if r[2] is not None], len(rows)))
    reqs = [req[a] for _, a, ms in rows if ms is not None and a in req]
    print(stats_row("agent's request time", reqs, len(rows)))
    rest = [ms - settle_ms - req[a] for _, a, ms in rows if ms is not None and a in req]
    print(stats_row("rest: reaction - settle - request", rest, len(rows)))
    missed = sum(1 for r in rows if r[2] is None)
    return 1 if missed else 0


def kind(r):
    path, m = r.get("path", ""), r.get("method")
    base = path.split("?")[0].rstrip("/").split("/")
    if r.get("status") == 429:
        return "refused"
    if m == "GET" and base[-1] == "zones":
        return "zone"
    if m == "GET" and base[-1] == "dns_records":
        return "list"
    if m == "GET" and len(base) >= 2 and base[-2] == "dns_records":
        return "read"
    if m == "POST" and base[-1] == "dns_records":
        return "create"
    if m in ("PATCH", "PUT"):
        return "update"
    return "other"


def api_lines(log, start):
    with open(log) as f:
        for i, line in enumerate(f):
            if i < start:
                continue
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if "method" in r and "/_admin" not in r.get("path", ""):
                yield r


def cmd_kinds(log, start):
    n = {k: 0 for k in ("zone", "list", "read", "create", "update", "other", "refused")}
    first = last = 0
    for r in api_lines(log, start):
        n[kind(r)] += 1
        first = first or r["t"]
        last = r["t"]
    print(" ".join("%s=%d" % kv for kv in n.items()),
          "total=%d first=%.6f last=%.6f" % (sum(n.values()), first, last))


def cmd_writes(log, start, addr):
    print(sum(1 for r in api_lines(log, start)
              if r.get("method") in WRITES and 200 <= r.get("status", 0) < 300 and
              isinstance(r.get("body"), dict) and r["body"].get("content") == addr))


def main(argv):
    if len(argv) == 4 and argv[1] == "kinds":
        cmd_kinds(argv[2], int(argv[3]))
        return 0
    if len(argv) == 5 and argv[1] == "writes":
        cmd_writes(argv[2], int(argv[3]), argv[4])
        return 0
    if len(argv) == 4 and argv[1] == "records":
        cmd_records(argv[2], argv[3])
        return 0
    if len(argv) == 5 and argv[1] == "reaction":
        cmd_reaction(argv[2], argv[3], argv[4])
        return 0
    if len(argv) == 6 and argv[1] == "summary":
        return cmd_summary(argv[2], argv[3], argv[4], argv[5])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
