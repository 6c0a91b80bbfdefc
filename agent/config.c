// SPDX-License-Identifier: MIT
/* config_parse_string(): the configuration text, through inih, into struct config (pure). */
#include "agent/config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/config_errors.h"
#include "agent/config_provider.h"
#include "agent/config_schema.h"
#include "agent/config_values.h"

enum sect { SECT_NONE, SECT_SKIP, SECT_AGENT, SECT_PROVIDER, SECT_RECORD };

/* Lines of a record's keys, for the checks made once the whole file is read. */
struct rec_lines {
	int name, provider;
};

struct parser {
	struct config *cfg;
	struct cfg_errors *errs;
	const char *file;
	const char *pos; /* the text not read yet */
	int line;
	/* A key line went to inih; if the handler is not called for it, inih found no '='. */
	bool want_call, called;
	int first_syntax;
	enum sect sect;
	size_t idx;    /* the current provider or record */
	uint32_t seen; /* bit per key given in the current [agent] or [record] */
	int seen_line[16];
	struct cfg_raw *raws; /* the current [provider]'s keys */
	size_t n_raws;
	struct rec_lines *rl; /* parallel to cfg->records */
	int agent_line;
	bool oom;
};

_Static_assert((int)CFG_REC_N <= 16 && (int)CFG_AGENT_N <= 16, "seen_line too small");

/* "FILE:LINE: KEY: message" for the file being parsed. */
__attribute__((format(printf, 4, 5))) static void err(struct parser *p, int line, const char *key,
						      const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!cfg_errors_at(p->errs, p->file, line, key, "%s", msg))
		p->oom = true;
}

/* ---- struct config ---- */

static bool set_defaults(struct cfg_agent *a)
{
	static const char *const web[FAM_N][3] = {
	    {"https://api.ipify.org", "https://ipv4.icanhazip.com", "https://ifconfig.me/ip"},
	    {"https://api6.ipify.org", "https://ipv6.icanhazip.com", NULL},
	};
	bool ok;

	a->poll_interval = 300;
	a->settle = 0.05;
	a->min_interval = 10;
	a->verify_interval = 3600;
	a->failure_after = 1800;
	a->state_dir = strdup("/var/lib/ddnsd");
	a->runtime_dir = strdup("/run/ddnsd");
	ok = a->state_dir && a->runtime_dir;
	for (int f = 0; f < FAM_N; f++)
		for (size_t i = 0; i < 3 && web[f][i]; i++)
			ok = (a->web[f][a->n_web[f]++] = strdup(web[f][i])) && ok;
	return ok;
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->agent.state_dir);
	free(cfg->agent.runtime_dir);
	for (int f = 0; f < FAM_N; f++)
		for (size_t i = 0; i < cfg->agent.n_web[f]; i++)
			free(cfg->agent.web[f][i]);
	free(cfg->agent.ca_file);
	free(cfg->agent.on_change);
	free(cfg->agent.on_failure);
	free(cfg->agent.contact);
	for (size_t i = 0; i < cfg->n_providers; i++) {
		struct cfg_provider *pr = &cfg->providers[i];

		for (size_t j = 0; j < pr->n_params; j++) {
			free(pr->params[j].key);
			free(pr->params[j].value);
			free(pr->params[j].secret_ref);
			secret_free(&pr->params[j].secret);
		}
		free(pr->params);
		free(pr->name);
		free(pr->type);
	}
	free(cfg->providers);
	for (size_t i = 0; i < cfg->n_records; i++) {
		struct cfg_record *r = &cfg->records[i];

		free(r->section);
		free(r->name);
		free(r->provider_name);
		free(r->zone);
		config_values_source_free(&r->src[FAM_V4]);
		config_values_source_free(&r->src[FAM_V6]);
	}
	free(cfg->records);
	free(cfg);
}

struct config *config_defaults(void)
{
	struct config *cfg = calloc(1, sizeof(*cfg));

	if (!cfg)
		return NULL;
	cfg->path = strdup("(defaults)");
	if (!cfg->path || !set_defaults(&cfg->agent)) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}

/* ---- keys ---- */

/* Look key up among a section's keys; refuse it when unknown or given twice. */
static int key_index(struct parser *p, const char *key, const char *where, int k,
		     void (*list)(char *, size_t))
{
	char names[256];

	if (k < 0) {
		list(names, sizeof(names));
		err(p, p->line, key, "unknown key in %s; expected one of %s", where, names);
		return -1;
	}
	if (p->seen & (1u << k)) {
		err(p, p->line, key, "given twice in %s (first at line %d); expected it once",
		    where, p->seen_line[k]);
		return -1;
	}
	p->seen |= 1u << k;
	p->seen_line[k] = p->line;
	return k;
}

