// SPDX-License-Identifier: MIT
/* http.c and websrc.c against a real loopback HTTPS server (Python stdlib, throw-away CA). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/version.h"
#include "agent/websrc.h"
#include "providers/http.h"
#include "providers/http_error.h"

/*
 * The group setup makes two CAs and a server certificate from each (SAN IP:127.0.0.1) with
 * the openssl CLI, then starts one Python server per certificate. python3 and openssl are
 * installed by `make deps`: without them the group setup fails loudly, it does not skip.
 */

#define PYTHON "/usr/bin/python3"

static const char server_py[] =
    "import email.utils, http.server, ssl, sys, time, urllib.parse\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    protocol_version = 'HTTP/1.1'\n"
    "    def log_message(self, *a): pass\n"
    "    def setup(self):\n"
    "        self.request.do_handshake()\n"
    "        super().setup()\n"
    "    def reply(self, code, body, hdrs=(), length=True):\n"
    "        self.send_response(code)\n"
    "        for k, v in hdrs: self.send_header(k, v)\n"
    "        if length: self.send_header('Content-Length', str(len(body)))\n"
    "        else:\n"
    "            self.send_header('Connection', 'close')\n"
    "            self.close_connection = True\n"
    "        self.end_headers()\n"
    "        self.wfile.write(body)\n"
    "    def do_GET(self):\n"
    "        u = urllib.parse.urlsplit(self.path)\n"
    "        q = dict(urllib.parse.parse_qsl(u.query))\n"
    "        p = u.path\n"
    "        if p == '/ok': self.reply(200, b'hello\\n')\n"
    "        elif p.startswith('/status/'): self.reply(int(p[8:]), b'status\\n')\n"
    "        elif p == '/ip4': self.reply(200, b'192.0.2.1\\n')\n"
    "        elif p == '/trace': self.reply(200, b'fl=1\\nh=x\\nip=198.51.100.7\\nts=1.5\\n')\n"
    "        elif p == '/html': self.reply(200, b'<html><body>192.0.2.1</body></html>\\n')\n"
    "        elif p == '/big': self.reply(200, b'a' * int(q['n']), length=q.get('cl') == '1')\n"
    "        elif p == '/retry': self.reply(503, b'', [('Retry-After', '7')])\n"
    "        elif p == '/retry-date':\n"
    "            d = email.utils.formatdate(time.time() + 120, usegmt=True)\n"
    "            self.reply(429, b'', [('Retry-After', d)])\n"
    "        elif p == '/slow':\n"
    "            time.sleep(int(q['ms']) / 1000)\n"
    "            self.reply(200, b'slow\\n')\n"
    "        elif p == '/peer': self.reply(200, str(self.client_address[1]).encode())\n"
    "        elif p == '/ua': self.reply(200, self.headers.get('User-Agent', '').encode())\n"
    "        else: self.reply(404, b'not found\\n')\n"
    "    def do_body(self):\n"
    "        body = self.rfile.read(int(self.headers.get('Content-Length', '0')))\n"
    "        x = self.headers.get('X-Test', '').encode()\n"
    "        self.reply(200, self.command.encode() + b'\\n' + x + b'\\n' + body)\n"
    "    do_POST = do_PUT = do_PATCH = do_DELETE = do_body\n"
    "class S(http.server.ThreadingHTTPServer):\n"
    "    daemon_threads = True\n"
    "    request_queue_size = 64\n"
    "    def handle_error(self, request, client_address): pass\n"
    "ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
    "ctx.load_cert_chain(sys.argv[1], sys.argv[2])\n"
    "srv = S(('127.0.0.1', 0), H)\n"
    "srv.socket = ctx.wrap_socket(srv.socket, server_side=True, "
    "do_handshake_on_connect=False)\n"
    "print(srv.server_address[1], flush=True)\n"
    "srv.serve_forever()\n";

static const char ca_cnf[] = "[req]\n"
			     "distinguished_name = dn\n"
			     "x509_extensions = v3_ca\n"
			     "[dn]\n"
			     "[v3_ca]\n"
			     "basicConstraints = critical,CA:TRUE\n"
			     "keyUsage = critical,keyCertSign,cRLSign\n"
			     "subjectKeyIdentifier = hash\n";

