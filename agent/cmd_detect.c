// SPDX-License-Identifier: MIT
/* `ddnsd detect`: per record and family, the address that would be published and why. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/cmd.h"
#include "agent/desired.h"
#include "lib/log.h"
#include "netlink/nl_sock.h"

struct row {
	const char *record;
	enum fam fam;
	struct select_out out;
};

static void print_json(const struct row *rows, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	char a[IPADDR_STRLEN], *text;

	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "record", rows[i].record);
		cJSON_AddStringToObject(o, "family", fam_name(rows[i].fam));
		if (rows[i].out.found)
			cJSON_AddStringToObject(o, "address", ipaddr_ntop(&rows[i].out.addr, a));
		else
			cJSON_AddNullToObject(o, "address");
		cJSON_AddStringToObject(o, "source", rows[i].out.source);
		cJSON_AddStringToObject(o, "reason", rows[i].out.reason);
		cJSON_AddItemToArray(arr, o);
	}
	text = cJSON_Print(arr);
	if (text)
		printf("%s\n", text);
	free(text);
	cJSON_Delete(arr);
}

static void print_table(const struct row *rows, size_t n)
{
	int wr = 6, wa = 7, ws = 6;
	char a[IPADDR_STRLEN];

	for (size_t i = 0; i < n; i++) {
		int l = (int)strlen(rows[i].record);

		wr = l > wr ? l : wr;
		l = rows[i].out.found ? (int)strlen(ipaddr_ntop(&rows[i].out.addr, a)) : 1;
		wa = l > wa ? l : wa;
		l = (int)strlen(rows[i].out.source);
		ws = l > ws ? l : ws;
	}
	printf("%-*s  %-6s  %-*s  %-*s  %s\n", wr, "RECORD", "FAMILY", wa, "ADDRESS", ws, "SOURCE",
	       "REASON");
	for (size_t i = 0; i < n; i++)
		printf("%-*s  %-6s  %-*s  %-*s  %s\n", wr, rows[i].record, fam_name(rows[i].fam),
		       wa, rows[i].out.found ? ipaddr_ntop(&rows[i].out.addr, a) : "-", ws,
		       rows[i].out.source, rows[i].out.reason);
}

/* Run the loop until every web lookup has answered (each URL has its own timeouts). */
static void wait_for_web(struct ev_loop *loop, struct webcache *wc)
{
	while (webcache_busy(wc) > 0)
		ev_run(loop, EVRUN_ONCE);
}

int cmd_detect(const struct cli *cli)
{
	/* With no configuration file at all, show what `auto` would publish (a first look). */
	static struct cfg_record auto_rec = {.section = "auto", .name = "auto"};
	const struct cfg_record *recs;
	struct ev_loop *loop = NULL;
	struct http_ctx *http = NULL;
	struct webcache wc;
	struct view view;
	struct config *cfg;
	struct row *rows = NULL;
	size_t n_recs, n = 0;
	bool missing;
	int ret = 1, err;

	view_init(&view);
	memset(&wc, 0, sizeof(wc));
	cfg = cmd_load_config(cli, true, &missing);
	if (!cfg)
		return 2;
	recs = missing ? &auto_rec : cfg->records;
	n_recs = missing ? 1 : cfg->n_records;
	err = nl_sock_dump_once(&view);
	if (err < 0) {
		log_warnx("cannot read addresses and routes from the kernel: %s", strerror(-err));
		goto out;
	}
	loop = ev_loop_new(EVFLAG_AUTO);
	http = loop ? http_init(loop) : NULL;
	if (!http) {
		log_warnx("cannot start the HTTP client");
		goto out;
	}
	webcache_init(&wc, http, cfg->agent.ca_file, NULL, NULL);
	desired_ask_web(cfg, recs, n_recs, &view, &wc, true, ev_now(loop));
	wait_for_web(loop, &wc);
	rows = calloc(n_recs * FAM_N + 1, sizeof(*rows));
	if (!rows)
		goto out;
	for (size_t i = 0; i < n_recs; i++) {
		for (enum fam f = FAM_V4; f < FAM_N; f++) {
			rows[n].record = recs[i].section;
			rows[n].fam = f;
			desired_select(cfg, &recs[i], f, &view, &wc, &rows[n].out);
			n++;
		}
	}
	if (cli->json)
		print_json(rows, n);
	else
		print_table(rows, n);
	ret = 0;
out:
	free(rows);
	webcache_fini(&wc);
	if (http)
		http_fini(http);
	if (loop)
		ev_loop_destroy(loop);
	view_fini(&view);
	config_free(cfg);
	return ret;
}