static void agent_key(struct parser *p, const char *key, const char *value)
{
	int k =
	    key_index(p, key, "[agent]", config_schema_agent_index(key), config_schema_list_agent);
	struct errbuf eb = {""};
	int ret;

	if (k < 0)
		return;
	ret = config_schema_set_agent(&p->cfg->agent, (enum cfg_agent_key)k, value, &eb);
	if (ret == -ENOMEM)
		p->oom = true;
	else if (ret < 0)
		err(p, p->line, key, "%s", eb.msg);
}

static void record_key(struct parser *p, const char *key, const char *value)
{
	struct cfg_record *r = &p->cfg->records[p->idx];
	struct errbuf eb = {""};
	char where[96];
	int k, ret;

	snprintf(where, sizeof(where), "[record %s]", r->section);
	k = key_index(p, key, where, config_schema_record_index(key), config_schema_list_record);
	if (k < 0)
		return;
	ret = config_schema_set_record(r, (enum cfg_record_key)k, value, &eb);
	if (ret == -ENOMEM)
		p->oom = true;
	else if (ret < 0)
		err(p, p->line, key, "%s", eb.msg);
}

static void provider_key(struct parser *p, const char *key, const char *value)
{
	struct cfg_raw *raws = realloc(p->raws, (p->n_raws + 1) * sizeof(*raws));

	if (!raws) {
		p->oom = true;
		return;
	}
	p->raws = raws;
	raws += p->n_raws;
	*raws = (struct cfg_raw){strdup(key), strdup(value), p->line, NULL, false};
	if (!raws->key || !raws->value) {
		config_provider_drop(raws, 1);
		p->oom = true;
		return;
	}
	p->n_raws++;
}

/* ---- sections ---- */

static void finish_record(struct parser *p)
{
	struct cfg_record *r = &p->cfg->records[p->idx];
	size_t nl, zl;

	p->rl[p->idx].name = p->seen_line[CFG_REC_NAME];
	p->rl[p->idx].provider = p->seen_line[CFG_REC_PROVIDER];
	if (!(p->seen & (1u << CFG_REC_NAME)))
		err(p, r->line, NULL,
		    "[record %s]: missing name; expected name = the DNS name to "
		    "keep up to date, e.g. name = home.example.com",
		    r->section);
	if (!(p->seen & (1u << CFG_REC_PROVIDER)))
		err(p, r->line, NULL,
		    "[record %s]: missing provider; expected provider = NAME of a "
		    "[provider NAME] section",
		    r->section);
	if (!r->name || !r->zone)
		return;
	nl = strlen(r->name);
	zl = strlen(r->zone);
	if (strcasecmp(r->name, r->zone) != 0 &&
	    (nl <= zl || r->name[nl - zl - 1] != '.' || strcasecmp(r->name + nl - zl, r->zone)))
		err(p, p->seen_line[CFG_REC_ZONE], "zone",
		    "\"%s\" does not contain the name "
		    "\"%s\"; expected the zone the name lives in, e.g. example.com",
		    r->zone, r->name);
}

static void finish_section(struct parser *p)
{
	if (p->sect == SECT_PROVIDER && !config_provider_finish(p->cfg, &p->cfg->providers[p->idx],
								p->raws, p->n_raws, p->errs))
		p->oom = true;
	else if (p->sect == SECT_RECORD)
		finish_record(p);
	config_provider_drop(p->raws, p->n_raws);
	p->n_raws = 0;
	p->sect = SECT_SKIP;
	p->seen = 0;
	memset(p->seen_line, 0, sizeof(p->seen_line));
}

static void open_provider(struct parser *p, const char *name)
{
	struct config *cfg = p->cfg;
	struct cfg_provider *pr;

	for (size_t i = 0; i < cfg->n_providers; i++) {
		if (strcmp(cfg->providers[i].name, name) == 0) {
			err(p, p->line, NULL,
			    "[provider %s]: a second section of that name (the "
			    "first is at line %d); expected each provider name once",
			    name, cfg->providers[i].line);
			return;
		}
	}
	pr = realloc(cfg->providers, (cfg->n_providers + 1) * sizeof(*pr));
	if (!pr) {
		p->oom = true;
		return;
	}
	cfg->providers = pr;
	pr += cfg->n_providers;
	memset(pr, 0, sizeof(*pr));
	pr->line = p->line;
	pr->name = strdup(name);
	if (!pr->name) {
		p->oom = true;
		return;
	}
	p->idx = cfg->n_providers++;
	p->sect = SECT_PROVIDER;
}