static const char srv_ext[] = "basicConstraints = CA:FALSE\n"
			      "keyUsage = critical,digitalSignature\n"
			      "extendedKeyUsage = serverAuth\n"
			      "subjectAltName = IP:127.0.0.1\n"
			      "subjectKeyIdentifier = hash\n"
			      "authorityKeyIdentifier = keyid\n";

static char dir[64];
static pid_t srv_pid[2] = {-1, -1};
static int srv_port[2];
static int closed_port;
static struct ev_loop *loop;
static struct http_ctx *ctx;

static const char *path(const char *name)
{
	static char bufs[8][160];
	static int n;
	char *b = bufs[n++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/%s", dir, name);
	return b;
}

static bool write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");
	bool ok;

	if (!f)
		return false;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok;
}

/* Run a command quietly; its exit status, or -1. */
static int run(const char *const argv[])
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static bool make_ca(const char *key, const char *pem, const char *cn)
{
	const char *argv[] = {
	    "openssl",	    "req",     "-x509", "-new",	    "-config",
	    path("ca.cnf"), "-newkey", "ec",	"-pkeyopt", "ec_paramgen_curve:prime256v1",
	    "-nodes",	    "-keyout", key,	"-out",	    pem,
	    "-days",	    "2",       "-subj", cn,	    NULL};

	return run(argv) == 0;
}

static bool make_server_cert(const char *ca_key, const char *ca_pem, const char *key,
			     const char *pem)
{
	const char *req[] = {"openssl",
			     "req",
			     "-new",
			     "-config",
			     path("ca.cnf"),
			     "-newkey",
			     "ec",
			     "-pkeyopt",
			     "ec_paramgen_curve:prime256v1",
			     "-nodes",
			     "-keyout",
			     key,
			     "-out",
			     path("srv.csr"),
			     "-subj",
			     "/CN=127.0.0.1",
			     NULL};
	const char *sign[] = {"openssl", "x509",  "-req",   "-in",	path("srv.csr"),
			      "-CA",	 ca_pem,  "-CAkey", ca_key,	"-set_serial",
			      "2",	 "-days", "2",	    "-extfile", path("srv.ext"),
			      "-out",	 pem,	  NULL};

	return run(req) == 0 && run(sign) == 0;
}

