#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""HTTPS "what is my IP" service for the netns tests, Python 3 standard library only.

usage: mock_web.py --listen ADDR [--listen ADDR...] [--port 443] --cert PEM --key PEM
                   --log FILE [--files DIR] [--slow SECONDS]

GET (or POST) paths; query strings are ignored:
  /ip            the client's source address as this server sees it (text, newline)
  /fixed/ADDR    ADDR, whatever the client (a public address for a host "behind NAT")
  /trace         a Cloudflare /cdn-cgi/trace style body with ip=<source address>
  /html          an HTML page (with an address inside it, which a client must not scrape)
  /status/NNN    status NNN with a short text body
  /slow          sleeps --slow seconds (default 30, longer than any client timeout), then /ip
  /empty         200 with an empty body
  /file/NAME     the content of DIR/NAME (a test rewrites it to move the "public" address)
  anything else  404
Each request (and each failed TLS handshake) is appended to the log as one JSON line.
Prints "ready" on stdout once every address listens.
"""
import argparse
import http.server
import json
import os
import socket
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse

_log_lock = threading.Lock()


def log_event(path, rec):
    rec = {"t": round(time.time(), 3), **rec}
    with _log_lock, open(path, "a") as f:
        f.write(json.dumps(rec) + "\n")


def trace_body(peer):
    # Field set and order as served by https://cloudflare.com/cdn-cgi/trace
    return "".join(f"{k}={v}\n" for k, v in (
        ("fl", "0f000"), ("h", "mock.ddnsd.test"), ("ip", peer), ("ts", f"{time.time():.3f}"),
        ("visit_scheme", "https"), ("uag", "ddnsd-test"), ("colo", "TST"), ("sliver", "none"),
        ("http", "http/1.1"), ("loc", "ZZ"), ("tls", "TLSv1.3"), ("sni", "off"),
        ("warp", "off"), ("gateway", "off"), ("rbi", "off"), ("kex", "X25519")))


def html_body(peer):
    return ("<!DOCTYPE html>\n<html><head><title>What is my IP?</title></head>\n"
            f"<body><h1>Your IP address is {peer}</h1></body></html>\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real services offer
    server_version = "ddnsd-mock/1"

    def setup(self):
        self.request.settimeout(30)
        self.request.do_handshake()  # in this handler's thread, not the accept loop
        super().setup()

    def reply(self, status, body, ctype="text/plain; charset=utf-8"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        return status

    def route(self, peer):
        cfg = self.server.cfg
        path = urllib.parse.urlsplit(self.path).path
        head, _, rest = path.lstrip("/").partition("/")
        rest = urllib.parse.unquote(rest)
        if head == "ip" and not rest:
            return self.reply(200, peer + "\n")
        if head == "fixed" and rest:
            return self.reply(200, rest + "\n")
        if head == "trace" and not rest:
            return self.reply(200, trace_body(peer))
        if head == "html" and not rest:
            return self.reply(200, html_body(peer), "text/html; charset=utf-8")
        if head == "status" and rest.isdigit() and 200 <= int(rest) <= 599:
            code = int(rest)
            return self.reply(code, "" if code in (204, 304) else f"status {code}\n")
        if head == "slow" and not rest:
            time.sleep(cfg.slow)
            return self.reply(200, peer + "\n")
        if head == "empty" and not rest:
            return self.reply(200, "")
        if head == "file" and cfg.files and rest and "/" not in rest and not rest.startswith("."):
            try:
                with open(os.path.join(cfg.files, rest)) as f:
                    return self.reply(200, f.read())
            except OSError:
                pass
        return self.reply(404, "not found\n")

    def do_GET(self):
        peer = self.client_address[0]
        status = self.route(peer)
        log_event(self.server.cfg.log, {
            "listen": self.server.server_address[0], "peer": peer, "method": self.command,
            "path": self.path, "status": status, "ua": self.headers.get("User-Agent")})

    do_POST = do_HEAD = do_GET

    def log_message(self, fmt, *args):
        pass  # the JSON log says it all


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, port, ctx, cfg):
        self.address_family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        self.ctx, self.cfg = ctx, cfg
        super().__init__((addr, port), Handler)

    def server_bind(self):
        if self.address_family == socket.AF_INET6:
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        # TCPServer's bind: HTTPServer's would do a reverse DNS look-up of the address,
        # which can stall in a namespace without a resolver.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def get_request(self):
        sock, peer = self.socket.accept()
        return self.ctx.wrap_socket(sock, server_side=True,
                                    do_handshake_on_connect=False), peer

    def handle_error(self, request, client_address):
        err = sys.exc_info()[1]
        log_event(self.cfg.log, {"listen": self.server_address[0], "peer": client_address[0],
                                 "event": "error", "error": f"{type(err).__name__}: {err}"})


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listen", action="append", required=True, help="address (v4 or v6)")
    ap.add_argument("--port", type=int, default=443)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--log", required=True, help="JSON-lines request log")
    ap.add_argument("--files", help="directory served under /file/NAME")
    ap.add_argument("--slow", type=float, default=30.0, help="seconds /slow waits")
    cfg = ap.parse_args()

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cfg.cert, cfg.key)
    servers = [Server(a, cfg.port, ctx, cfg) for a in cfg.listen]
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print("ready", " ".join(f"{a}:{cfg.port}" for a in cfg.listen), flush=True)
    try:
        servers[0].serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