static void open_record(struct parser *p, const char *name)
{
	struct config *cfg = p->cfg;
	struct rec_lines *rl;
	struct cfg_record *r;

	for (size_t i = 0; i < cfg->n_records; i++) {
		if (strcmp(cfg->records[i].section, name) == 0) {
			err(p, p->line, NULL,
			    "[record %s]: a second section of that name (the first "
			    "is at line %d); expected each record name once",
			    name, cfg->records[i].line);
			return;
		}
	}
	r = realloc(cfg->records, (cfg->n_records + 1) * sizeof(*r));
	if (r)
		cfg->records = r;
	rl = realloc(p->rl, (cfg->n_records + 1) * sizeof(*rl));
	if (rl)
		p->rl = rl;
	if (!r || !rl) {
		p->oom = true;
		return;
	}
	r += cfg->n_records;
	memset(r, 0, sizeof(*r));
	memset(&rl[cfg->n_records], 0, sizeof(*rl));
	r->line = p->line;
	r->proxied = -1;
	r->src[FAM_V4].kind = CFG_SRC_AUTO;
	r->src[FAM_V6].kind = CFG_SRC_AUTO;
	r->section = strdup(name);
	if (!r->section) {
		p->oom = true;
		return;
	}
	p->idx = cfg->n_records++;
	p->sect = SECT_RECORD;
}

/* Copy text for a message: control bytes become '?', at most size - 1 bytes. */
static const char *plain(const char *s, size_t len, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < len && i < size - 1; i++)
		buf[i] = iscntrl((unsigned char)s[i]) ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

/* A "[…]" line (s has no leading or trailing blanks). inih is shown an empty line instead,
 * so that names are not cut at its 50-byte section buffer and empty sections are seen. */
static void section_line(struct parser *p, const char *s, size_t len)
{
	const char *rb = memchr(s, ']', len), *kind, *name;
	char buf[128], q[96];
	size_t n, kl;

	finish_section(p);
	if (!rb) {
		err(p, p->line, NULL,
		    "syntax error: no ']' closes the section name; expected "
		    "[agent], [provider NAME] or [record NAME]");
		return;
	}
	for (const char *t = rb + 1; t < s + len && *t != ';' && *t != '#'; t++) {
		if (!isspace((unsigned char)*t)) {
			err(p, p->line, NULL,
			    "syntax error: text after ']'; expected only a "
			    "comment (; or #) after a section header");
			return;
		}
	}
	plain(s + 1, (size_t)(rb - s - 1), buf, sizeof(buf));
	kind = buf + strspn(buf, " \t");
	kl = strcspn(kind, " \t");
	name = kind + kl + strspn(kind + kl, " \t");
	for (n = strlen(name); n > 0 && isspace((unsigned char)name[n - 1]); n--)
		buf[name - buf + (ptrdiff_t)n - 1] = '\0';
	if (kl == 5 && strncmp(kind, "agent", 5) == 0 && !*name) {
		if (p->agent_line) {
			err(p, p->line, NULL,
			    "[agent]: a second [agent] section (the first is at "
			    "line %d); expected one",
			    p->agent_line);
			return;
		}
		p->agent_line = p->line;
		p->sect = SECT_AGENT;
	} else if ((kl == 8 && strncmp(kind, "provider", 8) == 0) ||
		   (kl == 6 && strncmp(kind, "record", 6) == 0)) {
		if (!config_schema_section_name(name))
			err(p, p->line, NULL,
			    "[%.*s]: %s is not a section name; expected [%.*s NAME] "
			    "with a NAME of 1-64 letters, digits, '.', '_' or '-'",
			    (int)kl, kind, config_values_quote(name, q, sizeof(q)), (int)kl, kind);
		else if (kind[0] == 'p')
			open_provider(p, name);
		else
			open_record(p, name);
	} else {
		err(p, p->line, NULL,
		    "[%s]: unknown section; expected [agent], [provider NAME] or "
		    "[record NAME]",
		    kind);
	}
}

/* ---- inih's callbacks ---- */

static void flush_syntax(struct parser *p)
{
	if (p->want_call && !p->called) {
		err(p, p->line, NULL, "syntax error; expected `key = value` or `[section]`");
		if (!p->first_syntax)
			p->first_syntax = p->line;
	}
	p->want_call = false;
}

/* inih's line source: counts lines (the handler has no line number in Debian's build),
 * strips leading blanks (so no line is taken as a continuation of the one before) and
 * handles section headers itself. inih calls it, then the handler for that line. */