/* Start the server; it prints its port once it listens. */
static bool start_server(int i, const char *pem, const char *key)
{
	struct pollfd pfd;
	char line[32] = "";
	size_t n = 0;
	int fds[2];
	pid_t pid;

	if (pipe(fds) < 0)
		return false;
	pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl(PYTHON, PYTHON, path("server.py"), pem, key, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	srv_pid[i] = pid;
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	while (n < sizeof(line) - 1 && !strchr(line, '\n') && poll(&pfd, 1, 5000) == 1) {
		ssize_t r = read(fds[0], line + n, sizeof(line) - 1 - n);

		if (r <= 0)
			break;
		n += (size_t)r;
		line[n] = '\0';
	}
	close(fds[0]);
	srv_port[i] = atoi(line);
	return srv_port[i] > 0;
}

static int free_port(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, len) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int group_teardown(void **state)
{
	int i, st;

	(void)state;
	for (i = 0; i < 2; i++) {
		if (srv_pid[i] > 0) {
			kill(srv_pid[i], SIGTERM);
			waitpid(srv_pid[i], &st, 0);
			srv_pid[i] = -1;
		}
	}
	if (dir[0])
		nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
	if (loop)
		ev_loop_destroy(loop);
	return 0;
}

static int group_setup(void **state)
{
	const char *rehash[] = {"openssl", "rehash", NULL, NULL};

	(void)state;
	signal(SIGPIPE, SIG_IGN); /* as the agent does */
	if (access(PYTHON, X_OK) != 0) {
		fprintf(stderr, "FAIL: %s is missing: run `make deps`\n", PYTHON);
		return -1;
	}
	snprintf(dir, sizeof(dir), "/tmp/ddnsd-test-http-XXXXXX");
	if (!mkdtemp(dir)) {
		dir[0] = '\0';
		return -1;
	}
	if (mkdir(path("capath"), 0700) < 0 || mkdir(path("empty"), 0700) < 0 ||
	    !write_file(path("server.py"), server_py) || !write_file(path("ca.cnf"), ca_cnf) ||
	    !write_file(path("srv.ext"), srv_ext))
		goto fail;
	if (!make_ca(path("ca1.key"), path("ca1.pem"), "/CN=ddnsd test CA one") ||
	    !make_ca(path("ca2.key"), path("capath/ca2.pem"), "/CN=ddnsd test CA two") ||
	    !make_server_cert(path("ca1.key"), path("ca1.pem"), path("srv1.key"),
			      path("srv1.pem")) ||
	    !make_server_cert(path("ca2.key"), path("capath/ca2.pem"), path("srv2.key"),
			      path("srv2.pem"))) {
		fprintf(stderr, "FAIL: openssl could not make the test certificates "
				"(is the openssl CLI installed? run `make deps`)\n");
		goto fail;
	}
	rehash[2] = path("capath");
	if (run(rehash) != 0) {
		fprintf(stderr, "FAIL: openssl rehash failed\n");
		goto fail;
	}
	if (!start_server(0, path("srv1.pem"), path("srv1.key")) ||
	    !start_server(1, path("srv2.pem"), path("srv2.key"))) {
		fprintf(stderr, "FAIL: the Python HTTPS test server did not start\n");
		goto fail;
	}
	closed_port = free_port();
	loop = ev_loop_new(EVFLAG_AUTO);
	if (closed_port <= 0 || !loop)
		goto fail;
	return 0;
fail:
	group_teardown(state);
	return -1;
}

static int setup(void **state)
{
	(void)state;
	ctx = http_init(loop);
	return ctx ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	http_fini(ctx);
	ctx = NULL;
	return 0;
}

/* ---- driving the loop ---- */

struct result {
	int calls;
	int curl_code;
	long status;
	long retry_after;
	double elapsed_ms;
	char body[8192];
	size_t len;
	char error[256];
	struct http_job *cancel_me; /* cancelled from this job's callback */
	struct http_job *self;	    /* this job, cancelled from its own callback (a no-op) */
};

static int n_done;
static bool guard_hit;

static void on_done(void *arg, const struct http_response *resp)
{
	struct result *r = arg;

	r->calls++;
	r->curl_code = resp->curl_code;
	r->status = resp->status;
	r->retry_after = resp->retry_after;
	r->elapsed_ms = resp->elapsed_ms;
	r->len = resp->len < sizeof(r->body) - 1 ? resp->len : sizeof(r->body) - 1;
	memcpy(r->body, resp->body, r->len);
	r->body[r->len] = '\0';
	snprintf(r->error, sizeof(r->error), "%s", resp->error);
	assert_int_equal(resp->body[resp->len], '\0');
	if (r->cancel_me)
		http_cancel(ctx, r->cancel_me);
	if (r->self)
		http_cancel(ctx, r->self);
	n_done++;
}

static void guard_cb(struct ev_loop *l, struct ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	guard_hit = true;
	ev_break(l, EVBREAK_ALL);
}

/* Run the loop until n_done reaches want (or, with want < 0, for -want ms). */
static void drive(int want)
{
	struct ev_timer guard;

	guard_hit = false;
	ev_timer_init(&guard, guard_cb, want < 0 ? -want / 1000.0 : 4.0, 0.);
	ev_now_update(loop);
	ev_timer_start(loop, &guard);
	while ((want < 0 || n_done < want) && !guard_hit)
		ev_run(loop, EVRUN_ONCE);
	ev_timer_stop(loop, &guard);
	if (want >= 0)
		assert_false(guard_hit);
}

static const char *url(int srv, const char *p)
{
	static char bufs[8][128];
	static int n;
	char *b = bufs[n++ % 8];

	snprintf(b, sizeof(bufs[0]), "https://127.0.0.1:%d%s",
		 srv < 0 ? closed_port : srv_port[srv], p);
	return b;
}

static struct http_job *get(const char *u, struct result *r, size_t max_body)
{
	struct http_request req = {.method = HTTP_GET,
				   .url = u,
				   .ca_file = path("ca1.pem"),
				   .max_body = max_body,
				   .ipresolve = 4};
	struct http_job *job;

	memset(r, 0, sizeof(*r));
	job = http_submit(ctx, &req, on_done, r);
	assert_non_null(job);
	return job;
}

/* ---- tests ---- */

static void test_get_ok(void **state)
{
	struct result r;

	(void)state;
	n_done = 0;
	get(url(0, "/ok"), &r, 0);
	assert_int_equal(http_in_flight(ctx), 1);
	drive(1);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.curl_code, 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "hello\n");
	assert_int_equal(r.retry_after, -1);
	assert_true(r.elapsed_ms >= 0 && r.elapsed_ms < 4000);
	assert_int_equal(http_in_flight(ctx), 0);

	n_done = 0;
	get(url(0, "/ua"), &r, 0);
	drive(1);
	assert_string_equal(r.body, DDNSD_USER_AGENT);
}

