// SPDX-License-Identifier: MIT
/* [provider NAME] sections: keys checked against the type's schema, and the look-ups. */
#include "agent/config_provider.h"

#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/config_schema.h"
#include "agent/config_secrets.h"
#include "agent/config_values.h"

struct ctx {
	struct config *cfg;
	struct cfg_provider *pr;
	struct cfg_errors *errs;
	bool oom;
};

__attribute__((format(printf, 4, 5))) static void err(struct ctx *c, int line, const char *key,
						      const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!cfg_errors_at(c->errs, c->cfg->path, line, key, "%s", msg))
		c->oom = true;
}

void config_provider_drop(struct cfg_raw *raws, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (raws[i].value)
			OPENSSL_cleanse(raws[i].value, strlen(raws[i].value));
		free(raws[i].value);
		free(raws[i].key);
		raws[i].value = raws[i].key = NULL;
	}
}

/* Which schema key a raw key is ("token-file" is token given as a file), or NULL. */
static const struct config_schema_key *recognise(const struct provider_ops *t, struct cfg_raw *r)
{
	const struct config_schema_key *k = prov_key(t, r->key);
	size_t len = strlen(r->key);
	char base[64];

	if (!k && len > 5 && len - 5 < sizeof(base) && strcmp(r->key + len - 5, "-file") == 0) {
		memcpy(base, r->key, len - 5);
		base[len - 5] = '\0';
		k = prov_key(t, base);
		if (k && !k->secret)
			k = NULL;
		r->is_file = k != NULL;
	}
	r->canon = k ? k->name : NULL;
	return k;
}

/* Append a parameter (takes tmp's contents; frees them when it cannot). */
static void add(struct ctx *c, struct cfg_param *tmp, const char *key)
{
	struct cfg_provider *pr = c->pr;
	struct cfg_param *prm = realloc(pr->params, (pr->n_params + 1) * sizeof(*prm));

	if (prm)
		pr->params = prm;
	tmp->key = strdup(key);
	if (!prm || !tmp->key) {
		free(tmp->key);
		free(tmp->value);
		free(tmp->secret_ref);
		secret_free(&tmp->secret);
		c->oom = true;
		return;
	}
	pr->params[pr->n_params++] = *tmp;
}

static void take(struct ctx *c, const struct config_schema_key *k, struct cfg_raw *r)
{
	struct cfg_param tmp = {.is_secret = k->secret, .line = r->line};
	struct errbuf eb = {""};
	char q[96];

	if (k->secret) {
		if (!config_secrets_parse(&tmp, k, r->value, r->is_file, &eb)) {
			err(c, r->line, r->key, "%s", eb.msg);
			free(tmp.secret_ref);
			secret_free(&tmp.secret);
			return;
		}
		if (tmp.secret_src == CFG_SECRET_INLINE && !c->cfg->has_inline_secret) {
			c->cfg->has_inline_secret = true;
			c->cfg->inline_secret_line = r->line;
		}
	} else {
		if (!config_schema_check(k, r->value, config_values_quote(r->value, q, sizeof(q)),
					 &eb)) {
			err(c, r->line, r->key, "%s", eb.msg);
			return;
		}
		tmp.value = strdup(r->value);
		if (!tmp.value) {
			c->oom = true;
			return;
		}
	}
	add(c, &tmp, k->name);
}

/* Each key once: the raw before i that is the same schema key, or NULL. */
static const struct cfg_raw *earlier(const struct cfg_raw *raws, size_t i, const char *canon)
{
	for (size_t j = 0; j < i; j++)
		if (raws[j].canon && strcmp(raws[j].canon, canon) == 0)
			return &raws[j];
	return NULL;
}

static void check_keys(struct ctx *c, const struct provider_ops *t, struct cfg_raw *raws, size_t n)
{
	char list[512];

	config_schema_list_keys(t, list, sizeof(list));
	for (size_t i = 0; i < n; i++) {
		struct cfg_raw *r = &raws[i];
		const struct config_schema_key *k;
		const struct cfg_raw *o;

		if (strcmp(r->key, "type") == 0)
			continue;
		k = recognise(t, r);
		o = k ? earlier(raws, i, k->name) : NULL;
		if (!k)
			err(c, r->line, r->key,
			    "not a key of a provider of type %s; expected one of "
			    "%s",
			    t->name, list);
		else if (o && o->is_file != r->is_file)
			err(c, r->line, r->key,
			    "both %s and %s-file are given (the other at line "
			    "%d); expected only one of them",
			    k->name, k->name, o->line);
		else if (o)
			err(c, r->line, r->key, "given twice (first at line %d); expected it once",
			    o->line);
		else
			take(c, k, r);
	}
	for (const struct config_schema_key *k = t->keys; k->name; k++) {
		struct cfg_param tmp = {.line = c->pr->line};

		if (earlier(raws, n, k->name))
			continue;
		if (k->required && k->secret) {
			err(c, c->pr->line, NULL,
			    "[provider %s]: missing %s; type %s needs %s = "
			    "VALUE, %s = env:VAR, %s = cred:NAME or %s-file = PATH",
			    c->pr->name, k->name, t->name, k->name, k->name, k->name, k->name);
		} else if (k->required) {
			err(c, c->pr->line, NULL,
			    "[provider %s]: missing %s; type %s needs %s = "
			    "VALUE",
			    c->pr->name, k->name, t->name, k->name);
		} else if (k->def) {
			tmp.value = strdup(k->def);
			if (tmp.value)
				add(c, &tmp, k->name);
			else
				c->oom = true;
		}
	}
}

/* Without a usable type the keys cannot be checked, but an inline secret is still noted:
 * the permission check then reports it in the same run. */
static void note_inline(struct config *cfg, const struct cfg_raw *raws, size_t n)
{
	for (size_t i = 0; i < n && !cfg->has_inline_secret; i++) {
		const struct config_schema_key *k = prov_key(NULL, raws[i].key);

		if (k && k->secret && raws[i].value[0] && strncmp(raws[i].value, "env:", 4) &&
		    strncmp(raws[i].value, "cred:", 5)) {
			cfg->has_inline_secret = true;
			cfg->inline_secret_line = raws[i].line;
		}
	}
}

bool config_provider_finish(struct config *cfg, struct cfg_provider *pr, struct cfg_raw *raws,
			    size_t n, struct cfg_errors *errs)
{
	struct ctx c = {cfg, pr, errs, false};
	const struct provider_ops *t;
	const struct cfg_raw *type = NULL;
	char q[96], list[256];

	config_schema_list_types(list, sizeof(list));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(raws[i].key, "type") != 0)
			continue;
		if (type)
			err(&c, raws[i].line, "type",
			    "given twice (first at line %d); expected it "
			    "once",
			    type->line);
		else
			type = &raws[i];
	}
	t = type ? prov_find(type->value) : NULL;
	if (!type)
		err(&c, pr->line, NULL, "[provider %s]: missing type; expected type = one of %s",
		    pr->name, list);
	else if (!t)
		err(&c, type->line, "type", "%s is not a provider type; expected one of %s",
		    config_values_quote(type->value, q, sizeof(q)), list);
	if (!t) {
		note_inline(cfg, raws, n);
		return !c.oom;
	}
	pr->type = strdup(t->name);
	if (!pr->type)
		return false;
	check_keys(&c, t, raws, n);
	return !c.oom;
}