static char *reader(char *buf, int num, void *stream)
{
	struct parser *p = stream;
	const char *s = p->pos, *e, *nl;
	size_t len;

	flush_syntax(p);
	if (!*s || num < 3)
		return NULL;
	nl = strchr(s, '\n');
	e = nl ? nl : s + strlen(s);
	p->pos = nl ? nl + 1 : e;
	p->line++;
	if (p->line == 1 && e - s >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	len = (size_t)(e - s);
	strcpy(buf, "\n");
	if (len == 0 || *s == ';' || *s == '#')
		return buf;
	if (*s == '[') {
		section_line(p, s, len);
		return buf;
	}
	if (len + 2 > (size_t)num) {
		err(p, p->line, NULL,
		    "line longer than %d characters; expected a shorter line (a "
		    "long secret can go in KEY-file = PATH)",
		    num - 2);
		return buf;
	}
	memcpy(buf, s, len);
	memcpy(buf + len, "\n", 2);
	p->want_call = true;
	p->called = false;
	return buf;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct parser *p = user;

	(void)section; /* the reader tracks sections */
	p->called = true;
	if (!*name) {
		err(p, p->line, NULL, "syntax error: no key before '='; expected `key = value`");
		return 1;
	}
	switch (p->sect) {
	case SECT_NONE:
		err(p, p->line, name,
		    "outside any section; expected it under [agent], "
		    "[provider NAME] or [record NAME]");
		break;
	case SECT_SKIP: /* the section header was refused: one message is enough */
		break;
	case SECT_AGENT:
		agent_key(p, name, value);
		break;
	case SECT_PROVIDER:
		provider_key(p, name, value);
		break;
	case SECT_RECORD:
		record_key(p, name, value);
		break;
	}
	/* Every problem is recorded here; inih's return value then means "no '=' found". */
	return 1;
}

/* ---- the whole file ---- */

/* Checks that need the whole file: record -> provider links and duplicate records. */
static void finish_all(struct parser *p)
{
	struct config *cfg = p->cfg;
	char list[512];
	size_t used = 0;

	list[0] = '\0';
	for (size_t i = 0; i < cfg->n_providers && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "",
					 cfg->providers[i].name);
	for (size_t i = 0; i < cfg->n_records; i++) {
		struct cfg_record *r = &cfg->records[i];

		for (size_t j = 0; r->provider_name && j < cfg->n_providers; j++)
			if (strcmp(cfg->providers[j].name, r->provider_name) == 0)
				r->provider = &cfg->providers[j];
		if (r->provider_name && !r->provider)
			err(p, p->rl[i].provider, "provider", "no [provider %s] section; %s%s",
			    r->provider_name,
			    cfg->n_providers ? "known providers: "
					     : "expected a [provider NAME] section for it",
			    list);
		for (size_t j = 0; r->name && r->provider_name && j < i; j++) {
			struct cfg_record *o = &cfg->records[j];

			if (o->name && o->provider_name && strcasecmp(o->name, r->name) == 0 &&
			    strcmp(o->provider_name, r->provider_name) == 0) {
				err(p, p->rl[i].name, "name",
				    "%s with provider %s is already kept by "
				    "[record %s] (line %d); expected one record per name and "
				    "provider",
				    r->name, r->provider_name, o->section, o->line);
				break;
			}
		}
	}
}

struct config *config_parse_string(const char *text, const char *filename, struct cfg_errors *errs)
{
	size_t before = errs->n;
	struct parser p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.errs = errs;
	p.file = filename ? filename : "(string)";
	p.pos = text;
	p.cfg = config_defaults();
	if (!p.cfg)
		goto oom;
	free(p.cfg->path);
	p.cfg->path = strdup(p.file);
	if (!p.cfg->path)
		goto oom;
	rc = ini_parse_stream(reader, &p, handler, &p);
	flush_syntax(&p);
	/* inih reports the first line where it found no '='; the reader has seen it too. */
	if (rc > 0 && rc != p.first_syntax)
		err(&p, rc, NULL, "syntax error; expected `key = value` or `[section]`");
	else if (rc < 0)
		p.oom = true;
	finish_section(&p);
	finish_all(&p);
	free(p.raws);
	free(p.rl);
	if (p.oom)
		goto oom;
	cfg_errors_sort(errs, before, p.file);
	return p.cfg;
oom:
	config_free(p.cfg);
	cfg_errors_add(errs, "%s: out of memory", p.file);
	return NULL;
}