static void test_status_404(void **state)
{
	struct result r;

	(void)state;
	n_done = 0;
	get(url(0, "/status/404"), &r, 0);
	drive(1);
	assert_int_equal(r.curl_code, 0);
	assert_int_equal(r.status, 404);
	assert_string_equal(r.error, "");
}

static void test_size_cap(void **state)
{
	static const struct {
		const char *path;
		int curl_code;
	} cases[] = {
	    {"/big?n=4096&cl=1", 0},  {"/big?n=4096&cl=0", 0},	  {"/big?n=4097&cl=1", 63},
	    {"/big?n=4097&cl=0", 63}, {"/big?n=100000&cl=0", 63},
	};
	struct result r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response fake = {.curl_code = cases[i].curl_code};

		n_done = 0;
		get(url(0, cases[i].path), &r, 4096);
		drive(1);
		assert_int_equal(r.curl_code, cases[i].curl_code);
		if (cases[i].curl_code) {
			assert_string_equal(r.error, "response larger than 4096 bytes");
			assert_string_equal(http_error_summary(&fake), "response too large");
		} else {
			assert_int_equal(r.len, 4096);
		}
	}
}

static void test_methods_echo(void **state)
{
	static const struct {
		enum http_method m;
		const char *body, *want;
	} cases[] = {
	    {HTTP_POST, "{\"a\":1}", "POST\nv1\n{\"a\":1}"},
	    {HTTP_PATCH, "{\"ip\":\"192.0.2.1\"}", "PATCH\nv1\n{\"ip\":\"192.0.2.1\"}"},
	    {HTTP_PUT, "x=1&y=2", "PUT\nv1\nx=1&y=2"},
	    {HTTP_DELETE, NULL, "DELETE\nv1\n"},
	    {HTTP_POST, NULL, "POST\nv1\n"},
	};
	const char *hdrs[] = {"X-Test: v1", "Content-Type: application/json"};
	struct result r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char body[64];
		struct http_request req = {.method = cases[i].m,
					   .url = url(0, "/echo"),
					   .headers = hdrs,
					   .n_headers = 2,
					   .ca_file = path("ca1.pem")};

		/* The body is copied: scribble over it right after submitting. */
		if (cases[i].body) {
			snprintf(body, sizeof(body), "%s", cases[i].body);
			req.body = body;
			req.body_len = strlen(body);
		}
		memset(&r, 0, sizeof(r));
		n_done = 0;
		assert_non_null(http_submit(ctx, &req, on_done, &r));
		memset(body, 'Z', sizeof(body));
		drive(1);
		assert_int_equal(r.curl_code, 0);
		assert_int_equal(r.status, 200);
		assert_string_equal(r.body, cases[i].want);
	}
}

static void test_retry_after(void **state)
{
	struct result r;

	(void)state;
	n_done = 0;
	get(url(0, "/retry"), &r, 0);
	drive(1);
	assert_int_equal(r.status, 503);
	assert_int_equal(r.retry_after, 7);

	n_done = 0;
	get(url(0, "/retry-date"), &r, 0);
	drive(1);
	assert_int_equal(r.status, 429);
	assert_in_range(r.retry_after, 110, 125);
}

static void test_concurrent_and_reuse(void **state)
{
	struct result r[8], a, b;
	int i;

	(void)state;
	n_done = 0;
	for (i = 0; i < 8; i++)
		get(url(0, i % 2 ? "/slow?ms=150" : "/ok"), &r[i], 0);
	assert_int_equal(http_in_flight(ctx), 8);
	drive(8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(r[i].calls, 1);
		assert_int_equal(r[i].status, 200);
		assert_string_equal(r[i].body, i % 2 ? "slow\n" : "hello\n");
	}
	assert_int_equal(http_in_flight(ctx), 0);

	/* Two requests one after the other ride the same kept-alive connection. */
	n_done = 0;
	get(url(0, "/peer"), &a, 0);
	drive(1);
	get(url(0, "/peer"), &b, 0);
	drive(2);
	assert_true(a.len > 0);
	assert_string_equal(a.body, b.body);
}

/* An address change ends only the connections whose local address went: here the loopback
 * address stays, so the next request rides the same connection (the peer, client address and
 * port as the server saw it, is the same), with a transfer in flight at the time too. */
static void test_forget_connections(void **state)
{
	struct result a, b, c, d, e, slow;

	(void)state;
	n_done = 0;
	get(url(0, "/peer"), &a, 0);
	drive(1);
	http_forget_connections(ctx);
	get(url(0, "/peer"), &b, 0);
	drive(2);
	assert_true(a.len > 0 && b.len > 0);
	assert_string_equal(a.body, b.body);

	n_done = 0;
	get(url(0, "/peer"), &c, 0);
	drive(1);
	get(url(0, "/slow?ms=200"), &slow, 0);
	http_forget_connections(ctx);
	get(url(0, "/peer"), &d, 0);
	drive(3);
	assert_int_equal(slow.status, 200);
	assert_true(c.len > 0 && d.len > 0);
	/* d could not share the busy connection; both are kept and reused afterwards. */
	n_done = 0;
	get(url(0, "/peer"), &e, 0);
	drive(1);
	assert_true(strcmp(e.body, c.body) == 0 || strcmp(e.body, d.body) == 0);
}

/* Connections idle for the idle time are closed by the agent (so none the server closed is
 * left in CLOSE_WAIT): the next request comes from another connection. */
static void test_idle_close(void **state)
{
	struct result a, b, c;

	(void)state;
	http_set_idle_close(ctx, 0.2);
	n_done = 0;
	get(url(0, "/peer"), &a, 0);
	drive(1);
	get(url(0, "/peer"), &b, 0);
	drive(2);
	assert_string_equal(a.body, b.body); /* kept alive while in use */
	drive(-500);			     /* idle: closed */
	n_done = 0;
	get(url(0, "/peer"), &c, 0);
	drive(1);
	assert_true(c.len > 0);
	assert_string_not_equal(b.body, c.body);
}

static void test_cancel(void **state)
{
	struct result a, b, c, d;
	struct http_job *ja;

	(void)state;
	/* Cancelled before the loop ran. */
	n_done = 0;
	ja = get(url(0, "/ok"), &a, 0);
	get(url(0, "/ok"), &b, 0);
	http_cancel(ctx, ja);
	assert_int_equal(http_in_flight(ctx), 1);
	drive(1);
	assert_int_equal(b.calls, 1);

	/* Cancelled from another job's callback; c also cancels itself there (a no-op). */
	n_done = 0;
	c.self = get(url(0, "/ok"), &c, 0);
	c.cancel_me = get(url(0, "/slow?ms=300"), &d, 0);
	drive(1);
	assert_int_equal(c.calls, 1);
	assert_int_equal(http_in_flight(ctx), 0);
	drive(-450); /* the slow reply would have come by now */
	assert_int_equal(a.calls, 0);
	assert_int_equal(d.calls, 0);

	/* http_fini() with jobs in flight: no callback, no leak (ASan). */
	get(url(0, "/slow?ms=300"), &a, 0);
	drive(-30);
}

static void test_refused_urls(void **state)
{
	static const char *const bad[] = {"http://127.0.0.1/", "ftp://127.0.0.1/", "HTTP://x/",
					  "127.0.0.1", ""};
	struct http_request req = {.method = HTTP_GET};
	struct result r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		req.url = bad[i];
		errno = 0;
		assert_null(http_submit(ctx, &req, on_done, &r));
		assert_int_equal(errno, EPROTONOSUPPORT);
	}
	req.url = NULL;
	assert_null(http_submit(ctx, &req, on_done, &r));
	assert_int_equal(errno, EINVAL);
	assert_int_equal(http_in_flight(ctx), 0);
}

static void test_curl_errors(void **state)
{
	struct http_request req = {
	    .method = HTTP_GET, .url = url(-1, "/x?token=supersecret"), .ca_file = path("ca1.pem")};
	const char *hdrs[] = {"Authorization: Bearer hunter2hunter2"};
	struct http_response fake = {0};
	struct result r;

	(void)state;
	/* Closed port: a curl error that names neither the query nor a header. */
	req.headers = hdrs;
	req.n_headers = 1;
	n_done = 0;
	memset(&r, 0, sizeof(r));
	assert_non_null(http_submit(ctx, &req, on_done, &r));
	drive(1);
	assert_int_equal(r.curl_code, CURLE_COULDNT_CONNECT);
	assert_int_equal(r.status, 0);
	assert_true(r.error[0] != '\0');
	assert_null(strstr(r.error, "supersecret"));
	assert_null(strstr(r.error, "hunter2"));
	fake.curl_code = r.curl_code;
	assert_string_equal(http_error_summary(&fake), "cannot connect");

	/* Untrusted server: no ca_file, so only the system store, which lacks our CA. */
	n_done = 0;
	req.url = url(0, "/ok");
	req.ca_file = NULL;
	memset(&r, 0, sizeof(r));
	assert_non_null(http_submit(ctx, &req, on_done, &r));
	drive(1);
	assert_int_equal(r.curl_code, CURLE_PEER_FAILED_VERIFICATION);
	fake.curl_code = r.curl_code;
	assert_string_equal(http_error_summary(&fake), "TLS certificate not trusted");

	/* The other CA's server is not trusted through ca1 either. */
	n_done = 0;
	req.url = url(1, "/ok");
	req.ca_file = path("ca1.pem");
	assert_non_null(http_submit(ctx, &req, on_done, &r));
	drive(1);
	assert_int_equal(r.curl_code, CURLE_PEER_FAILED_VERIFICATION);

	/* Total timeout. */
	n_done = 0;
	req.url = url(0, "/slow?ms=1500");
	req.timeout_ms = 200;
	assert_non_null(http_submit(ctx, &req, on_done, &r));
	drive(1);
	assert_int_equal(r.curl_code, CURLE_OPERATION_TIMEDOUT);
	assert_true(r.elapsed_ms >= 150 && r.elapsed_ms < 1400);
}

static size_t discard(char *p, size_t size, size_t n, void *u)
{
	(void)p;
	(void)u;
	return size * n;
}

static CURLcode fetch_with(const char *u, const char *cainfo, const char *capath)
{
	CURL *e = curl_easy_init();
	CURLcode rc;

	assert_non_null(e);
	curl_easy_setopt(e, CURLOPT_URL, u);
	curl_easy_setopt(e, CURLOPT_CAINFO, cainfo);
	curl_easy_setopt(e, CURLOPT_CAPATH, capath);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 3000L);
	rc = curl_easy_perform(e);
	curl_easy_cleanup(e);
	return rc;
}

/* http.c passes ca-file as CURLOPT_CAINFO and keeps the system store as CURLOPT_CAPATH;
 * that only works if libcurl+OpenSSL trust the union of both. Check that here, with a CA
 * in a hashed directory standing in for /etc/ssl/certs. */
static void test_cainfo_and_capath_both_trusted(void **state)
{
	(void)state;
	assert_int_equal(fetch_with(url(0, "/ok"), path("ca1.pem"), path("capath")), CURLE_OK);
	assert_int_equal(fetch_with(url(1, "/ok"), path("ca1.pem"), path("capath")), CURLE_OK);
	/* Controls: each location alone trusts only its own CA. */
	assert_int_equal(fetch_with(url(1, "/ok"), path("ca1.pem"), path("empty")),
			 CURLE_PEER_FAILED_VERIFICATION);
	assert_int_equal(fetch_with(url(0, "/ok"), path("capath/ca2.pem"), path("empty")),
			 CURLE_PEER_FAILED_VERIFICATION);
}

/* ---- websrc over the same server ---- */

struct web_result {
	int calls;
	enum fam fam;
	struct web_answer ans;
	struct websrc_lookup *self;
};

static void on_web(void *arg, enum fam fam, const struct web_answer *ans)
{
	struct web_result *w = arg;

	w->calls++;
	w->fam = fam;
	w->ans = *ans;
	websrc_cancel(w->self); /* a no-op from inside done */
	n_done++;
}

static void lookup(char *const *urls, size_t n, struct web_result *w)
{
	memset(w, 0, sizeof(*w));
	n_done = 0;
	w->self = websrc_start(ctx, FAM_V4, urls, n, path("ca1.pem"), on_web, w);
	assert_non_null(w->self);
	drive(1);
	assert_int_equal(w->calls, 1);
	assert_int_equal(w->fam, FAM_V4);
	assert_true(w->ans.done);
	assert_int_equal(http_in_flight(ctx), 0);
}

static void test_websrc_moves_on(void **state)
{
	char u[4][128], want[160];
	char *urls[4] = {u[0], u[1], u[2], u[3]};
	struct web_result w;
	char buf[IPADDR_STRLEN];

	(void)state;
	snprintf(u[0], sizeof(u[0]), "%s", url(0, "/status/404"));
	snprintf(u[1], sizeof(u[1]), "%s", url(0, "/ip4?key=abc"));
	lookup(urls, 2, &w);
	assert_true(w.ans.ok);
	assert_string_equal(ipaddr_ntop(&w.ans.addr, buf), "192.0.2.1");
	snprintf(want, sizeof(want), "https://127.0.0.1:%d/ip4", srv_port[0]);
	assert_string_equal(w.ans.url, want);

	/* Not https (skipped at once), an HTML page, then Cloudflare's trace format. */
	snprintf(u[0], sizeof(u[0]), "http://127.0.0.1:%d/ip4", srv_port[0]);
	snprintf(u[1], sizeof(u[1]), "%s", url(0, "/html"));
	snprintf(u[2], sizeof(u[2]), "%s", url(0, "/trace"));
	lookup(urls, 3, &w);
	assert_true(w.ans.ok);
	assert_string_equal(ipaddr_ntop(&w.ans.addr, buf), "198.51.100.7");
}

static void test_websrc_all_fail(void **state)
{
	char u[4][128], want[200];
	char *urls[4] = {u[0], u[1], u[2], u[3]};
	struct web_result w;

	(void)state;
	snprintf(u[0], sizeof(u[0]), "%s", url(0, "/status/404?token=secret1"));
	snprintf(u[1], sizeof(u[1]), "%s", url(0, "/html"));
	snprintf(u[2], sizeof(u[2]), "%s", url(-1, "/"));
	lookup(urls, 3, &w);
	assert_false(w.ans.ok);
	snprintf(want, sizeof(want),
		 "all 3 web services failed: 127.0.0.1:%d/status/404: HTTP 404; "
		 "127.0.0.1:%d/html: looks like an HTML page, not an address; "
		 "127.0.0.1:%d: cannot connect",
		 srv_port[0], srv_port[0], closed_port);
	assert_string_equal(w.ans.error, want);
	assert_null(strstr(w.ans.error, "secret1"));

	/* One URL, and a summary too long for the buffer ends in "...". */
	lookup(urls, 1, &w);
	assert_false(w.ans.ok);
	assert_non_null(strstr(w.ans.error, "1 web service failed: "));
	for (int i = 0; i < 4; i++)
		snprintf(u[i], sizeof(u[i]), "%s", url(0, "/no-such-path-padding-padding-padding"));
	lookup(urls, 4, &w);
	assert_int_equal(strlen(w.ans.error), sizeof(w.ans.error) - 1);
	assert_string_equal(w.ans.error + sizeof(w.ans.error) - 4, "...");
}

static void test_websrc_start_and_cancel(void **state)
{
	char u[2][128];
	char *urls[2] = {u[0], u[1]};
	struct web_result w;
	struct websrc_lookup *l;

	(void)state;
	/* Nothing can start: NULL with errno, and done is not called. */
	snprintf(u[0], sizeof(u[0]), "http://127.0.0.1/");
	memset(&w, 0, sizeof(w));
	errno = 0;
	assert_null(websrc_start(ctx, FAM_V4, urls, 1, NULL, on_web, &w));
	assert_int_equal(errno, EPROTONOSUPPORT);
	assert_null(websrc_start(ctx, FAM_V4, urls, 0, NULL, on_web, &w));
	assert_int_equal(errno, EINVAL);

	/* Cancelled in flight: no callback, nothing left on the multi handle. */
	snprintf(u[0], sizeof(u[0]), "%s", url(0, "/slow?ms=200"));
	n_done = 0;
	l = websrc_start(ctx, FAM_V4, urls, 1, path("ca1.pem"), on_web, &w);
	assert_non_null(l);
	drive(-50);
	websrc_cancel(l);
	assert_int_equal(http_in_flight(ctx), 0);
	drive(-300);
	assert_int_equal(w.calls, 0);
}

/* An error text never quotes the URL's query or user info, nor a header's value: then curl's
 * bare message for the code stands instead. */
static void test_error_text_no_secret(void **state)
{
	struct curl_slist *h = curl_slist_append(NULL, "Authorization: Bearer s3cr3t-token");
	char out[256];

	(void)state;
	assert_non_null(h);
	http_error_text(out, sizeof(out), "Failed to connect to api.example port 443 \r\n",
			CURLE_COULDNT_CONNECT, "https://api.example/u/x?token=abcd1234", h);
	assert_string_equal(out, "Failed to connect to api.example port 443");
	http_error_text(out, sizeof(out), "bad request token=abcd1234", CURLE_HTTP_RETURNED_ERROR,
			"https://api.example/u/x?token=abcd1234", h);
	assert_string_equal(out, curl_easy_strerror(CURLE_HTTP_RETURNED_ERROR));
	http_error_text(out, sizeof(out), "user:pass rejected", CURLE_LOGIN_DENIED,
			"https://user:pass@api.example/nic/update", h);
	assert_string_equal(out, curl_easy_strerror(CURLE_LOGIN_DENIED));
	http_error_text(out, sizeof(out), "header Bearer s3cr3t-token refused", CURLE_SEND_ERROR,
			"https://api.example/zones", h);
	assert_string_equal(out, curl_easy_strerror(CURLE_SEND_ERROR));
	/* No text from curl: its message for the code. */
	http_error_text(out, sizeof(out), "", CURLE_OPERATION_TIMEDOUT, "https://api.example/",
			NULL);
	assert_string_equal(out, curl_easy_strerror(CURLE_OPERATION_TIMEDOUT));
	curl_slist_free_all(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_error_text_no_secret),
	    cmocka_unit_test_setup_teardown(test_get_ok, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_status_404, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_size_cap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_methods_echo, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_retry_after, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_concurrent_and_reuse, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forget_connections, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_idle_close, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused_urls, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_curl_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cainfo_and_capath_both_trusted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_websrc_moves_on, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_websrc_all_fail, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_websrc_start_and_cancel, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
